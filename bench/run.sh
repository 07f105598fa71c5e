#!/usr/bin/env bash
# Benchmark of `infochart render` on a 12-bar, 1080x1080 chart.
#
#   bash bench/run.sh [--strict] [--runs N]
#
# Environment:
#   INFOCHART=path   time this binary instead of building one into build-bench/
#   RUNS=N           hyperfine runs per command (default 40, minimum 30)
#   REF_PYTHON=path  interpreter for the `python3 -S -c pass` reference line
#
# Prints the median wall time of the whole process (hyperfine), the median
# peak RSS over 5 runs (/usr/bin/time -f %M), ratios against a `python3 -S -c pass`
# process-start reference, and PASS/FAIL against the targets below. Exits 0
# unless --strict is given and a target is missed (then 1).
set -euo pipefail

PNG_TARGET_MS=30
SVG_TARGET_MS=10
RSS_TARGET_MIB=20
RSS_SAMPLES=5

strict=0
runs=${RUNS:-40}
while [ $# -gt 0 ]; do
    case "$1" in
        --strict) strict=1 ;;
        --runs) runs=${2:?--runs needs a number}; shift ;;
        --runs=*) runs=${1#--runs=} ;;
        -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$runs" in ''|*[!0-9]*) echo "run.sh: --runs needs a number" >&2; exit 2 ;; esac
if [ "$runs" -lt 30 ]; then runs=30; fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
data="$here/data"

# ---------------------------------------------------------------- 1. tools
need_pkgs=()
command -v hyperfine >/dev/null 2>&1 || need_pkgs+=(hyperfine)
[ -x /usr/bin/time ] || need_pkgs+=(time)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "run.sh: missing ${need_pkgs[*]}; run as root or install them (apt-get install ${need_pkgs[*]})" >&2
        exit 1
    fi
    echo "== installing ${need_pkgs[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_pkgs[@]}"
fi
command -v python3 >/dev/null 2>&1 || { echo "run.sh: python3 is required" >&2; exit 1; }

# ---------------------------------------------------------------- 2. binary
if [ -n "${INFOCHART:-}" ]; then
    bin=$INFOCHART
    [ -x "$bin" ] || { echo "run.sh: INFOCHART=$bin is not an executable" >&2; exit 1; }
else
    echo "== building infochart (Release) into build-bench/"
    cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$repo/build-bench" -j"$(nproc)" --target infochart >/dev/null
    bin="$repo/build-bench/infochart"
fi

# ---------------------------------------------------------------- 3. inputs
# Written only when absent, so the committed files are what gets measured.
spec="$data/bars12.json"
mkdir -p "$data"
if [ ! -f "$data/bars12.csv" ]; then
    cat >"$data/bars12.csv" <<'EOF'
country,population_millions
Germany,83.4
France,68.4
Italy,59.0
Spain,48.6
Poland,36.6
Romania,19.1
Netherlands,17.9
Belgium,11.8
Czechia,10.9
Portugal,10.6
Sweden,10.6
Greece,10.4
EOF
fi
if [ ! -f "$spec" ]; then
    cat >"$spec" <<'EOF'
{
  "chart": "bar",
  "data": "bars12.csv",
  "x": "country",
  "y": "population_millions",
  "title": "Germany and France hold a third of the EU's people",
  "subtitle": "Population of the twelve most populous EU member states, 1 January 2024, millions",
  "source": "Eurostat, population on 1 January (rounded; benchmark input, check before publishing)",
  "number": {"style": "compact", "multiply": 1000000},
  "highlight": ["Germany", "France"],
  "size": "instagram-square",
  "outputs": ["png", "svg", "pdf"]
}
EOF
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infochart-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One checked render per format first: a broken build should fail loudly here,
# not produce timings of an error path.
for ext in png svg pdf; do
    "$bin" render "$spec" -o "$tmp/x.$ext" -q
    [ -s "$tmp/x.$ext" ] || { echo "run.sh: $bin wrote no $tmp/x.$ext" >&2; exit 1; }
done

# ---------------------------------------------------------------- 4. timing
q() { printf '%q' "$1"; }
cmd_png="$(q "$bin") render $(q "$spec") -o $(q "$tmp/x.png") -q"
cmd_svg="$(q "$bin") render $(q "$spec") -o $(q "$tmp/x.svg") -q"
cmd_pdf="$(q "$bin") render $(q "$spec") -o $(q "$tmp/x.pdf") -q"
# Process-start reference: the real interpreter behind `python3` (a pyenv or
# similar shim would add a bash script and tens of ms), with -S so that the
# number does not depend on what happens to be in site-packages.
ref_py=${REF_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
cmd_ref="$(q "$ref_py") -S -c pass"

# median in ms from a hyperfine JSON export
hf_median() {
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}

bench() { # name command
    echo "== hyperfine: $1" >&2
    # -N: no intermediate shell, so the figure is the process itself
    hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$tmp/$1.json" "$2" >&2
    hf_median "$tmp/$1.json"
}

# peak RSS in MiB: median of RSS_SAMPLES runs
peak_rss() { # command words...
    local i
    : >"$tmp/rss"
    for ((i = 0; i < RSS_SAMPLES; i++)); do
        /usr/bin/time -f %M -o "$tmp/rss.one" "$@" >/dev/null
        cat "$tmp/rss.one" >>"$tmp/rss"
    done
    python3 -c 'import statistics,sys; v=[int(l) for l in open(sys.argv[1]) if l.strip()]; print("%.1f" % (statistics.median(v)/1024))' "$tmp/rss"
}

t_ref=$(bench ref "$cmd_ref")
t_png=$(bench png "$cmd_png")
t_svg=$(bench svg "$cmd_svg")
t_pdf=$(bench pdf "$cmd_pdf")

# ---------------------------------------------------------------- 5. memory
r_png=$(peak_rss "$bin" render "$spec" -o "$tmp/x.png" -q)
r_svg=$(peak_rss "$bin" render "$spec" -o "$tmp/x.svg" -q)
r_pdf=$(peak_rss "$bin" render "$spec" -o "$tmp/x.pdf" -q)
r_ref=$(peak_rss "$ref_py" -S -c pass)

# ---------------------------------------------------------------- 6. report
ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
size_of() { stat -c %s "$1"; }
le() { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$1" "$2"; }

misses=0
verdict() { # value target
    if le "$1" "$2"; then echo PASS; else echo FAIL; fi
}
count_miss() { le "$1" "$2" || misses=$((misses + 1)); }

echo
echo "infochart render, 12 bars, 1080x1080 ($(basename "$spec"))"
echo "binary:  $bin"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "ref:     $cmd_ref"
echo "runs:    $runs per command after 3 warm-ups (hyperfine -N); RSS median of $RSS_SAMPLES"
echo
printf '%-22s %12s %14s %12s %10s\n' "command" "median ms" "x ref" "peak RSS MiB" "file bytes"
printf '%-22s %12s %14s %12s %10s\n' "python3 -S -c pass" "$t_ref" "1.00" "$r_ref" "-"
printf '%-22s %12s %14s %12s %10s\n' "render -> PNG" "$t_png" "$(ratio "$t_png" "$t_ref")" "$r_png" "$(size_of "$tmp/x.png")"
printf '%-22s %12s %14s %12s %10s\n' "render -> SVG" "$t_svg" "$(ratio "$t_svg" "$t_ref")" "$r_svg" "$(size_of "$tmp/x.svg")"
printf '%-22s %12s %14s %12s %10s\n' "render -> PDF (info)" "$t_pdf" "$(ratio "$t_pdf" "$t_ref")" "$r_pdf" "$(size_of "$tmp/x.pdf")"
echo
echo "Machines are noisy: compare the 'x ref' ratios across machines, not raw ms."
echo
echo "targets:"
printf '  %-4s PNG median  %8s ms  <= %s ms\n' "$(verdict "$t_png" $PNG_TARGET_MS)" "$t_png" $PNG_TARGET_MS
printf '  %-4s SVG median  %8s ms  <= %s ms\n' "$(verdict "$t_svg" $SVG_TARGET_MS)" "$t_svg" $SVG_TARGET_MS
printf '  %-4s PNG peak RSS %7s MiB <= %s MiB\n' "$(verdict "$r_png" $RSS_TARGET_MIB)" "$r_png" $RSS_TARGET_MIB
printf '  %-4s SVG peak RSS %7s MiB <= %s MiB\n' "$(verdict "$r_svg" $RSS_TARGET_MIB)" "$r_svg" $RSS_TARGET_MIB
count_miss "$t_png" $PNG_TARGET_MS
count_miss "$t_svg" $SVG_TARGET_MS
count_miss "$r_png" $RSS_TARGET_MIB
count_miss "$r_svg" $RSS_TARGET_MIB

if [ "$misses" -gt 0 ]; then
    echo "$misses target(s) missed"
    [ "$strict" -eq 1 ] && exit 1
else
    echo "all targets met"
fi
exit 0

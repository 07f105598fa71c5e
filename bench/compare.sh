#!/usr/bin/env bash
# infochart against gnuplot and matplotlib, side by side, in one run.
#
#   bash bench/compare.sh [--runs N] [--batch-runs N] [--large-runs N]
#
# Environment:
#   INFOCHART=path   time this binary instead of building build-bench/ (Release)
#   RUNS=N           hyperfine runs per single-chart command (default 10)
#   BATCH_RUNS=N     hyperfine runs per 100-chart batch (default 3)
#   LARGE_RUNS=N     hyperfine runs per 1,000,000-point line (default 5)
#   DECIMALS=N       decimals of the 1,000,000-point line's values (default 3; 7: issue 11)
#   KEEP=DIR         copy the single-chart PNGs and SVGs to DIR
#   ONLY=CASE        time only the cases named CASE (e.g. ONLY=bar12-svg)
#
# Installs gnuplot-nox, python3-matplotlib, hyperfine and time from Debian when
# missing (root), then draws the same charts with each tool (same data, size,
# title, subtitle, value labels, source line) and prints the median wall time
# of the whole process (hyperfine -N), the median peak RSS of 3 runs
# (/usr/bin/time -f %M) and the ratios to gnuplot and to matplotlib:
#   bar12-png   12 horizontal bars, 1080x1080 PNG   (bench/data/bars12.*)
#   bar12-svg   the same as SVG
#   line3-png   3 series with a gap, 1200x675 PNG   (bench/data/lines3.*)
#   donut-png   4-slice donut, 1080x1080 PNG        (bench/data/donut4.*; gnuplot
#               has no donut or pie plot style, so it is not timed there)
#   batch100    100 distinct 12-bar PNGs in ONE invocation each:
#               `infochart build -j <cores>`, one python3 process, one gnuplot process
#   line1m-png  1,000,000-point line, 1200x675 PNG, no markers: a random walk
#               (seed 1, columns t,value) generated in the temp dir as
#               bench/large_line.sh does; gnuplot `with lines`, matplotlib reads
#               it with numpy.loadtxt and draws it with ax.plot
# Every command takes 1 warm-up run; each is run and its output checked once
# before timing.
set -euo pipefail

runs=${RUNS:-10}
batch_runs=${BATCH_RUNS:-3}
large_runs=${LARGE_RUNS:-5}
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=${2:?}; shift ;;
        --batch-runs) batch_runs=${2:?}; shift ;;
        --large-runs) large_runs=${2:?}; shift ;;
        -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
data=$here/data

# ---------------------------------------------------------------- tools
need=()
command -v gnuplot >/dev/null 2>&1 || need+=(gnuplot-nox)
# Debian's matplotlib is for Debian's interpreter (a pyenv python3 in PATH has not got it)
mpy=/usr/bin/python3
"$mpy" -c 'import matplotlib' >/dev/null 2>&1 || need+=(python3-matplotlib)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "compare.sh: missing ${need[*]}: run as root or apt-get install ${need[*]}" >&2
        exit 1
    fi
    echo "== installing ${need[*]}" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >&2
fi

if [ -n "${INFOCHART:-}" ]; then
    bin=$INFOCHART
else
    echo "== building infochart (Release) into build-bench/" >&2
    cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$repo/build-bench" -j"$(nproc)" --target infochart >/dev/null
    bin=$repo/build-bench/infochart
fi
[ -x "$bin" ] || { echo "compare.sh: $bin is not an executable" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infochart-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------- matplotlib
# One script for every chart; it reads infochart's own spec for the texts.
cat >"$tmp/mpl.py" <<'PY'
import csv, json, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

ACCENT, MUTED, INK, GREY = "#d95f02", "#9aa9bc", "#1a1a1a", "#555555"

def read(spec_path):
    spec = json.load(open(spec_path))
    csv_path = os.path.join(os.path.dirname(spec_path), spec["data"])
    rows = list(csv.DictReader(open(csv_path, newline="")))
    return spec, rows

def frame(fig, spec, w):
    s = w / 1080.0
    fig.text(0.055, 0.955, spec["title"], fontsize=24 * s, weight="bold", color=INK, ha="left", va="top")
    if spec.get("subtitle"):
        fig.text(0.055, 0.905, spec["subtitle"], fontsize=15 * s, color=GREY, ha="left", va="top", wrap=True)
    fig.add_artist(plt.Line2D([0.055, 0.945], [0.07, 0.07], color="#cccccc", lw=1, transform=fig.transFigure))
    fig.text(0.055, 0.045, "Source: " + spec["source"], fontsize=12 * s, color="#777777", ha="left", va="center")

def bars(spec_path, out):
    spec, rows = read(spec_path)
    fig = plt.figure(figsize=(10.8, 10.8), dpi=100)
    ax = fig.add_axes([0.2, 0.1, 0.68, 0.72])
    names = [r[spec["x"]] for r in rows]
    vals = [float(r[spec["y"]]) for r in rows]
    hl = set(spec.get("highlight", []))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, vals, height=0.65, color=[ACCENT if n in hl else MUTED for n in names])
    for yi, v in zip(y, vals):
        ax.text(v + max(vals) * 0.01, yi, "%.1f million" % v, va="center", fontsize=13, weight="bold")
    ax.set_yticks(y, names, fontsize=14)
    ax.tick_params(length=0)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    frame(fig, spec, 1080)
    fig.savefig(out)
    plt.close(fig)

def line(spec_path, out):
    spec, rows = read(spec_path)
    fig = plt.figure(figsize=(12, 6.75), dpi=100)
    ax = fig.add_axes([0.07, 0.15, 0.8, 0.65])
    xs = [float(r[spec["x"]]) for r in rows]
    colors = ["#1f6fb4", "#e69f00", "#009e73"]
    for col, c in zip(spec["y"], colors):
        ys = [float(r[col]) if r[col] not in ("", "NA") else float("nan") for r in rows]
        ax.plot(xs, ys, color=c, lw=2, marker="o")
        last = [(x, v) for x, v in zip(xs, ys) if v == v][-1]
        ax.text(last[0] + 0.4, last[1], "%d%% %s" % (last[1], col.split("_")[0].capitalize()),
                color=c, va="center", fontsize=13, weight="bold")
    ax.set_xticks(xs, ["%d" % x for x in xs])
    ax.set_ylim(0, 40)
    ax.yaxis.set_major_formatter(lambda v, p: "%d%%" % v)
    ax.grid(axis="y", color="#e5e5e5")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    frame(fig, spec, 1200 * 0.75)
    fig.savefig(out)
    plt.close(fig)

def big(spec_path, out):  # the 1e6-point line: numpy reads the CSV, one ax.plot
    spec = json.load(open(spec_path))
    data = np.loadtxt(os.path.join(os.path.dirname(spec_path), spec["data"]), delimiter=",", skiprows=1)
    fig = plt.figure(figsize=(12, 6.75), dpi=100)
    ax = fig.add_axes([0.07, 0.15, 0.8, 0.65])
    ax.plot(data[:, 0], data[:, 1], color="#1f6fb4", lw=1.5)
    ax.set_xlim(data[0, 0], data[-1, 0])
    ax.set_ylim(0, 100)
    ax.xaxis.set_major_formatter(lambda v, p: "{:,.0f}".format(v))
    ax.grid(axis="y", color="#e5e5e5")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    frame(fig, spec, 1200 * 0.75)
    fig.savefig(out)
    plt.close(fig)

def donut(spec_path, out):
    spec, rows = read(spec_path)
    fig = plt.figure(figsize=(10.8, 10.8), dpi=100)
    ax = fig.add_axes([0.15, 0.1, 0.7, 0.7])
    names = [r[spec["x"]] for r in rows]
    vals = [float(r[spec["y"]]) for r in rows]
    hl = set(spec.get("highlight", []))
    ax.pie(vals, labels=["%s %d%%" % (n, v) for n, v in zip(names, vals)], startangle=90, counterclock=False,
           colors=[ACCENT if n in hl else MUTED for n in names], wedgeprops={"width": 0.42, "edgecolor": "white"},
           textprops={"fontsize": 15})
    share = sum(v for n, v in zip(names, vals) if n in hl)
    ax.text(0, 0.05, "%d%%" % share, ha="center", fontsize=44, weight="bold")
    ax.text(0, -0.15, spec.get("center_label", ""), ha="center", fontsize=16, color=GREY)
    frame(fig, spec, 1080)
    fig.savefig(out)
    plt.close(fig)

mode = sys.argv[1]
if mode == "batch":   # batch SPEC_DIR OUT_DIR: every spec, one process
    src, dst = sys.argv[2], sys.argv[3]
    for name in sorted(os.listdir(src)):
        if name.endswith(".json"):
            bars(os.path.join(src, name), os.path.join(dst, name[:-5] + ".png"))
else:
    {"bars": bars, "line": line, "big": big, "donut": donut}[mode](sys.argv[2], sys.argv[3])
PY

# ---------------------------------------------------------------- gnuplot
# bars.gp expects: csv, out, term, title, subtitle, source (set by the caller)
cat >"$tmp/bars.gp" <<'GP'
set datafile separator ","
if (term eq "svg") { set terminal svg size 1080,1080 font "Sans,18" background rgb "white" } \
else { set terminal pngcairo size 1080,1080 font "Sans,18" background rgb "white" }
set output out
set lmargin at screen 0.2; set rmargin at screen 0.88; set bmargin at screen 0.1; set tmargin at screen 0.82
unset key; unset border
set label 1 title at screen 0.055, screen 0.945 left font "Sans Bold,26" tc rgb "#1a1a1a"
set label 2 subtitle at screen 0.055, screen 0.895 left font "Sans,15" tc rgb "#555555"
set label 3 "Source: ".source at screen 0.055, screen 0.045 left font "Sans,12" tc rgb "#777777"
set arrow 1 from screen 0.055, screen 0.07 to screen 0.945, screen 0.07 nohead lc rgb "#cccccc"
set xrange [0:*]; set yrange [-11.6:0.6]
set grid xtics lc rgb "#e5e5e5"
set xtics nomirror scale 0; set ytics nomirror scale 0
set style fill solid 1.0 noborder
color(c) = (c eq "Germany" || c eq "France") ? 0xd95f02 : 0x9aa9bc
plot csv skip 1 using 2:(-$0):(0):2:(-$0-0.325):(-$0+0.325):(color(strcol(1))):ytic(1) with boxxyerror lc rgb variable, \
     csv skip 1 using 2:(-$0):(sprintf(" %.1f million", $2)) with labels left font "Sans Bold,13"
unset output
GP
cat >"$tmp/line.gp" <<'GP'
set datafile separator ","
set terminal pngcairo size 1200,675 font "Sans,14" background rgb "white"
set output out
set lmargin at screen 0.07; set rmargin at screen 0.87; set bmargin at screen 0.15; set tmargin at screen 0.8
unset key; unset border
set label 1 title at screen 0.055, screen 0.945 left font "Sans Bold,24" tc rgb "#1a1a1a"
set label 2 subtitle at screen 0.055, screen 0.885 left font "Sans,13" tc rgb "#555555"
set label 3 "Source: ".source at screen 0.055, screen 0.045 left font "Sans,11" tc rgb "#777777"
set arrow 1 from screen 0.055, screen 0.075 to screen 0.945, screen 0.075 nohead lc rgb "#cccccc"
set yrange [0:40]; set format y "%g%%"; set grid ytics lc rgb "#e5e5e5"
set xtics nomirror scale 0 (2004, 2014, 2016, 2018, 2020, 2022); set ytics nomirror scale 0
set datafile missing ""
plot csv skip 1 using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f6fb4", \
     csv skip 1 using 1:3 with linespoints lw 2 pt 7 lc rgb "#e69f00", \
     csv skip 1 using 1:4 with linespoints lw 2 pt 7 lc rgb "#009e73", \
     csv skip 6 using ($1+0.4):2:(sprintf("%d%% Children", $2)) with labels left tc rgb "#1f6fb4" font "Sans Bold,13", \
     csv skip 6 using ($1+0.4):3:(sprintf("%d%% Girls", $3)) with labels left tc rgb "#e69f00" font "Sans Bold,13", \
     csv skip 6 using ($1+0.4):4:(sprintf("%d%% Boys", $4)) with labels left tc rgb "#009e73" font "Sans Bold,13"
unset output
GP

# big.gp expects: csv, out, title, source (this spec has no subtitle)
cat >"$tmp/big.gp" <<'GP'
set datafile separator ","
set terminal pngcairo size 1200,675 font "Sans,14" background rgb "white"
set output out
set lmargin at screen 0.07; set rmargin at screen 0.87; set bmargin at screen 0.15; set tmargin at screen 0.8
unset key; unset border
set label 1 title at screen 0.055, screen 0.945 left font "Sans Bold,24" tc rgb "#1a1a1a"
set label 3 "Source: ".source at screen 0.055, screen 0.045 left font "Sans,11" tc rgb "#777777"
set arrow 1 from screen 0.055, screen 0.075 to screen 0.945, screen 0.075 nohead lc rgb "#cccccc"
set xrange [0:999999]; set yrange [0:100]; set grid ytics lc rgb "#e5e5e5"
set xtics nomirror scale 0 ("0" 0, "200,000" 200000, "400,000" 400000, "600,000" 600000, "800,000" 800000)
set ytics nomirror scale 0
plot csv skip 1 using 1:2 with lines lw 2 lc rgb "#1f6fb4"
unset output
GP

# ---------------------------------------------------------------- inputs
# the 1,000,000-row random walk and its spec, the same as bench/large_line.sh's
"$mpy" "$here/data/random_walk.py" "$tmp" "${DECIMALS:-3}"
# gnuplot driver files (texts from the specs) and the 100-chart batch
python3 - "$data" "$tmp" <<'PY'
import csv, json, os, sys
data, tmp = sys.argv[1], sys.argv[2]
def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
def driver(path, spec, csv_path, out, term, script):
    with open(path, "w") as f:
        f.write("csv=%s; out=%s; term=%s\n" % (q(csv_path), q(out), q(term)))
        f.write("title=%s; subtitle=%s; source=%s\n" % (q(spec["title"]), q(spec.get("subtitle", "")), q(spec["source"])))
        f.write("load %s\n" % q(script))
bars = json.load(open(os.path.join(data, "bars12.json")))
lines = json.load(open(os.path.join(data, "lines3.json")))
big = json.load(open(os.path.join(tmp, "big.json")))
driver(os.path.join(tmp, "gp_bar_png.gp"), bars, os.path.join(data, "bars12.csv"), os.path.join(tmp, "gp_bar.png"), "png", os.path.join(tmp, "bars.gp"))
driver(os.path.join(tmp, "gp_bar_svg.gp"), bars, os.path.join(data, "bars12.csv"), os.path.join(tmp, "gp_bar.svg"), "svg", os.path.join(tmp, "bars.gp"))
driver(os.path.join(tmp, "gp_line.gp"), lines, os.path.join(data, "lines3.csv"), os.path.join(tmp, "gp_line.png"), "png", os.path.join(tmp, "line.gp"))
driver(os.path.join(tmp, "gp_big.gp"), big, os.path.join(tmp, "big.csv"), os.path.join(tmp, "gp_big.png"), "png", os.path.join(tmp, "big.gp"))
# 100 distinct charts: the 12 bars scaled by a different factor each
rows = list(csv.reader(open(os.path.join(data, "bars12.csv"))))
spec_dir = os.path.join(tmp, "batch")
os.makedirs(spec_dir)
for d in ("out_ic", "out_mpl", "out_gp"):
    os.makedirs(os.path.join(tmp, d))
gp = open(os.path.join(tmp, "gp_batch.gp"), "w")
for i in range(1, 101):
    name = "chart%03d" % i
    f = 0.5 + i / 100.0
    with open(os.path.join(spec_dir, name + ".csv"), "w") as out:
        out.write(",".join(rows[0]) + "\n")
        for r in rows[1:]:
            out.write("%s,%.1f\n" % (r[0], float(r[1]) * f))
    spec = dict(bars)
    spec["data"] = name + ".csv"
    spec["title"] = "Chart %d: Germany and France hold a third of the people" % i
    spec["outputs"] = ["png"]
    json.dump(spec, open(os.path.join(spec_dir, name + ".json"), "w"), indent=2)
    gp.write("csv=%s; out=%s; term=\"png\"\n" % (q(os.path.join(spec_dir, name + ".csv")), q(os.path.join(tmp, "out_gp", name + ".png"))))
    gp.write("title=%s; subtitle=%s; source=%s\n" % (q(spec["title"]), q(spec["subtitle"]), q(spec["source"])))
    gp.write("load %s\nreset\n" % q(os.path.join(tmp, "bars.gp")))
PY

py=$mpy
gp=$(command -v gnuplot)
cores=$(nproc)

# case|tool|command (words separated by blanks; no spaces in paths under $tmp)
cases=(
    "bar12-png|infochart|$bin render $data/bars12.json -o $tmp/ic_bar.png -q"
    "bar12-png|matplotlib|$py $tmp/mpl.py bars $data/bars12.json $tmp/mpl_bar.png"
    "bar12-png|gnuplot|$gp $tmp/gp_bar_png.gp"
    "bar12-svg|infochart|$bin render $data/bars12.json -o $tmp/ic_bar.svg -q"
    "bar12-svg|matplotlib|$py $tmp/mpl.py bars $data/bars12.json $tmp/mpl_bar.svg"
    "bar12-svg|gnuplot|$gp $tmp/gp_bar_svg.gp"
    "line3-png|infochart|$bin render $data/lines3.json -o $tmp/ic_line.png -q"
    "line3-png|matplotlib|$py $tmp/mpl.py line $data/lines3.json $tmp/mpl_line.png"
    "line3-png|gnuplot|$gp $tmp/gp_line.gp"
    "donut-png|infochart|$bin render $data/donut4.json -o $tmp/ic_donut.png -q"
    "donut-png|matplotlib|$py $tmp/mpl.py donut $data/donut4.json $tmp/mpl_donut.png"
    "batch100|infochart|$bin build $tmp/batch --out $tmp/out_ic -j $cores --force -q"
    "batch100|matplotlib|$py $tmp/mpl.py batch $tmp/batch $tmp/out_mpl"
    "batch100|gnuplot|$gp $tmp/gp_batch.gp"
    "line1m-png|infochart|$bin render $tmp/big.json -o $tmp/ic_big.png -q"
    "line1m-png|matplotlib|$py $tmp/mpl.py big $tmp/big.json $tmp/mpl_big.png"
    "line1m-png|gnuplot|$gp $tmp/gp_big.gp"
)
case $tmp in *' '*) echo "compare.sh: TMPDIR must not contain spaces" >&2; exit 1 ;; esac
if [ -n "${ONLY:-}" ]; then
    kept=()
    for c in "${cases[@]}"; do [ "${c%%|*}" = "$ONLY" ] && kept+=("$c"); done
    [ ${#kept[@]} -gt 0 ] || { echo "compare.sh: no case named '$ONLY'" >&2; exit 2; }
    cases=("${kept[@]}")
fi

# every command once, checked, before timing
for c in "${cases[@]}"; do
    IFS='|' read -r name tool cmd <<<"$c"
    read -r -a words <<<"$cmd"
    "${words[@]}" >/dev/null 2>"$tmp/err" || { echo "compare.sh: $tool $name failed: $(head -n 3 "$tmp/err")" >&2; exit 1; }
done
for f in ic_bar.png mpl_bar.png gp_bar.png ic_bar.svg mpl_bar.svg gp_bar.svg ic_line.png mpl_line.png gp_line.png \
    ic_donut.png mpl_donut.png ic_big.png mpl_big.png gp_big.png; do
    case " ${cases[*]} " in *"$tmp/$f"*) ;; *) continue ;; esac # not run (ONLY)
    [ -s "$tmp/$f" ] || { echo "compare.sh: $f was not written" >&2; exit 1; }
done
for d in out_ic out_mpl out_gp; do
    case " ${cases[*]} " in *batch100*) ;; *) break ;; esac
    n=$(find "$tmp/$d" -name '*.png' | wc -l)
    [ "$n" = 100 ] || { echo "compare.sh: $d holds $n PNGs, expected 100" >&2; exit 1; }
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$tmp"/*.png "$tmp"/*.svg "$KEEP"/; fi

median_ms() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"; }
rss_mib() { # command words: median peak RSS of 3 runs
    local i
    : >"$tmp/rss"
    for i in 1 2 3; do
        /usr/bin/time -f %M -o "$tmp/rss.one" "$@" >/dev/null 2>&1
        tail -n 1 "$tmp/rss.one" >>"$tmp/rss"
    done
    python3 -c 'import statistics,sys; print("%.1f" % (statistics.median(int(l) for l in open(sys.argv[1]) if l.strip())/1024))' "$tmp/rss"
}

declare -A T R
for c in "${cases[@]}"; do
    IFS='|' read -r name tool cmd <<<"$c"
    read -r -a words <<<"$cmd"
    n=$runs
    [ "$name" = batch100 ] && n=$batch_runs
    [ "$name" = line1m-png ] && n=$large_runs
    echo "== $name: $tool ($n runs)" >&2
    hyperfine -N --warmup 1 --runs "$n" --style none --export-json "$tmp/hf.json" "$cmd" >/dev/null 2>&1
    T[$name/$tool]=$(median_ms "$tmp/hf.json")
    R[$name/$tool]=$(rss_mib "${words[@]}")
done

ratio() { [ -n "${2:-}" ] && python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2" || echo "-"; }
echo
echo "infochart vs gnuplot vs matplotlib, $(date +%F)"
echo "machine: $cores cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "versions: $("$bin" --version); $(gnuplot --version); matplotlib $("$mpy" -c 'import matplotlib; print(matplotlib.__version__)')"
echo "runs: $runs per single chart, $batch_runs per batch, $large_runs per 1e6-point line (hyperfine -N, median); RSS: median of 3 (/usr/bin/time -f %M)"
echo
printf '%-10s %-11s %11s %9s %10s %13s\n' case tool "median ms" "RSS MiB" "x gnuplot" "x matplotlib"
for c in "${cases[@]}"; do
    IFS='|' read -r name tool cmd <<<"$c"
    printf '%-10s %-11s %11s %9s %10s %13s\n' "$name" "$tool" "${T[$name/$tool]}" "${R[$name/$tool]}" \
        "$(ratio "${T[$name/$tool]}" "${T[$name/gnuplot]:-}")" "$(ratio "${T[$name/$tool]}" "${T[$name/matplotlib]:-}")"
done
echo
echo "donut: gnuplot has no donut or pie style (only hand-built arcs), so it is not timed."
echo "line1m: infochart decimates the line per pixel column (M4); gnuplot draws every point; matplotlib hands"
echo "        every point to Agg, which simplifies the path first (its default path.simplify)."

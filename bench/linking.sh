#!/usr/bin/env bash
# How the infochart program links its dependencies, measured (issue 12).
#
#   bash bench/linking.sh [--runs N]
#
# Builds the program twice (Release, program target only, in temporary build
# directories removed on exit):
#   shared   every dependency a shared library (the default build);
#   static   Debian's static archives of cairo, pixman, FreeType, libpng,
#            FriBidi, jansson, libcsv, brotli and zlib linked in, HarfBuzz and
#            fontconfig shared (how the program was linked before issue 12;
#            bench/static_deps.cmake).
# For each it prints: the shared libraries the loader maps, and for each
# dependency how many copies of it the process holds (one linked into the
# program, told by its marker symbol in the program's symbol table, plus one
# when its shared library is loaded); then median wall times (hyperfine -N)
# of start-up (`--version`), a small SVG render and a small PNG render
# (bench/data/bars12.json, 1080x1080), and the ratio static/shared.
# Exits 1 when the shared program holds any library twice.
set -euo pipefail

runs=30
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=${2:?--runs needs a number}; shift ;;
        --runs=*) runs=${1#--runs=} ;;
        -h|--help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "linking.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
spec="$here/data/bars12.json"
[ -f "$spec" ] || { echo "linking.sh: $spec is missing (bench/run.sh writes it)" >&2; exit 1; }

if ! command -v hyperfine >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "linking.sh: hyperfine is missing (apt-get install hyperfine)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
command -v python3 >/dev/null 2>&1 || { echo "linking.sh: python3 is required" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infochart-linking.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

build() { # NAME [cmake args...]
    local name=$1
    shift
    echo "== building the $name program" >&2
    cmake -S "$repo" -B "$tmp/build-$name" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF "$@" >/dev/null
    cmake --build "$tmp/build-$name" -j2 --target infochart >/dev/null
}
build shared
build static -DCMAKE_PROJECT_INCLUDE="$here/static_deps.cmake"

# dependency, its shared library's file name, a function only it defines
deps=(
    "cairo libcairo.so cairo_create"
    "pixman libpixman-1.so pixman_image_create_bits"
    "freetype libfreetype.so FT_Init_FreeType"
    "libpng libpng16.so png_create_read_struct"
    "fribidi libfribidi.so fribidi_get_bidi_types"
    "jansson libjansson.so json_loadb"
    "libcsv libcsv.so csv_init"
    "zlib libz.so deflateInit2_"
    "brotlidec libbrotlidec.so BrotliDecoderCreateInstance"
    "harfbuzz libharfbuzz.so hb_shape"
    "fontconfig libfontconfig.so FcInit"
    "librsvg librsvg-2.so rsvg_handle_new_from_data"
)
twice_in_shared=0

for name in shared static; do
    bin="$tmp/build-$name/infochart"
    "$bin" render "$spec" -o "$tmp/check.svg" -q
    "$bin" render "$spec" -o "$tmp/check.png" -q
    # the libraries the loader maps for a PNG render (the widest use)
    LD_DEBUG=files "$bin" render "$spec" -o "$tmp/x.png" -q 2>"$tmp/ld-$name.txt"
    loaded=$(grep -o 'file=[^ ]*' "$tmp/ld-$name.txt" | sort -u)
    nm --defined-only "$bin" 2>/dev/null | awk '{print $3}' | sort -u >"$tmp/syms-$name.txt"
    echo
    echo "== $name: $(echo "$loaded" | grep -c .) shared libraries loaded, $(stat -c %s "$bin") bytes"
    printf '%-12s %-8s %-8s %s\n' dependency linked-in shared copies
    for d in "${deps[@]}"; do
        read -r dep so symbol <<<"$d"
        inside=0
        grep -qx "$symbol" "$tmp/syms-$name.txt" && inside=1
        shared=0
        echo "$loaded" | grep -q "file=$so" && shared=1
        copies=$((inside + shared))
        flag=""
        if [ $copies -gt 1 ]; then
            flag="  <- twice"
            [ $name = shared ] && twice_in_shared=1
        fi
        printf '%-12s %-8s %-8s %s%s\n' "$dep" "$inside" "$shared" "$copies" "$flag"
    done
done

echo
echo "== timing ($runs runs each, median ms)"
median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (sorted(r["times"])[len(r["times"])//2]*1000))' "$1"; }
printf '%-10s %10s %10s %8s\n' measure shared static static/shared
for what in startup svg png; do
    for name in shared static; do
        bin="$tmp/build-$name/infochart"
        case $what in
            startup) cmd="$bin --version" ;;
            svg) cmd="$bin render $spec -o $tmp/t-$name.svg -q" ;;
            png) cmd="$bin render $spec -o $tmp/t-$name.png -q" ;;
        esac
        hyperfine -N --warmup 3 --runs "$runs" --export-json "$tmp/$what-$name.json" "$cmd" >/dev/null 2>&1
    done
    a=$(median "$tmp/$what-shared.json")
    b=$(median "$tmp/$what-static.json")
    printf '%-10s %10s %10s %8s\n' "$what" "$a" "$b" "$(python3 -c "print('%.2f' % ($b / $a))")"
done

# the rule the default build must keep
if [ $twice_in_shared = 1 ]; then
    echo "linking.sh: the default (shared) program holds a library twice" >&2
    exit 1
fi

#!/usr/bin/env bash
# A line chart from a 1,000,000-row CSV (a random walk, generated here):
# whole-process time (hyperfine, median of 5), peak RSS, and the size of the
# PNG, SVG and PDF, which stay small because the line is decimated per pixel
# column (M4). Usage: [DECIMALS=7] [ROWS=N] bash bench/large_line.sh [INFOCHART]
# (DECIMALS: of the values, default 3; 7 gives issue 11's 1e6-row x,y file.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build-bench/infochart}
[[ $bin == /* ]] || bin=$PWD/$bin # the timing runs in a temporary directory
if [[ ! -x $bin ]]; then
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build-bench" -j"$(nproc)" --target infochart >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rows=${ROWS:-1000000}
/usr/bin/python3 "$root/bench/data/random_walk.py" "$work" "${DECIMALS:-3}" "$rows"
cd "$work"
echo "CSV: $(stat -c %s big.csv) bytes, $rows rows, ${DECIMALS:-3} decimals"
for ext in png svg pdf; do
    hyperfine -N --warmup 1 --runs 5 --export-json "t.$ext.json" "$bin render big.json -o big.$ext -q" >/dev/null 2>&1
    ms=$(/usr/bin/python3 -c "import json,statistics; print(round(statistics.median(json.load(open('t.$ext.json'))['results'][0]['times'])*1000))")
    kb=$( { /usr/bin/time -f %M "$bin" render big.json -o big.$ext -q; } 2>&1 | tail -1)
    echo "$ext: median ${ms} ms, peak RSS $((kb / 1024)) MiB, file $(stat -c %s big.$ext) bytes"
done

#!/usr/bin/env bash
# A line chart from a 1,000,000-row CSV (a random walk, generated here):
# whole-process time (hyperfine, median of 5), peak RSS, and the size of the
# PNG, SVG and PDF, which stay small because the line is decimated per pixel
# column (M4). Usage: bash bench/large_line.sh [INFOCHART]
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
/usr/bin/python3 - "$work/big.csv" <<'PY'
import random, sys
random.seed(1)
y = 50.0
with open(sys.argv[1], "w") as f:
    f.write("t,value\n")
    for i in range(1_000_000):
        y = max(0.0, min(100.0, y + random.uniform(-1, 1)))
        f.write(f"{i},{y:.3f}\n")
PY
cat > "$work/big.json" <<'JSON'
{"chart": "line", "data": "big.csv", "x": "t", "y": "value", "title": "One million points",
 "source": "synthetic random walk", "size": "1200x675", "markers": false}
JSON
cd "$work"
echo "CSV: $(du -h big.csv | cut -f1), 1,000,000 rows"
for ext in png svg pdf; do
    hyperfine -N --warmup 1 --runs 5 --export-json "t.$ext.json" "$bin render big.json -o big.$ext -q" >/dev/null 2>&1
    ms=$(/usr/bin/python3 -c "import json,statistics; print(round(statistics.median(json.load(open('t.$ext.json'))['results'][0]['times'])*1000))")
    kb=$( { /usr/bin/time -f %M "$bin" render big.json -o big.$ext -q; } 2>&1 | tail -1)
    echo "$ext: median ${ms} ms, peak RSS $((kb / 1024)) MiB, file $(stat -c %s big.$ext) bytes"
done

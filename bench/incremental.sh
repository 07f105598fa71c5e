#!/usr/bin/env bash
# 1,000 chart specs (copies of bench/data/bars12.json with their own titles):
# the first `infochart build` renders them all; the second finds nothing to do.
# Times both (the second with hyperfine, median of 5).
# Usage: bash bench/incremental.sh [INFOCHART]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build-bench/infochart}
if [[ ! -x $bin ]]; then
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build-bench" -j"$(nproc)" --target infochart >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/specs"
cp "$root/bench/data/bars12.csv" "$work/specs/"
/usr/bin/python3 - "$root/bench/data/bars12.json" "$work/specs" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
for i in range(1000):
    s = dict(spec, title=f"{spec['title']} ({i})", outputs=["png"])
    json.dump(s, open(f"{sys.argv[2]}/c{i:04d}.json", "w"))
PY
cd "$work"
/usr/bin/time -f "first build, 1000 PNGs: %e s" "$bin" build specs --out out -q
hyperfine -N --warmup 1 --runs 5 "$bin build specs --out out -q" 2>/dev/null | grep -E "Time"
"$bin" build specs --out out | tail -1

"""The 1,000,000-row line of the benchmarks: a random walk between 0 and 100
(seed 1, columns t,value), written as DIR/big.csv with its infochart spec
DIR/big.json. Used by bench/large_line.sh and bench/compare.sh.

Usage: python3 bench/data/random_walk.py DIR [DECIMALS] [ROWS]
DECIMALS (default 3) writes the values with that many decimals: 7 gives the
19.9 MB file of issue 11 (x,y rows like 123456,49.1234567). ROWS defaults to
1,000,000."""
import json
import os
import random
import sys

out = sys.argv[1]
decimals = int(sys.argv[2]) if len(sys.argv) > 2 else 3
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
random.seed(1)
y = 50.0
with open(os.path.join(out, "big.csv"), "w") as f:
    f.write("t,value\n")
    for i in range(rows):
        y = max(0.0, min(100.0, y + random.uniform(-1, 1)))
        f.write(f"{i},{y:.{decimals}f}\n")
spec = {"chart": "line", "data": "big.csv", "x": "t", "y": "value", "title": "One million points",
        "source": "synthetic random walk", "size": "1200x675", "markers": False}
with open(os.path.join(out, "big.json"), "w") as f:
    json.dump(spec, f)

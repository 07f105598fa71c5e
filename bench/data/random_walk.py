"""The 1,000,000-row line of the benchmarks: a random walk between 0 and 100
(seed 1, columns t,value), written as DIR/big.csv with its infochart spec
DIR/big.json. Used by bench/large_line.sh and bench/compare.sh.

Usage: python3 bench/data/random_walk.py DIR"""
import json
import os
import random
import sys

out = sys.argv[1]
random.seed(1)
y = 50.0
with open(os.path.join(out, "big.csv"), "w") as f:
    f.write("t,value\n")
    for i in range(1_000_000):
        y = max(0.0, min(100.0, y + random.uniform(-1, 1)))
        f.write(f"{i},{y:.3f}\n")
spec = {"chart": "line", "data": "big.csv", "x": "t", "y": "value", "title": "One million points",
        "source": "synthetic random walk", "size": "1200x675", "markers": False}
with open(os.path.join(out, "big.json"), "w") as f:
    json.dump(spec, f)

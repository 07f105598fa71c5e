#!/usr/bin/env bash
# Writes the generated seeds of tests/fuzz/corpus/ (the files named below:
# the rest are written by hand): long titles (5 KB and 64 KB), long category labels and facet
# values (over 4 KB), many columns and many facet values, "{facet}" in the
# texts, and the multi-file inputs of fuzz_build (see fuzz_build.c).
# Run from anywhere; it only rewrites those files:  bash tests/fuzz/make-seeds.sh
set -euo pipefail
cd "$(dirname "$0")/corpus"

# words: N bytes of "child labour victims ..." (spaces, so text can wrap)
words() { yes 'child labour victims detected in 2022' | tr '\n' ' ' | head -c "$1"; }
# one CSV line of N columns: PREFIX1,PREFIX2,...
columns() { seq -s, -f "$2%g" 1 "$1"; }
# the fuzz_build separator between the files of one input
SEP='--8<--'

# ---- fuzz_render: specs on the target's fixed files (big.csv: fuzz_render.c)
r=fuzz_render
printf '{"chart":"bar","data":"data.csv","x":"group","y":"share_pct","title":"%s","source":"UNODC"}\n' \
    "$(words 5000)" >$r/long-title-5k.json
printf '{"chart":"line","data":"data.csv","x":"data_year","y":"count","title":"%s","subtitle":"%s","note":"%s","source":"%s"}\n' \
    "$(words 65000)" "$(words 4100)" "$(words 4100)" "$(words 4100)" >$r/long-title-64k.json
printf '{"chart":"bar","data":"big.csv","x":"label","y":"value","title":"Long labels","source":"UNODC"}\n' \
    >$r/big-labels.json
printf '{"chart":"donut","data":"big.csv","x":"label","y":"share","title":"Long labels in a legend","source":"UNODC","size":"story"}\n' \
    >$r/big-labels-donut.json
printf '{"chart":"bar","data":"big.csv","x":"label","y":"value","facet":"group","title":"By group: {facet}","subtitle":"{facet} and {facet}","note":"{facet}","description":"{facet}: %s","source":"UNODC","outputs":["{facet}.svg"]}\n' \
    "$(words 3000)" >$r/big-facet-group.json
printf '{"chart":"line","data":"big.csv","x":"year","y":["value","c1","c2"],"facet":"group","title":"{facet}","source":"UNODC {facet}"}\n' \
    >$r/big-facet-line.json
printf '{"chart":"bar","data":"big.csv","x":"label","y":[%s],"stack":"normal","title":"Forty series","source":"UNODC"}\n' \
    "$(columns 40 '"c' | sed 's/,/",/g; s/$/"/')" >$r/big-columns.json

# ---- fuzz_spec: long strings (its inputs stay small: see .ci/fuzz)
printf '{"chart":"bar","data":"data.csv","x":"group","y":"share","title":"%s","subtitle":"{facet}","facet":"group","source":"UNODC"}\n' \
    "$(words 5000)" >fuzz_spec/long-title-5k.json

# ---- fuzz_csv: a label over 4 KB, 700 columns
{
    echo 'label,value'
    echo "\"$(words 5000)\",12"
    echo 'Short,3'
} >fuzz_csv/long-label.csv
{
    columns 700 c
    columns 700 ''
} >fuzz_csv/big-columns.csv

# ---- fuzz_build: spec --8<-- CSV --8<-- cache --8<-- sub spec --8<-- sub CSV --8<-- flags
b=fuzz_build
spec() { printf '{"chart":"bar","data":"data.csv","x":"%s","y":"%s","title":"%s","source":"UNODC"%s}\n' "$@"; }
{
    printf '{"chart":"donut","data":"data.csv","x":"label","y":"value","title":"Labels over 4 KB","source":"UNODC","size":"story","outputs":["long.svg","long.png","long.pdf"]}\n'
    echo "$SEP"
    echo 'label,value'
    for i in 1 2 3; do echo "Row $i $(words 4500),$i"; done
} >$b/build-long-labels
{
    spec group share "$(words 65000)" ',"outputs":["t.svg","t.pdf"]'
    echo "$SEP"
    printf 'group,share\nGirls,22\nBoys,16\n'
} >$b/build-long-title-64k
{
    spec label value 'By group, {facet}' ',"facet":"group","subtitle":"{facet}","outputs":["g-{facet}.svg"]'
    echo "$SEP"
    echo 'label,value,group'
    for g in 'a/b' 'a_b' 'a b' '..' '.' '""' "$(words 4200)" "$(words 100)x" "$(words 100)y"; do
        echo "A,1,$g"
        echo "B,2,$g"
    done
    echo "$SEP"
    echo "$SEP"
    echo "$SEP"
    echo "$SEP"
    echo 2
} >$b/build-facet-names
{
    spec label value '{facet}' ',"facet":"group","outputs":["{facet}.svg"]'
    echo "$SEP"
    echo 'label,value,group'
    for i in $(seq 1 60); do echo "A,$i,v$i"; done
} >$b/build-many-facets
{
    spec c1 c2 'Many columns' ',"outputs":["wide.svg"]'
    echo "$SEP"
    columns 1000 c
    columns 1000 ''
    columns 1000 '1'
} >$b/build-many-columns

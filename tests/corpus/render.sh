#!/usr/bin/env bash
# Renders every corpus chart at every size preset to PNG, for looking at:
#   tests/corpus/render.sh OUTDIR [INFOCHART]
# writes OUTDIR/<spec>--<preset>.png and lists the charts the program refused
# (with its error line) at the end. INFOCHART defaults to build/infochart.
# Needs jq. PRESETS="story x-post" limits the presets; SPECS="a b" the specs
# (names without .json). Print presets (a4-*, letter-*) are sized in points,
# so their PNGs are drawn at PRINT_SCALE (default 3) device pixels a point to
# be readable on screen; the layout is the same at any scale.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUTDIR [INFOCHART]}
bin=${2:-$here/../../build/infochart}
[ -x "$bin" ] || { echo "render.sh: no infochart program at $bin (give its path)" >&2; exit 2; }
command -v jq >/dev/null || { echo "render.sh: needs jq" >&2; exit 2; }
# the same list and order as ic_preset_names() (src/spec/presets.c)
presets=${PRESETS:-"instagram-square instagram-portrait story x-post facebook linkedin a4-full a4-column letter-full letter-column"}
mkdir -p "$out/.specs" || exit 2
specs=${SPECS:-$(cd "$here" && ls -- *.json | sed 's/\.json$//')}
ok=0 failed=0
errors=$out/.errors
: > "$errors"
for name in $specs; do
    for preset in $presets; do
        # a copy of the spec at this size, reading the corpus CSV by its absolute path
        tmp=$out/.specs/$name--$preset.json
        data=$(jq -r .data "$here/$name.json")
        scale=1
        case $preset in a4-* | letter-*) scale=${PRINT_SCALE:-3} ;; esac
        jq --arg size "$preset" --arg data "$here/$data" --argjson scale "$scale" \
            '.size = $size | .data = $data | .scale = $scale' "$here/$name.json" > "$tmp" || exit 2
        if "$bin" render "$tmp" -o "$out/$name--$preset.png" -q 2>> "$errors"; then
            ok=$((ok + 1))
        else
            failed=$((failed + 1))
        fi
    done
done
rm -rf "$out/.specs"
echo "$ok charts rendered, $failed refused or failed (OUTDIR: $out)"
sed "s|^$out/.specs/||" "$errors"
rm -f "$errors"

#!/usr/bin/env bash
# Installs the Debian 12 packages infochart needs, only those that are missing.
# Usage: bash .ci/deps.sh [test]   ("test" adds what the test suite uses)
set -euo pipefail

packages=(build-essential cmake pkg-config libcairo2-dev libfreetype-dev libharfbuzz-dev
          libfribidi-dev libjansson-dev libcsv-dev zlib1g-dev librsvg2-dev)
if [[ "${1:-}" == "test" ]]; then
    packages+=(python3 python3-jsonschema poppler-utils parallel librsvg2-bin groff-base man-db
               chromium python3-websocket python3-pil qpdf)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
echo "infochart: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
    echo "infochart: run as root (or install these packages first): ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

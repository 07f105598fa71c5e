#!/usr/bin/env bash
# Source rules a compiler does not check (run by ctest as "lint").
#   - no string building with `n += snprintf(...)`: once n passes the buffer
#     size, `size - n` wraps and the next write overflows (issue 9); text is
#     assembled with ic_buf (src/core/buf.h) instead;
#   - no strcpy/strcat/sprintf/vsprintf/gets in the library and program:
#     unbounded copies.
# Prints each offending line and exits 1 when there is one.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
status=0
report() { # PATTERN WHY DIR... (comment lines are not code)
    local pattern=$1 why=$2 hits
    shift 2
    hits=$(grep -rnE --include='*.c' --include='*.h' "$pattern" "$@" 2>/dev/null |
           grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*|//)' || true)
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|\$|    <- $why|"
        status=1
    fi
}
report '\+=[[:space:]]*(\([a-z_ ]+\)[[:space:]]*)?v?s(n)?printf[[:space:]]*\(' "n += snprintf: use ic_buf" \
    src include tests/unit tests/fuzz
report '(^|[^a-z_])(strcpy|strcat|sprintf|vsprintf|gets)[[:space:]]*\(' "unbounded copy: use ic_buf or a bounded call" \
    src include
if [ "$status" -eq 0 ]; then
    echo "lint: ok"
fi
exit "$status"

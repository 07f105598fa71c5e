#!/usr/bin/env bash
# End-to-end tests of the infochart command line.
#
#   tests/cli/run.sh INFOCHART_BINARY [CASE_NAME...]
#
# Every directory under tests/cli/cases/ is one case. It holds the inputs
# (spec.json, data.csv, ...) and:
#
#   cmd     the arguments, on one line, split on blanks (no quoting); the
#           command runs from inside a fresh copy of the case directory, so
#           paths are short: `render spec.json -o out.png`. May be empty.
#   expect  line 1: the exact exit status;
#           line 2: the exact first line of stderr (empty: stderr must be empty).
#   setup   optional bash script run before the command, in the copy of the
#           case directory (e.g. to make a file read-only: git keeps no such
#           mode); what it leaves is the "before" state.
#   check   optional bash script run after the command, from the same
#           directory, with INFOCHART (the binary), OUT and ERR (files holding
#           the command's stdout and stderr) in the environment. It fails by
#           exiting non-zero; its first output line says why.
#
# Every SVG a case leaves behind must be well-formed XML (python3's parser).
# Every case whose expected exit status is not 0 must also leave its
# directory exactly as it was: no new file (neither the -o target nor a
# temporary `.out.png.XXXXXX`), no new directory, no file changed. `build`
# cases are exempt: they write the good charts even when one spec fails.
#
# Prints "ok NAME" or "FAIL NAME: why" per case, then "N passed, M failed";
# exits 1 when any case failed.
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 INFOCHART_BINARY [CASE_NAME...]" >&2
    exit 2
fi
bin=$1
shift
case $bin in
/*) ;;
*) bin=$PWD/$bin ;;
esac
if [ ! -x "$bin" ]; then
    echo "$0: '$bin' is not an executable" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cases_dir=$here/cases

root=$(mktemp -d "${TMPDIR:-/tmp}/infochart-cli.XXXXXX") || exit 2
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
    timeout_cmd=(timeout 60)
fi

# Every entry under the current directory, with a checksum for files.
snapshot() {
    find . -mindepth 1 -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' p; do
        if [ -f "$p" ] && [ ! -L "$p" ]; then
            printf 'f %s %s\n' "$(cksum <"$p" | tr -s ' ' ' ')" "$p"
        elif [ -d "$p" ]; then
            printf 'd %s\n' "$p"
        else
            printf 'o %s\n' "$p"
        fi
    done
}

passed=0
failed=0

run_case() {
    local name=$1 src=$cases_dir/$1
    local work why=()

    if [ ! -f "$src/expect" ] || [ ! -f "$src/cmd" ]; then
        echo "FAIL $name: the case has no 'expect' or 'cmd' file"
        return 1
    fi
    local want_rc want_err
    { IFS= read -r want_rc || true; IFS= read -r want_err || true; } <"$src/expect"
    local -a args=()
    local line=""
    IFS= read -r line <"$src/cmd" || true
    read -r -a args <<<"$line"

    work=$(mktemp -d "$root/$name.XXXXXX") || { echo "FAIL $name: mktemp failed"; return 1; }
    cp -R "$src/." "$work/" || { echo "FAIL $name: cannot copy the case"; return 1; }
    rm -f "$work/expect" "$work/cmd" "$work/check" "$work/setup"
    if [ -f "$src/setup" ] && ! msg=$(cd "$work" && bash "$src/setup" 2>&1); then
        echo "FAIL $name: setup: ${msg:-failed}"
        return 1
    fi

    local before after rc
    before=$(cd "$work" && snapshot)
    # the outer subshell takes the shell's "Segmentation fault" notice
    ( (cd "$work" && exec ${timeout_cmd[@]+"${timeout_cmd[@]}"} "$bin" ${args[@]+"${args[@]}"} \
        >"$root/$name.out" 2>"$root/$name.err" </dev/null); exit $?) 2>/dev/null
    rc=$?
    after=$(cd "$work" && snapshot)

    if [ "$rc" = 124 ] && [ ${#timeout_cmd[@]} -gt 0 ]; then
        why+=("timed out after 60 s")
    elif [ "$rc" -ge 128 ]; then
        why+=("crashed (signal $((rc - 128))), expected exit $want_rc")
    elif [ "$rc" != "$want_rc" ]; then
        why+=("exit $rc, expected $want_rc")
    fi

    local got_err=""
    IFS= read -r got_err <"$root/$name.err" || true
    if [ -z "$want_err" ]; then
        if [ -s "$root/$name.err" ]; then
            why+=("stderr should be empty, got '$got_err'")
        fi
    elif [ "$got_err" != "$want_err" ]; then
        why+=("stderr line 1 is '$got_err', expected '$want_err'")
    fi

    if [ "$want_rc" != 0 ] && [ "${args[0]:-}" != build ] && [ "$before" != "$after" ]; then
        local changed
        changed=$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") |
            sed -n 's/^[<>] [fdo] \(.* \)\{0,1\}\(\.\/.*\)$/\2/p' | sort -u | tr '\n' ' ')
        why+=("a failed run changed the directory: ${changed% }")
    fi

    if [ -f "$src/check" ]; then
        local msg
        if ! msg=$(cd "$work" && INFOCHART=$bin OUT=$root/$name.out ERR=$root/$name.err \
            bash "$src/check" 2>&1); then
            msg=$(printf '%s\n' "$msg" | head -n 1)
            why+=("check: ${msg:-failed}")
        fi
    fi

    # every SVG any case writes must be well-formed XML
    local bad_svg
    bad_svg=$(cd "$work" && find . -name '*.svg' -type f -print0 | xargs -0 -r python3 -c '
import sys, xml.dom.minidom
for p in sys.argv[1:]:
    try:
        xml.dom.minidom.parse(p)
    except Exception as e:
        print("%s: %s" % (p, e)); break
' 2>&1)
    [ -z "$bad_svg" ] || why+=("not well-formed XML: $bad_svg")

    rm -rf "$work" "$root/$name.out" "$root/$name.err"
    if [ ${#why[@]} -eq 0 ]; then
        echo "ok $name"
        return 0
    fi
    local joined
    joined=$(printf '%s; ' "${why[@]}")
    echo "FAIL $name: ${joined%; }"
    return 1
}

names=()
if [ $# -gt 0 ]; then
    names=("$@")
else
    for d in "$cases_dir"/*/; do
        [ -d "$d" ] && names+=("$(basename "$d")")
    done
fi

for name in "${names[@]}"; do
    if [ ! -d "$cases_dir/$name" ]; then
        echo "FAIL $name: no such case"
        failed=$((failed + 1))
    elif run_case "$name"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

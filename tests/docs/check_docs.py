#!/usr/bin/env python3
"""The man pages and the bash completion in step with the program.

usage: check_docs.py INFOCHART SOURCE_DIR

(a) every top-level key of the spec reader (the "properties" of
    docs/schema/infochart.schema.json, which tests/unit/test_schema_keys.c
    keeps equal to the reader's key table) has an entry (a .TP tag) in
    docs/man/infochart-spec.5;
(b) every command and every long option that `infochart --help` and
    `infochart COMMAND --help` print is in docs/man/infochart.1 (the command
    in SYNOPSIS and as a COMMANDS entry, the option as an OPTIONS entry) and
    is offered by the bash completion (src/cli/infochart.bash-completion);
(c) both man pages format with `groff -man -ww -z` without a warning;
(d) the completion loads in bash, `complete -p infochart` names it, and it
    completes `infochart ser` to `serve` and `render x.json --format ` to
    png svg pdf txt.

Exit status 0 when all pass, 1 when one fails, 77 (skipped) when all the
others pass but groff is not installed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


# ---------------------------------------------------------------- roff

def roff_args(rest):
    """The arguments of a roff macro line: words, or "quoted strings"."""
    args, i, n = [], 0, len(rest)
    while i < n:
        if rest[i] in " \t":
            i += 1
            continue
        if rest[i] == '"':
            j, buf = i + 1, []
            while j < n:
                if rest[j] == '"':
                    if j + 1 < n and rest[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(rest[j])
                j += 1
            args.append("".join(buf))
            i = j + 1
        else:
            j = i
            while j < n and rest[j] not in " \t":
                j += 1
            args.append(rest[i:j])
            i = j
    return args


def plain(text):
    """roff text as it reads: \\- is -, font changes and \\& dropped."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)
    return text.replace("\\-", "-").replace("\\&", "").replace("\\(aq", "'").replace("\\(dq", '"')


def bold_words(line):
    """The words set in bold on one roff line (.B, .BR, .RB, .BI, .IB, and
    \\fB...\\fR runs), as plain text."""
    out = []
    m = re.match(r"\.(B|BR|RB|BI|IB|IR|RI|I|R)(?:\s+(.*))?$", line)
    if m:
        macro, args = m.group(1), roff_args(m.group(2) or "")
        if macro == "B":
            out.append(" ".join(args))
        elif macro in ("BR", "BI"):
            out += args[0::2]
        elif macro in ("RB", "IB"):
            out += args[1::2]
        text = " ".join(args)
    else:
        text = line
    out += re.findall(r"\\fB(.*?)\\f[RIP]", text)
    return [plain(w) for w in out]


def sections(path):
    """{section name: [lines]} of a man page."""
    result, name = {}, ""
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r'\.SH\s+"?([^"]*)"?\s*$', line)
            if m:
                name = m.group(1)
                result.setdefault(name, [])
            else:
                result.setdefault(name, []).append(line)
    return result


def tags(lines):
    """The bold words of every .TP tag (the line after .TP) among lines."""
    words = set()
    for i, line in enumerate(lines):
        if re.match(r"\.TP\b", line) and i + 1 < len(lines):
            for w in bold_words(lines[i + 1]):
                for part in re.split(r"[\s,|]+", w):
                    if part:
                        words.add(part)
    return words


# ---------------------------------------------------------------- help

def run_help(infochart, *args):
    r = subprocess.run([infochart, *args, "--help"], capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        fail(f"'infochart {' '.join(args)} --help' exits with {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def commands_of(top_help):
    """The commands listed under "Commands:" in `infochart --help`."""
    cmds, inside = [], False
    for line in top_help.splitlines():
        if line.startswith("Commands:"):
            inside = True
            continue
        if inside:
            if line and not line.startswith(" "):
                break
            m = re.match(r"  ([a-z][a-z-]*)\b", line)
            if m:
                cmds.append(m.group(1))
    return cmds


def long_options(help_text):
    """The long options of a help text: those in its option table (a line
    starting with '  -x, --opt' or '  --opt') and in its usage brackets
    ('[--opt'), not the '--opt=VALUE' of the prose."""
    opts = set()
    for line in help_text.splitlines():
        m = re.match(r"\s{2,}(?:-[A-Za-z], )?(--[a-z][a-z-]*)", line)
        if m:
            opts.add(m.group(1))
        opts.update(re.findall(r"\[(--[a-z][a-z-]*)", line))
    return opts


# ---------------------------------------------------------------- completion

COMPLETE = r'''
source "$1" || exit 3
spec=$(complete -p infochart) || exit 4
func=${spec#*-F }
func=${func%% *}
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$func" infochart "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
'''


def complete(bash, completion, cwd, words):
    """COMPREPLY for the command line `words` (the last one being completed),
    or None when the completion does not load."""
    r = subprocess.run([bash, "--norc", "--noprofile", "-c", COMPLETE, "complete", completion, *words],
                       capture_output=True, text=True, cwd=cwd, timeout=30)
    if r.returncode != 0:
        fail(f"completing {words!r}: bash exits with {r.returncode} ({r.stderr.strip()})")
        return None
    return [w for w in r.stdout.split("\n") if w]


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    infochart, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    man1 = os.path.join(src, "docs/man/infochart.1")
    man5 = os.path.join(src, "docs/man/infochart-spec.5")
    completion = os.path.join(src, "src/cli/infochart.bash-completion")
    schema = os.path.join(src, "docs/schema/infochart.schema.json")

    # (a) every spec key has an entry in infochart-spec(5)
    with open(schema, encoding="utf-8") as f:
        keys = sorted(json.load(f)["properties"])
    spec_tags = set()
    for name, lines in sections(man5).items():
        if name not in ("THEME FILES", "LIMITS", "FILES", "SEE ALSO"):
            spec_tags |= tags(lines)
    for key in keys:
        if key not in spec_tags:
            fail(f"infochart-spec.5: no entry (.TP tag) for the spec key '{key}'")
    print(f"(a) {len(keys)} spec keys checked")

    # (b) commands and long options in infochart(1) and the completion
    top = run_help(infochart)
    cmds = commands_of(top)
    if not cmds:
        fail("'infochart --help' lists no commands")
    man1_text = open(man1, encoding="utf-8").read()
    man1_sections = sections(man1)
    command_tags = tags(man1_sections.get("COMMANDS", []))
    option_tags = tags(man1_sections.get("OPTIONS", []))
    bash = shutil.which("bash")
    work = tempfile.mkdtemp(prefix="ic-docs-")
    try:
        first = complete(bash, completion, work, ["infochart", ""])
        for cmd in cmds:
            if not re.search(r'^\.SY\s+"infochart %s"' % re.escape(cmd), man1_text, re.M):
                fail(f"infochart.1: no SYNOPSIS entry (.SY \"infochart {cmd}\") for the command '{cmd}'")
            if cmd not in command_tags:
                fail(f"infochart.1: no COMMANDS entry for the command '{cmd}'")
            if first is not None and cmd not in first:
                fail(f"completion: 'infochart <TAB>' does not offer the command '{cmd}' (got {first})")
        for opt in sorted(long_options(top)):
            if opt not in option_tags:
                fail(f"infochart.1: no OPTIONS entry for '{opt}' (infochart --help)")
            if opt in ("--help", "--version") and first is not None and opt not in first:
                fail(f"completion: 'infochart <TAB>' does not offer '{opt}' (got {first})")
        nopts = 0
        for cmd in cmds:
            opts = long_options(run_help(infochart, cmd))
            if not opts:
                fail(f"'infochart {cmd} --help' lists no options")
            offered = complete(bash, completion, work, ["infochart", cmd, "--"])
            for opt in sorted(opts):
                nopts += 1
                if opt not in option_tags:
                    fail(f"infochart.1: no OPTIONS entry for '{opt}' (infochart {cmd} --help)")
                if offered is not None and opt not in offered:
                    fail(f"completion: 'infochart {cmd} --<TAB>' does not offer '{opt}' (got {offered})")
        print(f"(b) {len(cmds)} commands ({', '.join(cmds)}), {nopts} command options checked")

        # (d) the completion loads and completes
        r = subprocess.run([bash, "--norc", "--noprofile", "-c", 'source "$1" && complete -p infochart', "load",
                            completion], capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or "infochart" not in r.stdout or r.stderr:
            fail(f"completion: does not load or register (status {r.returncode}: {r.stdout.strip()} "
                 f"{r.stderr.strip()})")
        cases = [
            (["infochart", "ser"], ["serve"]),
            (["infochart", "render", "x.json", "--format", ""], ["png", "svg", "pdf", "txt"]),
            (["infochart", "render", "x.json", "--format", "t"], ["txt"]),
            (["infochart", "render", "x.json", "--format", "=", ""], ["png", "svg", "pdf", "txt"]),
            (["infochart", "serve", "--p"], ["--port"]),
            (["infochart", "serve", "--port", ""], []),
        ]
        for words, want in cases:
            got = complete(bash, completion, work, words)
            if got is not None and got != want:
                fail(f"completion: {' '.join(words)!r}<TAB> gives {got}, expected {want}")
        print(f"(d) completion loads; {len(cases)} completions checked")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # (c) groff finds nothing to warn about
    groff = shutil.which("groff")
    if groff:
        for page in (man1, man5):
            for extra in ([], ["-rLL=80n"]):
                r = subprocess.run([groff, "-man", "-ww", "-z", *extra, page], capture_output=True, text=True,
                                   timeout=60)
                if r.returncode != 0 or r.stderr:
                    fail(f"{os.path.basename(page)}: groff -man -ww -z {' '.join(extra)} warns "
                         f"(status {r.returncode}): {r.stderr.strip()}")
        print("(c) both man pages format without warnings")

    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    if not groff:
        print("skipped: groff is not installed (the other checks passed)", file=sys.stderr)
        return 77
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turns src/cli/serve_page.html into src/cli/serve_page.c (the page of
`infochart serve`, compiled in: the program serves it without any file).

    python3 tests/serve/page_to_c.py            rewrite serve_page.c
    python3 tests/serve/page_to_c.py --check    exit 1 when it is out of date

Edit the HTML, then run this. The page is kept as one string per line: ISO C
compilers need not take string literals over 4095 bytes."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, '..', '..', 'src', 'cli')


def c_string(line):
    out = []
    for ch in line:
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def generate():
    with open(os.path.join(src, 'serve_page.html'), encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)
    body = ''.join('    %s,\n' % c_string(line) for line in lines)
    return ('/* The page of `infochart serve`, generated from serve_page.html by\n'
            ' * tests/serve/page_to_c.py: edit the HTML and run that script. */\n'
            '#include "cli/serve.h"\n\n'
            '#include <stddef.h>\n\n'
            'const char *const serve_page_lines[] = {\n' + body + '    NULL,\n};\n')


def main():
    target = os.path.join(src, 'serve_page.c')
    text = generate()
    if '--check' in sys.argv:
        with open(target, encoding='utf-8') as f:
            if f.read() != text:
                print('src/cli/serve_page.c is out of date: run python3 tests/serve/page_to_c.py')
                return 1
        print('serve_page.c matches serve_page.html')
        return 0
    with open(target, 'w', encoding='utf-8') as f:
        f.write(text)
    return 0


sys.exit(main())

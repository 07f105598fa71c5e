#!/usr/bin/env python3
"""`infochart serve` without a browser: what it serves, what it refuses, its
change events, and a clean stop.

    python3 tests/serve/http_test.py INFOCHART_BINARY"""
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Server, cli_error  # noqa: E402

failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def get(srv, path, method='GET', host=None, headers=None):
    c = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
    h = {'Host': host if host is not None else '127.0.0.1:%d' % srv.port}
    h.update(headers or {})
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in h.items():
        c.putheader(k, v)
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, r.getheader('Content-Type') or '', body


def raw(srv, data):
    """Sends raw bytes; returns the status line."""
    s = socket.create_connection(('127.0.0.1', srv.port), timeout=30)
    s.sendall(data)
    reply = b''
    while b'\r\n' not in reply:
        chunk = s.recv(4096)
        if not chunk:
            break
        reply += chunk
    s.close()
    return reply.split(b'\r\n')[0].decode()


def next_change(srv, action):
    """Opens the event stream, runs `action`, returns the "changed" list of
    the first change event (waits at most 10 s)."""
    events = socket.create_connection(('127.0.0.1', srv.port), timeout=10)
    events.sendall(b'GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    got = b''
    while b'retry:' not in got:
        got += events.recv(4096)
    check(b'text/event-stream' in got, 'event stream opened')
    action()
    got = b''
    try:
        while b'event: change' not in got or b'\n\n' not in got.split(b'event: change', 1)[1]:
            chunk = events.recv(4096)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    events.close()
    data = [line for line in got.split(b'\n') if line.startswith(b'data: ')]
    return json.loads(data[0][6:])['changed'] if data else []


def png_size(body):
    return struct.unpack('>II', body[16:24]) if body[:4] == b'\x89PNG' else None


# Specs whose "size" and "theme" the server replaces in place: strings with
# quotes and braces before them, a one-line spec with its mistake on line 1.
TRICKY = ('{\n  "chart": "bar", "data": "child_share_trend.csv",\n'
          '  "title": "Braces }{ and \\"quotes\\" \\\\ in a title", "x": "data_year",\n'
          '  "y": "children_pct", "source": "UNODC", "size": "1080x1350", "theme": "light"\n}\n')
ONE_LINE_BAD = '{"title": "T", "source": "S", "chart": "bar", "data": "child_share_trend.csv", "x": "year", "y": "children_pct"}\n'
SIZE_FIRST_BAD = '{"size": "story", "title": "T", "source": "S", "chart": "bar", "data": "child_share_trend.csv", "x": "year", "y": "children_pct"}\n'


def main():
    binary = os.path.abspath(sys.argv[1])
    outside = '{"chart": "bar", "data": "x.csv", "x": "a", "y": "b"}\n'
    srv = Server(binary, extra_files=[('tricky.json', TRICKY), ('one_line_bad.json', ONE_LINE_BAD),
                                      ('size_first_bad.json', SIZE_FIRST_BAD)])
    try:
        # a file outside DIR, reachable through a symlink under it
        with open(os.path.join(srv.tmp, 'secret.json'), 'w') as f:
            f.write(outside)
        os.symlink(os.path.join(srv.tmp, 'secret.json'), srv.path('escape.json'))

        check(srv.banner == 'serving %s at http://127.0.0.1:%d/ (Ctrl-C to stop)' % (srv.dir, srv.port),
              'banner names DIR and the port: ' + srv.banner)
        st, ct, body = get(srv, '/')
        check(st == 200 and ct.startswith('text/html') and b'infochart preview' in body, 'page served')
        check(b'http://' not in body.replace(b'http://127.0.0.1', b'') and b'https://' not in body,
              'page loads nothing from elsewhere')
        st, ct, body = get(srv, '/api/specs')
        index = json.loads(body)
        check(index['specs'] == ['child_share_trend.json', 'child_share_trend_themed.json', 'one_line_bad.json', 'size_first_bad.json', 'tricky.json',
                                 'ur_children_forced_labour_stat.json', 'victims_by_age_sex_by_year.json'],
              'spec list: %s (the symlink out of DIR is not listed)' % index['specs'])
        check([p['name'] for p in index['presets']][:3] == ['instagram-square', 'instagram-portrait', 'story'],
              'presets listed')

        base = '/chart/child_share_trend.json?preset=instagram-square&format='
        st, ct, body = get(srv, base + 'png')
        check(st == 200 and ct == 'image/png' and body[:8] == b'\x89PNG\r\n\x1a\n', 'PNG chart')
        st, ct, body = get(srv, base + 'svg&theme=dark')
        check(st == 200 and ct == 'image/svg+xml' and b'<svg' in body and b'38%' in body, 'dark SVG chart, with 38%')
        st, ct, body = get(srv, base + 'pdf')
        check(st == 200 and body[:5] == b'%PDF-', 'PDF chart')
        st, ct, body = get(srv, base + 'txt')
        check(st == 200 and ct.startswith('text/plain') and body.startswith(b'Bar chart: ') and
              b'2022 (38%)' in body and body.endswith(b'\n'), 'alt text of the chart')
        st, ct, body = get(srv, '/chart/ur_children_forced_labour_stat.json?preset=story&format=png')
        check(st == 200 and body[:4] == b'\x89PNG', 'Urdu chart in the story preset')
        for preset, size in [('instagram-square', (1080, 1080)), ('x-post', (1600, 900)), ('story', (1080, 1920))]:
            for theme in ['light', 'dark']:
                st, ct, body = get(srv, '/chart/tricky.json?format=png&theme=%s&preset=%s' % (theme, preset))
                check(st == 200 and png_size(body) == size, 'tricky spec in %s, %s: %s %s' %
                      (preset, theme, st, png_size(body) or body[:200]))
        st, ct, body = get(srv, '/chart/tricky.json?format=png')
        check(st == 200 and png_size(body) == (1080, 1350), 'no preset: the spec\'s own size')
        st, ct, body = get(srv, '/chart/tricky.json?format=svg&theme=dark&preset=x-post')
        check(b'Braces }{ and &quot;quotes&quot;' in body or b'Braces }{ and "quotes"' in body,
              'the title with braces and quotes survives the substitution')
        for name in ['one_line_bad.json', 'size_first_bad.json']:
            expected = cli_error(binary, srv.path(name))
            st, ct, body = get(srv, '/chart/%s?format=png&preset=linkedin&theme=dark' % name)
            check(st == 422 and body.decode() == expected and ':1:' in expected and "'year'" in expected,
                  'error on line 1 keeps its column: %r (CLI: %r)' % (body.decode(), expected))
        # facets: the values, and one chart each
        st, _, body = get(srv, '/api/facets/victims_by_age_sex_by_year.json')
        facets = json.loads(body)['facets'] if st == 200 else None
        check(facets and facets[0] == '2004' and len(facets) > 2, 'facet values listed: %s' % facets)
        st, _, body = get(srv, '/api/facets/child_share_trend.json')
        check(st == 200 and json.loads(body) == {'facets': []}, 'no facets: an empty list')
        furl = '/chart/victims_by_age_sex_by_year.json?format=svg&preset=story'
        st, _, first = get(srv, furl)
        st2, _, second = get(srv, furl + '&facet=1')
        check(st == 200 and st2 == 200 and b'victims by age and sex, 2004' in first and
              ('victims by age and sex, %s' % facets[1]).encode() in second, 'facet=1 draws the second chart')
        st, _, body = get(srv, furl + '&facet=%d' % len(facets))
        check(st == 422 and body.decode().endswith('error: the spec has %d facet charts, not %d'
                                                   % (len(facets), len(facets) + 1)),
              'a facet past the last: %d %r' % (st, body))
        st, _, _ = get(srv, furl + '&facet=-1')
        check(st == 400, 'negative facet refused (%d)' % st)
        c = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
        c.request('GET', furl.replace('svg', 'pdf') + '&facet=1&theme=dark&download=1')
        r = c.getresponse()
        r.read()
        c.close()
        check(r.status == 200 and r.getheader('Content-Disposition') ==
              'attachment; filename="victims_by_age_sex_by_year-2-story-dark.pdf"',
              'download name: %r' % r.getheader('Content-Disposition'))
        st, _, _ = get(srv, base + 'gif')
        check(st == 400, 'unknown format refused (%d)' % st)
        st, _, _ = get(srv, '/chart/child_share_trend.json?preset=billboard')
        check(st == 400, 'unknown preset refused (%d)' % st)

        for path in ['/chart/../secret.json', '/chart/%2e%2e/secret.json', '/chart/..%2fsecret.json',
                     '/chart/%2F' + srv.tmp.lstrip('/') + '/secret.json', '/chart//etc/passwd',
                     '/chart/escape.json', '/chart/.hidden.json', '/chart/child_share_trend.csv',
                     '/chart/./child_share_trend.json', '/../../etc/passwd', '/chart/nothere.json']:
            st, _, body = get(srv, path + '?format=png')
            check(st in (403, 404) and b'bar' not in body, 'refused %s (%d)' % (path, st))

        for method in ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']:
            st, _, _ = get(srv, '/', method=method)
            check(st == 405, '%s refused with 405 (%d)' % (method, st))
        for host in ['evil.example', 'evil.example:%d' % srv.port, '127.0.0.1.evil.example', '']:
            st, _, _ = get(srv, '/', host=host)
            check(st == 403, 'Host %r refused (%d)' % (host, st))
        st, _, _ = get(srv, '/', host='localhost:%d' % srv.port)
        check(st == 200, 'Host localhost:PORT accepted')
        busy = subprocess.run([binary, 'serve', srv.dir, '--port', str(srv.port)], capture_output=True, text=True,
                              timeout=30)
        check(busy.returncode == 1 and busy.stderr.startswith('infochart: serve: cannot listen on 127.0.0.1:%d: '
                                                              % srv.port), 'port in use: %r' % busy.stderr)

        check(raw(srv, b'GET /' + b'a' * 5000 + b' HTTP/1.1\r\n\r\n').startswith('HTTP/1.1 414'),
              'over-long request line: 414')
        check(raw(srv, b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n' + b'X-Pad: ' + b'p' * 9000 + b'\r\n\r\n')
              .startswith('HTTP/1.1 431'), 'over-long headers: 431')
        check(raw(srv, b'nonsense\r\n\r\n').startswith('HTTP/1.1 400'), 'malformed request: 400')
        check(raw(srv, b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n')
              .startswith('HTTP/1.1 400'), 'two Host headers: 400')
        check(raw(srv, b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\x1bb\r\n\r\n').startswith('HTTP/1.1 400'),
              'control character in a header: 400')
        check(raw(srv, b'GET /%00.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n').startswith('HTTP/1.1 400'),
              'encoded NUL in the path: 400')
        check(raw(srv, b'GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n').startswith('HTTP/1.1 400'),
              'absolute-form target: 400')
        # two requests on one connection (keep-alive), both answered
        c = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
        statuses = []
        for path in ['/api/specs', '/chart/child_share_trend.json?format=png&preset=story']:
            c.request('GET', path)
            r = c.getresponse()
            r.read()
            statuses.append(r.status)
        c.close()
        check(statuses == [200, 200], 'keep-alive: two requests on one connection: %s' % statuses)

        # a client that sends half a request does not hold the others up
        slow = socket.create_connection(('127.0.0.1', srv.port), timeout=30)
        slow.sendall(b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
        idle = [socket.create_connection(('127.0.0.1', srv.port), timeout=30) for _ in range(6)]
        st, _, _ = get(srv, '/api/specs')
        check(st == 200, 'served while one client is slow and six are idle')
        slow.close()
        for s in idle:
            s.close()

        # change events: an edited CSV names its specs
        changed = next_change(srv, lambda: srv.edit('child_share_trend.csv', '2022,38,', '2022,41,'))
        check(changed == ['child_share_trend.json', 'child_share_trend_themed.json', 'one_line_bad.json',
                          'size_first_bad.json', 'tricky.json'],
              'change event names the specs of the CSV (not the Urdu one): %s' % changed)
        st, ct, body = get(srv, base + 'svg')
        check(b'41%' in body and b'38%' not in body, 'the chart shows the new value')
        # a theme's logo and the theme file itself are watched too
        st, _, before = get(srv, '/chart/child_share_trend_themed.json?format=png')
        check(st == 200, 'themed chart drawn')
        with open(srv.path('themes/ngo-logo.svg'), encoding='utf-8') as f:
            logo = f.read()
        colours = sorted(set(re.findall(r'#[0-9A-Fa-f]{6}', logo)))
        for name, old, new in [('themes/ngo-logo.svg', colours[0], '#FF00FF'),
                               ('themes/ngo.json', '"accent": "#0B6E4F"', '"accent": "#AA2200"')]:
            changed = next_change(srv, lambda: srv.edit(name, old, new))
            check(changed == ['child_share_trend_themed.json'], 'editing %s announces the themed spec: %s'
                  % (name, changed))
            st, _, after = get(srv, '/chart/child_share_trend_themed.json?format=png')
            check(st == 200 and after != before, 'and the chart changes')
            before = after

        # a broken spec: the exact message the CLI prints, nothing else
        srv.edit('child_share_trend.json', '"x": "data_year"', '"x": "data_yeer"')
        expected = cli_error(binary, srv.path('child_share_trend.json'))
        st, ct, body = get(srv, base + 'png')
        check(st == 422 and ct.startswith('text/plain') and body.decode() == expected,
              'error endpoint: %d %r (CLI: %r)' % (st, body.decode(), expected))
        check(':4:8: error: ' in expected, 'the error has file:line:col')
        srv.edit('child_share_trend.csv', '2004,13,', '2004,x13,')
        srv.edit('child_share_trend.json', '"x": "data_yeer"', '"x": "data_year"')
        expected = cli_error(binary, srv.path('child_share_trend.json'))
        st, ct, body = get(srv, base + 'png')
        check(st == 422 and body.decode() == expected and 'child_share_trend.csv:2:' in expected,
              'CSV error with its line: %r' % body.decode())
    finally:
        rc = srv.stop()
    check(rc == 0, 'SIGTERM stops it with status 0 (%s)' % rc)

    # A file saved as soon as the server answers is noticed even when the
    # watcher thread starts late (a loaded machine; CI once missed a --theme
    # edit this way): what changes are compared with is taken before "serving".
    srv = Server(binary, env={'INFOCHART_SERVE_WATCH_DELAY_MS': '1500'})
    try:
        changed = next_change(srv, lambda: srv.edit('child_share_trend.csv', '2022,38,', '2022,39,'))
        check('child_share_trend.json' in changed, 'a save right after start is announced: %s' % changed)
    finally:
        srv.stop()

    # --theme: every chart in the organisation theme (light), reloaded when edited
    srv = Server(binary, options=lambda d: ['--theme', os.path.join(d, 'themes', 'ngo.json')])
    try:
        url = '/chart/child_share_trend.json?format=svg&preset=x-post'
        st, _, themed = get(srv, url)
        check(st == 200 and b'0B6E4F' in themed.upper(), '--theme: the theme\'s accent colour is used')
        st, _, dark = get(srv, url + '&theme=dark')
        check(st == 200 and b'0B6E4F' not in dark.upper(), '--theme: dark mode uses the built-in dark theme')
        changed = next_change(srv, lambda: srv.edit('themes/ngo.json', '"accent": "#0B6E4F"', '"accent": "#AA2200"'))
        check('child_share_trend.json' in changed and 'ur_children_forced_labour_stat.json' in changed,
              '--theme edited: every chart is announced: %s' % changed)
        st, _, body = get(srv, url)
        check(st == 200 and b'AA2200' in body.upper(), '--theme edited: the new colour is used')
    finally:
        rc = srv.stop()
    check(rc == 0, 'stops with status 0 (%s)' % rc)

    srv = Server(binary)
    srv.proc.send_signal(signal.SIGINT)
    rc = srv.stop()
    check(rc == 0, 'SIGINT (Ctrl-C) stops it with status 0 (%s)' % rc)
    print('%d failed' % len(failures))
    return 1 if failures else 0


sys.exit(main())

#!/usr/bin/python3
"""`infochart serve` in headless Chromium, driven over the DevTools protocol:
the page shows the chart, an edited CSV shows its new value, a broken spec
shows the CLI's error above the last good chart, and a fixed one clears it.
Exits 77 (skipped) without /usr/bin/chromium or python3-websocket.

    tests/serve/browser_test.py INFOCHART_BINARY [--screenshot FILE.png]

Every wait polls the page's DOM for at most 10 s: none is a timing claim."""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Server, cli_error  # noqa: E402

CHROMIUM = '/usr/bin/chromium'
try:
    import websocket  # python3-websocket
except ImportError:
    websocket = None
    # Debian's package is for Debian's python3; another python3 may come first on PATH
    if os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3') and os.access('/usr/bin/python3', os.X_OK):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)

failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


class Browser:
    """Headless Chromium with a fresh profile, one page, spoken to over CDP."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix='infochart-chromium.')
        self.proc = subprocess.Popen(
            [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--disable-dev-shm-usage', '--hide-scrollbars', '--remote-debugging-port=0',
             '--user-data-dir=' + self.profile, '--window-size=1440,1100', 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, 'DevToolsActivePort')
        for _ in range(300):  # Chromium writes its port when it is ready
            if os.path.exists(port_file) and open(port_file).read().count('\n') >= 1:
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split('\n')[0])
        targets = json.load(urllib.request.urlopen('http://127.0.0.1:%d/json/list' % port))
        page = next(t for t in targets if t['type'] == 'page')
        self.ws = websocket.create_connection(page['webSocketDebuggerUrl'], timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({'id': self.next_id, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == self.next_id:
                if 'error' in msg:
                    raise RuntimeError('%s: %s' % (method, msg['error']))
                return msg['result']

    def eval(self, expr):
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True)
        return r['result'].get('value')

    def wait_for(self, expr, seconds=10):
        """Polls `expr` until it is truthy (returns True) or `seconds` pass."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.eval(expr):
                return True
            time.sleep(0.1)
        return False

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


IDLE = "document.body.dataset.pending === '0'"
DESC = "document.getElementById('desc').textContent"
ERROR_SHOWN = "document.getElementById('error').classList.contains('shown')"
ERROR_TEXT = "document.getElementById('error-text').textContent"
BIG_SHOWN = "(() => { const i = document.getElementById('big'); return i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0; })()"


def main():
    if not os.access(CHROMIUM, os.X_OK) or websocket is None:
        print('skipped: needs %s and python3-websocket' % CHROMIUM)
        return 77
    binary = os.path.abspath(sys.argv[1])
    shot = sys.argv[sys.argv.index('--screenshot') + 1] if '--screenshot' in sys.argv else None
    srv = Server(binary)
    browser = Browser()
    try:
        browser.call('Page.enable')
        browser.call('Runtime.enable')
        browser.call('Page.navigate', url=srv.url + '#spec=child_share_trend.json&preset=instagram-portrait')
        check(browser.wait_for(DESC + ".includes('2022 (38%)')"), 'the page shows the chart (2022 (38%))')
        check(browser.wait_for(BIG_SHOWN), 'the large image is drawn')
        n = browser.eval("document.querySelectorAll('#grid img').length")
        check(n == 10, 'a thumbnail for each of the 10 presets (%s)' % n)
        check(browser.wait_for("[...document.querySelectorAll('#grid img')].every(i => i.complete && i.naturalWidth > 0)"),
              'every thumbnail is drawn')
        specs = browser.eval("[...document.querySelectorAll('#specs button')].map(b => b.textContent)")
        check(specs == ['child_share_trend.json', 'child_share_trend_themed.json', 'ur_children_forced_labour_stat.json',
                         'victims_by_age_sex_by_year.json'],
              'spec list: %s' % specs)
        links = browser.eval("[...document.querySelectorAll('#downloads a')].map(a => a.textContent + ' ' + a.getAttribute('href'))")
        check(len(links) >= 3 and all('download=1' in l and 'preset=instagram-portrait' in l for l in links),
              'download links for the selected preset: %s' % links)

        t0 = time.monotonic()
        srv.edit('child_share_trend.csv', '2022,38,', '2022,41,')
        check(browser.wait_for(DESC + ".includes('2022 (41%)')"), 'an edited CSV shows its new value (41%)')
        print('     (seen %.2f s after the save; a figure, not a test)' % (time.monotonic() - t0))

        # dark: the toggle redraws with the dark theme and keeps the value
        browser.eval("document.getElementById('dark').click()")
        check(browser.wait_for("location.hash.includes('theme=dark') && " + DESC + ".includes('41%')"),
              'dark toggle')
        browser.eval("document.getElementById('light').click()")
        check(browser.wait_for(IDLE + " && location.hash.includes('theme=light') && " + DESC + ".includes('41%')"),
              'light toggle')

        srv.edit('child_share_trend.json', '"x": "data_year"', '"x": "data_yeer"')
        expected = cli_error(binary, srv.path('child_share_trend.json'))
        check(browser.wait_for(ERROR_SHOWN + ' && ' + ERROR_TEXT + ' === ' + json.dumps(expected)),
              'a broken spec shows the CLI error: %r' % browser.eval(ERROR_TEXT))
        check(browser.eval(DESC + ".includes('41%')") and browser.eval(BIG_SHOWN),
              'the last good chart stays')
        if shot:
            # the whole page, every thumbnail included, as a 1440 x 1000 window scrolls it
            browser.call('Emulation.setDeviceMetricsOverride', width=1440, height=1000, deviceScaleFactor=1,
                         mobile=False)
            browser.wait_for("[...document.querySelectorAll('#grid img')].every(i => i.complete)")
            height = browser.eval('document.documentElement.scrollHeight')
            data = browser.call('Page.captureScreenshot', format='png', captureBeyondViewport=True,
                                clip={'x': 0, 'y': 0, 'width': 1440, 'height': height, 'scale': 1})['data']
            with open(shot, 'wb') as f:
                f.write(base64.b64decode(data))
            print('wrote ' + shot)

        srv.edit('child_share_trend.json', '"x": "data_yeer"', '"x": "data_year"')
        check(browser.wait_for('!' + ERROR_SHOWN), 'the error goes away at the next good save')

        check(browser.eval("document.getElementById('facet-box').hidden"), 'no chart selector without facets')
        # keys: -> next size, D dark, <- back, D light again
        for key, code, want in [('ArrowRight', 39, 'preset=story'), ('d', 68, 'theme=dark'),
                                ('ArrowLeft', 37, 'preset=instagram-portrait'), ('d', 68, 'theme=light')]:
            browser.eval("document.activeElement && document.activeElement.blur()")
            for kind in ('keyDown', 'keyUp'):
                browser.call('Input.dispatchKeyEvent', type=kind, key=key, code=key if len(key) > 1 else 'KeyD',
                             windowsVirtualKeyCode=code)
            check(browser.wait_for("location.hash.includes(%s)" % json.dumps(want)), 'key %s: %s' % (key, want))
        # a spec with facets: a selector of its charts
        browser.eval("[...document.querySelectorAll('#specs button')].find(b => b.textContent.startsWith('victims_')).click()")
        check(browser.wait_for("!document.getElementById('facet-box').hidden && " + IDLE + " && " + DESC +
                               ".includes(', 2004')"), 'faceted spec: chart selector shown, first chart')
        browser.eval("(() => { const s = document.getElementById('facet'); s.value = '1'; s.onchange(); })()")
        second = browser.eval("document.getElementById('facet').options[1].textContent")
        check(browser.wait_for(IDLE + " && " + DESC + ".includes(', %s')" % second), 'second chart shown (%s)' % second)

        # the Urdu chart, selected from the list
        browser.eval("[...document.querySelectorAll('#specs button')].find(b => b.textContent.startsWith('ur_')).click()")
        check(browser.wait_for(DESC + ".length > 0 && location.hash.includes('ur_children')"),
              'another chart selected from the list')
    finally:
        browser.close()
        rc = srv.stop()
    check(rc == 0, 'serve stops with status 0 (%s)' % rc)
    print('%d failed' % len(failures))
    return 1 if failures else 0


sys.exit(main())

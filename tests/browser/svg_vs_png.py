#!/usr/bin/env python3
"""Every example chart's SVG, opened in headless Chromium, looks like its PNG
and has its text as text.

Usage: svg_vs_png.py INFOCHART WORK_DIR SPEC_DIR... [--worst FILE.png]

For each chart spec in each SPEC_DIR (datasets/, the examples, and
tests/browser/cases/, an Arabic chart whose Naskh font is embedded; light,
and dark through a copy of the spec with "theme": "dark" for specs without an
organisation theme) the
script renders the PNG, the SVG and the scene (JSON) with INFOCHART, opens
the SVG in one headless Chromium (DevTools protocol) at the PNG's size, and
checks:

- pixels: both images blurred (Gaussian, radius 1 px) so that anti-aliasing
  and sub-pixel glyph placement do not count; a pixel differs when one of its
  channels differs by more than DIFF_LEVELS (of 255). At most MAX_SHARE of
  the pixels may differ (docs/svg.md gives the measured figures).
- text: document.querySelectorAll('text') has one element per text line of
  the scene, in order, each element's textContent is that line, and its
  left and right ends as the browser lays it out (getBBox) are within
  MAX_SHIFT of the scene's text box.

--worst writes the PNG, the screenshot and their difference side by side for
the chart with the largest share of differing pixels.

Exits 77 (skipped) when Chromium, python3-websocket or python3-pil is
missing. A spec with "facet" (several charts) is left out: its charts are of
kinds the other examples cover.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM = "/usr/bin/chromium"
DIFF_LEVELS = 64
MAX_SHARE = 0.003  # 0.3 % of the pixels
MAX_SHIFT = 1.0    # px: each <text>'s ends (getBBox) against the scene's text box

try:
    import websocket  # python3-websocket
    from PIL import Image, ImageChops, ImageFilter  # python3-pil
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)
if not os.access(CHROMIUM, os.X_OK):
    print(f"skipped: {CHROMIUM} is not installed")
    sys.exit(77)


class Browser:
    """One headless Chromium, one tab, driven over the DevTools protocol."""

    def __init__(self, profile):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--force-color-profile=srgb", "--font-render-hinting=none",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            if line.startswith("DevTools listening on "):
                url = line.split(" on ", 1)[1].strip()
        if url is None:
            self.close()
            raise RuntimeError("Chromium did not start")
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def open(self, path, width, height):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=True)
        self.call("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=True)
        # the document and its fonts (data: URIs load asynchronously)
        self.evaluate("new Promise(r => { const go = () => document.fonts.ready.then(() => r(1));"
                      " document.readyState === 'complete' ? go() : addEventListener('load', go); })")

    def evaluate(self, expr):
        res = self.call("Runtime.evaluate", {"expression": expr, "awaitPromise": True, "returnByValue": True},
                        session=True)
        return res["result"].get("value")

    def screenshot(self, path, width, height):
        res = self.call("Page.captureScreenshot",
                        {"format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
                        session=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(res["data"]))

    def close(self):
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except Exception:
            pass


def flatten(path):
    """The image on white, as RGB."""
    im = Image.open(path).convert("RGBA")
    bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
    return Image.alpha_composite(bg, im).convert("RGB")


def compare(png_path, shot_path):
    """(share of differing pixels, difference image)."""
    a, b = flatten(png_path), flatten(shot_path)
    if a.size != b.size:
        return 1.0, None
    blur = ImageFilter.GaussianBlur(1)
    diff = ImageChops.difference(a.filter(blur), b.filter(blur))
    r, g, bl = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(r, g), bl)
    hist = worst.histogram()
    big = sum(hist[DIFF_LEVELS + 1:])
    return big / (a.size[0] * a.size[1]), worst


def side_by_side(png_path, shot_path, worst, out):
    a, b = flatten(png_path), flatten(shot_path)
    # differences in red, stronger where larger; unchanged pixels white
    mask = worst.point(lambda v: 255 if v > DIFF_LEVELS else (v * 2 if v > 8 else 0))
    d = Image.new("RGB", a.size, (255, 255, 255))
    d.paste(Image.new("RGB", a.size, (214, 39, 40)), mask=mask)
    w, h = a.size
    gap = 16
    sheet = Image.new("RGB", (3 * w + 2 * gap, h), (200, 200, 200))
    for i, im in enumerate((a, b, d)):
        sheet.paste(im, (i * (w + gap), 0))
    sheet.thumbnail((1800, 1800))
    sheet.save(out)


def chart_variants(datasets, work):
    """(name, spec path) for every example, light and dark."""
    for name in sorted(os.listdir(datasets)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(datasets, name)
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        if not isinstance(spec, dict) or "chart" not in spec or "facet" in spec:
            continue
        yield name[:-5], path
        if "theme" in spec and spec["theme"] not in ("light", "dark"):
            continue  # an organisation theme sets its own colours
        spec["theme"] = "dark"
        spec["data"] = os.path.abspath(os.path.join(datasets, spec["data"]))
        dark = os.path.join(work, name[:-5] + "-dark.json")
        with open(dark, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        yield name[:-5] + "-dark", dark


def main():
    args = sys.argv[1:]
    worst_out = None
    if "--worst" in args:
        i = args.index("--worst")
        worst_out = args[i + 1]
        del args[i:i + 2]
    infochart, work, *spec_dirs = args
    os.makedirs(work, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
    browser = Browser(profile)
    failures, results = 0, []
    try:
        for name, spec in (v for d in spec_dirs for v in chart_variants(d, work)):
            base = os.path.join(work, name)
            r = subprocess.run([infochart, "render", spec, "-q", "-o", base + ".png", "-o", base + ".svg",
                                "--scene", base + ".scene.json"], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{name}: render failed: {r.stderr.strip()}")
                failures += 1
                continue
            with Image.open(base + ".png") as im:
                width, height = im.size
            browser.open(base + ".svg", width, height)
            browser.screenshot(base + ".chromium.png", width, height)
            share, worst = compare(base + ".png", base + ".chromium.png")
            results.append((share, name, base, worst))
            with open(base + ".scene.json", encoding="utf-8") as f:
                scene = json.load(f)
            want = [m["text"] for m in scene["marks"] if m.get("kind") == "text" and m.get("text")]
            got = browser.evaluate("Array.from(document.querySelectorAll('text'), t => t.textContent)")
            boxes = [m["box"] for m in scene["marks"] if m.get("kind") == "text" and m.get("text")]
            spans = browser.evaluate("Array.from(document.querySelectorAll('text'), t => {"
                                     " const b = t.getBBox(); return [b.x, b.x + b.width]; })")
            shift = max((max(abs(s[0] - b["x"]), abs(s[1] - b["x"] - b["w"])) for s, b in zip(spans or [], boxes)),
                        default=0)
            ok_px = share <= MAX_SHARE
            ok_text = got == want and shift <= MAX_SHIFT
            print(f"{name}: {share * 100:.3f} % of pixels differ by more than {DIFF_LEVELS}"
                  f"{'' if ok_px else ' (FAIL: limit ' + str(MAX_SHARE * 100) + ' %)'}; "
                  f"{len(got or [])} <text> for {len(want)} lines, ends within {shift:.2f} px{'' if ok_text else ' (FAIL)'}")
            if not ok_text:
                for i, (g, w) in enumerate(zip(got or [], want)):
                    if g != w:
                        print(f"  text {i}: got {g!r}, want {w!r}")
                        break
            failures += (not ok_px) + (not ok_text)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    if not results:
        print("no charts compared")
        return 1
    results.sort(key=lambda r: r[0], reverse=True)
    share, name, base, worst = results[0]
    print(f"worst: {name}, {share * 100:.3f} % (limit {MAX_SHARE * 100} %); {len(results)} charts")
    if worst_out and worst is not None:
        side_by_side(base + ".png", base + ".chromium.png", worst, worst_out)
        print(f"wrote {worst_out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

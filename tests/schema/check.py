#!/usr/bin/env python3
"""The JSON Schema of the chart spec and the spec reader agree.

    check.py SCHEMA INFOCHART SPEC_VERDICT SOURCE_DIR

1. The schema is a valid draft 2020-12 schema (check_schema).
2. Every example spec (datasets/, tests/corpus/, tests/golden/) is valid under
   the schema and read by the reader without error or warning.
3. Specs with one mistake each (unknown key, wrong enum, wrong type, missing
   required key, ...) are rejected by the schema and by `infochart check`,
   whose error names the mistake.
4. A few hundred random specs built from every key (valid and invalid values,
   fixed seed): the schema's verdict equals the reader's (SPEC_VERDICT, which
   reads the spec without its data), and for valid specs the keys the schema
   marks deprecated for the chart's kind are exactly the reader's warnings,
   with the same words.

What only the reader can judge is left out of 4 (docs/schema.md lists it):
dates formats ("x_format" is generated valid or not a string), the pixel
limit (verdict "limit" is skipped), theme files (only "light"/"dark" and
non-files are generated), characters no text may hold (never generated), and
whole numbers written with a fraction ("decimals": 2.0: never generated).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("check.py needs python3-jsonschema (apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(1)

SEED = 12
RANDOM_SPECS = 400

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


BASE = {
    "chart": "bar",
    "data": "data.csv",
    "x": "country",
    "y": "share",
    "title": "Children are a third of detected victims",
    "source": "UNODC",
}
CSV = "country,share,count\nA,38,10\nB,20,5\nC,42,7\n"

# (what, changes to BASE (None removes the key), words the reader's error has)
MISTAKES = [
    ("unknown key", {"subtitel": "x"}, "unknown key 'subtitel'"),
    ("unknown chart kind", {"chart": "bars"}, "unknown chart kind 'bars'"),
    ("wrong enum", {"sort": "up"}, "'sort' must be one of"),
    ("wrong type", {"value_labels": "yes"}, "'value_labels' must be true or false"),
    ("wrong type of title", {"title": 3}, "'title' must be a string"),
    ("missing required key", {"source": None}, "missing required key 'source'"),
    ("blank required text", {"title": "  "}, "'title' must not be empty"),
    ("number out of range", {"scale": 9}, "'scale' must be a number between 0.25 and 8"),
    ("bad size", {"size": "99x100"}, "'size' width must be between 100 and 10000"),
    ("unknown size preset", {"size": "instagram"}, "unknown size preset 'instagram'"),
    ("bad colour", {"accent": "red"}, "'accent' must be a colour"),
    ("bad output", {"outputs": ["chart.gif"]}, "'outputs[0]' must be"),
    ("output with a path", {"outputs": ["../chart.png"]}, "plain file name"),
    ("unknown member of number", {"number": {"styl": "percent"}}, "unknown key 'styl' in 'number'"),
    ("unknown member of a trend", {"chart": "line", "trend": {"shows": "ratio"}}, "unknown key 'shows' in 'trend'"),
    ("annotation without type", {"annotations": [{"text": "x"}]}, "needs a \"type\""),
    ("callout without x", {"annotations": [{"type": "callout", "text": "x"}]}, "a callout needs"),
    ("band without to", {"annotations": [{"type": "band", "from": "A"}]}, "a band needs"),
    ("reference line without value", {"annotations": [{"type": "line"}]}, "a reference line needs"),
    ("same separators", {"thousands": "."}, "'thousands' is \".\""),
    ("$schema not a string", {"$schema": 1}, "'$schema' must be a string"),
    ("cells out of range", {"chart": "waffle", "cells": 401}, "'cells' must be a whole number"),
    ("bad language tag", {"lang": "e"}, "'lang' must be a language tag"),
    ("bad stack", {"stack": "yes"}, "'stack' must be one of"),
    ("bad theme", {"theme": "blue"}, "'theme'"),
]


def with_changes(changes):
    spec = dict(BASE)
    for k, v in changes.items():
        if v is None:
            spec.pop(k, None)
        else:
            spec[k] = v
    return spec


def run_verdicts(tool, paths):
    """{path: (verdict, message, [warnings])} from the reader."""
    out = subprocess.run([tool] + paths, capture_output=True, text=True, check=True).stdout
    result, last = {}, None
    for line in out.splitlines():
        word, _, rest = line.partition(" ")
        if word == "warning":
            result[last][2].append(rest)
            continue
        path, _, msg = rest.partition(" ")
        result[path] = (word, msg, [])
        last = path
    return result


def check_examples(validator, tool, src):
    paths = []
    for sub in ("datasets", "tests/corpus"):
        d = os.path.join(src, sub)
        paths += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".json"))
    golden = os.path.join(src, "tests/golden")
    for case in sorted(os.listdir(golden)):
        p = os.path.join(golden, case, "spec.json")
        if os.path.exists(p):
            paths.append(p)
    verdicts = run_verdicts(tool, paths)
    for p in paths:
        with open(p, encoding="utf-8-sig") as f:
            spec = json.load(f)
        errors = [e.message for e in validator.iter_errors(spec)]
        if errors:
            fail("%s: not valid under the schema: %s" % (p, errors[0]))
        verdict, msg, warnings = verdicts[p]
        if verdict != "ok" or warnings:
            fail("%s: the reader says %s %s %s" % (p, verdict, msg, warnings))
    print("ok %d example specs valid" % len(paths))


def check_mistakes(validator, infochart, tmp):
    with open(os.path.join(tmp, "data.csv"), "w") as f:
        f.write(CSV)
    cases = [("the base spec", {}, None)] + MISTAKES
    for i, (what, changes, words) in enumerate(cases):
        spec = with_changes(changes)
        path = os.path.join(tmp, "mistake%d.json" % i)
        with open(path, "w") as f:
            json.dump(spec, f, indent=2)
        valid = validator.is_valid(spec)
        r = subprocess.run([infochart, "check", "--out", os.path.join(tmp, "out"), path],
                           capture_output=True, text=True)
        if words is None:
            if not valid or r.returncode != 0:
                fail("%s: should pass (schema %s, check: %s)" % (what, valid, r.stderr.strip()))
            continue
        if valid:
            fail("%s: the schema accepts %s" % (what, json.dumps(changes)))
        if r.returncode == 0 or words not in r.stderr:
            fail("%s: infochart check should fail with '%s', got status %d: %s"
                 % (what, words, r.returncode, r.stderr.strip()))
    print("ok %d specs with one mistake rejected by both" % len(MISTAKES))


# ---- random specs ----------------------------------------------------------

TEXTS = ["", " ", "x", "Children", 3, True, None, ["x"], {}]
NONBLANK = ["x", "share", " a ", "", " ", "\t", 0, False, None, ["x"]]
XVALUES = ["A", "2004", 2004, 3.5, "", " ", True, None, ["A"], {}]
BOOLS = [True, False, "true", 0, 1, None]


def enum_values(good, extra=()):
    return list(good) + ["", "Auto", "nope", 1, True, None] + list(extra)


def numbers(lo, hi, integer=False):
    vals = [lo, hi, (lo + hi) / 2, lo - 0.01, hi + 0.01, "1", None, True, -1, 1e300]
    if integer:
        vals = [int(lo), int(hi), int((lo + hi) // 2), int(lo) - 1, int(hi) + 1, 150, "100", 0.5, None, True]
    return vals


def number_objects():
    members = {
        "style": enum_values(["auto", "percent", "comma", "compact", "plain"]),
        "decimals": [0, 6, 3, -1, 7, 1.5, "2", None],
        "multiply": [1, 1e6, 0.01, -2, 0, 0.0, "2", None],
        "prefix": ["$", "", 3, None],
        "suffix": [" victims", "", 3, None],
        "sign": enum_values(["negative", "always"]),
        "styl": ["percent"],
    }
    return members


def trend_object(rng):
    members = {
        "show": enum_values(["ratio", "percent", "points", "difference"]),
        "from": XVALUES, "to": XVALUES, "series": NONBLANK, "label": TEXTS, "shows": ["ratio"],
    }
    return random_object(rng, members, 0.15)


def annotation_object(rng):
    members = {
        "type": enum_values(["callout", "band", "line"]),
        "text": ["Peak", "", 3, None], "x": XVALUES, "series": NONBLANK, "from": XVALUES, "to": XVALUES,
        "value": [0, 3.5, -1e15, 1e15, 2e15, "3", None], "kind": ["band"],
    }
    obj = random_object(rng, members, 0.1)
    # mostly well-formed members for the type, so both sides get past it
    if rng.random() < 0.7:
        obj["type"] = rng.choice(["callout", "band", "line"])
        need = {"callout": {"x": "A", "text": "Peak"}, "band": {"from": "A", "to": "B"}, "line": {"value": 3}}
        for k, v in need[obj["type"]].items():
            if rng.random() < 0.85:
                obj[k] = v
    return obj


def random_object(rng, members, p_wrong):
    obj = {}
    for name, values in members.items():
        if rng.random() < 0.4:
            v = rng.choice(values)
            if rng.random() > p_wrong and name in ("shows", "styl", "kind"):
                continue
            obj[name] = v
    return obj


def candidates(rng, key, schema):
    """A random value for `key`: usually valid, sometimes not."""
    kinds = schema["properties"]["chart"]["enum"]
    presets = schema["properties"]["size"]["anyOf"][0]["enum"]
    table = {
        "$schema": ["../docs/schema/infochart.schema.json", "", 3, None],
        "chart": enum_values(kinds, ["Bar", "bars", "histogram"]),
        "data": NONBLANK,
        "x": NONBLANK,
        "y": NONBLANK + [["a", "b"], ["a", "a"], [], ["a", ""], ["a", 3]],
        "title": NONBLANK, "source": NONBLANK,
        "subtitle": TEXTS, "note": TEXTS, "byline": TEXTS, "description": TEXTS,
        "size": presets + ["1080x1350", "100x100", "10000 x 10000", "99x100", "100x10001", "0100X0200", "1080*1350",
                           "1080x", "x100", "Story", "", 1080, None],
        "scale": numbers(0.25, 1) + [2],
        "text_scale": numbers(0.5, 3),
        "number": enum_values(["auto", "percent", "comma", "compact", "plain"]),
        "highlight": ["A", "", ["A", "B"], [], ["A", 3], 3, None, [""]],
        "outputs": [["png"], ["svg", "pdf"], ["chart.png"], ["a.svg", "b.pdf"], ["png", "png"], [], ["gif"],
                    ["a/b.png"], [".png"], ["x..y.png"], ["a\\b.svg"], ["chart.PNG"], "png", [3]],
        "orientation": enum_values(["auto", "horizontal", "vertical"]),
        "sort": enum_values(["none", "ascending", "descending"]),
        "value_labels": BOOLS,
        "delimiter": enum_values([",", "comma", ";", "semicolon", "\t", "tab", "|", "pipe"], [" ", ":"]),
        "decimal": enum_values([".", ","], ["'"]),
        "thousands": enum_values([",", ".", " ", "'", ""], ["_"]),
        "x_format": ["%d/%m/%Y", "%Y-%m-%d", "%Y", "", " ", 3, None],
        "series": NONBLANK,
        "aggregate": enum_values(["none", "sum", "mean", "median", "count", "min", "max"]),
        "types": [{}, {"a": "number"}, {"a": "date", "b": "text"}, {"a": "year"}, {"a": "int"}, {"a": 3}, [], "a"],
        "accent": ["#d9480f", "#D9480F", "#d9480", "#d9480ff", "red", "", 3, None],
        "muted": ["#999999", "#abcdef", "999999", None],
        "background": ["#ffffff", "#000000", "#fff", None],
        "palette": [["#d9480f"], ["#d9480f", "#1c7ed6"], [], ["red"], "#d9480f", [3]],
        "theme": enum_values(["light", "dark"], ["blue", "Dark"]),
        "stack": [True, False, "none", "normal", "percent", "yes", 1, None],
        "y_from_zero": BOOLS, "markers": BOOLS, "mirror_time": BOOLS,
        "hole": numbers(0, 0.9),
        "center_value": TEXTS, "center_label": TEXTS, "label": TEXTS, "context": TEXTS,
        "icon": enum_values(["square", "circle", "person", "child"]),
        "cells": numbers(10, 400, integer=True),
        "row": XVALUES,
        "facet": NONBLANK,
        "facet_scale": enum_values(["shared", "independent"]),
        "lang": ["en", "ur", "ur-PK", "zh-Hant-TW", "e", "1en", "en_GB", "abcdefghijklmnop", "", 3, None],
        "direction": enum_values(["auto", "ltr", "rtl"]),
        "digits": enum_values(["western", "arabic-indic", "urdu"]),
        "missing_glyphs": enum_values(["warn", "error"]),
        "svg_text": enum_values(["text", "paths"], ["outlines", "Text"]),
    }
    if key == "number" and rng.random() < 0.5:
        return random_object(rng, number_objects(), 0.15)
    if key == "trend":
        r = rng.random()
        if r < 0.45:
            return trend_object(rng)
        if r < 0.9:
            return [trend_object(rng) for _ in range(rng.randint(0, 3))]
        return rng.choice(["ratio", 3, None])
    if key == "annotations":
        if rng.random() < 0.9:
            return [annotation_object(rng) for _ in range(rng.randint(0, 3))]
        return rng.choice([{"type": "band"}, "callout", None])
    return rng.choice(table[key])


def random_spec(rng, schema, validator):
    """Half of the specs take any value; the other half redraw a value (up to
    8 times) until the schema still accepts the spec, so that the reader is
    shown many specs the schema calls valid, too."""
    keys = list(schema["properties"])
    spec = dict(BASE)
    spec["chart"] = rng.choice(schema["properties"]["chart"]["enum"])
    lean_valid = rng.random() < 0.5
    for _ in range(rng.randint(0, 6)):
        key = rng.choice(keys)
        for _ in range(8 if lean_valid else 1):
            spec[key] = candidates(rng, key, schema)
            if not lean_valid or validator.is_valid(spec):
                break
    for req in schema["required"]:
        if not lean_valid and rng.random() < 0.05:
            spec.pop(req, None)
    return spec


def expected_warnings(schema, spec):
    kind = schema["$defs"]["kinds"].get(spec.get("chart"), {}).get("properties", {})
    out = []
    for key in spec:
        p = kind.get(key)
        if isinstance(p, dict) and p.get("deprecated"):
            out.append(p["deprecationMessage"])
    return out


def check_random(validator, schema, tool, tmp):
    rng = random.Random(SEED)
    specs, paths = [], []
    for i in range(RANDOM_SPECS):
        spec = random_spec(rng, schema, validator)
        path = os.path.join(tmp, "random%03d.json" % i)
        with open(path, "w") as f:
            json.dump(spec, f, indent=1)
        specs.append(spec)
        paths.append(path)
    verdicts = run_verdicts(tool, paths)
    counts = {"valid": 0, "invalid": 0, "skipped": 0, "warned": 0}
    for spec, path in zip(specs, paths):
        verdict, msg, warnings = verdicts[path]
        if verdict == "limit":
            counts["skipped"] += 1
            continue
        errors = list(validator.iter_errors(spec))
        schema_ok = not errors
        if schema_ok != (verdict == "ok"):
            why = errors[0].message if errors else "valid"
            fail("%s: schema says %s, reader says %s %s\n  %s" % (path, why, verdict, msg, json.dumps(spec)))
            continue
        counts["valid" if schema_ok else "invalid"] += 1
        if schema_ok:
            want = expected_warnings(schema, spec)
            got = [w.split(": warning: ", 1)[1] for w in warnings]
            if want != got:
                fail("%s: schema marks %s, reader warns %s" % (path, want, got))
            counts["warned"] += bool(want)
    print("ok %d random specs: %d valid (%d with keys of other kinds), %d invalid, %d over the pixel limit skipped"
          % (RANDOM_SPECS, counts["valid"], counts["warned"], counts["invalid"], counts["skipped"]))
    # the property says little unless both verdicts were seen often
    if counts["valid"] < RANDOM_SPECS // 5 or counts["invalid"] < RANDOM_SPECS // 5 or counts["warned"] < 20:
        fail("random specs are too one-sided: %s" % counts)


def main():
    if len(sys.argv) != 5:
        print("usage: check.py SCHEMA INFOCHART SPEC_VERDICT SOURCE_DIR", file=sys.stderr)
        return 2
    schema_path, infochart, tool, src = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    print("ok the schema is a valid draft 2020-12 schema")
    validator = jsonschema.Draft202012Validator(schema)
    with tempfile.TemporaryDirectory() as tmp:
        check_examples(validator, tool, src)
        check_mistakes(validator, infochart, tmp)
        check_random(validator, schema, tool, tmp)
    if failures:
        print("%d failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

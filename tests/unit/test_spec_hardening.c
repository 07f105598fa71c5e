/* Spec reader against hostile specs: characters no output can carry (in any
 * string, key or value, at any depth, written raw or as an escape) refused
 * at the character's position, and the PNG pixel budget checked at load. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/util.h"
#include "spec/spec.h"

#define SPEC_PATH "s.json"

/* The minimal valid spec (lines 1-7); one more line (line 8) is added. */
#define HEAD \
    "{\n" \
    "  \"chart\": \"bar\",\n" \
    "  \"data\": \"victims.csv\",\n" \
    "  \"x\": \"group\",\n" \
    "  \"y\": \"share\",\n" \
    "  \"title\": \"One in three victims is a child\",\n" \
    "  \"source\": \"UNODC\",\n"

static ic_spec *parse_limited(const char *text, const ic_limits *lim, ic_error *err)
{
    memset(err, 0, sizeof *err);
    return ic_spec_parse_limited(text, strlen(text), SPEC_PATH, lim, err);
}

/* Expects `text` to fail with `code` at line:col and exactly `message`. */
static void expect_fail(int at, const char *text, const ic_limits *lim, ic_error_code code, int line, int col,
                        const char *message)
{
    ic_error err;
    ic_spec *s = parse_limited(text, lim, &err);
    int ok = !s && err.code == code && err.line == line && err.column == col &&
             strcmp(err.message, message) == 0 && strcmp(err.file, SPEC_PATH) == 0;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_spec_hardening.c:%d: got %s, code %d at %d:%d \"%s\"; expected code %d at %d:%d \"%s\"\n",
                at, s ? "success" : "failure", (int)err.code, err.line, err.column, err.message, (int)code, line,
                col, message);
    ic_spec_free(s);
}

#define EXPECT_FAIL(text, lim, code, line, col, message) \
    expect_fail(__LINE__, (text), (lim), (code), (line), (col), (message))

/* Spec = HEAD + `extra` (which starts line 8) + "}". */
static char *with(const char *extra)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_printf(&b, "%s%s\n}\n", HEAD, extra);
    return ic_buf_take(&b);
}

/* Column (1-based) of `marker` in line 8 of `text`; the line must be ASCII
 * up to the marker. */
static int col_of(const char *text, const char *marker)
{
    const char *line = text;
    for (int l = 1; l < 8; l++)
        line = strchr(line, '\n') + 1;
    return (int)(strstr(line, marker) - line) + 1;
}

static void expect_text_error(int at, const char *extra, const char *marker, const char *message)
{
    char *text = with(extra);
    expect_fail(at, text, NULL, IC_ERR_SPEC, 8, col_of(text, marker), message);
    free(text);
}

#define EXPECT_TEXT_ERROR(extra, marker, message) expect_text_error(__LINE__, (extra), (marker), (message))

static void test_forbidden_escapes(void)
{
    EXPECT_TEXT_ERROR("  \"subtitle\": \"A \\u001b b\"", "\\u001b",
                      "'subtitle': control character U+001B is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\u0001\"", "\\u0001",
                      "'note': control character U+0001 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"byline\": \"x\\ufffe\"", "\\ufffe",
                      "'byline': noncharacter U+FFFE is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\uFFFF\"", "\\uFFFF", "'note': noncharacter U+FFFF is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\ufdd0\"", "\\ufdd0", "'note': noncharacter U+FDD0 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\u007f\"", "\\u007f",
                      "'note': control character U+007F is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\u0085\"", "\\u0085",
                      "'note': control character U+0085 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"note\": \"\\b\\f\"", "\\b", "'note': control character U+0008 is not allowed in text");
    /* a surrogate pair naming a noncharacter of plane 1 */
    EXPECT_TEXT_ERROR("  \"note\": \"ok \\ud83f\\udffe\"", "\\ud83f",
                      "'note': noncharacter U+1FFFE is not allowed in text");
    /* the first bad character wins, in document order */
    EXPECT_TEXT_ERROR("  \"note\": \"a\\u0002b\\u0003\"", "\\u0002",
                      "'note': control character U+0002 is not allowed in text");
}

static void test_forbidden_everywhere(void)
{
    /* array items, nested objects, deeper values, keys, outputs */
    EXPECT_TEXT_ERROR("  \"highlight\": [\"Children\", \"\\uffff\"]", "\\uffff",
                      "'highlight[1]': noncharacter U+FFFF is not allowed in text");
    EXPECT_TEXT_ERROR("  \"number\": {\"suffix\": \" \\u0007\"}", "\\u0007",
                      "'number.suffix': control character U+0007 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"annotations\": [{\"type\": \"callout\", \"x\": \"Children\", \"text\": \"\\u001f\"}]",
                      "\\u001f", "'annotations[0].text': control character U+001F is not allowed in text");
    EXPECT_TEXT_ERROR("  \"annotations\": [{\"type\": \"callout\", \"more\": {\"deep\": [\"\\u0002\"]}}]", "\\u0002",
                      "'annotations[0].more': control character U+0002 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"outputs\": [\"a\\u0001.png\"]", "\\u0001",
                      "'outputs[0]': control character U+0001 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"no\\u0001te\": \"x\"", "\\u0001",
                      "key 'no\\x01te': control character U+0001 is not allowed in text");
    EXPECT_TEXT_ERROR("  \"number\": {\"\\ufffe\": 1}", "\\ufffe",
                      "key 'number.\\ufffe': noncharacter U+FFFE is not allowed in text");
    /* refused before the key's own checks (an unknown key, a wrong type) */
    EXPECT_TEXT_ERROR("  \"colour\\u001b\": 3", "\\u001b",
                      "key 'colour\\x1b': control character U+001B is not allowed in text");
    EXPECT_TEXT_ERROR("  \"size\": \"\\u0001\"", "\\u0001",
                      "'size': control character U+0001 is not allowed in text");

    /* the example of the issue: an escape sequence in the title */
    EXPECT_FAIL("{\n  \"chart\": \"bar\",\n  \"title\": \"\\u001b[31mRed\",\n  \"data\": \"v.csv\"\n}", NULL,
                IC_ERR_SPEC, 3, 13, "'title': control character U+001B is not allowed in text");
}

static void test_forbidden_raw(void)
{
    /* written as UTF-8 in the file; columns count characters */
    char *text = with("  \"note\": \"C\xC3\xB4te \xEF\xBF\xBE\"");
    EXPECT_FAIL(text, NULL, IC_ERR_SPEC, 8, 17, "'note': noncharacter U+FFFE is not allowed in text");
    free(text);
    text = with("  \"note\": \"a\x7F\"");
    EXPECT_FAIL(text, NULL, IC_ERR_SPEC, 8, 13, "'note': control character U+007F is not allowed in text");
    free(text);
    text = with("  \"note\": \"\xC2\x85\"");
    EXPECT_FAIL(text, NULL, IC_ERR_SPEC, 8, 12, "'note': control character U+0085 is not allowed in text");
    free(text);
    text = with("  \"note\": \"\xF0\x9F\xBF\xBF\"");
    EXPECT_FAIL(text, NULL, IC_ERR_SPEC, 8, 12, "'note': noncharacter U+1FFFF is not allowed in text");
    free(text);
    text = with("  \"x\xC2\x9F\": 1");
    EXPECT_FAIL(text, NULL, IC_ERR_SPEC, 8, 5, "key 'x\\u009f': control character U+009F is not allowed in text");
    free(text);
}

static void test_allowed_text(void)
{
    /* tab, line feed and carriage return stay allowed (titles may break lines);
     * so do U+00A0, U+FFFD, U+FFFC, emoji and right-to-left text */
    char *text = with("  \"note\": \"a\\tb\\nc\\r\\u00a0\\ufffd\\ufffc\\ud83d\\ude00 \xD8\xB9 \xEF\xBF\xBD\"");
    ic_error err;
    ic_spec *s = parse_limited(text, NULL, &err);
    CHECK(s != NULL);
    if (s)
        CHECK_STR(s->note, "a\tb\nc\r\xC2\xA0\xEF\xBF\xBD\xEF\xBF\xBC\xF0\x9F\x98\x80 \xD8\xB9 \xEF\xBF\xBD");
    else
        fprintf(stderr, "  %d:%d: %s\n", err.line, err.column, err.message);
    ic_spec_free(s);
    free(text);
}

static void test_pixel_budget(void)
{
    /* the example: inside the size and scale ranges, far past the budget */
    char *text = with("  \"size\": \"10000x10000\",\n  \"scale\": 3.27,\n  \"outputs\": [\"png\", \"svg\"]");
    EXPECT_FAIL(text, NULL, IC_ERR_LIMIT, 9, 12,
                "a PNG of 10000 x 10000 at scale 3.27 (32700 x 32700 pixels) is 1069290000 pixels, "
                "more than the limit of 100000000 (limit 'pixels')");
    free(text);
    /* the same without a PNG output draws no pixels */
    text = with("  \"size\": \"10000x10000\",\n  \"scale\": 3.27,\n  \"outputs\": [\"svg\", \"report.pdf\"]");
    ic_error err;
    ic_spec *s = parse_limited(text, NULL, &err);
    CHECK(s != NULL);
    ic_spec_free(s);
    free(text);
    /* exactly the budget is allowed; one step more is not */
    text = with("  \"size\": \"10000x10000\"");
    s = parse_limited(text, NULL, &err);
    CHECK(s != NULL);
    ic_spec_free(s);
    free(text);
    /* default outputs include a PNG; a named .png output counts too */
    text = with("  \"size\": \"10000x10000\",\n  \"scale\": 1.01");
    EXPECT_FAIL(text, NULL, IC_ERR_LIMIT, 9, 12,
                "a PNG of 10000 x 10000 at scale 1.01 (10100 x 10100 pixels) is 102010000 pixels, "
                "more than the limit of 100000000 (limit 'pixels')");
    free(text);
    text = with("  \"scale\": 8,\n  \"size\": \"4000x4000\",\n  \"outputs\": [\"big.png\"]");
    EXPECT_FAIL(text, NULL, IC_ERR_LIMIT, 8, 12,
                "a PNG of 4000 x 4000 at scale 8 (32000 x 32000 pixels) is 1024000000 pixels, "
                "more than the limit of 100000000 (limit 'pixels')");
    free(text);

    /* the caller's limit: at 'size' without 'scale', at the PNG output
     * without either, at the top without any */
    ic_limits lim;
    ic_limits_default(&lim);
    lim.pixels = 1e6;
    text = with("  \"size\": \"1080x1080\"");
    EXPECT_FAIL(text, &lim, IC_ERR_LIMIT, 8, 11,
                "a PNG of 1080 x 1080 at scale 1 (1080 x 1080 pixels) is 1166400 pixels, "
                "more than the limit of 1000000 (limit 'pixels')");
    free(text);
    text = with("  \"outputs\": [\"svg\", \"png\"]");
    EXPECT_FAIL(text, &lim, IC_ERR_LIMIT, 8, 22,
                "a PNG of 1080 x 1080 at scale 1 (1080 x 1080 pixels) is 1166400 pixels, "
                "more than the limit of 1000000 (limit 'pixels')");
    free(text);
    EXPECT_FAIL(HEAD "  \"note\": \"n\"\n}", &lim, IC_ERR_LIMIT, 1, 1,
                "a PNG of 1080 x 1080 at scale 1 (1080 x 1080 pixels) is 1166400 pixels, "
                "more than the limit of 1000000 (limit 'pixels')");
    text = with("  \"size\": \"1000x1000\"");
    s = parse_limited(text, &lim, &err);
    CHECK(s != NULL);
    if (s)
        CHECK(s->limits.pixels == 1e6);
    ic_spec_free(s);
    free(text);
    /* ic_spec_parse uses the default limits */
    text = with("  \"size\": \"1080x1080\"");
    s = ic_spec_parse(text, strlen(text), SPEC_PATH, &err);
    CHECK(s != NULL);
    ic_spec_free(s);
    free(text);
}

/* ---- property: the position scanner stays in step with jansson ---------- */

static unsigned long rng_state = 12345;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng_state >> 33) % n);
}

/* A random JSON string: letters, escapes and raw UTF-8, some of them
 * characters no chart text may hold. */
static void random_string(ic_buf *b, unsigned tag)
{
    static const char *const pieces[] = {
        "a", "Z", " ", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\xC3\xA9",
        "\xE2\x80\x99", "\xF0\x9F\x98\x80", "{", "]", ":", ",",
        /* forbidden */
        "\\u001b", "\\u0001", "\\ufffe", "\\uFFFF", "\\ud83f\\udffe", "\\u0085", "\\b", "\x7F", "\xC2\x85",
        "\xEF\xBF\xBE", "\xEF\xB7\x90",
    };
    size_t n = sizeof pieces / sizeof pieces[0];
    ic_buf_puts(b, "\"");
    for (unsigned k = rnd(6); k > 0; k--) {
        /* forbidden pieces are rarer, so many specs have none */
        unsigned i = rnd(8) ? rnd(17) : rnd((unsigned)n);
        ic_buf_puts(b, pieces[i]);
    }
    if (tag)
        ic_buf_printf(b, "%u", tag); /* keeps the keys of an object distinct */
    ic_buf_puts(b, "\"");
}

static void random_value(ic_buf *b, int depth)
{
    unsigned kind = depth > 5 ? rnd(3) : rnd(5);
    if (kind == 0)
        random_string(b, 0);
    else if (kind == 1)
        ic_buf_puts(b, rnd(2) ? "-12.5e3" : "true");
    else if (kind == 2)
        ic_buf_puts(b, "null");
    else if (kind == 3) {
        ic_buf_puts(b, "[ ");
        for (unsigned k = rnd(4); k > 0; k--) {
            random_value(b, depth + 1);
            ic_buf_puts(b, k > 1 ? ",\n " : "");
        }
        ic_buf_puts(b, "]");
    } else {
        ic_buf_puts(b, "{");
        for (unsigned k = rnd(4); k > 0; k--) {
            random_string(b, k);
            ic_buf_puts(b, ": ");
            random_value(b, depth + 1);
            ic_buf_puts(b, k > 1 ? ",\r\n" : "");
        }
        ic_buf_puts(b, "}");
    }
}

/* 1 when a key or string anywhere in `v` holds a forbidden character. */
static int has_forbidden(const json_t *v)
{
    size_t off;
    unsigned cp;
    if (json_is_string(v))
        return ic_text_forbidden(json_string_value(v), json_string_length(v), &off, &cp);
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (has_forbidden(json_array_get(v, i)))
                return 1;
        return 0;
    }
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m)
        if (ic_text_forbidden(key, strlen(key), &off, &cp) || has_forbidden(m))
            return 1;
    return 0;
}

static void test_scanner_in_step(void)
{
    int specs = 0, bad = 0;
    for (int round = 0; round < 3000; round++) {
        ic_buf b = IC_BUF_INIT;
        ic_buf_puts(&b, HEAD "  \"z\": ");
        random_value(&b, 1);
        ic_buf_puts(&b, "\n}\n");
        char *text = ic_buf_take(&b);
        if (!text)
            break;
        json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
        if (root) {
            /* jansson accepted it: the spec reader refuses exactly the
             * specs holding a forbidden character, at a place in the "z" value */
            int want = has_forbidden(root);
            ic_error err;
            ic_spec *s = parse_limited(text, NULL, &err);
            int got = !s && strstr(err.message, "is not allowed in text") != NULL;
            specs++;
            bad += want;
            CHECK(got == want);
            if (got != want || (got && err.line < 8))
                fprintf(stderr, "  want %d, got %d:%d %s for:\n%s\n", want, err.line, err.column, err.message,
                        text);
            ic_spec_free(s);
            json_decref(root);
        }
        free(text);
    }
    /* the generator must make both kinds */
    CHECK(specs > 1000 && bad > 200 && specs - bad > 200);
    fprintf(stderr, "  scanner: %d specs, %d with a forbidden character\n", specs, bad);
}

int main(void)
{
    test_forbidden_escapes();
    test_forbidden_everywhere();
    test_forbidden_raw();
    test_allowed_text();
    test_pixel_budget();
    test_scanner_in_step();
    return CHECK_DONE();
}

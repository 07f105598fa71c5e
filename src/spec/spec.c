/* Chart spec reader: jansson parses, this file validates every key and keeps
 * positions (from jsonpos.c) so each error points at the offending text. */
#include "spec/spec.h"
#include "data/dates.h"
#include "charts/registry.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/util.h"
#include "spec/jsonpos.h"
#include "spec/theme_file.h"

#define SPEC_MAX_BYTES ((size_t)4 << 20)
#define SIZE_MIN_PX IC_SPEC_SIZE_MIN
#define SIZE_MAX_PX IC_SPEC_SIZE_MAX
/* How many x values ic_suggest looks at (it is quadratic per pair). */
#define SUGGEST_MAX_VALUES 10000

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ctx {
    const char *file;       /* spec path for errors, may be NULL */
    const ic_jsonpos *jp;
    ic_error *err;
    ic_spec *spec;
    const char *base;       /* spec file name without .json, for default outputs */
    int direction;          /* "direction": 0 auto, 1 ltr, 2 rtl */
    const ic_theme *reuse;  /* a theme already loaded from the same text (facets), or NULL */
} ctx;

/* ---- messages ------------------------------------------------------------ */

/* Appends `n` bytes of `s` to the string `out` (`*o` bytes long, `size`
 * bytes in all) when they fit with `reserve` bytes to spare besides the
 * terminator. Returns 0, or -1 leaving `out` as it was. */
static int put(char *out, size_t size, size_t *o, const char *s, size_t n, size_t reserve)
{
    if (*o + n + reserve >= size)
        return -1;
    memcpy(out + *o, s, n);
    *o += n;
    out[*o] = '\0';
    return 0;
}

/* Copies `s` (`len` bytes) into `out` for a message: quotes, backslashes,
 * control characters, noncharacters and invalid bytes escaped (so no
 * message can carry a terminal escape sequence), cut after about 60 bytes
 * at a character boundary. */
static const char *esc(const char *s, size_t len, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0, n; i < len; i += n) {
        unsigned char ch = (unsigned char)s[i];
        n = (ch & 0xE0) == 0xC0 ? 2 : (ch & 0xF0) == 0xE0 ? 3 : (ch & 0xF8) == 0xF0 ? 4 : 1;
        if (n > len - i || !ic_utf8_valid(s + i, n, NULL))
            n = 1;
        if (o >= 60) {
            put(out, size, &o, "...", 3, 0);
            break;
        }
        char tmp[16];
        const char *piece = tmp;
        size_t off;
        unsigned cp;
        if (ch == '"' || ch == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", ch);
        else if (ch == '\n')
            snprintf(tmp, sizeof tmp, "\\n");
        else if (ch == '\t')
            snprintf(tmp, sizeof tmp, "\\t");
        else if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && n == 1))
            snprintf(tmp, sizeof tmp, "\\x%02x", ch);
        else if (n > 1 && ic_text_forbidden(s + i, n, &off, &cp))
            snprintf(tmp, sizeof tmp, cp > 0xFFFF ? "\\U%08x" : "\\u%04x", cp);
        else
            piece = s + i;
        /* room for the "..." of a later cut */
        if (put(out, size, &o, piece, piece == tmp ? strlen(tmp) : n, 3) < 0)
            break;
    }
    return out;
}

#define ESC(s, b) esc((s), strlen(s), (b), sizeof(b))

/* What a JSON value is, for "got ..." in messages: strings quoted, numbers
 * and literals as written, containers by kind. */
static const char *describe(const json_t *v, char *out, size_t size)
{
    char tmp[200];
    switch (json_typeof(v)) {
    case JSON_STRING:
        snprintf(out, size, "\"%s\"", esc(json_string_value(v), json_string_length(v), tmp, sizeof tmp));
        break;
    case JSON_INTEGER:
        snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(out, size, "%g", json_real_value(v));
        break;
    case JSON_TRUE: snprintf(out, size, "true"); break;
    case JSON_FALSE: snprintf(out, size, "false"); break;
    case JSON_NULL: snprintf(out, size, "null"); break;
    case JSON_ARRAY: snprintf(out, size, "an array"); break;
    case JSON_OBJECT: snprintf(out, size, "an object"); break;
    }
    return out;
}

/* "a, b, c" into `out`, ending in ", ..." when not everything fits. */
static const char *join_list(const char *const *items, size_t n, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char tmp[200];
        const char *item = ESC(items[i], tmp);
        const char *sep = i ? ", " : "";
        /* the item, keeping room for a later ", ..." */
        if (o + strlen(sep) + strlen(item) + 6 >= size) {
            put(out, size, &o, sep, strlen(sep), 0);
            put(out, size, &o, "...", 3, 0);
            break;
        }
        put(out, size, &o, sep, strlen(sep), 0);
        put(out, size, &o, item, strlen(item), 0);
    }
    return out;
}

/* " (did you mean 'x'?)" when a candidate is close, else "". */
static const char *did_you_mean(const char *word, const char *const *cands, size_t n, char *out,
                                size_t size)
{
    const char *s = ic_suggest(word, cands, n);
    char tmp[200];
    if (s)
        snprintf(out, size, " (did you mean '%s'?)", ESC(s, tmp));
    else
        out[0] = '\0';
    return out;
}

static ic_pos value_pos(const ctx *c, const char *path)
{
    ic_pos p = { 0, 0 };
    ic_jsonpos_find(c->jp, path, NULL, NULL, &p.line, &p.column);
    return p;
}

static ic_pos key_pos(const ctx *c, const char *path)
{
    ic_pos p = { 0, 0 };
    ic_jsonpos_find(c->jp, path, &p.line, &p.column, NULL, NULL);
    return p;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(const ctx *c, ic_pos p, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ic_error_set(c->err, IC_ERR_SPEC, c->file, p.line, p.column, "%s", msg);
}

static int nomem(const ctx *c)
{
    return ic_error_set(c->err, IC_ERR_NOMEM, c->file, 0, 0, "out of memory");
}

/* `*slot = strdup(s)`, reporting out of memory. */
static int dup_into(const ctx *c, char **slot, const char *s)
{
    free(*slot);
    *slot = ic_strdup(s);
    return *slot ? 0 : nomem(c);
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* ---- typed getters -------------------------------------------------------- */

/* The string value at `path`, or NULL after reporting a type error. */
static const char *want_string(const ctx *c, const char *path, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    char got[256];
    fail_at(c, value_pos(c, path), "'%s' must be a string, got %s", path, describe(v, got, sizeof got));
    return NULL;
}

/* A string that must hold something besides spaces. */
static const char *want_text(const ctx *c, const char *path, const json_t *v, const char *what)
{
    const char *s = want_string(c, path, v);
    if (s && is_blank(s)) {
        fail_at(c, value_pos(c, path), "'%s' must not be empty%s", path, what ? what : "");
        return NULL;
    }
    return s;
}

/* Index of the string value in `names`, or -1 after reporting. */
static int want_enum(const ctx *c, const char *path, const json_t *v, const char *const *names,
                     size_t n)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    char list[512], got[256], hint[256] = "";
    if (s)
        did_you_mean(s, names, n, hint, sizeof hint);
    fail_at(c, value_pos(c, path), "'%s' must be one of %s, got %s%s", path,
            join_list(names, n, list, sizeof list), describe(v, got, sizeof got), hint);
    return -1;
}

static int want_number(const ctx *c, const char *path, const json_t *v, double lo, double hi,
                       double *out)
{
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if (d >= lo && d <= hi) {
            *out = d;
            return 0;
        }
    }
    char got[256];
    return fail_at(c, value_pos(c, path), "'%s' must be a number between %g and %g, got %s", path, lo,
                   hi, describe(v, got, sizeof got));
}

static int is_colour(const char *s)
{
    if (s[0] != '#' || strlen(s) != 7)
        return 0;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A "#rrggbb" colour, stored in lower case. */
static int want_colour(const ctx *c, const char *path, const json_t *v, char **slot)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || !is_colour(s)) {
        char got[256];
        return fail_at(c, value_pos(c, path),
                       "'%s' must be a colour written \"#rrggbb\" (e.g. \"#d9480f\"), got %s", path,
                       describe(v, got, sizeof got));
    }
    if (dup_into(c, slot, s) < 0)
        return -1;
    for (char *p = *slot; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return 0;
}

/* ---- keys ----------------------------------------------------------------- */

typedef struct key_def key_def;
typedef int (*key_fn)(ctx *c, const key_def *k, const json_t *v);

enum { REQUIRED = 1, NONEMPTY = 2 };

struct key_def {
    const char *name;
    key_fn fn;
    size_t field;       /* offsetof a char * in ic_spec, for the plain string keys */
    int flags;
    const char *why_missing; /* appended to "missing required key" */
    const char *why_empty;   /* appended to "must not be empty" (NONEMPTY keys) */
};

#define FIELD(k, c) (*(char **)((char *)(c)->spec + (k)->field))


/* Plain text keys; optional ones given as "" are treated as absent. */
static int k_text(ctx *c, const key_def *k, const json_t *v)
{
    const char *s = (k->flags & NONEMPTY) ? want_text(c, k->name, v, k->why_empty) : want_string(c, k->name, v);
    if (!s)
        return -1;
    if (!*s) {
        free(FIELD(k, c));
        FIELD(k, c) = NULL;
        return 0;
    }
    return dup_into(c, &FIELD(k, c), s);
}

static int k_chart(ctx *c, const key_def *k, const json_t *v)
{
    const char *s = want_text(c, k->name, v, NULL);
    if (!s)
        return -1;
    c->spec->pos_chart = value_pos(c, k->name);
    /* the known kinds are the rows of the chart registry */
    const char *chart_kinds[32];
    size_t nkinds = 0;
    for (const ic_chart_kind *kind = ic_chart_kinds(); kind->name && nkinds < COUNT(chart_kinds); kind++)
        chart_kinds[nkinds++] = kind->name;
    if (ic_chart_kind_find(s))
        return dup_into(c, &c->spec->chart, s);
    char tmp[200], hint[256], list[256];
    if (!*did_you_mean(s, chart_kinds, nkinds, hint, sizeof hint))
        snprintf(hint, sizeof hint, " (known kinds: %s)", join_list(chart_kinds, nkinds, list, sizeof list));
    return fail_at(c, c->spec->pos_chart, "unknown chart kind '%s'%s", ESC(s, tmp), hint);
}

static int k_data(ctx *c, const key_def *k, const json_t *v)
{
    if (c->spec->data_given) /* the data comes from memory */
        return 0;
    const char *s = want_text(c, k->name, v, " (the CSV file to chart)");
    if (!s)
        return -1;
    c->spec->pos_data = value_pos(c, k->name);
    free(c->spec->data);
    c->spec->data = ic_path_join(c->spec->dir, s);
    /* first, so that the spec file (put first when loaded) is followed by its CSV */
    if (!c->spec->data || ic_spec_add_dependency(c->spec, c->spec->data, 1) < 0)
        return nomem(c);
    return 0;
}

static int k_x(ctx *c, const key_def *k, const json_t *v)
{
    const char *s = want_text(c, k->name, v, " (name the category column)");
    if (!s)
        return -1;
    c->spec->pos_x = value_pos(c, k->name);
    return dup_into(c, &c->spec->x, s);
}

/* A string or an array of strings, as an owned list with value positions.
 * `nonempty_items` rejects blank strings; `unique` rejects repeats. */
static int string_list(ctx *c, const char *key, const json_t *v, int nonempty_items, int unique,
                       char ***out, ic_pos **pos, size_t *count)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_string(v) && !json_is_array(v)) {
        char got[256];
        return fail_at(c, value_pos(c, key), "'%s' must be a string or an array of strings, got %s",
                       key, describe(v, got, sizeof got));
    }
    if (n == 0)
        return fail_at(c, value_pos(c, key), "'%s' must not be an empty array", key);
    *out = calloc(n, sizeof **out);
    *pos = calloc(n, sizeof **pos);
    if (!*out || !*pos)
        return nomem(c);
    *count = n;
    for (size_t i = 0; i < n; i++) {
        char path[128];
        const json_t *item = v;
        if (json_is_array(v)) {
            snprintf(path, sizeof path, "%s[%zu]", key, i);
            item = json_array_get(v, i);
        } else {
            snprintf(path, sizeof path, "%s", key);
        }
        const char *s = nonempty_items ? want_text(c, path, item, NULL) : want_string(c, path, item);
        if (!s)
            return -1;
        (*pos)[i] = value_pos(c, path);
        for (size_t j = 0; unique && j < i; j++) {
            if (strcmp((*out)[j], s) == 0) {
                char tmp[200];
                return fail_at(c, (*pos)[i], "'%s' lists '%s' twice", key, ESC(s, tmp));
            }
        }
        if (dup_into(c, &(*out)[i], s) < 0)
            return -1;
    }
    return 0;
}

static int k_y(ctx *c, const key_def *k, const json_t *v)
{
    return string_list(c, k->name, v, 1, 1, &c->spec->y, &c->spec->pos_y, &c->spec->ny);
}

static int k_highlight(ctx *c, const key_def *k, const json_t *v)
{
    /* an empty array just means "nothing highlighted" */
    if (json_is_array(v) && json_array_size(v) == 0)
        return 0;
    return string_list(c, k->name, v, 0, 0, &c->spec->highlight, &c->spec->pos_highlight,
                       &c->spec->nhighlight);
}

/* "WIDTHxHEIGHT" (spaces around the x allowed). Values are capped while
 * reading so long digit runs cannot overflow; the range check rejects them. */
static int parse_dims(const char *s, long *w, long *h)
{
    long *dst[2] = { w, h };
    for (int part = 0; part < 2; part++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        long n = 0;
        for (; isdigit((unsigned char)*s); s++)
            if (n < 100000000)
                n = n * 10 + (*s - '0');
        *dst[part] = n;
        while (*s == ' ')
            s++;
        if (part == 0) {
            if (*s != 'x' && *s != 'X')
                return -1;
            s++;
            while (*s == ' ')
                s++;
        }
    }
    return *s ? -1 : 0;
}

static int k_size(ctx *c, const key_def *k, const json_t *v)
{
    ic_pos p = value_pos(c, k->name);
    char got[256], tmp[200], hint[600], list[512];
    if (!json_is_string(v))
        return fail_at(c, p, "'size' must be a preset name or \"WIDTHxHEIGHT\", got %s",
                       describe(v, got, sizeof got));
    const char *s = json_string_value(v);
    if (isdigit((unsigned char)s[0])) {
        long w, h;
        if (parse_dims(s, &w, &h) < 0)
            return fail_at(c, p, "'size' must be a preset name or \"WIDTHxHEIGHT\" (e.g. \"1080x1350\"), got %s",
                           describe(v, got, sizeof got));
        if (w < SIZE_MIN_PX || w > SIZE_MAX_PX || h < SIZE_MIN_PX || h > SIZE_MAX_PX)
            return fail_at(c, p, "'size' %s must be between %d and %d, got %ld",
                           w < SIZE_MIN_PX || w > SIZE_MAX_PX ? "width" : "height", SIZE_MIN_PX,
                           SIZE_MAX_PX, w < SIZE_MIN_PX || w > SIZE_MAX_PX ? w : h);
        c->spec->width = (int)w;
        c->spec->height = (int)h;
        c->spec->safe_top = c->spec->safe_bottom = 0;
        c->spec->print = 0; /* custom sizes are pixels */
        c->spec->max_height = 0;
        return 0;
    }
    int pw, ph;
    if (ic_preset_size(s, &pw, &ph) == 0) {
        c->spec->width = pw;
        c->spec->height = ph;
        ic_preset_safe_zones(s, &c->spec->safe_top, &c->spec->safe_bottom);
        c->spec->print = ic_preset_is_print(s);
        c->spec->max_height = ic_preset_max_height(s);
        return 0;
    }
    const char *const *names = ic_preset_names();
    size_t n = 0;
    while (names[n])
        n++;
    if (!*did_you_mean(s, names, n, hint, sizeof hint))
        snprintf(hint, sizeof hint, " (presets: %s; or give \"WIDTHxHEIGHT\")",
                 join_list(names, n, list, sizeof list));
    return fail_at(c, p, "unknown size preset '%s'%s", ESC(s, tmp), hint);
}

static int k_scale(ctx *c, const key_def *k, const json_t *v)
{
    return want_number(c, k->name, v, 0.25, 8, &c->spec->scale);
}

static int k_text_scale(ctx *c, const key_def *k, const json_t *v)
{
    return want_number(c, k->name, v, 0.5, 3, &c->spec->text_scale);
}

/* A key of a nested object too long to look up by path: refused at the
 * object, whose position is known. */
static int too_long_key(const ctx *c, const char *owner, const char *name)
{
    if (strlen(name) + strlen(owner) + 2 < 1200)
        return 0;
    char tmp[200];
    return fail_at(c, value_pos(c, owner), "unknown key '%s' in '%s' (%zu bytes long)", ESC(name, tmp), owner,
                   strlen(name));
}

static const char *const number_styles[] = { "auto", "percent", "comma", "compact", "plain" };
static const char *const number_keys[] = { "style", "decimals", "multiply", "prefix", "suffix", "sign" };
static const char *const number_signs[] = { "negative", "always" };

static int number_member(ctx *c, const char *name, const char *path, const json_t *v)
{
    ic_number_format *nf = &c->spec->number;
    char got[256];
    if (strcmp(name, "style") == 0) {
        int i = want_enum(c, path, v, number_styles, COUNT(number_styles));
        if (i < 0)
            return -1;
        nf->style = (ic_number_style)i;
        return 0;
    }
    if (strcmp(name, "decimals") == 0) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 6)
            return fail_at(c, value_pos(c, path), "'%s' must be a whole number between 0 and 6, got %s",
                           path, describe(v, got, sizeof got));
        nf->decimals = (int)json_integer_value(v);
        return 0;
    }
    if (strcmp(name, "multiply") == 0) {
        if (!json_is_number(v) || json_number_value(v) == 0)
            return fail_at(c, value_pos(c, path), "'%s' must be a number other than 0, got %s", path,
                           describe(v, got, sizeof got));
        nf->multiply = json_number_value(v);
        return 0;
    }
    if (strcmp(name, "sign") == 0) {
        int i = want_enum(c, path, v, number_signs, COUNT(number_signs));
        if (i < 0)
            return -1;
        nf->sign_always = i == 1;
        return 0;
    }
    char **slot = strcmp(name, "prefix") == 0 ? &nf->prefix : &nf->suffix;
    const char *s = want_string(c, path, v);
    if (!s)
        return -1;
    if (!*s) {
        free(*slot);
        *slot = NULL;
        return 0;
    }
    return dup_into(c, slot, s);
}

static int k_number(ctx *c, const key_def *k, const json_t *v)
{
    if (json_is_string(v)) {
        int i = want_enum(c, k->name, v, number_styles, COUNT(number_styles));
        if (i < 0)
            return -1;
        c->spec->number.style = (ic_number_style)i;
        return 0;
    }
    if (!json_is_object(v)) {
        char got[256], list[256];
        return fail_at(c, value_pos(c, k->name), "'number' must be a style (%s) or an object, got %s",
                       join_list(number_styles, COUNT(number_styles), list, sizeof list),
                       describe(v, got, sizeof got));
    }
    const char *name;
    json_t *m;
    json_object_foreach((json_t *)v, name, m) {
        char path[1200], tmp[200], hint[256], list[256];
        if (too_long_key(c, "number", name) != 0)
            return -1;
        snprintf(path, sizeof path, "number.%s", name);
        size_t i = 0;
        while (i < COUNT(number_keys) && strcmp(name, number_keys[i]) != 0)
            i++;
        if (i == COUNT(number_keys)) {
            if (!*did_you_mean(name, number_keys, COUNT(number_keys), hint, sizeof hint))
                snprintf(hint, sizeof hint, " (known keys: %s)",
                         join_list(number_keys, COUNT(number_keys), list, sizeof list));
            return fail_at(c, key_pos(c, path), "unknown key '%s' in 'number'%s", ESC(name, tmp), hint);
        }
        if (number_member(c, name, path, m) < 0)
            return -1;
    }
    return 0;
}

static const char *const formats[] = { "png", "svg", "pdf" };
/* Outputs written only when asked: the alt text ("alt" or "txt": <base>.txt) */
static const char *const extra_formats[][2] = { {"alt", "txt"}, {"txt", "txt"} };

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* One entry of "outputs" turned into a file name (new string), or NULL after
 * reporting. */
static char *output_name(ctx *c, const char *path, const json_t *item)
{
    const char *s = want_string(c, path, item);
    if (!s)
        return NULL;
    for (size_t f = 0; f < COUNT(formats); f++) {
        if (strcmp(s, formats[f]) == 0) {
            char *name = ic_asprintf("%s.%s", c->base, s);
            if (!name)
                nomem(c);
            return name;
        }
    }
    for (size_t f = 0; f < COUNT(extra_formats); f++) {
        if (strcmp(s, extra_formats[f][0]) == 0) {
            char *name = ic_asprintf("%s.%s", c->base, extra_formats[f][1]);
            if (!name)
                nomem(c);
            return name;
        }
    }
    ic_pos p = value_pos(c, path);
    char got[256];
    describe(item, got, sizeof got);
    if (strchr(s, '/') || strchr(s, '\\') || strstr(s, "..")) {
        fail_at(c, p, "'%s' must be a plain file name (no '/' or '..'; files go to the output directory), got %s",
                path, got);
        return NULL;
    }
    int ok = 0;
    for (size_t f = 0; f < COUNT(formats); f++) {
        char ext[8];
        snprintf(ext, sizeof ext, ".%s", formats[f]);
        ok |= has_suffix(s, ext) && strlen(s) > strlen(ext);
    }
    ok |= has_suffix(s, ".txt") && strlen(s) > 4;
    if (!ok) {
        fail_at(c, p,
                "'%s' must be \"png\", \"svg\", \"pdf\", \"alt\" or a file name ending in .png, .svg, .pdf or .txt, "
                "got %s",
                path, got);
        return NULL;
    }
    char *name = ic_strdup(s);
    if (!name)
        nomem(c);
    return name;
}

static int k_outputs(ctx *c, const key_def *k, const json_t *v)
{
    char got[256];
    if (!json_is_array(v))
        return fail_at(c, value_pos(c, k->name), "'outputs' must be an array of formats or file names, got %s",
                       describe(v, got, sizeof got));
    size_t n = json_array_size(v);
    if (n == 0)
        return fail_at(c, value_pos(c, k->name), "'outputs' must list at least one output");
    c->spec->outputs = calloc(n, sizeof *c->spec->outputs);
    if (!c->spec->outputs)
        return nomem(c);
    c->spec->noutputs = n;
    for (size_t i = 0; i < n; i++) {
        char path[64], tmp[200];
        snprintf(path, sizeof path, "outputs[%zu]", i);
        char *name = output_name(c, path, json_array_get(v, i));
        if (!name)
            return -1;
        c->spec->outputs[i] = name;
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->spec->outputs[j], name) == 0)
                return fail_at(c, value_pos(c, path), "duplicate output '%s' (already given by 'outputs[%zu]')",
                               ESC(name, tmp), j);
    }
    return 0;
}

static int k_orientation(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "auto", "horizontal", "vertical" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->orientation = (ic_orientation)i;
    return 0;
}

static int k_sort(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "none", "ascending", "descending" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->sort = (ic_sort)i;
    return 0;
}

static int k_value_labels(ctx *c, const key_def *k, const json_t *v)
{
    char got[256];
    if (!json_is_boolean(v))
        return fail_at(c, value_pos(c, k->name), "'value_labels' must be true or false, got %s",
                       describe(v, got, sizeof got));
    c->spec->value_labels = json_is_true(v);
    return 0;
}

static int k_delimiter(ctx *c, const key_def *k, const json_t *v)
{
    static const struct { const char *name; char ch; } names[] = {
        { ",", ',' }, { "comma", ',' }, { ";", ';' }, { "semicolon", ';' }, { "\t", '\t' }, { "tab", '\t' },
        { "|", '|' }, { "pipe", '|' },
    };
    c->spec->pos_delimiter = value_pos(c, k->name);
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    for (size_t i = 0; s && i < COUNT(names); i++) {
        if (strcmp(s, names[i].name) == 0) {
            c->spec->delimiter = names[i].ch;
            return 0;
        }
    }
    char got[256];
    return fail_at(c, value_pos(c, k->name),
                   "'delimiter' must be \",\", \";\", \"\\t\" or \"|\" (or \"comma\", \"semicolon\", \"tab\", "
                   "\"pipe\"), got %s",
                   describe(v, got, sizeof got));
}

/* A separator key: one of `names` (shown quoted in the error, since they
 * are punctuation); returns its index or -1. */
static int want_separator(const ctx *c, const char *key, const json_t *v, const char *const *names, size_t n)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    char list[128] = "", got[256];
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? ", " : "", names[i]);
    return fail_at(c, value_pos(c, key), "'%s' must be one of %s, got %s", key, list, describe(v, got, sizeof got));
}

static int k_decimal(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { ".", "," };
    c->spec->pos_decimal = value_pos(c, k->name);
    int i = want_separator(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->decimal = names[i][0];
    return 0;
}

static int k_thousands(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { ",", ".", " ", "'", "" };
    c->spec->pos_thousands = value_pos(c, k->name);
    int i = want_separator(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->thousands = names[i][0] ? names[i][0] : -1;
    return 0;
}

static int k_x_format(ctx *c, const key_def *k, const json_t *v)
{
    c->spec->pos_x_format = value_pos(c, k->name);
    const char *s = want_text(c, k->name, v, " (a date format such as \"%d/%m/%Y\")");
    if (!s)
        return -1;
    char why[256], tmp[200];
    if (ic_date_format_check(s, why, sizeof why) != 0)
        return fail_at(c, value_pos(c, k->name), "'x_format' \"%s\": %s", ESC(s, tmp), why);
    return dup_into(c, &c->spec->x_format, s);
}

static int k_series(ctx *c, const key_def *k, const json_t *v)
{
    c->spec->pos_series = value_pos(c, k->name);
    const char *s = want_text(c, k->name, v, " (the column whose values name the series)");
    return s ? dup_into(c, &c->spec->series, s) : -1;
}

static int k_aggregate(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "none", "sum", "mean", "median", "count", "min", "max" };
    c->spec->pos_aggregate = value_pos(c, k->name);
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->aggregate = (ic_aggregate)i;
    return 0;
}

static int k_types(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "number", "text", "year", "date" };
    static const ic_col_type types[] = { IC_COL_NUMBER, IC_COL_TEXT, IC_COL_YEAR, IC_COL_DATE };
    char got[256];
    if (!json_is_object(v))
        return fail_at(c, value_pos(c, k->name),
                       "'types' must be an object mapping column names to types, got %s",
                       describe(v, got, sizeof got));
    size_t n = json_object_size(v);
    if (n == 0)
        return 0;
    c->spec->types = calloc(n, sizeof *c->spec->types);
    c->spec->pos_types = calloc(n, sizeof *c->spec->pos_types);
    if (!c->spec->types || !c->spec->pos_types)
        return nomem(c);
    const char *name;
    json_t *m;
    size_t i = 0;
    json_object_foreach((json_t *)v, name, m) {
        char *path = ic_asprintf("types.%s", name);
        if (!path)
            return nomem(c);
        int t = want_enum(c, path, m, names, COUNT(names));
        /* the column name is the key, so errors about it point at the key */
        c->spec->pos_types[i] = key_pos(c, path);
        free(path);
        if (t < 0)
            return -1;
        c->spec->types[i].column = ic_strdup(name);
        if (!c->spec->types[i].column)
            return nomem(c);
        c->spec->types[i].type = types[t];
        c->spec->ntypes = ++i;
    }
    return 0;
}

static int k_colour(ctx *c, const key_def *k, const json_t *v)
{
    return want_colour(c, k->name, v, &FIELD(k, c));
}

static int k_palette(ctx *c, const key_def *k, const json_t *v)
{
    char got[256];
    if (!json_is_array(v))
        return fail_at(c, value_pos(c, k->name), "'palette' must be an array of colours \"#rrggbb\", got %s",
                       describe(v, got, sizeof got));
    size_t n = json_array_size(v);
    if (n == 0)
        return fail_at(c, value_pos(c, k->name), "'palette' must list at least one colour");
    c->spec->palette = calloc(n, sizeof *c->spec->palette);
    if (!c->spec->palette)
        return nomem(c);
    c->spec->npalette = n;
    for (size_t i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "palette[%zu]", i);
        if (want_colour(c, path, json_array_get(v, i), &c->spec->palette[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---- options of particular chart kinds -------------------------------------- */

/* "light", "dark", or a theme file (a path ending in .json, relative to
 * the spec), loaded here with its fonts and logo, which become the chart's
 * dependencies. */
static int k_theme(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "light", "dark" };
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s && has_suffix(s, ".json")) {
        char *file = ic_path_join(c->spec->dir, s);
        if (!file)
            return nomem(c);
        ic_error theme_err = {0};
        /* a facet shares its chart's theme instead of loading it again */
        ic_theme *theme = c->reuse && strcmp(c->reuse->path, file) == 0 ? ic_theme_ref(c->reuse)
                                                                          : ic_theme_load(file, &theme_err);
        int rc = 0;
        if (!theme && theme_err.code == IC_ERR_IO && theme_err.line == 0)
            /* a theme file that cannot be read is the spec's mistake: point there */
            rc = fail_at(c, value_pos(c, k->name), "theme file '%s': %s", file, theme_err.message);
        else if (!theme && c->err && !ic_error_is_set(c->err))
            *c->err = theme_err, rc = -1;
        else if (!theme)
            rc = -1;
        free(file);
        if (rc != 0)
            return -1;
        ic_theme_free(c->spec->theme);
        c->spec->theme = theme;
        for (size_t i = 0; i < ic_theme_dependency_count(theme); i++)
            if (ic_spec_add_dependency(c->spec, ic_theme_dependency(theme, i), 0) < 0)
                return nomem(c);
        return 0;
    }
    for (size_t i = 0; s && i < COUNT(names); i++)
        if (strcmp(s, names[i]) == 0) {
            c->spec->theme_dark = i == 1;
            return 0;
        }
    char got[256], hint[256] = "";
    if (s)
        did_you_mean(s, names, COUNT(names), hint, sizeof hint);
    return fail_at(c, value_pos(c, k->name), "'theme' must be \"light\", \"dark\" or a theme file \"name.json\", got %s%s",
                   describe(v, got, sizeof got), hint);
}

static int k_stack(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "none", "normal", "percent" };
    c->spec->pos_stack = value_pos(c, k->name); /* for the kinds that refuse a stack */
    if (json_is_boolean(v)) {
        c->spec->stack = json_is_true(v) ? IC_STACK_NORMAL : IC_STACK_NONE;
        return 0;
    }
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->stack = (ic_stack)i;
    return 0;
}

/* "facet_scale": "shared" (the default: every facet's panel has the same
 * value axis, number format, category order and plot area) or
 * "independent" (each facet laid out on its own). */
static int k_facet_scale(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "shared", "independent" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->facet_independent = i == 1;
    return 0;
}

static int want_bool(const ctx *c, const char *path, const json_t *v, int *out)
{
    char got[256];
    if (!json_is_boolean(v))
        return fail_at(c, value_pos(c, path), "'%s' must be true or false, got %s", path,
                       describe(v, got, sizeof got));
    *out = json_is_true(v);
    return 0;
}

static int k_y_from_zero(ctx *c, const key_def *k, const json_t *v)
{
    return want_bool(c, k->name, v, &c->spec->y_from_zero);
}

static int k_markers(ctx *c, const key_def *k, const json_t *v)
{
    return want_bool(c, k->name, v, &c->spec->markers);
}

static int k_hole(ctx *c, const key_def *k, const json_t *v)
{
    return want_number(c, k->name, v, 0, 0.9, &c->spec->hole);
}

static int k_cells(ctx *c, const key_def *k, const json_t *v)
{
    char got[256];
    if (!json_is_integer(v) || json_integer_value(v) < 10 || json_integer_value(v) > 400)
        return fail_at(c, value_pos(c, k->name), "'cells' must be a whole number between 10 and 400, got %s",
                       describe(v, got, sizeof got));
    c->spec->cells = (int)json_integer_value(v);
    return 0;
}

static int k_icon(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "square", "circle", "person", "child" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    return i < 0 ? -1 : dup_into(c, &c->spec->icon, names[i]);
}

/* An x value: text as in the CSV, or a number (years are often written so). */
static int want_xvalue(const ctx *c, const char *path, const json_t *v, char **slot)
{
    if (json_is_number(v)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", json_number_value(v));
        return dup_into(c, slot, buf);
    }
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || !*s) {
        char got[256];
        return fail_at(c, value_pos(c, path), "'%s' must be a category or x value (text or a number), got %s",
                       path, describe(v, got, sizeof got));
    }
    return dup_into(c, slot, s);
}

static int k_facet(ctx *c, const key_def *k, const json_t *v)
{
    c->spec->pos_facet = value_pos(c, k->name);
    const char *s = want_text(c, k->name, v, NULL);
    return s ? dup_into(c, &c->spec->facet, s) : -1;
}

static int k_row(ctx *c, const key_def *k, const json_t *v)
{
    c->spec->pos_row = value_pos(c, k->name);
    return want_xvalue(c, k->name, v, &c->spec->row);
}

/* Rejects a member of object `owner` that is not in `names`. */
static int unknown_member(const ctx *c, const char *owner, const char *path, const char *name,
                          const char *const *names, size_t n)
{
    char tmp[200], hint[256], list[256];
    if (!*did_you_mean(name, names, n, hint, sizeof hint))
        snprintf(hint, sizeof hint, " (known keys: %s)", join_list(names, n, list, sizeof list));
    return fail_at(c, key_pos(c, path), "unknown key '%s' in '%s'%s", ESC(name, tmp), owner, hint);
}

static const char *const trend_members[] = { "show", "from", "to", "series", "label" };
static const char *const annotation_members[] = { "type", "text", "x", "series", "from", "to", "value" };

static int trend_item(ctx *c, const char *base, const json_t *v, ic_trend *t)
{
    static const char *const shows[] = { "ratio", "percent", "points", "difference" };
    char got[256];
    t->pos = value_pos(c, base);
    if (!json_is_object(v))
        return fail_at(c, t->pos, "'%s' must be an object like {\"show\": \"ratio\"}, got %s", base,
                       describe(v, got, sizeof got));
    const char *name;
    json_t *m;
    json_object_foreach((json_t *)v, name, m) {
        char path[1200]; /* room for long (wrong) keys, so they keep their position */
        if (too_long_key(c, base, name) != 0)
            return -1;
        snprintf(path, sizeof path, "%s.%s", base, name);
        int rc;
        if (strcmp(name, "show") == 0) {
            int i = want_enum(c, path, m, shows, COUNT(shows));
            t->show = (ic_trend_show)(i < 0 ? 0 : i);
            rc = i < 0 ? -1 : 0;
        } else if (strcmp(name, "from") == 0) {
            t->pos_from = value_pos(c, path);
            rc = want_xvalue(c, path, m, &t->from);
        } else if (strcmp(name, "to") == 0) {
            t->pos_to = value_pos(c, path);
            rc = want_xvalue(c, path, m, &t->to);
        } else if (strcmp(name, "series") == 0) {
            t->pos_series = value_pos(c, path);
            const char *sv = want_text(c, path, m, NULL);
            rc = sv ? dup_into(c, &t->series, sv) : -1;
        } else if (strcmp(name, "label") == 0) {
            const char *sv = want_string(c, path, m);
            rc = !sv ? -1 : *sv ? dup_into(c, &t->label, sv) : 0;
        } else {
            rc = unknown_member(c, base, path, name, trend_members, COUNT(trend_members));
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int k_trend(ctx *c, const key_def *k, const json_t *v)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    if (json_is_array(v) && n == 0)
        return fail_at(c, value_pos(c, k->name), "'trend' must list at least one change");
    c->spec->trends = calloc(n, sizeof *c->spec->trends);
    if (!c->spec->trends)
        return nomem(c);
    c->spec->ntrends = n;
    if (!json_is_array(v))
        return trend_item(c, k->name, v, &c->spec->trends[0]);
    for (size_t i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "trend[%zu]", i);
        if (trend_item(c, path, json_array_get(v, i), &c->spec->trends[i]) < 0)
            return -1;
    }
    return 0;
}

static int annotation_item(ctx *c, const char *base, const json_t *v, ic_annotation *a)
{
    static const char *const types[] = { "callout", "band", "line" };
    char got[256];
    a->pos = value_pos(c, base);
    if (!json_is_object(v))
        return fail_at(c, a->pos, "'%s' must be an object like {\"type\": \"callout\", ...}, got %s", base,
                       describe(v, got, sizeof got));
    int has_type = 0, has_value = 0;
    const char *name;
    json_t *m;
    json_object_foreach((json_t *)v, name, m) {
        char path[1200]; /* room for long (wrong) keys, so they keep their position */
        if (too_long_key(c, base, name) != 0)
            return -1;
        snprintf(path, sizeof path, "%s.%s", base, name);
        int rc;
        if (strcmp(name, "type") == 0) {
            int i = want_enum(c, path, m, types, COUNT(types));
            a->type = (ic_annotation_type)(i < 0 ? 0 : i);
            has_type = 1;
            rc = i < 0 ? -1 : 0;
        } else if (strcmp(name, "text") == 0) {
            const char *sv = want_string(c, path, m);
            rc = !sv ? -1 : *sv ? dup_into(c, &a->text, sv) : 0;
        } else if (strcmp(name, "x") == 0) {
            a->pos_x = value_pos(c, path);
            rc = want_xvalue(c, path, m, &a->x);
        } else if (strcmp(name, "from") == 0) {
            a->pos_from = value_pos(c, path);
            rc = want_xvalue(c, path, m, &a->from);
        } else if (strcmp(name, "to") == 0) {
            a->pos_to = value_pos(c, path);
            rc = want_xvalue(c, path, m, &a->to);
        } else if (strcmp(name, "series") == 0) {
            a->pos_series = value_pos(c, path);
            const char *sv = want_text(c, path, m, NULL);
            rc = sv ? dup_into(c, &a->series, sv) : -1;
        } else if (strcmp(name, "value") == 0) {
            has_value = 1;
            rc = want_number(c, path, m, -1e15, 1e15, &a->value);
        } else {
            rc = unknown_member(c, base, path, name, annotation_members, COUNT(annotation_members));
        }
        if (rc < 0)
            return -1;
    }
    if (!has_type)
        return fail_at(c, a->pos, "'%s' needs a \"type\": callout, band or line", base);
    if (a->type == IC_ANN_CALLOUT && (!a->x || !a->text))
        return fail_at(c, a->pos, "'%s': a callout needs \"x\" (the point it is about) and \"text\"", base);
    if (a->type == IC_ANN_BAND && (!a->from || !a->to))
        return fail_at(c, a->pos, "'%s': a band needs \"from\" and \"to\" (x values)", base);
    if (a->type == IC_ANN_LINE && !has_value)
        return fail_at(c, a->pos, "'%s': a reference line needs \"value\" (a number on the value axis)", base);
    return 0;
}

static int k_annotations(ctx *c, const key_def *k, const json_t *v)
{
    char got[256];
    if (!json_is_array(v))
        return fail_at(c, value_pos(c, k->name), "'annotations' must be an array of objects, got %s",
                       describe(v, got, sizeof got));
    size_t n = json_array_size(v);
    c->spec->annotations = calloc(n ? n : 1, sizeof *c->spec->annotations);
    if (!c->spec->annotations)
        return nomem(c);
    c->spec->nannotations = n;
    for (size_t i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "annotations[%zu]", i);
        if (annotation_item(c, path, json_array_get(v, i), &c->spec->annotations[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---- language and direction ----------------------------------------------- */

static int k_lang(ctx *c, const key_def *k, const json_t *v)
{
    const char *s = want_text(c, k->name, v, NULL);
    if (!s)
        return -1;
    /* a language tag: letters, digits and '-' ("ur", "ar", "ur-PK") */
    size_t n = strlen(s);
    int ok = n >= 2 && n <= 15 && isalpha((unsigned char)s[0]);
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)s[i]) || s[i] == '-';
    if (!ok)
        return fail_at(c, value_pos(c, k->name),
                       "'lang' must be a language tag such as \"ur\", \"ar\" or \"en\", got \"%s\"", s);
    c->spec->pos_lang = value_pos(c, k->name);
    return dup_into(c, &c->spec->lang, s);
}

static int k_direction(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "auto", "ltr", "rtl" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->direction = i;
    return 0;
}

static int k_digits(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "western", "arabic-indic", "urdu" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->digits = (ic_digits)i;
    return 0;
}

static int k_missing_glyphs(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "warn", "error" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->missing_glyphs_error = i == 1;
    return 0;
}

/* "svg_text": "text" (real text with subset fonts, the default) or "paths"
 * (glyph outlines, docs/svg.md). */
static int k_svg_text(ctx *c, const key_def *k, const json_t *v)
{
    static const char *const names[] = { "text", "paths" };
    int i = want_enum(c, k->name, v, names, COUNT(names));
    if (i < 0)
        return -1;
    c->spec->svg_text_paths = i == 1;
    return 0;
}

static int k_mirror_time(ctx *c, const key_def *k, const json_t *v)
{
    return want_bool(c, k->name, v, &c->spec->mirror_time);
}

/* Languages written right to left: the layout mirrors for them by default. */
static int lang_is_rtl(const char *lang)
{
    static const char *const rtl[] = { "ar", "ur", "fa", "he", "ps", "sd", "ug", "yi", "ckb", "dv" };
    if (!lang)
        return 0;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < COUNT(rtl); i++)
        if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
            return 1;
    return 0;
}

/* "$schema": where editors find the JSON Schema (docs/schema.md); only
 * its type is checked. */
static int k_schema(ctx *c, const key_def *k, const json_t *v)
{
    return want_string(c, k->name, v) ? 0 : -1;
}

#define STR(f) offsetof(ic_spec, f)

static const key_def keys[] = {
    { "chart", k_chart, 0, REQUIRED, " (the kind of chart, e.g. \"bar\")", NULL },
    { "data", k_data, 0, REQUIRED, " (the CSV file, relative to the spec)", NULL },
    { "x", k_x, 0, REQUIRED, " (the column with the categories)", NULL },
    { "y", k_y, 0, REQUIRED, " (the column or columns with the values)", NULL },
    { "title", k_text, STR(title), REQUIRED | NONEMPTY, NULL, NULL },
    { "subtitle", k_text, STR(subtitle), 0, NULL, NULL },
    { "source", k_text, STR(source), REQUIRED | NONEMPTY,
      " (every chart must name its source)", ": a chart without a source is refused" },
    { "note", k_text, STR(note), 0, NULL, NULL },
    { "byline", k_text, STR(byline), 0, NULL, NULL },
    { "description", k_text, STR(description), 0, NULL, NULL },
    { "size", k_size, 0, 0, NULL, NULL },
    { "scale", k_scale, 0, 0, NULL, NULL },
    { "text_scale", k_text_scale, 0, 0, NULL, NULL },
    { "number", k_number, 0, 0, NULL, NULL },
    { "highlight", k_highlight, 0, 0, NULL, NULL },
    { "outputs", k_outputs, 0, 0, NULL, NULL },
    { "orientation", k_orientation, 0, 0, NULL, NULL },
    { "sort", k_sort, 0, 0, NULL, NULL },
    { "value_labels", k_value_labels, 0, 0, NULL, NULL },
    { "delimiter", k_delimiter, 0, 0, NULL, NULL },
    { "decimal", k_decimal, 0, 0, NULL, NULL },
    { "thousands", k_thousands, 0, 0, NULL, NULL },
    { "x_format", k_x_format, 0, 0, NULL, NULL },
    { "series", k_series, 0, 0, NULL, NULL },
    { "aggregate", k_aggregate, 0, 0, NULL, NULL },
    { "types", k_types, 0, 0, NULL, NULL },
    { "accent", k_colour, STR(accent), 0, NULL, NULL },
    { "muted", k_colour, STR(muted), 0, NULL, NULL },
    { "background", k_colour, STR(theme_bg), 0, NULL, NULL },
    { "palette", k_palette, 0, 0, NULL, NULL },
    { "theme", k_theme, 0, 0, NULL, NULL },
    { "stack", k_stack, 0, 0, NULL, NULL },
    { "y_from_zero", k_y_from_zero, 0, 0, NULL, NULL },
    { "markers", k_markers, 0, 0, NULL, NULL },
    { "hole", k_hole, 0, 0, NULL, NULL },
    { "center_value", k_text, STR(center_value), 0, NULL, NULL },
    { "center_label", k_text, STR(center_label), 0, NULL, NULL },
    { "icon", k_icon, 0, 0, NULL, NULL },
    { "cells", k_cells, 0, 0, NULL, NULL },
    { "row", k_row, 0, 0, NULL, NULL },
    { "facet", k_facet, 0, 0, NULL, NULL },
    { "facet_scale", k_facet_scale, 0, 0, NULL, NULL },
    { "label", k_text, STR(label), 0, NULL, NULL },
    { "context", k_text, STR(context), 0, NULL, NULL },
    { "trend", k_trend, 0, 0, NULL, NULL },
    { "annotations", k_annotations, 0, 0, NULL, NULL },
    { "lang", k_lang, 0, 0, NULL, NULL },
    { "direction", k_direction, 0, 0, NULL, NULL },
    { "digits", k_digits, 0, 0, NULL, NULL },
    { "missing_glyphs", k_missing_glyphs, 0, 0, NULL, NULL },
    { "mirror_time", k_mirror_time, 0, 0, NULL, NULL },
    { "svg_text", k_svg_text, 0, 0, NULL, NULL },
    /* last, so that lists of known keys start with the chart's own */
    { "$schema", k_schema, 0, 0, NULL, NULL },
};

/* Keys people reach for that this format spells differently. */
static const struct { const char *key, *hint; } key_hints[] = {
    { "width", "set the canvas with \"size\": \"WIDTHxHEIGHT\" or a preset" },
    { "height", "set the canvas with \"size\": \"WIDTHxHEIGHT\" or a preset" },
    { "type", "did you mean 'chart'?" },
    { "kind", "did you mean 'chart'?" },
    { "colors", "did you mean 'palette'?" },
    { "colours", "did you mean 'palette'?" },
    { "format", "did you mean 'outputs'?" },
    { "formats", "did you mean 'outputs'?" },
};

static int unknown_key(const ctx *c, const char *key)
{
    const char *names[COUNT(keys)];
    for (size_t i = 0; i < COUNT(keys); i++)
        names[i] = keys[i].name;
    char tmp[200], hint[1024], list[700];
    did_you_mean(key, names, COUNT(names), hint, sizeof hint);
    for (size_t i = 0; !hint[0] && i < COUNT(key_hints); i++)
        if (strcmp(key, key_hints[i].key) == 0)
            snprintf(hint, sizeof hint, " (%s)", key_hints[i].hint);
    if (!hint[0])
        snprintf(hint, sizeof hint, " (known keys: %s)", join_list(names, COUNT(names), list, sizeof list));
    return fail_at(c, key_pos(c, key), "unknown key '%s'%s", ESC(key, tmp), hint);
}

const char *ic_spec_key_name(const char *object, size_t i)
{
    if (!object || !*object)
        return i < COUNT(keys) ? keys[i].name : NULL;
    if (strcmp(object, "number") == 0)
        return i < COUNT(number_keys) ? number_keys[i] : NULL;
    if (strcmp(object, "trend") == 0)
        return i < COUNT(trend_members) ? trend_members[i] : NULL;
    if (strcmp(object, "annotations") == 0)
        return i < COUNT(annotation_members) ? annotation_members[i] : NULL;
    return NULL;
}

/* ---- keys of other chart kinds ---------------------------------------------- */

/* "donut and pie": the kinds listing `key`, in registry order, into `out`. */
static const char *kinds_using(const char *key, char *out, size_t size)
{
    const char *names[32];
    size_t n = 0;
    for (const ic_chart_kind *k = ic_chart_kinds(); k->name && n < COUNT(names); k++)
        if (ic_chart_kind_uses(k, key))
            names[n++] = k->name;
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        put(out, size, &o, sep, strlen(sep), 0);
        put(out, size, &o, names[i], strlen(names[i]), 0);
    }
    return out;
}

/* Records a warning, for ic_spec_note_warnings. 0, or -1 out of memory. */
__attribute__((format(printf, 2, 3)))
static int warn(ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *copy = ic_strdup(msg);
    char **grown = copy ? realloc(c->spec->warnings, (c->spec->nwarnings + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return nomem(c);
    }
    c->spec->warnings = grown;
    grown[c->spec->nwarnings++] = copy;
    return 0;
}

/* A warning for each key (in document order) that only other kinds than the
 * spec's read: the chart is still drawn (a spec whose "chart" was switched
 * keeps working), the key does nothing. */
static int warn_other_kinds_keys(ctx *c, const json_t *root)
{
    const ic_chart_kind *kind = ic_chart_kind_find(c->spec->chart);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        if (!kind || ic_chart_kind_uses(kind, key) || !ic_chart_key_is_kind_specific(key))
            continue;
        char users[256];
        ic_pos p = key_pos(c, key);
        if (warn(c, "%s:%d:%d: warning: '%s' is used by %s charts, not by %s charts; it is ignored",
                 c->file ? c->file : "<spec>", p.line, p.column, key, kinds_using(key, users, sizeof users),
                 kind->name) < 0)
            return -1;
    }
    return 0;
}

int ic_spec_note_warnings(const ic_spec *spec, ic_table *table)
{
    for (size_t i = 0; i < spec->nwarnings; i++)
        if (ic_table_note(table, "%s", spec->warnings[i]) != 0)
            return -1;
    return (int)spec->nwarnings;
}

/* ---- loading ---------------------------------------------------------------- */

/* The spec's file name without directory and ".json": "datasets/x.json" → "x". */
static char *base_name(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    b = b ? b + 1 : path ? path : "";
    size_t n = strlen(b);
    if (n >= 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    return n ? ic_strndup(b, n) : ic_strdup("chart");
}

static int default_outputs(ctx *c)
{
    ic_spec *s = c->spec;
    s->outputs = calloc(COUNT(formats), sizeof *s->outputs);
    if (!s->outputs)
        return nomem(c);
    s->noutputs = COUNT(formats);
    for (size_t i = 0; i < COUNT(formats); i++)
        if (!(s->outputs[i] = ic_asprintf("%s.%s", c->base, formats[i])))
            return nomem(c);
    return 0;
}

/* Reports a jansson parse failure, pointing at the repeated key itself for
 * duplicates (jansson points at the end of the key). */
static void json_failure(ctx *c, const char *text, size_t len, const json_error_t *je)
{
    int line = je->line > 0 ? je->line : 0;
    int col = line ? (je->column > 0 ? je->column : 1) : 0;
    switch (json_error_code(je)) {
    case json_error_out_of_memory:
        nomem(c);
        return;
    case json_error_duplicate_key: {
        ic_jsonpos *jp = ic_jsonpos_scan(text, len);
        int l, cl, first;
        const char *dup = jp ? ic_jsonpos_duplicate(jp, &l, &cl, &first) : NULL;
        char tmp[200];
        if (dup)
            fail_at(c, (ic_pos){ l, cl }, "duplicate key '%s' (first given on line %d)", ESC(dup, tmp), first);
        else
            fail_at(c, (ic_pos){ line, col }, "invalid JSON: %s", je->text);
        ic_jsonpos_free(jp);
        return;
    }
    case json_error_null_character: /* jansson's text names its own flag */
        fail_at(c, (ic_pos){ line, col }, "invalid JSON: strings may not contain \\u0000");
        return;
    case json_error_invalid_utf8:
        fail_at(c, (ic_pos){ line, col }, "invalid JSON: the spec is not valid UTF-8 (%s)", je->text);
        return;
    default: {
        /* jansson points just past the offending token; point at its start */
        const char *near = strstr(je->text, "near '");
        if (near && je->position > 0) {
            const char *tok = near + 6;
            const char *end = strrchr(tok, '\'');
            size_t tlen = end ? (size_t)(end - tok) : 0;
            size_t pos = (size_t)je->position;
            if (tlen > 0 && tlen <= pos && pos <= len && memcmp(text + pos - tlen, tok, tlen) == 0)
                ic_offset_to_line_col(text, len, pos - tlen, &line, &col);
        }
        fail_at(c, (ic_pos){ line, col }, "invalid JSON: %s", je->text);
        return;
    }
    }
}

/* The first character no chart text may hold, in any string or key of the
 * spec, refused where it is written. */
static int check_text(const ctx *c)
{
    ic_jsonpos_char bad;
    if (!ic_jsonpos_forbidden(c->jp, &bad))
        return 0;
    char tmp[200];
    return fail_at(c, (ic_pos){ bad.line, bad.col }, "%s'%s': %s U+%04X is not allowed in text",
                   bad.in_key ? "key " : "", ESC(bad.path, tmp),
                   bad.codepoint < 0xA0 ? "control character" : "noncharacter", bad.codepoint);
}

/* A PNG output must fit the pixel budget: its device pixels (the canvas
 * times the scale, rounded as the PNG writer does) at most limits.pixels.
 * The error points at 'scale', else 'size', else the PNG output, else the
 * top of the spec. */
/* "thousands" must differ from the decimal separator ("." when "decimal"
 * is not given): a number could not be read both ways. */
static int check_separators(const ctx *c)
{
    char decimal = c->spec->decimal ? c->spec->decimal : '.';
    if (c->spec->thousands != decimal)
        return 0;
    return fail_at(c, value_pos(c, "thousands"),
                   "'thousands' is \"%c\", the decimal separator too%s; give them different separators", decimal,
                   c->spec->decimal ? "" : " (\"decimal\" is \".\" when not given)");
}

static int check_pixels(const ctx *c, const json_t *root)
{
    const ic_spec *s = c->spec;
    size_t png = s->noutputs;
    for (size_t i = 0; i < s->noutputs && png == s->noutputs; i++)
        if (has_suffix(s->outputs[i], ".png"))
            png = i;
    if (png == s->noutputs)
        return 0;
    int w, h;
    double pixels = ic_png_pixels(s->width, s->height, s->scale, &w, &h);
    if (pixels <= s->limits.pixels)
        return 0;
    ic_pos p;
    if (json_object_get(root, "scale"))
        p = value_pos(c, "scale");
    else if (json_object_get(root, "size"))
        p = value_pos(c, "size");
    else if (json_object_get(root, "outputs")) {
        char path[64];
        snprintf(path, sizeof path, "outputs[%zu]", png);
        p = value_pos(c, path);
    } else
        p = value_pos(c, "");
    return ic_error_set(c->err, IC_ERR_LIMIT, c->file, p.line, p.column,
                        "a PNG of %d x %d at scale %g (%d x %d pixels) is %.0f pixels, more than the limit of "
                        "%.0f (limit 'pixels')", (int)s->width, (int)s->height, s->scale, w, h, pixels, s->limits.pixels);
}

ic_spec *ic_spec_parse(const char *text, size_t len, const char *path, ic_error *err)
{
    return ic_spec_parse_limited(text, len, path, NULL, err);
}

static ic_spec *spec_parse(const char *text, size_t len, const ic_spec_source *src, const ic_limits *limits,
                           const ic_theme *reuse, ic_error *err);

ic_spec *ic_spec_parse_limited(const char *text, size_t len, const char *path, const ic_limits *limits,
                               ic_error *err)
{
    ic_spec_source src = {.name = path};
    return spec_parse(text, len, &src, limits, NULL, err);
}

ic_spec *ic_spec_parse_source(const char *text, size_t len, const ic_spec_source *src, const ic_limits *limits,
                              ic_error *err)
{
    return spec_parse(text, len, src, limits, NULL, err);
}

/* ic_spec_parse_source; a theme file the text names that `reuse` was
 * loaded from is shared, not loaded again. */
static ic_spec *spec_parse(const char *text, size_t len, const ic_spec_source *src, const ic_limits *limits,
                           const ic_theme *reuse, ic_error *err)
{
    const char *path = src->name;
    ic_spec *result = NULL, *spec = NULL;
    json_t *root = NULL;
    ic_jsonpos *jp = NULL;
    char *base = NULL;
    ctx c = { .file = path, .err = err, .reuse = reuse };
    json_error_t je;
    char got[256];

    if (!text)
        text = "", len = 0;
    /* a UTF-8 byte order mark (as some Windows editors write) is not content */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (i == len) {
        fail_at(&c, (ic_pos){ 1, 1 }, "the spec is empty (expected a JSON object)");
        goto done;
    }
    /* jansson skips a NUL after a literal: refuse it here, where it is */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        ic_pos p;
        ic_offset_to_line_col(text, len, (size_t)(nul - text), &p.line, &p.column);
        fail_at(&c, p, "invalid JSON: a NUL byte (\\0) in the spec");
        goto done;
    }
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        json_failure(&c, text, len, &je);
        goto done;
    }
    jp = ic_jsonpos_scan(text, len);
    spec = calloc(1, sizeof *spec);
    base = base_name(src->stem ? src->stem : path);
    if (!jp || !spec || !base) {
        nomem(&c);
        goto done;
    }
    c.jp = jp;
    c.spec = spec;
    c.base = base;
    if (!json_is_object(root)) {
        fail_at(&c, value_pos(&c, ""), "the spec must be a JSON object ({ ... }), got %s",
                describe(root, got, sizeof got));
        goto done;
    }
    if (check_text(&c) < 0)
        goto done;

    spec->width = 1080; /* instagram-square */
    spec->height = 1080;
    spec->scale = 1;
    spec->text_scale = 1;
    spec->number.style = IC_NUM_AUTO;
    spec->number.decimals = -1;
    spec->number.multiply = 1;
    spec->value_labels = 1;
    ic_limits_resolve(&spec->limits, limits);
    spec->y_from_zero = -1; /* unset: a line fits its data, an area starts at zero */
    spec->markers = -1;
    spec->hole = 0.58;
    spec->cells = 100;
    spec->path = ic_strdup(path);
    spec->dir = src->dir ? ic_strdup(src->dir) : path ? ic_path_dirname(path) : ic_strdup(".");
    spec->data_given = src->data_given;
    if ((path && !spec->path) || !spec->dir) {
        nomem(&c);
        goto done;
    }

    /* keys in document order, so the first error is the first in the file */
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        const key_def *k = NULL;
        for (size_t j = 0; !k && j < COUNT(keys); j++)
            if (strcmp(key, keys[j].name) == 0)
                k = &keys[j];
        if (!k) {
            unknown_key(&c, key);
            goto done;
        }
        if (k->fn(&c, k, v) < 0)
            goto done;
    }
    for (size_t j = 0; j < COUNT(keys); j++) {
        if ((keys[j].flags & REQUIRED) && !json_object_get(root, keys[j].name) &&
            !(keys[j].fn == k_data && spec->data_given)) {
            fail_at(&c, value_pos(&c, ""), "missing required key '%s'%s", keys[j].name,
                    keys[j].why_missing ? keys[j].why_missing : "");
            goto done;
        }
    }
    if (warn_other_kinds_keys(&c, root) < 0)
        goto done;
    if (!spec->outputs && default_outputs(&c) < 0)
        goto done;
    if (check_pixels(&c, root) < 0 || check_separators(&c) < 0)
        goto done;
    /* "direction": "auto" (or absent) follows the language */
    spec->rtl = c.direction == 2 || (c.direction == 0 && lang_is_rtl(spec->lang));
    spec->number.lang = spec->lang;
    spec->number.digits = spec->digits;

    spec->text = ic_strndup(text, len);
    spec->text_len = len;
    if (!spec->text) {
        nomem(&c);
        goto done;
    }
    result = spec;
    spec = NULL;
done:
    ic_spec_free(spec);
    json_decref(root);
    ic_jsonpos_free(jp);
    free(base);
    return result;
}

ic_spec *ic_spec_load(const char *path, ic_error *err)
{
    return ic_spec_load_limited(path, NULL, err);
}

ic_spec *ic_spec_load_limited(const char *path, const ic_limits *limits, ic_error *err)
{
    if (!path) {
        ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "no spec path given");
        return NULL;
    }
    ic_limits lim;
    ic_limits_resolve(&lim, limits);
    size_t len = 0;
    ic_error read_err = {0};
    char *text = ic_read_file(path, lim.spec_bytes, &len, &read_err);
    if (!text) {
        if (read_err.code == IC_ERR_LIMIT) /* name the limit to raise */
            ic_error_set(err, IC_ERR_LIMIT, path, 0, 0,
                         "spec file is larger than the limit of %zu bytes (limit 'spec_bytes')", lim.spec_bytes);
        else if (err && err->code == IC_OK)
            *err = read_err;
        return NULL;
    }
    ic_spec *spec = ic_spec_parse_limited(text, len, path, &lim, err);
    free(text);
    if (spec && ic_spec_add_dependency(spec, path, 1) < 0) {
        ic_spec_free(spec);
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    return spec;
}

int ic_spec_add_dependency(ic_spec *spec, const char *path, int first)
{
    for (size_t i = 0; i < spec->ndeps; i++)
        if (strcmp(spec->deps[i], path) == 0)
            return 0;
    char *copy = ic_strdup(path);
    char **grown = copy ? realloc(spec->deps, (spec->ndeps + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return -1;
    }
    spec->deps = grown;
    if (first)
        memmove(grown + 1, grown, spec->ndeps * sizeof *grown);
    grown[first ? 0 : spec->ndeps] = copy;
    spec->ndeps++;
    return 0;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

void ic_spec_free(ic_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    free(spec->dir);
    free_list(spec->deps, spec->ndeps);
    free_list(spec->warnings, spec->nwarnings);
    free(spec->chart);
    free(spec->data);
    free(spec->x);
    free_list(spec->y, spec->ny);
    free(spec->title);
    free(spec->subtitle);
    free(spec->source);
    free(spec->note);
    free(spec->byline);
    free(spec->number.prefix);
    free(spec->number.suffix);
    free_list(spec->highlight, spec->nhighlight);
    free_list(spec->outputs, spec->noutputs);
    for (size_t i = 0; spec->types && i < spec->ntypes; i++)
        free((char *)spec->types[i].column); /* owned here, const only in the shared struct */
    free(spec->types);
    free(spec->accent);
    free(spec->muted);
    free(spec->theme_bg);
    ic_theme_free(spec->theme);
    free_list(spec->palette, spec->npalette);
    free(spec->description);
    free(spec->pos_y);
    free(spec->pos_highlight);
    free(spec->pos_types);
    free(spec->center_value);
    free(spec->center_label);
    free(spec->icon);
    free(spec->row);
    free(spec->label);
    free(spec->context);
    free(spec->facet);
    free(spec->x_format);
    free(spec->series);
    free(spec->text);
    free(spec->lang);
    for (size_t i = 0; spec->trends && i < spec->ntrends; i++) {
        free(spec->trends[i].from);
        free(spec->trends[i].to);
        free(spec->trends[i].series);
        free(spec->trends[i].label);
    }
    free(spec->trends);
    for (size_t i = 0; spec->annotations && i < spec->nannotations; i++) {
        free(spec->annotations[i].text);
        free(spec->annotations[i].x);
        free(spec->annotations[i].series);
        free(spec->annotations[i].from);
        free(spec->annotations[i].to);
    }
    free(spec->annotations);
    free(spec);
}

/* ---- columns ------------------------------------------------------------------ */

static const char *type_name(ic_col_type t)
{
    switch (t) {
    case IC_COL_NUMBER: return "number";
    case IC_COL_TEXT: return "text";
    case IC_COL_YEAR: return "year";
    case IC_COL_DATE: return "date";
    case IC_COL_AUTO: break;
    }
    return "auto";
}

int ic_spec_find_column(const ic_spec *spec, const ic_table *t, const char *name, ic_pos pos,
                       ic_error *err)
{
    int idx = ic_table_find(t, name);
    if (idx >= 0)
        return idx;
    const char **names = calloc(t->ncols ? t->ncols : 1, sizeof *names);
    if (!names)
        return ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory");
    for (size_t i = 0; i < t->ncols; i++)
        names[i] = t->cols[i].name;
    char tmp[200], hint[700], list[600];
    if (!*did_you_mean(name, names, t->ncols, hint, sizeof hint))
        snprintf(hint, sizeof hint, " (columns: %s)", join_list(names, t->ncols, list, sizeof list));
    free(names);
    return ic_error_set(err, IC_ERR_SPEC, spec->path, pos.line, pos.column, "no column '%s' in %s%s",
                        ESC(name, tmp), t->path ? t->path : spec->data ? spec->data : "the data", hint);
}

/* Error for a highlight that is not among the x values: suggests the closest
 * value, or lists the first distinct values. */
static int highlight_missing(const ic_spec *spec, const ic_column *xc, size_t nrows, const char *h,
                             ic_pos pos, const char *what, ic_error *err)
{
    char tmp[200], tmp2[200], hint[700], list[600];
    size_t n = nrows < SUGGEST_MAX_VALUES ? nrows : SUGGEST_MAX_VALUES;
    const char **values = calloc(n ? n : 1, sizeof *values);
    if (!values)
        return ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory");
    for (size_t r = 0; r < n; r++)
        values[r] = ic_cell_text(xc, r);
    did_you_mean(h, values, n, hint, sizeof hint);
    free(values);
    if (!hint[0] && nrows) {
        const char *shown[12];
        size_t ns = 0;
        for (size_t r = 0; r < nrows && ns < COUNT(shown); r++) {
            size_t k = 0;
            while (k < ns && strcmp(shown[k], ic_cell_text(xc, r)) != 0)
                k++;
            if (k == ns)
                shown[ns++] = ic_cell_text(xc, r);
        }
        snprintf(hint, sizeof hint, " (values: %s%s)", join_list(shown, ns, list, sizeof list),
                 ns == COUNT(shown) ? ", ..." : "");
    }
    return ic_error_set(err, IC_ERR_SPEC, spec->path, pos.line, pos.column,
                        "%s '%s' is not a value of column '%s'%s", what, ESC(h, tmp),
                        ESC(xc->name, tmp2), hint);
}

/* `value` (may be NULL: nothing to check) must be one of the x column's values. */
static int check_x_value(const ic_spec *spec, const ic_table *table, const ic_column *xc, const char *value,
                         ic_pos pos, const char *what, ic_error *err)
{
    if (!value)
        return 0;
    for (size_t r = 0; r < table->nrows; r++)
        if (strcmp(ic_cell_text(xc, r), value) == 0)
            return 0;
    return highlight_missing(spec, xc, table->nrows, value, pos, what, err);
}

/* The same for a point in time that trend notes and annotations look up
 * with ic_column_find: in a date column any way of writing the date. */
static int check_x_point(const ic_spec *spec, const ic_table *table, const ic_column *xc, const char *value,
                         ic_pos pos, const char *what, ic_error *err)
{
    if (!value || ic_column_find(xc, value) >= 0)
        return 0;
    return highlight_missing(spec, xc, table->nrows, value, pos, what, err);
}

/* A "series" option must name one of the 'y' columns. */
static int check_series(const ic_spec *spec, const char *series, ic_pos pos, ic_error *err)
{
    if (!series)
        return 0;
    for (size_t i = 0; i < spec->ny; i++)
        if (strcmp(spec->y[i], series) == 0)
            return 0;
    char tmp[200], hint[256], list[512];
    did_you_mean(series, (const char *const *)spec->y, spec->ny, hint, sizeof hint);
    if (!hint[0])
        snprintf(hint, sizeof hint, " ('y' has: %s)", join_list((const char *const *)spec->y, spec->ny, list,
                                                                 sizeof list));
    return ic_error_set(err, IC_ERR_SPEC, spec->path, pos.line, pos.column,
                        "series '%s' is not one of the 'y' columns%s", ESC(series, tmp), hint);
}

int ic_spec_check_columns(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (!spec || !table || !spec->x)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_spec_check_columns: no spec or table");
    int xi = ic_spec_find_column(spec, table, spec->x, spec->pos_x, err);
    if (xi < 0)
        return -1;
    for (size_t i = 0; i < spec->ny; i++) {
        int yi = ic_spec_find_column(spec, table, spec->y[i], spec->pos_y[i], err);
        if (yi < 0)
            return -1;
        ic_col_type t = table->cols[yi].type;
        if (t != IC_COL_NUMBER && t != IC_COL_YEAR) {
            char tmp[200], cell[64];
            const ic_column *yc = &table->cols[yi];
            size_t r = 0;
            while (yc->missing && r < table->nrows && yc->missing[r])
                r++;
            if (r == table->nrows && table->nrows > 0)
                return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[i].line, spec->pos_y[i].column,
                                    "column '%s' has no values (every cell is empty or marks a missing value)",
                                    ESC(spec->y[i], tmp));
            /* name the first cell that is not a number, so it can be fixed */
            r = ic_column_first_not(yc, IC_COL_NUMBER);
            ic_cell_pos at = r < table->nrows ? ic_cell_position(yc, r) : (ic_cell_pos){0, 0};
            /* a number written with the other decimal separator ("466,0" or
             * "1.234,5" read with '.' decimals, "1.5" with ',' ones): the
             * cell read with '.' and ',' swapped is a default number */
            const char *text = r < table->nrows ? ic_cell_text(yc, r) : "";
            const char *hint = NULL;
            char swapped[64];
            double v;
            size_t n = strlen(text);
            if (table->decimal == ',' && strchr(text, '.') && ic_number_parse(text, &v, NULL) == 1) {
                hint = "the spec says \"decimal\": \",\" but the cell has a decimal point";
            } else if (table->decimal != ',' && n < sizeof swapped && strchr(text, ',')) {
                for (size_t k = 0; k <= n; k++)
                    swapped[k] = text[k] == ',' ? '.' : text[k] == '.' ? ',' : text[k];
                if (ic_number_parse(swapped, &v, NULL) == 1)
                    hint = "if ',' is the decimal separator, add \"decimal\": \",\" to the spec";
            }
            if (at.line == 0)
                return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[i].line, spec->pos_y[i].column,
                                    "column '%s' is %s, not numbers: 'y' needs a number column%s%s%s",
                                    ESC(spec->y[i], tmp), type_name(t), hint ? " (" : "", hint ? hint : "",
                                    hint ? ")" : "");
            return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[i].line, spec->pos_y[i].column,
                                "column '%s' is %s, not numbers: 'y' needs a number column (%s:%d:%d has '%s'%s%s)",
                                ESC(spec->y[i], tmp), type_name(t), spec->data, at.line, at.col,
                                ic_clip(text, cell, sizeof cell), hint ? "; " : "", hint ? hint : "");
        }
    }
    for (size_t i = 0; i < spec->ntypes; i++)
        if (ic_spec_find_column(spec, table, spec->types[i].column, spec->pos_types[i], err) < 0)
            return -1;
    const ic_column *xc = &table->cols[xi];
    for (size_t i = 0; i < spec->nhighlight; i++) {
        /* a highlight names a category (x value) or, for line charts, a series */
        int is_series = 0;
        for (size_t k = 0; k < spec->ny && !is_series; k++)
            is_series = strcmp(spec->y[k], spec->highlight[i]) == 0;
        if (!is_series &&
            check_x_value(spec, table, xc, spec->highlight[i], spec->pos_highlight[i], "highlight", err) < 0)
            return -1;
    }
    if (spec->facet && ic_spec_find_column(spec, table, spec->facet, spec->pos_facet, err) < 0)
        return -1;
    if (check_x_value(spec, table, xc, spec->row, spec->pos_row, "row", err) < 0)
        return -1;
    for (size_t i = 0; i < spec->ntrends; i++) {
        const ic_trend *t = &spec->trends[i];
        if (check_x_point(spec, table, xc, t->from, t->pos_from, "trend 'from'", err) < 0 ||
            check_x_point(spec, table, xc, t->to, t->pos_to, "trend 'to'", err) < 0 ||
            check_series(spec, t->series, t->pos_series, err) < 0)
            return -1;
    }
    for (size_t i = 0; i < spec->nannotations; i++) {
        const ic_annotation *a = &spec->annotations[i];
        if (check_x_point(spec, table, xc, a->x, a->pos_x, "annotation 'x'", err) < 0 ||
            check_x_point(spec, table, xc, a->from, a->pos_from, "annotation 'from'", err) < 0 ||
            check_x_point(spec, table, xc, a->to, a->pos_to, "annotation 'to'", err) < 0 ||
            check_series(spec, a->series, a->pos_series, err) < 0)
            return -1;
    }
    return 0;
}

/* ---- facets ------------------------------------------------------------------ */

const char *ic_safe_file_part(const char *value, char *buf, size_t size)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)value; *p && o + 5 < size && o < 80; p++) {
        unsigned char ch = *p;
        if (ch >= 0x80) {
            /* whole UTF-8 characters only */
            size_t n = (ch & 0xE0) == 0xC0 ? 2 : (ch & 0xF0) == 0xE0 ? 3 : (ch & 0xF8) == 0xF0 ? 4 : 1;
            size_t k = 0;
            while (k < n && p[k])
                k++;
            if (k < n || o + n + 1 >= size)
                break;
            memcpy(buf + o, p, n);
            o += n;
            p += n - 1;
        } else if (isalnum(ch) || ch == '-' || ch == '_' || (ch == '.' && o > 0 && buf[o - 1] != '.')) {
            buf[o++] = (char)ch;
        } else if (o > 0 && buf[o - 1] != '_') {
            buf[o++] = '_'; /* separators, spaces, control characters, a second dot */
        }
    }
    while (o > 0 && (buf[o - 1] == '_' || buf[o - 1] == '.'))
        o--;
    if (o == 0)
        buf[o++] = '_';
    buf[o] = '\0';
    return buf;
}

/* `*s` with every "{facet}" replaced by `value` (NULL stays NULL). */
static int replace_facet(char **s, const char *value)
{
    if (!*s || !strstr(*s, "{facet}"))
        return 0;
    size_t n = 0, vl = strlen(value);
    for (const char *p = *s; (p = strstr(p, "{facet}")) != NULL; p += 7)
        n++;
    char *out = malloc(strlen(*s) + n * vl + 1);
    if (!out)
        return -1;
    char *o = out;
    for (const char *p = *s;;) {
        const char *q = strstr(p, "{facet}");
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(o, p, k);
        o += k;
        if (!q)
            break;
        memcpy(o, value, vl);
        o += vl;
        p = q + 7;
    }
    *o = '\0';
    free(*s);
    *s = out;
    return 0;
}

/* One facet value's file name part while names are given out. */
typedef struct facet_part {
    size_t index;       /* in the values' order */
    char *name;
    int lossless;       /* the value is its own safe name */
} facet_part;

/* strcmp for names, with ASCII letters compared without case (file systems
 * that ignore case would still see one file). */
static int name_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

static int cmp_part_name(const void *a, const void *b)
{
    const facet_part *pa = a, *pb = b;
    int d = name_cmp(pa->name, pb->name);
    return d ? d : pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* "-" and 8 hex digits from the value's bytes (ic_hash_hex8 of FNV-1a 64). */
static void value_suffix(const char *value, char out[10])
{
    out[0] = '-';
    ic_hash_hex8(ic_hash_bytes(IC_HASH_INIT, value, strlen(value)), out + 1);
}

/* `p->name` with `tail` appended. */
static int append_name(facet_part *p, const char *tail)
{
    char *name = ic_asprintf("%s%s", p->name, tail);
    if (!name)
        return -1;
    free(p->name);
    p->name = name;
    return 0;
}

/* Length of the run of parts from `i` whose names are equal (ignoring case). */
static size_t run_length(const facet_part *parts, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && name_cmp(parts[i].name, parts[j].name) == 0)
        j++;
    return j - i;
}

/* Gives the values sharing a safe name their suffix: all of them but the one
 * value that is already its own name (the first such in byte order when
 * several differ only in case). `parts` is sorted by name. */
static int suffix_shared(facet_part *parts, size_t n, const char *const *values)
{
    for (size_t i = 0; i < n;) {
        size_t run = run_length(parts, n, i), keep = SIZE_MAX;
        for (size_t k = i; run > 1 && k < i + run; k++)
            if (parts[k].lossless && (keep == SIZE_MAX || strcmp(parts[k].name, parts[keep].name) < 0))
                keep = k;
        for (size_t k = i; run > 1 && k < i + run; k++) {
            char suffix[10];
            value_suffix(values[parts[k].index], suffix);
            if (k != keep && append_name(&parts[k], suffix) < 0)
                return -1;
        }
        i += run;
    }
    return 0;
}

char **ic_facet_file_parts(const char *const *values, size_t n)
{
    char **names = calloc(n ? n : 1, sizeof *names);
    facet_part *parts = calloc(n ? n : 1, sizeof *parts);
    int ok = names && parts;
    for (size_t i = 0; ok && i < n; i++) {
        char safe[128], suffix[10];
        ic_safe_file_part(values[i], safe, sizeof safe);
        parts[i].index = i;
        parts[i].lossless = strcmp(safe, values[i]) == 0;
        /* nothing of the value was kept ("", ".", "..", "/"): always suffixed */
        if (!parts[i].lossless && strcmp(safe, "_") == 0) {
            value_suffix(values[i], suffix);
            parts[i].name = ic_asprintf("%s%s", safe, suffix);
        } else {
            parts[i].name = ic_strdup(safe);
        }
        ok = parts[i].name != NULL;
    }
    if (ok && n > 1) {
        qsort(parts, n, sizeof *parts, cmp_part_name);
        ok = suffix_shared(parts, n, values) == 0;
    }
    /* still equal (a 32-bit hash collision, or a value spelled like another's
     * suffixed name): the later values get "~2", "~3", ... ('~' is in no
     * safe name, so these cannot meet any other name) */
    if (ok && n > 1) {
        qsort(parts, n, sizeof *parts, cmp_part_name);
        for (size_t i = 0; ok && i < n;) {
            size_t run = run_length(parts, n, i);
            for (size_t k = 1; ok && k < run; k++) {
                char tail[32];
                snprintf(tail, sizeof tail, "~%zu", k + 1);
                ok = append_name(&parts[i + k], tail) == 0;
            }
            i += run;
        }
    }
    for (size_t i = 0; parts && i < n; i++) {
        if (ok)
            names[parts[i].index] = parts[i].name;
        else
            free(parts[i].name);
    }
    free(parts);
    if (!ok) {
        free(names);
        return NULL;
    }
    return names;
}

ic_spec *ic_spec_for_facet(const ic_spec *spec, const char *value, const char *file_part, ic_error *err)
{
    ic_spec_source src = {.name = spec->path, .dir = spec->dir, .data_given = spec->data_given};
    ic_spec *f = spec_parse(spec->text, spec->text_len, &src, &spec->limits, spec->theme, err);
    if (!f)
        return NULL;
    /* the facet keeps the chart's theme (a file's, or ic_chart_set_theme's) */
    if (f->theme != spec->theme) {
        ic_theme_free(f->theme);
        f->theme = ic_theme_ref(spec->theme);
    }
    /* what was set after parsing: a size from code, the data's name */
    f->width = spec->width;
    f->height = spec->height;
    f->print = spec->print;
    f->max_height = spec->max_height;
    f->safe_top = spec->safe_top;
    f->safe_bottom = spec->safe_bottom;
    int rc = 0;
    if (spec->data_given) {
        free(f->data);
        rc |= !(f->data = ic_strdup(spec->data));
    }
    /* the same files, in the same order (the spec file first) */
    for (size_t i = 0; i < f->ndeps; i++)
        free(f->deps[i]);
    f->ndeps = 0;
    for (size_t i = 0; i < spec->ndeps && rc == 0; i++)
        rc |= ic_spec_add_dependency(f, spec->deps[i], 0) != 0;
    const char *safe = file_part;
    rc |= replace_facet(&f->title, value) | replace_facet(&f->subtitle, value) |
             replace_facet(&f->note, value) | replace_facet(&f->description, value);
    for (size_t i = 0; i < f->noutputs && rc == 0; i++) {
        if (strstr(f->outputs[i], "{facet}")) {
            rc = replace_facet(&f->outputs[i], safe);
            continue;
        }
        /* "chart.png" → "chart-<value>.png" */
        const char *dot = strrchr(f->outputs[i], '.');
        size_t stem = dot ? (size_t)(dot - f->outputs[i]) : strlen(f->outputs[i]);
        char *name = ic_asprintf("%.*s-%s%s", (int)stem, f->outputs[i], safe, dot ? dot : "");
        if (!name)
            rc = -1;
        else {
            free(f->outputs[i]);
            f->outputs[i] = name;
        }
    }
    if (rc != 0) {
        ic_spec_free(f);
        ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory");
        return NULL;
    }
    return f;
}

/* Theme files: read with jansson, every key checked, errors at the key's or
 * value's line:column in the theme file (positions from jsonpos.c, as the
 * spec reader does). Fonts and the logo are loaded here, once. */
#include "spec/theme_file.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/util.h"
#include "spec/jsonpos.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THEME_MAX_BYTES ((size_t)1 << 20)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct reader {
    ic_theme *theme;
    const ic_jsonpos *jp;
    const char *dir;     /* the theme file's directory */
    ic_error *err;
} reader;

/* ---- messages ------------------------------------------------------------ */

static int fail_at(const reader *r, const char *path, int at_key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An error in the theme file at `path`'s key (at_key) or value. */
static int fail_at(const reader *r, const char *path, int at_key, const char *fmt, ...)
{
    int kl = 0, kc = 0, vl = 0, vc = 0;
    ic_jsonpos_find(r->jp, path, &kl, &kc, &vl, &vc);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ic_error_set(r->err, IC_ERR_SPEC, r->theme->path, at_key ? kl : vl, at_key ? kc : vc, "%s", msg);
}

static int nomem(const reader *r)
{
    return ic_error_set(r->err, IC_ERR_NOMEM, r->theme->path, 0, 0, "out of memory");
}

/* What a JSON value is, for "got ..." in messages. */
static const char *describe(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    case JSON_ARRAY: return "an array";
    case JSON_OBJECT: return "an object";
    }
    return "a value";
}

/* "unknown key 'x' in 'owner' (did you mean 'y'?)" */
static int unknown_key(const reader *r, const char *path, const char *key, const char *const *known, size_t n)
{
    const char *hint = ic_suggest(key, known, n);
    if (hint)
        return fail_at(r, path, 1, "unknown theme key '%.100s' (did you mean '%s'?)", key, hint);
    ic_buf list = IC_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        ic_buf_puts(&list, i ? ", " : "");
        ic_buf_puts(&list, known[i]);
    }
    char *names = ic_buf_take(&list);
    if (!names)
        return nomem(r);
    fail_at(r, path, 1, "unknown theme key '%.100s' (known keys: %s)", key, names);
    free(names);
    return -1;
}

/* Checks that every key of object `v` (at `owner`, "" for the root) is in
 * `known`. */
static int check_keys(const reader *r, const char *owner, const json_t *v, const char *const *known, size_t n)
{
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m) {
        size_t i = 0;
        while (i < n && strcmp(key, known[i]) != 0)
            i++;
        if (i == n) {
            char path[256];
            snprintf(path, sizeof path, "%s%s%s", owner, owner[0] ? "." : "", key);
            return unknown_key(r, path, key, known, n);
        }
    }
    return 0;
}

/* ---- typed values --------------------------------------------------------- */

static const char *want_string(const reader *r, const char *path, const json_t *v)
{
    if (json_is_string(v) && json_string_value(v)[0])
        return json_string_value(v);
    fail_at(r, path, 0, "'%s' must be a non-empty string, got %s", path,
            json_is_string(v) ? "\"\"" : describe(v));
    return NULL;
}

static int want_colour(const reader *r, const char *path, const json_t *v, ic_color *out)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s || strlen(s) != 7 || ic_color_parse(s, out) != 0)
        return fail_at(r, path, 0, "'%s' must be a colour written \"#rrggbb\" (e.g. \"#d9480f\"), got %s%.20s%s",
                       path, s ? "\"" : describe(v), s ? s : "", s ? "\"" : "");
    return 0;
}

static int want_factor(const reader *r, const char *path, const json_t *v, double *out)
{
    double d = json_is_number(v) ? json_number_value(v) : 0;
    if (json_is_number(v) && !(d >= 0.5 && d <= 3))
        return fail_at(r, path, 0, "'%s' must be a number from 0.5 to 3 (a multiplier of the text sizes), got %g",
                       path, d);
    if (!json_is_number(v))
        return fail_at(r, path, 0, "'%s' must be a number from 0.5 to 3 (a multiplier of the text sizes), got %s",
                       path, describe(v));
    *out = d;
    return 0;
}

static int add_dep(const reader *r, const char *file)
{
    ic_theme *t = r->theme;
    for (size_t i = 0; i < t->ndeps; i++)
        if (strcmp(t->deps[i], file) == 0)
            return 0;
    char **grown = realloc(t->deps, (t->ndeps + 1) * sizeof *grown);
    if (!grown)
        return nomem(r);
    t->deps = grown;
    if (!(t->deps[t->ndeps] = ic_strdup(file)))
        return nomem(r);
    t->ndeps++;
    return 0;
}

/* ---- keys ------------------------------------------------------------------ */

static int k_extends(const reader *r, const json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s && strcmp(s, "light") == 0)
        r->theme->dark = 0;
    else if (s && strcmp(s, "dark") == 0)
        r->theme->dark = 1;
    else
        return fail_at(r, "extends", 0, "'extends' must be \"light\" or \"dark\" (the built-in theme to start from)");
    return 0;
}

/* Opens the font file named at `path` (relative to the theme file). */
static int load_font(const reader *r, const char *path, const json_t *v, ic_face *face, ic_font_style style)
{
    const char *name = want_string(r, path, v);
    if (!name)
        return -1;
    char *file = ic_path_join(r->dir, name);
    if (!file)
        return nomem(r);
    ic_error font_err = {0};
    int rc = ic_face_open(face, file, style, &font_err);
    if (rc != 0)
        fail_at(r, path, 0, "font file '%.300s': %s", file, font_err.message);
    else
        rc = add_dep(r, file);
    free(file);
    return rc;
}

static int k_fonts(const reader *r, const json_t *v)
{
    static const char *const known[] = {"regular", "bold", "fallbacks"};
    ic_theme *t = r->theme;
    if (!json_is_object(v))
        return fail_at(r, "fonts", 0, "'fonts' must be an object {\"regular\": \"file.ttf\", \"bold\": ..., "
                                      "\"fallbacks\": [...]}, got %s", describe(v));
    if (check_keys(r, "fonts", v, known, COUNT(known)) != 0)
        return -1;
    const json_t *m;
    if ((m = json_object_get(v, "regular"))) {
        if (load_font(r, "fonts.regular", m, &t->regular, IC_FONT_REGULAR) != 0)
            return -1;
        t->has_regular = 1;
    }
    if ((m = json_object_get(v, "bold"))) {
        if (load_font(r, "fonts.bold", m, &t->bold, IC_FONT_BOLD) != 0)
            return -1;
        t->has_bold = 1;
    }
    if ((m = json_object_get(v, "fallbacks"))) {
        if (!json_is_array(m) || json_array_size(m) > IC_THEME_FALLBACKS_MAX)
            return fail_at(r, "fonts.fallbacks", 0, "'fonts.fallbacks' must be an array of at most %d font files",
                           IC_THEME_FALLBACKS_MAX);
        for (size_t i = 0; i < json_array_size(m); i++) {
            char path[64];
            snprintf(path, sizeof path, "fonts.fallbacks[%zu]", i);
            if (load_font(r, path, json_array_get(m, i), &t->fallbacks[i], IC_FONT_REGULAR) != 0)
                return -1;
            t->nfallbacks = i + 1;
        }
    }
    return 0;
}

static int k_palette(const reader *r, const json_t *v)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 0;
    if (n == 0 || n > IC_PALETTE_MAX)
        return fail_at(r, "palette", 0, "'palette' must be an array of 1 to %d colours \"#rrggbb\"", IC_PALETTE_MAX);
    for (size_t i = 0; i < n; i++) {
        char path[32];
        snprintf(path, sizeof path, "palette[%zu]", i);
        if (want_colour(r, path, json_array_get(v, i), &r->theme->palette[i]) != 0)
            return -1;
    }
    r->theme->npalette = n;
    return 0;
}

static int k_type_scale(const reader *r, const json_t *v)
{
    static const char *const roles[IC_TYPE_ROLES] = {"title", "subtitle", "body", "source"};
    double *scale = r->theme->type_scale;
    if (json_is_number(v)) {
        double f;
        if (want_factor(r, "type_scale", v, &f) != 0)
            return -1;
        for (int i = 0; i < IC_TYPE_ROLES; i++)
            scale[i] = f;
        return 0;
    }
    if (!json_is_object(v))
        return fail_at(r, "type_scale", 0, "'type_scale' must be a number or an object {\"title\": ..., "
                                           "\"subtitle\": ..., \"body\": ..., \"source\": ...}, got %s", describe(v));
    if (check_keys(r, "type_scale", v, roles, IC_TYPE_ROLES) != 0)
        return -1;
    for (int i = 0; i < IC_TYPE_ROLES; i++) {
        const json_t *m = json_object_get(v, roles[i]);
        char path[64];
        snprintf(path, sizeof path, "type_scale.%s", roles[i]);
        if (m && want_factor(r, path, m, &scale[i]) != 0)
            return -1;
    }
    return 0;
}

static int k_logo(const reader *r, const json_t *v)
{
    static const char *const known[] = {"file", "height", "position"};
    ic_theme *t = r->theme;
    if (!json_is_object(v))
        return fail_at(r, "logo", 0, "'logo' must be an object {\"file\": \"logo.svg\", \"height\": ..., "
                                     "\"position\": ...}, got %s", describe(v));
    if (check_keys(r, "logo", v, known, COUNT(known)) != 0)
        return -1;
    const json_t *m = json_object_get(v, "height");
    if (m) {
        double h = json_is_number(m) ? json_number_value(m) : 0;
        if (!(h >= 4 && h <= 1000))
            return fail_at(r, "logo.height", 0, "'logo.height' must be a number from 4 to 1000 (scene units), got %s",
                           describe(m));
        t->logo_height = h;
    }
    if ((m = json_object_get(v, "position"))) {
        const char *s = json_is_string(m) ? json_string_value(m) : "";
        if (strcmp(s, "left") != 0 && strcmp(s, "right") != 0)
            return fail_at(r, "logo.position", 0, "'logo.position' must be \"left\" or \"right\"");
        t->logo_left = strcmp(s, "left") == 0;
    }
    m = json_object_get(v, "file");
    if (!m)
        return fail_at(r, "logo", 0, "'logo' needs a \"file\" (a PNG or SVG image, relative to the theme file)");
    const char *name = want_string(r, "logo.file", m);
    if (!name)
        return -1;
    char *file = ic_path_join(r->dir, name);
    if (!file)
        return nomem(r);
    ic_error image_err = {0};
    t->logo = ic_image_load(file, &image_err);
    int rc = 0;
    if (!t->logo) {
        rc = fail_at(r, "logo.file", 0, "logo file '%.300s': %s", file, image_err.message);
        if (r->err && image_err.code == IC_ERR_LIMIT)
            r->err->code = IC_ERR_LIMIT;
    } else {
        rc = add_dep(r, file);
    }
    free(file);
    return rc;
}

static int add_prefix(const reader *r, const char *path, const char *lang, const json_t *v)
{
    ic_theme *t = r->theme;
    if (!json_is_string(v))
        return fail_at(r, path, 0, "'%s' must be a string, got %s", path, describe(v));
    if (strlen(lang) >= sizeof t->prefixes[0].lang)
        return fail_at(r, path, 1, "'%.100s' is not a language code (e.g. \"en\", \"ur\")", lang);
    ic_theme_prefix *grown = realloc(t->prefixes, (t->nprefixes + 1) * sizeof *grown);
    if (!grown)
        return nomem(r);
    t->prefixes = grown;
    ic_theme_prefix *p = &t->prefixes[t->nprefixes];
    snprintf(p->lang, sizeof p->lang, "%s", lang);
    if (!(p->text = ic_strdup(json_string_value(v))))
        return nomem(r);
    t->nprefixes++;
    return 0;
}

static int k_source_prefix(const reader *r, const json_t *v)
{
    if (json_is_string(v))
        return add_prefix(r, "source_prefix", "", v);
    if (!json_is_object(v))
        return fail_at(r, "source_prefix", 0, "'source_prefix' must be a string or an object of strings by "
                                              "language ({\"en\": \"Data: \", \"ur\": ...}), got %s", describe(v));
    const char *lang;
    json_t *m;
    json_object_foreach((json_t *)v, lang, m) {
        char path[160];
        snprintf(path, sizeof path, "source_prefix.%s", lang);
        if (add_prefix(r, path, lang, m) != 0)
            return -1;
    }
    return 0;
}

static int k_colour(const reader *r, const char *key, const json_t *v)
{
    ic_theme *t = r->theme;
    static const char *const names[] = {"background", "text", "text_muted", "accent", "muted"};
    ic_color *slots[] = {&t->background, &t->text, &t->text_muted, &t->accent, &t->muted};
    int *given[] = {&t->has_background, &t->has_text, &t->has_text_muted, &t->has_accent, &t->has_muted};
    for (size_t i = 0; i < COUNT(names); i++)
        if (strcmp(key, names[i]) == 0) {
            *given[i] = 1;
            return want_colour(r, key, v, slots[i]);
        }
    return -1;
}

static const char *const theme_keys[] = {"$schema", "extends", "fonts", "palette", "accent", "muted",
                                         "background", "text", "text_muted", "type_scale", "logo",
                                         "source_prefix"};

static int read_theme(reader *r, const json_t *root)
{
    if (!json_is_object(root))
        return fail_at(r, "", 0, "a theme must be a JSON object ({ ... }), got %s", describe(root));
    if (check_keys(r, "", root, theme_keys, COUNT(theme_keys)) != 0)
        return -1;
    /* keys in document order, so the first error is the first in the file */
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        int rc = 0;
        if (strcmp(key, "$schema") == 0)
            rc = json_is_string(v) ? 0 : fail_at(r, key, 0, "'$schema' must be a string (a URL or path)");
        else if (strcmp(key, "extends") == 0)
            rc = k_extends(r, v);
        else if (strcmp(key, "fonts") == 0)
            rc = k_fonts(r, v);
        else if (strcmp(key, "palette") == 0)
            rc = k_palette(r, v);
        else if (strcmp(key, "type_scale") == 0)
            rc = k_type_scale(r, v);
        else if (strcmp(key, "logo") == 0)
            rc = k_logo(r, v);
        else if (strcmp(key, "source_prefix") == 0)
            rc = k_source_prefix(r, v);
        else
            rc = k_colour(r, key, v);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- loading ------------------------------------------------------------------ */

static ic_theme *theme_new(const char *path)
{
    ic_theme *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    atomic_init(&t->refs, 1);
    t->logo_left = -1;
    for (int i = 0; i < IC_TYPE_ROLES; i++)
        t->type_scale[i] = 1;
    if (pthread_mutex_init(&t->lock, NULL) != 0) {
        free(t);
        return NULL;
    }
    if (!(t->path = ic_strdup(path))) {
        pthread_mutex_destroy(&t->lock);
        free(t);
        return NULL;
    }
    return t;
}

static void theme_destroy(ic_theme *t)
{
    free(t->path);
    for (size_t i = 0; i < t->nprefixes; i++)
        free(t->prefixes[i].text);
    free(t->prefixes);
    ic_face_close(&t->regular);
    ic_face_close(&t->bold);
    for (size_t i = 0; i < t->nfallbacks; i++)
        ic_face_close(&t->fallbacks[i]);
    ic_image_free(t->logo);
    for (size_t i = 0; i < t->ndeps; i++)
        free(t->deps[i]);
    free(t->deps);
    for (size_t i = 0; i < t->nsets; i++)
        ic_fonts_free(t->sets[i].fonts);
    free(t->sets);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

ic_theme *ic_theme_load(const char *path, ic_error *err)
{
    if (!path) {
        ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "no theme path given");
        return NULL;
    }
    ic_theme *t = theme_new(path);
    if (!t) {
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    size_t len = 0;
    ic_error read_err = {0};
    char *text = ic_read_file(path, THEME_MAX_BYTES, &len, &read_err);
    char *dir = ic_path_dirname(path);
    json_t *root = NULL;
    ic_jsonpos *jp = NULL;
    reader r = {t, NULL, dir, err};
    int rc = -1;
    if (!text) {
        if (read_err.code == IC_ERR_LIMIT)
            ic_error_set(err, IC_ERR_LIMIT, path, 0, 0, "theme file is larger than %zu bytes", THEME_MAX_BYTES);
        else if (err && !ic_error_is_set(err))
            *err = read_err;
        goto done;
    }
    if (!dir || !(jp = ic_jsonpos_scan(text, len))) {
        nomem(&r);
        goto done;
    }
    r.jp = jp;
    json_error_t je;
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        ic_error_set(err, IC_ERR_SPEC, path, je.line > 0 ? je.line : 0, je.line > 0 ? je.column : 0,
                     "invalid JSON: %s", je.text);
        goto done;
    }
    if (add_dep(&r, path) != 0 || read_theme(&r, root) != 0)
        goto done;
    rc = 0;
done:
    json_decref(root);
    ic_jsonpos_free(jp);
    free(text);
    free(dir);
    if (rc != 0) {
        theme_destroy(t);
        return NULL;
    }
    return t;
}

ic_theme *ic_theme_ref(const ic_theme *theme)
{
    ic_theme *t = (ic_theme *)theme; /* only the count changes */
    if (t)
        atomic_fetch_add(&t->refs, 1);
    return t;
}

void ic_theme_free(ic_theme *theme)
{
    if (theme && atomic_fetch_sub(&theme->refs, 1) == 1)
        theme_destroy(theme);
}

size_t ic_theme_dependency_count(const ic_theme *theme)
{
    return theme ? theme->ndeps : 0;
}

const char *ic_theme_dependency(const ic_theme *theme, size_t i)
{
    return theme && i < theme->ndeps ? theme->deps[i] : NULL;
}

int ic_theme_has_fonts(const ic_theme *theme)
{
    return theme && (theme->has_regular || theme->has_bold || theme->nfallbacks > 0);
}

const ic_fonts *ic_theme_fonts_for(const ic_theme *theme, const ic_fonts *base)
{
    if (!ic_theme_has_fonts(theme) || !base)
        return base;
    ic_theme *t = (ic_theme *)theme; /* the cache of font sets is guarded by the lock */
    const ic_fonts *found = NULL;
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < t->nsets && !found; i++)
        if (t->sets[i].base_id == base->id)
            found = t->sets[i].fonts;
    if (!found) {
        const ic_face *fallbacks[IC_THEME_FALLBACKS_MAX];
        for (size_t i = 0; i < t->nfallbacks; i++)
            fallbacks[i] = &t->fallbacks[i];
        ic_fonts *made = ic_fonts_themed(base, t->has_regular ? &t->regular : NULL, t->has_bold ? &t->bold : NULL,
                                         fallbacks, t->nfallbacks);
        /* kept until the theme goes: scenes may still use every set */
        ic_theme_fonts *grown = made ? realloc(t->sets, (t->nsets + 1) * sizeof *grown) : NULL;
        if (grown) {
            t->sets = grown;
            t->sets[t->nsets++] = (ic_theme_fonts){base->id, made};
            found = made;
        } else {
            ic_fonts_free(made);
        }
    }
    pthread_mutex_unlock(&t->lock);
    return found;
}

const char *ic_theme_source_prefix(const ic_theme *theme, const char *lang)
{
    if (!theme)
        return NULL;
    const char *any = NULL;
    for (size_t i = 0; i < theme->nprefixes; i++) {
        const ic_theme_prefix *p = &theme->prefixes[i];
        if (!p->lang[0])
            any = p->text;
        else if (ic_lang_is(lang && lang[0] ? lang : "en", p->lang))
            return p->text;
    }
    return any;
}

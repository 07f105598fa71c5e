/* A forgiving JSON tokenizer that records where keys and values start.
 * See jsonpos.h. The text has normally been accepted by jansson already; this
 * only has to find positions, so it checks just enough structure to stay in
 * step and stops quietly at anything it does not understand. */
#include "spec/jsonpos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define NONE SIZE_MAX
/* Paths deeper than this below the root are not recorded. */
#define RECORD_DEPTH 3
/* Nesting beyond this stops the scan (bounds the recursion). */
#define MAX_NESTING 4096

typedef struct entry {
    char *path;
    char *key;          /* decoded key; NULL for array elements and the root */
    size_t parent;      /* entry index of the enclosing container, NONE for the root */
    int key_line, key_col, val_line, val_col;
} entry;

struct ic_jsonpos {
    entry *e;
    size_t n, cap;
    const entry **sorted; /* [n] by path, then document order */
    int has_bad;          /* a forbidden character was found: */
    ic_jsonpos_char bad;  /* the first one (bad.path is owned) */
};

typedef struct scanner {
    const char *s;
    size_t len, i;
    int line, col;
    ic_jsonpos *jp;
    char *path;
    size_t plen, pcap;
    int oom;
    int in_key;         /* scanning a key (for ic_jsonpos_char.in_key) */
    int bad_pending;    /* a forbidden character waits for its path */
} scanner;

/* A growable byte buffer for decoded keys and paths. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int buf_add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static int peek(const scanner *sc)
{
    return sc->i < sc->len ? (unsigned char)sc->s[sc->i] : -1;
}

/* Moves past one byte, keeping line and column as ic_offset_to_line_col
 * counts them: LF, CRLF and lone CR end lines; continuation bytes don't count. */
static void adv(scanner *sc)
{
    if (sc->i >= sc->len)
        return;
    unsigned char ch = (unsigned char)sc->s[sc->i];
    if (ch == '\n' || (ch == '\r' && !(sc->i + 1 < sc->len && sc->s[sc->i + 1] == '\n'))) {
        sc->line++;
        sc->col = 1;
    } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
        sc->col++;
    }
    sc->i++;
}

static void skip_ws(scanner *sc)
{
    for (int c = peek(sc); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(sc))
        adv(sc);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads the 4 hex digits of a \u escape (the scanner is on the first digit). */
static long read_hex4(scanner *sc)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(peek(sc));
        if (h < 0)
            return -1;
        v = v * 16 + h;
        adv(sc);
    }
    return v;
}

static size_t utf8_encode(unsigned long cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Remembers the first character (`n` bytes of UTF-8 in `ch`, starting at
 * line:col) that no chart text may hold; its path is set by the caller
 * (resolve_bad) once known. */
static void check_char(scanner *sc, const char *ch, size_t n, int line, int col)
{
    size_t off;
    unsigned cp;
    if (sc->jp->has_bad || !ic_utf8_valid(ch, n, NULL) || !ic_text_forbidden(ch, n, &off, &cp))
        return;
    sc->jp->has_bad = 1;
    sc->jp->bad = (ic_jsonpos_char){ line, col, cp, sc->in_key, NULL };
    sc->bad_pending = 1;
}

/* Gives a pending forbidden character the current path. */
static void resolve_bad(scanner *sc)
{
    if (!sc->bad_pending)
        return;
    sc->bad_pending = 0;
    char *path = malloc(sc->plen + 1);
    if (!path) {
        sc->oom = 1;
        return;
    }
    memcpy(path, sc->path ? sc->path : "", sc->plen);
    path[sc->plen] = '\0';
    sc->jp->bad.path = path;
}

/* Bytes in the UTF-8 sequence led by `ch` (1 for anything else). */
static size_t utf8_length(unsigned char ch)
{
    return (ch & 0xE0) == 0xC0 ? 2 : (ch & 0xF0) == 0xE0 ? 3 : (ch & 0xF8) == 0xF0 ? 4 : 1;
}

/* Scans a string starting at its opening quote. When `out` is not NULL the
 * decoded text is appended to it. Every character is checked (check_char).
 * Returns 0, or -1 on malformed text or out of memory (then sc->oom is set). */
static int scan_string(scanner *sc, buf *out)
{
    adv(sc); /* opening quote */
    for (;;) {
        int c = peek(sc);
        if (c < 0)
            return -1;
        if (c == '"') {
            adv(sc);
            return 0;
        }
        int line = sc->line, col = sc->col;
        char tmp[4];
        size_t n = 1;
        if (c == '\\') {
            adv(sc);
            int e = peek(sc);
            adv(sc);
            switch (e) {
            case '"': case '\\': case '/': tmp[0] = (char)e; break;
            case 'b': tmp[0] = '\b'; break;
            case 'f': tmp[0] = '\f'; break;
            case 'n': tmp[0] = '\n'; break;
            case 'r': tmp[0] = '\r'; break;
            case 't': tmp[0] = '\t'; break;
            case 'u': {
                long cp = read_hex4(sc);
                if (cp < 0)
                    return -1;
                /* a high surrogate followed by \uDC00..\uDFFF forms one code point */
                if (cp >= 0xD800 && cp <= 0xDBFF && peek(sc) == '\\' && sc->i + 1 < sc->len &&
                    sc->s[sc->i + 1] == 'u') {
                    adv(sc);
                    adv(sc);
                    long lo = read_hex4(sc);
                    if (lo < 0)
                        return -1;
                    if (lo >= 0xDC00 && lo <= 0xDFFF)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                n = utf8_encode((unsigned long)cp, tmp);
                break;
            }
            default:
                return -1;
            }
        } else {
            /* a whole UTF-8 sequence, so it can be checked as one character */
            size_t want = utf8_length((unsigned char)c);
            tmp[0] = (char)c;
            adv(sc);
            for (n = 1; n < want && (peek(sc) & 0xC0) == 0x80; n++) {
                tmp[n] = (char)peek(sc);
                adv(sc);
            }
        }
        check_char(sc, tmp, n, line, col);
        if (out && buf_add(out, tmp, n) < 0) {
            sc->oom = 1;
            return -1;
        }
    }
}

static size_t add_entry(scanner *sc, size_t parent, const char *key, int kl, int kc)
{
    ic_jsonpos *jp = sc->jp;
    if (jp->n == jp->cap) {
        size_t cap = jp->cap ? jp->cap * 2 : 32;
        entry *e = realloc(jp->e, cap * sizeof *e);
        if (!e)
            goto oom;
        jp->e = e;
        jp->cap = cap;
    }
    entry *en = &jp->e[jp->n];
    memset(en, 0, sizeof *en);
    en->path = malloc(sc->plen + 1);
    if (!en->path)
        goto oom;
    memcpy(en->path, sc->path ? sc->path : "", sc->plen);
    en->path[sc->plen] = '\0';
    if (key) {
        size_t klen = strlen(key) + 1;
        en->key = malloc(klen);
        if (!en->key) {
            free(en->path);
            goto oom;
        }
        memcpy(en->key, key, klen);
    }
    en->parent = parent;
    en->val_line = sc->line;
    en->val_col = sc->col;
    en->key_line = kl ? kl : sc->line;
    en->key_col = kc ? kc : sc->col;
    return jp->n++;
oom:
    sc->oom = 1;
    return NONE;
}

/* Appends `sep` (unless at the root) and `text` to the current path; `*mark`
 * gets the previous length so the caller can cut the path back. */
static int path_push(scanner *sc, const char *sep, const char *text, size_t *mark)
{
    *mark = sc->plen;
    buf b = { sc->path, sc->plen, sc->pcap };
    if ((sc->plen > 0 && buf_add(&b, sep, strlen(sep)) < 0) ||
        buf_add(&b, text, strlen(text)) < 0) {
        sc->path = b.p;
        sc->pcap = b.cap;
        sc->oom = 1;
        return -1;
    }
    sc->path = b.p;
    sc->plen = b.n;
    sc->pcap = b.cap;
    return 0;
}

static void path_cut(scanner *sc, size_t mark)
{
    sc->plen = mark;
    if (sc->path)
        sc->path[mark] = '\0';
}

static int scan_value(scanner *sc, int depth, size_t parent, const char *key, int kl, int kc);

static int scan_object(scanner *sc, int depth, size_t self)
{
    int rc = -1;
    buf key = { 0 };
    adv(sc); /* '{' */
    skip_ws(sc);
    if (peek(sc) == '}') {
        adv(sc);
        return 0;
    }
    int record = depth + 1 <= RECORD_DEPTH;
    for (;;) {
        skip_ws(sc);
        if (peek(sc) != '"')
            goto done;
        int kl = sc->line, kc = sc->col;
        key.n = 0;
        sc->in_key = 1;
        int kr = scan_string(sc, record ? &key : NULL);
        sc->in_key = 0;
        if (kr < 0)
            goto done;
        if (record && buf_add(&key, "", 0) < 0) { /* an empty key still needs its NUL */
            sc->oom = 1;
            goto done;
        }
        skip_ws(sc);
        if (peek(sc) != ':')
            goto done;
        adv(sc);
        size_t mark = sc->plen;
        if (record && path_push(sc, ".", key.p, &mark) < 0)
            goto done;
        resolve_bad(sc); /* a bad key is named by its own path */
        int vr = scan_value(sc, depth + 1, self, record ? key.p : NULL, kl, kc);
        path_cut(sc, mark);
        if (vr < 0)
            goto done;
        skip_ws(sc);
        int c = peek(sc);
        adv(sc);
        if (c == '}')
            break;
        if (c != ',')
            goto done;
    }
    rc = 0;
done:
    free(key.p);
    return rc;
}

static int scan_array(scanner *sc, int depth, size_t self)
{
    adv(sc); /* '[' */
    skip_ws(sc);
    if (peek(sc) == ']') {
        adv(sc);
        return 0;
    }
    int record = depth + 1 <= RECORD_DEPTH;
    for (size_t index = 0;; index++) {
        size_t mark = sc->plen;
        if (record) {
            char num[32];
            snprintf(num, sizeof num, "[%zu]", index);
            if (path_push(sc, "", num, &mark) < 0)
                return -1;
        }
        int vr = scan_value(sc, depth + 1, self, NULL, 0, 0);
        path_cut(sc, mark);
        if (vr < 0)
            return -1;
        skip_ws(sc);
        int c = peek(sc);
        adv(sc);
        if (c == ']')
            return 0;
        if (c != ',')
            return -1;
    }
}

static int is_literal_char(int c)
{
    return c > ' ' && !strchr(",:[]{}\"", c);
}

static int scan_value(scanner *sc, int depth, size_t parent, const char *key, int kl, int kc)
{
    if (depth > MAX_NESTING)
        return -1;
    skip_ws(sc);
    int c = peek(sc);
    if (c < 0)
        return -1;
    size_t self = NONE;
    if (depth <= RECORD_DEPTH) {
        self = add_entry(sc, parent, key, kl, kc);
        if (self == NONE)
            return -1;
    }
    if (c == '{')
        return scan_object(sc, depth, self);
    if (c == '[')
        return scan_array(sc, depth, self);
    if (c == '"') {
        int rc = scan_string(sc, NULL);
        resolve_bad(sc);
        return rc;
    }
    if (!is_literal_char(c))
        return -1;
    while (is_literal_char(peek(sc)))
        adv(sc);
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *ea = *(const entry *const *)a, *eb = *(const entry *const *)b;
    int d = strcmp(ea->path, eb->path);
    if (d)
        return d;
    return ea < eb ? -1 : ea > eb; /* same array: address order is document order */
}

ic_jsonpos *ic_jsonpos_scan(const char *text, size_t len)
{
    ic_jsonpos *jp = calloc(1, sizeof *jp);
    scanner sc = { .s = text ? text : "", .len = text ? len : 0, .line = 1, .col = 1, .jp = jp };
    if (!jp)
        goto fail;
    scan_value(&sc, 0, NONE, NULL, 0, 0);
    resolve_bad(&sc); /* when the scan stopped inside a key */
    if (sc.oom)
        goto fail;
    if (jp->n) {
        jp->sorted = malloc(jp->n * sizeof *jp->sorted);
        if (!jp->sorted)
            goto fail;
        for (size_t k = 0; k < jp->n; k++)
            jp->sorted[k] = &jp->e[k];
        qsort(jp->sorted, jp->n, sizeof *jp->sorted, cmp_entry);
    }
    free(sc.path);
    return jp;
fail:
    free(sc.path);
    ic_jsonpos_free(jp);
    return NULL;
}

void ic_jsonpos_free(ic_jsonpos *jp)
{
    if (!jp)
        return;
    for (size_t k = 0; k < jp->n; k++) {
        free(jp->e[k].path);
        free(jp->e[k].key);
    }
    free(jp->e);
    free(jp->sorted);
    free((char *)jp->bad.path);
    free(jp);
}

/* Index in `sorted` of the first entry whose path is not less than `path`. */
static size_t lower_bound(const ic_jsonpos *jp, const char *path)
{
    size_t lo = 0, hi = jp->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(jp->sorted[mid]->path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int ic_jsonpos_find(const ic_jsonpos *jp, const char *path, int *key_line, int *key_col,
                    int *val_line, int *val_col)
{
    const entry *en = NULL;
    if (jp && path && jp->n) {
        size_t k = lower_bound(jp, path);
        if (k < jp->n && strcmp(jp->sorted[k]->path, path) == 0)
            en = jp->sorted[k];
    }
    if (key_line)
        *key_line = en ? en->key_line : 0;
    if (key_col)
        *key_col = en ? en->key_col : 0;
    if (val_line)
        *val_line = en ? en->val_line : 0;
    if (val_col)
        *val_col = en ? en->val_col : 0;
    return en ? 0 : -1;
}

const char *ic_jsonpos_duplicate(const ic_jsonpos *jp, int *line, int *col, int *first_line)
{
    const entry *best = NULL, *best_first = NULL;
    for (size_t k = 0; jp && k + 1 < jp->n; k++) {
        const entry *a = jp->sorted[k], *b = jp->sorted[k + 1];
        /* equal paths sort together, earliest first; a repeat is a key of the same object */
        if (b->key && a->key && a->parent == b->parent && strcmp(a->path, b->path) == 0 &&
            strcmp(a->key, b->key) == 0 && (!best || b < best)) {
            best = b;
            best_first = a;
        }
    }
    if (line)
        *line = best ? best->key_line : 0;
    if (col)
        *col = best ? best->key_col : 0;
    if (first_line)
        *first_line = best_first ? best_first->key_line : 0;
    return best ? best->path : NULL;
}

int ic_jsonpos_forbidden(const ic_jsonpos *jp, ic_jsonpos_char *found)
{
    if (!jp || !jp->has_bad)
        return 0;
    *found = jp->bad;
    if (!found->path)
        found->path = "";
    return 1;
}

/* The libcsv driver. Bytes are streamed through a strict libcsv parser; this
 * file tracks line and column itself (libcsv counts neither), checks UTF-8,
 * NUL bytes and limits, and collects the header and rows into an ic_table,
 * which table.c then types.
 *
 * Positions: libcsv's callbacks fire only while it consumes a delimiter, CR
 * or LF byte. The input is therefore handed to csv_parse in pieces that end
 * at such a byte, so every callback happens at a known position (the piece's
 * last byte). Where each field starts is found by scanning the same bytes:
 * after a field ends, the next byte that is not a blank starts the next one,
 * which is exactly what libcsv does.
 *
 * Numbers keep no text (table.h, "textless"): every column starts so, and
 * a cell written plainly (plain_number: the column's decimals, no sign but
 * '-', no leading zeros) or a gap written like the column's earlier ones
 * stores only value[] and missing[]. The first other cell makes the column
 * write its earlier cells' texts (ic_column_materialise) and keep texts.
 *
 * Cell positions are not stored in the table (see table.h): the same engine,
 * in "locate" mode, reads the CSV again to find one cell for an error
 * message. It reads no further than the first reading did, and a file is
 * read only when it is (still) a regular file, so a lookup cannot hang.
 *
 * Text validity: every byte is checked to be UTF-8 and free of characters
 * no output can carry (ic_text_forbidden), where it is fed, so the error
 * points at the character.
 *
 * Spreadsheet exports (docs/csv.md): without a given delimiter, the first
 * records of the input choose one (sniff, choose_delimiter); header names
 * that are empty at the end of the header, with nothing under them, are
 * dropped, and so are all-empty rows at the end. ic_cell_position reads with
 * the table's delimiter and the same rules, so its row and column indexes
 * match. */
#include "data/table.h"
#include "data/number.h"
#include "data/reduce.h"
#include "core/error.h"
#include "core/util.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


enum {
    READ_CHUNK = 64 * 1024, /* bytes read from a file at a time */
    PIECE_MAX = 64 * 1024,  /* most bytes handed to one csv_parse call */
    CSV_BLOCK = 4096,       /* step by which libcsv grows its field buffer */
    SNIFF_BYTES = 64 * 1024, /* delimiter detection reads at most this much... */
    SNIFF_RECORDS = 50,     /* ...and this many records, the header included */
    NCAND = 4               /* delimiters detection chooses from */
};

/* The delimiters detection considers, in the order preferred on a tie:
 * ',' is the most likely to appear inside data (decimal commas, text). */
static const unsigned char candidates[NCAND] = {'\t', ';', '|', ','};

/* How one candidate delimiter splits the sampled records. */
typedef struct sniffed {
    size_t header;   /* fields of the first record */
    size_t records;  /* records after it */
    size_t matches;  /* of those, records with as many fields as the header */
} sniffed;

typedef struct cell {
    char *text;
    int line, col;
} cell;

/* Locate mode: find where cell (row, col) starts, store nothing. */
typedef struct locate {
    int on;
    size_t row, col;
    int found;
    ic_cell_pos pos;
} locate;

typedef struct engine {
    struct csv_parser parser;
    int parser_ready;
    const char *name;
    const ic_csv_options *opt;
    ic_error *err;
    unsigned char delim;
    size_t max_field, max_rows, max_columns, max_bytes;
    int failed;
    int started;                /* the first bytes (BOM check) have been seen */
    int detect;                 /* no delimiter given: choose one from the first bytes */
    unsigned char alt_delim;    /* a delimiter the sample fits better than `delim`, or 0 */

    int line, col, prev_cr;     /* position of the next byte */
    int need_start;             /* between fields: the next non-blank byte starts one */
    int field_line, field_col;  /* where the current field starts */
    int field_quoted;
    int end_line, end_col;      /* the byte at which callbacks fire */

    ic_table *t;
    size_t row_cap;             /* capacity of every column's arrays */
    cell *hdr;                  /* header fields until the header row ends */
    size_t nhdr, hdr_cap;
    size_t nfull;               /* header fields, the dropped empty ones at its end included */
    int have_header, header_end_line;
    uint32_t *row_start;        /* [ncols] where the data row's cells start in their columns' text */
    double *row_value;          /* [ncols] the data row's values in textless columns */
    unsigned char *row_gap;     /* [ncols] 1 where that cell is a gap */
    int row_line, row_col;      /* where the row's first field starts */
    size_t nfields;             /* fields seen in that row, extra ones included */
    locate loc;
    int extra_line, extra_col;  /* first field beyond the header's count */
    /* reduced reading (opt->reduce, data/reduce.h): rows are thinned whenever
     * `thin_at` are kept; `abandoned` stops the reading (no error) when the
     * data does not allow it, and ic_table_read reads again the ordinary way */
    int reducing, abandoned;
    ic_reducer red;
    size_t thin_at;
    size_t rows_read;           /* data rows read so far */
    double last_x;
} engine;

static void fail(engine *e, ic_error_code code, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void fail(engine *e, ic_error_code code, int line, int col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->failed = 1;
    ic_error_set(e->err, code, e->name, line, col, "%s", msg);
}

static void fail_nomem(engine *e)
{
    fail(e, IC_ERR_NOMEM, 0, 0, "out of memory");
}


static const char *delim_name(unsigned char d)
{
    return d == '\t' ? "a tab" : d == ';' ? "';'" : d == '|' ? "'|'" : "','";
}

/* The delimiter as written in a spec's JSON. */
static const char *delim_json(unsigned char d)
{
    return d == '\t' ? "\"\\t\"" : d == ';' ? "\";\"" : d == '|' ? "\"|\"" : "\",\"";
}

/* ---- choosing a delimiter ---- */

/* Counts the fields of the first SNIFF_RECORDS records of s[0..n) split by
 * `d`, as libcsv would: a quote at the start of a field (after blanks) opens
 * a quoted field, in which delimiters and line breaks are text and "" is a
 * quote; blank lines are no records. A record the sample cuts is not counted
 * unless `final` (s is the whole input). */
static sniffed sniff(const unsigned char *s, size_t n, int final, unsigned char d)
{
    sniffed r = {0, 0, 0};
    size_t fields = 1, nrec = 0;
    int field_start = 1, quoted = 0, nonblank = 0;
    for (size_t i = 0; i < n && nrec < SNIFF_RECORDS; i++) {
        unsigned char c = s[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < n && s[i + 1] == '"')
                    i++;
                else
                    quoted = 0;
            }
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (nonblank) {
                if (nrec++ == 0)
                    r.header = fields;
                else
                    r.matches += fields == r.header;
            }
            fields = 1;
            field_start = 1;
            nonblank = 0;
        } else if (c == d) {
            fields++;
            field_start = 1;
            nonblank = 1;
        } else if (c == ' ' || c == '\t') {
            /* blanks before a field's text do not start it */
        } else {
            quoted = field_start && c == '"';
            field_start = 0;
            nonblank = 1;
        }
    }
    if (final && nonblank && !quoted && nrec < SNIFF_RECORDS) {
        if (nrec++ == 0)
            r.header = fields;
        else
            r.matches += fields == r.header;
    }
    r.records = nrec ? nrec - 1 : 0;
    return r;
}

/* A candidate fits when the header has two fields or more and at least 9 in
 * 10 records have as many (a header alone decides when no record follows it
 * in the sample). The best fit wins; when none fits, the best candidate that
 * splits the header; when none does, ','. */
static int fits(const sniffed *s)
{
    return s->header >= 2 && s->matches * 10 >= s->records * 9;
}

/* 1 when a is a better fit than b: more matching records, then more fields,
 * then (equal) the earlier candidate. */
static int better(const sniffed *a, const sniffed *b)
{
    if (a->matches != b->matches)
        return a->matches > b->matches;
    return a->header > b->header;
}

/* Chooses the delimiter for the first bytes of the input (when none was
 * given), and notes a better-fitting one than the delimiter in use for the
 * "row has N fields" error. */
static void choose_delimiter(engine *e, const unsigned char *s, size_t n, int final)
{
    sniffed st[NCAND];
    if (n > SNIFF_BYTES) {
        n = SNIFF_BYTES;
        final = 0;
    }
    for (int k = 0; k < NCAND; k++)
        st[k] = sniff(s, n, final, candidates[k]);
    if (e->detect) {
        int best = -1;
        for (int k = 0; k < NCAND; k++)
            if (fits(&st[k]) && (best < 0 || better(&st[k], &st[best])))
                best = k;
        /* none is consistent (ragged rows): the one that splits the header
         * and most rows alike, so the error names the real ragged row */
        for (int k = 0; k < NCAND && best < 0; k++)
            if (st[k].header >= 2) {
                best = k;
                for (int m = k + 1; m < NCAND; m++)
                    if (st[m].header >= 2 && better(&st[m], &st[best]))
                        best = m;
            }
        if (best >= 0) {
            e->delim = candidates[best];
            e->t->delimiter_detected = 1;
        }
        e->t->delimiter = (char)e->delim;
        csv_set_delim(&e->parser, e->delim);
        if (best >= 0 && e->delim != ',' &&
            ic_table_note(e->t, "%s: note: read as %s-separated (set \"delimiter\" to change)", e->name,
                          e->delim == '\t' ? "tab" : delim_name(e->delim)) != 0)
            fail_nomem(e);
    }
    /* a hint for ragged rows: a delimiter that splits the header and more
     * of the sampled records evenly than the one in use */
    int cur = 0;
    while (cur < NCAND && candidates[cur] != e->delim)
        cur++;
    int alt = -1;
    for (int k = 0; k < NCAND; k++)
        if (k != cur && st[k].header >= 2 && st[k].matches > st[cur].matches &&
            (alt < 0 || better(&st[k], &st[alt])))
            alt = k;
    e->alt_delim = alt >= 0 ? candidates[alt] : 0;
}

static char *copy_field(const void *data, size_t len)
{
    return data ? ic_strndup(data, len) : ic_strdup("");
}

/* Appends a field's text (and its NUL) to column c's text block; returns 0
 * and where it starts, or -1 (failed). */
static int append_cell(engine *e, ic_column *c, const void *data, size_t len, uint32_t *start)
{
    size_t need = c->nchars + len + 1;
    if (need > UINT32_MAX) {
        fail(e, IC_ERR_LIMIT, e->field_line, e->field_col,
             "column '%s' holds more than 4 GiB of text", c->name);
        return -1;
    }
    if (need > c->chars_cap) {
        size_t cap = c->chars_cap ? c->chars_cap : 16; /* small: a table may have many columns */
        while (cap < need)
            cap += cap / 2 + 16; /* 1.5x: less room left unused than doubling (materialised
                                  * columns may start at 1 byte) */
        char *p = realloc(c->chars, cap);
        if (!p) {
            fail_nomem(e);
            return -1;
        }
        c->chars = p;
        c->chars_cap = cap;
    }
    *start = (uint32_t)c->nchars;
    if (len)
        memcpy(c->chars + c->nchars, data, len);
    c->chars[c->nchars + len] = '\0';
    c->nchars = need;
    return 0;
}

/* ---- building the table ---- */

static int is_blank_name(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

typedef struct named {
    const char *name;
    size_t index;
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Empty and duplicate names; the first problem in file order is reported.
 * Sorting keeps this O(n log n) for very wide headers. */
static void check_header(engine *e)
{
    ic_table *t = e->t;
    size_t first_empty = SIZE_MAX, first_dup = SIZE_MAX, dup_of = 0;
    for (size_t j = 0; j < t->ncols && first_empty == SIZE_MAX; j++)
        if (is_blank_name(t->cols[j].name))
            first_empty = j;

    named *v = malloc(t->ncols * sizeof *v);
    if (!v) {
        fail_nomem(e);
        return;
    }
    for (size_t j = 0; j < t->ncols; j++)
        v[j] = (named){t->cols[j].name, j};
    qsort(v, t->ncols, sizeof *v, cmp_named);
    size_t g = 0; /* v[g] is the first of the current group of equal names */
    for (size_t j = 1; j < t->ncols; j++) {
        if (strcmp(v[j - 1].name, v[j].name) != 0)
            g = j;
        if (g != j && v[j].index < first_dup && !is_blank_name(v[j].name)) {
            first_dup = v[j].index;
            dup_of = v[g].index;
        }
    }
    free(v);

    char nb[64];
    if (first_empty < first_dup) {
        ic_column *c = &t->cols[first_empty];
        fail(e, IC_ERR_CSV, c->header_line, c->header_col,
             "column %zu has an empty header name (every column needs a name)", first_empty + 1);
    } else if (first_dup != SIZE_MAX) {
        ic_column *c = &t->cols[first_dup];
        fail(e, IC_ERR_CSV, c->header_line, c->header_col,
             "duplicate header name '%s' (column %zu has it too; names must be unique)",
             ic_clip(c->name, nb, sizeof nb), dup_of + 1);
    }
}

/* Every override must name a column of the header. */
static void check_overrides(engine *e)
{
    const ic_csv_options *o = e->opt;
    ic_table *t = e->t;
    if (!o || o->noverrides == 0)
        return;
    const char **names = malloc(t->ncols * sizeof *names);
    if (!names) {
        fail_nomem(e);
        return;
    }
    for (size_t j = 0; j < t->ncols; j++)
        names[j] = t->cols[j].name;
    for (size_t k = 0; k < o->noverrides && !e->failed; k++) {
        const char *want = o->overrides[k].column;
        if (ic_table_find(t, want) >= 0)
            continue;
        const char *s = ic_suggest(want, names, t->ncols);
        char wb[64], sb[64];
        if (s)
            fail(e, IC_ERR_DATA, t->cols[0].header_line, 1,
                 "no column '%s' in the header (did you mean '%s'?)", ic_clip(want, wb, sizeof wb),
                 ic_clip(s, sb, sizeof sb));
        else
            fail(e, IC_ERR_DATA, t->cols[0].header_line, 1, "no column '%s' in the header",
                 ic_clip(want, wb, sizeof wb));
    }
    free(names);
}

/* Reduced reading starts when every column it names is in the header
 * (otherwise the table is read whole and the chart's checks name the
 * missing column). */
static void start_reducing(engine *e)
{
    const ic_reduce_options *r = e->opt ? e->opt->reduce : NULL;
    if (!r || r->ny == 0 || r->buckets == 0 || r->buckets > SIZE_MAX / 64)
        return;
    int x = ic_table_find(e->t, r->x);
    size_t *ycols = malloc(r->ny * sizeof *ycols);
    if (!ycols) {
        fail_nomem(e);
        return;
    }
    for (size_t s = 0; s < r->ny; s++) {
        int y = ic_table_find(e->t, r->y[s]);
        if (x < 0 || y < 0) {
            free(ycols);
            return;
        }
        ycols[s] = (size_t)y;
    }
    e->red = (ic_reducer){.xcol = (size_t)x, .ycols = ycols, .ny = r->ny, .buckets = r->buckets};
    /* after a thinning at most 2 x buckets x (first, last, min and max of
     * each y) rows are left, gaps aside: thin when twice that is kept */
    e->thin_at = 4 * r->buckets * (2 + 2 * r->ny);
    if (e->thin_at < 65536)
        e->thin_at = 65536;
    if (e->thin_at <= r->from_rows) /* from_rows rows are read whole */
        e->thin_at = r->from_rows + 1;
    e->reducing = 1;
}

static void commit_header(engine *e)
{
    ic_table *t = e->t;
    /* spreadsheets export empty columns after the data ("a;b;;"): empty
     * names at the end are dropped while every cell under them is empty
     * (on_field checks); one column is always kept, so a header of empty
     * names is still an error */
    size_t n = e->nhdr;
    while (n > 1 && is_blank_name(e->hdr[n - 1].text))
        n--;
    e->nfull = e->nhdr; /* e->hdr keeps the dropped fields' positions */
    for (size_t j = n; j < e->nhdr; j++) {
        free(e->hdr[j].text);
        e->hdr[j].text = NULL;
    }
    t->cols = calloc(n, sizeof *t->cols);
    e->row_start = calloc(n, sizeof *e->row_start);
    e->row_value = calloc(n, sizeof *e->row_value);
    e->row_gap = calloc(n, sizeof *e->row_gap);
    if (!t->cols || !e->row_start || !e->row_value || !e->row_gap) {
        fail_nomem(e);
        return;
    }
    t->ncols = n;
    for (size_t j = 0; j < n; j++) {
        t->cols[j].name = e->hdr[j].text;
        t->cols[j].header_line = e->hdr[j].line;
        t->cols[j].header_col = e->hdr[j].col;
        t->cols[j].table = t;
        t->cols[j].textless = !(e->opt && e->opt->keep_texts); /* until a cell is not a plain number */
        t->cols[j].decimals = -1;
        e->hdr[j].text = NULL;
    }
    e->nhdr = 0;
    e->have_header = 1;
    e->header_end_line = e->end_line;
    check_header(e);
    if (!e->failed && !e->loc.on)
        check_overrides(e);
    if (!e->failed && !e->loc.on)
        start_reducing(e);
}

/* Gives every column's arrays room for `cap` rows: start[] of columns that
 * keep texts, value[] and missing[] of textless ones. A textless column has
 * missing[] only once it met a gap (commit_row), zeros past its rows.
 * Returns 0 or -1. */
static int size_columns(engine *e, size_t cap)
{
    ic_table *t = e->t;
    if (t->source_rows) { /* reduced reading, once thinned */
        size_t *rows = realloc(t->source_rows, cap * sizeof *rows);
        if (!rows)
            return -1;
        t->source_rows = rows;
    }
    for (size_t j = 0; j < t->ncols; j++) {
        ic_column *c = &t->cols[j];
        if (!c->textless) {
            uint32_t *start = realloc(c->start, cap * sizeof *start);
            if (!start)
                return -1;
            c->start = start;
            continue;
        }
        double *value = realloc(c->value, cap * sizeof *value);
        if (value)
            c->value = value;
        unsigned char *missing = c->missing ? realloc(c->missing, cap) : NULL;
        if (missing) {
            c->missing = missing;
            if (cap > e->row_cap)
                memset(missing + e->row_cap, 0, cap - e->row_cap);
        }
        if (!value || (c->missing && !missing))
            return -1;
    }
    e->row_cap = cap;
    return 0;
}

/* Room for more rows: 1.5 times as many (pages never written are never
 * resident, and large blocks grow in place with mremap). */
static int grow_columns(engine *e)
{
    size_t cap = e->row_cap ? e->row_cap + e->row_cap / 2 : 8;
    if (cap > SIZE_MAX / sizeof(double) || size_columns(e, cap) != 0) {
        fail_nomem(e);
        return -1;
    }
    return 0;
}

/* Column `c` meets a cell that is not a plain number: it keeps texts from
 * now on, the earlier cells' texts written again. Returns 0 or -1. */
static int keep_texts(engine *e, ic_column *c)
{
    if (ic_column_materialise(c, e->t->nrows, e->row_cap) != 0) {
        fail_nomem(e);
        return -1;
    }
    free(c->value);
    free(c->missing);
    c->value = NULL; /* ic_table_assign_types fills them */
    c->missing = NULL;
    return 0;
}

/* The common case of keep_number, without ic_number_parse and formatting:
 * s[0..len) written [-](0|[1-9][0-9]*)[D[0-9]+] with D the decimal
 * separator and at most 15 digits. Returns -1 when it is not written so;
 * else sets *v to its value (correctly rounded, as ic_number_parse gives
 * it: an integer of at most 15 digits over an exact power of ten) and
 * returns 1 when ic_number_fixed writes s back exactly with *decimals
 * decimals (set from s when < 0), 0 when not. */
static int plain_number(const char *s, size_t len, char decimal, int *decimals, double *v)
{
    static const double p10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0, digits = 0, frac = 0;
    int neg = len > 0 && s[0] == '-';
    i = (size_t)neg;
    if (i >= len || s[i] < '0' || s[i] > '9' || (s[i] == '0' && i + 1 < len && s[i + 1] != decimal))
        return -1; /* no leading zeros: "007" is kept as written */
    uint64_t m = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
        m = m * 10 + (uint64_t)(s[i] - '0');
    if (i < len && s[i] == decimal) {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++, frac++)
            m = m * 10 + (uint64_t)(s[i] - '0');
        if (frac == 0)
            return -1;
    }
    if (i < len || digits > 15)
        return -1;
    double a = (double)m / p10[frac];
    *v = neg ? -a : a;
    if (*decimals < 0)
        *decimals = (int)frac;
    /* what ic_number_fixed writes: llround(|v| 10^k) = m, '-' when negative */
    return (size_t)*decimals == frac && (uint64_t)llround(a * p10[frac]) == m;
}

/* Reads s[0..len) (NUL-terminated) of textless column j as a value: 1 when
 * the column keeps no text for it (a number ic_number_fixed writes back
 * exactly, with the column's decimals, or a gap written like the column's
 * other gaps), 0 when the column must keep texts. */
static int keep_number(engine *e, size_t j, const char *s, size_t len)
{
    ic_column *c = &e->t->cols[j];
    double v;
    int pct;
    if (len >= 64)
        return 0;
    int plain = plain_number(s, len, e->t->decimal, &c->decimals, &v);
    if (plain >= 0) {
        e->row_gap[j] = 0;
        e->row_value[j] = v;
        return plain;
    }
    int rc = ic_number_parse_sep(s, &v, &pct, e->t->decimal, e->t->thousands);
    if (rc == 0) {
        if (!c->gap && !(c->gap = ic_strndup(s, len)))
            return 0;
        e->row_gap[j] = 1;
        e->row_value[j] = NAN;
        return strcmp(c->gap, s) == 0;
    }
    if (rc < 0)
        return 0;
    if (c->decimals < 0) {
        const char *dot = memchr(s, e->t->decimal, len);
        c->decimals = dot ? (int)(s + len - dot - 1) : 0;
    }
    char buf[64];
    size_t n = ic_number_fixed(v, c->decimals, e->t->decimal, buf);
    e->row_gap[j] = 0;
    e->row_value[j] = v;
    return n == len && memcmp(buf, s, len) == 0;
}

/* Stores field s[0..len) of data column j (of the row being read). */
static void store_field(engine *e, size_t j, const void *data, size_t len)
{
    ic_column *c = &e->t->cols[j];
    if (c->textless) {
        if (keep_number(e, j, data ? data : "", data ? len : 0))
            return;
        if (keep_texts(e, c) != 0)
            return;
    }
    append_cell(e, c, data, len, &e->row_start[j]);
}

/* Reduced reading: stops it (e->abandoned, no error) when the row being
 * committed does not allow it: a column that keeps texts, an x that is a gap
 * or not greater than the last. Returns -1 when stopped. */
static int reduce_row(engine *e)
{
    const ic_table *t = e->t;
    int ok = !e->row_gap[e->red.xcol] && (e->rows_read == 0 || e->row_value[e->red.xcol] > e->last_x);
    for (size_t j = 0; ok && j < t->ncols; j++)
        ok = t->cols[j].textless;
    if (ok)
        return 0;
    e->abandoned = 1;
    e->failed = 1; /* stops the feeding; ic_table_read reads again */
    return -1;
}

/* Thins the kept rows to the M4 buckets (data/reduce.c); the next thinning
 * comes when twice as many rows are kept as are left (at least `thin_at`),
 * so every row is looked at a few times at most. */
static void thin(engine *e)
{
    ic_table *t = e->t;
    if (!t->source_rows) { /* until now every row was kept: row i is CSV row i */
        if (!(t->source_rows = malloc(e->row_cap * sizeof *t->source_rows))) {
            fail_nomem(e);
            return;
        }
        for (size_t i = 0; i < t->nrows; i++)
            t->source_rows[i] = i;
    }
    size_t m = ic_reduce_rows(&e->red, t);
    if (m == SIZE_MAX) {
        fail_nomem(e);
        return;
    }
    if (m > e->thin_at / 2)
        e->thin_at = 2 * m;
}

static void commit_row(engine *e)
{
    ic_table *t = e->t;
    size_t n = e->nfields, want = e->nfull;
    e->nfields = 0;
    if (n != want) {
        /* at the first extra field, or where the short row ends */
        int line = n > want ? e->extra_line : e->end_line;
        int col = n > want ? e->extra_col : e->end_col;
        char hint[96] = "";
        if (e->alt_delim)
            snprintf(hint, sizeof hint, " (is the file %s-separated? set \"delimiter\": %s)",
                     e->alt_delim == '\t' ? "tab" : delim_name(e->alt_delim), delim_json(e->alt_delim));
        fail(e, IC_ERR_CSV, line, col, "row has %zu field%s, expected %zu like the header%s", n,
             n == 1 ? "" : "s", want, hint);
        return;
    }
    if (e->loc.on) {
        t->nrows++; /* only counted */
        return;
    }
    if (e->reducing && reduce_row(e) != 0)
        return;
    if (t->nrows >= e->max_rows) {
        fail(e, IC_ERR_LIMIT, e->row_line, e->row_col,
             "too many rows: more than the limit of %zu data rows (limit 'rows')", e->max_rows);
        return;
    }
    if (t->nrows == e->row_cap && grow_columns(e) != 0)
        return;
    for (size_t j = 0; j < t->ncols; j++) {
        ic_column *c = &t->cols[j];
        if (c->textless) {
            c->value[t->nrows] = e->row_value[j];
            if (e->row_gap[j] && !c->missing && !(c->missing = calloc(e->row_cap, 1))) {
                fail_nomem(e);
                return;
            }
            if (e->row_gap[j])
                c->missing[t->nrows] = 1;
        } else {
            c->start[t->nrows] = e->row_start[j];
        }
    }
    if (e->reducing) {
        if (t->source_rows)
            t->source_rows[t->nrows] = e->rows_read;
        e->rows_read++;
        e->last_x = e->row_value[e->red.xcol];
    }
    t->nrows++;
    if (e->reducing && t->nrows >= e->thin_at)
        thin(e);
}

/* ---- libcsv callbacks (they cannot abort: they set e->failed) ---- */

static void on_field(void *data, size_t len, void *ud)
{
    engine *e = ud;
    if (e->failed)
        return;
    e->need_start = 1;
    if (len > e->max_field) {
        fail(e, IC_ERR_LIMIT, e->field_line, e->field_col,
             "field is larger than the limit of %zu bytes (limit 'field_bytes')", e->max_field);
        return;
    }
    if (!e->have_header) {
        if (e->nhdr >= e->max_columns) {
            fail(e, IC_ERR_LIMIT, e->field_line, e->field_col,
                 "too many columns: more than the limit of %zu (limit 'columns')", e->max_columns);
            return;
        }
        if (e->nhdr == e->hdr_cap) {
            size_t cap = e->hdr_cap ? e->hdr_cap * 2 : 16;
            cell *h = cap < SIZE_MAX / sizeof *h ? realloc(e->hdr, cap * sizeof *h) : NULL;
            if (!h) {
                fail_nomem(e);
                return;
            }
            e->hdr = h;
            e->hdr_cap = cap;
        }
        char *text = copy_field(data, len);
        if (!text) {
            fail_nomem(e);
            return;
        }
        e->hdr[e->nhdr++] = (cell){text, e->field_line, e->field_col};
        return;
    }
    if (e->nfields == 0) {
        e->row_line = e->field_line;
        e->row_col = e->field_col;
    }
    if (e->loc.on) {
        if (e->t->nrows == e->loc.row && e->nfields == e->loc.col) {
            e->loc.found = 1;
            e->loc.pos = (ic_cell_pos){e->field_line, e->field_col};
            e->failed = 1; /* stop reading: nothing more is needed */
        }
    } else if (e->nfields < e->t->ncols) {
        store_field(e, e->nfields, data, len);
        if (e->failed)
            return;
    } else if (e->nfields < e->nfull) {
        if (len) { /* a value under a dropped empty name: the name was needed */
            const cell *h = &e->hdr[e->nfields];
            fail(e, IC_ERR_CSV, h->line, h->col,
                 "column %zu has an empty header name (every column needs a name; line %d has a value "
                 "in it)", e->nfields + 1, e->field_line);
            return;
        }
    } else if (e->nfields == e->nfull) {
        e->extra_line = e->field_line;
        e->extra_col = e->field_col;
    }
    e->nfields++;
}

static void on_row(int c, void *ud)
{
    engine *e = ud;
    (void)c;
    if (e->failed)
        return;
    if (!e->have_header)
        commit_header(e);
    else
        commit_row(e);
}

/* ---- feeding bytes ---- */

static void advance(engine *e, unsigned char c)
{
    if (c == '\n' || c == '\r') {
        if (!(c == '\n' && e->prev_cr)) { /* the LF of a CRLF pair is no new line */
            if (e->line < INT_MAX)
                e->line++;
            e->col = 1;
        }
        e->prev_cr = c == '\r';
        return;
    }
    e->prev_cr = 0;
    if ((c & 0xC0) != 0x80 && e->col < INT_MAX)
        e->col++; /* count characters, not UTF-8 continuation bytes */
}

/* Hands s[0..n) to libcsv. The piece holds no line break before its last
 * byte, so a parse error's column follows from the piece's start. */
static void feed_piece(engine *e, const unsigned char *s, size_t n, int line, int col)
{
    if (n == 0 || e->failed)
        return;
    size_t done = csv_parse(&e->parser, s, n, on_field, on_row, e);
    if (e->failed)
        return;
    if (done < n) {
        if (csv_error(&e->parser) != CSV_EPARSE) {
            fail_nomem(e);
            return;
        }
        for (size_t k = 0; k < done; k++)
            if ((s[k] & 0xC0) != 0x80 && col < INT_MAX)
                col++;
        if (e->field_quoted)
            fail(e, IC_ERR_CSV, line, col,
                 "stray quote: text after the closing quote of a quoted field (expected %s or the "
                 "end of the line; write a quote inside a quoted field as \"\")",
                 delim_name(e->delim));
        else
            fail(e, IC_ERR_CSV, line, col,
                 "stray quote in an unquoted field (expected the whole field in quotes, with "
                 "quotes inside it doubled)");
        return;
    }
    /* bound libcsv's buffer while a field is still growing; on_field checks
     * the exact length when the field ends */
    size_t cap = csv_get_buffer_size(&e->parser);
    if (cap > e->max_field && cap - e->max_field > (size_t)PIECE_MAX + CSV_BLOCK + 1)
        fail(e, IC_ERR_LIMIT, e->field_line, e->field_col,
             "field is larger than the limit of %zu bytes (limit 'field_bytes')", e->max_field);
}

/* Bytes where a character ic_text_forbidden refuses can start; only these
 * are decoded, so checking text costs one lookup per byte. */
static const unsigned char suspect[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, /* C0 controls but tab, LF and CR */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x7F] = 1,                                     /* DEL */
    [0xC2] = 1,                                     /* U+0080..U+00BF: the C1 controls */
    [0xEF] = 1,                                     /* U+F000..U+FFFF: U+FDD0..U+FDEF, U+FFFE, U+FFFF */
    [0xF0] = 1, 1, 1, 1, 1,                         /* planes 1..16: U+xFFFE, U+xFFFF */
};

/* The code point of the character at s[0..len) (valid UTF-8) when
 * ic_text_forbidden refuses it, else -1. */
static long forbidden_at(const unsigned char *s, size_t len)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] == 0xC2 ? 2 : s[0] == 0xEF ? 3 : 4, off;
    unsigned cp;
    if (n <= len && ic_text_forbidden((const char *)s, n, &off, &cp))
        return (long)cp;
    return -1;
}

static void fail_forbidden(engine *e, int line, int col, unsigned cp)
{
    if (cp == 0)
        fail(e, IC_ERR_CSV, line, col, "NUL byte in the data (expected text; is the file UTF-16 or binary?)");
    else
        fail(e, IC_ERR_CSV, line, col, "%s U+%04X is not allowed in text",
             cp < 0xA0 ? "control character" : "noncharacter", cp);
}

/* Feeds s[0..len), which is valid UTF-8. */
static void feed_bytes(engine *e, const unsigned char *s, size_t len)
{
    size_t start = 0;
    int pline = e->line, pcol = e->col;
    for (size_t i = 0; i < len && !e->failed; i++) {
        unsigned char c = s[i];
        int line = e->line, col = e->col;
        long cp = suspect[c] ? forbidden_at(s + i, len - i) : -1;
        if (cp >= 0) {
            feed_piece(e, s + start, i - start, pline, pcol); /* an earlier error wins */
            if (!e->failed)
                fail_forbidden(e, line, col, (unsigned)cp);
            return;
        }
        int term = c == '\r' || c == '\n';
        int was_between = e->need_start;
        if (e->need_start && !((c == ' ' || c == '\t') && c != e->delim)) {
            e->need_start = 0;
            e->field_line = line;
            e->field_col = col;
            e->field_quoted = c == '"';
        }
        advance(e, c);
        if (term || c == e->delim || i + 1 - start >= PIECE_MAX) {
            e->end_line = line;
            e->end_col = col;
            feed_piece(e, s + start, i + 1 - start, pline, pcol);
            /* a blank line (or the LF of a CRLF) ends no field: still between fields */
            if (term && was_between)
                e->need_start = 1;
            start = i + 1;
            pline = e->line;
            pcol = e->col;
        }
    }
    if (!e->failed)
        feed_piece(e, s + start, len - start, pline, pcol);
}

/* Feeds the next bytes of the input; `final` when nothing follows them.
 * Chunks must not split a UTF-8 sequence (the file reader holds incomplete
 * ones back). The first chunk chooses the delimiter when none was given. */
static void engine_feed(engine *e, const char *data, size_t len, int final)
{
    const unsigned char *s = (const unsigned char *)data;
    if (e->failed)
        return;
    if (!e->started) {
        e->started = 1;
        if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            s += 3;
            len -= 3;
        }
        if (!e->loc.on) /* a lookup reads with the delimiter the table was read with */
            choose_delimiter(e, s, len, final);
        if (e->failed)
            return;
    }
    size_t bad = 0;
    int valid = ic_utf8_valid((const char *)s, len, &bad);
    feed_bytes(e, s, valid ? len : bad); /* an earlier error wins */
    if (!valid && !e->failed)
        fail(e, IC_ERR_CSV, e->line, e->col, "invalid UTF-8 byte 0x%02X (expected UTF-8 text)",
             s[bad]);
}

static int engine_init(engine *e, const char *name, const ic_csv_options *opt, ic_error *err)
{
    memset(e, 0, sizeof *e);
    e->name = name ? name : "";
    e->opt = opt;
    e->err = err;
    e->line = e->col = 1;
    e->need_start = 1;
    e->delim = opt && opt->delimiter ? (unsigned char)opt->delimiter : ',';
    e->detect = !(opt && opt->delimiter);
    /* options left 0 take the library's defaults (ic_limits_default) */
    ic_limits d;
    ic_limits_default(&d);
    e->max_field = opt && opt->max_field_bytes ? opt->max_field_bytes : d.field_bytes;
    e->max_rows = opt && opt->max_rows ? opt->max_rows : d.rows;
    e->max_columns = opt && opt->max_columns ? opt->max_columns : d.columns;
    e->max_bytes = opt && opt->max_bytes ? opt->max_bytes : d.csv_bytes;

    if (e->delim != ',' && e->delim != ';' && e->delim != '\t' && e->delim != '|') {
        fail(e, IC_ERR_USAGE, 0, 0, "unsupported CSV delimiter (expected ',', ';', a tab or '|')");
        return -1;
    }
    char decimal = opt && opt->decimal ? opt->decimal : '.';
    int thousands = opt ? opt->thousands : 0;
    if (decimal != '.' && decimal != ',') {
        fail(e, IC_ERR_USAGE, 0, 0, "unsupported decimal separator (expected '.' or ',')");
        return -1;
    }
    if (thousands != 0 && thousands != -1 && thousands != ',' && thousands != '.' && thousands != ' ' &&
        thousands != '\'') {
        fail(e, IC_ERR_USAGE, 0, 0,
             "unsupported thousands separator (expected ',', '.', a space, an apostrophe or none)");
        return -1;
    }
    if (thousands == decimal) {
        fail(e, IC_ERR_USAGE, 0, 0,
             "\"thousands\": \"%c\" is also the decimal separator (set \"decimal\": \"%c\" for numbers "
             "like %s)", decimal, decimal == '.' ? ',' : '.', decimal == '.' ? "1.234,5" : "1,234.5");
        return -1;
    }
    for (size_t k = 0; opt && k < opt->noverrides; k++) {
        const ic_type_override *o = &opt->overrides[k];
        if (!o->column || o->type < IC_COL_AUTO || o->type > IC_COL_DATE) {
            fail(e, IC_ERR_USAGE, 0, 0, "type override %zu is invalid (expected a column name "
                 "and a column type)", k + 1);
            return -1;
        }
    }
    e->t = calloc(1, sizeof *e->t);
    if (!e->t || !(e->t->path = ic_strdup(e->name))) {
        fail_nomem(e);
        return -1;
    }
    e->t->delimiter = (char)e->delim;
    e->t->decimal = decimal;
    e->t->thousands = thousands;
    if (csv_init(&e->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fail_nomem(e);
        return -1;
    }
    e->parser_ready = 1;
    csv_set_delim(&e->parser, e->delim);
    csv_set_blk_size(&e->parser, CSV_BLOCK);
    return 0;
}

/* Ends the input: the last row is flushed. Returns csv_fini's result. */
static int end_input(engine *e)
{
    e->end_line = e->line;
    e->end_col = e->col;
    if (e->need_start) { /* an empty last field ("a,") starts at the end */
        e->field_line = e->line;
        e->field_col = e->col;
        e->field_quoted = 0;
    }
    /* with CSV_STRICT_FINI it fails only for a quoted field still open at
     * the end of the input */
    return csv_fini(&e->parser, on_field, on_row, e);
}

/* Rows at the end whose every cell is empty (",,," from a spreadsheet) are
 * no data. Checked once at the end, so reading rows costs nothing more. */
static void drop_empty_rows(ic_table *t)
{
    while (t->nrows > 0) {
        size_t i = t->nrows - 1, j = 0;
        while (j < t->ncols && (t->cols[j].textless ? t->cols[j].missing && t->cols[j].missing[i] && !t->cols[j].gap[0]
                                                     : ic_cell_text(&t->cols[j], i)[0] == '\0'))
            j++;
        if (j < t->ncols)
            return;
        t->nrows--;
    }
}

/* Ends the input and types the table. Returns the table (now the caller's)
 * or NULL with the error recorded. */
static ic_table *engine_finish(engine *e)
{
    ic_table *t = NULL;
    if (e->failed)
        goto done;
    if (end_input(e) != 0 && !e->failed)
        fail(e, IC_ERR_CSV, e->field_line, e->field_col,
             "unterminated quoted field: this quote is never closed (expected a closing '\"')");
    if (e->failed)
        goto done;
    if (!e->have_header) {
        fail(e, IC_ERR_CSV, 1, 1, "file is empty (expected a header row and data rows)");
        goto done;
    }
    drop_empty_rows(e->t);
    if (e->reducing && e->red.w > 0 && ic_reduce_rows(&e->red, e->t) == SIZE_MAX) { /* the last rows too */
        fail_nomem(e);
        goto done;
    }
    if (e->t->nrows == 0) {
        int line = e->header_end_line < INT_MAX ? e->header_end_line + 1 : INT_MAX;
        fail(e, IC_ERR_CSV, line, 1, "file has a header but no data rows");
        goto done;
    }
    size_columns(e, e->t->nrows); /* gives back the room not used (a failure keeps it) */
    /* a textless column without gaps: zeros that take no memory until written */
    for (size_t j = 0; j < e->t->ncols; j++)
        if (e->t->cols[j].textless && !e->t->cols[j].missing && !(e->t->cols[j].missing = calloc(e->t->nrows, 1))) {
            fail_nomem(e);
            goto done;
        }
    if (ic_table_assign_types(e->t, e->opt, e->err) != 0) {
        e->failed = 1;
        goto done;
    }
    t = e->t;
    e->t = NULL;
done:
    return t;
}

static void engine_free(engine *e)
{
    if (e->parser_ready)
        csv_free(&e->parser);
    for (size_t j = 0; j < e->nhdr; j++)
        free(e->hdr[j].text);
    free(e->hdr);
    free(e->row_start);
    free(e->row_value);
    free(e->row_gap);
    free(e->red.ycols);
    ic_table_free(e->t);
}

static void fail_too_large(engine *e)
{
    fail(e, IC_ERR_LIMIT, 0, 0, "file is larger than the limit of %zu bytes (limit 'csv_bytes')",
         e->max_bytes);
}

ic_table *ic_table_parse(const char *data, size_t len, const char *name,
                         const ic_csv_options *opt, ic_error *err)
{
    engine e;
    ic_table *t = NULL;
    if (engine_init(&e, name, opt, err) != 0)
        goto done;
    if (!data && len) {
        fail(&e, IC_ERR_USAGE, 0, 0, "no CSV data");
        goto done;
    }
    if (len > e.max_bytes) {
        fail_too_large(&e);
        goto done;
    }
    /* ic_cell_position reads it again */
    e.t->source = malloc(len ? len : 1);
    if (!e.t->source) {
        fail_nomem(&e);
        goto done;
    }
    if (len)
        memcpy(e.t->source, data, len);
    e.t->source_len = len;
    if (len)
        engine_feed(&e, data, len, 1);
    t = engine_finish(&e);
    if (t)
        t->rows_read = e.reducing ? e.rows_read : t->nrows;
    if (e.abandoned) { /* the data does not allow a reduced reading: read it whole */
        engine_free(&e);
        ic_csv_options whole = *opt;
        whole.reduce = NULL;
        return ic_table_parse(data, len, name, &whole, err);
    }
done:
    engine_free(&e);
    return t;
}

/* Bytes at the end of s[0..n) that start a UTF-8 sequence the chunk cuts
 * short (0..3); they are fed with the next chunk. */
static size_t utf8_cut(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < 3 && k < n && (s[n - 1 - k] & 0xC0) == 0x80)
        k++;
    if (k == n)
        return 0;
    unsigned char lead = s[n - 1 - k];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need > k + 1 ? k + 1 : 0;
}

/* Opens `path` (ic_open_regular: never a FIFO or a device) and refuses one
 * over the size limit before reading it. Returns the descriptor or -1. */
static int open_regular(engine *e, const char *path)
{
    struct stat st;
    ic_error oerr = {0};
    int fd = ic_open_regular(path, &st, &oerr);
    if (fd < 0) {
        fail(e, IC_ERR_IO, 0, 0, "%s", oerr.message);
        return -1;
    }
    if ((uintmax_t)st.st_size > e->max_bytes && !e->loc.on) {
        fail_too_large(e);
        close(fd);
        return -1;
    }
    return fd;
}

/* Feeds the whole file at `path` to the engine, in chunks, and sets *total
 * to the bytes read. At most e->max_bytes are read: more is an error, except
 * in locate mode, which stops there (where the first reading ended). Returns
 * 0, or -1 when reading failed or the engine stopped. */
static int feed_file(engine *e, const char *path, size_t *total)
{
    *total = 0;
    int fd = open_regular(e, path);
    if (fd < 0)
        return -1;
    unsigned char *buf = malloc(READ_CHUNK + 4);
    if (!buf) {
        close(fd);
        fail_nomem(e);
        return -1;
    }
    size_t carry = 0;
    int rc = 0;
    for (;;) {
        ssize_t got = read(fd, buf + carry, READ_CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fail(e, IC_ERR_IO, 0, 0, "cannot read: %s", strerror(errno));
            rc = -1;
            break;
        }
        size_t n = (size_t)got;
        int eof = n == 0;
        if (n > e->max_bytes - *total) { /* the file grew since fstat */
            if (!e->loc.on) {
                fail_too_large(e);
                rc = -1;
                break;
            }
            n = e->max_bytes - *total;
            eof = 1;
        }
        *total += n;
        size_t len = carry + n;
        size_t keep = eof ? 0 : utf8_cut(buf, len);
        /* a regular file gives less than asked for only at its end */
        engine_feed(e, (const char *)buf, len - keep, eof || n < READ_CHUNK);
        if (e->failed) {
            rc = -1;
            break;
        }
        memmove(buf, buf + len - keep, keep);
        carry = keep;
        if (eof)
            break;
    }
    close(fd);
    free(buf);
    return rc;
}

ic_table *ic_table_read(const char *path, const ic_csv_options *opt, ic_error *err)
{
    engine e;
    ic_table *t = NULL;
    size_t total = 0;
    if (engine_init(&e, path, opt, err) != 0)
        goto done;
    if (!path) {
        fail(&e, IC_ERR_USAGE, 0, 0, "no CSV path given");
        goto done;
    }
    if (feed_file(&e, path, &total) == 0) {
        e.t->source_len = total; /* ic_cell_position reads no further */
        t = engine_finish(&e);
        if (t)
            t->rows_read = e.reducing ? e.rows_read : t->nrows;
    }
    if (e.abandoned) { /* the data does not allow a reduced reading: read it whole */
        engine_free(&e);
        ic_csv_options whole = *opt;
        whole.reduce = NULL;
        return ic_table_read(path, &whole, err);
    }
done:
    engine_free(&e);
    return t;
}

ic_cell_pos ic_cell_position(const ic_column *c, size_t row)
{
    ic_cell_pos none = {0, 0};
    const ic_table *t = c ? c->table : NULL;
    if (!t || row >= t->nrows || t->source_len == 0)
        return none;
    /* the table was read within its limits; only the length still matters */
    ic_csv_options opt = {.delimiter = t->delimiter,
                          .max_field_bytes = SIZE_MAX,
                          .max_rows = SIZE_MAX,
                          .max_columns = SIZE_MAX,
                          .max_bytes = t->source_len};
    ic_error ignored;
    engine e;
    size_t total;
    if (engine_init(&e, t->path, &opt, &ignored) != 0) {
        engine_free(&e);
        return none;
    }
    e.loc.on = 1;
    e.loc.row = t->source_rows ? t->source_rows[row] : row;
    e.loc.col = (size_t)(c - t->cols);
    if (t->source)
        engine_feed(&e, t->source, t->source_len, 1);
    else if (t->path)
        feed_file(&e, t->path, &total);
    if (!e.loc.found && !e.failed) /* the last row ends with the input */
        end_input(&e);
    ic_cell_pos pos = e.loc.found ? e.loc.pos : none;
    engine_free(&e);
    return pos;
}

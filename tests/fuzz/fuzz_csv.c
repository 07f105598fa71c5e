/* libFuzzer target: ic_table_parse (src/data/csv.c + table.c) on arbitrary bytes.
 *
 * Each input is parsed twice:
 *   1. all bytes, default options (the delimiter detected);
 *   2. the bytes after the first one, with options chosen by that first byte
 *      (bit 4: ';' or tab delimiter; bits 0-2: the type forced on one column;
 *      bit 3: that column is the first header field of the data, else a fixed
 *      name, and decimal commas; bit 5: a tiny field limit; bit 6: a tiny row
 *      limit; bit 7: a second override naming an unknown column).
 *
 * Checked (a failed check is __builtin_trap, so libFuzzer saves the input):
 *   - every table is freed (LeakSanitizer reports anything left);
 *   - a result is either a table with err.code == IC_OK or NULL with an error;
 *   - IC_ERR_CSV and IC_ERR_DATA errors carry line >= 1 and column >= 1 and the
 *     name given;
 *   - a table is well formed: one of the four delimiters, >= 1 column and row,
 *     unique names, none blank (empty ones at the end are dropped, others are
 *     errors), every cell text non-NULL with a 1-based position, a concrete
 *     type, missing cells NAN, present cells of number/year/date columns
 *     finite, text columns all NAN, year values 1000..2999. */
#include "data/table.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

static const char NAME[] = "fuzz.csv";

static void check_table(const ic_table *t, const ic_error *err)
{
    CHECK(err->code == IC_OK);
    CHECK(t->ncols >= 1 && t->nrows >= 1 && t->cols);
    CHECK(t->path && strcmp(t->path, NAME) == 0);
    CHECK(t->delimiter == ',' || t->delimiter == ';' || t->delimiter == '\t' || t->delimiter == '|');
    for (size_t j = 0; j < t->ncols; j++) {
        const ic_column *c = &t->cols[j];
        CHECK(c->name && c->name[strspn(c->name, " \t\r\n")] != '\0');
        CHECK(ic_table_find(t, c->name) == (int)j); /* names are unique */
        CHECK(c->header_line >= 1 && c->header_col >= 1);
        CHECK(c->type == IC_COL_NUMBER || c->type == IC_COL_TEXT || c->type == IC_COL_YEAR ||
              c->type == IC_COL_DATE);
        CHECK(c->value && c->missing && c->table == t);
        /* a textless column (numbers written plainly) keeps no text */
        CHECK(c->textless ? !c->chars && !c->start && c->type != IC_COL_DATE : c->chars && c->start);
        for (size_t i = 0; i < t->nrows; i++) {
            CHECK(c->textless || (c->start[i] < c->nchars && strlen(ic_cell_text(c, i)) < c->nchars - c->start[i]));
            if (i < 3 || i + 1 == t->nrows) { /* each lookup reads the CSV again */
                ic_cell_pos p = ic_cell_position(c, i);
                CHECK(p.line >= 1 && p.col >= 1);
                CHECK(p.line > c->header_line); /* data rows follow the header */
            }
            CHECK(c->missing[i] == 0 || c->missing[i] == 1);
            double v = c->value[i];
            if (c->missing[i] || c->type == IC_COL_TEXT)
                CHECK(isnan(v));
            else
                CHECK(isfinite(v));
            if (c->type == IC_COL_YEAR && !c->missing[i])
                CHECK(v >= 1000 && v <= 2999 && v == floor(v));
        }
    }
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* The table read again keeping every text (as before textless columns):
 * the same error, or the same types, texts, values and gaps. */
static void check_same(const char *data, size_t len, const ic_csv_options *opt, const ic_table *t,
                       const ic_error *err)
{
    ic_csv_options keep = opt ? *opt : (ic_csv_options){0};
    keep.keep_texts = 1;
    ic_error e2;
    memset(&e2, 0, sizeof e2);
    ic_table *r = ic_table_parse(data, len, NAME, &keep, &e2);
    CHECK(!t == !r && err->code == e2.code && err->line == e2.line && err->column == e2.column &&
          strcmp(err->message, e2.message) == 0);
    if (t && r) {
        CHECK(t->ncols == r->ncols && t->nrows == r->nrows);
        for (size_t j = 0; j < t->ncols; j++) {
            const ic_column *a = &t->cols[j], *b = &r->cols[j];
            CHECK(!b->textless && a->type == b->type && a->has_percent == b->has_percent &&
                  a->date_res == b->date_res);
            for (size_t i = 0; i < t->nrows; i++)
                CHECK(strcmp(ic_cell_text_brief(a, i), ic_cell_text(b, i)) == 0 && a->missing[i] == b->missing[i] &&
                      same_double(a->value[i], b->value[i]));
        }
    }
    ic_table_free(r);
}

static void run(const char *data, size_t len, const ic_csv_options *opt)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_parse(data, len, NAME, opt, &err);
    check_same(data, len, opt, t, &err);
    if (t) {
        check_table(t, &err);
        ic_table_free(t);
        return;
    }
    CHECK(err.code != IC_OK);
    if (err.code == IC_ERR_CSV || err.code == IC_ERR_DATA) {
        if (err.line < 1 || err.column < 1 || strcmp(err.file, NAME) != 0) {
            char buf[2200];
            fprintf(stderr, "fuzz_csv: error without file:line:col: %s (line %d, column %d)\n",
                    ic_error_format(&err, buf, sizeof buf), err.line, err.column);
        }
        CHECK(err.line >= 1 && err.column >= 1);
        CHECK(strcmp(err.file, NAME) == 0);
    }
}

/* The first header field of `s` (up to the delimiter or a line break), as a
 * new string; quotes are kept, so it only sometimes names a real column. */
static char *first_field(const char *s, size_t len, char delim)
{
    size_t n = 0;
    while (n < len && n < 256 && s[n] != delim && s[n] != '\n' && s[n] != '\r')
        n++;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run((const char *)data, size, NULL);
    if (size == 0)
        return 0;

    unsigned sel = data[0];
    const char *rest = (const char *)data + 1;
    size_t len = size - 1;
    static const ic_col_type types[8] = {IC_COL_AUTO, IC_COL_NUMBER, IC_COL_TEXT, IC_COL_YEAR,
                                         IC_COL_DATE, IC_COL_NUMBER, IC_COL_YEAR, IC_COL_DATE};
    ic_csv_options opt;
    memset(&opt, 0, sizeof opt);
    opt.delimiter = (sel & 0x10) ? '\t' : ';';
    if (sel & 0x20)
        opt.max_field_bytes = 8;
    if (sel & 0x40)
        opt.max_rows = 2;
    if (sel & 0x08)
        opt.decimal = ',';

    char *name = (sel & 0x08) ? first_field(rest, len, opt.delimiter) : NULL;
    ic_type_override ov[2] = {
        {name ? name : "value", types[sel & 7]},
        {"no such column", IC_COL_TEXT},
    };
    opt.overrides = ov;
    opt.noverrides = (sel & 0x80) ? 2 : 1;
    run(rest, len, &opt);
    free(name);
    return 0;
}

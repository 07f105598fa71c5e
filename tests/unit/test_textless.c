/* Textless columns (data/table.h, data/cell_text.c): a column of numbers
 * written plainly keeps no per-cell text, and everything read from it is
 * what it was when every text was kept: texts, values, gaps, types, error
 * messages and positions. Random CSVs are read twice, once with
 * `keep_texts` (the reference: every column keeps its texts, as before
 * textless columns) and once as usual, and compared cell by cell. */
#include "check.h"
#include "core/buf.h"
#include "data/table.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned next_rand(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Cells that are not plain numbers, or plain ones that are easy to get
 * wrong; quoted where the delimiter or blanks are part of them. */
static const char *const odd_cells[] = {
    "1.50", "1e6", "1.5E-3", "38%", "\" 7 \"", "+2", "-0", "-0.000", "0", "\"1,234\"", "\"3,300,000\"",
    "NA", "", "-", "n/a", "..", "N/A", "na", "1999", "2004", "0999", "2024-03-31", "2024-03", "Jan 1855",
    "08/01/2004", "abc", "0.05", "100", "007", "00.5", ".5", "5.", "9007199254740993",
    "1.0000000000000002", "123456789012345678", "0.1234567", "-12.3456789", "\"1 234\"", "1.234,5",
    "\"12,5\"", "2.5e+02", "Infinity", "nan", "0x10", "12:30", "2024-03-31T12:00:00Z",
};
#define NODD (sizeof odd_cells / sizeof odd_cells[0])

/* A plain number with `k` decimals, as a spreadsheet writes it. */
static void plain(char *buf, size_t size, int k, int year)
{
    if (year) {
        snprintf(buf, size, "%u", 1900 + next_rand(200));
        return;
    }
    double v = ((double)next_rand(2000000) - 1000000.0) / (next_rand(3) == 0 ? 1.0 : 1000.0);
    snprintf(buf, size, "%.*f", k, v);
}

/* A random CSV: columns of plain numbers (each with its own decimals, some
 * of them years) that now and then meet another form of cell, early or
 * late; gaps written one way or several. */
static void random_csv(ic_buf *out, char delim, int decimal_comma)
{
    size_t ncols = 1 + next_rand(4), nrows = 1 + next_rand(40);
    int k[8], year[8], odd_rate[8], gap_rate[8];
    const char *gap[8];
    static const char *const gaps[] = {"NA", "", "-", "n/a", ".."};
    for (size_t j = 0; j < ncols; j++) {
        ic_buf_printf(out, "%s%s%zu", j ? (char[]){delim, 0} : "", next_rand(3) == 0 ? "year" : "c", j);
        k[j] = (int)next_rand(8);
        year[j] = next_rand(4) == 0;
        odd_rate[j] = next_rand(3) == 0 ? 0 : (int)(5 + next_rand(200));
        gap_rate[j] = next_rand(2) ? 0 : (int)(3 + next_rand(20));
        gap[j] = gaps[next_rand(5)];
    }
    ic_buf_puts(out, "\n");
    for (size_t i = 0; i < nrows; i++) {
        for (size_t j = 0; j < ncols; j++) {
            char cell[96];
            if (odd_rate[j] && next_rand((unsigned)odd_rate[j]) == 0)
                snprintf(cell, sizeof cell, "%s", odd_cells[next_rand(NODD)]);
            else if (gap_rate[j] && next_rand((unsigned)gap_rate[j]) == 0)
                snprintf(cell, sizeof cell, "%s", next_rand(8) ? gap[j] : gaps[next_rand(5)]);
            else
                plain(cell, sizeof cell, k[j], year[j]);
            if (decimal_comma)
                for (char *p = cell; *p; p++)
                    *p = *p == '.' ? ',' : *p;
            if (delim == ',' && decimal_comma && strchr(cell, ',') && cell[0] != '"') {
                char q[sizeof cell];
                snprintf(q, sizeof q, "\"%.60s\"", cell);
                memcpy(cell, q, strlen(q) + 1);
            }
            ic_buf_printf(out, "%s%s", j ? (char[]){delim, 0} : "", cell);
        }
        ic_buf_puts(out, next_rand(10) ? "\n" : "\r\n");
    }
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* Compares table `t` with the reference `r` (the same CSV, every text
 * kept); `what` names the case in messages. Returns the textless columns. */
static size_t compare(const ic_table *t, const ic_table *r, const char *csv)
{
    size_t textless = 0;
    CHECK(t->ncols == r->ncols && t->nrows == r->nrows);
    if (t->ncols != r->ncols || t->nrows != r->nrows)
        return 0;
    for (size_t j = 0; j < t->ncols; j++) {
        const ic_column *a = &t->cols[j], *b = &r->cols[j];
        textless += (size_t)a->textless;
        int ok = a->type == b->type && a->has_percent == b->has_percent && a->date_res == b->date_res &&
                 a->date_utc == b->date_utc && !b->textless && (!a->textless || (!a->chars && !a->start));
        for (size_t i = 0; i < t->nrows && ok; i++) {
            ok = strcmp(ic_cell_text_brief(a, i), ic_cell_text(b, i)) == 0 && a->missing[i] == b->missing[i] &&
                 same_double(a->value[i], b->value[i]);
            if (!ok)
                fprintf(stderr, "  column %zu row %zu: '%s' %g %d, expected '%s' %g %d\n", j, i,
                        ic_cell_text_brief(a, i), a->value[i], a->missing[i], ic_cell_text(b, i), b->value[i],
                        b->missing[i]);
        }
        /* and once its texts are written back for good */
        for (size_t i = 0; i < t->nrows && ok; i++)
            ok = strcmp(ic_cell_text(a, i), ic_cell_text(b, i)) == 0 && !a->textless;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  column %zu (type %s, expected %s) of:\n%s\n", j, ic_col_type_name(a->type),
                    ic_col_type_name(b->type), csv);
    }
    return textless;
}

static void property(void)
{
    size_t textless = 0, texts = 0, failed = 0;
    for (int n = 0; n < 3000; n++) {
        int decimal_comma = next_rand(5) == 0;
        char delim = decimal_comma && next_rand(2) ? ';' : next_rand(6) == 0 ? '\t' : ',';
        ic_buf csv = IC_BUF_INIT;
        random_csv(&csv, delim, decimal_comma);
        ic_csv_options opt = {.decimal = decimal_comma ? ',' : '.'};
        ic_type_override ov = {"c0", (ic_col_type)(1 + next_rand(4))};
        if (next_rand(6) == 0) {
            opt.overrides = &ov;
            opt.noverrides = 1;
        }
        ic_csv_options ref = opt;
        ref.keep_texts = 1;
        ic_error e1 = {0}, e2 = {0};
        ic_table *t = ic_table_parse(csv.data, csv.len, "t.csv", &opt, &e1);
        ic_table *r = ic_table_parse(csv.data, csv.len, "t.csv", &ref, &e2);
        CHECK(!t == !r && e1.code == e2.code && e1.line == e2.line && e1.column == e2.column &&
              strcmp(e1.message, e2.message) == 0);
        if (!t != !r || strcmp(e1.message, e2.message) != 0)
            fprintf(stderr, "  '%s' against '%s' for:\n%s\n", e1.message, e2.message, csv.data);
        if (t && r) {
            size_t before = (size_t)check_failures;
            size_t k = compare(t, r, csv.data);
            textless += k;
            texts += t->ncols - k;
            failed += (size_t)check_failures > before;
        } else {
            failed += !t;
        }
        ic_table_free(t);
        ic_table_free(r);
        ic_buf_free(&csv);
    }
    /* the cases cover both kinds of column */
    CHECK(textless > 1000 && texts > 1000);
    fprintf(stderr, "property: %zu textless columns, %zu with texts, %zu tables failed to read\n", textless, texts,
            failed);
}

/* A plain numeric CSV keeps no text; brief texts leave it so. */
static void no_text(void)
{
    const char *csv = "t,value,share\n1,0.1234567,NA\n2,-12.3456789,5\n3,100.0000000,NA\n";
    ic_error err = {0};
    ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    for (size_t j = 0; j < 3; j++)
        CHECK(t->cols[j].textless && t->cols[j].chars == NULL && t->cols[j].start == NULL);
    CHECK(t->cols[0].type == IC_COL_NUMBER && t->cols[1].type == IC_COL_NUMBER);
    CHECK_STR(ic_cell_text_brief(&t->cols[1], 2), "100.0000000");
    CHECK_STR(ic_cell_text_brief(&t->cols[2], 0), "NA");
    CHECK(t->cols[1].chars == NULL && t->cols[2].missing[2] && !t->cols[2].missing[1]);
    CHECK(t->cols[1].value[1] == -12.3456789);
    /* looking a cell up by its text, or for one that is not a number, keeps no text */
    CHECK(ic_column_find(&t->cols[1], "-12.3456789") == 1 && ic_column_find(&t->cols[1], "-12.345678") == -1);
    CHECK(ic_column_first_not(&t->cols[1], IC_COL_NUMBER) == 3 && ic_column_first_not(&t->cols[0], IC_COL_YEAR) == 0);
    CHECK(t->cols[1].chars == NULL && t->cols[0].chars == NULL);
    /* a subset keeps no text either */
    size_t rows[] = {2, 0};
    ic_table *s = ic_table_subset(t, rows, 2, &err);
    CHECK(s && s->cols[1].textless && !s->cols[1].chars);
    if (s) {
        CHECK_STR(ic_cell_text(&s->cols[1], 0), "100.0000000");
        CHECK_STR(ic_cell_text(&s->cols[2], 1), "NA");
        CHECK(!s->cols[1].textless && s->cols[1].chars);
    }
    ic_table_free(s);
    /* texts asked for to be kept stay valid */
    const char *a = ic_cell_text(&t->cols[1], 0);
    for (size_t i = 0; i < 40; i++)
        (void)ic_cell_text(&t->cols[1], i % 3);
    CHECK_STR(a, "0.1234567");
    ic_table_free(t);

    /* gaps met late (missing[] starts at the first one), and empty rows at
     * the end dropped */
    const char *gaps = "a,b\n1,2\n3,4\n5,\n7,8\n,\n,\n";
    t = ic_table_parse(gaps, strlen(gaps), "t.csv", NULL, &err);
    CHECK(t && t->nrows == 4 && t->cols[1].textless && t->cols[0].textless);
    if (t) {
        CHECK(!t->cols[1].missing[0] && !t->cols[1].missing[1] && t->cols[1].missing[2] && !t->cols[1].missing[3]);
        CHECK(!t->cols[0].missing[0] && !t->cols[0].missing[3] && t->cols[1].value[3] == 8);
        CHECK_STR(ic_cell_text(&t->cols[1], 2), "");
        CHECK_STR(ic_cell_text(&t->cols[1], 3), "8");
    }
    ic_table_free(t);

    /* a column whose texts so far are one empty cell turns text */
    const char *one = "a,b\n1,\n2,x\n3,yz\n";
    t = ic_table_parse(one, strlen(one), "t.csv", NULL, &err);
    CHECK(t && !t->cols[1].textless && t->cols[1].type == IC_COL_TEXT);
    if (t) {
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "");
        CHECK_STR(ic_cell_text(&t->cols[1], 2), "yz");
    }
    ic_table_free(t);

    /* the text of a column that turns text late is every cell's own */
    const char *late = "year,v\n2001,1.5\n2002,2.5\n2003,1e6\n2004,NA\n2005,-\n";
    t = ic_table_parse(late, strlen(late), "t.csv", NULL, &err);
    CHECK(t && t->cols[0].textless && t->cols[0].type == IC_COL_YEAR && !t->cols[1].textless);
    if (t) {
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "1.5");
        CHECK_STR(ic_cell_text(&t->cols[1], 2), "1e6");
        CHECK_STR(ic_cell_text(&t->cols[1], 4), "-");
        CHECK(t->cols[1].value[2] == 1e6 && t->cols[1].missing[3] && t->cols[1].missing[4]);
    }
    ic_table_free(t);
}

/* Messages about cells of textless columns quote the cell as written, at
 * its position. */
static void messages(void)
{
    const char *csv = "t,value\n1,2.50\n2,NA\n3,-0.75\n";
    ic_error err = {0};
    ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
    CHECK(t && t->cols[1].textless);
    if (t) {
        ic_cell_pos p = ic_cell_position(&t->cols[1], 2);
        CHECK(p.line == 4 && p.col == 3);
        ic_error e = {0};
        ic_cell_error(&e, IC_ERR_DATA, t->path, &t->cols[1], 2, "column '%s': got '%s'", t->cols[1].name,
                      ic_cell_text(&t->cols[1], 2));
        CHECK(e.line == 4 && e.column == 3);
        CHECK_STR(e.message, "column 'value': got '-0.75'");
    }
    ic_table_free(t);
    /* a type given for a textless column is checked on its texts */
    ic_type_override ov = {"value", IC_COL_YEAR};
    ic_csv_options opt = {.overrides = &ov, .noverrides = 1};
    memset(&err, 0, sizeof err);
    t = ic_table_parse(csv, strlen(csv), "t.csv", &opt, &err);
    CHECK(!t && err.line == 2 && err.column == 3);
    CHECK(strstr(err.message, "got '2.50'") != NULL);
    ic_table_free(t);
    /* decimal commas */
    const char *semi = "t;value\n1;2,50\n2;3,25\n";
    ic_csv_options dc = {.decimal = ','};
    memset(&err, 0, sizeof err);
    t = ic_table_parse(semi, strlen(semi), "t.csv", &dc, &err);
    CHECK(t && t->cols[1].textless && t->cols[1].value[1] == 3.25);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[1], 1), "3,25");
    ic_table_free(t);
}

static void fixed(void)
{
    char buf[64];
    CHECK(ic_number_fixed(-0.0, 0, '.', buf) == 2 && strcmp(buf, "-0") == 0);
    CHECK(ic_number_fixed(0.05, 2, ',', buf) == 4 && strcmp(buf, "0,05") == 0);
    CHECK(ic_number_fixed(1234.5, 3, '.', buf) == 8 && strcmp(buf, "1234.500") == 0);
    CHECK(ic_number_fixed(1e16, 0, '.', buf) == 0);
    CHECK(ic_number_fixed(NAN, 1, '.', buf) == 0);
    CHECK(ic_number_fixed(1.0, 16, '.', buf) == 0);
}

/* Threads laying out charts from one table may ask for the texts of a
 * textless column at once: each gets every text right. */
typedef struct reader {
    const ic_column *c;
    size_t n;
    int wrong;
} reader;

static void *read_texts(void *arg)
{
    reader *r = arg;
    for (size_t i = 0; i < r->n; i++) {
        char want[32];
        snprintf(want, sizeof want, "%zu.%02zu", i, i % 100);
        const char *got = i % 2 ? ic_cell_text(r->c, i) : ic_cell_text_brief(r->c, i);
        r->wrong += strcmp(got, want) != 0;
    }
    return NULL;
}

static void threads(void)
{
    ic_buf csv = IC_BUF_INIT;
    ic_buf_puts(&csv, "v\n");
    size_t n = 20000;
    for (size_t i = 0; i < n; i++)
        ic_buf_printf(&csv, "%zu.%02zu\n", i, i % 100);
    ic_error err = {0};
    ic_table *t = ic_table_parse(csv.data, csv.len, "t.csv", NULL, &err);
    CHECK(t && t->cols[0].textless);
    if (t) {
        reader r[4];
        pthread_t th[4];
        for (int k = 0; k < 4; k++) {
            r[k] = (reader){&t->cols[0], n, 0};
            CHECK(pthread_create(&th[k], NULL, read_texts, &r[k]) == 0);
        }
        for (int k = 0; k < 4; k++) {
            pthread_join(th[k], NULL);
            CHECK(r[k].wrong == 0);
        }
        CHECK(!t->cols[0].textless);
    }
    ic_table_free(t);
    ic_buf_free(&csv);
}

int main(void)
{
    threads();
    fixed();
    no_text();
    messages();
    property();
    return CHECK_DONE();
}

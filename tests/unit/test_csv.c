/* The CSV reader: structure, positions, errors, typing, overrides, streaming. */
#include "check.h"
#include "core/buf.h"
#include "data/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ic_table *parse_n(const char *csv, size_t len, const ic_csv_options *opt, ic_error *err)
{
    memset(err, 0, sizeof *err);
    return ic_table_parse(csv, len, "t.csv", opt, err);
}

static ic_table *parse(const char *csv, const ic_csv_options *opt, ic_error *err)
{
    return parse_n(csv, strlen(csv), opt, err);
}

/* Expects parsing to fail with exactly this code and position, and a message
 * containing `sub`. `at` is the caller's line, printed on failure. */
static void expect_err_n(int at, const char *csv, size_t len, const ic_csv_options *opt,
                         ic_error_code code, int line, int col, const char *sub)
{
    ic_error err;
    ic_table *t = parse_n(csv, len, opt, &err);
    int ok = !t && err.code == code && err.line == line && err.column == col &&
             strstr(err.message, sub) && strcmp(err.file, "t.csv") == 0;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv.c:%d: got code %d at %d:%d \"%s\" (file '%s'); expected code %d "
                "at %d:%d with \"%s\"\n", at, (int)err.code, err.line, err.column, err.message,
                err.file, (int)code, line, col, sub);
    ic_table_free(t);
}

#define EXPECT_ERR(csv, opt, code, line, col, sub) \
    expect_err_n(__LINE__, (csv), strlen(csv), (opt), (code), (line), (col), (sub))
#define EXPECT_ERR_N(csv, len, opt, code, line, col, sub) \
    expect_err_n(__LINE__, (csv), (len), (opt), (code), (line), (col), (sub))

/* Two tables hold the same cells, positions and types. */
static int same_table(const ic_table *a, const ic_table *b)
{
    if (!a || !b || a->ncols != b->ncols || a->nrows != b->nrows)
        return 0;
    for (size_t j = 0; j < a->ncols; j++) {
        const ic_column *x = &a->cols[j], *y = &b->cols[j];
        if (strcmp(x->name, y->name) || x->type != y->type || x->has_percent != y->has_percent ||
            x->header_line != y->header_line || x->header_col != y->header_col)
            return 0;
        /* positions are found by reading the CSV again: compare ~16 rows */
        size_t stride = a->nrows / 16 + 1;
        for (size_t i = 0; i < a->nrows; i++) {
            if (strcmp(ic_cell_text(x, i), ic_cell_text(y, i)) || x->missing[i] != y->missing[i])
                return 0;
            if ((i % stride == 0 || i + 1 == a->nrows) &&
                (ic_cell_position(x, i).line != ic_cell_position(y, i).line ||
                 ic_cell_position(x, i).col != ic_cell_position(y, i).col))
                return 0;
            if (!(x->value[i] == y->value[i] || (isnan(x->value[i]) && isnan(y->value[i]))))
                return 0;
        }
    }
    return 1;
}

static void test_basic(void)
{
    ic_error err;
    ic_table *t = parse("name,value\nalpha,1\n  beta  , 2.5 \n", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(err.code == IC_OK);
    CHECK_STR(t->path, "t.csv");
    CHECK(t->ncols == 2);
    CHECK(t->nrows == 2);
    CHECK_STR(t->cols[0].name, "name");
    CHECK_STR(t->cols[1].name, "value");
    CHECK(t->cols[0].header_line == 1 && t->cols[0].header_col == 1);
    CHECK(t->cols[1].header_line == 1 && t->cols[1].header_col == 6);
    CHECK(t->cols[0].type == IC_COL_TEXT);
    CHECK(t->cols[1].type == IC_COL_NUMBER);
    CHECK_STR(ic_cell_text(&t->cols[0], 0), "alpha");
    CHECK_STR(ic_cell_text(&t->cols[0], 1), "beta"); /* unquoted fields are trimmed */
    CHECK_STR(ic_cell_text(&t->cols[1], 1), "2.5");
    CHECK(t->cols[1].value[0] == 1.0);
    CHECK(t->cols[1].value[1] == 2.5);
    CHECK(isnan(t->cols[0].value[0]));
    CHECK(t->cols[1].missing[0] == 0 && t->cols[1].missing[1] == 0);
    CHECK(ic_cell_position(&t->cols[0], 0).line == 2 && ic_cell_position(&t->cols[0], 0).col == 1);
    CHECK(ic_cell_position(&t->cols[1], 0).line == 2 && ic_cell_position(&t->cols[1], 0).col == 7);
    CHECK(ic_cell_position(&t->cols[0], 1).line == 3 && ic_cell_position(&t->cols[0], 1).col == 3);
    CHECK(ic_cell_position(&t->cols[1], 1).line == 3 && ic_cell_position(&t->cols[1], 1).col == 11);
    CHECK(ic_table_find(t, "value") == 1);
    CHECK(ic_table_find(t, "name") == 0);
    CHECK(ic_table_find(t, "Value") == -1);
    CHECK(ic_table_find(t, NULL) == -1);
    CHECK(ic_table_find(NULL, "x") == -1);
    ic_table_free(t);
    ic_table_free(NULL);

    /* an empty last field without a final line break starts at the end */
    t = parse("a,b\n1,", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "");
        CHECK(t->cols[1].missing[0] == 1);
        CHECK(ic_cell_position(&t->cols[1], 0).line == 2 && ic_cell_position(&t->cols[1], 0).col == 3);
    }
    ic_table_free(t);
    EXPECT_ERR("a\n1\n2,", NULL, IC_ERR_CSV, 3, 3, "row has 2 fields, expected 1");
}

static void test_line_endings(void)
{
    ic_error e1, e2, e3, e4;
    ic_table *lf = parse("a,b\n1,x\n2,\"p\nq\"\n3,z\n", NULL, &e1);
    ic_table *crlf = parse("a,b\r\n1,x\r\n2,\"p\nq\"\r\n3,z\r\n", NULL, &e2);
    ic_table *cr = parse("a,b\r1,x\r2,\"p\nq\"\r3,z\r", NULL, &e3);
    ic_table *noeol = parse("a,b\n1,x\n2,\"p\nq\"\n3,z", NULL, &e4);
    CHECK(lf && crlf && cr && noeol);
    CHECK(same_table(lf, crlf));
    CHECK(same_table(lf, cr));
    CHECK(same_table(lf, noeol));
    if (lf) {
        CHECK(lf->nrows == 3);
        CHECK(ic_cell_position(&lf->cols[0], 2).line == 5); /* after the two-line field */
        CHECK(ic_cell_position(&lf->cols[1], 2).line == 5 && ic_cell_position(&lf->cols[1], 2).col == 3);
        CHECK_STR(ic_cell_text(&lf->cols[1], 1), "p\nq");
        CHECK(lf->cols[0].type == IC_COL_NUMBER);
    }
    ic_table_free(lf);
    ic_table_free(crlf);
    ic_table_free(cr);
    ic_table_free(noeol);

    /* blank lines give no rows but still count */
    ic_error err;
    ic_table *t = parse("a,b\n\n1,2\r\n\r\n  \n3,4\n\n", NULL, &err);
    CHECK(t && t->nrows == 2);
    if (t) {
        CHECK(ic_cell_position(&t->cols[0], 0).line == 3);
        CHECK(ic_cell_position(&t->cols[0], 1).line == 6);
        CHECK(t->cols[1].value[1] == 4.0);
    }
    ic_table_free(t);
}

static void test_quoting(void)
{
    ic_error err;
    const char *csv =
        "label,quote,note\r\n"
        "\"Smith, J.\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
        "  \" padded \" ,\"\",x\r\n"
        "plain,\"é,€\",\"a\nb\nc\"\r\n"
        "last,1,\"\"\r\n";
    ic_table *t = parse(csv, NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 4);
    CHECK_STR(ic_cell_text(&t->cols[0], 0), "Smith, J.");
    CHECK_STR(ic_cell_text(&t->cols[1], 0), "say \"hi\"");
    CHECK_STR(ic_cell_text(&t->cols[2], 0), "two\r\nlines");
    CHECK_STR(ic_cell_text(&t->cols[0], 1), " padded ");
    CHECK_STR(ic_cell_text(&t->cols[1], 1), "");
    CHECK(t->cols[1].missing[1] == 1);
    CHECK_STR(ic_cell_text(&t->cols[1], 2), "é,€");
    CHECK_STR(ic_cell_text(&t->cols[2], 2), "a\nb\nc");
    /* positions: quoted fields start at their opening quote */
    CHECK(ic_cell_position(&t->cols[1], 0).line == 2 && ic_cell_position(&t->cols[1], 0).col == 13);
    CHECK(ic_cell_position(&t->cols[0], 1).line == 4 && ic_cell_position(&t->cols[0], 1).col == 3);
    CHECK(ic_cell_position(&t->cols[1], 1).line == 4 && ic_cell_position(&t->cols[1], 1).col == 15);
    CHECK(ic_cell_position(&t->cols[2], 1).line == 4 && ic_cell_position(&t->cols[2], 1).col == 18);
    CHECK(ic_cell_position(&t->cols[1], 2).line == 5 && ic_cell_position(&t->cols[1], 2).col == 7);
    CHECK(ic_cell_position(&t->cols[2], 2).line == 5 && ic_cell_position(&t->cols[2], 2).col == 13); /* after "é,€" (5 characters) */
    CHECK(ic_cell_position(&t->cols[0], 3).line == 8 && ic_cell_position(&t->cols[0], 3).col == 1);
    CHECK(ic_cell_position(&t->cols[2], 3).line == 8 && ic_cell_position(&t->cols[2], 3).col == 8);
    ic_table_free(t);
}

static void test_bom_and_delimiters(void)
{
    ic_error err;
    ic_table *t = parse("\xEF\xBB\xBFyear,v\n2004,1\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK_STR(t->cols[0].name, "year");
        CHECK(t->cols[0].header_col == 1);
        CHECK(t->cols[1].header_col == 6);
        CHECK(t->cols[0].type == IC_COL_YEAR);
    }
    ic_table_free(t);

    ic_csv_options semi = {.delimiter = ';'};
    t = parse("name;share\nA;1,5\nB;\"x;y\"\n", &semi, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->ncols == 2 && t->nrows == 2);
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "1,5");
        CHECK_STR(ic_cell_text(&t->cols[1], 1), "x;y");
        CHECK(t->cols[1].type == IC_COL_TEXT); /* "1,5" is no number */
        CHECK(ic_cell_position(&t->cols[1], 1).col == 3);
    }
    ic_table_free(t);

    ic_csv_options tab = {.delimiter = '\t'};
    t = parse("a\tb\tc\n1\t\t3\n x \t2,000\t\"q\tr\"\n", &tab, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->ncols == 3 && t->nrows == 2);
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "");
        CHECK(t->cols[1].missing[0] == 1);
        CHECK(isnan(t->cols[1].value[0]));
        CHECK(t->cols[1].value[1] == 2000.0);
        CHECK(t->cols[1].type == IC_COL_NUMBER);
        CHECK_STR(ic_cell_text(&t->cols[0], 1), "x");
        CHECK_STR(ic_cell_text(&t->cols[2], 1), "q\tr");
        CHECK(ic_cell_position(&t->cols[1], 0).col == 3);
        CHECK(ic_cell_position(&t->cols[2], 0).col == 4);
        CHECK(ic_cell_position(&t->cols[1], 1).col == 5);
    }
    ic_table_free(t);
    /* a tab is data, not a delimiter, with ',' */
    t = parse("a,b\nx\ty,1\n", NULL, &err);
    CHECK(t && t->ncols == 2);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[0], 0), "x\ty");
    ic_table_free(t);

    ic_csv_options pipe = {.delimiter = '|'};
    t = parse("a|b\n1|\"x|y\"\n", &pipe, &err);
    CHECK(t && t->ncols == 2 && t->delimiter == '|' && !t->delimiter_detected);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "x|y");
    ic_table_free(t);
    ic_csv_options bad = {.delimiter = ':'};
    EXPECT_ERR("a:b\n1:2\n", &bad, IC_ERR_USAGE, 0, 0, "delimiter");
}

static void test_structure_errors(void)
{
    EXPECT_ERR("a,b\n1,2,3\n", NULL, IC_ERR_CSV, 2, 5, "row has 3 fields, expected 2 like the header");
    EXPECT_ERR("a,b,c,d\n1,2,3\n", NULL, IC_ERR_CSV, 2, 6, "row has 3 fields, expected 4 like the header");
    EXPECT_ERR("a,b,c\n1,2,3\n1\n", NULL, IC_ERR_CSV, 3, 2, "row has 1 field, expected 3");
    EXPECT_ERR("a,b,c\n1,2,3\r\n4,5", NULL, IC_ERR_CSV, 3, 4, "row has 2 fields, expected 3");
    EXPECT_ERR("a,b\n1,2\n3,4,  \"x\",6\n", NULL, IC_ERR_CSV, 3, 7, "row has 4 fields, expected 2");
    EXPECT_ERR("a,b\n1,2,\"x\ny\"\n", NULL, IC_ERR_CSV, 2, 5, "row has 3 fields, expected 2");
    EXPECT_ERR("a,b,c\n1,\"x\ny\"\n", NULL, IC_ERR_CSV, 3, 3, "row has 2 fields, expected 3");
    /* an error after a multi-line quoted field is on the right line */
    EXPECT_ERR("a,b\n\"x\ny\nz\",1\r\n2,3,4\n", NULL, IC_ERR_CSV, 5, 5, "row has 3 fields");
    EXPECT_ERR("a,b\r\"x\r\ny\",1\r2,b\"c\r", NULL, IC_ERR_CSV, 4, 4, "stray quote in an unquoted field");

    /* quotes */
    EXPECT_ERR("a,b\n1,\"abc\n2,3\n", NULL, IC_ERR_CSV, 2, 3, "unterminated quoted field");
    EXPECT_ERR("a,b\n1,2\n3,\"it\"\"s", NULL, IC_ERR_CSV, 3, 3, "unterminated quoted field");
    EXPECT_ERR("a,b\n1,é\"x\n", NULL, IC_ERR_CSV, 2, 4, "stray quote in an unquoted field");
    EXPECT_ERR("a,b\n1,ab\"c\n", NULL, IC_ERR_CSV, 2, 5, "stray quote in an unquoted field");
    EXPECT_ERR("a,b\n1,\"ab\"c\n", NULL, IC_ERR_CSV, 2, 7, "text after the closing quote");
    EXPECT_ERR("a,b\n1,\"ab\"  c,2\n", NULL, IC_ERR_CSV, 2, 9, "text after the closing quote");
    EXPECT_ERR("a,b\n1,\"ab\" \"\n", NULL, IC_ERR_CSV, 2, 8, "expected ',' or the end of the line");
    ic_csv_options semi = {.delimiter = ';'};
    EXPECT_ERR("a;b\n1;\"ab\"c\n", &semi, IC_ERR_CSV, 2, 7, "expected ';' or the end");
    EXPECT_ERR("a\"b,c\n1,2\n", NULL, IC_ERR_CSV, 1, 2, "stray quote");

    /* bytes */
    EXPECT_ERR("a,b\n1,\xC3\x28\n", NULL, IC_ERR_CSV, 2, 3, "invalid UTF-8 byte 0xC3");
    EXPECT_ERR("a,b\né€,x\xFFy\n", NULL, IC_ERR_CSV, 2, 5, "invalid UTF-8 byte 0xFF");
    EXPECT_ERR("a,b\n1,\"ok\nbad \xE2\x82\"\n", NULL, IC_ERR_CSV, 3, 5, "invalid UTF-8");
    EXPECT_ERR("a,b\n1,2\n3,\xC3", NULL, IC_ERR_CSV, 3, 3, "invalid UTF-8"); /* cut at the end */
    EXPECT_ERR_N("a,b\n1,x\0y\n", 10, NULL, IC_ERR_CSV, 2, 4, "NUL byte");
    EXPECT_ERR_N("a,b\n1,\"x\n\0\"\n", 12, NULL, IC_ERR_CSV, 3, 1, "NUL byte");
    EXPECT_ERR_N("\0", 1, NULL, IC_ERR_CSV, 1, 1, "NUL byte");
    /* the first error in the file wins */
    EXPECT_ERR_N("a,b\n1,x\"\0\n", 10, NULL, IC_ERR_CSV, 2, 4, "stray quote");
    EXPECT_ERR("a,b\n1,2,3\n\xFF\n", NULL, IC_ERR_CSV, 2, 5, "row has 3 fields");

    /* empty and header-only files */
    EXPECT_ERR("", NULL, IC_ERR_CSV, 1, 1, "file is empty");
    EXPECT_ERR("\n\r\n  \n", NULL, IC_ERR_CSV, 1, 1, "file is empty");
    EXPECT_ERR("\xEF\xBB\xBF", NULL, IC_ERR_CSV, 1, 1, "file is empty");
    EXPECT_ERR("a,b\n", NULL, IC_ERR_CSV, 2, 1, "has a header but no data rows");
    EXPECT_ERR("a,b", NULL, IC_ERR_CSV, 2, 1, "has a header but no data rows");
    EXPECT_ERR("a,b\r\n\r\n\r\n", NULL, IC_ERR_CSV, 2, 1, "has a header but no data rows");
    EXPECT_ERR("a,\"b\nc\"\n", NULL, IC_ERR_CSV, 3, 1, "has a header but no data rows");
    ic_error err;
    memset(&err, 0, sizeof err);
    CHECK(ic_table_parse(NULL, 0, "t.csv", NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_CSV && strstr(err.message, "file is empty"));

    /* header names */
    EXPECT_ERR("a,,c\n1,2,3\n", NULL, IC_ERR_CSV, 1, 3, "column 2 has an empty header name");
    EXPECT_ERR("a,b,\"  \"\n1,2,3\n", NULL, IC_ERR_CSV, 1, 5, "column 3 has an empty header name");
    EXPECT_ERR("a,b,a\n1,2,3\n", NULL, IC_ERR_CSV, 1, 5, "duplicate header name 'a' (column 1");
    EXPECT_ERR("x,b,b,x\n1,2,3,4\n", NULL, IC_ERR_CSV, 1, 5, "duplicate header name 'b' (column 2");
    EXPECT_ERR("x,b,,b\n1,2,3,4\n", NULL, IC_ERR_CSV, 1, 5, "column 3 has an empty header name");
}

static void test_limits(void)
{
    ic_csv_options o = {.max_field_bytes = 4};
    ic_error err;
    ic_table *t = parse("abcd,b\n1234,\"wxyz\"\n", &o, &err);
    CHECK(t != NULL); /* exactly at the limit */
    ic_table_free(t);
    EXPECT_ERR("a,b\n1,12345\n", &o, IC_ERR_LIMIT, 2, 3, "field is larger than the limit of 4 bytes");
    EXPECT_ERR("a,b\n1,\"1\n345\"\n", &o, IC_ERR_LIMIT, 2, 3, "larger than the limit of 4 bytes");
    EXPECT_ERR("abcde,b\n1,2\n", &o, IC_ERR_LIMIT, 1, 1, "larger than the limit");

    /* a huge field is stopped before it is read to its end */
    size_t n = 300000;
    char *big = malloc(n + 16);
    CHECK(big != NULL);
    if (big) {
        memcpy(big, "a,b\n1,", 6);
        memset(big + 6, 'x', n);
        memcpy(big + 6 + n, "\n", 2);
        ic_csv_options o2 = {.max_field_bytes = 1000};
        EXPECT_ERR(big, &o2, IC_ERR_LIMIT, 2, 3, "larger than the limit of 1000 bytes");
        big[6 + 200000] = '"'; /* never reached */
        EXPECT_ERR(big, &o2, IC_ERR_LIMIT, 2, 3, "larger than the limit of 1000 bytes");
        free(big);
    }

    ic_csv_options r = {.max_rows = 2};
    t = parse("a\n1\n2\n", &r, &err);
    CHECK(t && t->nrows == 2);
    ic_table_free(t);
    EXPECT_ERR("a\n1\n2\n\n 3\n4\n", &r, IC_ERR_LIMIT, 5, 2, "more than the limit of 2 data rows");
}

static void test_types(void)
{
    ic_error err;
    const char *csv =
        "Year,share,count,date,label,empty,when,first\n"
        "2004,13%,\"3,300,000\",2004-01-01,a,,1970-01,x\n"
        "2010,NA,1200,2024-02-29,NA,NA,1969-12,y\n"
        "2016,38.5%,-,1969-12-31,c,-,2000-03,z\n";
    ic_table *t = parse(csv, NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->ncols == 8 && t->nrows == 3);
    ic_column *year = &t->cols[0], *share = &t->cols[1], *count = &t->cols[2];
    ic_column *date = &t->cols[3], *label = &t->cols[4], *empty = &t->cols[5];
    ic_column *when = &t->cols[6];
    CHECK(year->type == IC_COL_YEAR);
    CHECK(year->value[0] == 2004.0 && year->value[2] == 2016.0);
    CHECK(year->has_percent == 0);

    CHECK(share->type == IC_COL_NUMBER);
    CHECK(share->has_percent == 1);
    CHECK(share->value[0] == 13.0);
    CHECK(isnan(share->value[1]) && share->missing[1] == 1);
    CHECK(share->value[2] == 38.5);
    CHECK_STR(ic_cell_text(share, 0), "13%");
    CHECK_STR(ic_cell_text(share, 1), "NA");

    CHECK(count->type == IC_COL_NUMBER);
    CHECK(count->has_percent == 0);
    CHECK(count->value[0] == 3300000.0 && count->value[1] == 1200.0);
    CHECK(isnan(count->value[2]) && count->missing[2] == 1 && count->missing[0] == 0);
    CHECK_STR(ic_cell_text(count, 0), "3,300,000");

    CHECK(date->type == IC_COL_DATE);
    CHECK(date->value[0] == 12418.0);
    CHECK(date->value[1] == 19782.0);
    CHECK(date->value[2] == -1.0);

    CHECK(when->type == IC_COL_DATE);
    CHECK(when->value[0] == 0.0);
    CHECK(when->value[1] == -31.0);
    CHECK(when->value[2] == 11017.0);

    CHECK(label->type == IC_COL_TEXT);
    CHECK(label->missing[1] == 1 && label->missing[0] == 0);
    CHECK(isnan(label->value[0]) && isnan(label->value[1]));

    CHECK(empty->type == IC_COL_TEXT); /* only gaps */
    CHECK(empty->missing[0] && empty->missing[1] && empty->missing[2]);
    CHECK(isnan(empty->value[0]));
    CHECK(t->cols[7].type == IC_COL_TEXT);
    ic_table_free(t);

    /* years without "year" in the name: only the first column */
    t = parse("period,n,fiscal_YEAR\n2004,2004,1999\n2010,2999,2000\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->cols[0].type == IC_COL_YEAR);
        CHECK(t->cols[1].type == IC_COL_NUMBER);
        CHECK(t->cols[2].type == IC_COL_YEAR);
    }
    ic_table_free(t);
    /* not all in 1000..2999, decimals, percent or grouping: plain numbers */
    t = parse("year,b,c,d\n2004,1999,1999,\"2,004\"\n3000,2000.5,20%,2010\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->cols[0].type == IC_COL_NUMBER);
        CHECK(t->cols[1].type == IC_COL_NUMBER);
        CHECK(t->cols[2].type == IC_COL_NUMBER);
        CHECK(t->cols[3].type == IC_COL_NUMBER);
    }
    ic_table_free(t);
    /* invalid dates and mixtures are text */
    t = parse("a,b,c,d\n2023-02-29,2020-13,2020-01-01,x\n2020-01-01,2020-01,5,2020-1-1\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->cols[0].type == IC_COL_TEXT);
        CHECK(t->cols[1].type == IC_COL_TEXT);
        CHECK(t->cols[2].type == IC_COL_TEXT);
        CHECK(t->cols[3].type == IC_COL_TEXT);
    }
    ic_table_free(t);

    CHECK_STR(ic_col_type_name(IC_COL_NUMBER), "number");
    CHECK_STR(ic_col_type_name(IC_COL_TEXT), "text");
    CHECK_STR(ic_col_type_name(IC_COL_YEAR), "year");
    CHECK_STR(ic_col_type_name(IC_COL_DATE), "date");
    CHECK_STR(ic_col_type_name(IC_COL_AUTO), "auto");
}

static void test_overrides(void)
{
    const char *csv = "year,share,code,day\n2004,13,007,2020-01-05\n2010,n/a,010,\n";
    ic_error err;
    ic_type_override ov[] = {
        {"code", IC_COL_TEXT}, {"year", IC_COL_NUMBER}, {"share", IC_COL_YEAR}, {"day", IC_COL_AUTO}};
    ic_csv_options o = {.overrides = ov, .noverrides = 1};
    ic_table *t = parse(csv, &o, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->cols[2].type == IC_COL_TEXT);
        CHECK(isnan(t->cols[2].value[0]));
        CHECK_STR(ic_cell_text(&t->cols[2], 0), "007");
        CHECK(t->cols[0].type == IC_COL_YEAR);
        CHECK(t->cols[3].type == IC_COL_DATE);
        CHECK(t->cols[3].value[0] == 18266.0);
        CHECK(t->cols[3].missing[1] == 1 && isnan(t->cols[3].value[1]));
    }
    ic_table_free(t);

    o.noverrides = 2;
    t = parse(csv, &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_NUMBER && t->cols[0].value[1] == 2010.0);
    ic_table_free(t);

    /* a forced type every cell must fit (gaps are fine) */
    ic_type_override num[] = {{"share", IC_COL_NUMBER}};
    ic_csv_options on = {.overrides = num, .noverrides = 1};
    t = parse("year,share\n2004,13%\n2005,NA\n", &on, &err);
    CHECK(t && t->cols[1].type == IC_COL_NUMBER && t->cols[1].has_percent == 1);
    if (t)
        CHECK(t->cols[1].missing[1] == 1 && isnan(t->cols[1].value[1]));
    ic_table_free(t);
    EXPECT_ERR("year,share\n2004,13\n2005, abc\n", &on, IC_ERR_DATA, 3, 7,
               "column 'share': expected a number, got 'abc'");
    ic_type_override yr[] = {{"share", IC_COL_YEAR}};
    ic_csv_options oy = {.overrides = yr, .noverrides = 1};
    EXPECT_ERR("year,share\n2004,1999\n2005,3000\n", &oy, IC_ERR_DATA, 3, 6,
               "column 'share': expected a year");
    ic_type_override dt[] = {{"share", IC_COL_DATE}};
    ic_csv_options od = {.overrides = dt, .noverrides = 1};
    EXPECT_ERR("year,share\n2004,2004-02-30\n", &od, IC_ERR_DATA, 2, 6,
               "column 'share': expected a date like 2024-03-31 or 2024-03, got '2004-02-30'");

    /* an override naming no column */
    ic_type_override typo[] = {{"shar", IC_COL_NUMBER}};
    ic_csv_options ot = {.overrides = typo, .noverrides = 1};
    EXPECT_ERR("year,share\n2004,1\n", &ot, IC_ERR_DATA, 1, 1,
               "no column 'shar' in the header (did you mean 'share'?)");
    EXPECT_ERR("\n\nyear,share\n2004,1\n", &ot, IC_ERR_DATA, 3, 1, "did you mean 'share'?");
    ic_type_override far[] = {{"population", IC_COL_NUMBER}};
    ic_csv_options of = {.overrides = far, .noverrides = 1};
    ic_error e;
    t = parse("year,share\n2004,1\n", &of, &e);
    CHECK(t == NULL && e.code == IC_ERR_DATA);
    CHECK_STR(e.message, "no column 'population' in the header");
    ic_type_override bad[] = {{NULL, IC_COL_NUMBER}};
    ic_csv_options ob = {.overrides = bad, .noverrides = 1};
    EXPECT_ERR("a\n1\n", &ob, IC_ERR_USAGE, 0, 0, "override 1");
}

/* ---- files ---- */

static char *write_temp(const char *data, size_t len)
{
    char *path = malloc(64);
    if (!path)
        return NULL;
    snprintf(path, 64, "/tmp/ic_test_csv_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        if (f)
            fclose(f);
        else
            close(fd);
        unlink(path);
        free(path);
        return NULL;
    }
    fclose(f);
    return path;
}

/* Reading `data` from a file gives what parsing it from memory gives: the
 * same table, or the same error at the same place. */
static void check_read_matches_parse(int at, const char *data, size_t len, const ic_csv_options *o)
{
    char *path = write_temp(data, len);
    CHECK(path != NULL);
    if (!path)
        return;
    ic_error e1, e2;
    memset(&e1, 0, sizeof e1);
    memset(&e2, 0, sizeof e2);
    ic_table *a = ic_table_read(path, o, &e1);
    ic_table *b = ic_table_parse(data, len, path, o, &e2);
    int ok = (a && b && same_table(a, b) && strcmp(a->path, path) == 0) ||
             (!a && !b && e1.code == e2.code && e1.line == e2.line && e1.column == e2.column &&
              strcmp(e1.message, e2.message) == 0 && strcmp(e1.file, path) == 0);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv.c:%d: read %p (%d %d:%d %s) vs parse %p (%d %d:%d %s)\n", at,
                (void *)a, (int)e1.code, e1.line, e1.column, e1.message, (void *)b, (int)e2.code,
                e2.line, e2.column, e2.message);
    ic_table_free(a);
    ic_table_free(b);
    unlink(path);
    free(path);
}

static void test_read(void)
{
    const char *csv = "\xEF\xBB\xBFYear,share\r\n2004,13%\r\n2010,\"3,300\"\r\n";
    char *path = write_temp(csv, strlen(csv));
    CHECK(path != NULL);
    if (path) {
        ic_error err;
        memset(&err, 0, sizeof err);
        ic_table *t = ic_table_read(path, NULL, &err);
        CHECK(t != NULL);
        if (t) {
            CHECK_STR(t->path, path);
            CHECK(t->nrows == 2 && t->cols[0].type == IC_COL_YEAR);
            CHECK(t->cols[1].value[1] == 3300.0 && t->cols[1].has_percent == 1);
        }
        ic_table_free(t);
        unlink(path);
        free(path);
    }

    ic_error err;
    memset(&err, 0, sizeof err);
    CHECK(ic_table_read("/nonexistent/dir/x.csv", NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_IO);
    CHECK_STR(err.file, "/nonexistent/dir/x.csv");
    CHECK(strstr(err.message, "cannot open") != NULL);
    memset(&err, 0, sizeof err);
    CHECK(ic_table_read("/tmp", NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_IO);

    check_read_matches_parse(__LINE__, "", 0, NULL);
    check_read_matches_parse(__LINE__, "a,b\n1,\"x\n", 9, NULL);
}

static void upper_case(char *text, size_t size, void *ud)
{
    (void)size;
    (void)ud;
    for (; *text; text++)
        if (*text >= 'a' && *text <= 'z')
            *text = (char)(*text - 'a' + 'A');
}

/* Cell texts share one block per column; positions are found by reading the
 * CSV again, also for a file, a subset (by the original rows) and a file
 * that has been replaced since. */
static void test_storage_and_positions(void)
{
    const char *csv = "country;n\n\"Viet\nNam\";1\n  Chad;2\nPeru;3\n";
    ic_csv_options semi = {.delimiter = ';'};
    char *path = write_temp(csv, strlen(csv));
    CHECK(path != NULL);
    if (!path)
        return;
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_read(path, &semi, &err);
    CHECK(t != NULL);
    if (t) {
        const ic_column *c = &t->cols[0];
        CHECK(t->source == NULL && t->delimiter == ';');
        CHECK(c->table == t && c->nchars == strlen("Viet\nNam") + strlen("Chad") + strlen("Peru") + 3);
        CHECK_STR(ic_cell_text(c, 0), "Viet\nNam");
        CHECK_STR(ic_cell_text(c, 2), "Peru");
        ic_cell_pos p = ic_cell_position(c, 1);
        CHECK(p.line == 4 && p.col == 3);
        p = ic_cell_position(&t->cols[1], 0);
        CHECK(p.line == 3 && p.col == 6);
        p = ic_cell_position(c, 3); /* no such row */
        CHECK(p.line == 0 && p.col == 0);

        /* a subset of a subset still points at the CSV's rows */
        size_t rows[] = {2, 1}, back[] = {1};
        ic_table *s = ic_table_subset(t, rows, 2, &err);
        ic_table *s2 = s ? ic_table_subset(s, back, 1, &err) : NULL;
        CHECK(s2 != NULL);
        if (s2) {
            CHECK_STR(ic_cell_text(&s2->cols[0], 0), "Chad");
            p = ic_cell_position(&s2->cols[0], 0);
            CHECK(p.line == 4 && p.col == 3);
            p = ic_cell_position(&s->cols[1], 0);
            CHECK(p.line == 5 && p.col == 6);
        }
        ic_table_free(s2);
        ic_table_free(s);

        /* rewriting cells keeps them in order */
        CHECK(ic_column_rewrite(&t->cols[0], t->nrows, 1, upper_case, NULL) == 0);
        CHECK_STR(ic_cell_text(c, 0), "VIET\nNAM");
        CHECK_STR(ic_cell_text(c, 1), "CHAD");
        CHECK_STR(ic_cell_text(c, 2), "PERU");

        /* the file is gone: positions are unknown, not wrong */
        unlink(path);
        p = ic_cell_position(c, 1);
        CHECK(p.line == 0 && p.col == 0);
        memset(&err, 0, sizeof err);
        CHECK(ic_cell_error(&err, IC_ERR_DATA, path, c, 1, "bad %s", "cell") == -1);
        CHECK(err.code == IC_ERR_DATA && err.line == 0 && strcmp(err.message, "bad cell") == 0);
    }
    ic_table_free(t);
    unlink(path);
    free(path);

    /* an error already recorded wins, and no position is looked up */
    t = parse("a\n1\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_cell_error(&err, IC_ERR_DATA, "x.csv", &t->cols[0], 0, "first") == -1);
        CHECK(err.line == 2 && err.column == 1);
        CHECK(ic_cell_error(&err, IC_ERR_DATA, "x.csv", &t->cols[0], 0, "second") == -1);
        CHECK_STR(err.message, "first");
    }
    ic_table_free(t);
}

/* Every feature placed across the 64 KiB read boundary, at every alignment. */
static void test_chunk_boundaries(void)
{
    static const char *tails[] = {
        "q,\"é€😀\r\nx\"\"y\"\r\nz,\"end\"\n",  /* multibyte, CRLF, quotes */
        "q,ab\r\n\r\nr,\"s,t\"\r\n",
        "q,é€😀é\"x\n",                           /* stray quote after multibyte */
        "q,ab\xF0\x9F\x98x\n",                    /* cut 4-byte sequence */
        "q,\"open\r\nnever closed\r\n",           /* unterminated */
        "q,1,2\r\n",                              /* ragged */
        "q,a\0b\n",                               /* NUL (length given below) */
    };
    size_t base = 65536 - 40;
    char *doc = malloc(base + 200);
    CHECK(doc != NULL);
    if (!doc)
        return;
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        const char *tail = tails[k];
        size_t tl = k == 6 ? 6 : strlen(tail);
        for (size_t shift = 0; shift < 48; shift++) {
            size_t pad = base - 10 + shift;
            memcpy(doc, "k,v\npad,", 8);
            memset(doc + 8, 'a', pad);
            doc[8 + pad] = '\n';
            memcpy(doc + 9 + pad, tail, tl);
            check_read_matches_parse(__LINE__, doc, 9 + pad + tl, NULL);
        }
    }
    free(doc);

    /* a header, then a big file of rows, then an error on a known line */
    size_t rows = 20000;
    ic_buf text = IC_BUF_INIT;
    ic_buf_puts(&text, "year,value,label\n");
    for (size_t i = 0; i < rows; i++)
        ic_buf_printf(&text, "%zu,%zu.5,\"r\n%zu\"\r\n", 1000 + i % 2000, i, i);
    size_t n = text.len;
    ic_buf_puts(&text, "1,2\n");
    size_t n_bad = text.len;
    char *big = ic_buf_take(&text);
    CHECK(big != NULL);
    if (!big)
        return;
    check_read_matches_parse(__LINE__, big, n, NULL);
    char *path = write_temp(big, n_bad);
    CHECK(path != NULL);
    if (path) {
        ic_error err;
        memset(&err, 0, sizeof err);
        CHECK(ic_table_read(path, NULL, &err) == NULL);
        CHECK(err.code == IC_ERR_CSV && err.line == 2 + (int)rows * 2 && err.column == 4);
        unlink(path);
        free(path);
    }
    free(big);
}

int main(void)
{
    test_basic();
    test_line_endings();
    test_quoting();
    test_bom_and_delimiters();
    test_structure_errors();
    test_limits();
    test_types();
    test_overrides();
    test_read();
    test_chunk_boundaries();
    test_storage_and_positions();
    return CHECK_DONE();
}

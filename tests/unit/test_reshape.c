/* Long tables and aggregates (data/reshape.c): a long table becomes one
 * number column per series value in order of first appearance; every
 * aggregate combines the rows of an x value (and series, and facet value)
 * with gaps left out; duplicates without "aggregate" are an error at the
 * second cell; and random tables agree with a plain quadratic reference. */
#include "check.h"
#include "chart_fixture.h"
#include "core/buf.h"
#include "data/reshape.h"
#include "spec/spec.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A spec of kind `chart` with the extra keys `more` (a JSON fragment
 * starting with a comma, or ""). */
static ic_spec *spec_of(const char *chart, const char *x, const char *y, const char *more)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\n\"chart\": \"%s\",\n\"data\": \"data.csv\",\n\"x\": \"%s\",\n\"y\": %s,\n\"title\": \"T\",\n"
             "\"source\": \"S\"%s\n}\n",
             chart, x, y, more);
    ic_error err = {0};
    ic_spec *s = ic_spec_parse(text, strlen(text), "spec.json", &err);
    if (!s)
        fprintf(stderr, "spec: %s\n", err.message);
    return s;
}

static ic_table *table_of(const char *csv)
{
    ic_error err = {0};
    ic_table *t = ic_table_parse(csv, strlen(csv), "data.csv", NULL, &err);
    if (!t)
        fprintf(stderr, "csv: %s\n", err.message);
    return t;
}

static const ic_column *col(const ic_table *t, const char *name)
{
    int i = ic_table_find(t, name);
    return i >= 0 ? &t->cols[i] : NULL;
}

/* value of column `name` at row `r` (NAN when the column is missing) */
static double at(const ic_table *t, const char *name, size_t r)
{
    const ic_column *c = col(t, name);
    return c && r < t->nrows ? c->value[r] : -12345;
}

/* Runs the stage; returns its result with `*s` and `*t` for checking. */
static int run(ic_spec **s, ic_table **t, const char *chart, const char *x, const char *y, const char *more,
               const char *csv, ic_error *err)
{
    memset(err, 0, sizeof *err);
    *s = spec_of(chart, x, y, more);
    *t = table_of(csv);
    if (!*s || !*t)
        return -2;
    int rc = ic_reshape(*s, t, err);
    if (rc != 0 && getenv("RESHAPE_DEBUG"))
        fprintf(stderr, "reshape: %d:%d: %s\n", err->line, err->column, err->message);
    return rc;
}

static void done(ic_spec *s, ic_table *t)
{
    ic_spec_free(s);
    ic_table_free(t);
}

static const char stocks[] =
    "date,symbol,price\n"
    "2000-01-01,AAPL,10\n"  /* line 2 */
    "2000-01-01,MSFT,20\n"
    "2000-02-01,MSFT,21\n"  /* line 4: MSFT first, AAPL still first in order */
    "2000-02-01,AAPL,\n"    /* a gap */
    "2000-03-01,IBM,30\n"   /* a series that starts late */
    "2000-03-01,AAPL,12\n";

static void test_long_to_wide(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "line", "date", "\"price\"", ",\n\"series\": \"symbol\"", stocks, &err) == 0);
    if (!s || !t) {
        done(s, t);
        return;
    }
    CHECK(s->ny == 3);
    if (s->ny == 3) {
        CHECK_STR(s->y[0], "AAPL");
        CHECK_STR(s->y[1], "MSFT");
        CHECK_STR(s->y[2], "IBM");
        /* errors about the series point at "y" */
        CHECK(s->pos_y[2].line == 5);
    }
    CHECK(t->nrows == 3);
    const ic_column *x = col(t, "date");
    CHECK(x && x->type == IC_COL_DATE); /* the x column keeps its type, and its spacing */
    ic_table *read = table_of(stocks);
    CHECK(read && x && x->date_res == col(read, "date")->date_res && x->date_res != IC_RES_NONE);
    ic_table_free(read);
    if (x && t->nrows == 3) {
        CHECK_STR(ic_cell_text(x, 1), "2000-02-01");
        /* a row stands for its group's first row of the CSV */
        CHECK(ic_cell_position(x, 0).line == 2);
        CHECK(ic_cell_position(x, 1).line == 4);
        CHECK(ic_cell_position(x, 2).line == 6);
    }
    CHECK(at(t, "AAPL", 0) == 10 && at(t, "MSFT", 0) == 20 && isnan(at(t, "IBM", 0)));
    CHECK(isnan(at(t, "AAPL", 1)) && at(t, "MSFT", 1) == 21);
    CHECK(at(t, "AAPL", 2) == 12 && isnan(at(t, "MSFT", 2)) && at(t, "IBM", 2) == 30);
    const ic_column *ibm = col(t, "IBM");
    CHECK(ibm && ibm->type == IC_COL_NUMBER && ibm->missing[0] && !ibm->missing[2]);
    /* what the later checks and the kinds see is a valid wide table */
    CHECK(ic_spec_check_columns(s, t, &err) == 0);
    done(s, t);
}

/* The rows of one x value: 4, gap, 1, 3, 2 → every aggregate. */
static const char groups[] =
    "region,country,people\n"
    "North,A,4\n"
    "South,F,9\n"
    "North,B,\n"
    "North,C,1\n"
    "North,D,3\n"
    "North,E,2\n"
    "South,G,NA\n"
    "East,H,\n"   /* only gaps */
    "East,I,-\n";

static void aggregate_case(const char *agg, double north, double south, int east_gap, double east)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    char more[128];
    snprintf(more, sizeof more, ",\n\"aggregate\": \"%s\"", agg);
    CHECK(run(&s, &t, "bar", "region", "\"people\"", more, groups, &err) == 0);
    if (s && t && t->nrows == 3) {
        CHECK_STR(ic_cell_text(col(t, "region"), 2), "East");
        CHECK_NEAR(at(t, "people", 0), north, 1e-12);
        CHECK_NEAR(at(t, "people", 1), south, 1e-12);
        if (east_gap)
            CHECK(isnan(at(t, "people", 2)) && col(t, "people")->missing[2]);
        else
            CHECK(at(t, "people", 2) == east && !col(t, "people")->missing[2]);
        CHECK(s->ny == 1 && strcmp(s->y[0], "people") == 0);
    } else {
        CHECK(!"three groups");
    }
    done(s, t);
}

static void test_aggregates(void)
{
    /* gaps are left out; a group of gaps stays a gap, except for count */
    aggregate_case("sum", 10, 9, 1, 0);
    aggregate_case("mean", 2.5, 9, 1, 0);      /* 10 / 4 values, not / 5 rows */
    aggregate_case("median", 2.5, 9, 1, 0);    /* 1 2 3 4: the mean of 2 and 3 */
    aggregate_case("min", 1, 9, 1, 0);
    aggregate_case("max", 4, 9, 1, 0);
    aggregate_case("count", 4, 1, 0, 0);       /* cells with a value; none counts 0 */
}

static void test_median_odd_and_text(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "bar", "g", "\"v\"", ",\n\"aggregate\": \"median\"",
              "g,v\na,5\na,1\na,3\nb,38%\nc,0.1\nc,0.2\n", &err) == 0);
    if (t && t->nrows == 3) {
        CHECK(at(t, "v", 0) == 3);
        CHECK_STR(ic_cell_text(col(t, "v"), 1), "38%"); /* one row keeps its own text */
        CHECK(at(t, "v", 2) == 0.15); /* not 0.15000000000000002 */
        CHECK_STR(ic_cell_text(col(t, "v"), 2), "0.15");
        CHECK(col(t, "v")->has_percent);
    }
    done(s, t);
    /* a sum has no more decimals than its parts: 0.1 + 0.2 is 0.3, and
     * 0.1 + 0.2 + 0.3 - 0.6 is 0 (in binary, 0.30000000000000004 and 3e-17) */
    CHECK(run(&s, &t, "bar", "g", "\"v\"", ",\n\"aggregate\": \"sum\"", "g,v\nc,0.1\nc,0.2\nc,0.3\nc,-0.6\nd,0.1\nd,0.2\n",
              &err) == 0);
    if (t && t->nrows == 2) {
        CHECK(at(t, "v", 0) == 0);
        CHECK_STR(ic_cell_text(col(t, "v"), 0), "0");
        CHECK(at(t, "v", 1) == 0.3);
        CHECK_STR(ic_cell_text(col(t, "v"), 1), "0.3");
    }
    done(s, t);
    /* decimals as written with a decimal comma (once the reader reads them) */
    ic_spec *sc = spec_of("bar", "g", "\"v\"", ",\n\"aggregate\": \"sum\",\n\"decimal\": \",\"");
    ic_csv_options o = { .decimal = ',', .delimiter = ';' };
    ic_error e2 = {0};
    ic_table *tc = ic_table_parse("g;v\nc;0,1\nc;0,2\n", 16, "data.csv", &o, &e2);
    if (sc && tc && col(tc, "v")->type == IC_COL_NUMBER)
        CHECK(ic_reshape(sc, &tc, &e2) == 0 && tc->nrows == 1 && at(tc, "v", 0) == 0.3 &&
              strcmp(ic_cell_text(col(tc, "v"), 0), "0.3") == 0);
    done(sc, tc);
}

/* Count: any column; counting the x column itself counts rows, into a new
 * column ('y' becomes its name), the x column untouched. */
static void test_count_rows(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "bar", "year", "\"year\"", ",\n\"aggregate\": \"count\"",
              "year,weather\n2021,rain\n2021,sun\n2022,fog\n2021,\n", &err) == 0);
    if (s && t && t->nrows == 2 && s->ny == 1) {
        CHECK_STR(s->y[0], "count");
        CHECK(at(t, "count", 0) == 3 && at(t, "count", 1) == 1);
        CHECK(col(t, "year")->type == IC_COL_YEAR && at(t, "year", 1) == 2022);
        CHECK(!col(t, "count")->has_percent);
        CHECK(ic_spec_check_columns(s, t, &err) == 0);
    } else {
        CHECK(!"counted");
    }
    done(s, t);
    /* two counted key columns get two names */
    CHECK(run(&s, &t, "bar", "g", "[\"g\", \"f\"]", ",\n\"aggregate\": \"count\",\n\"facet\": \"f\"",
              "f,g,count\nA,a,1\nA,a,2\nB,a,3\n", &err) == 0);
    CHECK(s && s->ny == 2 && strcmp(s->y[0], "count 2") == 0 && strcmp(s->y[1], "count 3") == 0);
    CHECK(t && t->nrows == 2 && at(t, "count 2", 0) == 2 && at(t, "count 3", 1) == 1 && at(t, "count", 0) == 1);
    done(s, t);
    /* counting a text column counts its cells with a value, per series; a
     * series without rows for an x value counts 0 */
    CHECK(run(&s, &t, "bar", "month", "\"weather\"", ",\n\"aggregate\": \"count\",\n\"series\": \"weather\"",
              "month,weather\n2021-01,rain\n2021-01,rain\n2021-01,sun\n2021-02,sun\n", &err) == 0);
    if (s && t && t->nrows == 2 && s->ny == 2) {
        CHECK(at(t, "rain", 0) == 2 && at(t, "sun", 0) == 1);
        CHECK(at(t, "rain", 1) == 0 && !col(t, "rain")->missing[1] && at(t, "sun", 1) == 1);
    } else {
        CHECK(!"counted per series");
    }
    done(s, t);
}

/* With series and aggregate: rows that share an x value and a series combine. */
static void test_series_and_sum(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "bar", "year", "\"share_pct\"", ",\n\"aggregate\": \"sum\",\n\"series\": \"age\"",
              "year,age,sex,share_pct\n2022,Adults,F,39\n2022,Adults,M,23\n2022,Children,F,22\n2022,Children,M,16\n"
              "2014,Adults,F,\n2014,Adults,M,\n2014,Children,F,21\n2014,Children,M,8\n",
              &err) == 0);
    if (s && t && t->nrows == 2 && s->ny == 2) {
        CHECK(at(t, "Adults", 0) == 62 && at(t, "Children", 0) == 38);
        CHECK(isnan(at(t, "Adults", 1)) && at(t, "Children", 1) == 29); /* gaps only: a gap, not 0 */
        /* the 'y' column's name said percent; the series columns keep that */
        CHECK(col(t, "Adults")->has_percent);
        CHECK(t->nnotes == 0); /* no total left out a gap */
    } else {
        CHECK(!"summed per series");
    }
    done(s, t);
}

/* A sum over rows some of which are gaps says so, once, at the first gap. */
static void test_sum_gap_note(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "bar", "region", "\"people\"", ",\n\"aggregate\": \"sum\"", groups, &err) == 0);
    CHECK(t && t->nnotes == 1);
    if (t && t->nnotes == 1)
        CHECK_STR(t->notes[0], "data.csv:4:9: warning: column 'people' is empty here; \"aggregate\": \"sum\" adds "
                               "only the values present, so 2 totals that include empty cells may be too low");
    done(s, t);
    /* the notes of the reading carry over, before the stage's own */
    s = spec_of("bar", "region", "\"people\"", ",\n\"aggregate\": \"sum\"");
    t = table_of(groups);
    CHECK(s && t && ic_table_note(t, "data.csv: note: read before") == 0);
    memset(&err, 0, sizeof err);
    CHECK(s && t && ic_reshape(s, &t, &err) == 0);
    CHECK(t && t->nnotes == 2);
    if (t && t->nnotes == 2) {
        CHECK_STR(t->notes[0], "data.csv: note: read before");
        CHECK(strstr(t->notes[1], "may be too low") != NULL);
    }
    done(s, t);
}

static void test_errors(void)
{
    ic_spec *s;
    ic_table *t;
    ic_error err;
    /* duplicates without aggregate: at the second cell, suggesting both */
    CHECK(run(&s, &t, "bar", "date", "\"price\"", "", stocks, &err) == -1);
    CHECK(err.code == IC_ERR_DATA && err.line == 3 && err.column == 1);
    CHECK_STR(err.message, "column 'date': '2000-01-01' appears twice (first on line 2); a bar chart draws one bar "
                           "per x value: add \"aggregate\" (\"sum\", \"mean\", \"median\", \"count\", \"min\" or "
                           "\"max\") to combine the rows that share an x value, or \"series\": \"symbol\" if each "
                           "of those rows belongs to another series");
    CHECK(t && t->nrows == 6); /* the table is left as it was */
    done(s, t);
    /* no column explains them: only aggregate is suggested */
    CHECK(run(&s, &t, "donut", "g", "\"v\"", "", "g,v,note\na,1,x\nb,2,x\na,3,x\n", &err) == -1);
    CHECK(err.line == 4 && err.column == 1);
    CHECK_STR(err.message, "column 'g': 'a' appears twice (first on line 2); a donut chart draws one slice per x "
                           "value: add \"aggregate\" (\"sum\", \"mean\", \"median\", \"count\", \"min\" or \"max\") "
                           "to combine the rows that share an x value");
    done(s, t);
    /* a line: the stage speaks before the kind's own check */
    CHECK(run(&s, &t, "line", "year", "\"v\"", "", "year,v\n2001,1\n2002,2\n2001,3\n", &err) == -1);
    CHECK(strstr(err.message, "'2001' appears twice (first on line 2); a line chart draws one point per x value"));
    done(s, t);
    /* with series, a duplicate within a series */
    CHECK(run(&s, &t, "line", "date", "\"price\"", ",\n\"series\": \"symbol\"",
              "date,symbol,price\n2000-01-01,A,1\n2000-01-01,B,2\n2000-01-01,A,3\n", &err) == -1);
    CHECK(err.line == 4 && err.column == 1);
    CHECK_STR(err.message, "column 'date': '2000-01-01' appears twice for series 'A' (first on line 2); a line chart "
                           "draws one point per x value and series: add \"aggregate\" (\"sum\", \"mean\", "
                           "\"median\", \"count\", \"min\" or \"max\") to combine them");
    done(s, t);
    /* a facet value tells rows apart; the same x in one facet does not */
    CHECK(run(&s, &t, "bar", "g", "\"v\"", ",\n\"facet\": \"f\"", "f,g,v\nA,a,1\nB,a,2\n", &err) == 0);
    done(s, t);
    /* facet values are told apart as written, as the facets are ("" and ".." are two) */
    CHECK(run(&s, &t, "bar", "g", "\"v\"", ",\n\"facet\": \"f\"", "f,g,v\n\"\",a,1\n..,a,2\n", &err) == 0);
    done(s, t);
    CHECK(run(&s, &t, "bar", "g", "\"v\"", ",\n\"facet\": \"f\"", "f,g,v\nA,a,1\nB,a,2\nB,a,3\n", &err) == -1);
    CHECK(err.line == 4);
    done(s, t);
    /* several 'y' with series */
    CHECK(run(&s, &t, "bar", "date", "[\"price\", \"symbol\"]", ",\n\"series\": \"symbol\"", stocks, &err) == -1);
    CHECK(err.code == IC_ERR_SPEC && err.line == 5);
    CHECK(strstr(err.message, "with \"series\", 'y' names the one column that holds the values (got 2 columns)"));
    done(s, t);
    /* an unknown series column, with a suggestion, at "series" */
    CHECK(run(&s, &t, "bar", "date", "\"price\"", ",\n\"series\": \"symbl\"", stocks, &err) == -1);
    CHECK(err.code == IC_ERR_SPEC && err.line == 8 && strstr(err.message, "no column 'symbl'") &&
          strstr(err.message, "symbol"));
    done(s, t);
    /* a text 'y' needs count */
    CHECK(run(&s, &t, "bar", "date", "\"symbol\"", ",\n\"aggregate\": \"sum\"", stocks, &err) == -1);
    CHECK(err.code == IC_ERR_SPEC && err.line == 5 &&
          strstr(err.message, "column 'symbol' is text, not numbers: 'y' needs a number column (data.csv:2:12 has "
                              "'AAPL'); \"aggregate\": \"count\" counts cells of any column"));
    done(s, t);
    /* a row without a series name */
    CHECK(run(&s, &t, "bar", "date", "\"price\"", ",\n\"series\": \"symbol\"",
              "date,symbol,price\n2000-01-01,A,1\n2000-02-01,,2\n", &err) == -1);
    CHECK(err.code == IC_ERR_DATA && err.line == 3 && err.column == 12);
    CHECK_STR(err.message, "column 'symbol': this row names no series; with \"series\" every row needs one");
    done(s, t);
    /* a series named like a column */
    CHECK(run(&s, &t, "bar", "date", "\"price\"", ",\n\"series\": \"symbol\"",
              "date,symbol,price\n2000-01-01,A,1\n2000-02-01,price,2\n", &err) == -1);
    CHECK(err.code == IC_ERR_DATA && err.line == 3 && strstr(err.message, "series 'price' has the name of a column"));
    done(s, t);
    /* x as the series */
    CHECK(run(&s, &t, "bar", "date", "\"price\"", ",\n\"series\": \"date\"", stocks, &err) == -1);
    CHECK(err.code == IC_ERR_SPEC && strstr(err.message, "'series' names the x column 'date'"));
    done(s, t);
    /* kinds of a fixed number of 'y' columns count the series */
    CHECK(run(&s, &t, "donut", "date", "\"price\"", ",\n\"series\": \"symbol\"", stocks, &err) == -1);
    CHECK(err.line == 8);
    CHECK_STR(err.message, "'series': column 'symbol' has 3 distinct values; a donut chart shows one series: make one "
                           "chart per value with \"facet\", or leave out \"series\" to combine the rows with "
                           "\"aggregate\"");
    done(s, t);
    CHECK(run(&s, &t, "dumbbell", "date", "\"price\"", ",\n\"series\": \"symbol\"", stocks, &err) == -1);
    CHECK(strstr(err.message, "has 3 distinct values; a dumbbell chart compares exactly 2 series (from and to)"));
    done(s, t);
    CHECK(run(&s, &t, "dumbbell", "g", "\"share_pct\"", ",\n\"series\": \"year\"",
              "year,g,share_pct\n2004,Women,74\n2004,Men,13\n2022,Women,39\n2022,Men,23\n", &err) == 0);
    CHECK(s && s->ny == 2 && strcmp(s->y[0], "2004") == 0 && t && col(t, "2022") && col(t, "2022")->has_percent);
    done(s, t);
    /* rows without an x value */
    CHECK(run(&s, &t, "bar", "g", "\"v\"", "", "g,v\na,1\n,2\nb,3\nNA,4\n", &err) == -1);
    CHECK(err.line == 5 && err.column == 1);
    CHECK_STR(err.message, "column 'g': this row and line 3 both have no x value; a bar chart draws one bar per x "
                           "value: give every row its x value, or add \"aggregate\" to combine the rows that share "
                           "one");
    done(s, t);
    /* summing x into itself */
    CHECK(run(&s, &t, "bar", "v", "\"v\"", ",\n\"aggregate\": \"sum\"", "v\n1\n2\n", &err) == -1);
    CHECK(err.code == IC_ERR_SPEC && strstr(err.message, "only \"aggregate\": \"count\" can use it as 'y'"));
    done(s, t);
}

/* More distinct series values than a chart can show: an error naming the
 * limit, at "series"; exactly that many is fine. */
static void test_series_limit(void)
{
    for (int n = IC_RESHAPE_MAX_SERIES; n <= IC_RESHAPE_MAX_SERIES + 1; n++) {
        ic_buf b = IC_BUF_INIT;
        ic_buf_puts(&b, "x,s,v\n");
        for (int i = 0; i < n; i++)
            ic_buf_printf(&b, "1,s%d,%d\n", i, i);
        char *csv = ic_buf_take(&b);
        ic_spec *s;
        ic_table *t;
        ic_error err;
        int rc = run(&s, &t, "line", "x", "\"v\"", ",\n\"series\": \"s\"", csv, &err);
        if (n == IC_RESHAPE_MAX_SERIES) {
            CHECK(rc == 0 && s && s->ny == (size_t)n);
        } else {
            CHECK(rc == -1 && err.code == IC_ERR_LIMIT && err.line == 8);
            CHECK_STR(err.message, "'series': column 's' has 65 distinct values, more than the 64 series a chart can "
                                   "show; keep fewer rows, or make one chart per value with \"facet\"");
        }
        done(s, t);
        free(csv);
    }
    /* a wide table of more cells than the rows limit */
    ic_spec *s;
    ic_table *t;
    ic_error err;
    s = spec_of("line", "x", "\"v\"", ",\n\"series\": \"s\"");
    t = table_of("x,s,v\n1,a,1\n2,b,2\n3,c,3\n");
    if (s && t) {
        s->limits.rows = 8; /* 3 x values x 3 series = 9 cells */
        memset(&err, 0, sizeof err);
        CHECK(ic_reshape(s, &t, &err) == -1 && err.code == IC_ERR_LIMIT && strstr(err.message, "(limit 'rows')"));
    }
    done(s, t);
}

/* Trend notes, highlights and annotations name series values; years stay
 * years; the whole chart loads and lays out. */
static void test_chart(void)
{
    char dir[] = "/tmp/ic_reshape_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    ic_error err;
    ic_chart *c = fixture_chart(dir, "year,group,share\n2004,Girls,10\n2004,Boys,3\n2022,Girls,22\n2022,Boys,16\n",
                                "{\"chart\": \"line\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\", "
                                "\"series\": \"group\", \"title\": \"T\", \"source\": \"S\", \"highlight\": "
                                "[\"Girls\"], \"trend\": {\"series\": \"Boys\"}, \"annotations\": [{\"type\": "
                                "\"callout\", \"x\": \"2022\", \"series\": \"Girls\", \"text\": \"22%\"}]}",
                                &err);
    CHECK(c != NULL);
    if (!c)
        fprintf(stderr, "%s\n", err.message);
    if (c) {
        CHECK(c->table->cols[ic_table_find(c->table, "year")].type == IC_COL_YEAR);
        ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
        ic_scene *scene = fonts ? ic_chart_layout(c, fonts, &err) : NULL;
        CHECK(scene != NULL);
        if (!scene)
            fprintf(stderr, "layout: %s\n", err.message);
        ic_scene_free(scene);
        ic_fonts_free(fonts);
    }
    ic_chart_free(c);
    /* a trend naming the value column instead of a series: told so at the trend */
    c = fixture_chart(dir, "year,group,share\n2004,Girls,10\n2004,Boys,3\n",
                      "{\"chart\": \"line\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\",\n"
                      "\"series\": \"group\", \"title\": \"T\", \"source\": \"S\",\n\"trend\": {\"series\": \"share\"}}",
                      &err);
    CHECK(!c && err.line == 3 && strstr(err.message, "series 'share' is not one of the 'y' columns"));
    ic_chart_free(c);
    fixture_remove(dir);
}

/* Facets of a long table laid out independently: each facet gets the
 * series that have a value in its rows, in the order of the whole table
 * (facets sharing scales keep them all: test_facets.c). */
static void test_facets(void)
{
    char dir[] = "/tmp/ic_reshape_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    ic_error err;
    ic_chart *c = fixture_chart(dir,
                                "country,year,sex,n\nX,2020,F,1\nX,2020,M,2\nX,2021,F,3\nY,2020,M,4\nY,2021,M,5\n"
                                "Y,2021,M,6\n",
                                "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"n\", "
                                "\"series\": \"sex\", \"facet\": \"country\", \"facet_scale\": \"independent\", "
                                "\"aggregate\": \"sum\", \"highlight\": [\"F\"], \"title\": "
                                "\"{facet}\", \"source\": \"S\"}",
                                &err);
    CHECK(c != NULL && ic_chart_facet_count(c) == 2);
    if (c && ic_chart_facet_count(c) == 2) {
        ic_chart *x = ic_chart_facet(c, 0, &err), *y = ic_chart_facet(c, 1, &err);
        CHECK(x && x->spec->ny == 2 && strcmp(x->spec->y[0], "F") == 0 && strcmp(x->spec->y[1], "M") == 0);
        CHECK(y && y->spec->ny == 1 && strcmp(y->spec->y[0], "M") == 0);
        /* a highlighted series without rows in a facet is not drawn there */
        CHECK(x && x->spec->nhighlight == 1 && y && y->spec->nhighlight == 0);
        if (x && x->table->nrows == 2)
            CHECK(at(x->table, "F", 1) == 3 && isnan(at(x->table, "M", 1)));
        if (y && y->table->nrows == 2)
            CHECK(at(y->table, "M", 0) == 4 && at(y->table, "M", 1) == 11);
        ic_chart_free(x);
        ic_chart_free(y);
    }
    ic_chart_free(c);
    fixture_remove(dir);
}

/* ---- random tables against a plain reference ----------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The aggregate of the values of rows (x, s) by the definition: NAN for none
 * (0 for count). */
static double reference(const int *xs, const int *ss, const double *vs, size_t n, int x, int s, ic_aggregate agg)
{
    double v[256];
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (xs[r] == x && ss[r] == s && !isnan(vs[r]))
            v[m++] = vs[r];
    if (agg == IC_AGG_COUNT)
        return (double)m;
    if (m == 0)
        return NAN;
    qsort(v, m, sizeof *v, cmp_d);
    double sum = 0;
    for (size_t i = 0; i < m; i++)
        sum += v[i];
    switch (agg) {
    case IC_AGG_SUM: return sum;
    case IC_AGG_MEAN: return sum / (double)m;
    case IC_AGG_MEDIAN: return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    case IC_AGG_MIN: return v[0];
    case IC_AGG_MAX: return v[m - 1];
    default: return v[0];
    }
}

static void test_random(void)
{
    static const char *const aggs[] = { "none", "sum", "mean", "median", "count", "min", "max" };
    for (int round = 0; round < 300; round++) {
        ic_aggregate agg = (ic_aggregate)(1 + rnd(6));
        size_t n = 1 + rnd(200);
        int nx = 1 + (int)rnd(20), ns = 1 + (int)rnd(6);
        int xs[200], ss[200];
        double vs[200];
        int first_x[20], first_s[6], order_x[20], order_s[6], kx = 0, ks = 0;
        for (int i = 0; i < 20; i++)
            first_x[i] = -1;
        for (int i = 0; i < 6; i++)
            first_s[i] = -1;
        ic_buf b = IC_BUF_INIT;
        ic_buf_puts(&b, "x,s,v\n");
        for (size_t r = 0; r < n; r++) {
            xs[r] = (int)rnd((unsigned)nx);
            ss[r] = (int)rnd((unsigned)ns);
            int gap = r > 0 && rnd(5) == 0; /* a column of gaps only is refused */
            vs[r] = gap ? NAN : (double)((int)rnd(2001) - 1000) / 8; /* exact in binary */
            if (first_x[xs[r]] < 0)
                first_x[xs[r]] = kx, order_x[kx++] = xs[r];
            if (first_s[ss[r]] < 0)
                first_s[ss[r]] = ks, order_s[ks++] = ss[r];
            if (gap)
                ic_buf_printf(&b, "k%d,s%d,NA\n", xs[r], ss[r]);
            else
                ic_buf_printf(&b, "k%d,s%d,%.3f\n", xs[r], ss[r], vs[r]);
        }
        char *csv = ic_buf_take(&b);
        char more[80];
        snprintf(more, sizeof more, ",\n\"series\": \"s\",\n\"aggregate\": \"%s\"", aggs[agg]);
        ic_spec *s;
        ic_table *t;
        ic_error err;
        int ok = run(&s, &t, "line", "x", "\"v\"", more, csv, &err) == 0;
        CHECK(ok);
        if (ok) {
            CHECK(t->nrows == (size_t)kx && s->ny == (size_t)ks);
            for (int i = 0; i < kx && t->nrows == (size_t)kx; i++) {
                char name[16];
                snprintf(name, sizeof name, "k%d", order_x[i]);
                CHECK_STR(ic_cell_text(col(t, "x"), (size_t)i), name);
                for (int j = 0; j < ks && s->ny == (size_t)ks; j++) {
                    snprintf(name, sizeof name, "s%d", order_s[j]);
                    CHECK_STR(s->y[j], name);
                    double want = reference(xs, ss, vs, n, order_x[i], order_s[j], agg);
                    double got = at(t, name, (size_t)i);
                    if (isnan(want))
                        CHECK(isnan(got));
                    else
                        CHECK_NEAR(got, want, 1e-9);
                }
            }
        }
        done(s, t);
        free(csv);
    }
}

/* A long table of a million rows reshapes (grouping is hashed, not
 * quadratic; the time is measured in bench/, not here). */
static void test_million(void)
{
    size_t n = 1000000;
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "day,s,v\n");
    for (size_t r = 0; r < n; r++)
        ic_buf_printf(&b, "%zu,s%zu,%zu\n", r / 10, r % 10, r % 7);
    char *csv = ic_buf_take(&b);
    ic_spec *s;
    ic_table *t;
    ic_error err;
    CHECK(run(&s, &t, "line", "day", "\"v\"", ",\n\"series\": \"s\"", csv, &err) == 0);
    CHECK(t && t->nrows == n / 10 && s && s->ny == 10);
    if (t && t->nrows == n / 10)
        CHECK(at(t, "s3", 99999) == (999990 + 3) % 7);
    done(s, t);
    free(csv);
}

int main(void)
{
    test_long_to_wide();
    test_aggregates();
    test_median_odd_and_text();
    test_count_rows();
    test_series_and_sum();
    test_sum_gap_note();
    test_errors();
    test_series_limit();
    test_chart();
    test_facets();
    test_random();
    test_million();
    return CHECK_DONE();
}

/* Trend notes (layout/trend.c): every kind of change, its wording, and the
 * errors for changes that cannot be computed. */
#include "check.h"
#include "layout/trend.h"

#include <stdlib.h>
#include <string.h>

#define MINUS "\xE2\x88\x92"
#define TIMES "\xC3\x97"

static const char share_csv[] =
    "data_year,children_pct,girls_pct,boys_pct,zero_pct,verification\n"
    "2004,13,10,3,0,secondary\n"
    "2014,29,21,8,2,derived\n"
    "2016,30,23,7,,secondary\n"
    "2018,34,19,15,4,secondary\n"
    "2020,35,,,5,secondary\n"
    "2022,38,22,,6,publisher\n";

typedef struct fixture { ic_spec *spec; ic_table *table; } fixture;

/* Spec from JSON members (chart, data, title and source added), checked
 * against `csv`. */
static int load(fixture *f, const char *csv, const char *members, ic_error *err)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"chart\": \"line\", \"data\": \"t.csv\", \"title\": \"T\", \"source\": \"S\",\n%s}", members);
    memset(f, 0, sizeof *f);
    f->spec = ic_spec_parse(json, strlen(json), "t.json", err);
    if (!f->spec)
        return -1;
    f->table = ic_table_parse(csv, strlen(csv), "t.csv", NULL, err);
    if (!f->table)
        return -1;
    return ic_spec_check_columns(f->spec, f->table, err);
}

static void unload(fixture *f)
{
    ic_spec_free(f->spec);
    ic_table_free(f->table);
}

/* Computes trend[i] of a spec; returns the result code. */
static int compute(const char *csv, const char *members, size_t i, ic_trend_result *r, ic_error *err)
{
    fixture f;
    int rc = load(&f, csv, members, err);
    if (rc == 0)
        rc = ic_trend_compute(f.spec, f.table, &f.spec->trends[i], r, err);
    unload(&f);
    return rc;
}

static void test_ratio(void)
{
    ic_error err = {0};
    ic_trend_result r;
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": {\"show\": \"ratio\"}", 0,
                  &r, &err) == 0);
    CHECK_NEAR(r.change, 38.0 / 13.0, 1e-12);
    CHECK_STR(r.change_text, TIMES "2.9");
    CHECK_STR(r.label, TIMES "2.9 since 2004");
    CHECK(r.from_row == 0 && r.to_row == 5 && r.series == 0 && r.to_is_last);
    CHECK_STR(r.from_value_text, "13%");
    CHECK_STR(r.to_value_text, "38%");

    /* a ratio of 10 or more has no decimals; below one it shrinks */
    CHECK(compute("x,v\n1,2\n2,25\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"ratio\"}", 0, &r, &err) == 0);
    CHECK_STR(r.change_text, TIMES "13");
    CHECK(compute("x,v\n1,50\n2,40\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"ratio\"}", 0, &r, &err) == 0);
    CHECK_STR(r.change_text, TIMES "0.8");
    CHECK(compute("x,v\n1,5\n2,10\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {}", 0, &r, &err) == 0);
    CHECK_STR(r.change_text, TIMES "2.0"); /* ratio is the default; keeps its decimal */
    CHECK(err.code == IC_OK);
}

static void test_percent(void)
{
    ic_error err = {0};
    ic_trend_result r;
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": {\"show\": \"percent\"}", 0,
                  &r, &err) == 0);
    CHECK_NEAR(r.change, (38.0 - 13.0) / 13.0 * 100, 1e-9);
    CHECK_STR(r.change_text, "+192%");
    CHECK(compute("x,v\n1,50\n2,40\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"percent\"}", 0, &r,
                  &err) == 0);
    CHECK_STR(r.change_text, MINUS "20%");
    CHECK(compute("x,v\n1,200\n2,209\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"percent\"}", 0, &r,
                  &err) == 0);
    CHECK_STR(r.change_text, "+4.5%");
    CHECK(compute("x,v\n1,200\n2,208\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"percent\"}", 0, &r,
                  &err) == 0);
    CHECK_STR(r.change_text, "+4%");
    CHECK(compute("x,v\n1,200\n2,200\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"percent\"}", 0, &r,
                  &err) == 0);
    CHECK_STR(r.change_text, "0%");
    CHECK(err.code == IC_OK);
}

static void test_points(void)
{
    ic_error err = {0};
    ic_trend_result r;
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": {\"show\": \"points\"}", 0,
                  &r, &err) == 0);
    CHECK_NEAR(r.change, 25, 1e-12);
    CHECK_STR(r.change_text, "+25 pts");
    CHECK_STR(r.label, "+25 pts since 2004");
    /* one point is singular; decreases get a real minus */
    CHECK(compute(share_csv,
                  "\"x\": \"data_year\", \"y\": \"children_pct\", "
                  "\"trend\": {\"show\": \"points\", \"from\": 2018, \"to\": 2020}",
                  0, &r, &err) == 0);
    CHECK_STR(r.change_text, "+1 pt");
    CHECK_STR(r.label, "+1 pt, 2018\xE2\x80\x93" "2020");
    CHECK(!r.to_is_last);
    CHECK(compute(share_csv,
                  "\"x\": \"data_year\", \"y\": \"girls_pct\", "
                  "\"trend\": {\"show\": \"points\", \"from\": \"2016\", \"to\": \"2018\"}",
                  0, &r, &err) == 0);
    CHECK_STR(r.change_text, MINUS "4 pts");
    CHECK(err.code == IC_OK);

    /* points need percentages */
    ic_error e2 = {0};
    CHECK(compute("x,v\n1,5\n2,10\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"points\"}", 0, &r,
                  &e2) != 0);
    CHECK(e2.code == IC_ERR_SPEC);
    CHECK(strstr(e2.message, "not a percentage") != NULL);
}

static void test_difference(void)
{
    ic_error err = {0};
    ic_trend_result r;
    CHECK(compute("year,victims\n2019,1000\n2022,4500\n",
                  "\"x\": \"year\", \"y\": \"victims\", \"trend\": {\"show\": \"difference\"}", 0, &r, &err) == 0);
    CHECK_NEAR(r.change, 3500, 1e-9);
    CHECK_STR(r.change_text, "+3,500");
    CHECK_STR(r.label, "+3,500 since 2019");
    CHECK(compute("year,victims\n2019,4500\n2022,1000\n",
                  "\"x\": \"year\", \"y\": \"victims\", \"trend\": {\"show\": \"difference\"}", 0, &r, &err) == 0);
    CHECK_STR(r.change_text, MINUS "3,500");
    CHECK(compute("year,people\n2016,24900000\n2021,27600000\n",
                  "\"x\": \"year\", \"y\": \"people\", \"trend\": {\"show\": \"difference\"}", 0, &r, &err) == 0);
    CHECK_STR(r.change_text, "+2.7 million");
    CHECK(compute("year,v\n2019,7\n2022,7\n", "\"x\": \"year\", \"y\": \"v\", \"trend\": {\"show\": \"difference\"}",
                  0, &r, &err) == 0);
    CHECK_STR(r.change_text, "0");
    CHECK(err.code == IC_OK);
}

static void test_defaults_and_template(void)
{
    ic_error err = {0};
    ic_trend_result r;
    /* the default 'to' is the last row with a value (boys has none in 2020 and 2022) */
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": [\"children_pct\", \"boys_pct\"], "
                             "\"trend\": {\"show\": \"ratio\", \"series\": \"boys_pct\"}",
                  0, &r, &err) == 0);
    CHECK(r.series == 1 && r.from_row == 0 && r.to_row == 3);
    CHECK_STR(r.change_text, TIMES "5.0");
    CHECK(r.to_is_last);
    /* rows out of order: from/to follow the years, not the file */
    CHECK(compute("year,v_pct\n2022,38\n2004,13\n2018,34\n",
                  "\"x\": \"year\", \"y\": \"v_pct\", \"trend\": {\"show\": \"ratio\"}", 0, &r, &err) == 0);
    CHECK(r.from_row == 1 && r.to_row == 0);
    CHECK_STR(r.label, TIMES "2.9 since 2004");
    /* every placeholder */
    CHECK(compute(share_csv,
                  "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": [{\"show\": \"points\"}, "
                  "{\"show\": \"ratio\", \"label\": \"{from}: {from_value}, {to}: {to_value} ({change}) {other}\"}]",
                  1, &r, &err) != 0);
    CHECK(err.code == IC_ERR_SPEC && strstr(err.message, "trend[1]: unknown placeholder '{other}'") != NULL);
    ic_error e2 = {0};
    CHECK(compute(share_csv,
                  "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": [{\"show\": \"points\"}, "
                  "{\"show\": \"ratio\", \"label\": \"{from}: {from_value}, {to}: {to_value} ({change}) {x\"}]",
                  1, &r, &e2) == 0);
    CHECK_STR(r.label, "2004: 13%, 2022: 38% (" TIMES "2.9) {x");
    /* ic_trend_format on its own */
    char buf[16];
    ic_trend_format(&r, "{change} {change} {change} {change}", buf, sizeof buf);
    CHECK(strlen(buf) < sizeof buf);
    CHECK(strncmp(buf, TIMES "2.9 " TIMES "2.9", strlen(TIMES "2.9 " TIMES "2.9")) == 0);
}

static void test_errors(void)
{
    ic_trend_result r;
    /* from after to: error at 'to' */
    ic_error err = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\",\n"
                             "\"trend\": {\"show\": \"ratio\", \"from\": 2022, \"to\": 2004}",
                  0, &r, &err) != 0);
    CHECK(err.code == IC_ERR_SPEC);
    CHECK_STR(err.message, "trend: 'from' (2022) must come before 'to' (2004)");
    CHECK(err.line == 3 && err.column == 48);
    ic_error e1 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\",\n"
                             "\"trend\": {\"show\": \"ratio\", \"from\": 2004, \"to\": 2004}",
                  0, &r, &e1) != 0);
    CHECK(e1.code == IC_ERR_SPEC && strstr(e1.message, "must come before") != NULL);
    /* text x: row order */
    ic_error e1b = {0};
    CHECK(compute("g,v\nb,1\na,2\n", "\"x\": \"g\", \"y\": \"v\", \"trend\": {\"from\": \"a\", \"to\": \"b\"}", 0, &r,
                  &e1b) != 0);
    CHECK_STR(e1b.message, "trend: 'from' (a) must come before 'to' (b) in the order of the rows");

    /* a gap at 'from': names the trend, the spec position and the empty cell */
    ic_error e2 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\"],\n"
                             "\"trend\": [{\"show\": \"ratio\"},\n"
                             "  {\"series\": \"girls_pct\", \"from\": 2020}]",
                  1, &r, &e2) != 0);
    CHECK(e2.code == IC_ERR_DATA);
    CHECK_STR(e2.message, "trend[1]: column 'girls_pct' has no value for 'from' 2020 (t.csv:6:9 is empty), so the "
                          "change cannot be computed");
    CHECK(e2.line == 4 && e2.column == 35);
    ic_error e3 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"boys_pct\", \"trend\": {\"to\": 2022}", 0, &r, &e3) != 0);
    CHECK(e3.code == IC_ERR_DATA && strstr(e3.message, "no value for 'to' 2022") != NULL);

    /* division by zero */
    ic_error e4 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"zero_pct\", \"trend\": {\"show\": \"ratio\"}", 0, &r,
                  &e4) != 0);
    CHECK(e4.code == IC_ERR_DATA);
    CHECK_STR(e4.message, "trend: a ratio from 0% (2004) divides by zero; use \"show\": \"difference\"");
    ic_error e5 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"zero_pct\", \"trend\": {\"show\": \"percent\"}", 0, &r,
                  &e5) != 0);
    CHECK(e5.code == IC_ERR_DATA && strstr(e5.message, "percent change from 0% (2004) divides by zero") != NULL);
    /* ...but points and differences from zero are fine */
    ic_error e6 = {0};
    CHECK(compute(share_csv, "\"x\": \"data_year\", \"y\": \"zero_pct\", \"trend\": {\"show\": \"points\"}", 0, &r,
                  &e6) == 0);
    CHECK_STR(r.change_text, "+6 pts");

    /* negative values */
    ic_error e7 = {0};
    CHECK(compute("x,v\n1,-5\n2,10\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"ratio\"}", 0, &r, &e7) != 0);
    CHECK(e7.code == IC_ERR_DATA && strstr(e7.message, "ratio of a negative value") != NULL);
    ic_error e8 = {0};
    CHECK(compute("x,v\n1,-5\n2,10\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"percent\"}", 0, &r, &e8) != 0);
    CHECK(e8.code == IC_ERR_DATA && strstr(e8.message, "percent change from a negative value") != NULL);
    ic_error e9 = {0};
    CHECK(compute("x,v\n1,-5\n2,10\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {\"show\": \"difference\"}", 0, &r,
                  &e9) == 0);
    CHECK_STR(r.change_text, "+15");

    /* one value only */
    ic_error e10 = {0};
    CHECK(compute("x,v\n1,5\n2,\n", "\"x\": \"x\", \"y\": \"v\", \"trend\": {}", 0, &r, &e10) != 0);
    CHECK(e10.code == IC_ERR_DATA && strstr(e10.message, "only one value") != NULL);
}

/* In a date column, 'from' and 'to' may write the date another way than
 * the CSV does ("Jan 1855" for 1855-01-01): the spec check and the
 * computation find the same row; a date not in the data is still refused. */
static void test_date_forms(void)
{
    const char *csv = "month,deaths\n1854-12-01,1000\n1855-01-01,2761\n1855-02-01,2120\n1855-03-01,1205\n";
    ic_error err = {0};
    ic_trend_result r;
    CHECK(compute(csv, "\"x\": \"month\", \"y\": \"deaths\", \"trend\": {\"from\": \"Jan 1855\", \"show\": "
                       "\"percent\"}", 0, &r, &err) == 0);
    CHECK(r.from_row == 1);
    fixture f;
    CHECK(load(&f, csv, "\"x\": \"month\", \"y\": \"deaths\", \"trend\": {\"from\": \"Jan 1856\"}", &err) != 0);
    CHECK(strstr(err.message, "Jan 1856") != NULL);
    unload(&f);
}

int main(void)
{
    test_ratio();
    test_percent();
    test_points();
    test_difference();
    test_defaults_and_template();
    test_errors();
    test_date_forms();
    return CHECK_DONE();
}

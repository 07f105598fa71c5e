/* Dates: every form read (data/dates.c), x_format, how a column of dates is
 * typed (resolution, day/month order, offsets, notes for columns that look
 * like dates but are not read), labels in three languages, and trend notes
 * that write dates as the axis does. */
#include "check.h"
#include "chart_fixture.h"
#include "data/dates.h"
#include "data/table.h"
#include "layout/trend.h"

#include <stdlib.h>
#include <string.h>

static double ymd(long y, int m, int d)
{
    return (double)ic_days_from_civil(y, m, d);
}

/* Expects `s` to read (in `order`) as y-m-d h:mi:s with resolution `res`
 * and offset `off`. */
static void expect_date(int at, const char *s, ic_date_order order, long y, int m, int d, int h, int mi, double sec,
                        ic_date_res res, int off)
{
    ic_date v;
    int ok = ic_date_parse(s, order, &v) == 1;
    double want = ymd(y, m, d) + (h * 3600 + mi * 60 + sec) / 86400.0;
    if (!ok || fabs(v.days - want) > 1e-9 || v.res != res || v.offset != off) {
        fprintf(stderr, "line %d: '%s': ok %d, days %.9f (want %.9f), res %d (want %d), offset %d (want %d)\n", at, s,
                ok, ok ? v.days : 0, want, ok ? (int)v.res : -1, (int)res, ok ? v.offset : 0, off);
        ok = 0;
    }
    CHECK(ok);
}
#define EXPECT_DATE(...) expect_date(__LINE__, __VA_ARGS__)
#define NO IC_DATE_NO_OFFSET

static void expect_not_date(int at, const char *s)
{
    ic_date v;
    int got = ic_date_parse(s, IC_ORDER_ANY, &v);
    if (got)
        fprintf(stderr, "line %d: '%s' read as a date (%.6f)\n", at, s, v.days);
    CHECK(got == 0);
}
#define EXPECT_NOT_DATE(s) expect_not_date(__LINE__, s)

static void test_iso(void)
{
    EXPECT_DATE("2004-03-15", IC_ORDER_ANY, 2004, 3, 15, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE(" 2004-03 ", IC_ORDER_ANY, 2004, 3, 1, 0, 0, 0, IC_RES_MONTH, NO);
    EXPECT_DATE("2000-01-01T08:00:00Z", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_SECOND, 0);
    EXPECT_DATE("2000-01-01T08:00Z", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_MINUTE, 0);
    EXPECT_DATE("2000-01-01 08:30", IC_ORDER_ANY, 2000, 1, 1, 8, 30, 0, IC_RES_MINUTE, NO);
    EXPECT_DATE("2000-01-01 23:59:59", IC_ORDER_ANY, 2000, 1, 1, 23, 59, 59, IC_RES_SECOND, NO);
    EXPECT_DATE("2000-01-01T08:00:00.250", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0.25, IC_RES_SECOND, NO);
    EXPECT_DATE("2000-01-01T08:00:00+05:30", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_SECOND, 330);
    EXPECT_DATE("2000-01-01T08:00-0800", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_MINUTE, -480);
    EXPECT_DATE("2000-01-01 08:00 +01", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_MINUTE, 60);
    EXPECT_DATE("2000-01-01 08:00 UTC", IC_ORDER_ANY, 2000, 1, 1, 8, 0, 0, IC_RES_MINUTE, 0);
    EXPECT_DATE("2024-02-29", IC_ORDER_ANY, 2024, 2, 29, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("1969-12-31", IC_ORDER_ANY, 1969, 12, 31, 0, 0, 0, IC_RES_DAY, NO);
    /* YYYY/MM/DD, with a time; one-digit months and days */
    EXPECT_DATE("2015/01/01 01:00:00", IC_ORDER_ANY, 2015, 1, 1, 1, 0, 0, IC_RES_SECOND, NO);
    EXPECT_DATE("2015/1/5", IC_ORDER_ANY, 2015, 1, 5, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("2015.01.05", IC_ORDER_ANY, 2015, 1, 5, 0, 0, 0, IC_RES_DAY, NO);

    EXPECT_NOT_DATE("2023-02-29");
    EXPECT_NOT_DATE("2020-13");
    EXPECT_NOT_DATE("2020-00-10");
    EXPECT_NOT_DATE("2020-1");    /* YYYY-M is not a month */
    EXPECT_NOT_DATE("2020/01");
    EXPECT_NOT_DATE("2004");
    EXPECT_NOT_DATE("2004.5");
    EXPECT_NOT_DATE("20040101");
    EXPECT_NOT_DATE("2004-01-01T24:00");
    EXPECT_NOT_DATE("2004-01-01T08:60");
    EXPECT_NOT_DATE("2004-01-01T8");
    EXPECT_NOT_DATE("2004-01-01 08:00 +99");
    EXPECT_NOT_DATE("2004-01-01x");
    EXPECT_NOT_DATE("2004-01-01 and more");
    EXPECT_NOT_DATE("");
    EXPECT_NOT_DATE("-");
}

static void test_day_month_year(void)
{
    ic_date v;
    /* ambiguous: both orders are dates */
    CHECK(ic_date_parse("08/01/2004", IC_ORDER_ANY, &v) == 1);
    CHECK(v.orders == (IC_DATE_NUMERIC | IC_DATE_DMY | IC_DATE_MDY));
    CHECK(v.days == ymd(2004, 1, 8)); /* day first when it can be */
    EXPECT_DATE("08/01/2004", IC_ORDER_MDY, 2004, 8, 1, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("08/01/2004", IC_ORDER_DMY, 2004, 1, 8, 0, 0, 0, IC_RES_DAY, NO);
    /* only one order gives a date */
    CHECK(ic_date_parse("25/12/2004", IC_ORDER_ANY, &v) == 1 && v.orders == (IC_DATE_NUMERIC | IC_DATE_DMY));
    CHECK(ic_date_parse("12/25/2004", IC_ORDER_ANY, &v) == 1 && v.orders == (IC_DATE_NUMERIC | IC_DATE_MDY));
    CHECK(v.days == ymd(2004, 12, 25));
    CHECK(ic_date_parse("12/25/2004", IC_ORDER_DMY, &v) == 0);
    CHECK(ic_date_parse("25/12/2004", IC_ORDER_MDY, &v) == 0);
    /* dots are day first */
    EXPECT_DATE("08.01.2004", IC_ORDER_ANY, 2004, 1, 8, 0, 0, 0, IC_RES_DAY, NO);
    CHECK(ic_date_parse("12.25.2004", IC_ORDER_ANY, &v) == 0);
    EXPECT_DATE("8-1-2004 09:15", IC_ORDER_DMY, 2004, 1, 8, 9, 15, 0, IC_RES_MINUTE, NO);
    EXPECT_NOT_DATE("08/01/04");   /* two-digit years: only with x_format */
    EXPECT_NOT_DATE("31/02/2004");
    EXPECT_NOT_DATE("1/2/20045");
}

static void test_month_names(void)
{
    EXPECT_DATE("Jan 2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_MONTH, NO);
    EXPECT_DATE("January 2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_MONTH, NO);
    EXPECT_DATE("sept 2000", IC_ORDER_ANY, 2000, 9, 1, 0, 0, 0, IC_RES_MONTH, NO);
    EXPECT_DATE("Jan-2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_MONTH, NO);
    EXPECT_DATE("1 January 2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("15 Mar 2004", IC_ORDER_ANY, 2004, 3, 15, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("01-Jan-2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("Jan 1 2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("Feb 29 2000", IC_ORDER_ANY, 2000, 2, 29, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("December 31, 1999", IC_ORDER_ANY, 1999, 12, 31, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("Dec. 31, 1999", IC_ORDER_ANY, 1999, 12, 31, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("1st Jan 2000", IC_ORDER_ANY, 2000, 1, 1, 0, 0, 0, IC_RES_DAY, NO);
    EXPECT_DATE("Jan 1 2000 09:00", IC_ORDER_ANY, 2000, 1, 1, 9, 0, 0, IC_RES_MINUTE, NO);
    EXPECT_NOT_DATE("Feb 30 2000");
    EXPECT_NOT_DATE("Janu 2000");
    EXPECT_NOT_DATE("Foo 2000");
    EXPECT_NOT_DATE("January");
    EXPECT_NOT_DATE("Jan Feb 2000");
    EXPECT_NOT_DATE("2000 Jan");
    EXPECT_NOT_DATE("Jan 1 2 2000");
    EXPECT_NOT_DATE("May Day 2000");
}

static void test_format(void)
{
    ic_date v;
    CHECK(ic_date_parse_format("08/01/2004", "%d/%m/%Y", &v) == 1 && v.days == ymd(2004, 1, 8) &&
          v.res == IC_RES_DAY);
    CHECK(ic_date_parse_format("08/01/2004", "%m/%d/%Y", &v) == 1 && v.days == ymd(2004, 8, 1));
    CHECK(ic_date_parse_format("08/01/04", "%d/%m/%y", &v) == 1 && v.days == ymd(2004, 1, 8));
    CHECK(ic_date_parse_format("08/01/69", "%d/%m/%y", &v) == 1 && v.days == ymd(1969, 1, 8));
    CHECK(ic_date_parse_format("20040108", "%Y%m%d", &v) == 1 && v.days == ymd(2004, 1, 8));
    CHECK(ic_date_parse_format("2004", "%Y", &v) == 1 && v.days == ymd(2004, 1, 1) && v.res == IC_RES_YEAR);
    CHECK(ic_date_parse_format("Q 2004-07", "Q %Y-%m", &v) == 1 && v.res == IC_RES_MONTH);
    CHECK(ic_date_parse_format("8 March 2004", "%d %B %Y", &v) == 1 && v.days == ymd(2004, 3, 8));
    CHECK(ic_date_parse_format("2004-03-08  7:05 pm", "%F %I:%M %p", &v) == 1 &&
          fabs(v.days - (ymd(2004, 3, 8) + (19 * 60 + 5) / 1440.0)) < 1e-9 && v.res == IC_RES_MINUTE);
    CHECK(ic_date_parse_format("12:00 AM 1/1/2000", "%I:%M %p %m/%d/%Y", &v) == 1 && v.days == ymd(2000, 1, 1));
    CHECK(ic_date_parse_format("2004-03-08T10:00:00+0100", "%FT%T%z", &v) == 1 && v.offset == 60 &&
          v.res == IC_RES_SECOND);
    CHECK(ic_date_parse_format("100%", "%Y%%", &v) == 0);
    CHECK(ic_date_parse_format("08/13/2004", "%d/%m/%Y", &v) == 0);
    CHECK(ic_date_parse_format("08/01/2004 x", "%d/%m/%Y", &v) == 0);
    CHECK(ic_date_parse_format("8/1", "%d/%m", &v) == 0); /* no year */
    char why[200];
    CHECK(ic_date_format_check("%d/%m/%Y", why, sizeof why) == 0);
    CHECK(ic_date_format_check("%FT%T%z", why, sizeof why) == 0);
    CHECK(ic_date_format_check("%d/%m", why, sizeof why) == -1 && strstr(why, "no year"));
    CHECK(ic_date_format_check("%d/%q/%Y", why, sizeof why) == -1 && strstr(why, "'%q'"));
    CHECK(ic_date_format_check("%Y%", why, sizeof why) == -1);
}

/* Random dates written in every form read back to the same day. */
static void test_round_trip(void)
{
    srand(11);
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        long day = -80000 + rand() % 160000; /* about 1751 to 2189 */
        long y;
        int m, d;
        ic_civil_from_days(day, &y, &m, &d);
        if (ic_days_from_civil(y, m, d) != day)
            bad++;
        int h = rand() % 24, mi = rand() % 60, s = rand() % 60;
        char text[6][64];
        snprintf(text[0], sizeof text[0], "%04ld-%02d-%02d", y, m, d);
        snprintf(text[1], sizeof text[1], "%04ld/%d/%d %02d:%02d:%02d", y, m, d, h, mi, s);
        snprintf(text[2], sizeof text[2], "%d %s %ld", d, mon[m - 1], y);
        snprintf(text[3], sizeof text[3], "%s %d, %ld", mon[m - 1], d, y);
        snprintf(text[4], sizeof text[4], "%02d/%02d/%ld", d, m, y);
        snprintf(text[5], sizeof text[5], "%04ld-%02d-%02dT%02d:%02dZ", y, m, d, h, mi);
        double when[6] = {(double)day, day + (h * 3600 + mi * 60 + s) / 86400.0, (double)day, (double)day,
                          (double)day, day + (h * 60 + mi) / 1440.0};
        for (int k = 0; k < 6; k++) {
            ic_date v;
            if (!ic_date_parse(text[k], k == 4 ? IC_ORDER_DMY : IC_ORDER_ANY, &v) || fabs(v.days - when[k]) > 1e-9) {
                if (bad++ < 5)
                    fprintf(stderr, "round trip: '%s'\n", text[k]);
            }
        }
        /* the label at the date's own resolution reads back */
        char full[64];
        ic_date_text_full((double)day, IC_RES_DAY, NULL, full, sizeof full);
        ic_date v;
        if (!ic_date_parse(full, IC_ORDER_ANY, &v) || v.days != (double)day)
            bad++;
    }
    CHECK(bad == 0);
}

/* Random strings of date characters: whatever reads as a date has a finite
 * value and a resolution, reads back from its own full label, and nothing
 * reads past its text (the sanitizer build checks the memory). */
static void test_random_text(void)
{
    static const char alphabet[] = "0123456789-/.:TZ+ ,JanFebMarSeptDecuaryst";
    srand(7);
    int bad = 0, dates = 0;
    for (int i = 0; i < 200000; i++) {
        char s[24];
        size_t n = (size_t)(rand() % 22);
        for (size_t k = 0; k < n; k++)
            s[k] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        s[n] = '\0';
        if (i % 3 == 0) { /* often a date with a random tail */
            static const char *const heads[] = {"2004-0", "2004-03-1", "2004/3/", "1/2/2004", "Jan 1 200", "3 Mar 2004"};
            const char *h = heads[rand() % 6];
            size_t hl = strlen(h), tail = (size_t)(rand() % 8);
            memcpy(s, h, hl);
            for (size_t k = 0; k < tail; k++)
                s[hl + k] = alphabet[rand() % (int)(sizeof alphabet - 1)];
            s[hl + tail] = '\0';
        }
        ic_date v;
        (void)ic_date_looks_like(s);
        (void)ic_date_parse_format(s, "%d/%m/%Y %H:%M", &v);
        if (!ic_date_parse(s, IC_ORDER_ANY, &v))
            continue;
        dates++;
        if (!isfinite(v.days) || v.res < IC_RES_SECOND || v.res > IC_RES_MONTH)
            bad++;
        char full[64];
        ic_date back;
        ic_date_text_full(v.days, v.res == IC_RES_MONTH ? IC_RES_MONTH : IC_RES_DAY, NULL, full, sizeof full);
        if (!ic_date_parse(full, IC_ORDER_ANY, &back) || back.days != floor(v.days)) {
            if (bad++ < 5)
                fprintf(stderr, "'%s' -> '%s'\n", s, full);
        }
    }
    CHECK(bad == 0);
    CHECK(dates > 100); /* the test does reach dates */
}

static void test_labels(void)
{
    char b[64];
    double t = ymd(2004, 3, 15) + 9.25 / 24;
    ic_date_label(t, IC_RES_YEAR, 0, NULL, b, sizeof b);
    CHECK_STR(b, "2004");
    ic_date_label(t, IC_RES_MONTH, 0, NULL, b, sizeof b);
    CHECK_STR(b, "Mar");
    ic_date_label(t, IC_RES_MONTH, 1, "en", b, sizeof b);
    CHECK_STR(b, "Mar 2004");
    ic_date_label(t, IC_RES_DAY, 0, NULL, b, sizeof b);
    CHECK_STR(b, "15 Mar");
    ic_date_label(t, IC_RES_DAY, 1, NULL, b, sizeof b);
    CHECK_STR(b, "15 Mar 2004");
    ic_date_label(t, IC_RES_HOUR, 0, NULL, b, sizeof b);
    CHECK_STR(b, "09:15");
    ic_date_label(t, IC_RES_MINUTE, 1, NULL, b, sizeof b);
    CHECK_STR(b, "15 Mar 09:15");
    ic_date_label(t + 5 / 86400.0, IC_RES_SECOND, 0, NULL, b, sizeof b);
    CHECK_STR(b, "09:15:05");
    ic_date_text_full(t, IC_RES_MONTH, NULL, b, sizeof b);
    CHECK_STR(b, "Mar 2004");
    ic_date_text_full(t, IC_RES_MINUTE, NULL, b, sizeof b);
    CHECK_STR(b, "15 Mar 2004 09:15");
    ic_date_text_full(ymd(2001, 1, 1), IC_RES_YEAR, NULL, b, sizeof b);
    CHECK_STR(b, "2001");
    /* 23:59:59.9996 rounds to the next day's midnight, not "24:00" */
    ic_date_label(ymd(2004, 3, 15) + 0.9999999, IC_RES_MINUTE, 1, NULL, b, sizeof b);
    CHECK_STR(b, "16 Mar 00:00");
    /* Urdu and Arabic month names */
    ic_date_label(t, IC_RES_MONTH, 1, "ur", b, sizeof b);
    CHECK_STR(b, "\xD9\x85\xD8\xA7\xD8\xB1\xDA\x86 2004"); /* مارچ 2004 */
    ic_date_label(t, IC_RES_DAY, 0, "ar-EG", b, sizeof b);
    CHECK_STR(b, "15 \xD9\x85\xD8\xA7\xD8\xB1\xD8\xB3"); /* 15 مارس */
    CHECK_STR(ic_month_name(1, 0, "ur"), "\xD8\xAC\xD9\x86\xD9\x88\xD8\xB1\xDB\x8C"); /* جنوری */
    CHECK_STR(ic_month_name(12, 0, "ar"), "\xD8\xAF\xD9\x8A\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1"); /* ديسمبر */
    CHECK_STR(ic_month_name(9, 0, NULL), "September");
    CHECK_STR(ic_month_name(9, 1, "urx"), "Sep"); /* an unknown language is English */
    /* every month name differs within a language */
    const char *langs[3] = {"en", "ur", "ar"};
    for (int l = 0; l < 3; l++)
        for (int a = 1; a <= 12; a++)
            for (int c = a + 1; c <= 12; c++)
                CHECK(strcmp(ic_month_name(a, 1, langs[l]), ic_month_name(c, 1, langs[l])) != 0);
}

static void test_alignment(void)
{
    CHECK(ic_date_alignment(ymd(2001, 1, 1)) == IC_RES_YEAR);
    CHECK(ic_date_alignment(ymd(2001, 5, 1)) == IC_RES_MONTH);
    CHECK(ic_date_alignment(ymd(2001, 5, 2)) == IC_RES_DAY);
    CHECK(ic_date_alignment(ymd(2001, 1, 1) + 3 / 24.0) == IC_RES_HOUR);
    CHECK(ic_date_alignment(ymd(2001, 1, 1) + 3 / 1440.0) == IC_RES_MINUTE);
    CHECK(ic_date_alignment(ymd(2001, 1, 1) + 3 / 86400.0) == IC_RES_SECOND);
    CHECK(ic_date_looks_like("08/01/2004"));
    CHECK(ic_date_looks_like("2023-02-29"));
    CHECK(ic_date_looks_like("31.12.04"));
    CHECK(ic_date_looks_like("March 3rd, 2004"));
    CHECK(!ic_date_looks_like("March"));
    CHECK(!ic_date_looks_like("Men"));
    CHECK(!ic_date_looks_like("12.5"));
    CHECK(!ic_date_looks_like("2004"));
}

/* ------------------------------------------------------------------ */
/* columns                                                             */

static ic_table *parse(const char *csv, const ic_csv_options *opt, ic_error *err)
{
    memset(err, 0, sizeof *err);
    return ic_table_parse(csv, strlen(csv), "t.csv", opt, err);
}

static void test_columns(void)
{
    ic_error err;
    ic_table *t = parse("a,b,c,d,e,f,g\n"
                        "2001-01-01,2004-03-01,2015/01/01 01:00:00,Jan 1 2000,25/12/2004,2000-01-01T08:00:00Z,Jan 2000\n"
                        "2002-01-01,2004-04-01,2015/01/01 02:00:00,Jan 2 2000,08/01/2005,2000-01-01T09:30:00Z,Feb 2000\n"
                        "2004-01-01,2004-06-01,2015/01/01 05:00:00,Jan 5 2000,,2000-01-01T10:00:00Z,Mar 2000\n",
                        NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    for (size_t j = 0; j < t->ncols; j++)
        CHECK(t->cols[j].type == IC_COL_DATE);
    CHECK(t->cols[0].date_res == IC_RES_YEAR); /* yearly data written as 1 January */
    CHECK(t->cols[1].date_res == IC_RES_MONTH);
    CHECK(t->cols[2].date_res == IC_RES_HOUR);
    CHECK(t->cols[3].date_res == IC_RES_DAY);
    CHECK(t->cols[4].date_res == IC_RES_DAY);
    CHECK(t->cols[5].date_res == IC_RES_MINUTE);
    CHECK(t->cols[6].date_res == IC_RES_MONTH);
    CHECK_NEAR(t->cols[2].value[2] - t->cols[2].value[0], 4 / 24.0, 1e-9); /* missing hours keep their room */
    CHECK(t->cols[4].value[1] == ymd(2005, 1, 8)); /* 25/12 settled the order: day first */
    CHECK(t->cols[4].missing[2] && isnan(t->cols[4].value[2]));
    CHECK(t->cols[5].value[0] == ymd(2000, 1, 1) + 8 / 24.0 && !t->cols[5].date_utc);
    CHECK(t->nnotes == 0);
    ic_table_free(t);

    /* month first when a cell says so */
    t = parse("d,v\n08/01/2004,1\n12/25/2004,2\n", NULL, &err);
    CHECK(t && t->cols[0].type == IC_COL_DATE && t->cols[0].value[0] == ymd(2004, 8, 1));
    ic_table_free(t);

    /* different offsets: every time in UTC */
    t = parse("d,v\n2000-01-01T08:00,0\n2000-01-01T08:00+01:00,1\n2000-01-01T08:00Z,2\n2000-01-01T08:00,3\n", NULL,
              &err);
    CHECK(t && t->cols[0].type == IC_COL_DATE && t->cols[0].date_utc && t->nnotes == 1);
    if (t && t->nnotes == 1)
        CHECK_STR(t->notes[0], "t.csv:3:1: note: column 'd': its times name different UTC offsets, so every time is "
                               "drawn in UTC (a time without an offset is taken as UTC)");
    if (t) {
        CHECK_NEAR(t->cols[0].value[1], ymd(2000, 1, 1) + 7 / 24.0, 1e-9);
        CHECK_NEAR(t->cols[0].value[2], ymd(2000, 1, 1) + 8 / 24.0, 1e-9);
        CHECK_NEAR(t->cols[0].value[3], ymd(2000, 1, 1) + 8 / 24.0, 1e-9);
    }
    ic_table_free(t);

    /* one date alone keeps the precision it was written with */
    t = parse("d,v\n2020-01-01,1\n", NULL, &err);
    CHECK(t && t->cols[0].date_res == IC_RES_DAY);
    ic_table_free(t);
}

/* An x value named in any date form finds its row (trend and annotation
 * "from", "to", "x"); other columns match the text exactly. */
static void test_find(void)
{
    ic_error err;
    ic_table *t = parse("m,name,v\n1854-12-01,a,1\n1855-01-01,b,2\n,c,3\n2015-01-01T09:00:00,d,4\n", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->cols[0].type == IC_COL_DATE);
    CHECK(ic_column_find(&t->cols[0], "1855-01-01") == 1);
    CHECK(ic_column_find(&t->cols[0], "Jan 1855") == 1);
    CHECK(ic_column_find(&t->cols[0], "1 January 1855") == 1);
    CHECK(ic_column_find(&t->cols[0], "2015/01/01 09:00") == 3);
    CHECK(ic_column_find(&t->cols[0], "2015-01-01") == -1); /* midnight is another time */
    CHECK(ic_column_find(&t->cols[0], "Feb 1855") == -1);
    CHECK(ic_column_find(&t->cols[0], "") == 2);            /* the gap, written exactly */
    CHECK(ic_column_find(&t->cols[1], "b") == 1);
    CHECK(ic_column_find(&t->cols[1], "B") == -1);
    ic_table_free(t);
}

/* Columns that look like dates but are read as text: a note at the first
 * cell not read, naming the fix. */
static void test_notes(void)
{
    ic_error err;
    ic_table *t = parse("d,v\n08/01/2004,1\n09/01/2004,2\n", NULL, &err);
    CHECK(t && t->cols[0].type == IC_COL_TEXT && t->nnotes == 1);
    if (t && t->nnotes == 1) {
        CHECK(strncmp(t->notes[0], "t.csv:2:1: warning: column 'd' looks like dates but is read as text", 67) == 0);
        CHECK(strstr(t->notes[0], "'08/01/2004' could be day/month/year or month/day/year") != NULL);
        CHECK(strstr(t->notes[0], "\"x_format\": \"%d/%m/%Y\" or \"%m/%d/%Y\"") != NULL);
    }
    ic_table_free(t);

    t = parse("v,d\n1,2004-01-01\n2,2004-02-30\n3,2004-03-01\n", NULL, &err);
    CHECK(t && t->cols[1].type == IC_COL_TEXT && t->nnotes == 1);
    if (t && t->nnotes == 1) {
        CHECK(strncmp(t->notes[0], "t.csv:3:3: warning: column 'd'", 30) == 0);
        CHECK(strstr(t->notes[0], "'2004-02-30' is not a date infochart reads") != NULL);
    }
    ic_table_free(t);

    t = parse("d,v\n25/12/2004,1\n12/25/2004,2\n", NULL, &err);
    CHECK(t && t->cols[0].type == IC_COL_TEXT && t->nnotes == 1);
    if (t && t->nnotes == 1)
        CHECK(strstr(t->notes[0], "t.csv:3:1: warning:") && strstr(t->notes[0], "reads only as month/day/year"));
    ic_table_free(t);

    /* with the chart's x column named, only that column gets a note */
    ic_csv_options o = {.dates = {"v", NULL}};
    t = parse("d,v\n08/01/2004,1\n09/01/2004,2\n", &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_TEXT && t->nnotes == 0);
    ic_table_free(t);
    o.dates.column = "d";
    t = parse("d,v\n08/01/2004,1\n09/01/2004,2\n", &o, &err);
    CHECK(t && t->nnotes == 1);
    ic_table_free(t);

    /* names, and a column with one date among words: no note */
    t = parse("d,v\nMen,1\nWomen,2\nMay 2020,3\nGirls,4\n", NULL, &err);
    CHECK(t && t->cols[0].type == IC_COL_TEXT && t->nnotes == 0);
    ic_table_free(t);
}

static void test_x_format(void)
{
    ic_error err;
    ic_csv_options o = {0};
    o.dates = (ic_date_options){"d", "%d/%m/%y"};
    ic_table *t = parse("d,v\n08/01/04,1\n09/01/04,2\n", &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_DATE && t->cols[0].value[1] == ymd(2004, 1, 9) && t->nnotes == 0);
    ic_table_free(t);
    /* the format settles an ambiguous column */
    o.dates.format = "%m/%d/%Y";
    t = parse("d,v\n08/01/2004,1\n09/01/2004,2\n", &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_DATE && t->cols[0].value[0] == ymd(2004, 8, 1));
    CHECK(t && t->cols[0].date_res == IC_RES_MONTH); /* 1 August, 1 September: monthly */
    ic_table_free(t);
    /* a cell that does not match */
    t = parse("d,v\n08/01/2004,1\n2004-09-01,2\n", &o, &err);
    CHECK(!t && err.code == IC_ERR_DATA && err.line == 3 && err.column == 1);
    CHECK(strstr(err.message, "column 'd': '2004-09-01' does not match \"x_format\": \"%m/%d/%Y\"") != NULL);
    ic_table_free(t);
    /* a format that cannot be used */
    o.dates.format = "%d/%m";
    t = parse("d,v\n08/01,1\n", &o, &err);
    CHECK(!t && err.code == IC_ERR_DATA && strstr(err.message, "no year"));
    ic_table_free(t);
    /* another column is not affected */
    o.dates = (ic_date_options){"other", "%d/%m/%Y"};
    t = parse("d,v\n2004-01-01,1\n", &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_DATE);
    ic_table_free(t);
    /* forced to text: the format is not used */
    ic_type_override text[] = {{"d", IC_COL_TEXT}};
    o = (ic_csv_options){.overrides = text, .noverrides = 1, .dates = {"d", "%Y"}};
    t = parse("d,v\nabc,1\n", &o, &err);
    CHECK(t && t->cols[0].type == IC_COL_TEXT);
    ic_table_free(t);
}

/* Trend notes write dates the way the axis does. */
static void test_trend_dates(void)
{
    char dir[] = "/tmp/ic_dates_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    ic_error err;
    const char *csv = "month,share\n2004-03-01,10\n2004-04-01,12\n2005-06-01,30\n";
    ic_chart *c = fixture_chart(dir, csv,
                                "{\"chart\": \"line\", \"data\": \"data.csv\", \"x\": \"month\", \"y\": \"share\", "
                                "\"title\": \"t\", \"source\": \"s\", \"trend\": {\"show\": \"ratio\"}}",
                                &err);
    CHECK(c != NULL);
    if (c) {
        ic_trend_result r;
        const ic_spec *spec = c->spec;
        CHECK(ic_trend_compute(spec, c->table, &spec->trends[0], &r, &err) == 0);
        CHECK_STR(r.label, "\xC3\x97" "3.0 since Mar 2004");
        CHECK_STR(r.to_text, "Jun 2005");
    }
    ic_chart_free(c);
    csv = "year,share\n2004-01-01,10\n2010-01-01,30\n";
    c = fixture_chart(dir, csv,
                      "{\"chart\": \"line\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\", "
                      "\"title\": \"t\", \"source\": \"s\", \"trend\": {\"show\": \"ratio\"}}",
                      &err);
    CHECK(c != NULL);
    if (c) {
        ic_trend_result r;
        const ic_spec *spec = c->spec;
        CHECK(ic_trend_compute(spec, c->table, &spec->trends[0], &r, &err) == 0);
        CHECK_STR(r.label, "\xC3\x97" "3.0 since 2004");
    }
    ic_chart_free(c);
    fixture_remove(dir);
}

int main(void)
{
    test_iso();
    test_day_month_year();
    test_month_names();
    test_format();
    test_round_trip();
    test_random_text();
    test_labels();
    test_alignment();
    test_columns();
    test_find();
    test_notes();
    test_x_format();
    test_trend_dates();
    return CHECK_DONE();
}

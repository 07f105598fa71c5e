/* Calendar ticks (layout/time_axis.c): the step for each span, newsroom
 * labels, the data's resolution respected, and properties over random spans
 * and widths (ticks inside the span, on calendar boundaries, labels apart). */
#include "check.h"
#include "chart_fixture.h"
#include "data/dates.h"
#include "layout/time_axis.h"
#include "scene/scene.h"

#include <stdlib.h>
#include <string.h>

/* Every byte of a label is `k` units wide. */
static double width_of(const char *text, void *ctx)
{
    return (double)strlen(text) * *(const double *)ctx;
}

static double ymd(long y, int m, int d)
{
    return (double)ic_days_from_civil(y, m, d);
}

/* Fits ticks for t0..t1 on an axis `len` units long (10 units a byte). */
static int fit(ic_time_axis *a, double t0, double t1, ic_date_res res, double len)
{
    double k = 10;
    return ic_time_axis_fit(a, t0, t1, res, NULL, 0, len, 0, len, 12, 10, width_of, &k);
}

/* The labels joined with '|'. */
static const char *joined(const ic_time_axis *a)
{
    static char buf[2048];
    buf[0] = '\0';
    for (size_t i = 0; i < a->n; i++) {
        if (i)
            strcat(buf, "|");
        strcat(buf, a->text[i]);
    }
    return buf;
}

static void test_spans(void)
{
    ic_time_axis a;
    /* years: 1958-2020 monthly data on a wide axis: every 10 years */
    CHECK(fit(&a, ymd(1958, 3, 1), ymd(2020, 5, 1), IC_RES_MONTH, 1000) == 0);
    CHECK(a.step.unit == IC_RES_YEAR && a.step.count == 10);
    CHECK_STR(joined(&a), "1960|1970|1980|1990|2000|2010|2020");
    /* yearly data written as 1 January: "2001", never "Jan 2001" */
    CHECK(fit(&a, ymd(2001, 1, 1), ymd(2006, 1, 1), IC_RES_YEAR, 1000) == 0);
    CHECK_STR(joined(&a), "2001|2002|2003|2004|2005|2006");
    /* narrower: every second year */
    CHECK(fit(&a, ymd(2001, 1, 1), ymd(2006, 1, 1), IC_RES_YEAR, 200) == 0);
    CHECK_STR(joined(&a), "2002|2004|2006");
    /* one year of months: the year on the first label and on January */
    CHECK(fit(&a, ymd(2020, 1, 1), ymd(2021, 1, 1), IC_RES_MONTH, 2000) == 0);
    CHECK(a.step.unit == IC_RES_MONTH && a.step.count == 1);
    CHECK_STR(joined(&a), "Jan 2020|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Jan 2021");
    /* quarters when months do not fit */
    CHECK(fit(&a, ymd(2020, 1, 1), ymd(2021, 1, 1), IC_RES_MONTH, 600) == 0);
    CHECK_STR(joined(&a), "Jan 2020|Apr|Jul|Oct|Jan 2021");
    /* three years: half years, or years */
    CHECK(fit(&a, ymd(2019, 11, 1), ymd(2022, 2, 1), IC_RES_MONTH, 700) == 0);
    CHECK_STR(joined(&a), "Jan 2020|Jul|Jan 2021|Jul|Jan 2022");
    CHECK(fit(&a, ymd(2019, 11, 1), ymd(2022, 2, 1), IC_RES_MONTH, 400) == 0);
    CHECK_STR(joined(&a), "2020|2021|2022");
    /* weeks: Mondays */
    CHECK(fit(&a, ymd(2020, 3, 1), ymd(2020, 4, 10), IC_RES_DAY, 800) == 0);
    CHECK(a.step.unit == IC_RES_DAY && a.step.weeks && a.step.count == 7);
    CHECK_STR(joined(&a), "2 Mar 2020|9 Mar|16 Mar|23 Mar|30 Mar|6 Apr");
    /* days */
    CHECK(fit(&a, ymd(2020, 12, 30), ymd(2021, 1, 3), IC_RES_DAY, 800) == 0);
    CHECK_STR(joined(&a), "30 Dec 2020|31 Dec|1 Jan 2021|2 Jan|3 Jan");
    /* hours: the day at midnight and on the first label */
    CHECK(fit(&a, ymd(2015, 1, 1) + 1 / 24.0, ymd(2015, 1, 1) + 5 / 24.0, IC_RES_HOUR, 1000) == 0);
    CHECK_STR(joined(&a), "1 Jan 01:00|02:00|03:00|04:00|05:00");
    CHECK(fit(&a, ymd(2020, 3, 15) + 18 / 24.0, ymd(2020, 3, 16) + 12 / 24.0, IC_RES_HOUR, 600) == 0);
    CHECK(a.step.unit == IC_RES_HOUR && a.step.count == 6);
    CHECK_STR(joined(&a), "15 Mar 18:00|16 Mar|06:00|12:00");
    /* minutes and seconds */
    CHECK(fit(&a, ymd(2020, 3, 15) + 9 / 24.0, ymd(2020, 3, 15) + 9.5 / 24.0, IC_RES_MINUTE, 600) == 0);
    CHECK_STR(joined(&a), "15 Mar 09:00|09:15|09:30");
    CHECK(fit(&a, ymd(2020, 3, 15) + 9 / 24.0, ymd(2020, 3, 15) + 9 / 24.0 + 30 / 86400.0, IC_RES_SECOND, 1500) ==
          0);
    CHECK(a.step.unit == IC_RES_SECOND && a.step.count == 5);
    CHECK_STR(a.text[1], "09:00:05");
    /* monthly data on a wide axis: never days or weeks between the months */
    CHECK(fit(&a, ymd(2020, 1, 1), ymd(2020, 2, 1), IC_RES_MONTH, 2000) == 0);
    CHECK_STR(joined(&a), "Jan 2020|Feb");
    /* one date alone: its own tick */
    CHECK(fit(&a, ymd(2020, 1, 1), ymd(2020, 1, 1), IC_RES_MONTH, 500) == 0);
    CHECK_STR(joined(&a), "Jan 2020");
    /* no room at all: the first tick alone, reported */
    CHECK(fit(&a, ymd(2020, 1, 1), ymd(2020, 3, 1), IC_RES_MONTH, 30) == 1);
    CHECK(a.n == 1);
}

static void test_languages(void)
{
    ic_time_axis a;
    ic_time_step months = {IC_RES_MONTH, 3, 0};
    CHECK(ic_time_ticks(ymd(2020, 1, 1), ymd(2020, 12, 1), months, "ur", &a) == 4);
    CHECK_STR(a.text[0], "\xD8\xAC\xD9\x86\xD9\x88\xD8\xB1\xDB\x8C 2020"); /* جنوری 2020 */
    CHECK_STR(a.text[1], "\xD8\xA7\xD9\xBE\xD8\xB1\xDB\x8C\xD9\x84");      /* اپریل */
    CHECK(ic_time_ticks(ymd(2020, 1, 1), ymd(2020, 12, 1), months, "ar", &a) == 4);
    CHECK_STR(a.text[2], "\xD9\x8A\xD9\x88\xD9\x84\xD9\x8A\xD9\x88");      /* يوليو */
    /* too many ticks for one step */
    ic_time_step days = {IC_RES_DAY, 1, 0};
    CHECK(ic_time_ticks(ymd(2000, 1, 1), ymd(2001, 1, 1), days, NULL, &a) == -1);
}

/* Random spans, resolutions and widths: ticks inside the span, increasing,
 * on boundaries of their unit, never finer than the data, labels apart. */
static void test_random(void)
{
    srand(5);
    int bad = 0;
    for (int i = 0; i < 3000; i++) {
        ic_date_res res = (ic_date_res)(IC_RES_SECOND + rand() % 6);
        double t0 = ymd(1900 + rand() % 200, 1 + rand() % 12, 1 + rand() % 28);
        static const double spans[] = {1 / 1440.0, 0.1, 1, 3, 20, 90, 400, 2000, 20000, 80000};
        double span = spans[rand() % 10] * (0.5 + rand() / (double)RAND_MAX);
        double len = 150 + rand() % 2000;
        double t1 = t0 + span;
        ic_time_axis a;
        double k = 10;
        int rc = ic_time_axis_fit(&a, t0, t1, res, NULL, 0, len, 0, len, 12, 10, width_of, &k);
        int before = bad;
        if (a.n > (a.step.unit == IC_RES_MONTH && a.step.count == 1 ? 13u : 10u) || (rc == 0 && a.n == 0))
            bad++;
        double prev_right = -1e300;
        for (size_t j = 0; j < a.n; j++) {
            double v = a.value[j];
            if (v < t0 - 1e-6 || v > t1 + 1e-6 || (j > 0 && v <= a.value[j - 1]))
                bad++;
            if (a.step.unit < res)
                bad++;
            /* a tick falls on its unit (weeks on days) */
            if (ic_date_alignment(v) < a.step.unit)
                bad++;
            if (rc == 0) {
                double x = t1 > t0 ? (v - t0) / (t1 - t0) * len : len / 2;
                double w = width_of(a.text[j], &k);
                double left = fmax(0, fmin(x - w / 2, len - w));
                if (left < prev_right + 12 - 1e-9)
                    bad++;
                prev_right = left + w;
            }
        }
        if (bad > before && bad < 5)
            fprintf(stderr, "random case %d: res %d, %.6f..%.6f, length %g, rc %d: %s\n", i, (int)res, t0, t1, len, rc,
                    joined(&a));
    }
    CHECK(bad == 0);
}

/* Appends to the text in `buf` (`size` bytes). */
static void append(char *buf, size_t size, const char *fmt, int a, int b, int c)
{
    size_t len = strlen(buf);
    if (len < size)
        snprintf(buf + len, size - len, fmt, a, b, c);
}

typedef struct placed { double x; const char *text; } placed;

static int by_x(const void *a, const void *b)
{
    const placed *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x;
}

/* The category labels of a chart laid out from `csv` and `spec`, joined
 * with '|' from left to right. */
static const char *chart_labels(const ic_fonts *fonts, const char *csv, const char *spec)
{
    static char buf[4096];
    buf[0] = '\0';
    char dir[] = "/tmp/ic_time_XXXXXX";
    if (!mkdtemp(dir))
        return "(no temp dir)";
    ic_error err;
    ic_chart *c = fixture_chart(dir, csv, spec, &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    if (!s)
        snprintf(buf, sizeof buf, "(error: %s)", err.message);
    placed p[64];
    size_t np = 0;
    for (size_t i = 0; s && i < s->n && np < 64; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_CATEGORY_LABEL && m->kind == IC_MARK_TEXT)
            p[np++] = (placed){m->x, m->text};
    }
    qsort(p, np, sizeof *p, by_x);
    for (size_t i = 0; i < np; i++) {
        if (buf[0])
            strncat(buf, "|", sizeof buf - strlen(buf) - 1);
        strncat(buf, p[i].text, sizeof buf - strlen(buf) - 1);
    }
    ic_scene_free(s);
    ic_chart_free(c);
    fixture_remove(dir);
    return buf;
}

/* Charts: a line over ISO months, columns of months and of years written as
 * 1 January, hourly data, Urdu month names. */
static void test_charts(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return;
    char csv[8192] = "month,deaths\n";
    for (int i = 0; i < 24; i++)
        append(csv, sizeof csv, "%d-%02d-01,%d\n", 1854 + (i + 3) / 12, (i + 3) % 12 + 1, 100 + i);
    const char *line = "{\"chart\": \"line\", \"data\": \"data.csv\", \"x\": \"month\", \"y\": \"deaths\", "
                       "\"title\": \"t\", \"source\": \"s\", \"size\": \"x-post\"}";
    CHECK_STR(chart_labels(fonts, csv, line), "Apr 1854|Jul|Oct|Jan 1855|Apr|Jul|Oct|Jan 1856");
    /* the same months as columns: "Apr 1854", held inside the plot, would
     * crowd "Jul", so the year moves to "Jul 1854" */
    const char *bars = "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"month\", \"y\": \"deaths\", "
                       "\"title\": \"t\", \"source\": \"s\", \"size\": \"x-post\", \"value_labels\": false}";
    CHECK_STR(chart_labels(fonts, csv, bars), "Jul 1854|Oct|Jan 1855|Apr|Jul|Oct|Jan 1856");
    /* yearly data written as 1 January */
    snprintf(csv, sizeof csv, "month,deaths\n");
    for (int y = 2001; y <= 2005; y++)
        append(csv, sizeof csv, "%d-01-01,%d%.0d\n", y, y - 2000, 0);
    CHECK_STR(chart_labels(fonts, csv, bars), "2001|2002|2003|2004|2005");
    CHECK_STR(chart_labels(fonts, csv, line), "2001|2002|2003|2004|2005");
    /* hours written YYYY/MM/DD with missing hours: labels on the hour */
    const char *hours = "month,deaths\n2015/01/01 01:00:00,1\n2015/01/01 02:00:00,2\n2015/01/01 05:00:00,3\n";
    CHECK_STR(chart_labels(fonts, hours, line), "1 Jan 01:00|02:00|03:00|04:00|05:00");
    /* Urdu */
    const char *urdu = "{\"chart\": \"line\", \"lang\": \"ur\", \"data\": \"data.csv\", \"x\": \"month\", "
                       "\"y\": \"deaths\", \"title\": \"t\", \"source\": \"s\", \"size\": \"x-post\"}";
    const char *months = "month,deaths\nJan 2020,1\nFeb 2020,2\nMar 2020,3\n";
    /* right to left, columns of months: time still runs left to right, the
     * year on the earliest label */
    const char *urdu_bars = "{\"chart\": \"bar\", \"lang\": \"ur\", \"data\": \"data.csv\", \"x\": \"month\", "
                            "\"y\": \"deaths\", \"title\": \"t\", \"source\": \"s\", \"size\": \"x-post\"}";
    CHECK_STR(chart_labels(fonts, months, urdu_bars),
              "\xD8\xAC\xD9\x86\xD9\x88\xD8\xB1\xDB\x8C 2020|\xD9\x81\xD8\xB1\xD9\x88\xD8\xB1\xDB\x8C|"
              "\xD9\x85\xD8\xA7\xD8\xB1\xDA\x86");
    CHECK_STR(chart_labels(fonts, months, urdu),
              "\xD8\xAC\xD9\x86\xD9\x88\xD8\xB1\xDB\x8C 2020|\xD9\x81\xD8\xB1\xD9\x88\xD8\xB1\xDB\x8C|"
              "\xD9\x85\xD8\xA7\xD8\xB1\xDA\x86");
    ic_fonts_free(fonts);
}

int main(void)
{
    test_spans();
    test_languages();
    test_random();
    test_charts();
    return CHECK_DONE();
}

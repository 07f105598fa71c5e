/* Number formats people read, and nice axis ticks. */
#include "check.h"
#include "layout/format.h"
#include "layout/ticks.h"

#include <math.h>
#include <stdlib.h>

/* A one-column table over `values` (NAN = gap). */
static ic_table *table_of(const char *name, const double *values, size_t n, int percent)
{
    static ic_column col;
    static ic_table t;
    static double store[32];
    for (size_t i = 0; i < n; i++)
        store[i] = values[i];
    col.name = (char *)name;
    col.type = IC_COL_NUMBER;
    col.value = store;
    col.has_percent = percent;
    t.ncols = 1;
    t.nrows = n;
    t.cols = &col;
    return &t;
}

static const char *fmt(const ic_numfmt *f, double v)
{
    static char buf[8][64];
    static int k;
    k = (k + 1) % 8;
    ic_numfmt_format(f, v, buf[k], sizeof buf[k]);
    return buf[k];
}

int main(void)
{
    ic_number_format spec = {IC_NUM_AUTO, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    int col0 = 0;

    /* percent from the column name or a % sign in the data */
    double shares[] = {39, 23, 22, 16};
    ic_numfmt f = ic_numfmt_resolve(&spec, table_of("share_pct", shares, 4, 0), &col0, 1);
    CHECK(f.style == IC_NUM_PERCENT);
    CHECK_STR(fmt(&f, 38), "38%");
    f = ic_numfmt_resolve(&spec, table_of("share", shares, 4, 1), &col0, 1);
    CHECK_STR(fmt(&f, 16), "16%");

    /* millions → compact with the fewest decimals that show every value */
    double people[] = {3300000, 24300000};
    f = ic_numfmt_resolve(&spec, table_of("people", people, 2, 0), &col0, 1);
    CHECK(f.style == IC_NUM_COMPACT);
    CHECK_STR(fmt(&f, 3300000), "3.3 million");
    CHECK_STR(fmt(&f, 27600000), "27.6 million");
    CHECK_STR(fmt(&f, 1), "1"); /* not "0.0 million" */
    CHECK_STR(fmt(&f, -20000), "\xE2\x88\x92" "20,000");
    ic_numfmt tf = ic_numfmt_for_ticks(&f, 5e6);
    CHECK_STR(fmt(&tf, 5e6), "5M");
    CHECK_STR(fmt(&tf, 0), "0");

    /* a column in millions, scaled with multiply */
    double millions[] = {3.3, 24.3};
    ic_number_format mul = {IC_NUM_COMPACT, -1, 1e6, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&mul, table_of("people_millions", millions, 2, 0), &col0, 1);
    CHECK_STR(fmt(&f, 3.3), "3.3 million");
    double billions[] = {1250};
    f = ic_numfmt_resolve(&mul, table_of("n", billions, 1, 0), &col0, 1);
    CHECK_STR(fmt(&f, 1250), "1.3 billion");

    /* a range no one unit can hold: 123 would be "0.0001 million" beside
     * "150.0000 million", so automatic numbers are written in full, every
     * one alike; a compact style the spec asks for is kept */
    double range[] = {1e6, 45000, 123, 48228704, 1.5e8};
    ic_number_format autof = {IC_NUM_AUTO, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&autof, table_of("people", range, 5, 0), &col0, 1);
    CHECK(f.style == IC_NUM_COMMA && f.decimals == 0);
    CHECK_STR(fmt(&f, 123), "123");
    CHECK_STR(fmt(&f, 1.5e8), "150,000,000");
    ic_number_format compactf = {IC_NUM_COMPACT, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&compactf, table_of("people", range, 5, 0), &col0, 1);
    CHECK(f.style == IC_NUM_COMPACT);
    /* values that one unit holds keep it */
    double close_range[] = {24.3e6, 3.3e6, 48.2e6};
    f = ic_numfmt_resolve(&autof, table_of("people", close_range, 3, 0), &col0, 1);
    CHECK_STR(fmt(&f, 24.3e6), "24.3 million");

    /* comma grouping, minus sign, decimals */
    ic_number_format comma = {IC_NUM_COMMA, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    double big[] = {27600000, -4.5};
    f = ic_numfmt_resolve(&comma, table_of("n", big, 2, 0), &col0, 1);
    CHECK(f.decimals == 1);
    f.decimals = 0;
    CHECK_STR(fmt(&f, 27600000), "27,600,000");
    CHECK_STR(fmt(&f, 999), "999");
    CHECK_STR(fmt(&f, 1000), "1,000");
    f.decimals = 1;
    CHECK_STR(fmt(&f, -4.5), "\xE2\x88\x92" "4.5");
    CHECK_STR(fmt(&f, -0.01), "0.0"); /* no "−0.0" */
    CHECK_STR(fmt(&f, NAN), "n/a");

    /* plain keeps years as they are; prefix and suffix; "+" is not put on zero */
    ic_number_format plain = {IC_NUM_PLAIN, 0, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&plain, table_of("year", shares, 1, 0), &col0, 1);
    CHECK_STR(fmt(&f, 2004), "2004");
    ic_number_format plus = {IC_NUM_PERCENT, -1, 1, "+", NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&plus, table_of("change", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 31), "+31%");
    CHECK_STR(fmt(&f, 0), "0%");
    CHECK_STR(fmt(&f, -4.5), "\xE2\x88\x92" "5%"); /* never "−+" */
    /* "sign": "always": + above zero, − below, nothing on zero */
    ic_number_format signs = {IC_NUM_PERCENT, 1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 1};
    f = ic_numfmt_resolve(&signs, table_of("change", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 4.5), "+4.5%");
    CHECK_STR(fmt(&f, -4.5), "\xE2\x88\x92" "4.5%");
    CHECK_STR(fmt(&f, 0), "0.0%");
    CHECK_STR(fmt(&f, -0.04), "0.0%"); /* rounds to zero: no sign */

    /* rounding is decimal, half away from zero, on the value's shortest
     * decimal text, not its binary approximation (1.005 is 1.00499999...) */
    ic_number_format two = {IC_NUM_COMMA, 2, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&two, table_of("v", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 1.005), "1.01");
    CHECK_STR(fmt(&f, 0.285), "0.29");
    CHECK_STR(fmt(&f, 2.675), "2.68");
    CHECK_STR(fmt(&f, 0.125), "0.13");
    CHECK_STR(fmt(&f, -1.005), "\xE2\x88\x92" "1.01");
    CHECK_STR(fmt(&f, 9.995), "10.00");
    CHECK_STR(fmt(&f, 0.004), "0.00");
    CHECK_STR(fmt(&f, 123456789.125), "123,456,789.13");
    CHECK_STR(fmt(&f, 1.004), "1.00");
    CHECK_STR(fmt(&f, 0.995), "1.00");
    CHECK_STR(fmt(&f, 0.005), "0.01");
    CHECK_STR(fmt(&f, 0.0049999), "0.00");
    CHECK_STR(fmt(&f, 99.999), "100.00");
    ic_number_format none = {IC_NUM_COMMA, 0, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&none, table_of("v", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 999.5), "1,000");
    CHECK_STR(fmt(&f, 0.5), "1");
    CHECK_STR(fmt(&f, 1e15), "1,000,000,000,000,000");
    CHECK_STR(fmt(&f, 2.5e-7), "0");

    /* automatic decimals: the fewest that show every value, and more when
     * fewer would print a small value as zero or two values alike */
    ic_number_format autod = {IC_NUM_COMMA, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    double tiny[] = {0.004, 0.002, 0.5};
    f = ic_numfmt_resolve(&autod, table_of("v", tiny, 3, 0), &col0, 1);
    CHECK(f.decimals == 3);
    CHECK_STR(fmt(&f, 0.004), "0.004");
    CHECK_STR(fmt(&f, 0.002), "0.002");
    double close[] = {12.341, 12.344, 15};
    f = ic_numfmt_resolve(&autod, table_of("v", close, 3, 0), &col0, 1);
    CHECK(f.decimals == 3); /* 12.34 twice would say they are equal */
    double plain_ones[] = {12.5, 13.25, 15};
    f = ic_numfmt_resolve(&autod, table_of("v", plain_ones, 3, 0), &col0, 1);
    CHECK(f.decimals == 2);

    /* {one_in}: only what is true (within 5 %) */
    char ph[96];
    ic_format_one_in(3.3 / 27.6, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "1 in 8");
    ic_format_one_in(2.0 / 3, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "2 in 3"); /* it said "1 in 2" */
    ic_format_one_in(0.286, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "2 in 7"); /* it said "1 in 3" */
    ic_format_one_in(0.27, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "more than 1 in 4");
    ic_format_one_in(0.88, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "7 in 8");
    ic_format_one_in(0.515, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "1 in 2");
    ic_format_one_in(0.045, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "1 in 22");
    ic_format_one_in(0.58, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "4 in 7");
    ic_format_one_in(0.97, NULL, IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "97%"); /* no fraction within 5 %, above one half */
    ic_format_one_in(0.2857, "ar", IC_DIGITS_WESTERN, ph, sizeof ph);
    CHECK_STR(ph, "2 \xD9\x85\xD9\x86 \xD9\x83\xD9\x84 7"); /* 2 من كل 7 */

    /* compact: one unit for the measure, the typical value's; no decimal
     * once values reach 100 in it */
    ic_number_format cpt = {IC_NUM_COMPACT, -1, 1, NULL, NULL, NULL, IC_DIGITS_WESTERN, 0};
    double regions[] = {2263726076, 1692197000, 962300000, 903133428, 622000000, 409900000, 354500000};
    f = ic_numfmt_resolve(&cpt, table_of("pop", regions, 7, 0), &col0, 1);
    CHECK_STR(fmt(&f, 2263726076), "2,264 million");
    CHECK_STR(fmt(&f, 354500000), "355 million");
    double world[] = {3.0e9, 5.3e9, 7.2e9};
    f = ic_numfmt_resolve(&cpt, table_of("pop", world, 3, 0), &col0, 1);
    CHECK_STR(fmt(&f, 7.2e9), "7.2 billion");
    double labour[] = {3.3e6, 24.3e6};
    f = ic_numfmt_resolve(&cpt, table_of("people", labour, 2, 0), &col0, 1);
    CHECK_STR(fmt(&f, 3.3e6), "3.3 million");
    CHECK_STR(fmt(&f, 24.3e6), "24.3 million");
    /* the unit word can be left off (all ticks but the highest) */
    f.hide_unit = 1;
    CHECK_STR(fmt(&f, 20e6), "20.0");
    ic_number_format suf = {IC_NUM_COMMA, 0, 1, "$", " bn", NULL, IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&suf, table_of("usd", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 1500), "$1,500 bn");

    /* unit words follow the chart's language */
    ic_number_format urdu = {IC_NUM_COMPACT, -1, 1e6, NULL, NULL, "ur", IC_DIGITS_WESTERN, 0};
    f = ic_numfmt_resolve(&urdu, table_of("people_millions", millions, 2, 0), &col0, 1);
    CHECK_STR(fmt(&f, 3.3), "3.3 \xD9\x85\xD9\x84\xDB\x8C\xD9\x86"); /* 3.3 ملین */
    ic_numfmt ut = ic_numfmt_for_ticks(&f, 1);
    CHECK_STR(fmt(&ut, 2), "2 \xD9\x85\xD9\x84\xDB\x8C\xD9\x86"); /* no Latin "M" on an Urdu axis */

    /* digits: Eastern Arabic-Indic and Urdu on request, exactly sized buffers too */
    char d1[32] = "2004: 38%";
    ic_digits_convert(d1, sizeof d1, IC_DIGITS_URDU);
    CHECK_STR(d1, "\xDB\xB2\xDB\xB0\xDB\xB0\xDB\xB4: \xDB\xB3\xDB\xB8\xD9\xAA"); /* ۲۰۰۴: ۳۸٪ */
    char d2[9] = "2004";
    ic_digits_convert(d2, sizeof d2, IC_DIGITS_ARABIC_INDIC);
    CHECK_STR(d2, "\xD9\xA2\xD9\xA0\xD9\xA0\xD9\xA4");
    ic_number_format ar = {IC_NUM_PERCENT, -1, 1, NULL, NULL, "ar", IC_DIGITS_ARABIC_INDIC, 0};
    f = ic_numfmt_resolve(&ar, table_of("share_pct", shares, 4, 0), &col0, 1);
    CHECK_STR(fmt(&f, 38), "\xD9\xA3\xD9\xA8\xD9\xAA"); /* ٣٨٪: the Arabic percent sign */
    f.decimals = 1;
    CHECK_STR(fmt(&f, 3.5), "\xD9\xA3\xD9\xAB\xD9\xA5\xD9\xAA"); /* ٣٫٥٪ */
    /* thousands: the Arabic thousands separator U+066C, never an ASCII comma
     * beside the Arabic decimal separator */
    ic_number_format arc = {IC_NUM_COMMA, 2, 1, NULL, NULL, "ar", IC_DIGITS_ARABIC_INDIC, 0};
    f = ic_numfmt_resolve(&arc, table_of("people", millions, 2, 0), &col0, 1);
    CHECK_STR(fmt(&f, 1234.5), "\xD9\xA1\xD9\xAC\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xAB\xD9\xA5\xD9\xA0"); /* ١٬٢٣٤٫٥٠ */
    char d3[64] = "1,234.5, 7% and 2,x";
    ic_digits_convert(d3, sizeof d3, IC_DIGITS_URDU);
    /* a comma between digits groups them; one before a space or letter is punctuation */
    CHECK_STR(d3, "\xDB\xB1\xD9\xAC\xDB\xB2\xDB\xB3\xDB\xB4\xD9\xAB\xDB\xB5, \xDB\xB7\xD9\xAA and \xDB\xB2,x");

    /* ticks: 1-2-2.5-5 steps, covering the domain */
    double t[16], step;
    size_t n = ic_nice_ticks(0, 39, 6, t, 16, &step);
    CHECK_NEAR(step, 10, 1e-12);
    CHECK(n == 5);
    CHECK_NEAR(t[0], 0, 0);
    CHECK_NEAR(t[4], 40, 1e-9);
    n = ic_nice_ticks(0, 24.3e6, 6, t, 16, &step);
    CHECK_NEAR(step, 5e6, 1e-3);
    CHECK_NEAR(t[n - 1], 25e6, 1e-3);
    n = ic_nice_ticks(-8, 12.5, 6, t, 16, &step);
    CHECK_NEAR(step, 5, 1e-12);
    CHECK_NEAR(t[0], -10, 1e-12);
    CHECK_NEAR(t[n - 1], 15, 1e-12);
    n = ic_nice_ticks(0, 1, 5, t, 16, &step);
    CHECK_NEAR(step, 0.25, 1e-12);
    n = ic_nice_ticks(0, 47, 3, t, 16, &step);
    CHECK(n <= 3);
    CHECK_NEAR(step, 25, 1e-12);
    n = ic_nice_ticks(5, 5, 5, t, 16, &step); /* flat data still gets an axis */
    CHECK(n >= 2);
    /* a range across zero needs 3 ticks; asked for 2 it gets the fewest
     * there are (3), not the most (it once fell back to 16 at 0.1) */
    n = ic_nice_ticks(-0.5, 1.0, 2, t, 16, &step);
    CHECK(n == 3);
    CHECK_NEAR(step, 1, 1e-12);
    return CHECK_DONE();
}

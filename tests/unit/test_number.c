/* ic_number_parse, ic_number_parse_sep and ic_is_missing: numbers as people
 * write them. */
#include "check.h"
#include "data/number.h"
#include "data/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parses `s` expecting a number `want` (exactly) and the percent flag. */
#define NUM(s, want, pct) do { double v_ = -12345.0; int p_ = -1; \
    int r_ = ic_number_parse((s), &v_, &p_); \
    if (r_ != 1) fprintf(stderr, "  (input \"%s\" gave %d)\n", (s), r_); \
    CHECK(r_ == 1); CHECK(v_ == (want)); CHECK(p_ == (pct)); } while (0)

#define NOT_NUM(s) do { double v_ = -12345.0; int p_ = 7; \
    int r_ = ic_number_parse((s), &v_, &p_); \
    if (r_ != -1) fprintf(stderr, "  (input \"%s\" gave %d)\n", (s), r_); \
    CHECK(r_ == -1); CHECK(v_ == -12345.0); CHECK(p_ == 0); } while (0)

#define MISSING(s) do { double v_ = -12345.0; \
    int r_ = ic_number_parse((s), &v_, NULL); \
    if (r_ != 0) fprintf(stderr, "  (input \"%s\" gave %d)\n", (s), r_); \
    CHECK(r_ == 0); CHECK(v_ == -12345.0); CHECK(ic_is_missing(s) == 1); } while (0)

static void test_plain(void)
{
    NUM("0", 0.0, 0);
    NUM("42", 42.0, 0);
    NUM("-4.5", -4.5, 0);
    NUM("+2", 2.0, 0);
    NUM("1e6", 1e6, 0);
    NUM("1.5E-3", 1.5e-3, 0);
    NUM("2.5e+2", 250.0, 0);
    NUM(".5", 0.5, 0);
    NUM("-.25", -0.25, 0);
    NUM("5.", 5.0, 0);
    NUM(" 7 ", 7.0, 0);
    NUM("\t12\t", 12.0, 0);
    NUM("0.1", 0.1, 0);
    NUM("123456789.123456789", 123456789.123456789, 0);
    NUM("007", 7.0, 0);
    NUM("1e-400", 0.0, 0); /* underflows to zero: still a number */
}

static void test_grouping(void)
{
    NUM("3,300,000", 3300000.0, 0);
    NUM("27,600,000", 27600000.0, 0);
    NUM("1,234.5", 1234.5, 0);
    NUM("-1,234", -1234.0, 0);
    NUM("999", 999.0, 0);
    NUM("12,345,678.25", 12345678.25, 0);
    NOT_NUM("1,23");
    NOT_NUM("1,2345");
    NOT_NUM("1234,567");
    NOT_NUM(",123");
    NOT_NUM("1,,234");
    NOT_NUM("1,234,");
    NOT_NUM("0,123");   /* a decimal comma, not a thousands group */
    NOT_NUM("1,234,56");
}

static void test_percent(void)
{
    NUM("38%", 38.0, 1);
    NUM("-4.5%", -4.5, 1);
    NUM(" 12.5 % ", 12.5, 1);
    NUM("1,200%", 1200.0, 1);
    NOT_NUM("%");
    NOT_NUM("38%%");
    NOT_NUM("%38");
    /* percent may be NULL */
    double v = 0;
    CHECK(ic_number_parse("38%", &v, NULL) == 1);
    CHECK(v == 38.0);
}

static void test_rejects(void)
{
    NOT_NUM("12abc");
    NOT_NUM("1.2.3");
    NOT_NUM("--1");
    NOT_NUM("+-1");
    NOT_NUM("inf");
    NOT_NUM("-inf");
    NOT_NUM("Infinity");
    NOT_NUM("nan");
    NOT_NUM("NaN");
    NOT_NUM("0x10");
    NOT_NUM("0X1p3");
    NOT_NUM("1e");
    NOT_NUM("1e+");
    NOT_NUM("e5");
    NOT_NUM(".");
    NOT_NUM("+");
    NOT_NUM("1 000");
    NOT_NUM("abc");
    NOT_NUM("1e999"); /* overflows */
    NOT_NUM("2004-01-02");
    NOT_NUM("12 %x");
}

static void test_missing(void)
{
    MISSING("");
    MISSING("NA");
    MISSING("N/A");
    MISSING("n/a");
    MISSING("na");
    MISSING("-");
    MISSING("..");
    MISSING("  ");
    MISSING(" NA ");
    CHECK(ic_is_missing(NULL) == 1);
    CHECK(ic_is_missing("0") == 0);
    CHECK(ic_is_missing("Na") == 0);
    CHECK(ic_is_missing("none") == 0);
    CHECK(ic_is_missing("...") == 0);
    CHECK(ic_is_missing("--") == 0);
    CHECK(ic_is_missing("NaN") == 0);
    NOT_NUM("...");
    NOT_NUM("--");
}

static void test_long_input(void)
{
    /* longer than the parser's stack buffer */
    char buf[400];
    memset(buf, '0', sizeof buf - 3);
    buf[sizeof buf - 3] = '1';
    buf[sizeof buf - 2] = '5';
    buf[sizeof buf - 1] = '\0';
    NUM(buf, 15.0, 0);
    buf[0] = '2';
    buf[1] = '.'; /* 2.000...015 rounds to 2 */
    double v = 0;
    CHECK(ic_number_parse(buf, &v, NULL) == 1);
    CHECK(v == 2.0);
}

/* Short decimals take a fast path (one exact multiplication or division);
 * it must give exactly what strtod gives, bit for bit, and so must the
 * numbers just outside it (17+ digits, big exponents). */
static void test_same_as_strtod(void)
{
    unsigned seed = 7;
    long mismatches = 0;
    char text[64];
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned a = seed >> 8;
        seed = seed * 1103515245u + 12345u;
        unsigned b = seed >> 12, digits = seed % 9, form = (seed >> 4) % 4;
        if (form == 0)
            snprintf(text, sizeof text, "%u.%0*u", a, (int)digits + 1, b % 1000000);
        else if (form == 1)
            snprintf(text, sizeof text, "-%u.%u", a % 1000, b);
        else if (form == 2)
            snprintf(text, sizeof text, "%u%u%ue%d", a, b, a, (int)(seed % 60) - 30);
        else
            snprintf(text, sizeof text, "0.%06u%u", b % 100, a);
        double got = 0, want = strtod(text, NULL);
        if (ic_number_parse(text, &got, NULL) != 1 || memcmp(&got, &want, sizeof got) != 0) {
            if (mismatches++ < 5)
                fprintf(stderr, "  \"%s\": %.17g, strtod %.17g\n", text, got, want);
        }
    }
    CHECK(mismatches == 0);
    NUM("9007199254740993", 9007199254740992.0, 0); /* 2^53 + 1: past the fast path, rounded by strtod */
    NUM("0.1", 0.1, 0);
    NUM("123456.789e-3", 123.456789, 0);
    double v = 1;
    CHECK(ic_number_parse("-0", &v, NULL) == 1 && v == 0 && signbit(v));
}

/* ic_number_parse_sep with decimal `d` and thousands `g`. */
#define SEP(s, d, g, want, pct) do { double v_ = -12345.0; int p_ = -1; \
    int r_ = ic_number_parse_sep((s), &v_, &p_, (d), (g)); \
    if (r_ != 1 || v_ != (want)) fprintf(stderr, "  (input \"%s\" gave %d, %.17g)\n", (s), r_, v_); \
    CHECK(r_ == 1); CHECK(v_ == (want)); CHECK(p_ == (pct)); } while (0)

#define NOT_SEP(s, d, g) do { double v_ = -12345.0; int p_ = 7; \
    int r_ = ic_number_parse_sep((s), &v_, &p_, (d), (g)); \
    if (r_ != -1) fprintf(stderr, "  (input \"%s\" gave %d)\n", (s), r_); \
    CHECK(r_ == -1); CHECK(v_ == -12345.0); CHECK(p_ == 0); } while (0)

static void test_separators(void)
{
    /* decimal comma, default thousands: '.' or a space */
    SEP("466,0", ',', 0, 466.0, 0);
    SEP("1.234,5", ',', 0, 1234.5, 0);
    SEP("1.234.567", ',', 0, 1234567.0, 0);
    SEP("1 234,5", ',', 0, 1234.5, 0);
    SEP("1\xC2\xA0" "234,5", ',', 0, 1234.5, 0);     /* U+00A0 */
    SEP("1\xE2\x80\xAF" "234,5", ',', 0, 1234.5, 0); /* U+202F */
    SEP("-0,25", ',', 0, -0.25, 0);
    SEP(",5", ',', 0, 0.5, 0);
    SEP("5,", ',', 0, 5.0, 0);
    SEP("12,5 %", ',', 0, 12.5, 1);
    SEP("1,5e3", ',', 0, 1500.0, 0);
    SEP(" 0,1 ", ',', 0, 0.1, 0);
    NOT_SEP("1.5", ',', 0);          /* a '.' groups three digits */
    NOT_SEP("1.234 567,5", ',', 0);  /* one separator per number */
    NOT_SEP("1.23,5", ',', 0);
    NOT_SEP("0.123", ',', 0);
    NOT_SEP("1,234.5", ',', 0);
    NOT_SEP("1,2,3", ',', 0);
    NOT_SEP("1\xC2\xA0" "2", ',', 0);
    NOT_SEP("1\xC2", ',', 0);
    NOT_SEP("1 ,5", ',', 0);
    CHECK(ic_number_parse_sep("NA", NULL, NULL, ',', 0) == 0);
    CHECK(ic_number_parse_sep("..", NULL, NULL, ',', 0) == 0);
    /* explicit thousands */
    SEP("1.234,5", ',', '.', 1234.5, 0);
    NOT_SEP("1 234,5", ',', '.');
    SEP("1 234,5", ',', ' ', 1234.5, 0);
    NOT_SEP("1.234,5", ',', ' ');
    SEP("1234,5", ',', -1, 1234.5, 0);
    NOT_SEP("1.234,5", ',', -1);
    SEP("1'234'567.5", '.', '\'', 1234567.5, 0);
    SEP("1 234.5", '.', ' ', 1234.5, 0);
    NOT_SEP("1,234.5", '.', ' ');
    SEP("1234.5", '.', -1, 1234.5, 0);
    NOT_SEP("1,234", '.', -1);
    /* a thousands separator equal to the decimal one counts as none */
    SEP("1234,5", ',', ',', 1234.5, 0);
    NOT_SEP("1,234,5", ',', ',');
    SEP("1234.5", '.', '.', 1234.5, 0);
}

/* The default separators give exactly ic_number_parse; the other
 * conventions give the same value for the same number written their way. */
static void test_separators_agree(void)
{
    unsigned seed = 3;
    long mismatches = 0;
    char dflt[64], de[64], fr[64], ch[64], plain[64];
    for (int i = 0; i < 100000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned long long whole = (seed >> 4) % 100000000ull;
        seed = seed * 1103515245u + 12345u;
        unsigned frac = (seed >> 8) % 1000, fd = seed % 4;
        int neg = (seed >> 20) & 1;
        /* integer part grouped by threes with separator `g` */
        char digits[32], grouped[4][48];
        snprintf(digits, sizeof digits, "%llu", whole);
        const char *seps[4] = {",", ".", "\xE2\x80\xAF", "'"};
        size_t n = strlen(digits);
        for (int k = 0; k < 4; k++) {
            size_t o = 0;
            for (size_t j = 0; j < n; j++) {
                if (j && (n - j) % 3 == 0) {
                    size_t sl = strlen(seps[k]);
                    memcpy(grouped[k] + o, seps[k], sl);
                    o += sl;
                }
                grouped[k][o++] = digits[j];
            }
            grouped[k][o] = '\0';
        }
        char fpart[8] = "";
        if (fd)
            snprintf(fpart, sizeof fpart, "%0*u", (int)fd, frac % (fd == 1 ? 10 : fd == 2 ? 100 : 1000));
        const char *sg = neg ? "-" : "";
        snprintf(dflt, sizeof dflt, "%s%s%s%s", sg, grouped[0], fd ? "." : "", fpart);
        snprintf(de, sizeof de, "%s%s%s%s", sg, grouped[1], fd ? "," : "", fpart);
        snprintf(fr, sizeof fr, "%s%s%s%s", sg, grouped[2], fd ? "," : "", fpart);
        snprintf(ch, sizeof ch, "%s%s%s%s", sg, grouped[3], fd ? "." : "", fpart);
        snprintf(plain, sizeof plain, "%s%s%s%s", sg, digits, fd ? "," : "", fpart);
        double want = 0, a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
        int ok = ic_number_parse(dflt, &want, NULL) == 1 &&
                 ic_number_parse_sep(dflt, &a, NULL, 0, 0) == 1 &&
                 ic_number_parse_sep(de, &b, NULL, ',', 0) == 1 &&
                 ic_number_parse_sep(fr, &c, NULL, ',', 0) == 1 &&
                 ic_number_parse_sep(fr, &d, NULL, ',', ' ') == 1 &&
                 ic_number_parse_sep(ch, &e, NULL, '.', '\'') == 1 &&
                 ic_number_parse_sep(plain, &f, NULL, ',', -1) == 1;
        ok = ok && memcmp(&want, &a, sizeof a) == 0 && memcmp(&want, &b, sizeof b) == 0 &&
             memcmp(&want, &c, sizeof c) == 0 && memcmp(&want, &d, sizeof d) == 0 &&
             memcmp(&want, &e, sizeof e) == 0 && memcmp(&want, &f, sizeof f) == 0;
        if (!ok && mismatches++ < 5)
            fprintf(stderr, "  %s / %s / %s / %s / %s disagree\n", dflt, de, fr, ch, plain);
    }
    CHECK(mismatches == 0);
}

int main(void)
{
    test_plain();
    test_grouping();
    test_percent();
    test_rejects();
    test_missing();
    test_long_input();
    test_same_as_strtod();
    test_separators();
    test_separators_agree();
    return CHECK_DONE();
}

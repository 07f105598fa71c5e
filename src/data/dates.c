/* Reading and writing dates (see dates.h). The readers are hand-written
 * scanners over the cell text: a column of a million ISO dates is read in a
 * few tens of milliseconds. */
#include "data/dates.h"
#include "data/scan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* calendar                                                            */

/* Days from 1970-01-01 to y-m-d. Counts in 400-year eras of 146097 days,
 * with years starting in March so the leap day falls at the end. */
long ic_days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                          /* 0..399 */
    long mp = m > 2 ? m - 3 : m + 9;                   /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;             /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* 0..146096 */
    return era * 146097 + doe - 719468;
}

/* The inverse of ic_days_from_civil. */
void ic_civil_from_days(long days, long *y, int *m, int *d)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;                              /* 0..146096 */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* 0..365 */
    long mp = (5 * doy + 2) / 153;                               /* March = 0 */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int ic_days_in_month(long y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

/* Seconds after midnight of `days`, rounded to the second (a time stored as
 * a fraction of a day is not exact). *day receives the day. */
static long seconds_of_day(double days, long *day)
{
    double f = floor(days);
    long s = lround((days - f) * 86400.0);
    *day = (long)f;
    if (s >= 86400) {
        s -= 86400;
        (*day)++;
    }
    return s;
}

ic_date_res ic_date_alignment(double days)
{
    long day;
    long s = seconds_of_day(days, &day);
    if (s != 0)
        return s % 60 ? IC_RES_SECOND : s % 3600 ? IC_RES_MINUTE : IC_RES_HOUR;
    long y;
    int m, d;
    ic_civil_from_days(day, &y, &m, &d);
    return d != 1 ? IC_RES_DAY : m != 1 ? IC_RES_MONTH : IC_RES_YEAR;
}

/* ------------------------------------------------------------------ */
/* month names                                                         */

static const char *const en_long[12] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
static const char *const en_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
/* Urdu (as used in Pakistan) */
static const char *const ur_names[12] = {
    "\xD8\xAC\xD9\x86\xD9\x88\xD8\xB1\xDB\x8C",                 /* جنوری */
    "\xD9\x81\xD8\xB1\xD9\x88\xD8\xB1\xDB\x8C",                 /* فروری */
    "\xD9\x85\xD8\xA7\xD8\xB1\xDA\x86",                         /* مارچ */
    "\xD8\xA7\xD9\xBE\xD8\xB1\xDB\x8C\xD9\x84",                 /* اپریل */
    "\xD9\x85\xD8\xA6\xDB\x8C",                                 /* مئی */
    "\xD8\xAC\xD9\x88\xD9\x86",                                 /* جون */
    "\xD8\xAC\xD9\x88\xD9\x84\xD8\xA7\xD8\xA6\xDB\x8C",         /* جولائی */
    "\xD8\xA7\xDA\xAF\xD8\xB3\xD8\xAA",                         /* اگست */
    "\xD8\xB3\xD8\xAA\xD9\x85\xD8\xA8\xD8\xB1",                 /* ستمبر */
    "\xD8\xA7\xDA\xA9\xD8\xAA\xD9\x88\xD8\xA8\xD8\xB1",         /* اکتوبر */
    "\xD9\x86\xD9\x88\xD9\x85\xD8\xA8\xD8\xB1",                 /* نومبر */
    "\xD8\xAF\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1"                  /* دسمبر */
};
/* Arabic, the Egyptian and Gulf names */
static const char *const ar_names[12] = {
    "\xD9\x8A\xD9\x86\xD8\xA7\xD9\x8A\xD8\xB1",                 /* يناير */
    "\xD9\x81\xD8\xA8\xD8\xB1\xD8\xA7\xD9\x8A\xD8\xB1",         /* فبراير */
    "\xD9\x85\xD8\xA7\xD8\xB1\xD8\xB3",                         /* مارس */
    "\xD8\xA3\xD8\xA8\xD8\xB1\xD9\x8A\xD9\x84",                 /* أبريل */
    "\xD9\x85\xD8\xA7\xD9\x8A\xD9\x88",                         /* مايو */
    "\xD9\x8A\xD9\x88\xD9\x86\xD9\x8A\xD9\x88",                 /* يونيو */
    "\xD9\x8A\xD9\x88\xD9\x84\xD9\x8A\xD9\x88",                 /* يوليو */
    "\xD8\xA3\xD8\xBA\xD8\xB3\xD8\xB7\xD8\xB3",                 /* أغسطس */
    "\xD8\xB3\xD8\xA8\xD8\xAA\xD9\x85\xD8\xA8\xD8\xB1",         /* سبتمبر */
    "\xD8\xA3\xD9\x83\xD8\xAA\xD9\x88\xD8\xA8\xD8\xB1",         /* أكتوبر */
    "\xD9\x86\xD9\x88\xD9\x81\xD9\x85\xD8\xA8\xD8\xB1",         /* نوفمبر */
    "\xD8\xAF\xD9\x8A\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1"          /* ديسمبر */
};

/* 1 when `lang` is language `two` ("ur", "ur-PK", "ur_PK"). */
static int is_lang(const char *lang, const char *two)
{
    return lang && strncmp(lang, two, 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

const char *ic_month_name(int month, int abbreviated, const char *lang)
{
    if (month < 1 || month > 12)
        return "";
    if (is_lang(lang, "ur"))
        return ur_names[month - 1];
    if (is_lang(lang, "ar"))
        return ar_names[month - 1];
    return abbreviated ? en_short[month - 1] : en_long[month - 1];
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The English month (1..12) spelled by [b, e): its full name, its first
 * three letters, or "Sept"; any case. 0 when it is none. */
static int month_word(const char *b, const char *e)
{
    size_t n = (size_t)(e - b);
    if (n < 3 || n > 9)
        return 0;
    for (int m = 0; m < 12; m++) {
        const char *full = en_long[m];
        size_t fl = strlen(full);
        if (n != 3 && n != fl && !(m == 8 && n == 4))
            continue;
        size_t i = 0;
        while (i < n && i < fl && lower(b[i]) == lower(full[i]))
            i++;
        if (i == n)
            return m + 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* scanners                                                            */

/* Reads `min` to `max` digits at *p (before e) into *v. */
static int digits(const char **p, const char *e, int min, int max, int *v)
{
    const char *s = *p;
    int n = 0, x = 0;
    while (s < e && n < max && is_digit(*s)) {
        x = x * 10 + (*s++ - '0');
        n++;
    }
    if (n < min)
        return 0;
    *p = s;
    *v = x;
    return 1;
}

/* A UTC offset at *p: Z, UTC, GMT, or +hh, +hhmm, +hh:mm (also −). */
static int zone(const char **p, const char *e, int *offset)
{
    const char *s = *p;
    if (s < e && (*s == 'Z' || *s == 'z')) {
        *offset = 0;
        *p = s + 1;
        return 1;
    }
    if (e - s >= 3 && (strncmp(s, "UTC", 3) == 0 || strncmp(s, "GMT", 3) == 0)) {
        *offset = 0;
        *p = s + 3;
        return 1;
    }
    if (s < e && (*s == '+' || *s == '-')) {
        int sign = *s++ == '-' ? -1 : 1, h, m = 0;
        if (!digits(&s, e, 2, 2, &h))
            return 0;
        if (s < e && *s == ':') {
            s++;
            if (!digits(&s, e, 2, 2, &m))
                return 0;
        } else if (s < e && is_digit(*s) && !digits(&s, e, 2, 2, &m)) {
            return 0;
        }
        if (h > 14 || m > 59)
            return 0;
        *offset = sign * (h * 60 + m);
        *p = s;
        return 1;
    }
    return 0;
}

/* The rest of a date: nothing, or a time of day after 'T' or spaces
 * (HH:MM, HH:MM:SS, fractions of a second), then an optional offset.
 * Adds the time to d->days and refines d->res. */
static int time_part(const char *p, const char *e, ic_date *d)
{
    if (p == e)
        return 1;
    if (*p == 'T' || *p == 't') {
        p++;
    } else if (*p == ' ' || *p == ',') {
        p += *p == ',';
        while (p < e && *p == ' ')
            p++;
    } else {
        return 0;
    }
    int h, m, s = 0;
    double frac = 0;
    if (!digits(&p, e, 1, 2, &h) || p >= e || *p != ':')
        return 0;
    p++;
    if (!digits(&p, e, 2, 2, &m))
        return 0;
    d->res = IC_RES_MINUTE;
    if (p < e && *p == ':') {
        p++;
        if (!digits(&p, e, 2, 2, &s))
            return 0;
        d->res = IC_RES_SECOND;
        if (p < e && (*p == '.' || *p == ',') && p + 1 < e && is_digit(p[1])) {
            double scale = 0.1;
            for (p++; p < e && is_digit(*p); p++, scale /= 10)
                frac += (*p - '0') * scale;
        }
    }
    if (h > 23 || m > 59 || s > 59)
        return 0;
    if (p < e) {
        const char *z = p;
        while (z < e && *z == ' ')
            z++;
        if (!zone(&z, e, &d->offset) || z != e)
            return 0;
    }
    d->days += (h * 3600.0 + m * 60.0 + s + frac) / 86400.0;
    return 1;
}

static int set_date(ic_date *d, long y, int m, int day, ic_date_res res)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > ic_days_in_month(y, m))
        return 0;
    d->days = (double)ic_days_from_civil(y, m, day);
    d->res = res;
    return 1;
}

/* YYYY-MM, YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (months and days of one or
 * two digits; YYYY-MM with two), each date with an optional time. */
static int year_first(const char *p, const char *e, ic_date *d)
{
    int y = 0, m = 0, day = 0;
    digits(&p, e, 4, 4, &y);
    char sep = *p++;
    const char *ms = p;
    if (!digits(&p, e, 1, 2, &m))
        return 0;
    if (p == e)
        return sep == '-' && p - ms == 2 && set_date(d, y, m, 1, IC_RES_MONTH);
    if (*p++ != sep || !digits(&p, e, 1, 2, &day) || !set_date(d, y, m, day, IC_RES_DAY))
        return 0;
    return time_part(p, e, d);
}

/* d/m/Y, m/d/Y (also with - or .) with a four-digit year. A dot means day
 * first (31.12.2004); otherwise `order`, or any order that gives a date. */
static int numeric_dmy(const char *p, const char *e, ic_date_order order, ic_date *d)
{
    int a, b, y;
    if (!digits(&p, e, 1, 2, &a))
        return 0;
    char sep = *p++;
    if (!digits(&p, e, 1, 2, &b) || p >= e || *p != sep)
        return 0;
    p++;
    const char *ys = p;
    if (!digits(&p, e, 4, 4, &y) || (p < e && is_digit(*p)) || p - ys != 4)
        return 0;
    int dmy_ok = a >= 1 && b >= 1 && b <= 12 && a <= ic_days_in_month(y, b);
    int mdy_ok = a >= 1 && b >= 1 && a <= 12 && b <= ic_days_in_month(y, a);
    if (sep == '.' || order == IC_ORDER_DMY)
        mdy_ok = 0;
    if (order == IC_ORDER_MDY)
        dmy_ok = 0;
    if (!dmy_ok && !mdy_ok)
        return 0;
    if (!set_date(d, y, dmy_ok ? b : a, dmy_ok ? a : b, IC_RES_DAY))
        return 0;
    d->orders = (unsigned)dmy_ok | (unsigned)mdy_ok << 1 | IC_DATE_NUMERIC;
    return time_part(p, e, d);
}

static int is_token_sep(char c)
{
    return c == ' ' || c == ',' || c == '-' || c == '.' || c == '/';
}

/* English month names: "Jan 2000", "January 2000", "1 January 2000",
 * "1 Jan 2000", "01-Jan-2000", "Jan 1 2000", "January 1, 2000", "1st Jan
 * 2000"; then an optional time. */
static int named_month(const char *p, const char *e, ic_date *d)
{
    int month = 0, day = 0, year = -1, ntok = 0;
    while (p < e && year < 0) {
        while (p < e && is_token_sep(*p))
            p++;
        if (p == e || ++ntok > 3)
            return 0;
        const char *t = p;
        if (is_alpha(*p)) {
            while (p < e && is_alpha(*p))
                p++;
            if (month || !(month = month_word(t, p)))
                return 0;
            if (p < e && *p == '.')
                p++; /* "Jan." */
        } else if (is_digit(*p)) {
            int v = 0;
            digits(&p, e, 1, 4, &v);
            if (p - t == 4) {
                if (!month || (p < e && is_digit(*p)))
                    return 0;
                year = v;
            } else if (p - t <= 2 && !day) {
                day = v;
                /* ordinal suffixes: 1st 2nd 3rd 4th */
                if (e - p >= 2 && is_alpha(p[0]) && is_alpha(p[1]) && (e - p == 2 || !is_alpha(p[2]))) {
                    char a = lower(p[0]), b = lower(p[1]);
                    if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                        (a == 't' && b == 'h'))
                        p += 2;
                }
            } else {
                return 0;
            }
        } else {
            return 0;
        }
    }
    if (year < 0 || !month)
        return 0;
    if (!set_date(d, year, month, day ? day : 1, day ? IC_RES_DAY : IC_RES_MONTH))
        return 0;
    d->orders = 3;
    return time_part(p, e, d);
}

int ic_date_parse(const char *s, ic_date_order order, ic_date *out)
{
    const char *b, *e;
    trim(s, &b, &e);
    if (e - b < 7)
        return 0;
    ic_date d = {0, IC_DATE_NO_OFFSET, IC_RES_NONE, 3};
    if (is_digit(b[0]) && is_digit(b[1]) && is_digit(b[2]) && is_digit(b[3]) &&
        (b[4] == '-' || b[4] == '/' || b[4] == '.')) {
        if (!year_first(b, e, &d))
            return 0;
        *out = d;
        return 1;
    }
    int rc = 0;
    if (is_digit(b[0])) {
        const char *p = b + 1 + is_digit(b[1]);
        if (*p == '/' || *p == '-' || *p == '.') {
            rc = p + 1 < e && is_digit(p[1]) ? numeric_dmy(b, e, order, &d) : named_month(b, e, &d);
        } else {
            rc = named_month(b, e, &d);
        }
    } else if (is_alpha(b[0])) {
        rc = named_month(b, e, &d);
    }
    if (rc)
        *out = d;
    return rc;
}

int ic_date_looks_like(const char *s)
{
    const char *b = s;
    while (is_blank(*b))
        b++;
    const char *p = b, *e = b + strlen(b);
    int n = 0, v;
    /* 2004-13-01, 2004/1/1 */
    if (digits(&p, e, 4, 4, &v) && (*p == '-' || *p == '/' || *p == '.') && is_digit(p[1]))
        return 1;
    /* 08/01/2004, 31.12.04 */
    p = b;
    if (digits(&p, e, 1, 2, &v) && (*p == '-' || *p == '/' || *p == '.')) {
        char sep = *p++;
        if (digits(&p, e, 1, 2, &v) && *p == sep) {
            p++;
            const char *y = p;
            while (is_digit(*p))
                p++;
            if ((p - y == 2 || p - y == 4) && (*p == '\0' || is_blank(*p) || *p == 'T'))
                return 1;
        }
    }
    /* a month's name and a number */
    int month = 0, digit = 0;
    for (p = b; *p; n++) {
        if (is_alpha(*p)) {
            const char *t = p;
            while (is_alpha(*p))
                p++;
            month |= month_word(t, p) != 0;
        } else {
            digit |= is_digit(*p);
            p++;
        }
        if (n > 64)
            break;
    }
    return month && digit;
}

/* ------------------------------------------------------------------ */
/* x_format                                                            */

/* Reads a month name (full or three letters) at *p. */
static int month_at(const char **p, const char *e, int *m)
{
    const char *t = *p;
    while (*p < e && is_alpha(**p))
        (*p)++;
    *m = month_word(t, *p);
    return *m != 0;
}

typedef struct fields {
    int y, m, d, H, M, S, pm, offset;
    int has_y, has_m, has_d, has_H, has_M, has_S, has_p, twelve;
} fields;

/* Matches [p, e) against `f` (recursively for %F and %T). *q: where the
 * text continues. */
static int match(const char **q, const char *e, const char *f, fields *x)
{
    const char *p = *q;
    for (; *f; f++) {
        if (is_blank(*f)) {
            while (p < e && is_blank(*p))
                p++;
            continue;
        }
        if (*f != '%') {
            if (p >= e || *p != *f)
                return 0;
            p++;
            continue;
        }
        f++;
        int ok = 1;
        switch (*f) {
        case 'Y': ok = digits(&p, e, 4, 4, &x->y); x->has_y = 1; break;
        case 'y':
            ok = digits(&p, e, 2, 2, &x->y);
            x->y += x->y < 69 ? 2000 : 1900; /* as POSIX strptime */
            x->has_y = 1;
            break;
        case 'm': ok = digits(&p, e, 1, 2, &x->m); x->has_m = 1; break;
        case 'e':
            while (p < e && *p == ' ')
                p++;
            /* fall through */
        case 'd': ok = digits(&p, e, 1, 2, &x->d); x->has_d = 1; break;
        case 'H': ok = digits(&p, e, 1, 2, &x->H); x->has_H = 1; break;
        case 'I': ok = digits(&p, e, 1, 2, &x->H); x->has_H = x->twelve = 1; break;
        case 'M': ok = digits(&p, e, 1, 2, &x->M); x->has_M = 1; break;
        case 'S': ok = digits(&p, e, 1, 2, &x->S); x->has_S = 1; break;
        case 'p':
            ok = e - p >= 2 && (lower(p[1]) == 'm') && (lower(p[0]) == 'a' || lower(p[0]) == 'p');
            if (ok) {
                x->pm = lower(p[0]) == 'p';
                x->has_p = 1;
                p += 2;
            }
            break;
        case 'b': case 'B': case 'h': ok = month_at(&p, e, &x->m); x->has_m = 1; break;
        case 'z': ok = zone(&p, e, &x->offset); break;
        case 'F': ok = match(&p, e, "%Y-%m-%d", x); break;
        case 'T': ok = match(&p, e, "%H:%M:%S", x); break;
        case '%': ok = p < e && *p == '%'; p += ok; break;
        default: return 0;
        }
        if (!ok)
            return 0;
    }
    *q = p;
    return 1;
}

int ic_date_parse_format(const char *s, const char *format, ic_date *out)
{
    const char *b, *e;
    trim(s, &b, &e);
    fields x = {0};
    x.m = x.d = 1;
    x.offset = IC_DATE_NO_OFFSET;
    const char *p = b;
    if (!match(&p, e, format, &x) || p != e || !x.has_y)
        return 0;
    if (x.twelve) {
        if (x.H < 1 || x.H > 12)
            return 0;
        x.H = x.H % 12 + (x.pm ? 12 : 0);
    }
    if (x.H > 23 || x.M > 59 || x.S > 59)
        return 0;
    ic_date d = {0, x.offset, IC_RES_NONE, 3};
    ic_date_res res = x.has_S ? IC_RES_SECOND : x.has_M ? IC_RES_MINUTE : x.has_H ? IC_RES_HOUR
                      : x.has_d ? IC_RES_DAY : x.has_m ? IC_RES_MONTH : IC_RES_YEAR;
    if (!set_date(&d, x.y, x.m, x.d, res))
        return 0;
    d.days += (x.H * 3600.0 + x.M * 60.0 + x.S) / 86400.0;
    *out = d;
    return 1;
}

int ic_date_format_check(const char *format, char *why, size_t size)
{
    int year = 0;
    for (const char *f = format; *f; f++) {
        if (*f != '%')
            continue;
        f++;
        if (!*f) {
            snprintf(why, size, "it ends with a lone '%%'");
            return -1;
        }
        if (!strchr("YymdeHIMSpbBhzFT%", *f)) {
            snprintf(why, size, "'%%%c' is not a directive infochart reads (use %%Y %%y %%m %%d %%e %%b %%B %%H "
                     "%%I %%M %%S %%p %%z %%F %%T %%%%)", *f);
            return -1;
        }
        year |= *f == 'Y' || *f == 'y' || *f == 'F';
    }
    if (!year) {
        snprintf(why, size, "it has no year (%%Y or %%y)");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

static void time_text(long secs, ic_date_res unit, char *buf, size_t size)
{
    int h = (int)(secs / 3600), m = (int)(secs / 60 % 60), s = (int)(secs % 60);
    if (unit == IC_RES_SECOND)
        snprintf(buf, size, "%02d:%02d:%02d", h, m, s);
    else
        snprintf(buf, size, "%02d:%02d", h, m);
}

static void write_date(double days, ic_date_res unit, int with_year, int with_day, const char *lang, char *buf,
                       size_t size)
{
    long day, y;
    int m, d;
    long secs = seconds_of_day(days, &day);
    ic_civil_from_days(day, &y, &m, &d);
    const char *name = ic_month_name(m, 1, lang);
    char t[16] = "";
    if (unit <= IC_RES_HOUR)
        time_text(secs, unit, t, sizeof t);
    if (unit == IC_RES_YEAR)
        snprintf(buf, size, "%ld", y);
    else if (unit == IC_RES_MONTH)
        snprintf(buf, size, with_year ? "%s %ld" : "%s", name, y);
    else if (unit == IC_RES_DAY)
        snprintf(buf, size, with_year ? "%d %s %ld" : "%d %s", d, name, y);
    else if (!with_day)
        snprintf(buf, size, "%s", t);
    else if (with_year)
        snprintf(buf, size, "%d %s %ld %s", d, name, y, t);
    else
        snprintf(buf, size, "%d %s %s", d, name, t);
}

void ic_date_label(double days, ic_date_res unit, int context, const char *lang, char *buf, size_t size)
{
    if (unit == IC_RES_NONE)
        unit = IC_RES_DAY;
    write_date(days, unit, context && unit >= IC_RES_DAY, context, lang, buf, size);
}

void ic_date_text_full(double days, ic_date_res res, const char *lang, char *buf, size_t size)
{
    if (res == IC_RES_NONE)
        res = IC_RES_DAY;
    write_date(days, res, 1, 1, lang, buf, size);
}

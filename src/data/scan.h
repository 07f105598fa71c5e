/* Small text scanners shared by the cell parsers (number.c, table.c). */
#ifndef IC_DATA_SCAN_H
#define IC_DATA_SCAN_H

#include <string.h>

static inline int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The text of `s` without surrounding white space: [*begin, *end). */
static inline void trim(const char *s, const char **begin, const char **end)
{
    const char *b = s, *e = s + strlen(s);
    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    *begin = b;
    *end = e;
}

#endif

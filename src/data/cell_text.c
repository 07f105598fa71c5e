/* The texts of textless columns (table.h): a column of numbers written
 * plainly keeps only its values, and its cells' texts are written again
 * from them, byte for byte, when asked for. The CSV reader keeps no text
 * for a cell only when ic_number_fixed gives that text back exactly.
 *
 * Threads: a chart is laid out from a const table, possibly by several
 * threads at once, so writing a column's texts back is done once under a
 * lock and published with `textless` (release; readers acquire it). Nothing
 * a textless reader uses (value, missing, gap, decimals) changes. */
#include "data/table.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t ic_number_fixed(double v, int decimals, char decimal, char *buf)
{
    static const double p10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (decimals < 0 || decimals > 15 || !isfinite(v))
        return 0;
    double scaled = fabs(v) * p10[decimals];
    if (!(scaled < 9e15)) /* below 2^53: every integer is exact */
        return 0;
    uint64_t m = (uint64_t)llround(scaled);
    char digits[24]; /* least significant first */
    int n = 0;
    do {
        digits[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    while (n <= decimals) /* "0.05": one digit before the decimal separator */
        digits[n++] = '0';
    size_t len = 0;
    if (signbit(v))
        buf[len++] = '-';
    for (int i = n - 1; i >= 0; i--) {
        buf[len++] = digits[i];
        if (i == decimals && decimals > 0)
            buf[len++] = decimal;
    }
    buf[len] = '\0';
    return len;
}

/* Writes the text of cell `row` of textless column `c` into buf[64];
 * returns its length. */
static size_t cell_write(const ic_column *c, size_t row, char *buf)
{
    if (c->missing && c->missing[row]) { /* (the reader has none until a gap) */
        size_t len = c->gap ? strlen(c->gap) : 0; /* the reader keeps gaps of < 64 bytes */
        memcpy(buf, c->gap ? c->gap : "", len + 1);
        return len;
    }
    size_t len = ic_number_fixed(c->value[row], c->decimals, c->table && c->table->decimal ? c->table->decimal : '.',
                                 buf);
    if (len == 0) /* not reached: the reader checked every cell */
        buf[0] = '\0';
    return len;
}

int ic_column_materialise(ic_column *c, size_t nrows, size_t cap)
{
    if (!ic_column_textless(c))
        return 0;
    char buf[64];
    size_t total = 0;
    for (size_t i = 0; i < nrows; i++)
        total += cell_write(c, i, buf) + 1;
    if (total > UINT32_MAX || cap < nrows || cap > SIZE_MAX / sizeof(uint32_t))
        return -1;
    char *chars = malloc(total ? total : 1);
    uint32_t *start = malloc((cap ? cap : 1) * sizeof *start);
    if (!chars || !start) {
        free(chars);
        free(start);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < nrows; i++) {
        start[i] = (uint32_t)n;
        n += cell_write(c, i, chars + n) + 1;
    }
    c->chars = chars;
    c->nchars = c->chars_cap = total;
    c->start = start;
    __atomic_store_n(&c->textless, 0, __ATOMIC_RELEASE); /* gap and decimals stay for readers */
    return 0;
}

/* A text that lasts for the next 15 calls of this thread. */
static char *ring_text(const ic_column *c, size_t row)
{
    static _Thread_local char ring[16][64];
    static _Thread_local unsigned next;
    char *buf = ring[next++ % 16];
    cell_write(c, row, buf);
    return buf;
}

const char *ic_cell_text_brief(const ic_column *c, size_t row)
{
    return ic_column_textless(c) ? ring_text(c, row) : c->chars + c->start[row];
}

const char *ic_cell_text(const ic_column *c, size_t row)
{
    if (!ic_column_textless(c))
        return c->chars + c->start[row];
    /* the column's texts are kept from now on, so the pointer stays valid
     * like any other cell's (table.h) */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    ic_column *w = (ic_column *)c;
    size_t n = c->table ? c->table->nrows : row + 1;
    pthread_mutex_lock(&lock);
    int rc = ic_column_materialise(w, n, n); /* 0 too when another thread did it */
    pthread_mutex_unlock(&lock);
    if (rc == 0)
        return c->chars + c->start[row];
    return ring_text(c, row); /* out of memory: a text that lasts a while */
}

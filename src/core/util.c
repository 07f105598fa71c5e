#include "core/util.h"
#include "core/error.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t ic_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * UINT64_C(0x100000001b3);
    return h;
}

void ic_hash_hex8(uint64_t h, char out[9])
{
    snprintf(out, 9, "%08x", (unsigned)((h ^ (h >> 32)) & 0xffffffffu));
}

char *ic_strdup(const char *s)
{
    return s ? ic_strndup(s, strlen(s)) : NULL;
}

char *ic_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ic_asprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

int ic_open_regular(const char *path, struct stat *st, ic_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat own;
    if (!st)
        st = &own;
    if (fstat(fd, st) != 0)
        ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    else if (!S_ISREG(st->st_mode))
        ic_error_set(err, IC_ERR_IO, path, 0, 0, "not a regular file");
    else
        return fd;
    close(fd);
    return -1;
}

char *ic_read_file(const char *path, size_t max_bytes, size_t *len, ic_error *err)
{
    int fd = ic_open_regular(path, NULL, err);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    size_t cap = max_bytes < 4096 ? max_bytes : 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        goto nomem;
    for (;;) {
        if (n == cap) {
            if (cap >= max_bytes) {
                /* exactly at the limit is fine: one more byte is too many */
                char extra;
                if (fread(&extra, 1, 1, f) == 1) {
                    ic_error_set(err, IC_ERR_LIMIT, path, 0, 0, "file is larger than the limit of %zu bytes",
                                 max_bytes);
                    goto fail;
                }
                if (ferror(f))
                    goto read_error;
                break;
            }
            cap = cap * 2 > max_bytes ? max_bytes : cap * 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                goto nomem;
            buf = nb;
        }
        size_t want = cap - n, got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want) {
            if (ferror(f))
                goto read_error;
            break; /* end of file */
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
read_error:
    ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    goto fail;
nomem:
    ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
fail:
    free(buf);
    fclose(f);
    return NULL;
}

char *ic_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ic_strdup(".");
    if (slash == path)
        return ic_strdup("/");
    return ic_strndup(path, (size_t)(slash - path));
}

char *ic_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
        return ic_strdup(rel);
    return ic_asprintf("%s/%s", dir, rel);
}

size_t ic_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ic_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = ic_edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    size_t len = strlen(word);
    size_t allowed = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    return best && best_d <= allowed ? best : NULL;
}

int ic_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t need;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            need = 1; min = 0x80; c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2; min = 0x800; c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3; min = 0x10000; c &= 0x07;
        } else {
            goto bad;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
                goto bad;
            c = (c << 6) | (p[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return 1;
bad:
    if (bad_offset)
        *bad_offset = i;
    return 0;
}

int ic_text_forbidden(const char *s, size_t len, size_t *offset, unsigned *codepoint)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned c = p[i];
        size_t n = 1;
        if (c >= 0xF0 && i + 3 < len) {
            c = ((c & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
            n = 4;
        } else if (c >= 0xE0 && i + 2 < len) {
            c = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
            n = 3;
        } else if (c >= 0xC0 && i + 1 < len) {
            c = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
            n = 2;
        }
        int bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) ||
                  (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFEu) == 0xFFFEu;
        if (bad) {
            if (offset)
                *offset = i;
            if (codepoint)
                *codepoint = c;
            return 1;
        }
        i += n;
    }
    return 0;
}

const char *ic_clip(const char *s, char *buf, size_t size)
{
    size_t i = 0, o = 0;
    while (s[i] && o + 4 < size) {
        if (i >= 40 && ((unsigned char)s[i] & 0xC0) != 0x80) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        char c = s[i++];
        buf[o++] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    buf[o] = '\0';
    return buf;
}

int ic_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A growable, always NUL-terminated string buffer: the one way text is
 * assembled (never `n += snprintf(...)` into a fixed array). A failed
 * allocation is sticky: later appends do nothing, and ic_buf_take returns
 * NULL, so a caller checks once at the end. */
#ifndef IC_CORE_BUF_H
#define IC_CORE_BUF_H

#include <stddef.h>

typedef struct ic_buf {
    char *data;   /* NUL-terminated once anything was appended; may be NULL */
    size_t len;   /* bytes, without the terminator */
    size_t cap;   /* bytes allocated */
    int failed;   /* an allocation failed: the content is incomplete */
} ic_buf;

#define IC_BUF_INIT { NULL, 0, 0, 0 }

/* Appends `n` bytes of `s` (may contain NUL). Returns 0, or -1 (and the
 * buffer is marked failed) when memory runs out. */
int ic_buf_append(ic_buf *b, const char *s, size_t n);
/* Appends a NUL-terminated string. */
int ic_buf_puts(ic_buf *b, const char *s);
/* Appends printf-formatted text. */
int ic_buf_printf(ic_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Room for `extra` more bytes, for writers that format in place: where
 * they go (write them, then call ic_buf_added), or NULL when memory runs
 * out (the buffer is then marked failed). */
char *ic_buf_space(ic_buf *b, size_t extra);
/* Counts `n` bytes written at ic_buf_space's pointer (n <= extra). */
void ic_buf_added(ic_buf *b, size_t n);
/* Appends `data` (`len` bytes) in base64 (RFC 4648, with '=' padding), as
 * data: URIs want it. */
void ic_buf_base64(ic_buf *b, const unsigned char *data, size_t len);
/* Cuts the content back to `len` bytes (no-op when already shorter). */
void ic_buf_truncate(ic_buf *b, size_t len);
/* The content as a heap string the caller frees ("" when nothing was
 * appended), or NULL when an append failed. The buffer is empty afterwards. */
char *ic_buf_take(ic_buf *b);
/* Frees the content; the buffer can be reused. */
void ic_buf_free(ic_buf *b);

#endif

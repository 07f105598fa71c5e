/* Error recording shared by every stage. Only src/cli prints errors. */
#ifndef IC_CORE_ERROR_H
#define IC_CORE_ERROR_H

#include <stdarg.h>
#include "infochart.h"

/* Records an error unless one is already recorded (the first error wins).
 * `err` may be NULL. `file` may be NULL; line/column 0 mean unknown. Returns -1
 * so callers can `return ic_error_set(...)`. */
int ic_error_set(ic_error *err, ic_error_code code, const char *file, int line, int column,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ic_error_set with the arguments as a va_list. */
int ic_error_setv(ic_error *err, ic_error_code code, const char *file, int line, int column,
                  const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* True when `err` holds an error. */
int ic_error_is_set(const ic_error *err);

/* Converts a byte offset in `text` to a 1-based line and column (columns count
 * UTF-8 characters; CRLF and lone CR end lines too). */
void ic_offset_to_line_col(const char *text, size_t len, size_t offset, int *line, int *column);

#endif

#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ic_error_set(ic_error *err, ic_error_code code, const char *file, int line, int column,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ic_error_setv(err, code, file, line, column, fmt, ap);
    va_end(ap);
    return -1;
}

int ic_error_setv(ic_error *err, ic_error_code code, const char *file, int line, int column,
                  const char *fmt, va_list ap)
{
    if (!err || err->code != IC_OK)
        return -1;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return -1;
}

int ic_error_is_set(const ic_error *err)
{
    return err && err->code != IC_OK;
}

void ic_offset_to_line_col(const char *text, size_t len, size_t offset, int *line, int *column)
{
    int l = 1, c = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n' || (ch == '\r' && !(i + 1 < len && text[i + 1] == '\n'))) {
            l++;
            c = 1;
        } else if (ch == '\r') {
            /* CR of a CRLF pair: the LF ends the line */
        } else if ((ch & 0xC0) != 0x80) {
            c++; /* count characters, not continuation bytes */
        }
    }
    if (line)
        *line = l;
    if (column)
        *column = c;
}

const char *ic_error_format(const ic_error *err, char *buf, size_t size)
{
    if (!err || !buf || size == 0)
        return buf;
    if (err->file[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line, err->column, err->message);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: error: %s", err->file, err->line, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: error: %s", err->file, err->message);
    else
        snprintf(buf, size, "error: %s", err->message);
    return buf;
}

const char *ic_version(void)
{
    return IC_VERSION;
}

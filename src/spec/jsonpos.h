/* Positions of keys and values in JSON text.
 *
 * jansson keeps no source positions, so the spec reader scans the raw text a
 * second time with this small tokenizer and looks positions up by path:
 *   ""               the root value
 *   "y"              top-level key "y"
 *   "y[1]"           second element of the array under "y"
 *   "number.style"   key "style" of the object under "number"
 * Keys appear decoded (escapes resolved) exactly as jansson gives them.
 * Only the first three levels below the root are recorded; deeper values are
 * skipped (no spec key nests deeper).
 *
 * The scanner is lenient and never reads out of bounds: on malformed text it
 * stops and keeps what it found so far. Lines and columns are 1-based and
 * count UTF-8 characters, like ic_offset_to_line_col. */
#ifndef IC_SPEC_JSONPOS_H
#define IC_SPEC_JSONPOS_H

#include <stddef.h>

typedef struct ic_jsonpos ic_jsonpos;

/* Scans `text` (`len` bytes, need not be NUL-terminated). Returns NULL only
 * when out of memory. Free with ic_jsonpos_free. */
ic_jsonpos *ic_jsonpos_scan(const char *text, size_t len);
void ic_jsonpos_free(ic_jsonpos *jp);

/* Looks up `path`. On success returns 0 and sets the position of the key
 * (its opening quote; for array elements and the root, the value itself) and
 * of the value's first character. Any output pointer may be NULL. Returns -1
 * when the path was not seen; outputs are then set to 0. When a path occurs
 * more than once (duplicate keys), the first occurrence is returned. */
int ic_jsonpos_find(const ic_jsonpos *jp, const char *path, int *key_line, int *key_col,
                    int *val_line, int *val_col);

/* The first key, in document order, that repeats a key of the same object.
 * Returns its path (owned by `jp`) and sets the position of the repeat and
 * the line of the first occurrence, or returns NULL when there is none. */
const char *ic_jsonpos_duplicate(const ic_jsonpos *jp, int *line, int *col, int *first_line);

#endif

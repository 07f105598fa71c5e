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

/* A character no chart text may hold (see ic_text_forbidden), found in a
 * string of the JSON text. */
typedef struct ic_jsonpos_char {
    int line, col;      /* the character itself, or the backslash of its escape */
    unsigned codepoint;
    int in_key;         /* 1: in a key, 0: in a string value */
    const char *path;   /* the key's or value's path (owned by the jsonpos); a
                           string nested deeper than the recorded levels gives
                           its deepest recorded container */
} ic_jsonpos_char;

/* The first such character in document order, in any string (keys and
 * values, at any depth, written raw or as an escape). Returns 1 and fills
 * `*found`, or 0 when every string is clean. */
int ic_jsonpos_forbidden(const ic_jsonpos *jp, ic_jsonpos_char *found);

#endif

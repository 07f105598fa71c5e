/* Small helpers every stage shares: strings, files, suggestions. */
#ifndef IC_CORE_UTIL_H
#define IC_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "infochart.h"

#define IC_PI 3.14159265358979323846

/* FNV-1a 64: content hashes, file-name suffixes, hash tables. Fold `n`
 * bytes into `h` (start from IC_HASH_INIT); returns the new state. */
#define IC_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t ic_hash_bytes(uint64_t h, const void *p, size_t n);
/* A hash as 8 hex digits (its two halves xor-ed) and a NUL, into `out`. */
void ic_hash_hex8(uint64_t h, char out[9]);

/* strdup that returns NULL for NULL. Free with free(). */
/* qsort comparator for doubles, ascending (NaN-free input). */
int ic_compare_doubles(const void *a, const void *b);

char *ic_strdup(const char *s);
char *ic_strndup(const char *s, size_t n);

/* printf into a new heap string. Free with free(). */
char *ic_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct stat;
/* Opens `path` for reading without blocking (a FIFO or a device would hang
 * or never end) and only when it is a regular file; fills *st (may be NULL).
 * Returns the descriptor, or -1 with IC_ERR_IO in `err` (may be NULL):
 * "cannot open: ...", "cannot read: ..." or "not a regular file". */
int ic_open_regular(const char *path, struct stat *st, ic_error *err);

/* Reads a whole file into a new NUL-terminated buffer (free with free()).
 * `max_bytes` caps the size (IC_ERR_LIMIT beyond it). */
char *ic_read_file(const char *path, size_t max_bytes, size_t *len, ic_error *err);

/* Directory part of `path` ("." when none). Free with free(). */
char *ic_path_dirname(const char *path);

/* `rel` resolved against directory `dir` unless it is absolute. Free with free(). */
char *ic_path_join(const char *dir, const char *rel);

/* Edit distance between two ASCII strings, case-insensitive. */
size_t ic_edit_distance(const char *a, const char *b);

/* The candidate closest to `word` if it is close enough to be a likely typo,
 * else NULL. `candidates` is borrowed; the result points into it. */
const char *ic_suggest(const char *word, const char *const *candidates, size_t n);

/* 1 when `s` (length `len`) is valid UTF-8; otherwise 0 and `*bad_offset` is the
 * offset of the first invalid byte. */
int ic_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Characters no chart text may hold, because no output format can carry them
 * (XML 1.0 forbids C0 controls and U+FFFE/U+FFFF; PDF text strings and
 * terminals misread the rest): C0 controls other than tab, line feed and
 * carriage return, DEL, C1 controls (U+0080-U+009F) and Unicode
 * noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
 * `s` must be valid UTF-8. Returns 1 and sets *offset (byte offset of the
 * character) and *codepoint for the first one found; 0 when `s` is clean. */
int ic_text_forbidden(const char *s, size_t len, size_t *offset, unsigned *codepoint);

/* A short, one-line rendering of `s` for error messages: at most about 40
 * characters (never cutting a UTF-8 sequence), then "...", with newlines and
 * tabs as spaces. Writes into `buf` and returns it. */
const char *ic_clip(const char *s, char *buf, size_t size);

#endif

/* Small shared helpers: checked allocation, growable byte buffers, string sets, text
 * parsing of numbers and UTF-8 validation. Used by every module; owns nothing global. */
#ifndef ZORGLANDSCHAP_UTIL_H
#define ZORGLANDSCHAP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"

/* Growable array helper: ensures room for `need` elements of `elem` bytes in *arr.
 * Returns ZL_OK or ZL_ENOMEM (with err set); *arr and *cap are updated on success. */
zl_status zl_grow(void **arr, size_t *cap, size_t need, size_t elem, zl_err *err);

/* Asks the kernel to back the whole 2 MB pages inside [p, p + bytes) with transparent huge
 * pages (Linux madvise, a hint: no error, no effect elsewhere or below ZL_HUGE_MIN bytes).
 * For blocks filled once and read through: a 1.2-million-row import faulted in 80,000 small
 * pages, a third of its time in a virtual machine. zl_grow advises what it allocates. */
#define ZL_HUGE_MIN ((size_t)4 << 20)
void zl_advise_huge(void *p, size_t bytes);
/* malloc(bytes) (at least 1), advised as above; NULL when out of memory. Free with free(). */
void *zl_malloc_huge(size_t bytes);

/* A growable, always NUL-terminated byte buffer. Zero-initialise; free with zl_buf_free. */
typedef struct zl_buf {
    char *data;
    size_t len, cap;
} zl_buf;

zl_status zl_buf_append(zl_buf *b, const char *s, size_t n, zl_err *err);
zl_status zl_buf_printf(zl_buf *b, zl_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void zl_buf_reset(zl_buf *b);
void zl_buf_free(zl_buf *b);

/* Reads a whole file into memory (NUL-terminated; *len excludes the NUL). Caller frees. */
zl_status zl_read_file(const char *path, char **data, size_t *len, zl_err *err);

/* An open-addressing set of strings (copies the keys). */
typedef struct zl_strset zl_strset;
zl_status zl_strset_new(zl_strset **out, zl_err *err);
void zl_strset_free(zl_strset *s);
/* Adds key; *added is false when it was already present. */
zl_status zl_strset_add(zl_strset *s, const char *key, bool *added, zl_err *err);
bool zl_strset_has(const zl_strset *s, const char *key);
size_t zl_strset_count(const zl_strset *s);

/* Strict number parsing of a whole field (no trailing garbage, no empty string). */
bool zl_parse_i64(const char *s, int64_t *out);
bool zl_parse_f64(const char *s, double *out);

/* Returns the byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
long zl_utf8_invalid_at(const char *s, size_t n);

/* Splits "a,b,c" into a NULL-terminated array of trimmed strings; caller frees with
 * zl_strv_free. Empty input gives an empty array. */
zl_status zl_split_list(const char *s, char ***out, size_t *n, zl_err *err);
void zl_strv_free(char **v);

/* a + b for counts, saturating at INT64_MAX / INT64_MIN instead of overflowing. Imported
 * counts are bounded (import.h) and the case loader re-checks them, so a saturated sum
 * means a broken invariant; the saturation only keeps it from being undefined behaviour
 * or a silently negative total. */
static inline int64_t zl_add_count(int64_t a, int64_t b)
{
    int64_t s;
    if (__builtin_add_overflow(a, b, &s))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return s;
}

/* FNV-1a 64-bit hash of a string, and of n bytes (zeros included). */
uint64_t zl_hash_str(const char *s);
uint64_t zl_hash_bytes(const void *p, size_t n);

#endif

/* A streaming JSON writer: compact JSON text written straight into a zl_buf, members in
 * the order written, strings escaped as RFC 8259 requires. For answers on hot paths (the
 * finder), where building a jansson tree and dumping it costs more than the answer.
 * Every value function takes the member's key, or NULL inside an array and at the top.
 * Running out of memory or nesting deeper than ZL_JW_DEPTH is remembered and reported
 * once, by zl_jw_finish. */
#ifndef ZORGLANDSCHAP_JSONW_H
#define ZORGLANDSCHAP_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "zorglandschap/util.h"

#define ZL_JW_DEPTH 32

typedef struct zl_jw {
    zl_buf buf;
    int depth;
    zl_status failed;      /* ZL_ENOMEM or ZL_EINTERNAL (too deep); sticky */
    bool any[ZL_JW_DEPTH]; /* a member was written at this depth: the next needs a comma */
} zl_jw;

void zl_jw_object(zl_jw *w, const char *key);             /* opens an object */
void zl_jw_array(zl_jw *w, const char *key);              /* opens an array */
void zl_jw_close(zl_jw *w, char bracket);                 /* '}' or ']' */
void zl_jw_str(zl_jw *w, const char *key, const char *v); /* NULL writes null */
void zl_jw_strn(zl_jw *w, const char *key, const char *v, size_t len);
void zl_jw_int(zl_jw *w, const char *key, int64_t v);
/* The string prefix followed by the decimal v, e.g. "ORPHA:558" (prefix needs no escape). */
void zl_jw_code(zl_jw *w, const char *key, const char *prefix, int64_t v);
/* Shortest of up to 10 significant digits, always with a fraction or exponent, as
 * jansson's JSON_REAL_PRECISION(10) writes it. Non-finite values are written as null. */
void zl_jw_real(zl_jw *w, const char *key, double v);
void zl_jw_bool(zl_jw *w, const char *key, bool v);
void zl_jw_null(zl_jw *w, const char *key);

/* Hands over the text (*out, NUL-terminated; caller frees) and its length, or fails
 * with ZL_ENOMEM, or ZL_EINTERNAL when nesting went too deep or is still open; either
 * way w is empty afterwards. */
zl_status zl_jw_finish(zl_jw *w, char **out, size_t *len, zl_err *err);
void zl_jw_free(zl_jw *w);

#endif

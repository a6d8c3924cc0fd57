/* The one error convention of the library: every fallible function returns a zl_status
 * (ZL_OK on success) and, on failure, fills a caller-owned zl_err with a message that
 * names the file, line, field and reason where those are known. Nothing in the library
 * prints or exits; front ends decide what to do with the message. */
#ifndef ZORGLANDSCHAP_ERR_H
#define ZORGLANDSCHAP_ERR_H

#include <stddef.h>

typedef enum zl_status {
    ZL_OK = 0,
    ZL_EINPUT,      /* bad input data or arguments: the user can fix it */
    ZL_ENOTFOUND,   /* a referenced thing does not exist */
    ZL_EDB,         /* the database failed */
    ZL_EIO,         /* a file could not be read or written */
    ZL_ENOMEM,      /* out of memory */
    ZL_EINFEASIBLE, /* the constraints of a question cannot all be met */
    ZL_EAUTH,       /* missing or insufficient credentials */
    ZL_EINTERNAL,   /* a bug: an invariant did not hold */
    ZL_EBUSY        /* the database is locked by another writer: try again later */
} zl_status;

#define ZL_ERR_MSG_MAX 1024

typedef struct zl_err {
    zl_status code;
    char msg[ZL_ERR_MSG_MAX];
} zl_err;

/* Sets err (when not NULL) and returns code, so callers can `return zl_fail(...)`. */
zl_status zl_fail(zl_err *err, zl_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends context ("importing areas: ") to an existing message; returns err->code. */
zl_status zl_err_prefix(zl_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void zl_err_clear(zl_err *err);

/* A short name for a status, e.g. "input error". */
const char *zl_status_name(zl_status code);

#endif

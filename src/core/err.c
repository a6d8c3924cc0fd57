/* The error convention: formatting into a caller-owned zl_err. */
#include "zorglandschap/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

zl_status zl_fail(zl_err *err, zl_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

zl_status zl_err_prefix(zl_err *err, const char *fmt, ...)
{
    if (!err)
        return ZL_EINTERNAL;
    char prefix[256], old[ZL_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t n = strlen(prefix);
    if (n >= sizeof err->msg)
        n = sizeof err->msg - 1;
    memcpy(err->msg, prefix, n);
    size_t rest = strnlen(old, sizeof old - 1);
    if (rest > sizeof err->msg - 1 - n)
        rest = sizeof err->msg - 1 - n;
    memcpy(err->msg + n, old, rest);
    err->msg[n + rest] = '\0';
    return err->code;
}

void zl_err_clear(zl_err *err)
{
    if (err) {
        err->code = ZL_OK;
        err->msg[0] = '\0';
    }
}

const char *zl_status_name(zl_status code)
{
    switch (code) {
    case ZL_OK: return "ok";
    case ZL_EINPUT: return "input error";
    case ZL_ENOTFOUND: return "not found";
    case ZL_EDB: return "database error";
    case ZL_EIO: return "i/o error";
    case ZL_ENOMEM: return "out of memory";
    case ZL_EINFEASIBLE: return "infeasible";
    case ZL_EAUTH: return "not authorised";
    case ZL_EINTERNAL: return "internal error";
    case ZL_EBUSY: return "database busy";
    }
    return "unknown error";
}

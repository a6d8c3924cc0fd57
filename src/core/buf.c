/* Growable arrays and byte buffers, and reading a whole file into memory. */
#include "zorglandschap/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void zl_advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (!p || bytes < ZL_HUGE_MIN)
        return;
    /* Only whole huge pages inside the block: never a neighbour's memory. */
    uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t to = ((uintptr_t)p + bytes) & ~(HUGE_PAGE - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
    (void)p, (void)bytes;
#endif
}

void *zl_malloc_huge(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    zl_advise_huge(p, bytes);
    return p;
}

zl_status zl_grow(void **arr, size_t *cap, size_t need, size_t elem, zl_err *err)
{
    if (need <= *cap)
        return ZL_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return zl_fail(err, ZL_ENOMEM, "out of memory (%zu elements of %zu bytes)", ncap, elem);
    zl_advise_huge(p, ncap * elem);
    *arr = p;
    *cap = ncap;
    return ZL_OK;
}

zl_status zl_buf_append(zl_buf *b, const char *s, size_t n, zl_err *err)
{
    if (b->len + n + 1 > b->cap) {
        void *data = b->data;
        if (zl_grow(&data, &b->cap, b->len + n + 1, 1, err) != ZL_OK)
            return ZL_ENOMEM;
        b->data = data;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ZL_OK;
}

zl_status zl_buf_printf(zl_buf *b, zl_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return zl_fail(err, ZL_EINTERNAL, "bad format string");
    void *data = b->data;
    if (zl_grow(&data, &b->cap, b->len + (size_t)n + 1, 1, err) != ZL_OK)
        return ZL_ENOMEM;
    b->data = data;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ZL_OK;
}

void zl_buf_reset(zl_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void zl_buf_free(zl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

zl_status zl_read_file(const char *path, char **data, size_t *len, zl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_EIO, "%s: cannot open: %s", path, strerror(errno));
    /* Size the buffer once for regular files (no realloc copies of large files); pipes and
     * other streams grow as they are read. */
    zl_buf b = {0};
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        void *p = b.data;
        if (zl_grow(&p, &b.cap, (size_t)sb.st_size + 1, 1, err) != ZL_OK) {
            fclose(f);
            return ZL_ENOMEM;
        }
        b.data = p;
    }
    char chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (zl_buf_append(&b, chunk, n, err) != ZL_OK) {
            fclose(f);
            zl_buf_free(&b);
            return ZL_ENOMEM;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        zl_buf_free(&b);
        return zl_fail(err, ZL_EIO, "%s: read error", path);
    }
    if (!b.data && zl_buf_append(&b, "", 0, err) != ZL_OK)
        return ZL_ENOMEM;
    if (b.len == 0)
        b.data[0] = '\0';
    *data = b.data;
    *len = b.len;
    return ZL_OK;
}

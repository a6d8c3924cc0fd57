/* Bulk pseudonymisation at the hospital: a registration extract with a BSN column becomes
 * the same extract with a pseudonym column, or a list of BSNs becomes a list of
 * pseudonyms. Nothing is written unless every BSN passes the eleven-test, so a partly
 * converted file never leaves the hospital by accident. */
#include "zorglandschap/privacy.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "zorglandschap/csv.h"

#define MAX_PROBLEMS 1000

static zl_status csv_field_out(zl_buf *out, const char *s, zl_err *err)
{
    if (!strpbrk(s, ",\"\r\n"))
        return zl_buf_append(out, s, strlen(s), err);
    if (zl_buf_append(out, "\"", 1, err) != ZL_OK)
        return ZL_ENOMEM;
    for (const char *p = s; *p; p++)
        if (zl_buf_append(out, p, 1, err) != ZL_OK ||
            (*p == '"' && zl_buf_append(out, "\"", 1, err) != ZL_OK))
            return ZL_ENOMEM;
    return zl_buf_append(out, "\"", 1, err);
}

static zl_status problem(zl_buf *problems, size_t *n, const char *name, long line,
                         const char *why, zl_err *err)
{
    if ((*n)++ >= MAX_PROBLEMS)
        return ZL_OK;
    return zl_buf_printf(problems, err, "%s:%ld: %s\n", name, line, why);
}

static zl_status pseudonymise_lines(const unsigned char *key, const char *name, const char *data,
                                    size_t len, zl_buf *out, zl_buf *problems, size_t *nbad,
                                    zl_err *err)
{
    long line = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && data[j] != '\n')
            j++;
        line++;
        char field[64];
        size_t flen = j - i < sizeof field - 1 ? j - i : sizeof field - 1;
        memcpy(field, data + i, flen);
        field[flen] = '\0';
        i = j + 1;
        if (strspn(field, " \t\r") == flen)
            continue;
        char bsn9[ZL_BSN_DIGITS + 1], ps[ZL_PSEUDONYM_HEX + 1];
        const char *why;
        if (!zl_bsn_check(field, bsn9, &why)) {
            if (problem(problems, nbad, name, line, why, err) != ZL_OK)
                return ZL_ENOMEM;
            continue;
        }
        if (zl_pseudonym_of_bsn(key, bsn9, ps, err) != ZL_OK ||
            zl_buf_printf(out, err, "%s\n", ps) != ZL_OK)
            return err ? err->code : ZL_ENOMEM;
        sodium_memzero(bsn9, sizeof bsn9);
    }
    return ZL_OK;
}

static zl_status pseudonymise_row(const unsigned char *key, zl_csv *c, int col, zl_buf *out,
                                  zl_buf *problems, size_t *nbad, zl_err *err)
{
    char bsn9[ZL_BSN_DIGITS + 1], ps[ZL_PSEUDONYM_HEX + 1];
    const char *why;
    if (!zl_bsn_check(zl_csv_field(c, (size_t)col), bsn9, &why)) {
        char msg[200];
        snprintf(msg, sizeof msg, "column '%s': %s", zl_csv_header(c, (size_t)col), why);
        return problem(problems, nbad, zl_csv_name(c), zl_csv_line(c), msg, err);
    }
    if (zl_pseudonym_of_bsn(key, bsn9, ps, err) != ZL_OK)
        return ZL_EINTERNAL;
    sodium_memzero(bsn9, sizeof bsn9);
    for (size_t k = 0; k < zl_csv_ncols(c); k++) {
        const char *v = (int)k == col ? ps : zl_csv_field(c, k);
        if ((k && zl_buf_append(out, ",", 1, err) != ZL_OK) || csv_field_out(out, v, err) != ZL_OK)
            return ZL_ENOMEM;
    }
    return zl_buf_append(out, "\n", 1, err);
}

static zl_status pseudonymise_csv(const unsigned char *key, const char *name, const char *data,
                                  size_t len, const char *column, const char *out_column,
                                  zl_buf *out, zl_buf *problems, size_t *nbad, zl_err *err)
{
    zl_csv *c;
    if (zl_csv_open_mem(name, data, len, &c, err) != ZL_OK)
        return ZL_EINPUT;
    int col;
    zl_status st = zl_csv_require(c, &column, &col, 1, err);
    for (size_t k = 0; st == ZL_OK && k < zl_csv_ncols(c); k++) {
        const char *h = (int)k == col ? out_column : zl_csv_header(c, k);
        if ((k && zl_buf_append(out, ",", 1, err) != ZL_OK) || csv_field_out(out, h, err) != ZL_OK)
            st = ZL_ENOMEM;
    }
    if (st == ZL_OK)
        st = zl_buf_append(out, "\n", 1, err);
    bool has = true;
    while (st == ZL_OK && (st = zl_csv_next(c, &has, err)) == ZL_OK && has)
        st = pseudonymise_row(key, c, col, out, problems, nbad, err);
    zl_csv_close(c);
    return st;
}

zl_status zl_pseudonymise_text(const unsigned char key[ZL_PSEUDONYM_KEY_BYTES], const char *name,
                               const char *data, size_t len, const char *column,
                               const char *out_column, zl_buf *out, zl_buf *problems,
                               zl_err *err)
{
    size_t nbad = 0;
    zl_status st = column ? pseudonymise_csv(key, name, data, len, column,
                                             out_column ? out_column : "pseudonym", out,
                                             problems, &nbad, err)
                          : pseudonymise_lines(key, name, data, len, out, problems, &nbad, err);
    if (st != ZL_OK)
        return st;
    if (nbad > MAX_PROBLEMS)
        zl_buf_printf(problems, err, "%s: ... and %zu more invalid BSNs\n", name,
                      nbad - MAX_PROBLEMS);
    if (nbad)
        return zl_fail(err, ZL_EINPUT, "%s: %zu invalid BSN%s; nothing written", name, nbad,
                       nbad == 1 ? "" : "s");
    return ZL_OK;
}

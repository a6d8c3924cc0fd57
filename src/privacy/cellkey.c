/* Cell-key rounding of public counts (docs/privacy.md, "Disclosure control across
 * queries"). Every count a viewer without an exact view sees is a multiple of 10 or "<10",
 * so no difference or sum of published numbers can be a count of 1..9. The direction of
 * the rounding comes from a keyed hash of the cell and its count: unbiased over cells, and
 * the same for the same cell in every answer, so asking again (or asking for the same
 * cell through another table) gives nothing new to average. */
#include "zorglandschap/privacy.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The cell key: the first 8 bytes of HMAC-SHA-256(key, cell NUL count) as a fraction. */
static double cell_key(const zl_disclosure *d, const char *cell, int64_t x)
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s%c%lld", cell, '\0', (long long)x);
    unsigned char mac[32];
    size_t len = n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1;
    if (zl_hmac_sha256(d->key, sizeof d->key, (const unsigned char *)msg, len, mac, NULL) != ZL_OK)
        return 0.0; /* libsodium unusable: round down, deterministic all the same */
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u = u << 8 | mac[i];
    return (double)(u >> 11) / (double)(UINT64_C(1) << 53);
}

int64_t zl_cellkey_round(const zl_disclosure *d, const char *cell, int64_t x)
{
    assert(x >= 0);
    int64_t rest = x % ZL_ROUND_BASE, down = x - rest;
    if (rest == 0)
        return x;
    bool up = cell_key(d, cell, x) < (double)rest / ZL_ROUND_BASE;
    return up ? down + ZL_ROUND_BASE : down;
}

zl_cell_state zl_cellkey_publish(const zl_disclosure *d, const char *cell, int64_t x,
                                 int64_t *shown)
{
    *shown = x <= 0 ? 0 : zl_cellkey_round(d, cell, x);
    return zl_suppress_primary(x) ? ZL_CELL_PRIMARY : ZL_CELL_SHOWN;
}

zl_cell_state zl_cellkey_publish_case(const zl_disclosure *d, const char *what,
                                      const char *intervention, int year, double v, int64_t *shown)
{
    char cell[256];
    snprintf(cell, sizeof cell, "impact/%s/%s/%d", what, intervention, year);
    return zl_cellkey_publish(d, cell, llround(v), shown);
}

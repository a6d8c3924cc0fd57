/* Small-count suppression for public outputs (method in docs/privacy.md). Primary: a
 * count of 1..9 patients is shown as "<10". Secondary: in a table published with its
 * total, a single suppressed cell would follow from the total minus the shown cells, so
 * a second cell (the smallest shown non-zero one) is suppressed too. */
#include "zorglandschap/privacy.h"

#include <stdio.h>
#include <stdlib.h>

bool zl_suppress_primary(int64_t count)
{
    return count >= 1 && count < ZL_SUPPRESS_MIN;
}

static size_t smallest_shown(const int64_t *cells, size_t n, const zl_cell_state *state)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++)
        if (state[i] == ZL_CELL_SHOWN && cells[i] > 0 && (best == n || cells[i] < cells[best]))
            best = i;
    return best;
}

size_t zl_suppress_table(const int64_t *cells, size_t n, zl_cell_state *state)
{
    size_t suppressed = 0;
    for (size_t i = 0; i < n; i++) {
        state[i] = zl_suppress_primary(cells[i]) ? ZL_CELL_PRIMARY : ZL_CELL_SHOWN;
        suppressed += state[i] != ZL_CELL_SHOWN;
    }
    /* One suppressed cell is exposed by the total; a second (even when it is large)
     * leaves only their sum known. When no other non-zero cell exists the total itself
     * equals the suppressed count and is then suppressed by the caller's primary rule. */
    if (suppressed == 1) {
        size_t k = smallest_shown(cells, n, state);
        if (k < n) {
            state[k] = ZL_CELL_SECONDARY;
            suppressed++;
        }
    }
    return suppressed;
}

const char *zl_count_text(int64_t count, zl_cell_state state, char *buf, size_t bufsz)
{
    if (state != ZL_CELL_SHOWN)
        snprintf(buf, bufsz, "<%d", ZL_SUPPRESS_MIN);
    else
        snprintf(buf, bufsz, "%lld", (long long)count);
    return buf;
}

void zl_suppress_for_viewer(const int64_t *cells, const bool *visible, size_t n,
                            zl_cell_state *state)
{
    int64_t *hidden = calloc(n ? n : 1, sizeof *hidden);
    zl_cell_state *hs = calloc(n ? n : 1, sizeof *hs);
    size_t m = 0;
    if (!hidden || !hs) {
        /* Without memory to compute the pattern, fail safe: suppress every hidden cell. */
        for (size_t i = 0; i < n; i++)
            state[i] = visible[i] ? ZL_CELL_SHOWN : ZL_CELL_PRIMARY;
        free(hidden);
        free(hs);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!visible[i])
            hidden[m++] = cells[i];
    zl_suppress_table(hidden, m, hs);
    for (size_t i = 0, k = 0; i < n; i++)
        state[i] = visible[i] ? ZL_CELL_SHOWN : hs[k++];
    free(hidden);
    free(hs);
}

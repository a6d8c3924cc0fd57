/* The largest strongly connected component of the road graph (Tarjan's algorithm with an
 * explicit stack, so a country-sized graph cannot overflow the C stack). Nodes outside it
 * (islands without a ferry, one-way dead ends, fragments cut off by the extract's border)
 * cannot both be reached and left, so routing keeps only the largest component. */
#include <stdlib.h>

#include "roads_internal.h"

typedef struct frame {
    uint32_t v, edge;
} frame;

zl_status scc_largest(uint32_t n, const uint32_t *off, const uint32_t *to, uint8_t *keep,
                      zl_err *err)
{
    uint32_t *index = malloc(((size_t)n + 1) * sizeof *index);
    uint32_t *low = malloc(((size_t)n + 1) * sizeof *low);
    uint32_t *comp = malloc(((size_t)n + 1) * sizeof *comp);
    uint32_t *stack = malloc(((size_t)n + 1) * sizeof *stack);
    frame *calls = malloc(((size_t)n + 1) * sizeof *calls);
    if (!index || !low || !comp || !stack || !calls) {
        free(index);
        free(low);
        free(comp);
        free(stack);
        free(calls);
        return zl_fail(err, ZL_ENOMEM, "out of memory finding the connected road network");
    }
    for (uint32_t v = 0; v < n; v++)
        index[v] = comp[v] = ZL_NONE;
    uint32_t next = 0, sp = 0, ncomp = 0, best = ZL_NONE, best_size = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != ZL_NONE)
            continue;
        size_t depth = 0;
        calls[depth++] = (frame){root, off[root]};
        index[root] = low[root] = next++;
        stack[sp++] = root;
        while (depth) {
            frame *f = &calls[depth - 1];
            uint32_t v = f->v;
            if (f->edge < off[v + 1]) {
                uint32_t w = to[f->edge++];
                if (index[w] == ZL_NONE) {
                    index[w] = low[w] = next++;
                    stack[sp++] = w;
                    calls[depth++] = (frame){w, off[w]};
                } else if (comp[w] == ZL_NONE && index[w] < low[v]) {
                    low[v] = index[w]; /* w is on the stack */
                }
                continue;
            }
            if (low[v] == index[v]) { /* v roots a component: pop it */
                uint32_t size = 0, w;
                do {
                    w = stack[--sp];
                    comp[w] = ncomp;
                    size++;
                } while (w != v);
                if (size > best_size) {
                    best_size = size;
                    best = ncomp;
                }
                ncomp++;
            }
            depth--;
            if (depth && low[v] < low[calls[depth - 1].v])
                low[calls[depth - 1].v] = low[v];
        }
    }
    for (uint32_t v = 0; v < n; v++)
        keep[v] = comp[v] == best && off[v + 1] > off[v];
    free(index);
    free(low);
    free(comp);
    free(stack);
    free(calls);
    return ZL_OK;
}

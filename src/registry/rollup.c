/* The roll-up of every group along the Orphanet classification at once, in memory: one
 * recursive SQL query would join the (code, ancestor) closure to every registration and
 * sort ten million rows for the distinct counts. Here patients become dense numbers, each
 * registered code gets its ancestor set (itself included, each ancestor once however many
 * paths lead there), and each group counts its patients with a stamp per patient, so a
 * patient with several codes in a group counts once. Cost: the sum over registered codes
 * of patients × ancestors. Method in docs/registry.md ("Counts"). */
#include <stdlib.h>
#include <string.h>

#include "registry_internal.h"
#include "zorglandschap/store_registry.h"

#define PSEUDONYM_BYTES 32

/* Registered codes with their patients, patients numbered densely by pseudonym. */
typedef struct code_patients {
    int64_t *code; /* registered codes, ascending */
    size_t *start; /* patients of code[i]: patient[start[i] .. start[i + 1]) */
    size_t ncodes, code_cap, start_cap;
    uint32_t *patient;
    size_t npairs, pair_cap;
    /* pseudonym -> number: open addressing, slot holds number + 1 (0 = empty) */
    uint32_t *slot;
    size_t nslots;      /* a power of two, kept at least twice the patients */
    unsigned char *key; /* PSEUDONYM_BYTES per patient number */
    size_t npatients, key_cap;
} code_patients;

static uint64_t pseudonym_hash(const unsigned char *p)
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < PSEUDONYM_BYTES; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    return h;
}

static zl_status rehash(code_patients *cp, zl_err *err)
{
    size_t n = cp->nslots ? cp->nslots * 2 : 1024;
    uint32_t *slot = calloc(n, sizeof *slot);
    if (!slot)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t id = 0; id < cp->npatients; id++) {
        size_t i = pseudonym_hash(cp->key + id * PSEUDONYM_BYTES) & (n - 1);
        while (slot[i])
            i = (i + 1) & (n - 1);
        slot[i] = (uint32_t)id + 1;
    }
    free(cp->slot);
    cp->slot = slot;
    cp->nslots = n;
    return ZL_OK;
}

static zl_status patient_number(code_patients *cp, const unsigned char *p, uint32_t *id,
                                zl_err *err)
{
    if (2 * (cp->npatients + 1) > cp->nslots && rehash(cp, err) != ZL_OK)
        return ZL_ENOMEM;
    size_t i = pseudonym_hash(p) & (cp->nslots - 1);
    for (; cp->slot[i]; i = (i + 1) & (cp->nslots - 1)) {
        uint32_t k = cp->slot[i] - 1;
        if (memcmp(cp->key + (size_t)k * PSEUDONYM_BYTES, p, PSEUDONYM_BYTES) == 0) {
            *id = k;
            return ZL_OK;
        }
    }
    if (cp->npatients >= UINT32_MAX)
        return zl_fail(err, ZL_EINPUT, "too many patients for a roll-up");
    if (zl_grow((void **)&cp->key, &cp->key_cap, (cp->npatients + 1) * PSEUDONYM_BYTES, 1, err) !=
        ZL_OK)
        return ZL_ENOMEM;
    memcpy(cp->key + cp->npatients * PSEUDONYM_BYTES, p, PSEUDONYM_BYTES);
    *id = (uint32_t)cp->npatients++;
    cp->slot[i] = *id + 1;
    return ZL_OK;
}

static zl_status on_pair(int64_t orpha, const unsigned char *pseudonym, void *ctx, zl_err *err)
{
    code_patients *cp = ctx;
    if (cp->ncodes == 0 || cp->code[cp->ncodes - 1] != orpha) {
        if (zl_grow((void **)&cp->code, &cp->code_cap, cp->ncodes + 1, sizeof *cp->code, err) !=
                ZL_OK ||
            zl_grow((void **)&cp->start, &cp->start_cap, cp->ncodes + 2, sizeof *cp->start, err) !=
                ZL_OK)
            return ZL_ENOMEM;
        cp->code[cp->ncodes] = orpha;
        cp->start[cp->ncodes++] = cp->npairs;
    }
    uint32_t id = 0;
    if (patient_number(cp, pseudonym, &id, err) != ZL_OK)
        return err->code;
    if (zl_grow((void **)&cp->patient, &cp->pair_cap, cp->npairs + 1, sizeof *cp->patient, err) !=
        ZL_OK)
        return ZL_ENOMEM;
    cp->patient[cp->npairs++] = id;
    cp->start[cp->ncodes] = cp->npairs;
    return ZL_OK;
}

static void code_patients_free(code_patients *cp)
{
    free(cp->code);
    free(cp->start);
    free(cp->patient);
    free(cp->slot);
    free(cp->key);
}

/* The classification over dense node numbers: node i is code node[i] (ascending), its
 * parents are parent[first[i] .. first[i + 1]). */
typedef struct classification {
    int64_t *child, *parent_code; /* the edges as read */
    size_t nedges, edge_cap, parent_cap;
    int64_t *node;
    size_t nnodes;
    size_t *first;
    uint32_t *parent;
} classification;

static zl_status on_edge(int64_t child, int64_t parent, void *ctx, zl_err *err)
{
    classification *c = ctx;
    if (zl_grow((void **)&c->child, &c->edge_cap, c->nedges + 1, sizeof *c->child, err) != ZL_OK ||
        zl_grow((void **)&c->parent_code, &c->parent_cap, c->nedges + 1, sizeof *c->parent_code,
                err) != ZL_OK)
        return ZL_ENOMEM;
    c->child[c->nedges] = child;
    c->parent_code[c->nedges++] = parent;
    return ZL_OK;
}

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static uint32_t node_of(const classification *c, int64_t code)
{
    const int64_t *hit = bsearch(&code, c->node, c->nnodes, sizeof *c->node, cmp_int64);
    return (uint32_t)(hit - c->node); /* every code looked up was put into node */
}

/* Nodes: every code of an edge or a registration, sorted and unique; then the parents of
 * each node as a compressed adjacency list (edges arrive ordered by child). */
static zl_status build_nodes(classification *c, const code_patients *cp, zl_err *err)
{
    size_t n = 2 * c->nedges + cp->ncodes;
    c->node = malloc((n ? n : 1) * sizeof *c->node);
    c->parent = malloc((c->nedges ? c->nedges : 1) * sizeof *c->parent);
    if (!c->node || !c->parent)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    memcpy(c->node, c->child, c->nedges * sizeof *c->node);
    memcpy(c->node + c->nedges, c->parent_code, c->nedges * sizeof *c->node);
    memcpy(c->node + 2 * c->nedges, cp->code, cp->ncodes * sizeof *c->node);
    qsort(c->node, n, sizeof *c->node, cmp_int64);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || c->node[u - 1] != c->node[i])
            c->node[u++] = c->node[i];
    c->nnodes = u;
    c->first = calloc(u + 1, sizeof *c->first);
    if (!c->first)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t e = 0; e < c->nedges; e++) {
        c->first[node_of(c, c->child[e]) + 1]++;
        c->parent[e] = node_of(c, c->parent_code[e]);
    }
    for (size_t i = 0; i < u; i++)
        c->first[i + 1] += c->first[i];
    return ZL_OK;
}

static void classification_free(classification *c)
{
    free(c->child);
    free(c->parent_code);
    free(c->node);
    free(c->first);
    free(c->parent);
}

/* (group node, registered code index) for every ancestor of every registered code. */
typedef struct membership {
    uint32_t *group, *code;
    size_t n, cap, code_cap;
} membership;

static zl_status add_member(membership *m, uint32_t group, uint32_t code, zl_err *err)
{
    if (zl_grow((void **)&m->group, &m->cap, m->n + 1, sizeof *m->group, err) != ZL_OK ||
        zl_grow((void **)&m->code, &m->code_cap, m->n + 1, sizeof *m->code, err) != ZL_OK)
        return ZL_ENOMEM;
    m->group[m->n] = group;
    m->code[m->n++] = code;
    return ZL_OK;
}

/* Breadth-first up the parents of each registered code; seen[] holds the code's index + 1
 * for nodes already reached from it, so several paths to one ancestor add it once. */
static zl_status ancestors(const classification *c, const code_patients *cp, membership *m,
                           zl_err *err)
{
    uint32_t *seen = calloc(c->nnodes ? c->nnodes : 1, sizeof *seen);
    uint32_t *queue = malloc((c->nnodes ? c->nnodes : 1) * sizeof *queue);
    zl_status st = seen && queue ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    for (size_t k = 0; st == ZL_OK && k < cp->ncodes; k++) {
        uint32_t stamp = (uint32_t)k + 1;
        size_t head = 0, tail = 0;
        queue[tail++] = node_of(c, cp->code[k]);
        seen[queue[0]] = stamp;
        while (st == ZL_OK && head < tail) {
            uint32_t v = queue[head++];
            st = add_member(m, v, (uint32_t)k, err);
            for (size_t e = c->first[v]; e < c->first[v + 1]; e++)
                if (seen[c->parent[e]] != stamp) {
                    seen[c->parent[e]] = stamp;
                    queue[tail++] = c->parent[e];
                }
        }
    }
    free(seen);
    free(queue);
    return st;
}

/* Groups in ascending code order, each counting its distinct patients: last[p] holds the
 * node + 1 of the group that last counted patient p. */
static zl_status count_groups(const classification *c, const code_patients *cp, const membership *m,
                              zl_code_count_cb cb, void *ctx, zl_err *err)
{
    size_t *first = calloc(c->nnodes + 1, sizeof *first);
    uint32_t *codes = malloc((m->n ? m->n : 1) * sizeof *codes);
    uint32_t *last = calloc(cp->npatients ? cp->npatients : 1, sizeof *last);
    zl_status st = first && codes && last ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    if (st == ZL_OK) {
        for (size_t i = 0; i < m->n; i++)
            first[m->group[i] + 1]++;
        for (size_t g = 0; g < c->nnodes; g++)
            first[g + 1] += first[g];
        for (size_t i = 0; i < m->n; i++) /* counting sort by group; first[g] moves up */
            codes[first[m->group[i]]++] = m->code[i];
        for (size_t g = c->nnodes; g > 0; g--) /* and back to each group's start */
            first[g] = first[g - 1];
        first[0] = 0;
    }
    for (size_t g = 0; st == ZL_OK && g < c->nnodes; g++) {
        if (first[g] == first[g + 1])
            continue;
        int64_t patients = 0;
        for (size_t i = first[g]; i < first[g + 1]; i++) {
            uint32_t k = codes[i];
            for (size_t j = cp->start[k]; j < cp->start[k + 1]; j++)
                if (last[cp->patient[j]] != g + 1) {
                    last[cp->patient[j]] = (uint32_t)g + 1;
                    patients++;
                }
        }
        st = cb(c->node[g], patients, ctx, err);
    }
    free(first);
    free(codes);
    free(last);
    return st;
}

zl_status zl_registry_rollup_all(zl_store *s, zl_code_count_cb cb, void *ctx, zl_err *err)
{
    code_patients cp = {0};
    classification c = {0};
    membership m = {0};
    zl_status st = zl_store_registry_code_pseudonyms(s, on_pair, &cp, err);
    if (st == ZL_OK)
        st = zl_store_registry_classification(s, on_edge, &c, err);
    if (st == ZL_OK && 2 * c.nedges + cp.ncodes >= UINT32_MAX)
        st = zl_fail(err, ZL_EINPUT, "classification too large for a roll-up");
    if (st == ZL_OK)
        st = build_nodes(&c, &cp, err);
    if (st == ZL_OK)
        st = ancestors(&c, &cp, &m, err);
    if (st == ZL_OK)
        st = count_groups(&c, &cp, &m, cb, ctx, err);
    code_patients_free(&cp);
    classification_free(&c);
    free(m.group);
    free(m.code);
    return st;
}

/* The finder index: every name folded and split into tokens; a sorted token dictionary
 * with posting lists (token -> names) and a trigram index over the dictionary for typo
 * candidates, verified with a bounded Damerau-Levenshtein distance. A query token matches
 * dictionary tokens exactly, as a prefix or within 1-2 edits; names are scored by how
 * well they cover the query (docs/rare-finder.md). Codes go straight to the store. */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "zorglandschap/rare_finder.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

#define MAX_QTOK     16
#define TOKLEN       64
#define NAMELEN      512
#define MAX_TOKMATCH 512

typedef struct entry {
    int64_t orpha, via; /* resolved code; obsolete source or 0 */
    char *name, *norm;
    char lang[4];
    unsigned ntok : 8, preferred : 1, normlen : 16;
} entry;

typedef struct tokmatch {
    uint32_t tok;
    float w;
} tokmatch;

struct zl_finder {
    entry *e;
    size_t ne;
    char **tok; /* sorted, unique */
    uint8_t *toklen;
    size_t ntok;
    uint32_t *post_at, *post; /* CSR: names of token t are post[post_at[t]..post_at[t+1]) */
    uint64_t *tri;            /* sorted (trigram << 32 | token) */
    size_t ntri;
    /* scratch */
    float *acc, *cur;
    uint8_t *cnt;
    uint32_t *touched, *cur_gen, gen;
    size_t ntouched;
    uint16_t *tcount;
    uint32_t *ttouched, *tok_gen, *tok_slot;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static long tok_find(const zl_finder *f, const char *t)
{
    size_t lo = 0, hi = f->ntok;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(f->tok[mid], t);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

/* Splits a folded string in place-free fashion: calls fn for each token. */
#define FOR_TOKENS(str, tokbuf, body)                                                              \
    for (const char *p_ = (str); *p_;) {                                                           \
        while (*p_ == ' ')                                                                         \
            p_++;                                                                                  \
        size_t l_ = strcspn(p_, " ");                                                              \
        if (!l_)                                                                                   \
            break;                                                                                 \
        size_t c_ = l_ < TOKLEN ? l_ : TOKLEN - 1;                                                 \
        memcpy(tokbuf, p_, c_);                                                                    \
        tokbuf[c_] = 0;                                                                            \
        p_ += l_;                                                                                  \
        body                                                                                       \
    }

static uint32_t trigram(const char *t, size_t i)
{
    return ((uint32_t)(unsigned char)t[i] << 16) | ((uint32_t)(unsigned char)t[i + 1] << 8) |
           (unsigned char)t[i + 2];
}

static zl_status load_entries(zl_finder *f, zl_store *s, zl_err *err)
{
    zl_rows r = {0};
    if (zl_rare_all_names(s, &r, err) != ZL_OK)
        return err->code;
    f->e = calloc(r.n ? r.n : 1, sizeof *f->e);
    if (!f->e) {
        zl_rows_free(&r);
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    char norm[NAMELEN];
    for (size_t i = 0; i < r.n; i++) {
        entry *e = &f->e[f->ne];
        const char *status = zl_rows_get(&r, i, 4);
        e->orpha = zl_rows_int(&r, i, 0);
        if (strcmp(status, "active") != 0) {
            if (!zl_rows_get(&r, i, 5))
                continue; /* obsolete without a successor: nothing to send the user to */
            e->via = e->orpha;
            e->orpha = zl_rows_int(&r, i, 5);
        }
        snprintf(e->lang, sizeof e->lang, "%s", zl_rows_get(&r, i, 1));
        e->preferred = strcmp(zl_rows_get(&r, i, 2), "preferred") == 0;
        zl_fold_text(zl_rows_get(&r, i, 3), norm, sizeof norm);
        e->name = strdup(zl_rows_get(&r, i, 3));
        e->norm = strdup(norm);
        e->normlen = (unsigned)strlen(norm) & 0xffff; /* NAMELEN < 65536 */
        if (!e->name || !e->norm) {
            zl_rows_free(&r);
            return zl_fail(err, ZL_ENOMEM, "out of memory");
        }
        f->ne++;
    }
    zl_rows_free(&r);
    return ZL_OK;
}

static zl_status build_dict(zl_finder *f, zl_err *err)
{
    size_t cap = 0, n = 0;
    char **all = NULL, tb[TOKLEN];
    for (size_t i = 0; i < f->ne; i++) {
        unsigned k = 0;
        FOR_TOKENS(f->e[i].norm, tb, {
            if (zl_grow((void **)&all, &cap, n + 1, sizeof *all, err) != ZL_OK)
                return err->code;
            if (!(all[n++] = strdup(tb)))
                return zl_fail(err, ZL_ENOMEM, "out of memory");
            k++;
        })
        f->e[i].ntok = k > 255 ? 255 : k;
    }
    if (n) /* a database without names has no tokens (qsort wants a non-NULL base) */
        qsort(all, n, sizeof *all, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        if (u && strcmp(all[u - 1], all[i]) == 0)
            free(all[i]);
        else
            all[u++] = all[i];
    }
    f->tok = all;
    f->ntok = u;
    return ZL_OK;
}

static zl_status build_postings(zl_finder *f, zl_err *err)
{
    f->post_at = calloc(f->ntok + 1, sizeof *f->post_at);
    if (!f->post_at)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    char tb[TOKLEN];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < f->ne; i++) {
            long last = -1;
            FOR_TOKENS(f->e[i].norm, tb, {
                long t = tok_find(f, tb);
                if (t >= 0 && t != last) {
                    if (pass == 0)
                        f->post_at[t + 1]++;
                    else
                        f->post[f->post_at[t]++] = (uint32_t)i;
                }
                last = t;
            })
        }
        if (pass == 0) {
            for (size_t t = 0; t < f->ntok; t++)
                f->post_at[t + 1] += f->post_at[t];
            if (!(f->post = malloc((f->post_at[f->ntok] + 1) * sizeof *f->post)))
                return zl_fail(err, ZL_ENOMEM, "out of memory");
        } else {
            memmove(f->post_at + 1, f->post_at, f->ntok * sizeof *f->post_at);
            f->post_at[0] = 0;
        }
    }
    return ZL_OK;
}

static zl_status build_trigrams(zl_finder *f, zl_err *err)
{
    size_t cap = 0;
    char pad[TOKLEN + 2];
    for (size_t t = 0; t < f->ntok; t++) {
        size_t l = strlen(f->tok[t]);
        if (l < 3)
            continue;
        snprintf(pad, sizeof pad, "$%s$", f->tok[t]);
        for (size_t i = 0; i + 3 <= l + 2; i++) {
            if (zl_grow((void **)&f->tri, &cap, f->ntri + 1, sizeof *f->tri, err) != ZL_OK)
                return err->code;
            f->tri[f->ntri++] = ((uint64_t)trigram(pad, i) << 32) | t;
        }
    }
    if (f->ntri)
        qsort(f->tri, f->ntri, sizeof *f->tri, cmp_u64);
    return ZL_OK;
}

zl_status zl_finder_build(zl_store *s, zl_finder **out, zl_err *err)
{
    zl_finder *f = calloc(1, sizeof *f);
    if (!f)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_status rc = load_entries(f, s, err);
    if (rc == ZL_OK)
        rc = build_dict(f, err);
    if (rc == ZL_OK)
        rc = build_postings(f, err);
    if (rc == ZL_OK)
        rc = build_trigrams(f, err);
    if (rc == ZL_OK) {
        size_t ne = f->ne ? f->ne : 1, nt = f->ntok ? f->ntok : 1;
        f->acc = calloc(ne, sizeof *f->acc);
        f->cur = calloc(ne, sizeof *f->cur);
        f->cnt = calloc(ne, sizeof *f->cnt);
        f->touched = calloc(ne, sizeof *f->touched);
        f->cur_gen = calloc(ne, sizeof *f->cur_gen);
        f->tcount = calloc(nt, sizeof *f->tcount);
        f->ttouched = calloc(nt, sizeof *f->ttouched);
        f->tok_gen = calloc(nt, sizeof *f->tok_gen);
        f->tok_slot = calloc(nt, sizeof *f->tok_slot);
        f->toklen = calloc(nt, sizeof *f->toklen);
        if (!f->acc || !f->cur || !f->cnt || !f->touched || !f->cur_gen || !f->tcount ||
            !f->ttouched || !f->tok_gen || !f->tok_slot || !f->toklen)
            rc = zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    if (rc != ZL_OK) {
        zl_finder_free(f);
        return rc;
    }
    for (size_t t = 0; t < f->ntok; t++)
        f->toklen[t] = (uint8_t)strlen(f->tok[t]);
    *out = f;
    return ZL_OK;
}

void zl_finder_free(zl_finder *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->ne; i++) {
        free(f->e[i].name);
        free(f->e[i].norm);
    }
    for (size_t t = 0; t < f->ntok; t++)
        free(f->tok[t]);
    free(f->e);
    free(f->tok);
    free(f->post_at);
    free(f->post);
    free(f->tri);
    free(f->acc);
    free(f->cur);
    free(f->cnt);
    free(f->touched);
    free(f->cur_gen);
    free(f->tcount);
    free(f->ttouched);
    free(f->tok_gen);
    free(f->tok_slot);
    free(f->toklen);
    free(f);
}

size_t zl_finder_names(const zl_finder *f)
{
    return f->ne;
}

/* Records a matching dictionary token, keeping its best weight (tok_slot dedups in O(1)). */
static void add_match(zl_finder *f, tokmatch *m, int *nm, uint32_t tok, float w)
{
    if (f->tok_gen[tok] == f->gen) {
        tokmatch *x = &m[f->tok_slot[tok]];
        if (w > x->w)
            x->w = w;
        return;
    }
    if (*nm >= MAX_TOKMATCH)
        return;
    f->tok_gen[tok] = f->gen;
    f->tok_slot[tok] = (uint32_t)*nm;
    m[(*nm)++] = (tokmatch){tok, w};
}

/* Typo candidates: dictionary tokens sharing enough trigrams, verified by edit distance. */
static void fuzzy(zl_finder *f, const char *q, size_t ql, tokmatch *m, int *nm)
{
    int k = ql >= 8 ? 2 : 1;
    char pad[TOKLEN + 2];
    snprintf(pad, sizeof pad, "$%s$", q);
    size_t ntt = 0;
    for (size_t i = 0; i + 3 <= ql + 2; i++) {
        uint64_t key = (uint64_t)trigram(pad, i) << 32;
        size_t lo = 0, hi = f->ntri;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (f->tri[mid] < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < f->ntri && (f->tri[lo] >> 32) == (key >> 32); lo++) {
            uint32_t t = (uint32_t)f->tri[lo];
            if (f->tcount[t]++ == 0)
                f->ttouched[ntt++] = t;
        }
    }
    for (size_t i = 0; i < ntt; i++) {
        uint32_t t = f->ttouched[i];
        size_t tl = f->toklen[t];
        /* q-gram lemma: strings within k edits share at least max(len) - 3k of their
         * padded trigrams; cheaper than computing the distance for every candidate. */
        int need = (int)(tl > ql ? tl : ql) - 3 * k;
        if (f->tcount[t] >= (need > 1 ? need : 1) && tl + k >= ql && ql + k >= tl) {
            int d = zl_edit_distance(q, ql, f->tok[t], tl, k);
            if (d > 0 && d <= k)
                add_match(f, m, nm, t, d == 1 ? 0.75f : 0.6f);
        }
        f->tcount[t] = 0;
    }
}

/* Dictionary tokens matching query token q: itself; words it begins (the last query
 * token only, as it may be unfinished: from 2 letters, so "rare tumor of li" reaches
 * "liver" while the user types); and, when q is not a known word, words within one edit
 * (two from 8 letters). */
static void token_matches(zl_finder *f, const char *q, bool last, tokmatch *m, int *nm)
{
    size_t ql = strlen(q);
    long at = tok_find(f, q);
    f->gen++;
    if (at >= 0)
        add_match(f, m, nm, (uint32_t)at, 1.0f);
    if (last && ql >= 2) {
        size_t from = at >= 0 ? (size_t)at + 1 : (size_t)(-at - 1);
        for (size_t t = from; t < f->ntok && strncmp(f->tok[t], q, ql) == 0; t++)
            add_match(f, m, nm, (uint32_t)t, 0.85f);
    }
    if (at < 0 && ql >= 4)
        fuzzy(f, q, ql, m, nm);
}

/* Adds, for every name containing a match of one query token, its best weight. A name
 * not yet seen becomes a candidate only when may_add: frequent tokens ("syndrome") then
 * only rank the names the rarer tokens found. */
/* Name e contains a match of weight w of the current query token (generation f->gen). */
static inline void credit(zl_finder *f, uint32_t e, float w)
{
    if (f->cur_gen[e] != f->gen) {
        if (f->cnt[e] == 0)
            f->touched[f->ntouched++] = e;
        f->cur_gen[e] = f->gen;
        f->cur[e] = 0;
        f->cnt[e]++;
    }
    if (w > f->cur[e]) {
        f->acc[e] += w - f->cur[e];
        f->cur[e] = w;
    }
}

static void accumulate(zl_finder *f, const tokmatch *m, int nm, bool may_add)
{
    f->gen++;
    for (int i = 0; i < nm; i++) {
        const uint32_t *p = f->post + f->post_at[m[i].tok],
                       *end = f->post + f->post_at[m[i].tok + 1];
        if (may_add) {
            for (; p < end; p++)
                credit(f, *p, m[i].w);
        } else {
            /* Most postings of a frequent token are no candidate; a name without a count is
             * none (one seen in this generation already has one). */
            for (; p < end; p++)
                if (f->cnt[*p])
                    credit(f, *p, m[i].w);
        }
    }
}

static size_t postings_of(const zl_finder *f, const tokmatch *m, int nm)
{
    size_t n = 0;
    for (int i = 0; i < nm; i++)
        n += f->post_at[m[i].tok + 1] - f->post_at[m[i].tok];
    return n;
}

/* Whether the folded query occurs in the folded name as a phrase starting at a word
 * boundary (its last word may be unfinished). */
static bool phrase_in(const char *norm, size_t normlen, const char *q, size_t qlen)
{
    for (size_t i = 0; i + qlen <= normlen; i++)
        if ((i == 0 || norm[i - 1] == ' ') && memcmp(norm + i, q, qlen) == 0)
            return true;
    return false;
}

/* lang4 is the preferred language, zero-padded like entry.lang, or all zero for none. */
static double score_entry(const zl_finder *f, uint32_t e, int nq, const char *qnorm, size_t qlen,
                          const char lang4[4])
{
    const entry *x = &f->e[e];
    double s = f->acc[e] / nq;
    int extra = (int)x->ntok - f->cnt[e];
    s -= 0.03 * (extra > 0 ? extra : 0);
    /* equal names match every token, and have equal lengths */
    if (f->cnt[e] == nq && x->normlen == qlen && memcmp(x->norm, qnorm, qlen) == 0)
        s += 0.3;
    else if (f->cnt[e] == nq && phrase_in(x->norm, x->normlen, qnorm, qlen))
        s += 0.1; /* the words in the query's order: "del 2 p1" in "del 2 p15p16 1" */
    if (x->preferred)
        s += 0.05;
    if (lang4[0] && memcmp(x->lang, lang4, 4) == 0)
        s += 0.05;
    if (x->via)
        s -= 0.1;
    return s;
}

static void insert_hit(zl_finder_hit *hits, int max, int *n, const zl_finder_hit *h)
{
    /* Below a full list's last hit it cannot enter (also not as a better copy of a hit
     * already in the list, which would rank above the last). */
    const zl_finder_hit *last = &hits[max - 1];
    if (*n == max &&
        (h->score < last->score || (h->score == last->score && h->orpha >= last->orpha)))
        return;
    for (int i = 0; i < *n; i++)
        if (hits[i].orpha == h->orpha) {
            if (h->score <= hits[i].score)
                return;
            memmove(&hits[i], &hits[i + 1], (size_t)(*n - i - 1) * sizeof *hits);
            (*n)--;
            break;
        }
    int at = *n;
    while (at > 0 && (hits[at - 1].score < h->score ||
                      (hits[at - 1].score == h->score && hits[at - 1].orpha > h->orpha)))
        at--;
    if (at >= max)
        return;
    int keep = *n < max ? *n : max - 1;
    memmove(&hits[at + 1], &hits[at], (size_t)(keep - at) * sizeof *hits);
    hits[at] = *h;
    if (*n < max)
        (*n)++;
}

/* Postings above which a query token only re-ranks candidates found by rarer tokens. */
#define FREQUENT 1000

/* Words that say what kind of disorder a name is, not which one (folded, sorted). A query
 * must match at least one of its other, informative words: "xyzzy syndrome" or "disease"
 * alone are no match, and the answer says so instead of listing names that merely
 * contain "syndrome" (docs/rare-finder.md). */
static const char *const generic_words[] = {
    "a",          "aandoening", "an",        "and",      "congenital", "de",
    "deficiency", "disease",    "diseases",  "disorder", "disorders",  "due",
    "en",         "familial",   "het",       "in",       "met",        "of",
    "rare",       "syndrome",   "syndromes", "syndroom", "the",        "to",
    "type",       "van",        "with",      "zeldzame", "ziekte"};

static bool generic_word(const char *t)
{
    size_t lo = 0, hi = sizeof generic_words / sizeof generic_words[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(generic_words[mid], t);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void name_search(zl_finder *f, const char *qnorm, const char *lang, zl_finder_hit *hits,
                        int max, int *n)
{
    char tb[TOKLEN];
    int nq = 0, total = 0, seen = 0;
    FOR_TOKENS(qnorm, tb, total++;)
    static _Thread_local tokmatch m[MAX_QTOK][MAX_TOKMATCH];
    int nm[MAX_QTOK], order[MAX_QTOK], informative_matched = 0;
    size_t cost[MAX_QTOK];
    bool generic[MAX_QTOK];
    FOR_TOKENS(qnorm, tb, {
        bool last = ++seen == total;
        if (nq == MAX_QTOK)
            break;
        /* A long query keeps its informative words: generic ones only rank. */
        if (total > MAX_QTOK && generic_word(tb) && !last)
            continue;
        nm[nq] = 0;
        token_matches(f, tb, last, m[nq], &nm[nq]);
        cost[nq] = postings_of(f, m[nq], nm[nq]);
        generic[nq] = generic_word(tb);
        informative_matched += !generic[nq] && nm[nq] > 0;
        order[nq] = nq;
        nq++;
    })
    if (informative_matched == 0)
        return;                  /* only generic words, or informative words that match nothing */
    for (int i = 1; i < nq; i++) /* informative before generic, then rarest first */
        for (int j = i; j > 0; j--) {
            int a = order[j - 1], b = order[j];
            if (generic[a] < generic[b] || (generic[a] == generic[b] && cost[a] <= cost[b]))
                break;
            order[j] = a;
            order[j - 1] = b;
        }
    f->ntouched = 0;
    for (int i = 0; i < nq; i++) {
        int k = order[i];
        /* Generic words never bring in a name; they only rank the names found. */
        bool may_add = !generic[k] && (i == 0 || cost[k] <= FREQUENT || f->ntouched == 0);
        accumulate(f, m[k], nm[k], may_add);
    }
    size_t qlen = strlen(qnorm);
    char lang4[4] = {0}; /* entry.lang holds at most 3 letters: a longer one never matches */
    if (lang && strlen(lang) < sizeof lang4)
        memcpy(lang4, lang, strlen(lang));
    for (size_t i = 0; i < f->ntouched; i++) {
        uint32_t e = f->touched[i];
        double sc = score_entry(f, e, nq, qnorm, qlen, lang4);
        if (sc > 0.3) {
            zl_finder_hit h = {.orpha = f->e[e].orpha,
                               .via = f->e[e].via,
                               .score = sc,
                               .match = "name",
                               .name = f->e[e].name,
                               .lang = f->e[e].lang};
            insert_hit(hits, max, n, &h);
        }
        f->acc[e] = 0;
        f->cnt[e] = 0;
    }
}

/* Look-ups by code: ORPHA:n / n, ICD-10 (A00 or A00.0), OMIM (6 digits, or OMIM:n). */
static zl_status code_search(zl_store *s, const char *q, zl_finder_hit *hits, int max, int *n,
                             zl_err *err)
{
    int64_t code;
    char buf[32];
    size_t l = strlen(q);
    if (l >= sizeof buf)
        return ZL_OK;
    if (zl_orpha_parse(q, &code)) {
        zl_rows d = {0};
        if (zl_rare_get_disorder(s, code, &d, err) != ZL_OK)
            return err->code;
        if (d.n) {
            bool old = strcmp(zl_rows_get(&d, 0, 3), "active") != 0 && zl_rows_get(&d, 0, 4);
            zl_finder_hit h = {.orpha = old ? zl_rows_int(&d, 0, 4) : code,
                               .via = old ? code : 0,
                               .score = 10,
                               .match = "orpha"};
            insert_hit(hits, max, n, &h);
        }
        zl_rows_free(&d);
    }
    const char *db = NULL, *v = q;
    if (strncasecmp(q, "OMIM:", 5) == 0)
        db = "OMIM", v = q + 5;
    else if (l == 6 && strspn(q, "0123456789") == 6)
        db = "OMIM";
    else if (l >= 3 && isalpha((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
             isdigit((unsigned char)q[2]) && (l == 3 || (q[3] == '.' && l <= 7)))
        db = "ICD10";
    if (!db)
        return ZL_OK;
    size_t vl = strlen(v);
    memcpy(buf, v, vl + 1 <= sizeof buf ? vl + 1 : sizeof buf);
    buf[sizeof buf - 1] = 0;
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    zl_rows r = {0};
    if (zl_rare_find_xref(s, db, buf, &r, err) != ZL_OK)
        return err->code;
    for (size_t i = 0; i < r.n; i++) {
        zl_finder_hit h = {.orpha = zl_rows_int(&r, i, 0),
                           .score = 9 - 0.001 * (double)i,
                           .match = strcmp(db, "OMIM") == 0 ? "omim" : "icd10"};
        insert_hit(hits, max, n, &h);
    }
    zl_rows_free(&r);
    return ZL_OK;
}

zl_status zl_finder_search(zl_finder *f, zl_store *s, const char *query, const char *lang,
                           zl_finder_hit *hits, int max, int *n, zl_err *err)
{
    *n = 0;
    if (max < 1)
        return ZL_OK;
    char q[NAMELEN];
    size_t b = strspn(query, " \t");
    snprintf(q, sizeof q, "%s", query + b);
    for (size_t l = strlen(q); l && isspace((unsigned char)q[l - 1]);)
        q[--l] = 0;
    if (code_search(s, q, hits, max, n, err) != ZL_OK)
        return err->code;
    if (*n)
        return ZL_OK;
    char norm[NAMELEN];
    if (zl_fold_text(q, norm, sizeof norm) == 0)
        return ZL_OK;
    name_search(f, norm, lang, hits, max, n);
    return ZL_OK;
}

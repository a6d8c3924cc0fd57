/* The rare-disease finder: an in-memory index over every Orphanet name and synonym,
 * built once from the store, that answers free-text queries ignoring case, diacritics,
 * punctuation and word order and tolerating typos, plus look-ups by ORPHAcode, ICD-10
 * and OMIM. Method and ranking: docs/rare-finder.md. A zl_finder is used by one thread
 * at a time (it keeps scratch arrays); rebuild it after an import. */
#ifndef ZORGLANDSCHAP_RARE_FINDER_H
#define ZORGLANDSCHAP_RARE_FINDER_H

#include <stddef.h>
#include <stdint.h>

#include "zorglandschap/err.h"
#include "zorglandschap/store.h"

struct json_t;

typedef struct zl_finder zl_finder;

zl_status zl_finder_build(zl_store *s, zl_finder **out, zl_err *err);
void zl_finder_free(zl_finder *f);
size_t zl_finder_names(const zl_finder *f); /* names indexed */

typedef struct zl_finder_hit {
    int64_t orpha;     /* the active code (successor when the match was obsolete) */
    int64_t via;       /* the obsolete code that was matched and resolved, or 0 */
    double score;      /* higher is better; see docs/rare-finder.md */
    const char *match; /* "orpha", "icd10", "omim" or "name" */
    const char *name;  /* the matched name (owned by the finder), NULL for codes */
    const char *lang;
} zl_finder_hit;

/* Ranks at most max hits (one per code) for query; lang ("nl", "en" or NULL) prefers
 * names of that language. *n is the number of hits. */
zl_status zl_finder_search(zl_finder *f, zl_store *s, const char *query, const char *lang,
                           zl_finder_hit *hits, int max, int *n, zl_err *err);

/* Folds text for matching: lower case ASCII, Latin diacritics removed (é->e, ß->ss),
 * every other character a single space, trimmed. Writes at most cap bytes (NUL included);
 * returns the length. */
size_t zl_fold_text(const char *text, char *out, size_t cap);

/* Damerau-Levenshtein (optimal string alignment) distance, or max+1 when it exceeds max. */
int zl_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max);

/* The finder's answer: {"query", "lang", "date", "hits": [{orpha, code, name, names,
 * type, score, match, matched_name, prevalence, centres, adjacent_expertise: [{orpha,
 * code, name, path, centres, erns}]}], "synthetic_centres", "advice" when there is no
 * hit}, built from the atlas (rare_atlas.h) of the same data as the finder, without a
 * store query beyond code look-ups. _text writes it as compact JSON text (*out, caller
 * frees; the server sends it as is), _json as a tree (caller owns). */
struct zl_rare_atlas;
zl_status zl_rare_find_text(zl_store *s, zl_finder *f, struct zl_rare_atlas *a, const char *query,
                            const char *lang, int limit, const char *date, char **out, size_t *len,
                            zl_err *err);
zl_status zl_rare_find_json(zl_store *s, zl_finder *f, struct zl_rare_atlas *a, const char *query,
                            const char *lang, int limit, const char *date, struct json_t **out,
                            zl_err *err);

/* The same answer with the options in a struct; postcode > 0 (a PC4) orders each hit's
 * centres by car minutes from it and adds "minutes" to every centre with a travel time
 * ("postcode" in the answer). An unknown PC4, or one without travel times, is ZL_EINPUT.
 * An empty (or blank) query is ZL_EINPUT. */
typedef struct zl_rare_find_opts {
    const char *lang; /* "nl", "en" or NULL */
    int limit;        /* at least 1 */
    const char *date; /* the register as published on this date */
    int32_t postcode; /* 0: none */
} zl_rare_find_opts;
zl_status zl_rare_find_text_opts(zl_store *s, zl_finder *f, struct zl_rare_atlas *a,
                                 const char *query, const zl_rare_find_opts *o, char **out,
                                 size_t *len, zl_err *err);
zl_status zl_rare_find_json_opts(zl_store *s, zl_finder *f, struct zl_rare_atlas *a,
                                 const char *query, const zl_rare_find_opts *o, struct json_t **out,
                                 zl_err *err);

/* One disorder's centres on date and, when it has none, its adjacent expertise by the
 * same walk up the classification as the finder's answer: {"centres", "adjacent_expertise",
 * "synthetic_centres"} (caller owns). postcode as above (0: none). ZL_ENOTFOUND when the
 * code is not a disorder. */
zl_status zl_rare_adjacent_json(zl_store *s, struct zl_rare_atlas *a, int64_t orpha,
                                const char *date, int32_t postcode, struct json_t **out,
                                zl_err *err);

/* zl_rare_record_json of one disorder with its centres and adjacent expertise as above:
 * what `zl rare show` and GET /rare/diseases/{code} answer. */
zl_status zl_rare_show_json(zl_store *s, struct zl_rare_atlas *a, int64_t orpha, const char *date,
                            int32_t postcode, struct json_t **out, zl_err *err);

#endif

/* Which care network layer the assessment uses when the caller names none: the networks
 * dimension must not be silently empty when networks are in the store. Care network layers
 * are region layers of locations only (no PC4 areas: zl_store_list_network_layers). With
 * one, that one; with several, the one whose name shares a word stem with the
 * intervention's group ("oncology_network" for "oncological resection"), else the first by
 * name; with none, none, and the note says so. The note names the choice and its reason for
 * the JSON, the table and the report. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess_internal.h"
#include "zorglandschap/store_landscape.h"
#include "zorglandschap/util.h"

/* Common stem length at which a word of a layer name and one of a group name match
 * ("oncolog"-y/-ical, "vascular"). */
#define STEM 6

/* The next word (letters and digits) of *s, advancing *s; its length, 0 at the end. */
static size_t next_word(const char **s, const char **w)
{
    while (**s && !isalnum((unsigned char)**s))
        (*s)++;
    *w = *s;
    while (**s && isalnum((unsigned char)**s))
        (*s)++;
    return (size_t)(*s - *w);
}

/* Whether a word of the layer name and one of the group name, both of STEM letters or
 * more, begin alike. */
static bool matches_group(const char *layer, const char *group)
{
    const char *a = layer, *wa;
    for (size_t na; (na = next_word(&a, &wa)) > 0;) {
        const char *b = group, *wb;
        for (size_t nb; na >= STEM && (nb = next_word(&b, &wb)) > 0;)
            if (nb >= STEM && strncasecmp(wa, wb, STEM) == 0)
                return true;
    }
    return false;
}

zl_status assess_network_layer(zl_store *s, const zl_case *c, const char *asked, char **layer,
                               char *note, size_t n, zl_err *err)
{
    *layer = NULL;
    if (asked && strcmp(asked, "none") == 0) {
        snprintf(note, n, "not assessed (--network-layer none)");
        return ZL_OK;
    }
    if (asked) {
        snprintf(note, n, "network layer %s (as asked)", asked);
        return (*layer = strdup(asked)) ? ZL_OK : zl_fail(err, ZL_ENOMEM, "out of memory");
    }
    char **layers = NULL;
    size_t k = 0, pick = 0;
    zl_status st = zl_store_list_network_layers(s, &layers, &k, err);
    if (st != ZL_OK)
        return st;
    const char *group = c->intervention.group ? c->intervention.group : "";
    while (pick < k && !matches_group(layers[pick], group))
        pick++;
    bool by_group = pick < k;
    if (!by_group)
        pick = 0;
    if (k == 0)
        snprintf(note, n,
                 "not assessed: no care network layer in the store (a region layer of "
                 "locations only; zl import regions)");
    else if (k == 1)
        snprintf(note, n, "network layer %s: the only care network layer in the store (default)",
                 layers[0]);
    else
        snprintf(note, n,
                 "network layer %s: of the %zu care network layers in the store, %s the "
                 "intervention group '%.60s' (default; --network-layer chooses another)",
                 layers[pick], k, by_group ? "the one matching" : "the first; none matches", group);
    if (k > 0 && !(*layer = strdup(layers[pick])))
        st = zl_fail(err, ZL_ENOMEM, "out of memory");
    zl_strv_free(layers);
    return st;
}

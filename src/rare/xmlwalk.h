/* Streaming walk over an XML document (libxml2 text reader) with start/end callbacks and
 * the stack of open element names; used by the Orphadata importers. */
#ifndef ZL_RARE_XMLWALK_H
#define ZL_RARE_XMLWALK_H

#include <stdbool.h>

#include "zorglandschap/err.h"
#include "zorglandschap/util.h"

#define XML_WALK_MAX_DEPTH 48

typedef struct xml_walk xml_walk;
struct xml_walk {
    const char *path; /* file */
    const char *root; /* expected root element */
    void *ctx;
    /* Called after an element opened (its name is names[depth-1]). */
    zl_status (*on_start)(xml_walk *w, zl_err *err);
    /* Called before an element closes, with its own text (trimmed by nothing). */
    zl_status (*on_end)(xml_walk *w, const char *text, zl_err *err);
    /* State kept by the walk. */
    int depth, line;
    bool seen_root;
    char names[XML_WALK_MAX_DEPTH][64];
    char langs[XML_WALK_MAX_DEPTH][8];
    zl_buf text;
};

zl_status xml_walk_run(xml_walk *w, zl_err *err);
/* True when the element `back` levels above the current one (0 = current) is `name`. */
bool xml_walk_in(const xml_walk *w, int back, const char *name);

#endif

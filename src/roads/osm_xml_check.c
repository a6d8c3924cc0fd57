/* An .osm XML extract checked with libxml2 before readosm reads it. readosm 1.1.0 (with
 * expat) crashes on a <tag> without its k or v attribute or a relation <member> without
 * its role (strlen of a null pointer) and leaks its parser on malformed XML (all found by
 * fuzz_osm); the check refuses such a file with the line and the reason, so readosm only
 * ever sees well-formed XML whose tags and relation members carry the attributes it
 * reads. */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "roads_internal.h"

typedef struct xml_problem {
    char msg[160];
    int line;
} xml_problem;

static void on_error(void *arg, const xmlError *e)
{
    xml_problem *p = arg;
    if (p->msg[0] || !e || !e->message)
        return;
    snprintf(p->msg, sizeof p->msg, "%s", e->message);
    size_t n = strlen(p->msg);
    while (n && (p->msg[n - 1] == '\n' || p->msg[n - 1] == ' '))
        p->msg[--n] = '\0';
    p->line = e->line;
}

/* The first of the attributes (NULL-terminated) the current element lacks, or NULL. */
static const char *missing(xmlTextReaderPtr r, const char *const *attrs)
{
    for (; *attrs; attrs++) {
        xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST * attrs);
        if (!v)
            return *attrs;
        xmlFree(v);
    }
    return NULL;
}

zl_status osm_xml_check(const char *path, zl_err *err)
{
    static const char *const tag[] = {"k", "v", NULL}, *const member[] = {"type", "ref", "role",
                                                                          NULL};
    xml_problem p = {{0}, 0};
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
    if (!r)
        return zl_fail(err, ZL_EINPUT, "%s: cannot open", path);
    xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_error, &p);
    zl_status st = ZL_OK;
    int got;
    while (st == ZL_OK && (got = xmlTextReaderRead(r)) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        const char *name = (const char *)xmlTextReaderConstName(r);
        const char *lacks = strcmp(name, "tag") == 0      ? missing(r, tag)
                            : strcmp(name, "member") == 0 ? missing(r, member)
                                                          : NULL;
        if (lacks) { /* the element's own line (the parser reads ahead) */
            xmlNodePtr node = xmlTextReaderCurrentNode(r);
            long at = node ? xmlGetLineNo(node) : -1;
            st = zl_fail(err, ZL_EINPUT, "%s:%ld: malformed OSM XML: <%s> without '%s'", path,
                         at > 0 ? at : (long)xmlTextReaderGetParserLineNumber(r), name, lacks);
        }
    }
    if (st == ZL_OK && got < 0)
        st = zl_fail(err, ZL_EINPUT, "%s:%d: malformed OSM XML: %s", path, p.line,
                     p.msg[0] ? p.msg : "unreadable");
    xmlFreeTextReader(r);
    return st;
}

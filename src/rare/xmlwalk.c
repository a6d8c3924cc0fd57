/* A streaming walk over an XML file with libxml2's text reader: it keeps the path of open
 * elements, gathers each element's text and calls back at element starts and ends. The
 * encoding declared by the file (UTF-8 or ISO-8859-1) is converted to UTF-8 by libxml2.
 * Errors (truncated file, bad syntax, wrong root element) name the file and the line. */
#include "xmlwalk.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

#include "zorglandschap/util.h"

typedef struct walk_err {
    char msg[256];
    int line;
} walk_err;

static void on_xml_error(void *arg, const xmlError *e)
{
    walk_err *we = arg;
    if (we->msg[0] || !e || !e->message)
        return;
    snprintf(we->msg, sizeof we->msg, "%s", e->message);
    size_t n = strlen(we->msg);
    while (n && (we->msg[n - 1] == '\n' || we->msg[n - 1] == ' '))
        we->msg[--n] = 0;
    we->line = e->line;
}

static zl_status push(xml_walk *w, const char *name, zl_err *err)
{
    if (w->depth >= XML_WALK_MAX_DEPTH)
        return zl_fail(err, ZL_EINPUT, "%s:%d: elements nested too deeply", w->path, w->line);
    snprintf(w->names[w->depth], sizeof w->names[0], "%s", name);
    w->depth++;
    return zl_buf_append(&w->text, "", 0, err) == ZL_OK ? (zl_buf_reset(&w->text), ZL_OK)
                                                        : err->code;
}

static zl_status start(xml_walk *w, xmlTextReaderPtr r, zl_err *err)
{
    const char *name = (const char *)xmlTextReaderConstName(r);
    if (w->depth == 0 && strcmp(name, w->root) != 0)
        return zl_fail(err, ZL_EINPUT, "%s:%d: wrong root element <%s> (expected <%s>)", w->path,
                       w->line, name, w->root);
    w->seen_root = true;
    if (push(w, name, err) != ZL_OK)
        return err->code;
    xmlChar *lang = xmlTextReaderGetAttribute(r, BAD_CAST "lang");
    snprintf(w->langs[w->depth - 1], sizeof w->langs[0], "%s", lang ? (const char *)lang : "");
    xmlFree(lang);
    return w->on_start ? w->on_start(w, err) : ZL_OK;
}

static zl_status end(xml_walk *w, zl_err *err)
{
    zl_status rc = w->on_end ? w->on_end(w, w->text.data ? w->text.data : "", err) : ZL_OK;
    w->depth--;
    zl_buf_reset(&w->text);
    return rc;
}

static zl_status step(xml_walk *w, xmlTextReaderPtr r, zl_err *err)
{
    int type = xmlTextReaderNodeType(r);
    w->line = xmlTextReaderGetParserLineNumber(r);
    if (type == XML_READER_TYPE_ELEMENT) {
        xmlNodePtr node = xmlTextReaderCurrentNode(r);
        long at = node ? xmlGetLineNo(node) : -1;
        if (at > 0)
            w->line = (int)at;
        bool empty = xmlTextReaderIsEmptyElement(r);
        if (start(w, r, err) != ZL_OK)
            return err->code;
        return empty ? end(w, err) : ZL_OK;
    }
    if (type == XML_READER_TYPE_END_ELEMENT)
        return end(w, err);
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        return v ? zl_buf_append(&w->text, v, strlen(v), err) : ZL_OK;
    }
    return ZL_OK;
}

zl_status xml_walk_run(xml_walk *w, zl_err *err)
{
    walk_err we = {{0}, 0};
    xmlTextReaderPtr r = xmlReaderForFile(w->path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!r)
        return zl_fail(err, ZL_EIO, "%s: cannot open", w->path);
    xmlTextReaderSetStructuredErrorHandler(r, (xmlStructuredErrorFunc)on_xml_error, &we);
    zl_status rc = ZL_OK;
    int got;
    while ((got = xmlTextReaderRead(r)) == 1)
        if ((rc = step(w, r, err)) != ZL_OK)
            break;
    if (rc == ZL_OK && got < 0)
        rc = zl_fail(err, ZL_EINPUT, "%s:%d: %s XML (inside <%s>): %s", w->path,
                     we.line ? we.line : w->line, w->depth ? "truncated or malformed" : "malformed",
                     w->depth ? w->names[w->depth - 1] : "", we.msg[0] ? we.msg : "unreadable");
    else if (rc == ZL_OK && w->depth != 0)
        rc =
            zl_fail(err, ZL_EINPUT, "%s: truncated XML (%d elements left open)", w->path, w->depth);
    else if (rc == ZL_OK && !w->seen_root)
        rc = zl_fail(err, ZL_EINPUT, "%s: empty XML file", w->path);
    xmlFreeTextReader(r);
    zl_buf_free(&w->text);
    return rc;
}

bool xml_walk_in(const xml_walk *w, int back, const char *name)
{
    int i = w->depth - 1 - back;
    return i >= 0 && strcmp(w->names[i], name) == 0;
}

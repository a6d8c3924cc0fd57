/* Import of the Orphanet Rare Disease Ontology (ORDO) in OBO-graph JSON, read through
 * zlib so the published .json.gz is used as it is (a plain .json works too).
 *
 * How ORDO 2.6 encodes what we need (see docs/formats-rare.md):
 *  - a clinical entity is a class "http://www.orpha.net/ORDO/Orphanet_<n>" with the
 *    basic property ...#notation "ORPHA:<n>"; genes carry ...#symbol instead and other
 *    classes (types, geography, prevalence ranges) carry neither;
 *  - the disorder type is the subset ...#ordo_<type> (also an is-a edge to a type class);
 *  - an obsolete entity is-a oboInOwl#ObsoleteClass, has the label "OBSOLETE: <name>" and
 *    usually efo:reason_for_obsolescence "use <IRI> ..." (obsolete) or "This class is
 *    deprecated. The preferred class is <IRI> ..." (deprecated): <IRI> is the successor;
 *  - is-a edges between two clinical entities are the classification;
 *  - edges Orphanet_C025/C026/C027/C020 point at prevalence-range classes. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"
#include "zorglandschap/util.h"

#define ORDO_PREFIX "http://www.orpha.net/ORDO/Orphanet_"

typedef struct gz_src {
    gzFile gz;
    const char *path;
    bool failed;
    char msg[256];
    zl_progress_phase progress; /* compressed bytes of the file read */
} gz_src;

static size_t gz_feed(void *buf, size_t len, void *data)
{
    gz_src *src = data;
    if (len > (1u << 30))
        len = 1u << 30;
    int n = gzread(src->gz, buf, (unsigned)len);
    if (n < 0) {
        int code;
        const char *m = gzerror(src->gz, &code);
        src->failed = true;
        snprintf(src->msg, sizeof src->msg, "%s", m ? m : "read error");
        return (size_t)-1;
    }
    z_off_t at = gzoffset(src->gz);
    zl_progress_step(&src->progress, at > 0 ? (uint64_t)at : 0);
    return (size_t)n;
}

static zl_status load_json(const char *path, const zl_progress *p, json_t **root, zl_err *err)
{
    gz_src src = {.path = path};
    src.gz = gzopen(path, "rb");
    if (!src.gz)
        return zl_fail(err, ZL_EIO, "%s: cannot open", path);
    gzbuffer(src.gz, 1 << 17);
    struct stat sb;
    uint64_t size = stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    zl_progress_begin(&src.progress, p, "reading ORDO", "bytes", size);
    json_error_t jerr;
    *root = json_load_callback(gz_feed, &src, 0, &jerr);
    gzclose(src.gz);
    if (*root)
        zl_progress_end(&src.progress, size);
    if (src.failed)
        return zl_fail(err, ZL_EINPUT, "%s: corrupt gzip data: %s", path, src.msg);
    if (!*root)
        return zl_fail(err, ZL_EINPUT, "%s:%d:%d: invalid JSON: %s", path, jerr.line, jerr.column,
                       jerr.text);
    return ZL_OK;
}

/* The ORPHAcode of an ORDO IRI, or 0. */
static int64_t iri_code(const char *iri)
{
    if (!iri || strncmp(iri, ORDO_PREFIX, strlen(ORDO_PREFIX)) != 0)
        return 0;
    int64_t v;
    return zl_parse_i64(iri + strlen(ORDO_PREFIX), &v) && v > 0 ? v : 0;
}

static const char *str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Value of the first basic property whose predicate ends in suffix, or NULL. */
static const char *property(json_t *meta, const char *suffix)
{
    size_t i, sl = strlen(suffix);
    json_t *p;
    json_array_foreach(json_object_get(meta, "basicPropertyValues"), i, p)
    {
        const char *pred = str_of(p, "pred");
        size_t pl = pred ? strlen(pred) : 0;
        if (pl >= sl && strcmp(pred + pl - sl, suffix) == 0)
            return str_of(p, "val");
    }
    return NULL;
}

/* "…#ordo_group_of_disorders" -> "group of disorders" into buf. */
static const char *subset_type(json_t *meta, char *buf, size_t cap)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(meta, "subsets"), i, v)
    {
        const char *s = json_string_value(v);
        const char *t = s ? strstr(s, "#ordo_") : NULL;
        if (!t)
            continue;
        snprintf(buf, cap, "%s", t + 6);
        for (char *c = buf; *c; c++)
            if (*c == '_')
                *c = ' ';
        return buf;
    }
    return NULL;
}

typedef struct ordo_ctx {
    zl_store *s;
    const char *path;
    zl_rare_import_stats *st;
    json_t *obsolete_ids; /* object used as a set of IRIs that are is-a ObsoleteClass */
    json_t *labels;       /* IRI -> label of every class (for prevalence ranges) */
    zl_strset *stored;    /* IRIs of the clinical entities stored by this import */
} ordo_ctx;

static zl_status put_names(ordo_ctx *c, int64_t code, const char *name, json_t *meta, zl_err *err)
{
    if (zl_rare_clear_names(c->s, code, "en", err) != ZL_OK ||
        zl_rare_add_name(c->s, code, "en", true, name, err) != ZL_OK)
        return err->code;
    c->st->names++;
    size_t i;
    json_t *syn;
    json_array_foreach(json_object_get(meta, "synonyms"), i, syn)
    {
        const char *v = str_of(syn, "val");
        if (!v || !*v)
            continue;
        if (zl_rare_add_name(c->s, code, "en", false, v, err) != ZL_OK)
            return err->code;
        c->st->names++;
        c->st->synonyms++;
    }
    return ZL_OK;
}

static zl_status put_xrefs(ordo_ctx *c, int64_t code, json_t *meta, zl_err *err)
{
    if (zl_rare_clear_xrefs(c->s, code, "ordo", err) != ZL_OK)
        return err->code;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(meta, "xrefs"), i, x)
    {
        const char *v = str_of(x, "val");
        const char *colon = v ? strchr(v, ':') : NULL;
        if (!colon || colon == v || !colon[1])
            continue;
        char db[32];
        snprintf(db, sizeof db, "%.*s", (int)(colon - v), v);
        if (zl_rare_put_xref(c->s, code, db, colon + 1, NULL, NULL, "ordo", err) != ZL_OK)
            return err->code;
        c->st->xrefs++;
        c->st->icd10 += strcmp(db, "ICD10") == 0;
    }
    return ZL_OK;
}

/* Stores one clinical entity (active or obsolete); other classes are skipped. */
static zl_status put_node(ordo_ctx *c, json_t *node, zl_err *err)
{
    const char *id = str_of(node, "id");
    if (!id || strncmp(id, ORDO_PREFIX, strlen(ORDO_PREFIX)) != 0 ||
        strcmp(str_of(node, "type") ? str_of(node, "type") : "", "CLASS") != 0)
        return ZL_OK;
    c->st->classes++; /* every Orphanet class, including genes and the C0nn categories */
    int64_t code = iri_code(id);
    if (!code)
        return ZL_OK;
    json_t *meta = json_object_get(node, "meta");
    const char *notation = property(meta, "#notation");
    const char *reason = property(meta, "reason_for_obsolescence");
    bool obsolete = json_object_get(c->obsolete_ids, id) || reason;
    if (!notation && !obsolete)
        return ZL_OK; /* a gene, a type, a geography or a prevalence class */
    const char *label = str_of(node, "lbl");
    if (!label || !*label)
        return zl_fail(err, ZL_EINPUT, "%s: class %s has no label", c->path, id);
    if (strncmp(label, "OBSOLETE: ", 10) == 0)
        label += 10;
    char tbuf[80];
    zl_orpha_put d = {.orpha = code,
                      .name = label,
                      .name_is_en = true,
                      .type = subset_type(meta, tbuf, sizeof tbuf),
                      .status = "active",
                      .definition = str_of(json_object_get(meta, "definition"), "val"),
                      .source = "ordo"};
    if (obsolete) {
        d.status = reason && strstr(reason, "deprecated") ? "deprecated" : "obsolete";
        const char *iri = reason ? strstr(reason, ORDO_PREFIX) : NULL;
        d.moved_to = iri ? strtoll(iri + strlen(ORDO_PREFIX), NULL, 10) : 0;
        c->st->obsolete++;
    }
    bool added;
    if (zl_rare_put_disorder(c->s, &d, err) != ZL_OK ||
        zl_rare_clear_parents(c->s, code, "ordo", err) != ZL_OK ||
        zl_rare_clear_prevalence(c->s, code, "ordo", err) != ZL_OK)
        return zl_err_prefix(err, "%s: ORPHA:%lld: ", c->path, (long long)code);
    if (zl_strset_add(c->stored, id, &added, err) != ZL_OK)
        return err->code;
    if (!added)
        return zl_fail(err, ZL_EINPUT, "%s: class %s appears twice", c->path, id);
    c->st->records++;
    return put_names(c, code, label, meta, err) == ZL_OK ? put_xrefs(c, code, meta, err)
                                                         : err->code;
}

static const char *prevalence_type(const char *pred)
{
    static const char *const map[][2] = {{"Orphanet_C025", "point prevalence"},
                                         {"Orphanet_C026", "birth prevalence"},
                                         {"Orphanet_C027", "lifetime prevalence"},
                                         {"Orphanet_C020", "annual incidence"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]), pl = strlen(pred);
        if (pl >= n && strcmp(pred + pl - n, map[i][0]) == 0)
            return map[i][1];
    }
    return NULL;
}

/* Edges: is-a between clinical entities, and prevalence ranges. Replaces what an
 * earlier ORDO import stored for the same children. */
static zl_status put_edges(ordo_ctx *c, json_t *edges, zl_err *err)
{
    size_t i;
    json_t *e;
    json_array_foreach(edges, i, e)
    {
        const char *sub_iri = str_of(e, "sub"), *obj_iri = str_of(e, "obj");
        const char *pred = str_of(e, "pred");
        if (!sub_iri || !obj_iri || !pred || !zl_strset_has(c->stored, sub_iri))
            continue;
        int64_t sub = iri_code(sub_iri), obj = iri_code(obj_iri);
        if (strcmp(pred, "is_a") == 0) {
            if (!zl_strset_has(c->stored, obj_iri) || sub == obj)
                continue;
            if (zl_rare_add_parent(c->s, sub, obj, "ordo", err) != ZL_OK)
                return err->code;
            c->st->parents++;
            continue;
        }
        const char *ptype = prevalence_type(pred);
        if (!ptype)
            continue;
        const char *klass = json_string_value(json_object_get(c->labels, str_of(e, "obj")));
        if (klass && strncmp(klass, "Unknown", 7) == 0)
            klass = "Unknown";
        zl_prevalence_put p = {.orpha = sub, .type = ptype, .klass = klass, .source = "ordo"};
        if (zl_rare_add_prevalence(c->s, &p, err) != ZL_OK)
            return err->code;
        c->st->prevalence++;
    }
    return ZL_OK;
}

/* Collects the ObsoleteClass members and the labels of all classes. */
static void prepare(ordo_ctx *c, json_t *nodes, json_t *edges)
{
    size_t i;
    json_t *e, *n;
    json_array_foreach(edges, i, e)
    {
        const char *obj = str_of(e, "obj");
        if (obj && strcmp(str_of(e, "pred") ? str_of(e, "pred") : "", "is_a") == 0 &&
            strstr(obj, "ObsoleteClass") && str_of(e, "sub"))
            json_object_set_new(c->obsolete_ids, str_of(e, "sub"), json_true());
    }
    json_array_foreach(nodes, i, n)
    {
        const char *id = str_of(n, "id"), *lbl = str_of(n, "lbl");
        if (id && lbl)
            json_object_set_new(c->labels, id, json_string(lbl));
    }
}

static zl_status import_graph(ordo_ctx *c, json_t *root, zl_err *err)
{
    json_t *graph = json_array_get(json_object_get(root, "graphs"), 0);
    json_t *nodes = json_object_get(graph, "nodes"), *edges = json_object_get(graph, "edges");
    if (!json_is_array(nodes) || !json_is_array(edges))
        return zl_fail(err, ZL_EINPUT,
                       "%s: not an OBO-graph JSON file (no graphs[0].nodes and .edges)", c->path);
    prepare(c, nodes, edges);
    size_t i;
    json_t *n;
    json_array_foreach(nodes, i, n)
    {
        if (put_node(c, n, err) != ZL_OK)
            return err->code;
    }
    if (c->st->records == 0)
        return zl_fail(err, ZL_EINPUT, "%s: no Orphanet clinical entities (ORPHA:n) found",
                       c->path);
    return put_edges(c, edges, err);
}

zl_status zl_rare_import_ordo(zl_store *s, const char *path, zl_rare_import_stats *stats,
                              zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    json_t *root = NULL;
    if (load_json(path, zl_store_progress(s), &root, err) != ZL_OK)
        return err->code;
    ordo_ctx c = {.s = s, .path = path, .st = st};
    c.obsolete_ids = json_object();
    c.labels = json_object();
    zl_status rc = !c.obsolete_ids || !c.labels ? zl_fail(err, ZL_ENOMEM, "out of memory")
                                                : zl_strset_new(&c.stored, err);
    if (rc == ZL_OK)
        rc = zl_store_begin(s, err);
    if (rc == ZL_OK) {
        rc = import_graph(&c, root, err);
        if (rc == ZL_OK)
            rc = zl_store_log_import(s, "ordo", path, st->records, false, err);
        if (rc == ZL_OK)
            rc = zl_store_commit(s, err);
        else
            zl_store_rollback(s);
    }
    json_decref(c.obsolete_ids);
    json_decref(c.labels);
    zl_strset_free(c.stored);
    json_decref(root);
    return rc;
}

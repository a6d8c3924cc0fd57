/* Import of the Orphadata XML products (root element <JDBOR>), streamed:
 *   product1  names and synonyms per language, disorder type, flags (obsolete,
 *             deprecated), "Moved to" associations, external references with their
 *             mapping relation and validation status;
 *   product3  classification trees (ClassificationNode / ClassificationNodeChildList);
 *   product7  linearisation: the head of the preferred classification of each disorder;
 *   product9  prevalence (product9_prev): type, qualification, class, ValMoy,
 *             geography, validation status.
 * A record replaces what the same product stored earlier for that ORPHAcode (names per
 * language, product3 parents, product9 prevalence); everything else merges. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmlwalk.h"
#include "zorglandschap/rare.h"
#include "zorglandschap/store_rare.h"

typedef struct field {
    char *path; /* below <Disorder>, e.g. "SynonymList/Synonym" */
    char *text;
    char lang[8];
} field;

typedef struct od_ctx {
    zl_store *s;
    int product;
    const char *file;
    zl_rare_import_stats *st;
    /* products 1, 7, 9: the fields of the current <Disorder> */
    int rec_depth;
    int rec_line;
    field *f;
    size_t nf, capf;
    /* product 3: the ORPHAcode of each open ClassificationNode */
    int64_t nodes[XML_WALK_MAX_DEPTH];
    int nnodes;
    int64_t code;
    char name[512];
    zl_strset *cleared;
} od_ctx;

static void trim(char *s)
{
    char *b = s;
    while (isspace((unsigned char)*b))
        b++;
    size_t n = strlen(b);
    while (n && isspace((unsigned char)b[n - 1]))
        n--;
    memmove(s, b, n);
    s[n] = 0;
}

static void clear_fields(od_ctx *c)
{
    for (size_t i = 0; i < c->nf; i++) {
        free(c->f[i].path);
        free(c->f[i].text);
    }
    c->nf = 0;
}

static zl_status add_field(od_ctx *c, xml_walk *w, const char *text, zl_err *err)
{
    if (zl_grow((void **)&c->f, &c->capf, c->nf + 1, sizeof *c->f, err) != ZL_OK)
        return err->code;
    zl_buf p = {0};
    for (int i = c->rec_depth; i < w->depth; i++)
        if (zl_buf_printf(&p, err, "%s%s", i > c->rec_depth ? "/" : "", w->names[i]) != ZL_OK) {
            zl_buf_free(&p);
            return err->code;
        }
    field *f = &c->f[c->nf];
    f->path = p.data ? p.data : strdup("");
    f->text = strdup(text);
    snprintf(f->lang, sizeof f->lang, "%s", w->langs[w->depth - 1]);
    c->nf++;
    if (!f->path || !f->text)
        return zl_fail(err, ZL_ENOMEM, "out of memory");
    trim(f->text);
    return ZL_OK;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

static bool is(const field *f, const char *path)
{
    return strcmp(f->path, path) == 0;
}

static bool is_code(const field *f, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(f->path, prefix, n) == 0 &&
           (strcmp(f->path + n, "OrphaCode") == 0 || strcmp(f->path + n, "OrphaNumber") == 0);
}

static zl_status bad(od_ctx *c, zl_err *err, const char *what, const char *value)
{
    return zl_fail(err, ZL_EINPUT, "%s:%d: <Disorder>: %s%s%s%s", c->file, c->rec_line, what,
                   value ? " '" : "", value ? value : "", value ? "'" : "");
}

static zl_status record_code(od_ctx *c, int64_t *code, const char **name, const char **lang,
                             zl_err *err)
{
    *code = 0;
    *name = *lang = NULL;
    for (size_t i = 0; i < c->nf; i++) {
        if (is_code(&c->f[i], "") && !zl_orpha_parse(c->f[i].text, code))
            return bad(c, err, "OrphaCode is not a number:", c->f[i].text);
        if (is(&c->f[i], "Name")) {
            *name = c->f[i].text;
            *lang = c->f[i].lang[0] ? c->f[i].lang : "en";
        }
    }
    if (!*code)
        return bad(c, err, "no OrphaCode", NULL);
    if (!*name || !**name)
        return bad(c, err, "no Name", NULL);
    return ZL_OK;
}

/* "ICD-10" -> "ICD10", "MeSH" -> "MESH", as ORDO spells the databases. */
static const char *db_name(const char *source, char *buf, size_t cap)
{
    size_t j = 0;
    for (const char *p = source; *p && j + 1 < cap; p++)
        if (*p != '-' && *p != ' ')
            buf[j++] = *p;
    buf[j] = 0;
    if (strcasecmp(buf, "MESH") == 0)
        return "MESH";
    if (strncasecmp(buf, "ICD", 3) == 0)
        for (char *q = buf; *q; q++)
            *q = (char)toupper((unsigned char)*q);
    return buf;
}

static zl_status product1_xrefs(od_ctx *c, int64_t code, zl_err *err)
{
    const char *src = NULL, *ref = NULL, *rel = NULL, *val = NULL;
    const char *base = "ExternalReferenceList/ExternalReference";
    size_t bl = strlen(base);
    for (size_t i = 0; i < c->nf; i++) {
        const field *f = &c->f[i];
        if (strncmp(f->path, base, bl) != 0)
            continue;
        const char *rest = f->path + bl;
        if (strcmp(rest, "/Source") == 0)
            src = f->text;
        else if (strcmp(rest, "/Reference") == 0)
            ref = f->text;
        else if (strcmp(rest, "/DisorderMappingRelation/Name") == 0)
            rel = f->text;
        else if (strcmp(rest, "/DisorderMappingValidationStatus/Name") == 0)
            val = f->text;
        else if (!*rest) {
            if (!src || !ref || !*src || !*ref)
                return bad(c, err, "ExternalReference without Source or Reference", NULL);
            char db[32];
            if (zl_rare_put_xref(c->s, code, db_name(src, db, sizeof db), ref, rel, val, "product1",
                                 err) != ZL_OK)
                return err->code;
            c->st->xrefs++;
            c->st->icd10 += strcmp(db, "ICD10") == 0;
            src = ref = rel = val = NULL;
        }
    }
    return ZL_OK;
}

/* The target of the last association whose type contains `type_word`, or 0. */
static int64_t association(od_ctx *c, const char *type_word)
{
    const char *base = "DisorderDisorderAssociationList/DisorderDisorderAssociation";
    size_t bl = strlen(base);
    int64_t target = 0, found = 0;
    const char *atype = NULL;
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s/TargetDisorder/", base);
    for (size_t i = 0; i < c->nf; i++) {
        const field *f = &c->f[i];
        if (strncmp(f->path, base, bl) != 0)
            continue;
        if (is_code(f, prefix))
            zl_orpha_parse(f->text, &target);
        else if (strcmp(f->path + bl, "/DisorderDisorderAssociationType/Name") == 0)
            atype = f->text;
        else if (!f->path[bl]) {
            if (target && (!type_word || (atype && contains_ci(atype, type_word))))
                found = target;
            target = 0;
            atype = NULL;
        }
    }
    return found;
}

static zl_status product1_record(od_ctx *c, zl_err *err)
{
    int64_t code;
    const char *name, *lang;
    if (record_code(c, &code, &name, &lang, err) != ZL_OK)
        return err->code;
    bool en = strcmp(lang, "en") == 0;
    char type[96] = {0};
    const char *status = en ? "active" : NULL;
    for (size_t i = 0; i < c->nf; i++) {
        const field *f = &c->f[i];
        if (en && is(f, "DisorderType/Name")) {
            snprintf(type, sizeof type, "%s", f->text);
            for (char *p = type; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        } else if (is(f, "DisorderFlagList/DisorderFlag/Label")) {
            if (contains_ci(f->text, "deprecated"))
                status = "deprecated";
            else if (contains_ci(f->text, "obsolete"))
                status = "obsolete";
        }
    }
    zl_orpha_put d = {.orpha = code,
                      .name = name,
                      .name_is_en = en,
                      .type = type[0] ? type : NULL,
                      .status = status,
                      .moved_to = association(c, "moved to"),
                      .source = "product1"};
    if (zl_rare_put_disorder(c->s, &d, err) != ZL_OK ||
        zl_rare_clear_names(c->s, code, lang, err) != ZL_OK ||
        zl_rare_add_name(c->s, code, lang, true, name, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%d: ", c->file, c->rec_line);
    c->st->records++;
    c->st->obsolete += status && strcmp(status, "active") != 0;
    c->st->names++;
    for (size_t i = 0; i < c->nf; i++) {
        if (!is(&c->f[i], "SynonymList/Synonym") || !c->f[i].text[0])
            continue;
        const char *slang = c->f[i].lang[0] ? c->f[i].lang : lang;
        if (zl_rare_add_name(c->s, code, slang, false, c->f[i].text, err) != ZL_OK)
            return err->code;
        c->st->names++;
        c->st->synonyms++;
    }
    return product1_xrefs(c, code, err);
}

static zl_status product7_record(od_ctx *c, zl_err *err)
{
    int64_t code;
    const char *name, *lang;
    if (record_code(c, &code, &name, &lang, err) != ZL_OK)
        return err->code;
    int64_t head = association(c, NULL);
    if (!head)
        return ZL_OK;
    const char *head_name = NULL;
    for (size_t i = 0; i < c->nf; i++)
        if (strstr(c->f[i].path, "TargetDisorder/Name"))
            head_name = c->f[i].text;
    if (zl_rare_ensure_disorder(c->s, code, name, "product7", err) != ZL_OK ||
        zl_rare_ensure_disorder(c->s, head, head_name ? head_name : name, "product7", err) !=
            ZL_OK ||
        zl_rare_set_linearisation(c->s, code, head, err) != ZL_OK)
        return zl_err_prefix(err, "%s:%d: ", c->file, c->rec_line);
    c->st->records++;
    return ZL_OK;
}

typedef struct prev_fields {
    const char *type, *qual, *klass, *value, *geo, *valid;
} prev_fields;

static zl_status put_prevalence(od_ctx *c, int64_t code, const prev_fields *p, zl_err *err)
{
    if (!p->type || !*p->type)
        return bad(c, err, "Prevalence without PrevalenceType", NULL);
    zl_prevalence_put put = {.orpha = code,
                             .type = p->type,
                             .qualification = p->qual,
                             .klass = p->klass,
                             .geography = p->geo,
                             .validation = p->valid,
                             .source = "product9"};
    if (p->value && *p->value) {
        put.has_value = zl_parse_f64(p->value, &put.value);
        if (!put.has_value)
            return bad(c, err, "ValMoy is not a number:", p->value);
        /* Cases per 100 000 or a number of cases/families: never negative, never more
         * than the documented bound (docs/formats-rare.md). */
        if (!(put.value >= 0 && put.value <= ZL_MAX_PREVALENCE_VALUE))
            return bad(c, err, "ValMoy is outside the plausible range 0..1000000:", p->value);
    }
    if (zl_rare_add_prevalence(c->s, &put, err) != ZL_OK)
        return err->code;
    c->st->prevalence++;
    return ZL_OK;
}

static zl_status product9_record(od_ctx *c, zl_err *err)
{
    int64_t code;
    const char *name, *lang;
    if (record_code(c, &code, &name, &lang, err) != ZL_OK ||
        zl_rare_ensure_disorder(c->s, code, name, "product9", err) != ZL_OK ||
        zl_rare_clear_prevalence(c->s, code, "product9", err) != ZL_OK)
        return err->code;
    const char *base = "PrevalenceList/Prevalence";
    size_t bl = strlen(base);
    prev_fields p = {0};
    for (size_t i = 0; i < c->nf; i++) {
        const field *f = &c->f[i];
        if (strncmp(f->path, base, bl) != 0)
            continue;
        const char *r = f->path + bl;
        if (strcmp(r, "/PrevalenceType/Name") == 0)
            p.type = f->text;
        else if (strcmp(r, "/PrevalenceQualification/Name") == 0)
            p.qual = f->text;
        else if (strcmp(r, "/PrevalenceClass/Name") == 0)
            p.klass = f->text;
        else if (strcmp(r, "/ValMoy") == 0)
            p.value = f->text;
        else if (strcmp(r, "/PrevalenceGeographic/Name") == 0)
            p.geo = f->text;
        else if (strcmp(r, "/PrevalenceValidationStatus/Name") == 0)
            p.valid = f->text;
        else if (!*r) {
            if (put_prevalence(c, code, &p, err) != ZL_OK)
                return err->code;
            p = (prev_fields){0};
        }
    }
    c->st->records++;
    return ZL_OK;
}

/* Products 1, 7, 9: JDBOR/DisorderList/Disorder records. */
static zl_status rec_start(xml_walk *w, zl_err *err)
{
    od_ctx *c = w->ctx;
    if (w->depth == 3 && xml_walk_in(w, 0, "Disorder") && xml_walk_in(w, 1, "DisorderList")) {
        c->rec_depth = w->depth;
        c->rec_line = w->line;
        clear_fields(c);
    }
    return ZL_OK;
}

static zl_status rec_end(xml_walk *w, const char *text, zl_err *err)
{
    od_ctx *c = w->ctx;
    if (!c->rec_depth || w->depth < c->rec_depth)
        return ZL_OK;
    if (w->depth > c->rec_depth)
        return add_field(c, w, text, err);
    c->rec_depth = 0;
    zl_status rc = c->product == 1   ? product1_record(c, err)
                   : c->product == 7 ? product7_record(c, err)
                                     : product9_record(c, err);
    clear_fields(c);
    return rc;
}

/* Product 3: the classification trees, streamed node by node. */
static zl_status tree_start(xml_walk *w, zl_err *err)
{
    od_ctx *c = w->ctx;
    if (xml_walk_in(w, 0, "ClassificationNode")) {
        if (c->nnodes >= XML_WALK_MAX_DEPTH)
            return zl_fail(err, ZL_EINPUT, "%s:%d: classification too deep", c->file, w->line);
        c->nodes[c->nnodes++] = 0;
    } else if (xml_walk_in(w, 0, "Disorder") && xml_walk_in(w, 1, "ClassificationNode")) {
        c->code = 0;
        c->name[0] = 0;
        c->rec_line = w->line;
    }
    return ZL_OK;
}

static zl_status tree_node(od_ctx *c, zl_err *err)
{
    if (!c->code || !c->nnodes)
        return zl_fail(err, ZL_EINPUT, "%s:%d: classification node without OrphaCode", c->file,
                       c->rec_line);
    c->nodes[c->nnodes - 1] = c->code;
    if (zl_rare_ensure_disorder(c->s, c->code, c->name[0] ? c->name : "(unnamed)", "product3",
                                err) != ZL_OK)
        return err->code;
    int64_t parent = c->nnodes >= 2 ? c->nodes[c->nnodes - 2] : 0;
    if (!parent || parent == c->code)
        return ZL_OK;
    char key[24];
    bool added;
    snprintf(key, sizeof key, "%lld", (long long)c->code);
    if (zl_strset_add(c->cleared, key, &added, err) != ZL_OK ||
        (added && zl_rare_clear_parents(c->s, c->code, "product3", err) != ZL_OK) ||
        zl_rare_add_parent(c->s, c->code, parent, "product3", err) != ZL_OK)
        return err->code;
    c->st->parents++;
    return ZL_OK;
}

static zl_status tree_end(xml_walk *w, const char *text, zl_err *err)
{
    od_ctx *c = w->ctx;
    bool in_node_disorder =
        xml_walk_in(w, 1, "Disorder") && xml_walk_in(w, 2, "ClassificationNode");
    if (in_node_disorder && (xml_walk_in(w, 0, "OrphaCode") || xml_walk_in(w, 0, "OrphaNumber"))) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s", text);
        trim(buf);
        if (!zl_orpha_parse(buf, &c->code))
            return zl_fail(err, ZL_EINPUT, "%s:%d: OrphaCode is not a number: '%s'", c->file,
                           w->line, buf);
    } else if (in_node_disorder && xml_walk_in(w, 0, "Name")) {
        snprintf(c->name, sizeof c->name, "%s", text);
        trim(c->name);
    } else if (xml_walk_in(w, 0, "Disorder") && xml_walk_in(w, 1, "ClassificationNode")) {
        if (tree_node(c, err) != ZL_OK)
            return err->code;
        c->st->records++;
    } else if (xml_walk_in(w, 0, "ClassificationNode")) {
        c->nnodes--;
    }
    return ZL_OK;
}

static zl_status run(od_ctx *c, zl_err *err)
{
    xml_walk w = {.path = c->file, .root = "JDBOR", .ctx = c};
    if (c->product == 3) {
        w.on_start = tree_start;
        w.on_end = tree_end;
    } else {
        w.on_start = rec_start;
        w.on_end = rec_end;
    }
    if (xml_walk_run(&w, err) != ZL_OK)
        return err->code;
    if (c->st->records == 0)
        return zl_fail(err, ZL_EINPUT, "%s: no %s found (is this Orphadata product%d?)", c->file,
                       c->product == 3 ? "classification nodes" : "<Disorder> records", c->product);
    return ZL_OK;
}

zl_status zl_rare_import_orphadata(zl_store *s, int product, const char *path,
                                   zl_rare_import_stats *stats, zl_err *err)
{
    zl_rare_import_stats local = {0};
    zl_rare_import_stats *st = stats ? stats : &local;
    *st = (zl_rare_import_stats){0};
    if (product != 1 && product != 3 && product != 7 && product != 9)
        return zl_fail(err, ZL_EINPUT, "unknown Orphadata product %d (1, 3, 7 or 9)", product);
    od_ctx c = {.s = s, .product = product, .file = path, .st = st};
    if (zl_strset_new(&c.cleared, err) != ZL_OK)
        return err->code;
    zl_status rc = zl_store_begin(s, err);
    if (rc == ZL_OK) {
        rc = run(&c, err);
        char kind[16];
        snprintf(kind, sizeof kind, "product%d", product);
        if (rc == ZL_OK)
            rc = zl_store_log_import(s, kind, path, st->records, false, err);
        if (rc == ZL_OK)
            rc = zl_store_commit(s, err);
        else
            zl_store_rollback(s);
    }
    clear_fields(&c);
    free(c.f);
    zl_strset_free(c.cleared);
    return rc;
}

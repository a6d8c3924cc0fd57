/* The report's document model and back ends (src/report, src/geo): escaping in HTML, one
 * table rendered into every format (HTML, CSV, XLSX, PDF), cells with gaps, the cell
 * notation, and the TopoJSON decoder on a two-square topology with a shared, reversed arc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"
#include "zorglandschap/doc.h"
#include "zorglandschap/geo.h"
#include "zorglandschap/util.h"

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len;
    zl_err err = {0};
    assert_int_equal(zl_read_file(path, &data, &len, &err), ZL_OK);
    return data;
}

static char *html_of(const zl_doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    zl_err err = {0};
    assert_int_equal(zl_doc_write_html(d, f, &err), ZL_OK);
    fclose(f);
    return buf;
}

/* A document with one table: a text cell with a comma and quotes, a number, a gap. */
static zl_doc *table_doc(void)
{
    zl_doc *d = zl_doc_new("T <&>");
    zl_doc_meta(d, "zl report impact --x '<a>'", "9.9", "2026-01-01 00:00");
    zl_doc_heading(d, 1, "ch", "Chapter & \"one\"");
    zl_doc_para(d, "<script>alert('x')</script>");
    const char *h[] = {"name", "value", "note"};
    zl_doc_table *t = zl_doc_table_add(d, "t1", "Table <1>", true, 3, h);
    zl_doc_cell_text(t, "a,\"b\"");
    zl_doc_cell_num(t, 1.26, 1);
    zl_doc_cell_empty(t);
    zl_doc_cell_empty(t);
    zl_doc_cell_num(t, -0.0, 0);
    zl_doc_cell_text(t, "x");
    return d;
}

static void test_html_escapes_everything(void **state)
{
    (void)state;
    zl_doc *d = table_doc();
    char *h = html_of(d);
    assert_null(strstr(h, "<script>"));
    assert_contains(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assert_contains(h, "<title>T &lt;&amp;&gt;</title>");
    assert_contains(h, "Chapter &amp; &quot;one&quot;");
    assert_contains(h, "zl report impact --x &#39;&lt;a&gt;&#39;");
    assert_contains(h, "Table &lt;1&gt; <span class=\"synthetic\">synthetic</span>");
    assert_contains(h, "<td>a,&quot;b&quot;</td><td class=\"n\">1.3</td><td></td>");
    assert_contains(h, "<td></td><td class=\"n\">0</td><td>x</td>"); /* -0 shows as 0 */
    assert_contains(h, "<a href=\"#ch\">"); /* the contents link the chapter */
    free(h);
    zl_doc_free(d);
}

static void test_csv_folder(void **state)
{
    (void)state;
    zl_doc *d = table_doc();
    char *dir = tu_temp_path("-csv");
    zl_err err = {0};
    assert_int_equal(zl_doc_write(d, ZL_DOC_CSV, dir, &err), ZL_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/t1.csv", dir);
    char *csv = slurp(path);
    assert_string_equal(csv, "name,value,note\n\"a,\"\"b\"\"\",1.3,\n,0,x\n");
    free(csv);
    snprintf(path, sizeof path, "%s/index.csv", dir);
    csv = slurp(path);
    assert_string_equal(csv, "file,title,synthetic\nt1.csv,Table <1>,true\n");
    free(csv);
    snprintf(path, sizeof path, "%s/about.csv", dir);
    csv = slurp(path);
    assert_contains(csv, "command,zl report impact --x '<a>'\n");
    assert_contains(csv, "synthetic,true\n");
    free(csv);
    zl_doc_free(d);
    free(dir);
}

static void test_xlsx_and_pdf(void **state)
{
    (void)state;
    zl_doc *d = table_doc();
    zl_doc_chart *c = zl_doc_chart_add(d, "c1", "Chart", "x", "y", false);
    zl_doc_chart_bar(c, "0", 3, false);
    zl_doc_chart_bar(c, "5", 0, true);
    char *x = tu_temp_path(".xlsx"), *p = tu_temp_path(".pdf");
    zl_err err = {0};
    assert_int_equal(zl_doc_write(d, ZL_DOC_XLSX, x, &err), ZL_OK);
    assert_int_equal(zl_doc_write(d, ZL_DOC_PDF, p, &err), ZL_OK);
    char *xd = slurp(x), *pd = slurp(p);
    assert_memory_equal(xd, "PK", 2); /* a zip: the sheets are checked end to end */
    assert_memory_equal(pd, "%PDF-", 5);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_true(st.st_size > 1000);
    free(xd);
    free(pd);
    unlink(x);
    unlink(p);
    free(x);
    free(p);
    zl_doc_free(d);
}

static void test_unknown_format_and_folder(void **state)
{
    (void)state;
    zl_doc_format f;
    assert_true(zl_doc_format_parse("xlsx", &f));
    assert_int_equal(f, ZL_DOC_XLSX);
    assert_false(zl_doc_format_parse("docx", &f));
    zl_doc *d = table_doc();
    zl_err err = {0};
    assert_int_equal(zl_doc_write(d, ZL_DOC_CSV, "/dev/null/x", &err), ZL_EIO);
    assert_contains(err.msg, "/dev/null/x");
    zl_doc_free(d);
}

/* Two unit squares side by side sharing the arc x=1 (arc 1, used reversed by the right
 * square); quantised with scale 1 and translate (4, 52). */
static const char topo[] =
    "{\"type\":\"Topology\",\"transform\":{\"scale\":[1,1],\"translate\":[4,52]},"
    "\"arcs\":[[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[0,1]],[[1,0],[1,0],[0,1],[-1,0]]],"
    "\"objects\":{\"pc4\":{\"type\":\"GeometryCollection\",\"geometries\":["
    "{\"type\":\"Polygon\",\"arcs\":[[2,-2]],\"properties\":{\"pc4\":1012}},"
    "{\"type\":\"Polygon\",\"arcs\":[[0,1]],\"properties\":{\"pc4\":1011}},"
    "{\"type\":null,\"properties\":{\"pc4\":1013}}]},"
    "\"provinces\":{\"type\":\"GeometryCollection\",\"geometries\":["
    "{\"type\":\"MultiPolygon\",\"arcs\":[[[0,1]],[[2,-2]]],\"properties\":{\"province\":\"P\"}}]}}}";

static void test_topojson(void **state)
{
    (void)state;
    char *path = tu_write_temp(".json", topo);
    zl_geo *g = NULL;
    zl_err err = {0};
    assert_int_equal(zl_geo_load(path, &g, &err), ZL_OK);
    assert_int_equal(g->n_areas, 3);
    const zl_geo_shape *a = zl_geo_area(g, 1011), *b = zl_geo_area(g, 1012);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->n_rings, 1);
    assert_int_equal(a->start[1], 5); /* 4 + 2 points, the shared one once */
    double x0, y0, x1, y1;
    zl_geo_project(52, 4, &x0, &y0);
    zl_geo_project(53, 5, &x1, &y1);
    assert_float_equal(a->bbox[0], x0, 1e-9);
    assert_float_equal(a->bbox[2], x1, 1e-9);
    assert_float_equal(a->bbox[1], y1, 1e-9); /* y points south */
    assert_float_equal(b->bbox[0], x1, 1e-9); /* the right square starts where a ends */
    /* the reversed shared arc runs from (5,53) down to (5,52): last point of b's ring */
    size_t last = b->start[1] - 1;
    assert_float_equal(b->xy[2 * last], x1, 1e-9);
    assert_float_equal(b->xy[2 * last + 1], y0, 1e-9);
    assert_int_equal(zl_geo_area(g, 1013)->n_rings, 0);
    assert_null(zl_geo_area(g, 9999));
    assert_int_equal(g->n_provinces, 1);
    assert_string_equal(g->provinces[0].name, "P");
    assert_int_equal(g->provinces[0].n_rings, 2);
    zl_geo_free(g);
    unlink(path);
    free(path);
}

static void test_topojson_errors(void **state)
{
    (void)state;
    char *path = tu_write_temp(".json", "{\"type\":\"Topology\",\"arcs\":[]}");
    zl_geo *g = NULL;
    zl_err err = {0};
    assert_int_equal(zl_geo_load(path, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, "not a quantised TopoJSON topology");
    unlink(path);
    free(path);
    char bad[sizeof topo + 8];
    snprintf(bad, sizeof bad, "%s", topo);
    memcpy(strstr(bad, "[[2,-2]]"), "[[7,-2]]", 8); /* arc 7 does not exist */
    path = tu_write_temp(".json", bad);
    assert_int_equal(zl_geo_load(path, &g, &err), ZL_EINPUT);
    assert_contains(err.msg, "arc index 7 out of range");
    assert_null(g);
    unlink(path);
    free(path);
    assert_int_equal(zl_geo_load("/no/such/file.json", &g, &err), ZL_EIO);
}

/* A map of the two squares: class per area, an unknown PC4 skipped, the focus view. */
static void test_map(void **state)
{
    (void)state;
    char *path = tu_write_temp(".json", topo);
    zl_geo *g = NULL;
    zl_err err = {0};
    assert_int_equal(zl_geo_load(path, &g, &err), ZL_OK);
    zl_doc *d = zl_doc_new("m");
    zl_doc_class cls[] = {{"near", 0x00ff00, false}, {"far", 0xff0000, false}, {"loc", 0x0000ff, true}};
    zl_doc_map *m = zl_doc_map_add(d, "m1", "Map", g, false, cls, 3, "minutes");
    zl_doc_map_area(m, 1011, 1, 50);
    zl_doc_map_area(m, 4242, 0, 1); /* no shape: skipped */
    zl_doc_map_marker(m, 52.5, 4.5, "A & B", 2);
    m->focus = true;
    double box[4];
    zl_doc_map_view(m, box);
    assert_true(box[2] < zl_geo_area(g, 1012)->bbox[2]); /* only the classed square */
    char *h = html_of(d);
    assert_contains(h, "<path id=\"a1011\" d=\"M");
    assert_contains(h, "<g fill=\"#ff0000\"><use href=\"#a1011\"/></g>");
    assert_contains(h, "<title>A &amp; B: loc</title>");
    free(h);
    zl_doc_free(d);
    zl_geo_free(g);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes_everything),
        cmocka_unit_test(test_csv_folder),
        cmocka_unit_test(test_xlsx_and_pdf),
        cmocka_unit_test(test_unknown_format_and_folder),
        cmocka_unit_test(test_topojson),
        cmocka_unit_test(test_topojson_errors),
        cmocka_unit_test(test_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The database copy and its checksums (store_copy.h) on the backend under test (SQLite, or
 * PostgreSQL as unit.pg.test_store_copy): the canonical form of every kind of value gives
 * the digest written out here by hand on both backends (rows in key order, booleans as
 * integers, dates as text, blobs as bytes, NULL apart from empty text); every table the
 * migrations create is copied; a copy round-trips awkward text and blobs, continues
 * identity ids, refuses a non-empty target and a value of the wrong type and then leaves
 * the target as it was. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "testutil.h"
#include "zorglandschap/store_copy.h"

static const zl_table_sum *find(const zl_table_sums *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->tables[i].name, name) == 0)
            return &t->tables[i];
    fail_msg("table %s not in the checksums", name);
    return NULL;
}

static void sha256_hex(const char *text, size_t n, char out[ZL_CHECKSUM_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)text, n);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The table's figures are rows and the SHA-256 of canon (n bytes; -1: up to the NUL). */
static void assert_sum(const zl_table_sums *t, const char *table, int64_t rows, const char *canon,
                       int n)
{
    char want[ZL_CHECKSUM_HEX];
    sha256_hex(canon, n < 0 ? strlen(canon) : (size_t)n, want);
    const zl_table_sum *s = find(t, table);
    assert_int_equal(s->rows, rows);
    if (strcmp(s->checksum, want) != 0)
        fail_msg("%s: checksum %s, expected %s of:\n%s", table, s->checksum, want, canon);
}

/* Rows written out of key order, with every kind of value, in SQL both backends take
 * ('1' is an integer to SQLite and a boolean to PostgreSQL). */
static void fill(const char *path)
{
    tu_exec_sql(path,
                "INSERT INTO area (pc4, municipality, province, population, male, female, lat, lon)"
                " VALUES (1001, 'Zw\u00e9', NULL, 3, 1, 2, 0.1, -4.25),"
                " (1000, '', 'P', 0, 0, 0, 52.5, 1e-300);"
                "INSERT INTO area_age VALUES (1001, 0, '0-4', 1, 1, 0), (1000, 5, '5-9', 2, 1, 1),"
                " (1000, 0, '0-4', 3, 2, 1);"
                "INSERT INTO setting VALUES ('b', 'tab\there\nnew line \\ backslash'),"
                " ('B', 'upper'), ('a', 'lower');"
                "INSERT INTO intervention (code, name, grp, norm, norm_source, norm_illustrative)"
                " VALUES ('X', 'x', 'g', 5, 's', '1');"
                "INSERT INTO location (id, name, kind, lat, lon) VALUES ('L', 'l', 'umc', 1, 2);"
                "INSERT INTO location_function VALUES ('L', 'nicu', '2024-01-01', '2024-12-31');");
    tu_exec_sql(path, tu_backend_pg()
                          ? "UPDATE disclosure_key SET key = decode(repeat('00a1', 16), 'hex')"
                          : "UPDATE disclosure_key SET key = x'00a100a100a100a100a100a100a100a1"
                            "00a100a100a100a100a100a100a100a1'");
}

/* The figures of the rows fill() wrote, whatever the backend. */
static void assert_filled(const zl_table_sums *t)
{
    assert_sum(t, "area", 2,
               "i1000;t0:;t1:P;i0;i0;i0;r52.5;r1e-300;\n"
               "i1001;t4:Zw\u00e9;N;i3;i1;i2;r0.10000000000000001;r-4.25;\n",
               -1);
    assert_sum(t, "area_age", 3,
               "i1000;i0;t3:0-4;i3;i2;i1;\n"
               "i1000;i5;t3:5-9;i2;i1;i1;\n"
               "i1001;i0;t3:0-4;i1;i1;i0;\n",
               -1);
    assert_sum(t, "setting", 3,
               "t1:B;t5:upper;\n"
               "t1:a;t5:lower;\n"
               "t1:b;t29:tab\there\nnew line \\ backslash;\n",
               -1);
    assert_sum(t, "intervention", 1, "t1:X;t1:x;t1:g;i5;i1;t1:s;i1;N;N;i0;\n", -1);
    assert_sum(t, "location", 1, "t1:L;N;N;t1:l;t3:umc;N;N;N;r1;r2;\n", -1);
    assert_sum(t, "location_function", 1, "t1:L;t4:nicu;t10:2024-01-01;t10:2024-12-31;\n", -1);
    char key[64] = "i1;b32:";
    for (int i = 0; i < 32; i++)
        key[7 + i] = (char)(i % 2 ? 0xa1 : 0x00);
    memcpy(key + 39, ";\n", 2);
    assert_sum(t, "disclosure_key", 1, key, 41);
    assert_sum(t, "flow", 0, "", -1);
}

static void canonical_form(void **state)
{
    (void)state;
    char *path;
    zl_store *s = tu_store_new(&path);
    fill(path);
    zl_err err = {0};
    zl_table_sums t;
    assert_int_equal(zl_store_checksums(s, &t, &err), ZL_OK);
    assert_int_equal(t.schema_version, zl_store_schema_latest());
    assert_filled(&t);
    zl_table_sums_free(&t);
    zl_store_close(s);
    tu_remove_db(path);
}

/* Adds the table a CREATE TABLE at p names to the list (a DROP TABLE takes it out). */
static void note_table(char names[][64], int *n, const char *p, bool drop)
{
    char name[64];
    assert_int_equal(sscanf(p, "%63[a-z0-9_]", name), 1);
    if (strcmp(name, "zl_data_change") == 0) /* the data version's log (migration 17): no data */
        return;
    for (int i = 0; i < *n; i++)
        if (strcmp(names[i], name) == 0) {
            assert_true(drop);
            memmove(names[i], names[i + 1], (size_t)(*n - i - 1) * sizeof names[0]);
            --*n;
            return;
        }
    assert_false(drop);
    snprintf(names[(*n)++], 64, "%s", name);
}

/* Every table the migrations of this backend create (read from their SQL text, apart from
 * the catalog the copy reads and PostgreSQL's data change log) is among the tables
 * checksummed and copied, and no other. */
static void every_table_covered(void **state)
{
    (void)state;
    int nm, n = 0;
    const zl_migration *m =
        tu_backend_pg() ? zl_store_migrations_pg(&nm) : zl_store_migrations(&nm);
    static char names[256][64];
    for (int i = 0; i < nm; i++)
        for (const char *p = m[i].sql; (p = strstr(p, "TABLE ")); p += 6)
            if (p >= m[i].sql + 7 && strncmp(p - 7, "CREATE ", 7) == 0)
                note_table(names, &n, p + 6, false);
            else if (p >= m[i].sql + 5 && strncmp(p - 5, "DROP ", 5) == 0)
                note_table(names, &n, p + 6, true);
    assert_true(n > 40);
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    zl_table_sums t;
    assert_int_equal(zl_store_checksums(s, &t, &err), ZL_OK);
    assert_int_equal(t.n, (size_t)n);
    for (int i = 0; i < n; i++)
        find(&t, names[i]);
    zl_table_sums_free(&t);
    zl_store_close(s);
    tu_remove_db(path);
}

static zl_store *open_path(const char *path)
{
    zl_store *s = NULL;
    zl_err err = {0};
    if (zl_store_open(path, 0, &s, &err) != ZL_OK)
        fail_msg("opening %s: %s", path, err.msg);
    return s;
}

static void copy_ok(zl_store *from, zl_store *to)
{
    zl_err err = {0};
    zl_table_sums t;
    if (zl_store_copy(from, to, &t, &err) != ZL_OK)
        fail_msg("copy: %s", err.msg);
    for (size_t i = 0; i < t.n; i++)
        assert_true(t.tables[i].match);
    zl_table_sums_free(&t);
    assert_int_equal(zl_store_checksums(to, &t, &err), ZL_OK);
    assert_filled(&t);
    zl_table_sums_free(&t);
}

/* The backend under test -> SQLite -> the backend under test again: the same figures each
 * time; the ids of the last copy continue where the copied ones end; a second copy into
 * the now full target is refused and changes nothing. */
static void round_trip(void **state)
{
    (void)state;
    char *a_path, *b_path = tu_temp_path(".db"), *c_path;
    zl_store *a = tu_store_new(&a_path), *b = open_path(b_path), *c = tu_store_new(&c_path);
    fill(a_path);
    zl_err err = {0};
    assert_int_equal(zl_store_log_import(a, "areas", "a.csv", 2, true, &err), ZL_OK);
    copy_ok(a, b);
    copy_ok(b, c);
    assert_int_equal(zl_store_log_import(c, "areas", "next.csv", 2, true, &err), ZL_OK);

    zl_table_sums before, t;
    assert_int_equal(zl_store_checksums(c, &before, &err), ZL_OK);
    assert_int_equal(find(&before, "import_log")->rows, 2);
    assert_int_equal(zl_store_copy(a, c, &t, &err), ZL_EINPUT);
    assert_contains(err.msg, "the target is not empty: table import_log has rows");
    zl_table_sums_free(&t);
    assert_int_equal(zl_store_checksums(c, &t, &err), ZL_OK);
    for (size_t i = 0; i < t.n; i++)
        assert_string_equal(t.tables[i].checksum, before.tables[i].checksum);
    zl_table_sums_free(&t);
    zl_table_sums_free(&before);
    zl_store_close(a);
    zl_store_close(b);
    zl_store_close(c);
    tu_remove_db(a_path);
    tu_remove_db(b_path);
    tu_remove_db(c_path);
}

/* A text in an integer column (SQLite takes it) is named with its table, row and column
 * and nothing is copied; a target at another schema version is refused. */
static void refusals(void **state)
{
    (void)state;
    char *a_path = tu_temp_path(".db"), *b_path = tu_temp_path(".db"), *c_path;
    zl_store *a = open_path(a_path), *b = open_path(b_path), *c = tu_store_new(&c_path);
    tu_exec_sql(a_path, "INSERT INTO area (pc4, population, lat, lon) VALUES (1000, 1, 0, 0),"
                        " (1001, 'many', 0, 0)");
    zl_err err = {0};
    zl_table_sums t;
    assert_int_equal(zl_store_copy(a, b, &t, &err), ZL_EINPUT);
    assert_contains(err.msg,
                    "table area, row 2 (in key order), column population: a text value in a "
                    "column declared integer");
    zl_table_sums_free(&t);
    bool empty = false;
    char first[64];
    assert_int_equal(zl_store_is_empty(b, &empty, first, &err), ZL_OK);
    assert_true(empty);

    tu_exec_sql(c_path, tu_backend_pg() ? "UPDATE schema_version SET version = 13"
                                        : "PRAGMA user_version = 13");
    tu_exec_sql(a_path, "UPDATE area SET population = 2");
    assert_int_equal(zl_store_copy(a, c, &t, &err), ZL_EINPUT);
    char want[96];
    snprintf(want, sizeof want, "schema versions differ: source %d, target 13",
             zl_store_schema_latest());
    assert_contains(err.msg, want);
    zl_table_sums_free(&t);
    zl_store_close(a);
    zl_store_close(b);
    zl_store_close(c);
    tu_remove_db(a_path);
    tu_remove_db(b_path);
    tu_remove_db(c_path);
}

/* A table is copied after the tables its foreign keys reference, also when it was created
 * first (SQLite allows the forward reference; PostgreSQL gets the key afterwards). */
static void foreign_keys_first(void **state)
{
    (void)state;
    char *path;
    zl_store *s = tu_store_new(&path);
    tu_exec_sql(path,
                tu_backend_pg()
                    ? "CREATE TABLE zz_child (id integer PRIMARY KEY);"
                      "CREATE TABLE zz_parent (id integer PRIMARY KEY);"
                      "ALTER TABLE zz_child ADD FOREIGN KEY (id) REFERENCES zz_parent(id)"
                    : "CREATE TABLE zz_child (id integer PRIMARY KEY REFERENCES zz_parent(id));"
                      "CREATE TABLE zz_parent (id integer PRIMARY KEY)");
    zl_err err = {0};
    zl_table_sums t;
    assert_int_equal(zl_store_checksums(s, &t, &err), ZL_OK);
    assert_true(find(&t, "zz_parent") < find(&t, "zz_child"));
    assert_true(find(&t, "area") < find(&t, "area_age"));
    assert_true(find(&t, "travel") < find(&t, "travel_matrix"));
    zl_table_sums_free(&t);
    zl_store_close(s);
    tu_remove_db(path);
}

/* More rows than one FETCH of the PostgreSQL cursor: all of them are read and copied. */
static void many_rows(void **state)
{
    (void)state;
    char *a_path, *b_path = tu_temp_path(".db");
    zl_store *a = tu_store_new(&a_path), *b = open_path(b_path);
    tu_exec_sql(a_path, "INSERT INTO area (pc4, lat, lon) VALUES (1000, 0, 0);"
                        "WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g"
                        " WHERE n < 12000) INSERT INTO area_age"
                        " SELECT 1000, n, 'band', n, 0, n FROM g");
    zl_err err = {0};
    zl_table_sums t;
    if (zl_store_copy(a, b, &t, &err) != ZL_OK)
        fail_msg("copy: %s", err.msg);
    assert_int_equal(find(&t, "area_age")->rows, 12001);
    assert_int_equal(find(&t, "area_age")->target_rows, 12001);
    assert_true(find(&t, "area_age")->match);
    zl_table_sums_free(&t);
    zl_store_close(a);
    zl_store_close(b);
    tu_remove_db(a_path);
    tu_remove_db(b_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_form),     cmocka_unit_test(every_table_covered),
        cmocka_unit_test(round_trip),         cmocka_unit_test(refusals),
        cmocka_unit_test(foreign_keys_first), cmocka_unit_test(many_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Helpers for the unit tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "zorglandschap/util.h"

char *tu_temp_path(const char *suffix)
{
    char tmpl[] = "/tmp/zltestXXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    unlink(tmpl);
    size_t n = strlen(tmpl) + strlen(suffix) + 1;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s%s", tmpl, suffix);
    return p;
}

/* Runs one command on the test cluster's maintenance database (postgres). */
static void pg_admin(const char *sql)
{
    const char *host = getenv("ZL_TEST_PG_HOST");
    assert_non_null(host);
    char conninfo[512];
    snprintf(conninfo, sizeof conninfo,
             "host=%s dbname=postgres user=zl_test password=zl_test options='-c "
             "client_min_messages=warning'",
             host);
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("test cluster at %s: %s", host, PQerrorMessage(c));
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
}

void tu_exec_sql(const char *path, const char *sql)
{
    if (strncmp(path, "postgresql://", 13) == 0) {
        PGconn *c = PQconnectdb(path);
        if (PQstatus(c) != CONNECTION_OK)
            fail_msg("%s: %s", path, PQerrorMessage(c));
        PGresult *r = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(r);
        if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
            fail_msg("%.60s...: %s", sql, PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%.60s...: %s", sql, msg);
    sqlite3_close(db);
}

bool tu_backend_pg(void)
{
    const char *b = getenv("ZL_TEST_DB_BACKEND");
    return b && strcmp(b, "pg") == 0;
}

char *tu_pg_new_db(void)
{
    static int seq;
    char name[64], sql[128];
    snprintf(name, sizeof name, "zlt_%ld_%d", (long)getpid(), ++seq);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    pg_admin(sql);
    size_t n = strlen(getenv("ZL_TEST_PG_HOST")) + 128;
    char *uri = malloc(n);
    assert_non_null(uri);
    snprintf(uri, n, "postgresql://zl_test:zl_test@/%s?host=%s", name, getenv("ZL_TEST_PG_HOST"));
    return uri;
}

void tu_remove_db(char *path)
{
    if (strncmp(path, "postgresql://", 13) == 0) {
        char sql[160];
        const char *name = path + strlen("postgresql://zl_test:zl_test@/");
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)",
                 (int)strcspn(name, "?"), name);
        pg_admin(sql);
        free(path);
        return;
    }
    char buf[512];
    unlink(path);
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
    free(path);
}

char *tu_write_temp(const char *suffix, const char *text)
{
    char *p = tu_temp_path(suffix);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return p;
}

zl_store *tu_store_new(char **path_out)
{
    char *p = tu_backend_pg() ? tu_pg_new_db() : tu_temp_path(".db");
    zl_store *s = NULL;
    zl_err err = {0};
    if (zl_store_open(p, 0, &s, &err) != ZL_OK)
        fail_msg("opening %s: %s", p, err.msg);
    *path_out = p;
    return s;
}

void tu_exec_sql_file(const char *path, const char *file)
{
    char *sql;
    size_t len;
    zl_err err = {0};
    if (zl_read_file(file, &sql, &len, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    tu_exec_sql(path, sql);
    free(sql);
}

tu_store_fixture *tu_store_fixture_new(const char *sql_file)
{
    tu_store_fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->s = tu_store_new(&f->path);
    if (sql_file)
        tu_exec_sql_file(f->path, sql_file);
    return f;
}

void tu_store_fixture_free(tu_store_fixture *f)
{
    zl_store_close(f->s);
    tu_remove_db(f->path);
    free(f);
}

void tu_assert_contains(const char *haystack, const char *needle, const char *file, int line)
{
    if (!haystack || !strstr(haystack, needle)) {
        print_error("'%s' does not contain '%s'\n", haystack ? haystack : "(null)", needle);
        _fail(file, line);
    }
}

/* Fault injection (issue 12): SQLite failing in the middle of an import — the disk full
 * (PRAGMA max_page_count), write and sync errors from a test VFS — and the importing
 * process killed with SIGKILL at several points. Every time the import either fails with
 * a clear message or succeeds, PRAGMA integrity_check answers "ok", and the database holds
 * either every row of the import or none of them. */
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "zorglandschap/import.h"
#include "zorglandschap/store_landscape.h"

#define BIG_ROWS 3000 /* areas in the large import: a few hundred pages */

/* ---- a VFS that forwards to the default one and fails on the Nth write or sync ---- */

typedef enum { FAULT_NONE, FAULT_IOERR, FAULT_KILL } fault_kind;

/* Test-only state of the VFS (one test process, one thread). */
static struct {
    fault_kind kind;
    long countdown; /* the event that fails: 1 = the next write or sync */
    long events;    /* writes and syncs seen */
    sqlite3_vfs *real;
} F;

typedef struct fault_file {
    sqlite3_file base;
    sqlite3_file *real; /* lives right after this struct */
} fault_file;

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((fault_file *)f)->real;
}

/* Counts an event; true when this one must fail (or the process dies here). */
static int fault_now(void)
{
    F.events++;
    if (F.kind == FAULT_NONE || --F.countdown > 0)
        return 0;
    if (F.kind == FAULT_KILL)
        raise(SIGKILL);
    return 1;
}

static int f_close(sqlite3_file *f)
{
    return real_of(f)->pMethods->xClose(real_of(f));
}
static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    return real_of(f)->pMethods->xRead(real_of(f), p, n, off);
}
static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    if (fault_now())
        return SQLITE_IOERR_WRITE;
    return real_of(f)->pMethods->xWrite(real_of(f), p, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    if (fault_now())
        return SQLITE_IOERR_FSYNC;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xLock(real_of(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xUnlock(real_of(f), l);
}
static int f_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}
static int f_chars(sqlite3_file *f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
    return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

/* Version 2: no memory-mapped reads, so every write goes through xWrite. */
static const sqlite3_io_methods fault_io = {
    2,          f_close,       f_read,      f_write,   f_truncate, f_sync,  f_size,
    f_lock,     f_unlock,      f_reserved,  f_control, f_sector,   f_chars, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap, NULL,      NULL};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    fault_file *ff = (fault_file *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    int rc = F.real->xOpen(F.real, name, ff->real, flags, out);
    ff->base.pMethods = rc == SQLITE_OK && ff->real->pMethods ? &fault_io : NULL;
    return rc;
}
static int v_delete(sqlite3_vfs *v, const char *n, int sync)
{
    return F.real->xDelete(F.real, n, sync);
}
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
    return F.real->xAccess(F.real, n, flags, out);
}
static int v_full(sqlite3_vfs *v, const char *n, int sz, char *out)
{
    return F.real->xFullPathname(F.real, n, sz, out);
}
static void *v_dlopen(sqlite3_vfs *v, const char *n)
{
    return F.real->xDlOpen(F.real, n);
}
static void v_dlerror(sqlite3_vfs *v, int n, char *msg)
{
    F.real->xDlError(F.real, n, msg);
}
static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *s))(void)
{
    return F.real->xDlSym(F.real, h, s);
}
static void v_dlclose(sqlite3_vfs *v, void *h)
{
    F.real->xDlClose(F.real, h);
}
static int v_random(sqlite3_vfs *v, int n, char *out)
{
    return F.real->xRandomness(F.real, n, out);
}
static int v_sleep(sqlite3_vfs *v, int us)
{
    return F.real->xSleep(F.real, us);
}
static int v_time(sqlite3_vfs *v, double *out)
{
    return F.real->xCurrentTime(F.real, out);
}
static int v_lasterr(sqlite3_vfs *v, int n, char *out)
{
    return F.real->xGetLastError ? F.real->xGetLastError(F.real, n, out) : 0;
}
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    return F.real->xCurrentTimeInt64(F.real, out);
}

static sqlite3_vfs fault_vfs = {
    .iVersion = 2,
    .zName = "zl-fault",
    .xOpen = v_open,
    .xDelete = v_delete,
    .xAccess = v_access,
    .xFullPathname = v_full,
    .xDlOpen = v_dlopen,
    .xDlError = v_dlerror,
    .xDlSym = v_dlsym,
    .xDlClose = v_dlclose,
    .xRandomness = v_random,
    .xSleep = v_sleep,
    .xCurrentTime = v_time,
    .xGetLastError = v_lasterr,
    .xCurrentTimeInt64 = v_time64,
};

static int install_vfs(void **state)
{
    F.real = sqlite3_vfs_find(NULL);
    assert_non_null(F.real);
    fault_vfs.szOsFile = (int)sizeof(fault_file) + F.real->szOsFile;
    fault_vfs.mxPathname = F.real->mxPathname;
    return sqlite3_vfs_register(&fault_vfs, 1) == SQLITE_OK ? 0 : -1;
}

static void faults(fault_kind kind, long countdown)
{
    F.kind = kind;
    F.countdown = countdown;
    F.events = 0;
}

/* ---- data and checks ---- */

static char *big_areas_file(void)
{
    size_t cap = (size_t)BIG_ROWS * 48 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "pc4,population,lat,lon\n");
    for (int i = 0; i < BIG_ROWS; i++)
        len += (size_t)snprintf(text + len, cap - len, "%d,%d,52.%04d,5.%04d\n", 4000 + i,
                                100 + i % 9000, i, i);
    char *path = tu_write_temp(".csv", text);
    free(text);
    return path;
}

/* A database holding the small fixture areas; closed, so the file is complete. */
static char *base_db(int64_t *areas)
{
    char *path;
    zl_store *s = tu_store_new(&path);
    zl_err err = {0};
    zl_import_result r;
    if (zl_import_file(s, "areas", ZL_FIXTURES "/landscape/areas.csv", &r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(zl_store_count_rows(s, "area", areas, &err), ZL_OK);
    zl_store_close(s);
    return path;
}

static char *copy_db(const char *from)
{
    char *to = tu_temp_path(".db");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
    return to;
}

/* Opens the database without faults: sound, and holding `want` areas. */
static void expect_areas(const char *path, int64_t want, const char *when)
{
    faults(FAULT_NONE, 0);
    zl_store *s = NULL;
    zl_err err = {0};
    if (zl_store_open(path, 0, &s, &err) != ZL_OK)
        fail_msg("%s: reopening: %s", when, err.msg);
    char report[512];
    assert_int_equal(zl_store_integrity_check(s, report, sizeof report, &err), ZL_OK);
    if (strcmp(report, "ok") != 0)
        fail_msg("%s: integrity check: %s", when, report);
    int64_t n;
    assert_int_equal(zl_store_count_rows(s, "area", &n, &err), ZL_OK);
    if (n != want)
        fail_msg("%s: %lld areas, expected %lld (partial rows visible?)", when, (long long)n,
                 (long long)want);
    zl_store_close(s);
}

/* ---- the tests ---- */

static void disk_full_mid_import(void **state)
{
    int64_t before;
    char *base = base_db(&before), *big = big_areas_file();
    zl_store *s = NULL;
    zl_err err = {0};
    assert_int_equal(zl_store_open(base, 0, &s, &err), ZL_OK);
    int64_t pages;
    assert_int_equal(zl_store_page_count(s, &pages, &err), ZL_OK);
    assert_int_equal(zl_store_set_max_pages(s, pages + 4, &err), ZL_OK);
    zl_import_result r;
    assert_int_equal(zl_import_file(s, "areas", big, &r, &err), ZL_EDB);
    assert_contains(err.msg, "database or disk is full");
    int64_t n;
    assert_int_equal(zl_store_count_rows(s, "area", &n, &err), ZL_OK);
    assert_int_equal(n, before); /* rolled back, visible at once on the same connection */
    zl_store_close(s);
    expect_areas(base, before, "after the disk filled up");
    /* With room again the same import goes through: only the limit stopped it. */
    assert_int_equal(zl_store_open(base, 0, &s, &err), ZL_OK);
    if (zl_import_file(s, "areas", big, &r, &err) != ZL_OK)
        fail_msg("%s", err.msg);
    zl_store_close(s);
    expect_areas(base, before + BIG_ROWS, "after the import with room");
    unlink(big);
    free(big);
    tu_remove_db(base);
}

/* The writes and syncs a clean import of the large file makes. */
static long events_of_import(const char *base)
{
    char *db = copy_db(base), *big = big_areas_file();
    zl_store *s = NULL;
    zl_err err = {0};
    assert_int_equal(zl_store_open(db, 0, &s, &err), ZL_OK);
    faults(FAULT_NONE, 0);
    zl_import_result r;
    assert_int_equal(zl_import_file(s, "areas", big, &r, &err), ZL_OK);
    long events = F.events;
    zl_store_close(s);
    unlink(big);
    free(big);
    tu_remove_db(db);
    return events;
}

static void io_errors_mid_import(void **state)
{
    int64_t before;
    char *base = base_db(&before), *big = big_areas_file();
    long total = events_of_import(base);
    assert_true(total >= 4);
    const long at[] = {1, 2, total / 4, total / 2, 3 * total / 4, total - 1, total};
    int failed = 0;
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        char *db = copy_db(base);
        zl_store *s = NULL;
        zl_err err = {0};
        assert_int_equal(zl_store_open(db, 0, &s, &err), ZL_OK);
        faults(FAULT_IOERR, at[i] > 0 ? at[i] : 1);
        zl_import_result r;
        zl_status st = zl_import_file(s, "areas", big, &r, &err);
        faults(FAULT_NONE, 0);
        zl_store_close(s);
        char when[64];
        snprintf(when, sizeof when, "I/O error at event %ld of %ld", at[i], total);
        if (st != ZL_OK) {
            failed++;
            assert_contains(err.msg, "I/O error");
        }
        /* Failed: nothing imported. Succeeded (the failing write came after the commit,
         * e.g. a checkpoint): everything. Never a part. */
        expect_areas(db, st == ZL_OK ? before + BIG_ROWS : before, when);
        tu_remove_db(db);
    }
    print_message("I/O error at %zu points of %ld writes and syncs: %d imports failed\n",
                  sizeof at / sizeof at[0], total, failed);
    assert_true(failed >= 3);
    unlink(big);
    free(big);
    tu_remove_db(base);
}

static void sigkill_mid_import(void **state)
{
    int64_t before;
    char *base = base_db(&before), *big = big_areas_file();
    long total = events_of_import(base);
    const long at[] = {1, 2, 3, total / 3, total / 2, 2 * total / 3, total - 1, total};
    int killed = 0;
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        char *db = copy_db(base);
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* The child imports and is killed at the chosen write or sync. */
            zl_store *s = NULL;
            zl_err err = {0};
            if (zl_store_open(db, 0, &s, &err) != ZL_OK)
                _exit(2);
            faults(FAULT_KILL, at[i] > 0 ? at[i] : 1);
            zl_import_result r;
            zl_status st = zl_import_file(s, "areas", big, &r, &err);
            _exit(st == ZL_OK ? 0 : 1);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        bool was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        killed += was_killed;
        assert_true(was_killed || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
        /* Killed before the commit record reached the WAL: nothing; after it: all. */
        faults(FAULT_NONE, 0);
        zl_store *s = NULL;
        zl_err err = {0};
        assert_int_equal(zl_store_open(db, 0, &s, &err), ZL_OK);
        int64_t n;
        assert_int_equal(zl_store_count_rows(s, "area", &n, &err), ZL_OK);
        char report[512];
        assert_int_equal(zl_store_integrity_check(s, report, sizeof report, &err), ZL_OK);
        zl_store_close(s);
        if (strcmp(report, "ok") != 0)
            fail_msg("killed at event %ld of %ld: integrity check: %s", at[i], total, report);
        if (n != before && n != before + BIG_ROWS)
            fail_msg("killed at event %ld of %ld: %lld areas: a partial import is visible", at[i],
                     total, (long long)n);
        if (at[i] <= 3 && n != before)
            fail_msg("killed at event %ld, before the commit: the import is visible", at[i]);
        tu_remove_db(db);
    }
    print_message("SIGKILL at %zu points of %ld writes and syncs: %d killed\n",
                  sizeof at / sizeof at[0], total, killed);
    assert_true(killed >= 6);
    unlink(big);
    free(big);
    tu_remove_db(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(disk_full_mid_import),
        cmocka_unit_test(io_errors_mid_import),
        cmocka_unit_test(sigkill_mid_import),
    };
    return cmocka_run_group_tests(tests, install_vfs, NULL);
}

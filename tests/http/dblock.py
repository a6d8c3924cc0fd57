"""The write lock on a zl database held by another session, for the HTTP tests that need
a request to wait for (or fail on) a locked database: SQLite's BEGIN IMMEDIATE on a file;
on a PostgreSQL URI, a psql session holding api_token in EXCLUSIVE mode (readers go on,
writers wait, as under SQLite's lock; zl gives up after its lock timeout of 5 s, as after
SQLite's busy timeout)."""
import sqlite3
import subprocess


class DatabaseLock:
    """Holds the write lock on DB until release(): SQLite's BEGIN IMMEDIATE on a file; on a
    PostgreSQL URI, a psql session holding api_token in EXCLUSIVE mode (readers go on,
    writers wait, as under SQLite's lock)."""

    def __init__(self, db):
        self.lite = self.psql = None
        if db.startswith(("postgresql://", "postgres://")):
            self.psql = subprocess.Popen(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", "-d", db],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            self.psql.stdin.write("BEGIN; LOCK TABLE api_token IN EXCLUSIVE MODE; SELECT 'locked';\n")
            self.psql.stdin.flush()
            assert self.psql.stdout.readline().strip() == "locked"
        else:
            self.lite = sqlite3.connect(db, timeout=1, isolation_level=None)
            self.lite.execute("BEGIN IMMEDIATE")

    def release(self):
        if self.psql:
            self.psql.communicate("ROLLBACK;\n", timeout=30)
        else:
            self.lite.execute("ROLLBACK")
            self.lite.close()

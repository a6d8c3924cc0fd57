/* The schema, as an ordered list of migrations. A database records the last one applied
 * in PRAGMA user_version; opening it applies the rest, each in its own transaction.
 * Append new migrations at the end; never edit one that has been released. */
#include "store_internal.h"

static const zl_migration migrations[] = {
    {1, "care landscape",
     /* Provenance of every imported dataset; (kind, source, rows) is unique so that
      * importing the same file twice leaves the log as it was. */
     "CREATE TABLE import_log ("
     "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL,"
     "  rows INTEGER NOT NULL, synthetic INTEGER NOT NULL DEFAULT 0,"
     "  imported_at TEXT NOT NULL, UNIQUE(kind, source, rows));"
     /* PC4 postcode areas with a point inside the area (WGS84). */
     "CREATE TABLE area ("
     "  pc4 INTEGER PRIMARY KEY CHECK (pc4 BETWEEN 1000 AND 9999),"
     "  municipality TEXT, province TEXT,"
     "  population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),"
     "  male INTEGER NOT NULL DEFAULT 0 CHECK (male >= 0),"
     "  female INTEGER NOT NULL DEFAULT 0 CHECK (female >= 0),"
     "  lat REAL NOT NULL, lon REAL NOT NULL);"
     /* Population per five-year age band ('0-4' ... '95+'); band_lo is the lower bound. */
     "CREATE TABLE area_age ("
     "  pc4 INTEGER NOT NULL REFERENCES area(pc4), band_lo INTEGER NOT NULL,"
     "  band TEXT NOT NULL, population INTEGER NOT NULL CHECK (population >= 0),"
     "  male INTEGER NOT NULL CHECK (male >= 0), female INTEGER NOT NULL CHECK (female >= 0),"
     "  PRIMARY KEY (pc4, band_lo)) WITHOUT ROWID;"
     "CREATE TABLE location ("
     "  id TEXT PRIMARY KEY, organisation_id TEXT, organisation TEXT, name TEXT NOT NULL,"
     "  kind TEXT NOT NULL CHECK (kind IN ('umc','general','children','outpatient','other')),"
     "  address TEXT, postcode TEXT, city TEXT, lat REAL NOT NULL, lon REAL NOT NULL);"
     /* Region layers: named partitions (provinces, ROAZ regions, oncology networks) of
      * areas and of locations. */
     "CREATE TABLE region ("
     "  layer TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
     "  PRIMARY KEY (layer, code)) WITHOUT ROWID;"
     "CREATE TABLE region_area ("
     "  layer TEXT NOT NULL, pc4 INTEGER NOT NULL REFERENCES area(pc4), code TEXT NOT NULL,"
     "  PRIMARY KEY (layer, pc4), FOREIGN KEY (layer, code) REFERENCES region(layer, code))"
     "  WITHOUT ROWID;"
     "CREATE TABLE region_location ("
     "  layer TEXT NOT NULL, location_id TEXT NOT NULL REFERENCES location(id),"
     "  code TEXT NOT NULL, PRIMARY KEY (layer, location_id),"
     "  FOREIGN KEY (layer, code) REFERENCES region(layer, code)) WITHOUT ROWID;"
     /* Interventions with their volume norm (per location per year, averaged over
      * window_years) and an optional proposed norm, each with its source. */
     "CREATE TABLE intervention ("
     "  code TEXT PRIMARY KEY, name TEXT NOT NULL, grp TEXT NOT NULL,"
     "  norm INTEGER NOT NULL CHECK (norm >= 0),"
     "  window_years INTEGER NOT NULL DEFAULT 1 CHECK (window_years >= 1),"
     "  norm_source TEXT NOT NULL, norm_illustrative INTEGER NOT NULL DEFAULT 0,"
     "  proposed_norm INTEGER CHECK (proposed_norm >= 0), proposed_source TEXT,"
     "  proposed_illustrative INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE volume ("
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  intervention TEXT NOT NULL REFERENCES intervention(code),"
     "  year INTEGER NOT NULL, count INTEGER NOT NULL CHECK (count >= 0),"
     "  synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (intervention, location_id, year)) WITHOUT ROWID;"
     "CREATE TABLE flow ("
     "  pc4 INTEGER NOT NULL REFERENCES area(pc4),"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  intervention TEXT NOT NULL REFERENCES intervention(code),"
     "  year INTEGER NOT NULL, patients INTEGER NOT NULL CHECK (patients >= 0),"
     "  synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (intervention, year, pc4, location_id)) WITHOUT ROWID;"
     /* Travel times from each PC4 point to each location, with the method that made
      * them (e.g. 'crowfly-v1 detour=1.30 ...'), so a router can replace them later. */
     "CREATE TABLE travel ("
     "  pc4 INTEGER NOT NULL REFERENCES area(pc4),"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  minutes REAL NOT NULL CHECK (minutes >= 0), km REAL NOT NULL CHECK (km >= 0),"
     "  method TEXT NOT NULL, PRIMARY KEY (pc4, location_id)) WITHOUT ROWID;"
     "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"},
    {4, "api tokens",
     /* Bearer tokens of the HTTP API. A token is "zlt_<id>_<secret>"; only the id and an
      * argon2id hash of the secret (crypto_pwhash_str) are stored. A location token speaks
      * for exactly one location (the registry shows it that location's own counts). The
      * location is not a foreign key so that tokens survive a re-import of locations. */
     "CREATE TABLE api_token ("
     "  id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL,"
     "  role TEXT NOT NULL CHECK (role IN ('admin','location','analyst')),"
     "  location_id TEXT, label TEXT NOT NULL DEFAULT '',"
     "  created_at TEXT NOT NULL, revoked_at TEXT,"
     "  CHECK ((role = 'location') = (location_id IS NOT NULL)));"},
};

const zl_migration *zl_store_migrations(int *count)
{
    *count = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}

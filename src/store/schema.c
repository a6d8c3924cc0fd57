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
    {2, "rare diseases",
     /* Orphanet nomenclature. name is the preferred English name (the first imported name
      * when no English one is known yet); type the disorder type in lower case as ORDO
      * labels it ('disease', 'group of disorders', ...); status 'active', 'obsolete' or
      * 'deprecated'; moved_to the successor of an obsolete or deprecated code (no foreign
      * key: the successor may arrive in a later import); linearisation the head of the
      * preferred classification (Orphadata product7). */
     "CREATE TABLE orpha_disorder ("
     "  orpha INTEGER PRIMARY KEY CHECK (orpha > 0), name TEXT NOT NULL, type TEXT,"
     "  status TEXT NOT NULL DEFAULT 'active'"
     "    CHECK (status IN ('active','obsolete','deprecated')),"
     "  moved_to INTEGER, definition TEXT, linearisation INTEGER, source TEXT NOT NULL);"
     /* Names per language: one preferred name and any synonyms. */
     "CREATE TABLE orpha_name ("
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha), lang TEXT NOT NULL,"
     "  kind TEXT NOT NULL CHECK (kind IN ('preferred','synonym')), name TEXT NOT NULL,"
     "  PRIMARY KEY (orpha, lang, kind, name)) WITHOUT ROWID;"
     /* The is-a classification: several parents per child are normal. source says which
      * import made the edge ('ordo', 'product3'). */
     "CREATE TABLE orpha_parent ("
     "  child INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  parent INTEGER NOT NULL REFERENCES orpha_disorder(orpha), source TEXT NOT NULL,"
     "  PRIMARY KEY (child, parent), CHECK (child <> parent)) WITHOUT ROWID;"
     "CREATE INDEX orpha_parent_by_parent ON orpha_parent(parent, child);"
     /* Cross-references: db is 'ICD10', 'OMIM', 'UMLS', 'MESH', 'MedDRA', ...; relation
      * and validation come from product1 (ORDO 2.6 does not carry them). */
     "CREATE TABLE orpha_xref ("
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha), db TEXT NOT NULL,"
     "  code TEXT NOT NULL, relation TEXT, validation TEXT, source TEXT NOT NULL,"
     "  PRIMARY KEY (orpha, db, code)) WITHOUT ROWID;"
     "CREATE INDEX orpha_xref_by_code ON orpha_xref(db, code);"
     /* Prevalence estimates (product9_prev; ORDO's prevalence-range classes as
      * source 'ordo' with no geography). value is ValMoy where published. */
     "CREATE TABLE orpha_prevalence ("
     "  id INTEGER PRIMARY KEY, orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  type TEXT NOT NULL, qualification TEXT, class TEXT, value REAL, geography TEXT,"
     "  validation TEXT, source TEXT NOT NULL);"
     "CREATE INDEX orpha_prevalence_by_orpha ON orpha_prevalence(orpha, source);"
     /* The European Reference Networks. */
     "CREATE TABLE ern (acronym TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT)"
     "  WITHOUT ROWID;"
     /* Expertise centres (ECZA): a recognised unit at a care-landscape location. */
     "CREATE TABLE ecza_centre ("
     "  id TEXT PRIMARY KEY, location_id TEXT NOT NULL REFERENCES location(id),"
     "  name TEXT NOT NULL, patient_org TEXT, synthetic INTEGER NOT NULL DEFAULT 0)"
     "  WITHOUT ROWID;"
     /* What a centre is recognised for: a disorder or a group, one period per row.
      * recognised_to is the last day of the period (for 'withdrawn' the day of the
      * withdrawal). Periods of one centre and code must not overlap (checked on import). */
     "CREATE TABLE ecza_coverage ("
     "  centre_id TEXT NOT NULL REFERENCES ecza_centre(id),"
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  ern TEXT REFERENCES ern(acronym), recognised_from TEXT NOT NULL,"
     "  recognised_to TEXT NOT NULL, status TEXT NOT NULL"
     "    CHECK (status IN ('recognised','objection pending','expired','withdrawn')),"
     "  patient_org TEXT, synthetic INTEGER NOT NULL DEFAULT 0,"
     "  CHECK (recognised_to >= recognised_from),"
     "  PRIMARY KEY (centre_id, orpha, recognised_from)) WITHOUT ROWID;"
     "CREATE INDEX ecza_coverage_by_orpha ON ecza_coverage(orpha, recognised_from);"},
    {3, "rare-disease registrations",
     /* Every submission of a registration file (digest: BLAKE2b-256 of its bytes), with
      * what became of its rows; a
      * resubmission is logged again (it is an event) but changes no registration. */
     "CREATE TABLE registry_submission ("
     "  id INTEGER PRIMARY KEY, source TEXT NOT NULL, digest TEXT NOT NULL,"
     "  rows INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0,"
     "  rejected INTEGER NOT NULL DEFAULT 0, inserted INTEGER NOT NULL DEFAULT 0,"
     "  updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,"
     "  synthetic INTEGER NOT NULL DEFAULT 0, submitted_at TEXT NOT NULL);"
     /* One row per location, patient pseudonym (HMAC-SHA-256, 32 bytes; never a BSN) and
      * ORPHAcode: the natural key, so resubmitting a file changes nothing. The key order
      * serves national counts deduplicated by pseudonym straight from the table and every
      * per-code question; there is deliberately no index by location (it would slow every
      * import; a location's own view scans the table instead). The row with the latest
      * contact date wins. submission/line trace each row to its file; submission has no
      * foreign key on purpose: only the importer writes it, inside the transaction that
      * creates the submission, and the check would halve the import speed. */
     "CREATE TABLE registration ("
     "  orpha INTEGER NOT NULL, pseudonym BLOB NOT NULL CHECK (length(pseudonym) = 32),"
     "  location_id TEXT NOT NULL, diagnosis_date TEXT NOT NULL,"
     "  birth_year INTEGER NOT NULL, sex TEXT NOT NULL CHECK (sex IN ('M','F','X')),"
     "  pc4 INTEGER NOT NULL CHECK (pc4 BETWEEN 1000 AND 9999), contact_date TEXT NOT NULL,"
     "  submission INTEGER NOT NULL,"
     "  line INTEGER NOT NULL, PRIMARY KEY (orpha, pseudonym, location_id)) WITHOUT ROWID;"},
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
    {5, "patient choice and allocation",
     /* A fitted hospital-choice model (docs/choice.md) per intervention and fit year,
      * with its coefficients (pos: the order of the report) and per choice-set location
      * its fixed effect and observed/predicted patients. Refitting replaces all three. */
     "CREATE TABLE choice_model ("
     "  intervention TEXT NOT NULL REFERENCES intervention(code), year INTEGER NOT NULL,"
     "  age_interaction INTEGER NOT NULL, knots TEXT NOT NULL,"
     "  log_likelihood REAL NOT NULL, log_likelihood_null REAL NOT NULL, rho2 REAL NOT NULL,"
     "  patients INTEGER NOT NULL, areas INTEGER NOT NULL, iterations INTEGER NOT NULL,"
     "  synthetic INTEGER NOT NULL DEFAULT 0, fitted_at TEXT NOT NULL,"
     "  PRIMARY KEY (intervention, year)) WITHOUT ROWID;"
     "CREATE TABLE choice_coef ("
     "  intervention TEXT NOT NULL, year INTEGER NOT NULL, pos INTEGER NOT NULL,"
     "  name TEXT NOT NULL, value REAL NOT NULL, se REAL,"
     "  PRIMARY KEY (intervention, year, pos),"
     "  FOREIGN KEY (intervention, year) REFERENCES choice_model(intervention, year))"
     "  WITHOUT ROWID;"
     "CREATE TABLE choice_location ("
     "  intervention TEXT NOT NULL, year INTEGER NOT NULL,"
     "  location_id TEXT NOT NULL REFERENCES location(id), alpha REAL NOT NULL,"
     "  observed REAL NOT NULL, predicted REAL NOT NULL,"
     "  PRIMARY KEY (intervention, year, location_id),"
     "  FOREIGN KEY (intervention, year) REFERENCES choice_model(intervention, year))"
     "  WITHOUT ROWID;"
     /* Network partners for the `partner` allocation rule: the patients of a stopping
      * location go to its partners in these shares (shares of one location sum to 1).
      * illustrative marks the sample's made-up partners. */
     "CREATE TABLE partner ("
     "  from_location TEXT NOT NULL REFERENCES location(id),"
     "  to_location TEXT NOT NULL REFERENCES location(id),"
     "  share REAL NOT NULL CHECK (share > 0 AND share <= 1),"
     "  illustrative INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (from_location, to_location), CHECK (from_location <> to_location))"
     "  WITHOUT ROWID;"
     /* Capacity (patients per year) of a location for an intervention, for the
      * `capacity` allocation rule; a location without a row is unlimited. */
     "CREATE TABLE capacity ("
     "  intervention TEXT NOT NULL REFERENCES intervention(code),"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  capacity REAL NOT NULL CHECK (capacity >= 0),"
     "  PRIMARY KEY (intervention, location_id)) WITHOUT ROWID;"},
    {6, "acute care",
     /* Acute functions of a location per validity period (ISO dates, valid_to inclusive).
      * Periods of one location and function must not overlap (checked on import). */
     "CREATE TABLE location_function ("
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  function TEXT NOT NULL"
     "    CHECK (function IN ('seh_24h','seh_day_evening','acute_obstetrics','nicu')),"
     "  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, CHECK (valid_to >= valid_from),"
     "  PRIMARY KEY (location_id, function, valid_from)) WITHOUT ROWID;"
     "CREATE INDEX location_function_by_function ON location_function(function, valid_from);"
     /* Ambulance posts with RIVM's availability label; around_clock marks the posts
      * staffed 24 hours ('24 uur', '24 uur DAM/VWS'). */
     "CREATE TABLE ambulance_post ("
     "  name TEXT NOT NULL, availability TEXT NOT NULL,"
     "  around_clock INTEGER NOT NULL CHECK (around_clock IN (0,1)),"
     "  lat REAL NOT NULL, lon REAL NOT NULL, valid_from TEXT NOT NULL,"
     "  valid_to TEXT NOT NULL, CHECK (valid_to >= valid_from),"
     "  PRIMARY KEY (name, valid_from)) WITHOUT ROWID;"
     /* Ferry links to areas without a road link (data/nl/ferries.csv, docs/travel.md). */
     "CREATE TABLE ferry ("
     "  island TEXT PRIMARY KEY, island_harbour TEXT NOT NULL, island_lat REAL NOT NULL,"
     "  island_lon REAL NOT NULL, mainland_harbour TEXT NOT NULL,"
     "  mainland_lat REAL NOT NULL, mainland_lon REAL NOT NULL,"
     "  crossing_min REAL NOT NULL, wait_min REAL NOT NULL,"
     "  night INTEGER NOT NULL CHECK (night IN (0,1)), polygon TEXT NOT NULL,"
     "  source TEXT) WITHOUT ROWID;"
     /* How an external list's ids map onto locations (e.g. RIVM's 2019 hospital ids),
      * and how each was matched: 'position' (within 250 m), 'name' or 'added'. */
     "CREATE TABLE location_alias ("
     "  source TEXT NOT NULL, source_id TEXT NOT NULL,"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  matched_by TEXT NOT NULL CHECK (matched_by IN ('position','name','added')),"
     "  distance_m REAL, PRIMARY KEY (source, source_id)) WITHOUT ROWID;"},
    {7, "disclosure key",
     /* The secret behind the cell-key rounding of public counts (docs/privacy.md): random
      * per database (SQLite's randomblob draws from the operating system's generator),
      * never shown. The same cell then gets the same rounding in every answer, and nobody
      * without the database can predict it. */
     "CREATE TABLE disclosure_key ("
     "  id INTEGER PRIMARY KEY CHECK (id = 1),"
     "  key BLOB NOT NULL CHECK (length(key) = 32));"
     "INSERT INTO disclosure_key (id, key) VALUES (1, randomblob(32));"},
    {8, "api token expiry",
     /* When a token stops working (UTC, "YYYY-MM-DDTHH:MM:SSZ"); NULL: never. Tokens made
      * before this migration keep working until revoked. */
     "ALTER TABLE api_token ADD COLUMN expires_at TEXT;"},
    {10, "compact travel matrix",
     /* The travel matrix once more, as one row per method: pc4 codes (int32), location ids
      * (NUL-terminated, one after the other) and minutes and km (float32, area-major, NaN
      * where no route exists), all little-endian. The case loader reads this one row
      * instead of ~490,000 `travel` rows (docs/performance.md, "faster case load"); the
      * rows stay for SQL, the HTTP views and export. Any change to the rows deletes the
      * compact copy, so it can never disagree with them: the builder writes it last. */
     "CREATE TABLE travel_matrix ("
     "  method TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
     "  n_areas INTEGER NOT NULL CHECK (n_areas >= 0),"
     "  n_locations INTEGER NOT NULL CHECK (n_locations >= 0),"
     "  pc4 BLOB NOT NULL CHECK (length(pc4) = 4 * n_areas), location_ids BLOB NOT NULL,"
     "  minutes BLOB NOT NULL CHECK (length(minutes) = 4 * n_areas * n_locations),"
     "  km BLOB NOT NULL CHECK (length(km) = 4 * n_areas * n_locations));"
     "CREATE TRIGGER travel_matrix_stale_insert AFTER INSERT ON travel"
     "  BEGIN DELETE FROM travel_matrix; END;"
     "CREATE TRIGGER travel_matrix_stale_update AFTER UPDATE ON travel"
     "  BEGIN DELETE FROM travel_matrix; END;"
     "CREATE TRIGGER travel_matrix_stale_delete AFTER DELETE ON travel"
     "  BEGIN DELETE FROM travel_matrix; END;"},
    {11, "registry uploads by location",
     /* A submission uploaded over HTTP with a location token records that location, so
      * the location sees its own submission history; files imported at the CLI have none. */
     "ALTER TABLE registry_submission ADD COLUMN location_id TEXT;"},
    {12, "quality indicators",
     /* Outcome indicators of the quality registries (docs/quality.md): the definition, and
      * per location and year the numerator, denominator, the case-mix expected count of
      * O/E indicators and whether the hospital publishes the result. base_rate is the
      * national figure the sample generator starts from, with its source, or illustrative. */
     "CREATE TABLE indicator ("
     "  code TEXT PRIMARY KEY, name_nl TEXT NOT NULL, name_en TEXT NOT NULL,"
     "  intervention TEXT NOT NULL REFERENCES intervention(code),"
     "  direction TEXT NOT NULL CHECK (direction IN ('lower','higher')),"
     "  type TEXT NOT NULL CHECK (type IN ('proportion','oe_ratio')),"
     "  registry TEXT NOT NULL, year INTEGER NOT NULL,"
     "  base_rate REAL CHECK (base_rate > 0 AND base_rate < 1), base_source TEXT,"
     "  illustrative INTEGER NOT NULL DEFAULT 0, synthetic INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE indicator_value ("
     "  indicator TEXT NOT NULL REFERENCES indicator(code), year INTEGER NOT NULL,"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  numerator INTEGER NOT NULL CHECK (numerator >= 0),"
     "  denominator INTEGER NOT NULL CHECK (denominator >= numerator),"
     "  expected REAL CHECK (expected > 0),"
     "  published INTEGER NOT NULL CHECK (published IN (0, 1)),"
     "  synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (indicator, year, location_id)) WITHOUT ROWID;"},
    {13, "regional impact assessment",
     /* The inputs of the assessment's other dimensions (docs/assess.md). staff: surgeons
      * (or teams) performing an intervention at a location; surgeon_norm: the optional
      * procedures-per-surgeon norm of an intervention. provider: a location's dependent
      * services (';'-separated names, canonical order); provider_group: its total volume
      * in an intervention group. tariff: euros (or a cost weight) per procedure. A region
      * (e.g. a care network of the sample) may be synthetic. */
     "CREATE TABLE staff ("
     "  intervention TEXT NOT NULL REFERENCES intervention(code),"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  surgeons INTEGER NOT NULL CHECK (surgeons >= 0),"
     "  synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (intervention, location_id)) WITHOUT ROWID;"
     "CREATE TABLE surgeon_norm ("
     "  intervention TEXT PRIMARY KEY REFERENCES intervention(code),"
     "  norm INTEGER NOT NULL CHECK (norm >= 0), synthetic INTEGER NOT NULL DEFAULT 0)"
     "  WITHOUT ROWID;"
     "CREATE TABLE provider ("
     "  location_id TEXT PRIMARY KEY REFERENCES location(id), services TEXT NOT NULL,"
     "  synthetic INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
     "CREATE TABLE provider_group ("
     "  location_id TEXT NOT NULL REFERENCES location(id), grp TEXT NOT NULL,"
     "  volume INTEGER NOT NULL CHECK (volume >= 0), synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (grp, location_id)) WITHOUT ROWID;"
     "CREATE TABLE tariff ("
     "  intervention TEXT PRIMARY KEY REFERENCES intervention(code),"
     "  tariff REAL NOT NULL CHECK (tariff >= 0), source TEXT,"
     "  synthetic INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
     "ALTER TABLE region ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;"},
    {14, "rare-disease networks, shared care, recognition cycle, care pathways",
     /* ECZA networks (docs/rare-networks.md): one per disease group, with the codes it
      * covers, its coordinating centre and member centres, its ERN and patient
      * organisations (';'-separated names). */
     "CREATE TABLE rare_network ("
     "  id TEXT PRIMARY KEY, name TEXT NOT NULL, ern TEXT REFERENCES ern(acronym),"
     "  coordinator TEXT NOT NULL REFERENCES ecza_centre(id), patient_orgs TEXT,"
     "  synthetic INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
     "CREATE TABLE rare_network_code ("
     "  network_id TEXT NOT NULL REFERENCES rare_network(id),"
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  PRIMARY KEY (network_id, orpha)) WITHOUT ROWID;"
     "CREATE INDEX rare_network_code_by_orpha ON rare_network_code(orpha, network_id);"
     "CREATE TABLE rare_network_member ("
     "  network_id TEXT NOT NULL REFERENCES rare_network(id),"
     "  centre_id TEXT NOT NULL REFERENCES ecza_centre(id),"
     "  role TEXT NOT NULL CHECK (role IN ('coordinating','member')),"
     "  PRIMARY KEY (network_id, centre_id)) WITHOUT ROWID;"
     /* Shared care: a general hospital (a location) treats patients with a code under an
      * agreement with an expertise centre, valid from..to (inclusive). */
     "CREATE TABLE rare_shared_care ("
     "  centre_id TEXT NOT NULL REFERENCES ecza_centre(id),"
     "  location_id TEXT NOT NULL REFERENCES location(id),"
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,"
     "  synthetic INTEGER NOT NULL DEFAULT 0, CHECK (valid_to >= valid_from),"
     "  PRIMARY KEY (centre_id, location_id, orpha, valid_from)) WITHOUT ROWID;"
     "CREATE INDEX rare_shared_care_by_orpha ON rare_shared_care(orpha, valid_from);"
     /* The recognition cycle: one record per application of a centre for a code, from
      * 'applied' through 'assessed' to a decision; a recognised term (five years) has its
      * first and last day. The register (zl rare list) is read from these records through
      * the view ecza_coverage, which keeps the columns of migration 2's table (whose rows
      * move here). */
     "CREATE TABLE rare_recognition ("
     "  id TEXT PRIMARY KEY, centre_id TEXT NOT NULL REFERENCES ecza_centre(id),"
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha),"
     "  ern TEXT REFERENCES ern(acronym), applied_on TEXT, decided_on TEXT,"
     "  status TEXT NOT NULL CHECK (status IN ('applied','assessed','recognised',"
     "    'objection pending','withdrawn','expired')),"
     "  recognised_from TEXT, recognised_to TEXT, patient_org TEXT,"
     "  synthetic INTEGER NOT NULL DEFAULT 0,"
     "  CHECK (recognised_to >= recognised_from),"
     "  UNIQUE (centre_id, orpha, recognised_from));"
     "CREATE INDEX rare_recognition_by_orpha ON rare_recognition(orpha, recognised_from);"
     "CREATE INDEX rare_recognition_by_end ON rare_recognition(recognised_to);"
     "INSERT INTO rare_recognition(id, centre_id, orpha, ern, status, recognised_from,"
     "  recognised_to, patient_org, synthetic)"
     "  SELECT centre_id || '/' || orpha || '/' || recognised_from, centre_id, orpha, ern,"
     "  status, recognised_from, recognised_to, patient_org, synthetic FROM ecza_coverage;"
     "DROP TABLE ecza_coverage;"
     "CREATE VIEW ecza_coverage AS SELECT centre_id, orpha, ern, recognised_from,"
     "  recognised_to, status, patient_org, synthetic FROM rare_recognition"
     "  WHERE recognised_from IS NOT NULL"
     "  AND status IN ('recognised','objection pending','expired','withdrawn');"
     /* Writers of the old table (fixtures, scripts) keep working. */
     "CREATE TRIGGER ecza_coverage_insert INSTEAD OF INSERT ON ecza_coverage BEGIN"
     "  INSERT INTO rare_recognition(id, centre_id, orpha, ern, status, recognised_from,"
     "  recognised_to, patient_org, synthetic) VALUES (NEW.centre_id || '/' || NEW.orpha"
     "  || '/' || NEW.recognised_from, NEW.centre_id, NEW.orpha, NEW.ern, NEW.status,"
     "  NEW.recognised_from, NEW.recognised_to, NEW.patient_org, coalesce(NEW.synthetic, 0));"
     "  END;"
     /* The assessment of an application, per criterion. */
     "CREATE TABLE rare_assessment ("
     "  recognition_id TEXT NOT NULL REFERENCES rare_recognition(id),"
     "  criterion TEXT NOT NULL,"
     "  result TEXT NOT NULL CHECK (result IN ('met','not met','with remarks')),"
     "  remarks TEXT, assessed_on TEXT NOT NULL,"
     "  PRIMARY KEY (recognition_id, criterion)) WITHOUT ROWID;"
     /* Care pathways: per network and disease (group) the state of each checklist item. */
     "CREATE TABLE rare_pathway_item ("
     "  network_id TEXT NOT NULL REFERENCES rare_network(id),"
     "  orpha INTEGER NOT NULL REFERENCES orpha_disorder(orpha), item TEXT NOT NULL,"
     "  state TEXT NOT NULL CHECK (state IN ('in place','partly','absent')),"
     "  evidence TEXT, assessed_on TEXT NOT NULL, synthetic INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (network_id, orpha, item)) WITHOUT ROWID;"},
    /* PostgreSQL's row-level security for the registry (schema_pg.c). SQLite has no roles:
     * nothing to do here but keep the version numbers equal. */
    {15, "registry row-level security (PostgreSQL only)", "SELECT 1;"},
    /* PostgreSQL's data change log and national counts by key (schema_pg.c); SQLite's
     * PRAGMA data_version already moves only when another connection commits. */
    {17, "data change log (PostgreSQL only)", "SELECT 1;"},
    /* PostgreSQL stores the travel matrix's arrays uncompressed, for reads in slices
     * (schema_pg.c); SQLite reads its blobs incrementally already. */
    {18, "travel matrix arrays uncompressed (PostgreSQL only)", "SELECT 1;"},
};

const zl_migration *zl_store_migrations(int *count)
{
    *count = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}

-- Incidents: one row per identity (source system + source id), one row per
-- version, current from record_time_us until superseded_time_us (NULL:
-- still current); `deleted` marks tombstones. `body` is the serialized
-- dyadscope.securityrisk.v1.Incident; the other columns exist to filter.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  source_system TEXT NOT NULL,
  source_record_id TEXT,
  create_time_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX incidents_source_key ON incidents (source_system, source_record_id);

CREATE TABLE incident_versions (
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  version INTEGER NOT NULL,
  record_time_us INTEGER NOT NULL,
  superseded_time_us INTEGER,
  deleted INTEGER NOT NULL,
  request_id TEXT,
  day INTEGER NOT NULL,
  country_code TEXT NOT NULL,
  partner_country_code TEXT NOT NULL,
  province TEXT NOT NULL,
  target_category INTEGER NOT NULL,
  attack_type INTEGER NOT NULL,
  verification_status INTEGER NOT NULL,
  source_system TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (incident_id, version)
);
CREATE INDEX incident_versions_current
  ON incident_versions (country_code, day)
  WHERE superseded_time_us IS NULL;

CREATE TABLE changes (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  record_time_us INTEGER NOT NULL,
  incident_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  change INTEGER NOT NULL
);

CREATE TABLE requests (
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  answer BLOB NOT NULL,
  record_time_us INTEGER NOT NULL,
  PRIMARY KEY (request_id, method)
);

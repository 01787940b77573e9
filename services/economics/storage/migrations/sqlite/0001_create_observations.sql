-- Observations: one row per identity (its key), one row per version. A
-- version is current from record_time_us until superseded_time_us (NULL:
-- still current). `body` is the serialized dyadscope.economics.v1.Observation;
-- the other columns exist to filter.
CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  indicator_code TEXT NOT NULL,
  reporter_code TEXT NOT NULL,
  partner_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  period_label TEXT NOT NULL,
  source_system TEXT NOT NULL,
  create_time_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX observations_key ON observations
  (indicator_code, reporter_code, partner_code, year, period_label, source_system);

CREATE TABLE observation_versions (
  observation_id INTEGER NOT NULL REFERENCES observations (id),
  version INTEGER NOT NULL,
  record_time_us INTEGER NOT NULL,
  superseded_time_us INTEGER,
  deleted INTEGER NOT NULL,
  request_id TEXT,
  indicator_code TEXT NOT NULL,
  reporter_code TEXT NOT NULL,
  partner_code TEXT NOT NULL,
  flow INTEGER NOT NULL,
  year INTEGER NOT NULL,
  year_basis INTEGER NOT NULL,
  reporting_side INTEGER NOT NULL,
  source_system TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (observation_id, version)
);
CREATE INDEX observation_versions_current
  ON observation_versions (reporter_code, partner_code, year)
  WHERE superseded_time_us IS NULL;

-- Every committed change, in order: the data version.
CREATE TABLE changes (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  record_time_us INTEGER NOT NULL,
  observation_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  change INTEGER NOT NULL
);

-- Answers of idempotent requests, by client request id.
CREATE TABLE requests (
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  answer BLOB NOT NULL,
  record_time_us INTEGER NOT NULL,
  PRIMARY KEY (request_id, method)
);

-- Events: one row per event identity, one row per version. A version is
-- current from record_time_us until superseded_time_us (NULL: still current),
-- so as-of reads are a range check. `body` is the serialized
-- dyadscope.events.v1.Event; the other columns exist to filter and sort.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  source_system TEXT NOT NULL,
  source_record_id TEXT,
  create_time_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_source_key ON events (source_system, source_record_id);

CREATE TABLE event_versions (
  event_id INTEGER NOT NULL REFERENCES events (id),
  version INTEGER NOT NULL,
  record_time_us INTEGER NOT NULL,
  superseded_time_us INTEGER,
  deleted INTEGER NOT NULL,
  request_id TEXT,
  day INTEGER NOT NULL,
  date_precision INTEGER NOT NULL,
  actor1_country TEXT NOT NULL,
  actor2_country TEXT NOT NULL,
  cameo_code TEXT NOT NULL,
  cameo_root TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  domain INTEGER NOT NULL,
  goldstein REAL,
  mention_weight REAL,
  tags TEXT NOT NULL,
  themes TEXT NOT NULL,
  search_text TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (event_id, version)
);
CREATE INDEX event_versions_current_dyad
  ON event_versions (actor1_country, actor2_country, day, event_id)
  WHERE superseded_time_us IS NULL;
CREATE INDEX event_versions_dyad_time
  ON event_versions (actor1_country, actor2_country, record_time_us);

-- The sources each event version cites (for source counts in summaries).
CREATE TABLE event_version_sources (
  event_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  source_system TEXT NOT NULL,
  citation TEXT NOT NULL,
  url TEXT NOT NULL
);
CREATE INDEX event_version_sources_event ON event_version_sources (event_id, version);

-- Every committed change, in order: the WatchEvents log and the data version.
CREATE TABLE changes (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  record_time_us INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  change INTEGER NOT NULL
);
CREATE INDEX changes_time ON changes (record_time_us);

-- Answers of idempotent requests, by client request id.
CREATE TABLE requests (
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  answer BLOB NOT NULL,
  record_time_us INTEGER NOT NULL,
  PRIMARY KEY (request_id, method)
);

-- UN General Assembly votes, versioned like events.
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  source_system TEXT NOT NULL,
  roll_call_id TEXT NOT NULL,
  country_code TEXT NOT NULL,
  version INTEGER NOT NULL,
  record_time_us INTEGER NOT NULL,
  superseded_time_us INTEGER,
  request_id TEXT,
  session INTEGER NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  day INTEGER NOT NULL,
  resolution TEXT NOT NULL,
  country_name TEXT NOT NULL,
  choice INTEGER NOT NULL,
  important INTEGER NOT NULL,
  amendment INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  issues TEXT NOT NULL,
  description TEXT NOT NULL,
  source_citation TEXT NOT NULL,
  source_url TEXT NOT NULL,
  source_dataset_version TEXT NOT NULL,
  source_locator TEXT NOT NULL,
  source_label TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL
);
CREATE UNIQUE INDEX votes_key ON votes (source_system, roll_call_id, country_code, version);
CREATE INDEX votes_current_country ON votes (country_code) WHERE superseded_time_us IS NULL;

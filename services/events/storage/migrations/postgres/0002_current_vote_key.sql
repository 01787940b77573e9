-- One current version per vote, and the index the writer's lookup of it
-- uses. Without it, a store filling from empty (the seed, a first import)
-- has no statistics yet, and the planner may read the lookup through
-- votes_current_country, which holds every current vote of the country:
-- each insert then costs a scan of all the votes before it.
CREATE UNIQUE INDEX votes_current_key
  ON votes (source_system, roll_call_id, country_code)
  WHERE superseded_time_us IS NULL;

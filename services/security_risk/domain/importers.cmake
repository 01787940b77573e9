# Security risk importers: the row parsers of the incident files (ACLED
# current and older exports, ACLED deletions, the Global Terrorism Database
# CSV, the dyadscope incidents CSV) and the country and attack-type tables
# they share, with their registry (cmake/DyadscopeTargets.cmake:
# dyadscope_importers). Included from services/security_risk/CMakeLists.txt;
# paths are relative to services/security_risk.
#
# The ACLED and GTD tests read the shared data folder
# (DYADSCOPE_SHARED_DATA_DIR, else /work/shared/data) when present; those
# cases skip otherwise.
dyadscope_importers(
  NAME security_risk_importers
  HDRS domain/incident_importers.h domain/incident.h
  FORMATS countries attack_types acled acled_deletions gtd csv
  DEPS dyadscope::country_names dyadscope::iso_countries absl::time
  TEST_DEPS absl::time)

# Security risk importers: the row parsers of the incident files (ACLED
# current and older exports, ACLED deletions, the Global Terrorism Database
# CSV, the dyadscope incidents CSV). Included from
# services/security_risk/CMakeLists.txt; paths are relative to
# services/security_risk.

dyadscope_cc_library(
  NAME security_risk_importers
  HDRS domain/incident_importers.h domain/incident.h
  SRCS domain/incident_importers.cc
  DEPS dyadscope::csv_reader dyadscope::types dyadscope::iso_countries
       dyadscope::error_details absl::status absl::statusor absl::strings
       absl::span absl::time)

# Reads the shared data folder (DYADSCOPE_SHARED_DATA_DIR, else
# /work/shared/data) when present; those two tests skip otherwise.
dyadscope_cc_test(
  NAME security_risk_importers_test
  SRCS domain/incident_importers_test.cc
  DEPS dyadscope::security_risk_importers dyadscope::csv_reader
       dyadscope::error_details dyadscope::types absl::status absl::statusor
       absl::strings absl::time)

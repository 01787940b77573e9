# Security risk importers: the row parsers of the incident files (ACLED
# current and older exports, ACLED deletions, the Global Terrorism Database
# CSV, the dyadscope incidents CSV). Included from
# services/security_risk/CMakeLists.txt; paths are relative to
# services/security_risk.

dyadscope_cc_library(
  NAME security_risk_importers
  HDRS domain/incident_importers.h domain/incident.h
       domain/importers/parser_base.h
  SRCS domain/importers/parser_base.cc domain/importers/registry.cc
       domain/importers/countries.cc domain/importers/attack_types.cc
       domain/importers/acled.cc domain/importers/acled_deletions.cc
       domain/importers/gtd.cc domain/importers/csv.cc
  DEPS dyadscope::csv_reader dyadscope::csv_tabular dyadscope::country_names dyadscope::types dyadscope::iso_countries
       dyadscope::error_details absl::status absl::statusor absl::strings
       absl::span absl::time)

# Reads the shared data folder (DYADSCOPE_SHARED_DATA_DIR, else
# /work/shared/data) when present; those two tests skip otherwise.
dyadscope_cc_test(
  NAME security_risk_importers_test
  SRCS domain/importers/registry_test.cc domain/importers/acled_test.cc
       domain/importers/acled_deletions_test.cc domain/importers/gtd_test.cc
       domain/importers/csv_test.cc domain/importers/attack_types_test.cc
       domain/importers/countries_test.cc
  DEPS dyadscope::security_risk_importers dyadscope::csv_reader dyadscope::csv_tabular_testing
       dyadscope::error_details dyadscope::types absl::status absl::statusor
       absl::strings absl::time)

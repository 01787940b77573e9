# Economics importers: the country-name table and the row parsers of the
# observation files (IMF DOTS, WDI wide and long, UN Comtrade, SIPRI, the
# dyadscope CSV). Included from services/economics/CMakeLists.txt; paths are
# relative to services/economics.

# The country-name table lives in common/types; this header forwards it.
dyadscope_cc_library(
  NAME economics_country_names
  HDRS domain/country_names.h
  DEPS dyadscope::country_names)

dyadscope_cc_library(
  NAME economics_importers
  HDRS domain/importers.h domain/observation.h
  SRCS domain/importers.cc
  DEPS dyadscope::economics_country_names dyadscope::csv_reader
       dyadscope::types dyadscope::error_details absl::status absl::statusor
       absl::strings absl::span)

# Reads the shared data folder (DYADSCOPE_SHARED_DATA_DIR, else
# /work/shared/data) and data/pak-chn/economics/ when present; skips
# otherwise.
dyadscope_cc_test(
  NAME economics_importers_test
  SRCS domain/importers_test.cc
  DEPS dyadscope::economics_importers dyadscope::csv_reader
       dyadscope::error_details absl::strings)

# Economics importers: the row parsers of the observation files, one file
# per format under domain/importers/ (IMF DOTS, WDI wide and long, UN
# Comtrade, SIPRI, the dyadscope CSV), with their registry. Included from
# services/economics/CMakeLists.txt; paths are relative to
# services/economics.

dyadscope_cc_library(
  NAME economics_importers
  HDRS domain/importers.h domain/observation.h
       domain/importers/parser_base.h
  SRCS domain/importers/parser_base.cc domain/importers/registry.cc
       domain/importers/imf_dots.cc domain/importers/wdi.cc
       domain/importers/wdi_wide.cc domain/importers/wdi_long.cc
       domain/importers/comtrade.cc domain/importers/sipri.cc
       domain/importers/tidy_csv.cc domain/importers/sipri_trade_register.cc
  DEPS dyadscope::country_names dyadscope::csv_reader
       dyadscope::csv_tabular
       dyadscope::types dyadscope::error_details absl::status absl::statusor
       absl::strings absl::span)

# Reads the shared data folder (DYADSCOPE_SHARED_DATA_DIR, else
# /work/shared/data) and data/pak-chn/economics/ when present; skips
# otherwise.
dyadscope_cc_test(
  NAME economics_importers_test
  SRCS domain/importers/registry_test.cc domain/importers/wdi_test.cc
       domain/importers/comtrade_test.cc domain/importers/imf_dots_test.cc
       domain/importers/sipri_test.cc domain/importers/tidy_csv_test.cc
       domain/importers/shared_data_test.cc
       domain/importers/sipri_trade_register_test.cc
  DEPS dyadscope::economics_importers dyadscope::csv_reader dyadscope::csv_tabular_testing
       dyadscope::error_details absl::strings)

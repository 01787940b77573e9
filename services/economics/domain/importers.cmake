# Economics importers: the row parsers of the observation files, one file
# per format under domain/importers/ (IMF DOTS, WDI wide and long, UN
# Comtrade, SIPRI's TIV tables and trade register, the dyadscope CSV), with
# their registry (cmake/DyadscopeTargets.cmake: dyadscope_importers).
# Included from services/economics/CMakeLists.txt; paths are relative to
# services/economics.
#
# The test reads the shared data folder (DYADSCOPE_SHARED_DATA_DIR, else
# /work/shared/data) and data/pak-chn/economics/ when present; those cases
# skip otherwise.
dyadscope_importers(
  NAME economics_importers
  HDRS domain/importers.h domain/observation.h
  FORMATS imf_dots wdi wdi_wide wdi_long comtrade sipri tidy_csv
          sipri_trade_register
  DEPS dyadscope::country_names
  TEST_SRCS domain/importers/shared_data_test.cc)

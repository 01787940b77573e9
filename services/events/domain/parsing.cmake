# Events parsing: the CAMEO table and the GDELT and dyadscope-CSV row
# parsers. Included from services/events/CMakeLists.txt; paths are relative
# to services/events.

dyadscope_embed_files(
  NAME events_cameo_data
  NAMESPACE dyadscope::events::embedded
  FILES cameo_codes_csv=data/reference/cameo_codes.csv)

dyadscope_cc_library(
  NAME events_cameo
  HDRS domain/cameo.h
  SRCS domain/cameo.cc
  DEPS dyadscope::events_cameo_data dyadscope::csv_reader dyadscope::types
       absl::flat_hash_map absl::status absl::strings absl::time
  TEST_SRCS domain/cameo_test.cc
  TEST_DEPS Threads::Threads)

dyadscope_cc_library(
  NAME events_gdelt
  HDRS domain/gdelt_parser.h domain/row_rejection.h domain/event.h
  SRCS domain/gdelt_parser.cc
  DEPS dyadscope::csv_tabular dyadscope::events_cameo dyadscope::country_codes dyadscope::iso_countries
       dyadscope::types absl::span absl::strings absl::time)

dyadscope_cc_test(
  NAME events_gdelt_parser_test
  SRCS domain/gdelt_parser_test.cc
  DEPS dyadscope::events_gdelt dyadscope::csv_reader absl::strings
       absl::time)

dyadscope_cc_library(
  NAME events_csv_parser
  HDRS domain/event_csv_parser.h domain/row_rejection.h domain/event.h
  SRCS domain/event_csv_parser.cc
  DEPS dyadscope::csv_tabular dyadscope::events_cameo dyadscope::country_codes dyadscope::iso_countries
       dyadscope::error_details dyadscope::types absl::span absl::status
       absl::statusor absl::strings
  TEST_SRCS domain/event_csv_parser_test.cc
  TEST_DEPS dyadscope::csv_reader dyadscope::status_matchers)

# Economic indicators of asymmetric interdependence and their per-period
# summaries: pure domain code (no protobuf, no gRPC). Included from
# services/economics/CMakeLists.txt; paths are relative to services/economics.

dyadscope_cc_library(
  NAME economics_indicators
  HDRS domain/indicators.h domain/indicator_catalog.h
       domain/indicator_quantity.h
  SRCS domain/indicators.cc domain/indicator_catalog.cc
       domain/indicator_quantity.cc
  DEPS dyadscope::types dyadscope::error_details absl::status absl::statusor
       absl::strings absl::flat_hash_map absl::flat_hash_set absl::span
  TEST_SRCS domain/indicators_test.cc
  TEST_DEPS dyadscope::status_matchers)

dyadscope_cc_library(
  NAME economics_indicator_summary
  HDRS domain/indicator_summary.h
  SRCS domain/indicator_summary.cc
  DEPS dyadscope::economics_indicators dyadscope::stats dyadscope::types
       dyadscope::error_details absl::status absl::statusor absl::strings
       absl::flat_hash_set absl::span
  TEST_SRCS domain/indicator_summary_test.cc
  TEST_DEPS dyadscope::status_matchers)

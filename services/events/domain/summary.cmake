# Theme lexicon and event summaries: pure domain code (no protobuf, no gRPC).
# Included from services/events/CMakeLists.txt; paths are relative to
# services/events.

dyadscope_cc_library(
  NAME events_lexicon
  HDRS domain/lexicon.h
  SRCS domain/lexicon.cc
  DEPS absl::status absl::statusor absl::strings absl::str_format
       absl::flat_hash_set absl::inlined_vector
  TEST_SRCS domain/lexicon_test.cc
  TEST_DEPS dyadscope::status_matchers)

dyadscope_cc_library(
  NAME events_summary
  HDRS domain/summary.h
  SRCS domain/summary.cc
  DEPS dyadscope::stats dyadscope::types absl::status absl::statusor absl::strings
       absl::str_format absl::flat_hash_map absl::flat_hash_set
       absl::span
  TEST_SRCS domain/summary_test.cc
  TEST_DEPS dyadscope::status_matchers)

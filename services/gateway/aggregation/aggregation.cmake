# The gateway's aggregation: the mapping from backend answers to scoring
# indicators, and the aggregator that fans out to the backends, scores and
# caches. Transport-free (programs against clients/backends.h). Included
# from services/gateway/CMakeLists.txt; paths are relative to
# services/gateway.

dyadscope_cc_library(
  NAME gateway_indicator_mapping
  HDRS aggregation/indicator_mapping.h
  SRCS aggregation/indicator_mapping.cc
  DEPS dyadscope::gateway_v1_proto absl::status absl::statusor absl::strings
       absl::span
  TEST_SRCS aggregation/indicator_mapping_test.cc
  TEST_DEPS dyadscope::status_matchers GTest::gmock)

dyadscope_cc_library(
  NAME gateway_fan_out
  HDRS aggregation/fan_out.h
  SRCS aggregation/fan_out.cc
  DEPS dyadscope::gateway_backend_interfaces dyadscope::gateway_v1_proto
       absl::status absl::statusor absl::strings
       absl::synchronization absl::time
  TEST_SRCS aggregation/fan_out_test.cc
  TEST_DEPS dyadscope::status_matchers GTest::gmock)

dyadscope_cc_library(
  NAME gateway_aggregator
  HDRS aggregation/assessment_aggregator.h aggregation/assessment_parts.h
  SRCS aggregation/assessment_aggregator.cc aggregation/assessment_parts.cc
  DEPS dyadscope::gateway_fan_out dyadscope::gateway_indicator_mapping
       dyadscope::gateway_v1_proto
       dyadscope::types dyadscope::type_proto_convert dyadscope::error_details
       dyadscope::status_macros dyadscope::fingerprint
       dyadscope::deterministic_proto absl::synchronization absl::time
       absl::status absl::statusor absl::strings absl::flat_hash_map
  TEST_SRCS aggregation/assessment_aggregator_test.cc
            aggregation/assessment_aggregator_concurrency_test.cc
            aggregation/assessment_aggregator_simulate_test.cc
  TEST_DEPS dyadscope::error_details dyadscope::status_matchers GTest::gmock
            absl::synchronization absl::time)

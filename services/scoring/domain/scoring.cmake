# The scoring model, the Score computation and the Sobol sensitivity
# estimators: pure domain code (no protobuf, no gRPC). Included from
# services/scoring/CMakeLists.txt; paths are relative to services/scoring.

dyadscope_cc_library(
  NAME scoring_sobol
  HDRS domain/sobol.h
  SRCS domain/sobol.cc
  DEPS dyadscope::stats absl::function_ref absl::status absl::statusor absl::strings
       absl::span
  TEST_SRCS domain/sobol_test.cc
  TEST_DEPS dyadscope::status_matchers)

dyadscope_cc_library(
  NAME scoring_model
  HDRS domain/model.h
  SRCS domain/model.cc
  DEPS dyadscope::error_details absl::status absl::strings
       absl::flat_hash_map absl::flat_hash_set absl::span
  TEST_SRCS domain/model_test.cc
  TEST_DEPS dyadscope::error_details dyadscope::status_matchers
            absl::flat_hash_set)

dyadscope_cc_library(
  NAME scoring_score
  HDRS domain/score.h
  SRCS domain/score.cc
  DEPS dyadscope::scoring_model dyadscope::scoring_sobol dyadscope::stats
       dyadscope::types
       dyadscope::error_details absl::status absl::statusor absl::strings
       absl::flat_hash_map absl::flat_hash_set absl::span
  TEST_SRCS domain/score_test.cc domain/score_analysis_test.cc
  TEST_DEPS dyadscope::error_details dyadscope::status_matchers)

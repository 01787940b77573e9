# Risk forecasts from incident histories: the Hawkes-process mathematics
# (security_risk_hawkes) and the AssessRisk / BacktestRisk computations over
# it (security_risk_model). Pure domain code (no protobuf, no gRPC). Included
# from services/security_risk/CMakeLists.txt; paths are relative to
# services/security_risk. domain/incident.h is header-only and reached
# through the repository include root.

dyadscope_cc_library(
  NAME security_risk_hawkes
  HDRS domain/hawkes.h
  SRCS domain/hawkes.cc
  DEPS dyadscope::stats dyadscope::status_macros absl::status absl::statusor absl::strings
       absl::span
  TEST_SRCS domain/hawkes_test.cc
  TEST_DEPS dyadscope::status_matchers)

dyadscope_cc_library(
  NAME security_risk_model
  HDRS domain/risk.h
  SRCS domain/risk.cc
  DEPS dyadscope::security_risk_hawkes dyadscope::types
       dyadscope::error_details dyadscope::status_macros absl::status
       absl::statusor absl::strings absl::str_format absl::civil_time
       absl::span
  TEST_SRCS domain/risk_test.cc
  TEST_DEPS dyadscope::error_details dyadscope::types dyadscope::status_matchers)

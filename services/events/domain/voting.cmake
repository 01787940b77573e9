# UNGA votes: the roll-call CSV row parser and the voting-alignment metrics.
# Included from services/events/CMakeLists.txt; paths are relative to
# services/events.

dyadscope_cc_library(
  NAME events_unga_row
  HDRS domain/unga_vote_row.h domain/row_rejection.h domain/event.h
  SRCS domain/unga_vote_row.cc
  DEPS dyadscope::csv_tabular dyadscope::types absl::status absl::statusor absl::strings absl::time
  TEST_SRCS domain/unga_vote_row_test.cc)

dyadscope_cc_library(
  NAME events_voting
  HDRS domain/voting.h domain/event.h
  SRCS domain/voting.cc
  DEPS dyadscope::types absl::flat_hash_map absl::status absl::statusor
       absl::strings absl::time
  TEST_SRCS domain/voting_test.cc
  TEST_DEPS dyadscope::events_unga_row dyadscope::status_matchers)
if(TARGET events_voting_test)
  # Where the data test looks for the vote files when DYADSCOPE_SOURCE_DIR
  # is not set in the environment.
  target_compile_definitions(events_voting_test PRIVATE
    DYADSCOPE_DEFAULT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()

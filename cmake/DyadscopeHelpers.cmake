# dyadscope_cc_library / dyadscope_cc_binary / dyadscope_cc_test: small
# wrappers in the spirit of absl_cc_library, so that each target states its
# headers, sources and dependencies in one place and gets the same options.

# dyadscope_cc_library(NAME n [HDRS ...] [SRCS ...] [DEPS ...])
# Defines dyadscope_<n> with the alias dyadscope::<n>. Includes are rooted at
# the repository root ("common/status/status_macros.h").
function(dyadscope_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "HDRS;SRCS;DEPS" ${ARGN})
  set(target dyadscope_${ARG_NAME})
  if(ARG_SRCS)
    add_library(${target} STATIC ${ARG_SRCS} ${ARG_HDRS})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${ARG_DEPS})
    dyadscope_apply_warnings(${target})
  else()
    add_library(${target} INTERFACE ${ARG_HDRS})
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
  endif()
  add_library(dyadscope::${ARG_NAME} ALIAS ${target})
endfunction()

# dyadscope_cc_binary(NAME n OUTPUT_NAME o SRCS ... DEPS ...)
function(dyadscope_cc_binary)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT_NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${ARG_NAME} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  dyadscope_apply_warnings(${ARG_NAME})
endfunction()

# dyadscope_cc_test(NAME n SRCS ... DEPS ... [LABELS ...])
# A GoogleTest binary whose tests are discovered into CTest.
function(dyadscope_cc_test)
  if(NOT BUILD_TESTING)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  dyadscope_apply_warnings(${ARG_NAME})
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${ARG_NAME}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${labels}"
               ENVIRONMENT "DYADSCOPE_BIN_DIR=${PROJECT_BINARY_DIR}/bin;DYADSCOPE_SOURCE_DIR=${PROJECT_SOURCE_DIR};DYADSCOPE_BUILD_DIR=${PROJECT_BINARY_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()

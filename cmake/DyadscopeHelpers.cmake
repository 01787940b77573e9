# dyadscope_cc_library / dyadscope_cc_binary / dyadscope_cc_test: small
# wrappers in the spirit of absl_cc_library, so that each target states its
# headers, sources and dependencies in one place and gets the same options.

# dyadscope_cc_library(NAME n [HDRS ...] [SRCS ...] [DEPS ...]
#                      [TEST_SRCS ... [TEST_DEPS ...] [TEST_LABELS ...]
#                       [TEST_POSTGRES]])
# Defines dyadscope_<n> with the alias dyadscope::<n>. Includes are rooted at
# the repository root ("common/status/status_macros.h"). TEST_SRCS: the
# library's own unit test, the dyadscope_cc_test <n>_test of TEST_SRCS
# linking dyadscope::<n> and TEST_DEPS (TEST_LABELS and TEST_POSTGRES as
# dyadscope_cc_test's LABELS and POSTGRES).
function(dyadscope_cc_library)
  cmake_parse_arguments(ARG "TEST_POSTGRES" "NAME"
                        "HDRS;SRCS;DEPS;TEST_SRCS;TEST_DEPS;TEST_LABELS" ${ARGN})
  set(target dyadscope_${ARG_NAME})
  # Every library of services/<s>/ sees the service's domain enums (generated
  # from the contract: protos/CMakeLists.txt, dyadscope_domain_enums).
  file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  if(dir MATCHES "^services/([a-z_]+)")
    set(enums dyadscope::${CMAKE_MATCH_1}_domain_enums)
    if(TARGET ${enums})
      list(APPEND ARG_DEPS ${enums})
    endif()
  endif()
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
  if(ARG_TEST_SRCS)
    set(test_options "")
    if(ARG_TEST_POSTGRES)
      set(test_options POSTGRES)
    endif()
    dyadscope_cc_test(
      NAME ${ARG_NAME}_test
      SRCS ${ARG_TEST_SRCS}
      DEPS dyadscope::${ARG_NAME} ${ARG_TEST_DEPS}
      LABELS ${ARG_TEST_LABELS}
      ${test_options})
  endif()
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

# dyadscope_cc_test(NAME n SRCS ... DEPS ... [LABELS ...] [POSTGRES]
#                   [STRICT_TSAN])
# A GoogleTest binary whose tests are discovered into CTest. POSTGRES: the
# tests use the shared throwaway PostgreSQL server (CTest fixture "postgres",
# tests/postgres/fixture.sh; see common/testing/test_databases.h).
# STRICT_TSAN: under ThreadSanitizer, no report is suppressed.
function(dyadscope_cc_test)
  if(NOT BUILD_TESTING)
    return()
  endif()
  cmake_parse_arguments(ARG "POSTGRES;STRICT_TSAN" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  dyadscope_apply_warnings(${ARG_NAME})
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  set(environment "DYADSCOPE_BIN_DIR=${PROJECT_BINARY_DIR}/bin;DYADSCOPE_SOURCE_DIR=${PROJECT_SOURCE_DIR};DYADSCOPE_BUILD_DIR=${PROJECT_BINARY_DIR}")
  if(ARG_STRICT_TSAN)
    dyadscope_sanitizer_environment(sanitizer_environment STRICT)
  else()
    dyadscope_sanitizer_environment(sanitizer_environment)
  endif()
  list(APPEND environment ${sanitizer_environment})
  set(fixtures "")
  if(ARG_POSTGRES)
    list(APPEND environment "DYADSCOPE_TEST_POSTGRES=${PROJECT_BINARY_DIR}/test-postgres/url")
    set(fixtures "FIXTURES_REQUIRED postgres")
  endif()
  gtest_discover_tests(${ARG_NAME}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    TEST_LIST ${ARG_NAME}_TESTS
    PROPERTIES LABELS "${labels}"
    DISCOVERY_TIMEOUT 60)
  # gtest_discover_tests splits list-valued properties such as ENVIRONMENT,
  # so they are set by a file CTest includes after the discovered tests.
  set(properties_file ${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_properties.cmake)
  file(WRITE ${properties_file}
       "if(${ARG_NAME}_TESTS)\n"
       "  set_tests_properties(\${${ARG_NAME}_TESTS} PROPERTIES\n"
       "    ENVIRONMENT \"${environment}\" ${fixtures})\n"
       "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${properties_file})
endfunction()

# dyadscope_embed_files(NAME n NAMESPACE ns FILES id=path [id=path ...])
# Defines the library dyadscope_<n> (alias dyadscope::<n>) whose header
# "<n>.h" (in the build tree, included as "embedded/<n>.h") declares, for
# each id, `absl::string_view ns::id()` returning the file's bytes. Paths
# are relative to the repository root; editing a file re-runs CMake.
function(dyadscope_embed_files)
  cmake_parse_arguments(ARG "" "NAME;NAMESPACE" "FILES" ${ARGN})
  set(out_dir ${PROJECT_BINARY_DIR}/embedded/embedded)
  set(header "// Generated by dyadscope_embed_files; do not edit.\n#pragma once\n#include \"absl/strings/string_view.h\"\nnamespace ${ARG_NAMESPACE} {\n")
  set(source "// Generated by dyadscope_embed_files; do not edit.\n#include \"embedded/${ARG_NAME}.h\"\nnamespace ${ARG_NAMESPACE} {\n")
  foreach(entry ${ARG_FILES})
    string(REPLACE "=" ";" parts ${entry})
    list(GET parts 0 id)
    list(GET parts 1 path)
    set(file ${PROJECT_SOURCE_DIR}/${path})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
    file(READ ${file} hex HEX)
    string(LENGTH "${hex}" hex_length)
    math(EXPR size "${hex_length} / 2")
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
    string(APPEND header "// ${path}\nabsl::string_view ${id}();\n")
    string(APPEND source "namespace {\nconst char k_${id}[] = {${bytes} 0};\n}  // namespace\nabsl::string_view ${id}() { return absl::string_view(k_${id}, ${size}); }\n")
  endforeach()
  string(APPEND header "}  // namespace ${ARG_NAMESPACE}\n")
  string(APPEND source "}  // namespace ${ARG_NAMESPACE}\n")
  file(CONFIGURE OUTPUT ${out_dir}/${ARG_NAME}.h CONTENT "${header}")
  file(CONFIGURE OUTPUT ${out_dir}/${ARG_NAME}.cc CONTENT "${source}")
  add_library(dyadscope_${ARG_NAME} STATIC ${out_dir}/${ARG_NAME}.cc)
  target_include_directories(dyadscope_${ARG_NAME} PUBLIC ${PROJECT_BINARY_DIR}/embedded)
  target_link_libraries(dyadscope_${ARG_NAME} PUBLIC absl::strings)
  add_library(dyadscope::${ARG_NAME} ALIAS dyadscope_${ARG_NAME})
endfunction()

# The declarations every service's build shares (dyadscope_service_grpc,
# dyadscope_service_server, dyadscope_record_service).
include(${CMAKE_CURRENT_LIST_DIR}/DyadscopeTargets.cmake)

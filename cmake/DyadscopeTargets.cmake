# The targets every service declares alike, written once over the
# dyadscope_cc_* wrappers of DyadscopeHelpers.cmake. Each takes the
# service's folder name (services/<s>/) and follows the layout of
# /work/shared/STYLE.md; it is called from services/<s>/CMakeLists.txt, so
# paths are relative to services/<s>/.

# dyadscope_service_grpc(SERVICE s [PROTO p] DEPS ... [TEST_DEPS ...])
# The gRPC handlers: dyadscope_<s>_grpc from grpc/<s>_service.{h,cc},
# linking dyadscope::auth, the service's gRPC proto library
# dyadscope::<p>_v1_grpc_proto (p defaults to s), dyadscope::grpc_status,
# dyadscope::rpc_service (the handler frame, common/rpc/service.h) and
# DEPS. With TEST_DEPS, their in-process test <s>_service_test
# (grpc/<s>_service_test.cc, label integration) linking the handlers,
# dyadscope::test_server, dyadscope::status_matchers and TEST_DEPS.
function(dyadscope_service_grpc)
  cmake_parse_arguments(ARG "" "SERVICE;PROTO" "DEPS;TEST_DEPS" ${ARGN})
  if(NOT ARG_PROTO)
    set(ARG_PROTO ${ARG_SERVICE})
  endif()
  dyadscope_cc_library(
    NAME ${ARG_SERVICE}_grpc
    HDRS grpc/${ARG_SERVICE}_service.h
    SRCS grpc/${ARG_SERVICE}_service.cc
    DEPS dyadscope::auth dyadscope::${ARG_PROTO}_v1_grpc_proto
         dyadscope::grpc_status dyadscope::rpc_service ${ARG_DEPS})
  if(ARG_TEST_DEPS)
    dyadscope_cc_test(
      NAME ${ARG_SERVICE}_service_test
      SRCS grpc/${ARG_SERVICE}_service_test.cc
      DEPS dyadscope::${ARG_SERVICE}_grpc dyadscope::test_server
           dyadscope::status_matchers ${ARG_TEST_DEPS}
      LABELS integration)
  endif()
endfunction()

# dyadscope_service_server(SERVICE s [DEPS ...])
# The service's binary: <s>_server, written as bin/<s>, from main.cc,
# linking dyadscope::<s>_grpc, the shared flags and main
# (common/server/service_main.h) and DEPS.
function(dyadscope_service_server)
  cmake_parse_arguments(ARG "" "SERVICE" "DEPS" ${ARGN})
  dyadscope_cc_binary(
    NAME ${ARG_SERVICE}_server
    OUTPUT_NAME ${ARG_SERVICE}
    SRCS main.cc
    DEPS dyadscope::${ARG_SERVICE}_grpc dyadscope::server_flags
         dyadscope::service_main ${ARG_DEPS})
endfunction()

# dyadscope_record_service(SERVICE s RECORD r [PROTO p] MIGRATIONS m ...
#                          [STORE_DEPS ...] [REPOSITORY_DEPS ...]
#                          [MANAGER_HDRS ...] [MANAGER_SRCS ...]
#                          [MANAGER_DEPS ...] [MANAGER_TEST]
#                          [SERVICE_DEPS ...])
# A stateful service over the record core (common/records/), whose record
# kind r ("event", "observation", "incident") names its files:
#   <s>_proto_convert      convert/<r>_proto_convert.{h,cc}, over
#                          dyadscope::<p>_v1_proto (p defaults to s)
#   <s>_migrations         storage/migrations/{sqlite,postgres}/<m>.sql,
#                          embedded as <s>_{sqlite,postgres}_<m>
#   <s>_migration_list     embedded::Migrations(engine): the list of them
#                          (version = the number <m> starts with)
#   <s>_store              domain/<r>_store.h: the port (+ STORE_DEPS)
#   <s>_sql_repository     storage/sql_<r>_repository.{h,cc} (+ REPOSITORY_DEPS)
#                          and its test on both engines
#   <s>_checks             with CHECKS: domain/<r>_checks.cc, the kind's
#                          checks of a record from a client, declared in
#                          domain/<r>.h with the record (+ CHECKS_DEPS)
#   <s>_manager            domain/<s>_manager.{h,cc} and MANAGER_HDRS/SRCS
#                          (+ MANAGER_DEPS); MANAGER_TEST: its test
#                          <s>_manager_test (domain/<s>_manager_test.cc)
#   <s>_grpc, <s>_server   as dyadscope_service_grpc/_server, with the
#                          service's test; SERVICE_DEPS are linked into the
#                          binary and that test.
function(dyadscope_record_service)
  cmake_parse_arguments(ARG "CHECKS;MANAGER_TEST" "SERVICE;RECORD;PROTO"
    "MIGRATIONS;STORE_DEPS;REPOSITORY_DEPS;CHECKS_DEPS;MANAGER_HDRS;MANAGER_SRCS;MANAGER_DEPS;SERVICE_DEPS"
    ${ARGN})
  set(s ${ARG_SERVICE})
  set(r ${ARG_RECORD})
  if(NOT ARG_PROTO)
    set(ARG_PROTO ${s})
  endif()
  file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})

  dyadscope_cc_library(
    NAME ${s}_proto_convert
    HDRS convert/${r}_proto_convert.h
    SRCS convert/${r}_proto_convert.cc
    DEPS dyadscope::${ARG_PROTO}_v1_proto dyadscope::type_proto_convert
         dyadscope::error_details)

  set(migrations "")
  foreach(migration ${ARG_MIGRATIONS})
    foreach(engine sqlite postgres)
      list(APPEND migrations
           ${s}_${engine}_${migration}=${dir}/storage/migrations/${engine}/${migration}.sql)
    endforeach()
  endforeach()
  dyadscope_embed_files(
    NAME ${s}_migrations
    NAMESPACE dyadscope::${s}::embedded
    FILES ${migrations})
  # ...and the list of them, in order: embedded::Migrations(engine).
  set(list_dir ${PROJECT_BINARY_DIR}/embedded/embedded)
  set(list_header "// Generated by dyadscope_record_service; do not edit.\n#pragma once\n#include <vector>\n#include \"common/storage/migrator.h\"\nnamespace dyadscope::${s}::embedded {\n// The schema migrations of ${dir}/storage/migrations/ for `engine`.\nstd::vector<storage::Migration> Migrations(storage::Engine engine);\n}  // namespace dyadscope::${s}::embedded\n")
  set(list_items "")
  foreach(migration ${ARG_MIGRATIONS})
    string(REGEX MATCH "^[0-9]+" number ${migration})
    string(REGEX REPLACE "^0+" "" number ${number})
    string(APPEND list_items "      {${number}, \"${migration}\", std::string(postgres ? ${s}_postgres_${migration}() : ${s}_sqlite_${migration}())},\n")
  endforeach()
  set(list_source "// Generated by dyadscope_record_service; do not edit.\n#include \"embedded/${s}_migration_list.h\"\n#include <string>\n#include \"embedded/${s}_migrations.h\"\nnamespace dyadscope::${s}::embedded {\nstd::vector<storage::Migration> Migrations(storage::Engine engine) {\n  const bool postgres = engine == storage::Engine::kPostgres;\n  return {\n${list_items}  };\n}\n}  // namespace dyadscope::${s}::embedded\n")
  file(CONFIGURE OUTPUT ${list_dir}/${s}_migration_list.h CONTENT "${list_header}")
  file(CONFIGURE OUTPUT ${list_dir}/${s}_migration_list.cc CONTENT "${list_source}")
  add_library(dyadscope_${s}_migration_list STATIC
              ${list_dir}/${s}_migration_list.cc)
  target_link_libraries(dyadscope_${s}_migration_list
                        PUBLIC dyadscope::migrator dyadscope::${s}_migrations)
  target_include_directories(dyadscope_${s}_migration_list
                             PUBLIC ${PROJECT_SOURCE_DIR})
  add_library(dyadscope::${s}_migration_list ALIAS
              dyadscope_${s}_migration_list)

  dyadscope_cc_library(
    NAME ${s}_store
    HDRS domain/${r}_store.h
    DEPS dyadscope::types dyadscope::records_ports absl::status absl::statusor
         ${ARG_STORE_DEPS})

  dyadscope_cc_library(
    NAME ${s}_sql_repository
    HDRS storage/sql_${r}_repository.h
    SRCS storage/sql_${r}_repository.cc
    DEPS dyadscope::${s}_store dyadscope::${s}_proto_convert
         dyadscope::${s}_migration_list dyadscope::records_sql
         dyadscope::records_proto_body dyadscope::database dyadscope::migrator
         dyadscope::sql_helpers dyadscope::deterministic_proto
         dyadscope::status_macros ${ARG_REPOSITORY_DEPS}
    TEST_SRCS storage/sql_${r}_repository_test.cc
    TEST_DEPS dyadscope::database_factory dyadscope::test_databases
              dyadscope::status_matchers
    TEST_LABELS integration
    TEST_POSTGRES)

  set(checks "")
  if(ARG_CHECKS)
    dyadscope_cc_library(
      NAME ${s}_checks
      HDRS domain/${r}.h
      SRCS domain/${r}_checks.cc
      DEPS dyadscope::records_use_cases dyadscope::error_details
           dyadscope::types absl::strings ${ARG_CHECKS_DEPS})
    set(checks dyadscope::${s}_checks)
  endif()

  set(manager_test "")
  if(ARG_MANAGER_TEST)
    set(manager_test
        TEST_SRCS domain/${s}_manager_test.cc
        TEST_DEPS dyadscope::${s}_sql_repository dyadscope::database_factory
                  dyadscope::test_databases dyadscope::status_matchers)
  endif()
  dyadscope_cc_library(
    NAME ${s}_manager
    HDRS domain/${s}_manager.h ${ARG_MANAGER_HDRS}
    SRCS domain/${s}_manager.cc ${ARG_MANAGER_SRCS}
    DEPS dyadscope::${s}_store ${checks}
         dyadscope::records_use_cases
         dyadscope::records_import dyadscope::upload dyadscope::fingerprint
         dyadscope::error_details dyadscope::status_macros
         absl::flat_hash_map ${ARG_MANAGER_DEPS}
    ${manager_test})

  dyadscope_service_grpc(
    SERVICE ${s}
    PROTO ${ARG_PROTO}
    DEPS dyadscope::${s}_manager dyadscope::${s}_proto_convert
         dyadscope::type_proto_convert dyadscope::fingerprint
         dyadscope::deterministic_proto dyadscope::records_grpc
    TEST_DEPS dyadscope::rpc_status_testing dyadscope::${s}_sql_repository
              dyadscope::sqlite_database dyadscope::google_rpc_proto
              ${ARG_SERVICE_DEPS})

  dyadscope_service_server(
    SERVICE ${s}
    DEPS dyadscope::${s}_sql_repository dyadscope::store_main
         ${ARG_SERVICE_DEPS})
endfunction()

# dyadscope_importers(NAME <n> HDRS <h>... FORMATS <f>... DEPS <d>...
#                     [TEST_SRCS <t>...] [TEST_DEPS <d>...])
# A service's importers (paths relative to the service): the library <n> of
# domain/importers/parser_base.cc, registry.cc and one file per word of
# FORMATS (a format, or code several formats share, such as a country or an
# attack-type table), and its test <n>_test of registry_test.cc, the
# <word>_test.cc of each word that has one, and TEST_SRCS. A new format is
# its file, its registry row and its word here.
function(dyadscope_importers)
  cmake_parse_arguments(ARG "" "NAME" "HDRS;FORMATS;DEPS;TEST_SRCS;TEST_DEPS"
                        ${ARGN})
  set(srcs domain/importers/parser_base.cc domain/importers/registry.cc)
  set(tests domain/importers/registry_test.cc)
  foreach(word ${ARG_FORMATS})
    list(APPEND srcs domain/importers/${word}.cc)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/domain/importers/${word}_test.cc)
      list(APPEND tests domain/importers/${word}_test.cc)
    endif()
  endforeach()
  dyadscope_cc_library(
    NAME ${ARG_NAME}
    HDRS ${ARG_HDRS} domain/importers/parser_base.h
    SRCS ${srcs}
    DEPS dyadscope::csv_reader dyadscope::csv_tabular dyadscope::types
         dyadscope::error_details dyadscope::status_macros absl::status
         absl::statusor absl::strings absl::span ${ARG_DEPS})
  dyadscope_cc_test(
    NAME ${ARG_NAME}_test
    SRCS ${tests} ${ARG_TEST_SRCS}
    DEPS dyadscope::${ARG_NAME} dyadscope::csv_reader
         dyadscope::csv_tabular_testing dyadscope::error_details
         absl::strings ${ARG_TEST_DEPS})
endfunction()

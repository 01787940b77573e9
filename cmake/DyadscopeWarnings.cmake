# Warning and sanitizer options, applied per target (never globally) so that
# generated and third-party code is compiled with its own settings.

# DYADSCOPE_SANITIZE selects the sanitizers: a false value (OFF) builds
# without any; "thread" selects ThreadSanitizer; any other true value (ON,
# "address") selects AddressSanitizer and UndefinedBehaviorSanitizer.
string(TOLOWER "${DYADSCOPE_SANITIZE}" _dyadscope_sanitize)
if(_dyadscope_sanitize STREQUAL "thread")
  set(DYADSCOPE_SANITIZER_KIND thread)
elseif(DYADSCOPE_SANITIZE)
  set(DYADSCOPE_SANITIZER_KIND address)
else()
  set(DYADSCOPE_SANITIZER_KIND "")
endif()
unset(_dyadscope_sanitize)

# Applies the project's warnings (as errors) and the selected sanitizers to
# TARGET.
function(dyadscope_apply_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-parameter)
  dyadscope_apply_sanitizers(${target})
endfunction()

# Applies only the sanitizer options (used for generated code too, so that
# every object in a sanitized binary is instrumented alike).
function(dyadscope_apply_sanitizers target)
  if(DYADSCOPE_SANITIZER_KIND STREQUAL "address")
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  elseif(DYADSCOPE_SANITIZER_KIND STREQUAL "thread")
    # GCC warns that TSan does not model std::atomic_thread_fence; gRPC's
    # headers use it, and the warning would be an error under -Werror.
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
    target_link_options(${target} PUBLIC -fsanitize=thread)
    # Executables carry the annotations for Debian's uninstrumented Abseil
    # synchronization (common/sanitizers/tsan_absl_sync.cc).
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_libraries(${target} PRIVATE dyadscope_tsan_absl_sync)
    endif()
  endif()
endfunction()

# The environment a sanitized test runs with (a list of NAME=VALUE): with
# ThreadSanitizer, the suppressions for the uninstrumented system libraries
# and a non-zero exit code on any report; with any sanitizer, how many times
# longer the tests wait for a process to start or stop before they call it
# a failure (DYADSCOPE_TEST_TIME_SCALE: sanitized code runs several times
# slower; a wait is not a bound, so a longer one never hides a fault).
# With STRICT, ThreadSanitizer runs without the suppressions (for tests that
# use no system library but Abseil's synchronization, which the build
# annotates).
function(dyadscope_sanitizer_environment out_var)
  cmake_parse_arguments(ARG "STRICT" "" "" ${ARGN})
  set(environment "")
  if(DYADSCOPE_SANITIZER_KIND STREQUAL "thread")
    set(suppressions "suppressions=${PROJECT_SOURCE_DIR}/tests/tsan_suppressions.txt ")
    if(ARG_STRICT)
      set(suppressions "")
    endif()
    list(APPEND environment
         "TSAN_OPTIONS=${suppressions}halt_on_error=0 exitcode=66 second_deadlock_stack=1 report_signal_unsafe=0"
         "DYADSCOPE_TEST_TIME_SCALE=8")
  elseif(DYADSCOPE_SANITIZER_KIND)
    list(APPEND environment "DYADSCOPE_TEST_TIME_SCALE=3")
  endif()
  set(${out_var} "${environment}" PARENT_SCOPE)
endfunction()

# Adds the sanitizer environment to every test add_test() declared so far in
# the calling directory (dyadscope_cc_test adds it to its own tests).
function(dyadscope_apply_sanitizer_environment_to_tests)
  dyadscope_sanitizer_environment(environment)
  get_property(tests DIRECTORY PROPERTY TESTS)
  if(environment AND tests)
    set_property(TEST ${tests} APPEND PROPERTY ENVIRONMENT ${environment})
  endif()
endfunction()

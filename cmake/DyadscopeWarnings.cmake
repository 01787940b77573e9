# Warning and sanitizer options, applied per target (never globally) so that
# generated and third-party code is compiled with its own settings.

# Applies the project's warnings (as errors) and, when DYADSCOPE_SANITIZE is
# on, AddressSanitizer and UndefinedBehaviorSanitizer to TARGET.
function(dyadscope_apply_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-parameter)
  dyadscope_apply_sanitizers(${target})
endfunction()

# Applies only the sanitizer options (used for generated code too, so that
# every object in a sanitized binary is instrumented alike).
function(dyadscope_apply_sanitizers target)
  if(DYADSCOPE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

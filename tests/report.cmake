# The HTML report opened in headless Chromium (installed by the test itself).
add_test(NAME report_e2e
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/report_test.sh
                 ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/bin)
set_tests_properties(report_e2e PROPERTIES LABELS e2e TIMEOUT 600)

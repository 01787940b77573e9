# The Node.js gRPC client (@grpc/grpc-js and @grpc/proto-loader from
# tools/node_modules, installed by `make deps`): AssessDyad through the gateway
# and one backend method against the five real binaries. `node --test FILE`
# passes no arguments to the script, so the paths come from the environment.
add_test(NAME node_gateway_client
         COMMAND node --test ${CMAKE_CURRENT_SOURCE_DIR}/clients/node/gateway_client_test.js)
set_tests_properties(node_gateway_client PROPERTIES
  LABELS clients
  TIMEOUT 300
  ENVIRONMENT "DYADSCOPE_BIN_DIR=${PROJECT_BINARY_DIR}/bin;DYADSCOPE_PROTOS_DIR=${PROJECT_SOURCE_DIR}/protos;DYADSCOPE_SOURCE_DIR=${PROJECT_SOURCE_DIR};DYADSCOPE_NODE_MODULES=${PROJECT_SOURCE_DIR}/tools/node_modules")

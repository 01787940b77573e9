#!/usr/bin/env bash
# Starts each service binary on a free port and checks with `buf curl` (a
# client that knows nothing of our protos) that server reflection lists the
# service and grpc.health.v1.Health, and that the health service can be
# called through reflection alone.
# Usage: reflection_test.sh BIN_DIR BUF
set -euo pipefail
bin_dir=$1
buf=$2
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() {  # check NAME COMMAND...: runs COMMAND, counts the result
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}

start() {  # start BINARY ARGS... -> sets port
  local log="$work/$1.log"
  : >"$log"  # exists before the fork, so the reader below never misses it
  "$bin_dir/$1" --listen=127.0.0.1:0 --metrics_listen=off "${@:2}" 2>"$log" &
  pids+=($!)
  port=""
  for _ in $(seq 1 $(( 300 * ${DYADSCOPE_TEST_TIME_SCALE:-1} ))); do
    port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$log" | head -n1)
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "$1 did not start:"; cat "$log"; return 1
}

declare -A services=(
  [events]=dyadscope.events.v1.EventsService
  [economics]=dyadscope.economics.v1.EconomicsService
  [security_risk]=dyadscope.securityrisk.v1.SecurityRiskService
  [scoring]=dyadscope.scoring.v1.ScoringService
  [gateway]=dyadscope.gateway.v1.GatewayService
)

for binary in events economics security_risk scoring gateway; do
  args=()
  case $binary in events|economics|security_risk) args+=(--database=:memory:);; esac
  case $binary in events|economics|security_risk) args+=(--seed_data=false);; esac
  start "$binary" "${args[@]}"
  url="http://127.0.0.1:$port"
  listed=$("$buf" curl --protocol grpc --http2-prior-knowledge --list-services "$url")
  check "$binary lists ${services[$binary]}" grep -qx "${services[$binary]}" <<<"$listed"
  check "$binary lists grpc.health.v1.Health" grep -qx "grpc.health.v1.Health" <<<"$listed"
  # gRPC 1.51 serves reflection v1alpha; buf asks v1 first unless told.
  methods=$("$buf" curl --reflect-protocol grpc-v1alpha --protocol grpc --http2-prior-knowledge --list-methods "$url")
  check "$binary describes its methods" test "$(grep -c "^${services[$binary]}/" <<<"$methods")" -ge 2
  health=$("$buf" curl --protocol grpc --http2-prior-knowledge \
    -d "{\"service\":\"${services[$binary]}\"}" "$url/grpc.health.v1.Health/Check")
  check "$binary health via reflection is SERVING" grep -q '"status": *"SERVING"' <<<"$health"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

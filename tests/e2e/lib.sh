# Shared by the end-to-end scripts (sourced, not run).
#
# start_service KEY BINARY ARGS...
#   Starts $bin/BINARY on a free loopback port (metrics off) with ARGS,
#   logging to $work/KEY.log, and waits for its "listening" line: sets
#   port[KEY] and pid[KEY]. The caller declares `bin`, `work` and the
#   associative arrays `port` and `pid`, and kills ${pid[@]} on exit.
start_service() {
  local key=$1 name=$2
  shift 2
  # The log exists before the child starts: the loop below reads it at once,
  # and the redirection only happens after the fork.
  : >"$work/$key.log"
  "$bin/$name" --listen=127.0.0.1:0 --metrics_listen=off "$@" >"$work/$key.log" 2>&1 &
  pid[$key]=$!
  # 60 s, times DYADSCOPE_TEST_TIME_SCALE (set for sanitized builds).
  for _ in $(seq 1 $(( 1200 * ${DYADSCOPE_TEST_TIME_SCALE:-1} ))); do
    port[$key]=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$work/$key.log" | head -n1)
    [ -n "${port[$key]}" ] && return 0
    if ! kill -0 "${pid[$key]}" 2>/dev/null; then cat "$work/$key.log" >&2; return 1; fi
    sleep 0.05
  done
  echo "$key did not start" >&2
  cat "$work/$key.log" >&2
  return 1
}

# e2e_setup
#   The common start of a script: a scratch folder $work, the arrays `pid`
#   and `port`, and a trap that kills every started service and removes
#   $work on exit. The caller sets `bin` first.
e2e_setup() {
  work=$(mktemp -d)
  declare -gA pid=()
  declare -gA port=()
  trap 'for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}

# start_suite BACKEND_TIMEOUT
#   Starts the five services with SQLite stores in $work (seeded with the
#   embedded data) and the gateway calling the four backends with
#   --backend_timeout=BACKEND_TIMEOUT, then waits until each is SERVING.
start_suite() {
  local name
  for name in events economics security_risk; do
    start_service "$name" "$name" --database="$work/$name.sqlite"
  done
  start_service scoring scoring
  start_service gateway gateway --events_address=127.0.0.1:${port[events]} \
    --economics_address=127.0.0.1:${port[economics]} \
    --security_risk_address=127.0.0.1:${port[security_risk]} \
    --scoring_address=127.0.0.1:${port[scoring]} --backend_timeout="$1"
  for name in events economics security_risk scoring gateway; do
    "$bin/dyadscope-health-probe" --address=127.0.0.1:${port[$name]} --wait=120s >/dev/null
  done
}

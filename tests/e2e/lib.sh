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
  for _ in $(seq 1 1200); do
    port[$key]=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$work/$key.log" | head -n1)
    [ -n "${port[$key]}" ] && return 0
    if ! kill -0 "${pid[$key]}" 2>/dev/null; then cat "$work/$key.log" >&2; return 1; fi
    sleep 0.05
  done
  echo "$key did not start" >&2
  cat "$work/$key.log" >&2
  return 1
}

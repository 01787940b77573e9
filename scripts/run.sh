#!/usr/bin/env bash
# Starts the whole dyadscope suite on this machine on the DESIGN.md ports,
# with SQLite stores and logs under run/, waits until every service reports
# SERVING, prints the PAK-CHN assessment, then keeps serving until Ctrl-C (or SIGTERM), when it stops every
# service gracefully. A second run reuses the stores in run/.
# Usage: scripts/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/bin"
run_dir=${DYADSCOPE_RUN_DIR:-run}
mkdir -p "$run_dir/logs"

declare -A ports=([gateway]=50050 [events]=50051 [economics]=50052 [security_risk]=50053 [scoring]=50054)
order=(events economics security_risk scoring gateway)
pids=()

stop() {
  trap "" INT TERM  # a second Ctrl-C must not cut the clean stop short
  echo
  echo "stopping dyadscope..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  echo "stopped (exit status $status)"
  exit "$status"
}
trap stop INT TERM

for svc in "${order[@]}"; do
  port=${ports[$svc]}
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port (for $svc) is already in use: is dyadscope already running?" >&2
    stop
  fi
  args=(--listen="127.0.0.1:$port")
  case $svc in
    events|economics|security_risk) args+=(--database="$run_dir/$svc.sqlite") ;;
    gateway) args+=(--events_address=127.0.0.1:50051 --economics_address=127.0.0.1:50052
                    --security_risk_address=127.0.0.1:50053 --scoring_address=127.0.0.1:50054) ;;
  esac
  "$bin/$svc" "${args[@]}" >>"$run_dir/logs/$svc.log" 2>&1 &
  pids+=($!)
done

for svc in "${order[@]}"; do
  if ! "$bin/dyadscope-health-probe" --address="127.0.0.1:${ports[$svc]}" --wait=60s >/dev/null; then
    echo "$svc did not become healthy; its log:" >&2
    tail -n 20 "$run_dir/logs/$svc.log" >&2
    stop
  fi
  printf '%-14s SERVING on 127.0.0.1:%s (metrics http://127.0.0.1:%s/metrics)\n' \
    "$svc" "${ports[$svc]}" "$((ports[$svc] + 1000))"
done

echo
echo "The PAK-CHN assessment (dyadscope assess PAK CHN):"
if ! "$bin/dyadscope" assess PAK CHN --gateway=127.0.0.1:50050; then
  echo "(the assessment failed; see $run_dir/logs/gateway.log)" >&2
fi
if "$bin/dyadscope" report PAK CHN --out="$run_dir/report.html" >/dev/null; then
  echo "The PAK-CHN report was written to $run_dir/report.html"
else
  echo "(the report could not be written; see $run_dir/logs/)" >&2
fi
echo
echo "dyadscope is running; logs in $run_dir/logs/. Press Ctrl-C to stop."
wait

#!/usr/bin/env bash
# Peak memory of each service (issue 11, part 6). Runs the five binaries
# twice — with the embedded PAK–CHN data (the baseline), then with the
# events store of 1,000,000 generated events that events_bench left
# (--db_out) — asks the gateway for the PAK–CHN assessment three times
# (every backend works: the events service summarises all 1,000,000 events
# for each of its calls), then reads each process's peak resident set
# (VmHWM) and, at the end, its anonymous and file-backed parts (SQLite maps
# the store's file: those pages are the kernel's page cache, shared and
# reclaimable). Prints a Markdown section.
# Usage: bench/memory.sh BUILD_DIR EVENTS_DB
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1/bin
events_db=$2
work=$(mktemp -d)
declare -A port pid
trap 'kill "${pid[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=../tests/e2e/lib.sh
source tests/e2e/lib.sh

status_field() {  # PID FIELD -> value in MiB
  awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# run LABEL EVENTS_ARGS...: starts the suite, assesses, records figures.
declare -A peak anon file
run() {
  local label=$1
  shift
  start_service events events "$@"
  start_service economics economics --database="$work/economics-$label.sqlite"
  start_service security_risk security_risk --database="$work/risk-$label.sqlite"
  start_service scoring scoring
  start_service gateway gateway \
    --events_address=127.0.0.1:${port[events]} \
    --economics_address=127.0.0.1:${port[economics]} \
    --security_risk_address=127.0.0.1:${port[security_risk]} \
    --scoring_address=127.0.0.1:${port[scoring]} \
    --backend_timeout=120s --scoring_timeout=120s
  for _ in 1 2 3; do
    "$bin/dyadscope" assess PAK CHN --gateway=127.0.0.1:${port[gateway]} \
      --timeout=300s >/dev/null
  done
  for s in events economics security_risk scoring gateway; do
    peak[$label,$s]=$(status_field "${pid[$s]}" VmHWM)
    anon[$label,$s]=$(status_field "${pid[$s]}" RssAnon)
    file[$label,$s]=$(status_field "${pid[$s]}" RssFile)
    kill "${pid[$s]}"
    wait "${pid[$s]}" 2>/dev/null || true
  done
}

run embedded --database="$work/events-embedded.sqlite"
run large --database="$events_db" --seed_data=false
events=$(sqlite3 "$events_db" "SELECT COUNT(*) FROM events")

echo "## 6. Memory: peak RSS of each service"
echo
echo "The five binaries, each asked for the PAK–CHN assessment three times"
echo "through the gateway: first with the embedded data, then with the events"
echo "service on a store of $events events (events_bench's). Peak RSS is the"
echo "kernel's VmHWM; at the end, RSS split into anonymous memory (the"
echo "process's own) and file-backed pages (the SQLite file, mapped: the"
echo "kernel's page cache, shared and reclaimable)."
echo
echo "| service | peak RSS, embedded data | peak RSS, $events events | ratio | anonymous at end | file-backed at end |"
echo "|---|---:|---:|---:|---:|---:|"
for s in events economics security_risk scoring gateway; do
  ratio=$(awk -v a="${peak[embedded,$s]}" -v b="${peak[large,$s]}" 'BEGIN { printf "%.2f", b / a }')
  echo "| $s | ${peak[embedded,$s]} MiB | ${peak[large,$s]} MiB | ${ratio} x | ${anon[large,$s]} MiB | ${file[large,$s]} MiB |"
done
echo

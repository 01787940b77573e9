#!/usr/bin/env bash
# Soak: the five real binaries on loopback (SQLite stores, embedded data),
# then bench/load_client with 32 concurrent streams of mixed reads and
# writes (gateway AssessDyad, events List/Summarize/Create) for
# SOAK_SECONDS (60 by default: 15 s of warm-up, then two halves). Every
# call must end OK, and no process's resident memory may keep growing
# (RSS is printed after the warm-up, between the halves and at the end).
# Usage: soak_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
seconds=${SOAK_SECONDS:-60}
cd "$src"
source "$src/tests/e2e/lib.sh"
e2e_setup
# As the images run them (deploy/Containerfile): two malloc arenas, so that
# resident memory follows the live data rather than which of many
# per-thread arenas a peak of concurrency happened to touch.
export MALLOC_ARENA_MAX=2
start_suite 30s

rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
load() {  # load SECONDS OUT
  "$bin/load_client" --gateway=127.0.0.1:${port[gateway]} \
    --events=127.0.0.1:${port[events]} --concurrency=32 --duration="$1s" \
    --timeout=60s >"$2"
}

# Warm-up: caches, connections, thread pools and malloc arenas reach their
# working size (the first quarter of the run). Then two equal halves: RSS
# is read after the warm-up (start), between the halves and at the end.
# A leak keeps growing through both halves; memory that follows the peak
# number of concurrent requests jumps to a high-water mark once. So a
# process fails when it grew in both halves (each by more than 8% or 16 MiB)
# and doubled (or grew by more than 128 MiB) in all: on a shared 2-core
# machine a minute of load can show a gross leak, not a small one.
warmup=$(( seconds / 4 > 5 ? seconds / 4 : 5 ))
half=$(( (seconds - warmup) / 2 ))
if ! load "$warmup" "$work/warmup.txt"; then cat "$work/warmup.txt"; exit 1; fi
declare -A start middle
for name in events economics security_risk scoring gateway; do start[$name]=$(rss "${pid[$name]}"); done

status=0
ok_a=0
load "$half" "$work/first.txt" || ok_a=1
for name in events economics security_risk scoring gateway; do middle[$name]=$(rss "${pid[$name]}"); done
if load "$half" "$work/soak.txt" && [ "$ok_a" -eq 0 ]; then
  echo "ok   ${warmup} s warm-up + 2 x ${half} s of 32 concurrent streams: every call OK"
else
  echo "FAIL calls ended with unexpected codes"; cat "$work/first.txt"; status=1
fi
cat "$work/soak.txt"
echo
printf '%-14s %12s %12s %12s\n' process "RSS start" "RSS middle" "RSS end"
for name in events economics security_risk scoring gateway; do
  if ! kill -0 "${pid[$name]}" 2>/dev/null; then
    echo "FAIL $name died under load"; tail -n 20 "$work/$name.log"; status=1; continue
  fi
  end=$(rss "${pid[$name]}")
  printf '%-14s %9d kB %9d kB %9d kB\n' "$name" "${start[$name]}" "${middle[$name]}" "$end"
  # A leak grows in both halves; memory that follows the peak number of
  # concurrent requests jumps once to a new high-water mark and stays.
  first=$(( middle[$name] - start[$name] ))
  second=$(( end - middle[$name] ))
  step=$(( start[$name] * 8 / 100 > 16384 ? start[$name] * 8 / 100 : 16384 ))
  total=$(( start[$name] > 131072 ? start[$name] : 131072 ))
  if [ "$first" -gt "$step" ] && [ "$second" -gt "$step" ] && \
     [ $(( end - start[$name] )) -gt "$total" ]; then
    echo "FAIL $name kept growing in both halves: ${start[$name]} -> ${middle[$name]} -> $end kB"; status=1
  fi
done
exit $status

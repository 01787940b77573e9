#!/usr/bin/env bash
# Runs every benchmark binary (build/bin/*_bench) and prints, for each, its
# Google Benchmark table and the ratio of each case to the first (baseline)
# case of the same binary. Usage: bench/run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shopt -s nullglob
benches=("$build"/bin/*_bench)
if ((${#benches[@]} == 0)); then
  echo "no benchmarks built in $build/bin" >&2
  exit 1
fi
for bench in "${benches[@]}"; do
  name=$(basename "$bench")
  echo "== $name"
  "$bench" --benchmark_min_time=2 --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true \
    --benchmark_format=console --benchmark_out="$out/$name.json" \
    --benchmark_out_format=json 2>/dev/null | grep -v '^\*\*\*'
  /usr/bin/python3 - "$out/$name.json" <<'PY'
import json, sys
rows = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"]
if rows:
    base = rows[0]["real_time"]
    print(f"{'case (median of 3)':60s} {'time':>12s} {'vs baseline':>12s}")
    for b in rows:
        print(f"{b['run_name']:60s} {b['real_time']:10.1f}{b['time_unit']:>2s} {b['real_time']/base:11.2f}x")
PY
done

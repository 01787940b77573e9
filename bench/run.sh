#!/usr/bin/env bash
# `make bench`: runs every benchmark of issue 11 on this machine and writes
# bench/RESULTS.md (the machine, the date, the commit, then one section per
# benchmark; every figure next to its baseline from the same run).
#   1. suite_bench             echo vs AssessDyad through the gateway
#   2-3. events_bench          ImportEvents vs sqlite3 .import; SummarizeEvents
#                              vs GROUP BY (100,000 and 1,000,000 rows)
#   3b. seed_bench             seeding a new events store (SQLite, PostgreSQL)
#                              vs the engine's bulk load of unga_votes.csv
#   4. scoring_bench           Score: 1,000 / 10,000 draws and Sobol vs 1 draw
#   5. risk_bench              Hawkes and AssessRisk vs Poisson (1k / 10k)
#   6. memory.sh               peak RSS of each service, embedded vs 1M events
#   +  server_overhead_bench   the services' bootstrap vs a bare gRPC server
# Usage: bench/run.sh [BUILD_DIR]   (BENCH_QUICK=1: small sizes, short runs,
# for checking the script itself; its figures mean little.)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/bin
quick=${BENCH_QUICK:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in sqlite3 perf; do
  command -v "$tool" >/dev/null || echo "note: $tool not found" >&2
done
start=$(date +%s)
out=$work/RESULTS.md

if [ "$quick" = 1 ]; then
  rows=10000,100000
  seed_runs=1
  suite_flags=(--duration=0.5s --runs=1)
  gbench_flags=(--benchmark_min_time=0.1 --benchmark_repetitions=1)
else
  rows=100000,1000000
  seed_runs=3
  suite_flags=(--duration=2s --runs=3)
  gbench_flags=(--benchmark_min_time=1 --benchmark_repetitions=3)
fi

# Google Benchmark JSON -> a Markdown table: each case's median, its ratio
# to the named baseline case, and growth between /N arguments.
gbench_table() {  # JSON BASELINE_PREFIX
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, re, sys
data = json.load(open(sys.argv[1]))
medians = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"]
rows = medians or [b for b in data["benchmarks"] if b.get("run_type") != "aggregate"]
for b in rows:
    b["run_name"] = b["run_name"].replace("/real_time", "")
seen, cases = set(), []
for b in rows:
    name = b["run_name"]
    if name not in seen:
        seen.add(name)
        cases.append(b)
base = {}
for b in cases:
    if b["run_name"].startswith(sys.argv[2]):
        arg = b["run_name"].split("/")[1] if "/" in b["run_name"] else ""
        base[arg] = b["real_time"]
print("| case | median time | vs baseline |")
print("|---|---:|---:|")
for b in cases:
    arg = b["run_name"].split("/")[1] if "/" in b["run_name"] else ""
    ref = base.get(arg, base.get("", next(iter(base.values()))))
    print(f"| {b['run_name']} | {b['real_time']:.3f} {b['time_unit']} | {b['real_time'] / ref:.1f} x |")
groups = {}
for b in cases:
    if "/" in b["run_name"]:
        stem, arg = b["run_name"].split("/", 1)
        groups.setdefault(stem, []).append((int(arg), b["real_time"]))
lines = []
for stem, points in groups.items():
    points.sort()
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        lines.append(f"- growth of {stem}: {n1} -> {n2} (x{n2 / n1:.0f} data): x{t2 / t1:.2f} time")
if lines:
    print()
    print("\n".join(lines))
PY
}

run_gbench() {  # BINARY BASELINE_PREFIX
  "$bin/$1" "${gbench_flags[@]}" --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/$1.json" --benchmark_out_format=json \
    >/dev/null 2>"$work/$1.err" || { cat "$work/$1.err" >&2; return 1; }
  gbench_table "$work/$1.json" "$2"
}

{
  echo "# dyadscope benchmarks"
  echo
  echo "Written by \`make bench\` (bench/run.sh); every ratio compares two"
  echo "figures measured in the same run on the same machine. Medians of"
  echo "several runs; absolute numbers move with the machine's load."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "- machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "- system: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r), SQLite $(sqlite3 --version | cut -d' ' -f1)"
  echo "- build: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt") ($(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt"))"
  [ "$quick" = 1 ] && echo "- BENCH_QUICK=1: small sizes and short runs"
  echo
} >"$out"

echo "== 1. suite_bench" >&2
"$bin/suite_bench" "${suite_flags[@]}" 2>"$work/suite.err" >>"$out" ||
  { cat "$work/suite.err" >&2; exit 1; }

echo "== 2-3. events_bench --rows=$rows" >&2
"$bin/events_bench" --rows="$rows" --db_out="$work/events-large.sqlite" \
  2>"$work/events.err" >>"$out" || { cat "$work/events.err" >&2; exit 1; }

echo "== 3b. seed_bench" >&2
"$bin/seed_bench" --runs="$seed_runs" 2>"$work/seed.err" >>"$out" ||
  { cat "$work/seed.err" >&2; exit 1; }

echo "== 4. scoring_bench" >&2
{
  echo "## 4. Scoring: Monte Carlo and Sobol indices vs 1 draw"
  echo
  echo "Score called directly (the computation, not the transport): the"
  echo "default model over two periods. Baseline: 1 draw, no sensitivity."
  echo
  run_gbench scoring_bench BM_Score_1Draw
  echo
} >>"$out"

echo "== 5. risk_bench" >&2
{
  echo "## 5. Risk: Hawkes fit and AssessRisk vs a Poisson fit"
  echo
  echo "Synthetic self-exciting incident histories (seeded) over Pakistan's"
  echo "seven provinces, 2000–2024, called directly. Baseline: the constant-rate"
  echo "Poisson fit over the same incidents (same /N)."
  echo
  run_gbench risk_bench BM_FitPoisson_Baseline
  echo
} >>"$out"

echo "== 6. memory" >&2
bench/memory.sh "$build" "$work/events-large.sqlite" >>"$out" 2>"$work/memory.err" ||
  { cat "$work/memory.err" >&2; exit 1; }

echo "== bootstrap overhead" >&2
{
  echo "## The services' bootstrap vs a bare gRPC server"
  echo
  echo "Unary Health/Check round trips, in one process: a bare grpc::Server"
  echo "(baseline) against GrpcServerRunner (request ids, metrics, one JSON"
  echo "log line per call, reflection)."
  echo
  run_gbench server_overhead_bench BM_HealthCheck_BareGrpcServer
  echo
} >>"$out"

elapsed=$(($(date +%s) - start))
echo "Whole run: ${elapsed} s." >>"$out"
cp "$out" bench/RESULTS.md
echo "wrote bench/RESULTS.md in ${elapsed} s" >&2

#!/usr/bin/env bash
# The whole suite on PostgreSQL gives the assessment it gives on SQLite: the
# five real binaries with the embedded data, once with SQLite files and once
# with the three stateful services on their own databases of the shared
# throwaway PostgreSQL server (CTest fixture "postgres"; its URL is in the
# file named by DYADSCOPE_TEST_POSTGRES), then `dyadscope assess PAK CHN
# --json` through each gateway; the two answers must agree in every score,
# interval, class probability and input (data versions, times and latencies aside).
# Usage: postgres_suite_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src"
admin=$(cat "${DYADSCOPE_TEST_POSTGRES:?run through CTest (fixture postgres)}")
work=$(mktemp -d)
declare -A pid
cleanup() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

declare -A port
source "$src/tests/e2e/lib.sh"
start() { start_service "$@"; }  # start KEY BINARY ARGS...

suite() {  # suite ENGINE -> writes $work/ENGINE.json
  local engine=$1
  for svc in events economics security_risk; do
    if [ "$engine" = postgres ]; then
      local db="s$$_${svc}"
      psql -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE $db" >/dev/null
      start "$engine-$svc" "$svc" --database="${admin%/*}/$db"
    else
      start "$engine-$svc" "$svc" --database="$work/$svc.sqlite"
    fi
  done
  start "$engine-scoring" scoring
  start "$engine-gateway" gateway \
    --events_address=127.0.0.1:${port[$engine-events]} \
    --economics_address=127.0.0.1:${port[$engine-economics]} \
    --security_risk_address=127.0.0.1:${port[$engine-security_risk]} \
    --scoring_address=127.0.0.1:${port[$engine-scoring]} --backend_timeout=60s
  for svc in events economics security_risk scoring gateway; do
    "$bin/dyadscope-health-probe" --address=127.0.0.1:${port[$engine-$svc]} --wait=120s >/dev/null
  done
  "$bin/dyadscope" assess PAK CHN --json --timeout=120s \
    --gateway=127.0.0.1:${port[$engine-gateway]} >"$work/$engine.json"
}

suite sqlite
suite postgres

/usr/bin/python3 - "$work/sqlite.json" "$work/postgres.json" <<'PY'
import json, sys

def strip(node):
    """Drops what differs between two runs by nature: versions, times, latencies."""
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items()
                if not k.lower().endswith(('dataversion', 'time', 'latency'))}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            diff(a.get(k), b.get(k), f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} vs {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or abs(a - b) > 1e-9 * max(1.0, abs(a)):
            out.append(f"{path}: {a} vs {b}")
    elif a != b:
        out.append(f"{path}: {a!r} vs {b!r}")

a = strip(json.load(open(sys.argv[1]))["assessment"])
b = strip(json.load(open(sys.argv[2]))["assessment"])
problems = []
diff(a, b, "assessment", problems)
phases = [p["period"]["name"] for p in a["periods"]]
scores = sum(len(p["score"]["indices"]) for p in a["periods"])
if scores < 6:
    problems.append(f"only {scores} indices scored on SQLite")
for p in problems[:40]:
    print("differs:", p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"ok   SQLite and PostgreSQL agree: phases {phases}, {scores} indices, "
      f"{sum(len(p['inputs']) for p in a['periods'])} inputs")
PY

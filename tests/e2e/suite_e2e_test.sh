#!/usr/bin/env bash
# The main job end to end: the five real binaries on free loopback ports with
# SQLite files and the embedded data, `dyadscope assess PAK CHN --json` through
# the gateway (both phases must carry all three indices and a class), then one
# backend is killed and the gateway must still answer, marking the assessment
# provisional and the backend unavailable.
# Usage: suite_e2e_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src"
source "$src/tests/e2e/lib.sh"
e2e_setup
start_suite 20s
gateway=${port[gateway]}

passed=0
failed=0
check() {  # check NAME PYTHON_EXPR FILE
  if /usr/bin/python3 -c "import json,sys; a=json.load(open('$3'))['assessment']; sys.exit(0 if ($2) else 1)"; then
    passed=$((passed + 1)); echo "ok   $1"
  else
    failed=$((failed + 1)); echo "FAIL $1"
  fi
}

"$bin/dyadscope" assess PAK CHN --json --gateway=127.0.0.1:$gateway > "$work/full.json"
check "two phases" "[p['period']['name'] for p in a['periods']] == ['consolidation', 'deepening']" "$work/full.json"
check "three scored indices per phase" "all(len(p['score']['indices']) == 3 and all('score' in i for i in p['score']['indices']) for p in a['periods'])" "$work/full.json"
check "a class per phase" "all(p['score'].get('relationshipClass', 'RELATIONSHIP_CLASS_UNSPECIFIED') != 'RELATIONSHIP_CLASS_UNSPECIFIED' for p in a['periods'])" "$work/full.json"
check "not provisional with every backend up" "not a.get('provisional', False)" "$work/full.json"
check "sources listed" "len(a.get('sources', [])) > 0" "$work/full.json"

# Kill a backend: the gateway still answers, provisionally.
kill -9 "${pid[economics]}"
wait "${pid[economics]}" 2>/dev/null || true
unset 'pid[economics]'
"$bin/dyadscope" assess PAK CHN --json --gateway=127.0.0.1:$gateway --timeout=60s > "$work/degraded.json"
check "provisional without economics" "a.get('provisional', False)" "$work/degraded.json"
check "economics marked unavailable" "any(b.get('backend') == 'BACKEND_ECONOMICS' and not b.get('available', False) for b in a['backends'])" "$work/degraded.json"
check "economics inputs unavailable" "all(not i.get('available', False) for p in a['periods'] for i in p['inputs'] if i['indicatorId'].startswith('economics.'))" "$work/degraded.json"
check "other inputs still there" "any(i.get('available', False) for p in a['periods'] for i in p['inputs'] if i['indicatorId'].startswith('events.'))" "$work/degraded.json"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Faults around the gateway, with the five real binaries:
# (1) a slow backend — economics delays SummarizeIndicators by 30 s through
#     the test-only fault interceptor (--testonly_fault): the gateway's
#     2 s backend timeout holds, and the answer comes back provisional with
#     economics unavailable, long before the delay ends;
# (2) a backend killed (kill -9) and restarted on the same port under
#     steady load through the gateway: every gateway call still ends OK
#     (provisional while economics is down), the gateway recovers without a
#     restart (a later assessment is complete), and its threads and memory
#     do not grow without bound.
# Usage: faults_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src"
source "$src/tests/e2e/lib.sh"
e2e_setup

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
assessment() {  # assessment KEY EXPR FILE: a Python test on the JSON
  /usr/bin/python3 -c "import json,sys; a=json.load(open('$3'))['assessment']; sys.exit(0 if ($2) else 1)"
}

start_service events events --database="$work/events.sqlite"
start_service security_risk security_risk --database="$work/security_risk.sqlite"
start_service scoring scoring
econ_port=$(free_port)
start_econ() {  # start_econ KEY [FLAGS...]: economics on its fixed port
  local key=$1; shift
  : >"$work/$key.log"
  "$bin/economics" --listen=127.0.0.1:$econ_port --metrics_listen=off \
    --database="$work/economics.sqlite" "$@" >"$work/$key.log" 2>&1 &
  pid[$key]=$!
  "$bin/dyadscope-health-probe" --address=127.0.0.1:$econ_port --wait=120s >/dev/null
}
gateway() {  # gateway KEY TIMEOUT
  start_service "$1" gateway --events_address=127.0.0.1:${port[events]} \
    --economics_address=127.0.0.1:$econ_port \
    --security_risk_address=127.0.0.1:${port[security_risk]} \
    --scoring_address=127.0.0.1:${port[scoring]} --backend_timeout="$2" \
    --cache_capacity=0
  "$bin/dyadscope-health-probe" --address=127.0.0.1:${port[$1]} --wait=60s >/dev/null
}
for name in events security_risk scoring; do
  "$bin/dyadscope-health-probe" --address=127.0.0.1:${port[$name]} --wait=120s >/dev/null
done

# (1) A slow backend.
start_econ slow_economics "--testonly_fault=SummarizeIndicators=delay:30s"
gateway gateway_slow 2s
t0=$(date +%s)
"$bin/dyadscope" assess PAK CHN --json --timeout=60s \
  --gateway=127.0.0.1:${port[gateway_slow]} >"$work/slow.json"
elapsed=$(( $(date +%s) - t0 ))
if [ "$elapsed" -lt 20 ] && assessment x "a.get('provisional', False) and any(b.get('backend') == 'BACKEND_ECONOMICS' and not b.get('available', False) for b in a['backends'])" "$work/slow.json"; then
  ok "slow economics: answered in ${elapsed} s (delay 30 s, timeout 2 s), provisional, economics unavailable"
else
  fail "slow economics: ${elapsed} s"
fi
kill "${pid[slow_economics]}" "${pid[gateway_slow]}"
wait "${pid[slow_economics]}" "${pid[gateway_slow]}" 2>/dev/null || true
unset 'pid[slow_economics]' 'pid[gateway_slow]'

# (2) A backend killed and restarted under load.
start_econ economics
gateway gateway 10s
g=${pid[gateway]}
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# Warm up, then note the gateway's threads and memory.
"$bin/load_client" --gateway=127.0.0.1:${port[gateway]} --events=127.0.0.1:${port[events]} \
  --concurrency=16 --duration=5s --write_percent=0 >/dev/null
threads_before=$(threads "$g"); rss_before=$(rss "$g")
"$bin/load_client" --gateway=127.0.0.1:${port[gateway]} --events=127.0.0.1:${port[events]} \
  --concurrency=16 --duration=20s --write_percent=0 >"$work/load.txt" &
load=$!
sleep 5
kill -9 "${pid[economics]}"; wait "${pid[economics]}" 2>/dev/null || true
unset 'pid[economics]'
sleep 6
start_econ economics_again
if wait "$load"; then
  ok "every gateway call OK while economics was killed and restarted"
else
  fail "gateway calls failed while economics was down"; cat "$work/load.txt"
fi
grep -E "Count|Requests/sec|\[" "$work/load.txt" | sed 's/^/     /'
"$bin/dyadscope" assess PAK CHN --json --timeout=60s \
  --gateway=127.0.0.1:${port[gateway]} >"$work/after.json"
if assessment x "not a.get('provisional', False)" "$work/after.json"; then
  ok "the gateway recovered without a restart: the assessment is complete again"
else
  fail "the gateway still reports a backend down after economics came back"
fi
threads_after=$(threads "$g"); rss_after=$(rss "$g")
echo "     gateway threads $threads_before -> $threads_after, RSS $rss_before -> $rss_after kB"
if [ "$threads_after" -le $(( threads_before + 8 )) ] && \
   [ "$rss_after" -le $(( rss_before + 65536 )) ]; then
  ok "gateway threads and memory bounded"
else
  fail "gateway threads or memory grew"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

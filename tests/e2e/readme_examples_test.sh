#!/usr/bin/env bash
# Runs, verbatim, every shell block of README.md marked
# `<!-- example: SERVICE -->` against a real SERVICE binary (started on a free
# port; the block's default port is replaced by it), from the source folder,
# and checks that every command succeeds and prints something.
# Usage: readme_examples_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin_dir=$2
cd "$src"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
declare -A default_port=([gateway]=50050 [events]=50051 [economics]=50052 [security_risk]=50053 [scoring]=50054)

# Extract the marked blocks: one file per block, named after its service.
/usr/bin/python3 - "$work" <<'PY'
import re, sys
text = open("README.md").read()
for n, m in enumerate(re.finditer(r"<!-- example: (\w+) -->\n```sh\n(.*?)```", text, re.S)):
    open(f"{sys.argv[1]}/{n:02d}-{m.group(1)}.sh", "w").write(m.group(2))
PY

passed=0
failed=0
for block in "$work"/*.sh; do
  service=$(basename "$block" .sh | cut -d- -f2-)
  log="$work/$service.log"
  args=(--listen=127.0.0.1:0 --metrics_listen=off)
  case $service in events|economics|security_risk) args+=(--database=:memory: --seed_data=false);; esac
  : >"$log"  # exists before the fork, so the reader below never misses it
  "$bin_dir/$service" "${args[@]}" 2>"$log" &
  pids+=($!)
  port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$log" | head -n1)
    [ -n "$port" ] && break
    sleep 0.05
  done
  sed -i "s/127.0.0.1:${default_port[$service]}/127.0.0.1:$port/g" "$block"
  if out=$(bash -euo pipefail "$block" 2>&1) && [ -n "$out" ]; then
    passed=$((passed + 1)); echo "ok   $(basename "$block")"
  else
    failed=$((failed + 1)); echo "FAIL $(basename "$block")"; echo "$out" | head -20
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

#!/usr/bin/env bash
# The suite across hosts: each of the five services in a network namespace
# of its own with its own address, joined by veth pairs to a bridge that
# lives in a sixth namespace (nothing is added to the machine's own network,
# and only the addresses assigned here, in 198.18.0.0/15, are ever
# contacted). Each service gets the environment that deploy/compose.yaml
# gives it (sqlite profile, as `docker-compose config` resolves it) plus the
# image's own (listen on 0.0.0.0:50051, metrics on :51051), and finds the
# others by name through /etc/netns/<ns>/hosts, as compose's DNS would
# serve them. From a client namespace, `dyadscope assess PAK CHN` through
# the gateway must return both phases scored, with every backend reached.
# Needs root (or sudo) for `ip netns`. Usage: multihost_test.sh SOURCE BIN
set -euo pipefail
src=$1
bin=$2
cd "$src"
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo -n); fi
work=$(mktemp -d)
chmod 755 "$work"
tag="dys$$"
net=198.18.$(( $$ % 200 + 20 ))
declare -A addr=([events]=$net.2 [economics]=$net.3 [security_risk]=$net.4
                 [scoring]=$net.5 [gateway]=$net.6 [client]=$net.9)
hosts=(events economics security_risk scoring gateway client)
pids=()

cleanup() {
  for p in "${pids[@]}"; do "${sudo[@]}" kill "$p" 2>/dev/null || true; done
  # Whatever still runs in a host's namespace (a background `ns` call is a
  # subshell, so its $! is not the service's pid): ended before the
  # namespace goes, so no service outlives the test.
  for h in "${hosts[@]}"; do
    for p in $("${sudo[@]}" ip netns pids "$tag-$h" 2>/dev/null); do
      "${sudo[@]}" kill "$p" 2>/dev/null || true
    done
  done
  sleep 0.2
  for h in "${hosts[@]}" br; do
    "${sudo[@]}" ip netns del "$tag-$h" 2>/dev/null || true
    "${sudo[@]}" rm -rf "/etc/netns/$tag-$h"
  done
  rm -rf "$work"
}
trap cleanup EXIT
ns() { local n=$1; shift; "${sudo[@]}" ip netns exec "$tag-$n" "$@"; }

# The network: a bridge in its own namespace, one veth pair per host.
"${sudo[@]}" ip netns add "$tag-br"
ns br ip link add br0 type bridge
ns br ip link set br0 up
ns br ip link set lo up
for h in "${hosts[@]}"; do
  "${sudo[@]}" ip netns add "$tag-$h"
  # Interface names stay within 15 characters.
  a="v$$${h:0:3}a"; b="v$$${h:0:3}b"
  "${sudo[@]}" ip link add "$a" type veth peer name "$b"
  "${sudo[@]}" ip link set "$a" netns "$tag-$h"
  "${sudo[@]}" ip link set "$b" netns "$tag-br"
  ns br ip link set "$b" master br0
  ns br ip link set "$b" up
  ns "$h" ip link set lo up
  ns "$h" ip link set "$a" name eth0
  ns "$h" ip addr add "${addr[$h]}/24" dev eth0
  ns "$h" ip link set eth0 up
  # Names as compose's DNS gives them, through the namespace's /etc/hosts.
  "${sudo[@]}" mkdir -p "/etc/netns/$tag-$h"
  {
    echo "127.0.0.1 localhost"
    for other in "${hosts[@]}"; do echo "${addr[$other]} $other"; done
  } | "${sudo[@]}" tee "/etc/netns/$tag-$h/hosts" >/dev/null
done

# Each service's environment from the compose file (sqlite profile).
COMPOSE_PROFILES=sqlite docker-compose -f deploy/compose.yaml config >"$work/compose.yaml"
/usr/bin/python3 - "$work" <<'PY'
import sys, yaml
work = sys.argv[1]
conf = yaml.safe_load(open(f"{work}/compose.yaml"))
for name, s in conf["services"].items():
    if s.get("profiles") and "sqlite" not in s["profiles"]:
        continue
    svc = name.split("-")[0]
    env = dict(s.get("environment") or {})
    # The image's own environment (deploy/Containerfile).
    env.setdefault("DYADSCOPE_LISTEN", "0.0.0.0:50051")
    env.setdefault("DYADSCOPE_METRICS_LISTEN", "0.0.0.0:51051")
    # The volume the image mounts at /var/lib/dyadscope is a folder here.
    for k, v in env.items():
        env[k] = str(v).replace("/var/lib/dyadscope", f"{work}/{svc}")
    with open(f"{work}/{svc}.env", "w") as f:
        for k, v in sorted(env.items()):
            f.write(f"{k}={v}\n")
PY

for svc in events economics security_risk scoring gateway; do
  mkdir -p "$work/$svc"
  chmod 777 "$work/$svc"
  : >"$work/$svc.log"
  # shellcheck disable=SC2046
  "${sudo[@]}" ip netns exec "$tag-$svc" env -i PATH=/usr/bin:/bin \
    "TSAN_OPTIONS=${TSAN_OPTIONS:-}" $(cat "$work/$svc.env") "$bin/$svc" >"$work/$svc.log" 2>&1 &
  pids+=($!)
done

status=0
for svc in events economics security_risk scoring gateway; do
  if ! ns client "$bin/dyadscope-health-probe" --address="$svc:50051" --wait=$(( 120 * ${DYADSCOPE_TEST_TIME_SCALE:-1} ))s >/dev/null; then
    echo "FAIL $svc at $svc:50051 (${addr[$svc]}) did not become healthy:"
    tail -n 20 "$work/$svc.log"
    status=1
  else
    echo "ok   $svc serving at $svc:50051 (${addr[$svc]}, its own namespace)"
  fi
done
[ "$status" -eq 0 ] || exit 1

# The gateway's container port (compose publishes it on the host as 50050).
if ! ns client "$bin/dyadscope" assess PAK CHN --json --timeout=120s \
    --gateway=gateway:50051 >"$work/assess.json" 2>"$work/assess.err"; then
  cat "$work/assess.err"
  echo "FAIL dyadscope assess through the gateway"
  tail -n 20 "$work/gateway.log"
  exit 1
fi
/usr/bin/python3 - "$work/assess.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["assessment"]
problems = []
if [p["period"]["name"] for p in a["periods"]] != ["consolidation", "deepening"]:
    problems.append("not the two phases")
if not all(len(p["score"]["indices"]) == 3 for p in a["periods"]):
    problems.append("indices missing")
if a.get("provisional", False):
    down = [b.get("backend") for b in a.get("backends", []) if not b.get("available", False)]
    problems.append(f"provisional: backends not reached {down}")
for p in problems:
    print("FAIL", p)
if problems:
    sys.exit(1)
print("ok   dyadscope assess PAK CHN across six namespaces: both phases scored, every backend reached")
PY

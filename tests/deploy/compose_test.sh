#!/usr/bin/env bash
# deploy/compose.yaml: Debian's docker-compose validates it under both
# profiles (sqlite, the default from deploy/.env, and postgres); then, on
# the resolved configuration, what it promises: a health check by the
# image's probe on every dyadscope service, the gateway starting after its
# four backends are healthy and published on localhost only, a named volume
# per stateful service (sqlite) or a healthy PostgreSQL first (postgres),
# the backends reachable by the names the gateway uses, and every
# DYADSCOPE_* variable naming a real flag of the binary it configures; and
# compose.auth.yaml gives the three stateful services their write tokens
# from a compose secret.
# Usage: compose_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src/deploy"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v docker-compose >/dev/null || { echo "docker-compose is needed (make deps installs it)" >&2; exit 1; }

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

for profile in sqlite postgres; do
  if COMPOSE_PROFILES=$profile docker-compose -f compose.yaml config >"$work/$profile.yaml" 2>"$work/err"; then
    ok "docker-compose validates the $profile profile"
  else
    cat "$work/err" >&2
    fail "docker-compose validates the $profile profile"
  fi
done
# With the write-token override (compose.auth.yaml).
if DYADSCOPE_TOKENS_FILE=/dev/null docker-compose -f compose.yaml -f compose.auth.yaml config \
    >"$work/auth.yaml" 2>"$work/err"; then
  ok "docker-compose validates compose.auth.yaml over compose.yaml"
else
  cat "$work/err" >&2
  fail "docker-compose validates compose.auth.yaml over compose.yaml"
fi
for b in events economics security_risk scoring gateway; do
  "$bin/$b" --helpfull >"$work/$b.flags" 2>&1 || true
done

/usr/bin/python3 - "$work" <<'PY' && ok "services, health, order, volumes and flags" || fail "services, health, order, volumes and flags"
import re, sys, yaml
work = sys.argv[1]
problems = []
flags = {b: set(re.findall(r"--([a-z_]+)", open(f"{work}/{b}.flags").read()))
         for b in ["events", "economics", "security_risk", "scoring", "gateway"]}
for profile in ["sqlite", "postgres"]:
    conf = yaml.safe_load(open(f"{work}/{profile}.yaml"))
    services = conf["services"]
    active = {n: s for n, s in services.items()
              if not s.get("profiles") or profile in s["profiles"]}
    def binary(name):
        return name.split("-")[0]
    backends = {}
    for name, s in active.items():
        if name == "postgres":
            continue
        b = binary(name)
        hc = s.get("healthcheck", {}).get("test", [])
        if "/usr/local/bin/dyadscope-health-probe" not in hc:
            problems.append(f"{profile}: {name} has no health check by the probe")
        if not s.get("read_only") or "ALL" not in s.get("cap_drop", []):
            problems.append(f"{profile}: {name} is not read-only with capabilities dropped")
        env = s.get("environment") or {}
        for key in env:
            m = re.fullmatch(r"DYADSCOPE_([A-Z_]+)", key)
            if m and m.group(1).lower() not in flags[b]:
                problems.append(f"{profile}: {name} sets {key}, but {b} has no --{m.group(1).lower()}")
        aliases = ((s.get("networks") or {}).get("default") or {}).get("aliases") or []
        if b in ("events", "economics", "security_risk"):
            if b not in aliases:
                problems.append(f"{profile}: {name} is not reachable as {b}")
            backends[b] = name
            db = env.get("DYADSCOPE_DATABASE", "")
            if profile == "sqlite":
                vols = s.get("volumes") or []
                named = [v for v in vols if (v.get("source") if isinstance(v, dict) else v.split(":")[0]) in conf.get("volumes", {})]
                if not named or not db.startswith("/var/lib/dyadscope/"):
                    problems.append(f"sqlite: {name} keeps its store outside a named volume")
            else:
                if not db.startswith("postgresql://") or "@postgres:5432/" not in db:
                    problems.append(f"postgres: {name} is not on the postgres service")
                if (s.get("depends_on") or {}).get("postgres", {}).get("condition") != "service_healthy":
                    problems.append(f"postgres: {name} does not wait for a healthy PostgreSQL")
    gateways = [n for n in active if binary(n) == "gateway"]
    if len(gateways) != 1:
        problems.append(f"{profile}: {len(gateways)} gateways")
        continue
    g = active[gateways[0]]
    deps = g.get("depends_on") or {}
    for b, name in list(backends.items()) + [("scoring", "scoring")]:
        if deps.get(name, {}).get("condition") != "service_healthy":
            problems.append(f"{profile}: the gateway does not wait for a healthy {name}")
    env = g.get("environment") or {}
    for b in ["events", "economics", "security_risk", "scoring"]:
        if env.get(f"DYADSCOPE_{b.upper()}_ADDRESS") != f"{b}:50051":
            problems.append(f"{profile}: the gateway does not call {b} by name")
    for p in g.get("ports", []):
        ip = p.get("host_ip") if isinstance(p, dict) else str(p).split(":")[0]
        if ip != "127.0.0.1":
            problems.append(f"{profile}: the gateway is published beyond localhost ({p})")
    if not g.get("ports"):
        problems.append(f"{profile}: the gateway is not published")
auth = yaml.safe_load(open(f"{work}/auth.yaml"))
if "dyadscope_tokens" not in (auth.get("secrets") or {}):
    problems.append("auth: no dyadscope_tokens secret")
for name, s in auth["services"].items():
    b = name.split("-")[0]
    env = s.get("environment") or {}
    stateful = b in ("events", "economics", "security_risk")
    reads = env.get("DYADSCOPE_AUTH_TOKEN_FILE") == "/run/secrets/dyadscope_tokens" and \
        any((x.get("source") if isinstance(x, dict) else x) == "dyadscope_tokens"
            for x in s.get("secrets") or [])
    if stateful and not reads:
        problems.append(f"auth: {name} does not read its write tokens from the secret")
    if stateful and "auth_token_file" not in flags[b]:
        problems.append(f"auth: {b} has no --auth_token_file")
    if stateful and not env.get("DYADSCOPE_DATABASE"):
        problems.append(f"auth: the override lost {name}'s DYADSCOPE_DATABASE")
for p in problems:
    print("  ", p)
sys.exit(1 if problems else 0)
PY

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

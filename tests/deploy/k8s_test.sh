#!/usr/bin/env bash
# The Kubernetes manifests: `kubectl kustomize` renders the base and every
# overlay (each component alone, and both together); every object validates
# against the Kubernetes schemas (npm kubernetes-models) and dyadscope's own
# rules (tests/deploy/validate_k8s.mjs); then what each part promises:
# headless services and round-robin addresses for the gateway, PostgreSQL
# URLs from a Secret with HPAs over several replicas, network policies
# that let only the gateway reach the backends, and (overlays/secure) write
# tokens and TLS certificates from Secrets, mutual TLS from the gateway to
# the backends and probes on the plaintext health port. A deliberately broken object
# must be rejected, so the validator is known to bite.
# Usage: k8s_test.sh SOURCE_DIR
set -euo pipefail
src=$1
cd "$src"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v kubectl >/dev/null || { echo "kubectl is needed (kubectl kustomize)" >&2; exit 1; }

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

for target in base overlays/postgres overlays/network-policy overlays/team overlays/secure; do
  out="$work/$(echo "$target" | tr / -).yaml"
  if kubectl kustomize "deploy/k8s/$target" >"$out" 2>"$work/err"; then
    ok "kustomize renders $target"
  else
    cat "$work/err" >&2
    fail "kustomize renders $target"
  fi
done

if node tests/deploy/validate_k8s.mjs "$work"/*.yaml; then
  ok "every object validates (schemas and rules)"
else
  fail "every object validates (schemas and rules)"
fi

# The validator rejects a broken Deployment (no image, a probe without a
# handler, a negative replica count, no resources).
cat >"$work/broken.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: broken}
spec:
  replicas: -1
  selector: {matchLabels: {app: broken}}
  template:
    metadata: {labels: {app: broken}}
    spec:
      containers:
        - name: broken
          readinessProbe: {periodSeconds: "often"}
YAML
if node tests/deploy/validate_k8s.mjs "$work/broken.yaml" >"$work/broken.out" 2>&1; then
  fail "a broken Deployment is rejected"
else
  ok "a broken Deployment is rejected"
fi

/usr/bin/python3 - "$work" <<'PY' && ok "components do what they promise" || fail "components do what they promise"
import sys, yaml
work = sys.argv[1]
def load(name):
    return [d for d in yaml.safe_load_all(open(f"{work}/{name}.yaml")) if d]
def by(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}
problems = []
stateful = ["events", "economics", "security-risk"]

base = load("base")
deps = by(base, "Deployment")
svcs = by(base, "Service")
cm = next(d for d in base if d["kind"] == "ConfigMap")
for name in ["events", "economics", "security-risk", "scoring"]:
    h = svcs.get(f"{name}-headless")
    if not h or h["spec"].get("clusterIP") != "None":
        problems.append(f"no headless service for {name}")
for key, name in [("EVENTS", "events"), ("ECONOMICS", "economics"),
                  ("SECURITY_RISK", "security-risk"), ("SCORING", "scoring")]:
    want = f"dns:///{name}-headless:50051"
    if cm["data"].get(f"DYADSCOPE_{key}_ADDRESS") != want:
        problems.append(f"gateway {key} address is not {want}")
for name in stateful:
    if deps[name]["spec"]["replicas"] != 1 or deps[name]["spec"]["strategy"]["type"] != "Recreate":
        problems.append(f"SQLite {name} is not a single Recreate replica")
if len(by(base, "PersistentVolumeClaim")) != 3:
    problems.append("base: not one volume claim per stateful service")

for overlay in ["overlays-postgres", "overlays-team"]:
    docs = load(overlay)
    deps = by(docs, "Deployment")
    hpas = by(docs, "HorizontalPodAutoscaler")
    if by(docs, "PersistentVolumeClaim"):
        problems.append(f"{overlay}: SQLite volume claims left")
    if "postgres" not in by(docs, "StatefulSet"):
        problems.append(f"{overlay}: no PostgreSQL StatefulSet")
    for name in stateful:
        c = deps[name]["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in c.get("env", [])}
        ref = env.get("DYADSCOPE_DATABASE", {}).get("valueFrom", {}).get("secretKeyRef")
        if not ref or not ref["name"].startswith("dyadscope-postgres"):
            problems.append(f"{overlay}: {name} does not read its URL from the Secret")
        if any(m["mountPath"] == "/var/lib/dyadscope" for m in c.get("volumeMounts", [])):
            problems.append(f"{overlay}: {name} still mounts the SQLite volume")
        h = hpas.get(name)
        if not h or h["spec"]["minReplicas"] < 2 or h["spec"]["scaleTargetRef"]["name"] != name:
            problems.append(f"{overlay}: no HPA of at least 2 replicas for {name}")
        if deps[name]["spec"]["strategy"]["type"] != "RollingUpdate":
            problems.append(f"{overlay}: {name} not rolling")

docs = load("overlays-secure")
deps = by(docs, "Deployment")
for name in stateful + ["scoring", "gateway"]:
    spec = deps[name]["spec"]["template"]["spec"]
    c = spec["containers"][0]
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    secrets = {v["name"]: v["secret"]["secretName"]
               for v in spec.get("volumes", []) if "secret" in v}
    mounts = {m["name"]: m for m in c.get("volumeMounts", [])}
    if env.get("DYADSCOPE_TLS_CERT") != "/etc/dyadscope/tls/tls.crt" or \
            secrets.get("tls") != "dyadscope-tls" or not mounts.get("tls", {}).get("readOnly"):
        problems.append(f"secure: {name} does not serve TLS from the dyadscope-tls Secret")
    if env.get("DYADSCOPE_HEALTH_LISTEN") != "0.0.0.0:50052" or any(
            c[p]["grpc"]["port"] != 50052 for p in ["readinessProbe", "livenessProbe", "startupProbe"]):
        problems.append(f"secure: {name}'s probes are not on the plaintext health port")
    backend = name != "gateway"
    if backend and env.get("DYADSCOPE_TLS_CLIENT_CA") != "/etc/dyadscope/tls/ca.crt":
        problems.append(f"secure: {name} does not require client certificates")
    if name in stateful and (env.get("DYADSCOPE_AUTH_TOKEN_FILE") != "/etc/dyadscope/auth/tokens"
                             or secrets.get("auth-tokens") != "dyadscope-tokens"):
        problems.append(f"secure: {name} does not read write tokens from the Secret")
gw = {e["name"]: e.get("value") for e in deps["gateway"]["spec"]["template"]["spec"]["containers"][0]["env"]}
if not all(gw.get(f"DYADSCOPE_BACKEND_TLS_{k}") for k in ["CA", "CERT", "KEY"]):
    problems.append("secure: the gateway does not present a client certificate to the backends")

for overlay in ["overlays-network-policy", "overlays-team", "overlays-secure"]:
    docs = load(overlay)
    pols = by(docs, "NetworkPolicy")
    back = pols.get("dyadscope-backends")
    if not back:
        problems.append(f"{overlay}: no backend policy")
        continue
    grpc_rules = [r for r in back["spec"]["ingress"]
                  if any(p["port"] == 50051 for p in r.get("ports", []))]
    sources = [f for r in grpc_rules for f in r.get("from", [])]
    if not sources or any(f.get("podSelector", {}).get("matchLabels") !=
                          {"app.kubernetes.io/name": "gateway"} for f in sources):
        problems.append(f"{overlay}: backends' gRPC port is open beyond the gateway")
    labels = {d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"]
              for d in by(docs, "Deployment").values()}
    for name in stateful + ["scoring"]:
        if labels[name].get("app.kubernetes.io/component") != "backend":
            problems.append(f"{overlay}: {name} is not selected as a backend")
    if labels["gateway"].get("app.kubernetes.io/component") == "backend":
        problems.append(f"{overlay}: the gateway is fenced in as a backend")
for p in problems:
    print("  ", p)
sys.exit(1 if problems else 0)
PY

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

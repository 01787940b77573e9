#!/usr/bin/env bash
# deploy/Containerfile's structure (the image itself is built by `make
# image`, too slow for `make test`): a Debian 12 build stage with the -dev
# packages the project needs, a runtime stage without any, running as a
# numeric non-root user, with the gRPC and metrics ports exposed, an
# exec-form entrypoint, the health-check client and the embedded data; and
# its runtime packages provide every shared library the built binaries load
# (ldd → dpkg -S, against the dependency closure of the listed packages).
# Usage: containerfile_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for b in events economics security_risk scoring gateway dyadscope-health-probe; do
  # A sanitized build (-DDYADSCOPE_SANITIZE) also needs its sanitizer
  # runtime, which no image ships: leave it out.
  ldd "$bin/$b" | awk '$3 ~ /^\// && $1 !~ /^lib(t|a|ub)san\.so/ {print $3}'
done | sort -u | while read -r lib; do
  real=$(readlink -f "$lib")
  for path in "$lib" "$real" "${lib#/usr}" "/usr$lib" "${real#/usr}" "/usr$real"; do
    if owner=$(dpkg -S "$path" 2>/dev/null); then echo "${owner%%:*} $lib"; break; fi
  done
done >"$work/needed"

/usr/bin/python3 - deploy/Containerfile scripts/deps.sh "$work/needed" <<'PY'
import json, re, subprocess, sys
text = open(sys.argv[1]).read()
deps_sh = open(sys.argv[2]).read()
needed = [l.split() for l in open(sys.argv[3]) if l.strip()]
problems = []
checks = 0

def check(cond, what):
    global checks
    checks += 1
    if not cond:
        problems.append(what)

# Join continuation lines, drop comments.
lines = []
for raw in re.sub(r"\\\n", " ", text).splitlines():
    if raw.strip() and not raw.lstrip().startswith("#"):
        lines.append(raw.strip())
stages = []
for line in lines:
    word = line.split()[0].upper()
    if word == "FROM":
        stages.append([])
    if stages:
        stages[-1].append(line)
check(len(stages) >= 2, "not multi-stage")
build, runtime = stages[0], stages[-1]
check(re.search(r"ARG BASE_IMAGE=\S*debian:12", text) is not None, "base is not Debian 12")

def installed(stage):
    pkgs = set()
    for line in stage:
        m = re.search(r"apt-get install[^&]*", line)
        if m:
            pkgs |= {w for w in m.group(0).split() if not w.startswith("-") and w not in ("apt-get", "install", "DEBIAN_FRONTEND=noninteractive")}
    return pkgs
build_pkgs, runtime_pkgs = installed(build), installed(runtime)
dev_needed = {w for w in re.findall(r"\b(lib[\w+.-]*-dev|prometheus-cpp-dev|protobuf-compiler(?:-grpc)?|cmake|ninja-build|build-essential)\b", deps_sh)}
dev_needed -= {p for p in dev_needed if p.startswith("libclang-rt")}  # fuzzing only
check(not (dev_needed - build_pkgs), f"build stage lacks {sorted(dev_needed - build_pkgs)}")
check(not any(p.endswith("-dev") or p in ("build-essential", "cmake") for p in runtime_pkgs),
      f"runtime stage installs build tools: {sorted(p for p in runtime_pkgs if p.endswith('-dev'))}")

user = [l.split()[1] for l in runtime if l.upper().startswith("USER ")]
check(user and re.fullmatch(r"[1-9]\d*(:\d+)?", user[-1]) is not None, f"runtime user is not a numeric non-root id: {user}")
exposed = {p for l in runtime if l.upper().startswith("EXPOSE ") for p in l.split()[1:]}
check({"50051", "51051"} <= exposed, f"ports not exposed: {exposed}")
entry = [l[len("ENTRYPOINT"):].strip() for l in runtime if l.upper().startswith("ENTRYPOINT")]
try:
    form = json.loads(entry[-1]) if entry else None
except ValueError:
    form = None
check(isinstance(form, list) and form, f"entrypoint is not exec form: {entry}")
health = [l for l in runtime if l.upper().startswith("HEALTHCHECK")]
check(health and "dyadscope-health-probe" in health[-1] and "CMD [" in health[-1], "no exec-form health check by the probe")
copies = " ".join(l for l in runtime if l.upper().startswith("COPY"))
check("dyadscope-health-probe" in copies, "the probe is not copied in")
check(re.search(r"COPY\s+data\s", copies + " ") is not None, "the embedded data is not copied in")
check(re.search(r"case \"\$\{SERVICE\}\" in", text) is not None, "SERVICE is not checked")

# Every library the binaries load comes from a listed runtime package or
# from one of their dependencies.
closure = set(runtime_pkgs)
out = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                      "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances",
                      *sorted(runtime_pkgs)], capture_output=True, text=True).stdout
for line in out.splitlines():
    m = re.match(r"\s*(?:\|)?(?:Pre)?Depends: <?([^>\s]+)>?", line)
    if m:
        closure.add(m.group(1).split(":")[0])
    elif line and not line.startswith(" "):
        closure.add(line.strip().split(":")[0])
essential = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
for pkg, lib in needed:
    check(pkg in closure or pkg in essential, f"{lib} ({pkg}) is not provided by the runtime stage")
print(f"{checks} checks, {len(needed)} libraries")
for p in problems:
    print("FAIL", p)
sys.exit(1 if problems else 0)
PY

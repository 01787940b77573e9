#!/usr/bin/env bash
# Installs what dyadscope needs on Debian 12, only what is missing:
# Debian packages (apt-get update first, sudo when not root) and the npm tools
# into tools/node_modules (never globally). Idempotent; takes a second or two
# when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev prometheus-cpp-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql zlib1g-dev zip gzip
  docker-compose python3-yaml iproute2 clang libclang-rt-14-dev
  python3 python3-grpcio python3-grpc-tools python3-protobuf
  clang-format clang-tidy
)
# Node.js and npm may come from another Debian-format build of Node (whose
# nodejs package includes npm and conflicts with Debian's npm package): ask
# for Debian's only when the commands are missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "deps: installing Debian packages: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm tools: reinstall only when missing or when the lock file changed.
stamp=tools/node_modules/.dyadscope-installed
if [ ! -x tools/node_modules/.bin/buf ] || [ ! -f "$stamp" ] || [ tools/package-lock.json -nt "$stamp" ]; then
  echo "deps: installing npm tools into tools/node_modules"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets (the file importers, and request
# validation of every RPC) with clang, libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (build-fuzz/), then fuzzes
# each for FUZZ_SECONDS (60 by default), starting from its committed seed
# corpus; new interesting inputs go to build-fuzz/corpus/<target>. Prints
# the executions per target; exits 1 when a target crashes (the input is
# kept in build-fuzz/). Installs clang and libclang-rt-14-dev when missing.
# `make test` runs it for 5 s a target (test fuzz_short).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g -O1"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DDYADSCOPE_FUZZ=ON >/dev/null
targets=(gdelt economics_importers incident_importers events_importers rpc_requests)
cmake --build build-fuzz --target "${targets[@]/%/_fuzz}"
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  log="build-fuzz/$t.log"
  if build-fuzz/tests/fuzz/${t}_fuzz -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="build-fuzz/$t-" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "ok   $t: $execs executions in ${seconds} s, no crash"
  else
    echo "FAIL $t: the fuzzer found a crash (input saved as build-fuzz/$t-*):"
    grep -E "ERROR|SUMMARY|==[0-9]+==" "$log" | head -n 20
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# `make lint` as a test, so CI keeps the contracts and the C++ formatting
# clean: buf lint (STANDARD + COMMENTS) and clang-format (Google style).
# Usage: lint_test.sh SOURCE_DIR BUF
set -euo pipefail
cd "$1"
"$2" lint
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t sources < <(git ls-files --cached --others --exclude-standard '*.cc' '*.h')
else
  mapfile -t sources < <(find common services tests cli bench -name '*.cc' -o -name '*.h' 2>/dev/null)
fi
clang-format --dry-run -Werror "${sources[@]}"
echo "lint clean: buf lint and clang-format over ${#sources[@]} files"

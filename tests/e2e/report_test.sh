#!/usr/bin/env bash
# The HTML report end to end: the five real binaries on free loopback ports
# with SQLite files and the embedded data, `dyadscope report PAK CHN`, then
# (a) the file is checked with Python's html.parser: at least six
# <svg class="chart"> elements, each with a data-bearing element
# (class="data"), no script and no external resource other than <a href>
# links; (b) it is opened in headless Chromium (Debian's `chromium`, installed
# here when missing) and a screenshot is taken, which must be over 10 kB.
# Usage: report_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
src=$1
bin=$2
cd "$src"
source "$src/tests/e2e/lib.sh"
e2e_setup
start_suite 20s

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

report=$work/report.html
if "$bin/dyadscope" report PAK CHN --out="$report" \
    --gateway=127.0.0.1:${port[gateway]} --events=127.0.0.1:${port[events]} \
    --economics=127.0.0.1:${port[economics]} \
    --security_risk=127.0.0.1:${port[security_risk]} >"$work/report.out" 2>&1 \
    && [ -s "$report" ]; then
  ok "dyadscope report writes the file"
else
  cat "$work/report.out" >&2
  fail "dyadscope report writes the file"
fi

# (a) Structure: charts with data, nothing fetched from the network.
if [ -s "$report" ] && /usr/bin/python3 - "$report" <<'PY'
import re, sys
from html.parser import HTMLParser

class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts = []      # [id, data elements]
        self.depth = 0        # svg nesting inside the current chart
        self.problems = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get('class') or '').split()
        if tag == 'svg':
            if self.depth == 0 and 'chart' in classes:
                self.charts.append([a.get('id', '?'), 0])
                self.depth = 1
            elif self.depth:
                self.depth += 1
        elif self.depth and 'data' in classes:
            self.charts[-1][1] += 1
        if tag == 'script':
            self.problems.append('a <script> element')
        if tag in ('link', 'img', 'iframe', 'object', 'embed', 'source', 'audio', 'video', 'image', 'use'):
            for k in ('src', 'href', 'xlink:href', 'data', 'srcset'):
                if a.get(k) and re.match(r'\s*(https?:)?//', a[k]):
                    self.problems.append(f'<{tag} {k}="{a[k]}">')
        for k, v in attrs:
            if k == 'src' and v and re.match(r'\s*(https?:)?//', v):
                self.problems.append(f'<{tag} src="{v}">')
            if k == 'style' and v and re.search(r'url\(\s*[\'"]?\s*(https?:)?//', v):
                self.problems.append(f'<{tag} style with url()>')
    def handle_endtag(self, tag):
        if tag == 'svg' and self.depth:
            self.depth -= 1
    def handle_data(self, data):
        if re.search(r'@import|url\(\s*[\'"]?\s*(https?:)?//', data):
            self.problems.append('CSS fetching a URL')

c = Check()
c.feed(open(sys.argv[1], encoding='utf-8').read())
bad = False
if len(c.charts) < 6:
    print(f'only {len(c.charts)} <svg class="chart"> elements', file=sys.stderr); bad = True
for chart_id, n in c.charts:
    print(f'  {chart_id}: {n} data elements')
    if n == 0:
        print(f'{chart_id} has no class="data" element', file=sys.stderr); bad = True
for p in c.problems:
    print(f'external resource or script: {p}', file=sys.stderr); bad = True
sys.exit(1 if bad else 0)
PY
then
  ok "at least six charts, each with data, no script or external resource"
else
  fail "at least six charts, each with data, no script or external resource"
fi

# (b) Headless Chromium renders it.
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$work/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$work/apt.log" 2>&1 || true
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >>"$work/apt.log" 2>&1 || tail -n 20 "$work/apt.log" >&2
  fi
fi
if [ -x /usr/bin/chromium ]; then
  ok "chromium is installed"
  profile=$(mktemp -d)
  timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --window-size=1280,4000 \
    --screenshot="$work/report.png" "file://$report" >"$work/chromium.log" 2>&1 || true
  rm -rf "$profile"
  size=$(stat -c %s "$work/report.png" 2>/dev/null || echo 0)
  if [ "$size" -gt 10240 ]; then
    ok "headless Chromium screenshot ($size bytes)"
    if [ -n "${REPORT_TEST_KEEP:-}" ]; then cp "$report" "$work/report.png" "$REPORT_TEST_KEEP/"; fi
  else
    tail -n 20 "$work/chromium.log" >&2
    fail "headless Chromium screenshot ($size bytes)"
  fi
else
  fail "chromium is installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

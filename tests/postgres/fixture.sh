#!/usr/bin/env bash
# The throwaway PostgreSQL server that `make test` shares between the store
# conformance suites (CTest fixture "postgres"): Debian's postgresql package,
# initdb and pg_ctl as the `postgres` user when run as root, a private
# folder under /tmp, a free loopback port, no fsync (the data is thrown
# away). Tests that stop or restart a server start their own instead.
#
# Usage: fixture.sh start STATE_DIR   writes STATE_DIR/url and STATE_DIR/data_dir
#        fixture.sh stop STATE_DIR    stops the server, removes its folder
set -euo pipefail
action=$1
state=$2

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
  start)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL is not installed (Debian package postgresql; make deps installs it)" >&2
      exit 1
    fi
    if [ -f "$state/data_dir" ]; then "$0" stop "$state" || true; fi
    mkdir -p "$state"
    dir=$(mktemp -d /tmp/dyadscope-test-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    echo "$dir" >"$state/data_dir"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$bin" >"$state/bin_dir"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    [ -f "$state/data_dir" ] || exit 0
    dir=$(cat "$state/data_dir")
    bin=$(cat "$state/bin_dir" 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
    if [ -d "$dir/data" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case $dir in /tmp/dyadscope-test-pg.*) rm -rf "$dir" ;; esac
    rm -f "$state/data_dir" "$state/url" "$state/bin_dir"
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac

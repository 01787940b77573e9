#!/usr/bin/env bash
# Smoke test of the built images (`make image` first; `make image-test`):
# for each localhost/dyadscope-<service> image, mount it (podman image
# mount), run its entrypoint under chroot as the image's user, with the
# image's environment and working folder (a private writable folder bound
# over /var/lib/dyadscope, /dev and /proc from the host, a free loopback
# port), and ask the image's own dyadscope-health-probe for SERVING.
# Prints each image's size. Needs root (chroot, mounts).
set -euo pipefail
services=("$@")
if ((${#services[@]} == 0)); then
  services=(events economics security_risk scoring gateway)
fi
[ "$(id -u)" -eq 0 ] || { echo "run as root (chroot and mounts)" >&2; exit 1; }

passed=0
failed=0
for service in "${services[@]}"; do
  image="localhost/dyadscope-$service:latest"
  if ! podman image exists "$image"; then
    echo "FAIL $image does not exist (make image)"; failed=$((failed + 1)); continue
  fi
  mnt=$(podman image mount "$image")
  run=$(mktemp -d /tmp/dyadscope-smoke.XXXXXX)
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  user=$(podman image inspect --format '{{.Config.User}}' "$image")
  workdir=$(podman image inspect --format '{{.Config.WorkingDir}}' "$image")
  mapfile -t env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed '/^$/d')
  entry=$(podman image inspect --format '{{index .Config.Entrypoint 0}}' "$image")
  chown "${user%%:*}" "$run"
  # A private mount namespace: the binds vanish with the process.
  unshare --mount --propagation private sh -c '
    mnt=$1; run=$2; shift 2
    mount --bind /dev "$mnt/dev" && mount --bind /proc "$mnt/proc" &&
    mount --bind "$run" "$mnt/var/lib/dyadscope" && exec "$@"' sh "$mnt" "$run" \
    env -i "${env[@]}" DYADSCOPE_LISTEN="127.0.0.1:$port" \
      DYADSCOPE_METRICS_LISTEN="127.0.0.1:$mport" \
      chroot --userspec="$user" "$mnt" sh -c "cd '$workdir' && exec '$entry'" \
    >"$run.log" 2>&1 &
  pid=$!
  # The image's own probe, as its HEALTHCHECK runs it.
  if chroot --userspec="$user" "$mnt" /usr/local/bin/dyadscope-health-probe \
       --address="127.0.0.1:$port" --wait=120s >/dev/null 2>&1; then
    size=$(podman image inspect --format '{{.Size}}' "$image")
    echo "ok   $image: $entry as $user answers SERVING ($((size / 1000000)) MB)"
    passed=$((passed + 1))
  else
    echo "FAIL $image did not become healthy:"; tail -n 15 "$run.log"
    failed=$((failed + 1))
  fi
  kill "$pid" 2>/dev/null || true
  pkill -f "chroot --userspec=$user $mnt" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  podman image unmount "$image" >/dev/null || true
  rm -rf "$run" "$run.log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

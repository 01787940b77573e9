#!/usr/bin/env bash
# Builds the five service images with podman (`make image`):
#   localhost/dyadscope-{events,economics,security_risk,scoring,gateway}:latest
# from deploy/Containerfile, with --isolation chroot (no container runtime
# needed). The Debian 12 base is localhost/debian:12; when it is missing it
# is made here with debootstrap from the machine's own Debian mirror.
# Installs podman and debootstrap when missing. Prints each image's size and
# the build time. Usage: scripts/image.sh [SERVICE...]
set -euo pipefail
cd "$(dirname "$0")/.."

services=("$@")
if ((${#services[@]} == 0)); then
  services=(events economics security_risk scoring gateway)
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

missing=()
for p in podman debootstrap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "image: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

base=localhost/debian:12
if ! podman image exists "$base"; then
  # The machine's Debian mirror (deb822 or one-line sources).
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  if [ -z "$mirror" ]; then
    mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\?\(http[^ ]*\/debian\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
  fi
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d /tmp/dyadscope-rootfs.XXXXXX)
  trap '"${sudo[@]}" rm -rf "$rootfs"' EXIT
  echo "image: making $base with debootstrap from $mirror"
  "${sudo[@]}" debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -n 30 "$rootfs.log" >&2; exit 1; }
  # The security suite as in the official image, and no apt caches.
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
    "$mirror" "$mirror" "$mirror" | "${sudo[@]}" tee "$rootfs/etc/apt/sources.list" >/dev/null
  "${sudo[@]}" rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  "${sudo[@]}" tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
  rm -f "$rootfs.log"
  "${sudo[@]}" rm -rf "$rootfs"
  trap - EXIT
fi

# One snapshot of the source tree (tracked and new files, as git sees
# them) is the build context of all five images, so that the shared build
# stage is built once and cached, whatever changes in the tree meanwhile.
context=$(mktemp -d /tmp/dyadscope-context.XXXXXX)
trap 'rm -rf "$context"' EXIT
git ls-files -z --cached --others --exclude-standard \
  | tar --null -T - -cf - | tar -xf - -C "$context"

start=$(date +%s)
for service in "${services[@]}"; do
  t=$(date +%s)
  echo "image: building localhost/dyadscope-$service"
  podman build --isolation chroot --layers \
    --build-arg BASE_IMAGE="$base" --build-arg SERVICE="$service" \
    -f "$context/deploy/Containerfile" -t "localhost/dyadscope-$service:latest" "$context"
  echo "image: localhost/dyadscope-$service built in $(( $(date +%s) - t )) s"
done
echo
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'dyadscope-|debian:12'
echo "image: all built in $(( $(date +%s) - start )) s"

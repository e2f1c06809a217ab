#!/usr/bin/env bash
# Builds a Node 20 base image without any image registry, for machines that cannot pull
# node:20-bookworm-slim: Debian bookworm's minimal system (debootstrap --variant=minbase), this
# machine's own `node`, npm and Node headers under /usr/local (where the official image keeps them),
# and this machine's CA bundle (NODE_EXTRA_CA_CERTS and npm's cafile point at it), imported as TAG.
# Then: docker build --network host --build-arg NODE_IMAGE=TAG -t ai-trader-server .
#
# Usage: scripts/local-base-image.sh TAG     (as root, with debootstrap and a running Docker daemon)
# Env:   DEBIAN_MIRROR (default http://deb.debian.org/debian), DOCKER (default docker)
set -euo pipefail

tag="${1:?usage: $0 TAG}"
docker_cli="${DOCKER:-docker}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ca_bundle=/etc/ssl/certs/ca-certificates.crt

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
node_headers="$(dirname "$(dirname "$node_bin")")/include/node"
for needed in "$node_bin" "$npm_dir/bin/npm-cli.js" "$node_headers/node.h" "$ca_bundle"; do
  [ -e "$needed" ] || { echo "local-base-image: $needed not found" >&2; exit 1; }
done
command -v debootstrap >/dev/null || { echo "local-base-image: debootstrap is not installed" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ai-trader-base.XXXXXX")"
rootfs="$work/rootfs"
cleanup() {
  # debootstrap mounts /proc and /sys inside the tree while it works; never delete through a mount.
  if [ -d "$rootfs" ]; then
    awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "local-base-image: debootstrap --variant=minbase bookworm ($mirror)"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
}

echo "local-base-image: node $("$node_bin" --version), npm $("$node_bin" "$npm_dir/bin/npm-cli.js" --version), headers, CA bundle"
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
cp -a "$node_headers" "$rootfs/usr/local/include/node"
install -D -m 0644 "$ca_bundle" "$rootfs$ca_bundle"
# npm's global config for a node in /usr/local: the CA bundle, and headers from here rather than a download.
mkdir -p "$rootfs/usr/local/etc"
printf 'cafile=%s\nnodedir=/usr/local\nupdate-notifier=false\nfund=false\naudit=false\n' "$ca_bundle" \
  >"$rootfs/usr/local/etc/npmrc"

# Slim, as Debian's -slim images are: no documentation, manual pages or translations, now or later.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
rm -f "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*

echo "local-base-image: importing as $tag"
tar --numeric-owner -C "$rootfs" -c . | "$docker_cli" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_EXTRA_CA_CERTS=$ca_bundle" \
  --change 'CMD ["node"]' \
  --message "bookworm minbase + node $("$node_bin" --version) (scripts/local-base-image.sh)" \
  - "$tag" >/dev/null
echo "local-base-image: $tag ($("$docker_cli" image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1e6 }'))"

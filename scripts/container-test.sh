#!/usr/bin/env bash
# npm run test:container: the image and the compose stack, tested for real in Docker.
#
#   1. tools    docker, dockerd, debootstrap and Compose; Debian's docker.io, debootstrap and
#               docker-compose are installed with apt-get when missing
#   2. daemon   the one DOCKER_HOST (or /var/run/docker.sock) answers; else one of our own:
#               dockerd --bridge=none --iptables=false, its images kept in ~/.cache/ai-trader-container
#               (AI_TRADER_CONTAINER_CACHE), its sockets in a temporary folder, stopped at the end
#   3. base     a Node 20 image with no registry (scripts/local-base-image.sh), made once and kept in
#               that cache; CONTAINER_BASE_IMAGE=node:20-bookworm-slim uses a pulled one instead
#   4. checks   test/container/run-checks.ts: the image, one container on SQLite, the compose stack
#               on PostgreSQL (CONTAINER_POSTGRES_IMAGE=postgres:16-bookworm uses a pulled one)
#
# Exits 0 when every check passed, or when Docker cannot be had here (no apt-get to install it, no
# daemon that starts): then it says why, as "SKIPPED - <reason>". Exits 1 when a check failed.
# CONTAINER_REPORT=<file> also writes the counts scripts/test-summary.mjs adds to CI's closing line.
# Whatever it started (containers, volumes, the daemon) is stopped and removed on any exit.
set -uo pipefail
cd "$(dirname "$0")/.."

CACHE="${AI_TRADER_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ai-trader-container}"
REPORT="${CONTAINER_REPORT:-}"
daemon_pid=""
run_dir=""
policy_added=""
checks_pid=""
apt_updated=""

say() { echo "container: $*"; }

write_report() { # passed failed skipped [reason]
  [ -n "$REPORT" ] || return 0
  node -e 'const [p, f, s, r] = process.argv.slice(1); console.log(JSON.stringify({
      numPassedTests: +p, numFailedTests: +f, numPendingTests: +s, ...(r ? { skipReason: r } : {}) }))' \
    "$1" "$2" "$3" "${4:-}" >"$REPORT"
}

skip() {
  echo "container test: SKIPPED - $*"
  write_report 0 0 1 "$*"
  exit 0
}

fail() {
  echo "container test: FAILED - $*"
  write_report 0 1 0
  exit 1
}

stop_daemon() {
  [ -n "$daemon_pid" ] || return 0
  if ! kill -0 "$daemon_pid" 2>/dev/null; then # it never started, or died
    wait "$daemon_pid" 2>/dev/null
    daemon_pid=""
    return 0
  fi
  # Untagged images are the build cache (the build stage) and earlier builds: keep a week of them.
  docker image prune --force --filter until=168h >/dev/null 2>&1 || true
  kill -TERM "$daemon_pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$daemon_pid" 2>/dev/null; then
    say "dockerd did not stop within 30 s; killing it"
    kill -KILL "$daemon_pid" 2>/dev/null
  fi
  wait "$daemon_pid" 2>/dev/null
  # Its containerd and shims run with our temporary folder in their command lines: only ours match.
  for pid in $(pgrep -f -- "$run_dir/" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  say "stopped the Docker daemon it started (pid $daemon_pid)"
  daemon_pid=""
}

cleanup() {
  if [ -n "$checks_pid" ] && kill -0 "$checks_pid" 2>/dev/null; then
    kill -TERM "$checks_pid" 2>/dev/null
    wait "$checks_pid" 2>/dev/null
  fi
  stop_daemon
  if [ -n "$run_dir" ]; then
    awk -v root="$run_dir/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$run_dir"
  fi
  [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
}
trap cleanup EXIT
trap 'exit 130' INT TERM

apt_install() {
  command -v apt-get >/dev/null 2>&1 || skip "$1 is missing and there is no apt-get to install it"
  [ "$(id -u)" = 0 ] || skip "$1 is missing and installing it needs root"
  # Installing docker.io must not start a daemon with a bridge and iptables rules: no service starts.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  local log
  log="$(mktemp)"
  shift
  say "installing Debian's $* with apt-get"
  if ! (export DEBIAN_FRONTEND=noninteractive
    { [ -n "$apt_updated" ] || apt-get update -qq; } &&
      apt-get install -y -qq --no-install-recommends "$@") >"$log" 2>&1; then
    local why
    why="$(tail -n 3 "$log" | tr '\n' ' ')"
    rm -f "$log"
    skip "apt-get install $* failed: $why"
  fi
  apt_updated=1
  rm -f "$log"
  if [ -n "$policy_added" ]; then rm -f /usr/sbin/policy-rc.d; policy_added=""; fi
}

docker_answers() { timeout 20 docker info >/dev/null 2>&1; }

# ---- 1. tools and 2. daemon
echo "== container: tools and daemon"
command -v docker >/dev/null 2>&1 || apt_install "the docker client" docker.io
if [ -n "${DOCKER_HOST:-}" ] && docker_answers; then
  say "using the Docker daemon at DOCKER_HOST ($DOCKER_HOST)"
elif [ -z "${DOCKER_HOST:-}" ] && docker_answers; then
  say "using the running Docker daemon ($(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null || echo default))"
else
  unset DOCKER_HOST
  [ "$(id -u)" = 0 ] || skip "no Docker daemon answers, and starting one needs root"
  command -v dockerd >/dev/null 2>&1 || apt_install "dockerd" docker.io
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  # One run at a time uses the cache's images (CI and a developer on the same machine).
  flock -w 1800 9 || fail "another container test has held $CACHE/lock for 30 minutes"
  run_dir="$(mktemp -d /tmp/aitc.XXXXXX)"
  echo '{}' >"$run_dir/daemon.json"
  # The host's network only (containers run with --network host): no bridge, no iptables rules,
  # no IP forwarding turned on. Its own sockets, pid file and config, so it meets no other daemon.
  dockerd --config-file "$run_dir/daemon.json" --data-root "$CACHE/docker" --exec-root "$run_dir/exec" \
    --pidfile "$run_dir/dockerd.pid" --host "unix://$run_dir/docker.sock" \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    >"$run_dir/dockerd.log" 2>&1 9>&- &
  daemon_pid=$!
  export DOCKER_HOST="unix://$run_dir/docker.sock"
  for _ in $(seq 1 60); do
    docker_answers && break
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.5
  done
  if ! docker_answers; then
    why="$(grep -v '^$' "$run_dir/dockerd.log" | tail -n 1 | cut -c1-300)"
    skip "dockerd did not start: ${why:-no answer within 30 s}"
  fi
  say "started dockerd $(docker version --format '{{.Server.Version}}') (pid $daemon_pid, storage $(docker info --format '{{.Driver}}'), images in $CACHE/docker)"
fi

if docker compose version >/dev/null 2>&1; then
  compose="docker compose"
else
  command -v docker-compose >/dev/null 2>&1 || apt_install "Compose" docker-compose
  compose="docker-compose"
fi
say "compose: $compose ($($compose version --short 2>/dev/null || $compose version | head -n 1))"

# ---- 3. the base image
echo "== container: base image"
base="${CONTAINER_BASE_IMAGE:-}"
if [ -z "$base" ]; then
  base="ai-trader-local/node:$(node --version | sed 's/^v//')-bookworm"
  if docker image inspect "$base" >/dev/null 2>&1; then
    say "base $base (cached)"
  else
    command -v debootstrap >/dev/null 2>&1 || apt_install "debootstrap" debootstrap
    started=$SECONDS
    bash scripts/local-base-image.sh "$base" 9>&- || fail "could not make the base image $base"
    say "made the base image $base in $((SECONDS - started)) s"
  fi
else
  say "base $base (CONTAINER_BASE_IMAGE)"
fi

# ---- 4. the checks
echo "== container: checks"
CONTAINER_BASE_IMAGE="$base" CONTAINER_COMPOSE="$compose" CONTAINER_REPORT="$REPORT" \
  CONTAINER_SWEEP="$([ -n "$daemon_pid" ] && echo 1 || echo 0)" \
  node --import tsx test/container/run-checks.ts 9>&- &
checks_pid=$!
wait "$checks_pid"
status=$?
checks_pid=""
exit "$status"

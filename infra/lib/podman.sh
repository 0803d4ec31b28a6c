# shellcheck shell=bash disable=SC2154 # run_dir, socket and the rest are infra/smoke's globals
# Sourced by infra/smoke: podman and docker-compose on this kind of host (Debian 12, no Docker
# engine, no systemd, no image registry). Uses the smoke's run_dir, socket, api_pid, abort, step,
# compose, container and PROJECT.

readonly PODMAN_CONF=/etc/containers/containers.conf.d/50-stateless-auth-smoke.conf
# podman (4.3) lowers its own process limit to this at start; a container cannot be given more.
readonly PODMAN_MAX_NPROC=32768

installed() { dpkg-query --show --showformat='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_tools() {
  step "tools"
  # catatonit: compose `init: true` on podman. netavark + aardvark-dns: service names resolve
  # between containers (Debian's podman otherwise uses CNI without its DNS plugin).
  # redis-server, redis-tools: the binaries of the Redis base image. shellcheck: the smoke's own lint.
  local wanted=(podman docker-compose catatonit netavark aardvark-dns redis-server redis-tools shellcheck) missing=() package
  # crun (podman's default) refuses hybrid cgroup v1/v2 hosts such as this one; runc runs there.
  [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || wanted+=(runc)
  for package in "${wanted[@]}"; do installed "$package" || missing+=("$package"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing from apt: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$run_dir/apt.log" 2>&1 ||
      { tail -n 20 "$run_dir/apt.log"; abort "apt-get install ${missing[*]}"; }
  fi
  echo "$(podman --version), docker-compose $(docker-compose version --short 2>/dev/null)"
}

# containers.conf for this host: root here lacks CAP_SYS_RESOURCE, so podman's default ulimits
# (far above the host's hard limits) make every container fail to start; runc on hybrid cgroups;
# netavark, whose aardvark-dns lets a container reach another by its service name.
configure_podman() {
  local nofile nproc runtime="" content
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$PODMAN_MAX_NPROC" ]; then nproc=$PODMAN_MAX_NPROC; fi
  [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || runtime=$'\n[engine]\nruntime = "runc"'
  content="# Written by infra/smoke: container limits within this host's hard limits, DNS between containers${runtime:+, runc for hybrid cgroups}.
[containers]
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]
[network]
network_backend = \"netavark\"$runtime"
  if [ "$(cat "$PODMAN_CONF" 2>/dev/null)" != "$content" ]; then
    mkdir -p "$(dirname "$PODMAN_CONF")"
    printf '%s\n' "$content" >"$PODMAN_CONF"
    echo "wrote $PODMAN_CONF"
  fi
}

start_api() {
  # Its own session, so that a Ctrl-C of the smoke leaves it serving the teardown.
  setsid podman system service --time=0 "unix://$socket" >"$run_dir/podman-api.log" 2>&1 &
  api_pid=$!
  local deadline=$((SECONDS + 60))
  until node -e '
    const request = require("node:http").get({ socketPath: process.argv[1], path: "/_ping", timeout: 2000 },
      (response) => process.exit(response.statusCode === 200 ? 0 : 1));
    request.on("error", () => process.exit(1));
    request.on("timeout", () => process.exit(1));' "$socket"; do
    kill -0 "$api_pid" 2>/dev/null || { cat "$run_dir/podman-api.log"; abort "podman API socket"; }
    [ "$SECONDS" -lt "$deadline" ] || abort "podman API socket not answering within 60 s"
    sleep 1
  done
  echo "podman API on $socket (pid $api_pid)"
}

# What `docker-compose down -v` removes, found by compose's labels, for when the API is gone.
remove_project() {
  local filter="label=com.docker.compose.project=$PROJECT"
  podman ps --all --quiet --filter "$filter" | xargs -r podman rm --force --time 20 >/dev/null
  podman volume ls --quiet --filter "$filter" | xargs -r podman volume rm --force >/dev/null
  podman network ls --quiet --filter "$filter" | xargs -r podman network rm --force >/dev/null
}

# One round of what an engine with systemd would do by itself: run the healthcheck of every
# running project container that is not healthy yet.
tend_healthchecks() {
  local c status
  for c in $(podman ps --quiet --filter "label=com.docker.compose.project=$PROJECT"); do
    status=$(podman inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c" 2>/dev/null) || continue
    case $status in starting | unhealthy) podman healthcheck run "$c" >/dev/null 2>&1 || true ;; esac
  done
}

health_of() {
  local c
  c=$(container "$1")
  [ -n "$c" ] || { echo missing; return; }
  podman inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$c" 2>/dev/null || echo missing
}

# wait_healthy SERVICE...: tends the healthchecks until every SERVICE is healthy or time is up.
wait_healthy() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT)) service pending
  while :; do
    tend_healthchecks
    pending=()
    for service in "$@"; do [ "$(health_of "$service")" = healthy ] || pending+=("$service"); done
    [ "${#pending[@]}" -eq 0 ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || { echo "not healthy: ${pending[*]}"; return 1; }
    sleep 1
  done
}

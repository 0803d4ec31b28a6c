# shellcheck shell=bash disable=SC2154 # issuer_addr and the rest are infra/smoke's globals
# Sourced by infra/smoke: checks on the running compose project, each a function that returns 0
# when it holds (and prints what it saw when not). Uses the smoke's compose, container, published,
# wait_healthy, PROJECT, COMPOSE_FILE and issuer_addr.

keys_init_done() {
  local c
  c=$(podman ps --all --quiet --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=keys-init" | head -n 1)
  [ -n "$c" ] && [ "$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$c")" = "exited 0" ]
}

# SERVICE USER: every process runs as USER, and PID 1 is an init, not the service itself.
runs_as() {
  local c top
  c=$(container "$1")
  top=$(podman top "$c" pid user args) || return 1
  awk -v want="$2" 'NR > 1 && $2 != want { bad = 1 } END { exit bad }' <<<"$top" || { echo "$top"; return 1; }
  awk 'NR > 1 && $1 == 1 && ($3 ~ /(^|\/)(node|redis-server)$/) { bad = 1 } END { exit bad }' <<<"$top" || { echo "$top"; return 1; }
}

# The private keys' volume is mounted into the issuer (read-only) and keys-init only.
keys_volume_only_in_issuer() {
  local c service mounts ok=0
  for c in $(podman ps --all --quiet --filter "label=com.docker.compose.project=$PROJECT"); do
    service=$(podman inspect --format '{{index .Config.Labels "com.docker.compose.service"}}' "$c")
    mounts=$(podman inspect --format '{{range .Mounts}}{{.Name}}:{{.RW}} {{end}}' "$c")
    case "$service:$mounts" in
      issuer:*"${PROJECT}_issuer-keys:false"*) ;;
      keys-init:*"${PROJECT}_issuer-keys:"*) ;;
      issuer:* | *"${PROJECT}_issuer-keys"*) echo "$service: $mounts"; ok=1 ;;
    esac
  done
  return "$ok"
}

redis_aof_always() {
  local c
  c=$(container redis)
  [ "$(podman exec "$c" redis-cli config get appendonly | tail -n 1)" = yes ] &&
    [ "$(podman exec "$c" redis-cli config get appendfsync | tail -n 1)" = always ]
}

jwks_kids() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => r.json())
      .then((jwks) => console.log(jwks.keys.map((k) => k.kid).sort().join(" "))) // code-unit order, as LC_ALL=C sort
      .catch(() => process.exit(1));' "http://$issuer_addr/.well-known/jwks.json"
}

# keys-init run again keeps the file; the rotation's first step through it (README, "The signing
# keys") publishes a second key next to the first once the issuer restarts.
keys_kept_and_rotated() {
  local before after out next
  before=$(jwks_kids) || return 1
  [ -n "$before" ] || return 1
  out=$(compose run --rm keys-init 2>&1) || { echo "$out"; return 1; }
  grep -q "exists, kept" <<<"$out" || { echo "$out"; return 1; }
  next=$(compose run --rm keys-init node dist/cli/keys.js add-next /keys/issuer-keys.json 2>/dev/null | tail -n 1) || return 1
  [ -n "$next" ] || return 1
  compose restart issuer >/dev/null 2>&1 || return 1
  wait_healthy issuer express-resource koa-resource grpc-resource || return 1
  # An ephemeral host port is chosen anew when the container restarts.
  issuer_addr=$(published issuer 4000) || return 1
  local deadline=$((SECONDS + 60))
  until after=$(jwks_kids); do
    [ "$SECONDS" -lt "$deadline" ] || { echo "the restarted issuer does not answer"; return 1; }
    sleep 1
  done
  local expected
  local kids
  read -ra kids <<<"$before"
  expected=$(printf '%s\n' "${kids[@]}" "$next" | LC_ALL=C sort | xargs)
  if [ "$expected" != "$after" ]; then
    echo "kids before: $before, added: $next, after: $after"
    return 1
  fi
}

# The compose file as the Debian docker-compose 1.29 client reads it, with every default.
compose_config_valid() {
  env -u IMAGE_PREFIX -u IMAGE_TAG -u BASE_IMAGE -u REDIS_IMAGE -u PUBLISH_ADDRESS -u ISSUER_HOST_PORT \
    -u EXPRESS_HOST_PORTS -u KOA_HOST_PORTS -u GRPC_HOST_PORTS \
    docker-compose --file "$COMPOSE_FILE" config --quiet
}

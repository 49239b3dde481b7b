#!/usr/bin/env bash
# Local stack: a real Apache Kafka broker (KRaft, single node) and a MongoDB wire-compatible server
# (FerretDB with its SQLite backend), both on 127.0.0.1, started from packages without Docker.
# Where a Docker engine is reachable, the same commands use docker-compose.yml instead.
#
# Usage: deploy/local/stack.sh up | down | status | logs [kafka|mongodb] | env | reset
#
# Settings (environment):
#   ONIVA_STACK_MODE      auto (default), local or docker
#   ONIVA_KAFKA_PORT      broker port (default 39092); the controller uses the next port
#   ONIVA_MONGODB_PORT    FerretDB port (default 37017)
#   ONIVA_STACK_DIR       data, logs and pid files (default <repo>/.stack)
#   ONIVA_STACK_CACHE     downloaded jars and built binaries, reused by later clones
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/oniva-hubspot-stack)
#   ONIVA_KAFKA_VERSION   org.apache.kafka:kafka_2.13 version (default 4.1.1)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

mode=${ONIVA_STACK_MODE:-auto}
kafka_port=${ONIVA_KAFKA_PORT:-39092}
controller_port=$((kafka_port + 1))
mongodb_port=${ONIVA_MONGODB_PORT:-37017}
stack_dir=${ONIVA_STACK_DIR:-$root/.stack}
cache_dir=${ONIVA_STACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oniva-hubspot-stack}
kafka_version=${ONIVA_KAFKA_VERSION:-4.1.1}
start_timeout_s=${ONIVA_STACK_START_TIMEOUT:-90}

log_dir=$stack_dir/logs
kafka_data=$stack_dir/kafka-data
mongodb_data=$stack_dir/ferretdb-data
kafka_libs=$cache_dir/kafka-$kafka_version/libs

say() { printf 'stack: %s\n' "$*"; }
fail() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}

for port_var in kafka_port mongodb_port; do
  value=${!port_var}
  [[ "$value" =~ ^[0-9]+$ ]] && ((value > 0 && value < 65535)) ||
    fail "invalid port '$value' in ${port_var/_port/} settings: use a number between 1 and 65534"
done

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() {
  local file=$1
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

require_tool() {
  local tool=$1 why=$2
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed; it is needed to $why. Install it (Debian: $3) and retry."
}

docker_available() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

use_docker() {
  case "$mode" in
    docker) docker_available || fail "ONIVA_STACK_MODE=docker but no Docker engine is reachable; unset it to use the local servers."; return 0 ;;
    local) return 1 ;;
    auto) docker_available ;;
    *) fail "invalid ONIVA_STACK_MODE '$mode': use auto, local or docker" ;;
  esac
}

# --- provisioning (cached, idempotent) -------------------------------------------------------

provision_kafka() {
  [[ -f "$kafka_libs/.complete" ]] && return 0
  require_tool java "run the Kafka broker" "apt-get install openjdk-17-jre-headless"
  require_tool mvn "download the Kafka broker jars from Maven Central" "apt-get install maven"
  say "downloading Apache Kafka $kafka_version broker jars (once per machine)"
  rm -rf "$kafka_libs"
  mkdir -p "$kafka_libs"
  mvn -B -q -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$kafka_version" -DoutputDirectory="$kafka_libs" ||
    fail "Maven could not resolve org.apache.kafka:kafka_2.13:$kafka_version; check ONIVA_KAFKA_VERSION and access to Maven Central"
  touch "$kafka_libs/.complete"
}

ferretdb_binary() {
  local digest
  digest=$(cat "$here/ferretdb/go.mod" "$here/ferretdb/go.sum" "$here/ferretdb/main.go" | sha256sum | cut -c1-12)
  printf '%s/ferretdb-%s/ferretdb-local' "$cache_dir" "$digest"
}

provision_ferretdb() {
  local binary
  binary=$(ferretdb_binary)
  [[ -x "$binary" ]] && return 0
  require_tool go "build FerretDB from the Go module proxy" "install Go 1.26 or newer"
  say "building FerretDB from the Go module proxy (once per machine)"
  mkdir -p "$(dirname "$binary")"
  (cd "$here/ferretdb" && go build -o "$binary.tmp" .) || fail "building FerretDB failed; see the go output above"
  mv "$binary.tmp" "$binary"
}

# --- start and stop --------------------------------------------------------------------------

wait_until() {
  local what=$1 check=$2 log=$3 deadline=$((SECONDS + start_timeout_s))
  until $check; do
    if ((SECONDS > deadline)); then
      [[ -f "$log" ]] && tail -n 30 "$log" >&2
      fail "$what did not become ready within ${start_timeout_s}s; its log is $log. If the data folder is corrupt, run 'deploy/local/stack.sh reset' (this deletes local data)."
    fi
    sleep 0.3
  done
}

ensure_port_free() {
  local port=$1 name=$2 variable=$3
  port_open "$port" && fail "port $port on 127.0.0.1 is already used by another process, so $name cannot start. Stop that process or set $variable to a free port."
  return 0
}

kafka_ready() {
  port_open "$kafka_port" && grep -q 'Kafka Server started' "$log_dir/kafka.log" 2>/dev/null
}

start_kafka() {
  local pid_file=$stack_dir/kafka.pid
  if pid_alive "$pid_file"; then
    kafka_ready || wait_until "Kafka" kafka_ready "$log_dir/kafka.log"
    return 0
  fi
  ensure_port_free "$kafka_port" "Kafka" ONIVA_KAFKA_PORT
  ensure_port_free "$controller_port" "the Kafka controller" ONIVA_KAFKA_PORT
  provision_kafka

  local config=$stack_dir/kafka-server.properties
  sed -e "s|@KAFKA_PORT@|$kafka_port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" \
    -e "s|@DATA_DIR@|$kafka_data|g" "$here/kafka/server.properties.template" >"$config"

  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC "-Dlog4j2.configurationFile=$here/kafka/log4j2.properties"
    "-Dkafka.logs.file=$log_dir/kafka.log" -Dkafka.logs.dir="$log_dir")
  if [[ ! -f "$kafka_data/meta.properties" ]]; then
    mkdir -p "$kafka_data"
    local cluster_id
    cluster_id=$(java -cp "$kafka_libs/*" "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$kafka_libs/*" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" --standalone \
      >"$log_dir/kafka-format.log" 2>&1 || fail "formatting the Kafka data folder $kafka_data failed; see $log_dir/kafka-format.log"
  fi

  : >"$log_dir/kafka.log"
  nohup java -cp "$kafka_libs/*" "${java_opts[@]}" kafka.Kafka "$config" >"$log_dir/kafka.out" 2>&1 &
  echo $! >"$pid_file"
  wait_until "Kafka" kafka_ready "$log_dir/kafka.log"
  say "Kafka $kafka_version is ready on 127.0.0.1:$kafka_port"
}

start_mongodb() {
  local pid_file=$stack_dir/ferretdb.pid
  if pid_alive "$pid_file"; then
    wait_until "FerretDB" "port_open $mongodb_port" "$log_dir/ferretdb.log"
    return 0
  fi
  ensure_port_free "$mongodb_port" "FerretDB" ONIVA_MONGODB_PORT
  provision_ferretdb
  nohup "$(ferretdb_binary)" -listen "127.0.0.1:$mongodb_port" -data-dir "$mongodb_data" \
    >"$log_dir/ferretdb.log" 2>&1 &
  echo $! >"$pid_file"
  wait_until "FerretDB" "port_open $mongodb_port" "$log_dir/ferretdb.log"
  say "FerretDB is ready on 127.0.0.1:$mongodb_port"
}

stop_process() {
  local name=$1 pid_file=$2
  if ! pid_alive "$pid_file"; then
    rm -f "$pid_file"
    return 0
  fi
  local pid
  pid=$(cat "$pid_file")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop within 20s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  say "$name stopped"
}

compose() { docker compose -f "$root/docker-compose.yml" "$@"; }

# --- commands --------------------------------------------------------------------------------

cmd_up() {
  if use_docker; then
    say "Docker engine found: starting kafka and mongodb from docker-compose.yml"
    compose up -d --wait kafka mongodb
    return 0
  fi
  mkdir -p "$log_dir"
  start_mongodb
  start_kafka
}

cmd_down() {
  if use_docker; then
    compose stop kafka mongodb
    return 0
  fi
  stop_process "Kafka" "$stack_dir/kafka.pid"
  stop_process "FerretDB" "$stack_dir/ferretdb.pid"
}

cmd_status() {
  if use_docker; then
    compose ps kafka mongodb
    return 0
  fi
  local status=0
  for entry in "Kafka:kafka.pid:$kafka_port" "FerretDB:ferretdb.pid:$mongodb_port"; do
    IFS=: read -r name file port <<<"$entry"
    if pid_alive "$stack_dir/$file" && port_open "$port"; then
      say "$name running (pid $(cat "$stack_dir/$file"), 127.0.0.1:$port)"
    else
      say "$name stopped"
      status=3
    fi
  done
  return $status
}

cmd_logs() {
  local which=${1:-all}
  if use_docker; then
    compose logs --tail 100 "${@:-kafka mongodb}"
    return 0
  fi
  case "$which" in
    kafka) tail -n 100 "$log_dir/kafka.log" ;;
    mongodb | ferretdb) tail -n 100 "$log_dir/ferretdb.log" ;;
    all) tail -n 50 "$log_dir/kafka.log" "$log_dir/ferretdb.log" ;;
    *) fail "unknown log '$which': use kafka or mongodb" ;;
  esac
}

cmd_env() {
  printf 'export KAFKA_BROKERS=127.0.0.1:%s\n' "$kafka_port"
  printf 'export MONGODB_URI=mongodb://127.0.0.1:%s/\n' "$mongodb_port"
}

cmd_reset() {
  cmd_down
  if use_docker; then
    compose down -v
    return 0
  fi
  rm -rf "$kafka_data" "$mongodb_data" "$log_dir"
  say "local data deleted"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  env) cmd_env ;;
  reset) cmd_reset ;;
  *)
    echo "usage: deploy/local/stack.sh up | down | status | logs [kafka|mongodb] | env | reset" >&2
    exit 2
    ;;
esac

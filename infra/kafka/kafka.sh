#!/usr/bin/env bash
# Runs a real Apache Kafka 3.9.1 broker without Docker: single KRaft node (broker + controller)
# on 127.0.0.1, jars fetched from Maven Central by pom.xml.
#
#   bash infra/kafka/kafka.sh start     fetch jars if needed, format storage once, start, wait, create topics
#   bash infra/kafka/kafka.sh stop      stop the broker started here (by its pid)
#   bash infra/kafka/kafka.sh status    exit 0 when it answers
#   bash infra/kafka/kafka.sh topics    (re)create the platform's topics
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1),
# KAFKA_DATA_DIR (infra/kafka/.run/<port>), KAFKA_HEAP (512m), KAFKA_PARTITIONS (6).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
data="${KAFKA_DATA_DIR:-$here/.run/$port}"
heap="${KAFKA_HEAP:-512m}"
partitions="${KAFKA_PARTITIONS:-6}"
libs="$here/target/libs"
pidfile="$data/kafka.pid"

log() { echo "[kafka] $*" >&2; }

java_cp() { java -Xmx256m -cp "$libs/*" -Dlog4j.configuration="file:$data/log4j.properties" "$@"; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

fetch_jars() {
  if [ -f "$libs/kafka_2.13-3.9.1.jar" ]; then return; fi
  log "fetching broker jars from Maven Central (first run only)"
  (cd "$here" && mvn -q -B dependency:copy-dependencies)
}

write_config() {
  mkdir -p "$data/logs"
  cat >"$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/logs
num.partitions=$partitions
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  cat >"$data/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$data/broker.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=WARN
PROPS
}

create_topics() {
  log "creating topics (${partitions} partitions each)"
  local pids=()
  while read -r topic; do
    case "$topic" in "" | \#*) continue ;; esac
    java_cp org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --create \
      --if-not-exists --topic "$topic" --partitions "$partitions" --replication-factor 1 >/dev/null &
    pids+=($!)
  done <"$here/topics.txt"
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if [ "$failed" = 1 ]; then log "topic creation failed"; return 1; fi
  log "topics ready"
}

start() {
  if answers; then
    log "something already answers on 127.0.0.1:$port; using it"
    return 0
  fi
  command -v java >/dev/null || { log "java is required (Java 17)"; exit 1; }
  fetch_jars
  write_config
  if [ ! -f "$data/logs/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java_cp kafka.tools.StorageTool random-uuid)"
    log "formatting KRaft storage in $data/logs (cluster $cluster_id)"
    java_cp kafka.tools.StorageTool format -t "$cluster_id" -c "$data/server.properties" >/dev/null
  fi
  log "starting broker on 127.0.0.1:$port"
  KAFKA_LOG_DIR="$data" nohup java "-Xmx$heap" "-Xms$heap" -XX:+UseG1GC -cp "$libs/*" \
    -Dlog4j.configuration="file:$data/log4j.properties" \
    kafka.Kafka "$data/server.properties" >"$data/stdout.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if answers; then break; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "broker exited; last lines of $data/stdout.log:"
      tail -20 "$data/stdout.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  answers || { log "broker did not answer within 60 s"; exit 1; }
  create_topics
  log "ready: KAFKA_BROKERS=127.0.0.1:$port (pid $(cat "$pidfile"))"
}

stop() {
  if [ ! -f "$pidfile" ]; then
    log "no broker started here on port $port"
    return 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping broker (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  fi
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  topics) write_config; create_topics ;;
  *) echo "usage: kafka.sh start|stop|status|topics" >&2; exit 2 ;;
esac

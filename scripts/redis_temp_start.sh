#!/usr/bin/env bash
# Throwaway Redis on loopback for tests and benchmarks: no persistence, bounded memory.
# Prints the REDIS_URL to use. Stop it with scripts/redis_temp_stop.sh.
# REDIS_KEEP_DATA=1 starts again on what the last stop saved, as a Redis with persistence.
set -euo pipefail
REDIS_DIR=${REDIS_DIR:-/tmp/skillgap-redis}
REDIS_PORT=${REDIS_PORT:-63790}
if ! command -v redis-server >/dev/null; then
  echo "redis-server is missing: apt-get install redis-server" >&2
  exit 1
fi
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
if [ "${REDIS_KEEP_DATA:-0}" != 1 ]; then
  rm -rf "$REDIS_DIR"
fi
mkdir -p "$REDIS_DIR"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
  --maxmemory 256mb --maxmemory-policy allkeys-lru
for _ in $(seq 100); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$REDIS_PORT" ping >/dev/null
echo "redis://127.0.0.1:$REDIS_PORT/0"

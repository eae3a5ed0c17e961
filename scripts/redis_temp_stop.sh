#!/usr/bin/env bash
# Stop the throwaway Redis of scripts/redis_temp_start.sh.
# REDIS_KEEP_DATA=1 saves what it holds first, for redis_temp_start.sh to load again.
REDIS_PORT=${REDIS_PORT:-63790}
if [ "${REDIS_KEEP_DATA:-0}" = 1 ]; then
  redis-cli -p "$REDIS_PORT" shutdown save >/dev/null 2>&1 || true
else
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
fi

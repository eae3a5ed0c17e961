#!/usr/bin/env bash
# Stop the throwaway Redis of scripts/redis_temp_start.sh.
REDIS_PORT=${REDIS_PORT:-63790}
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true

#!/usr/bin/env bash
# Throwaway PostgreSQL on loopback for tests and benchmarks; root-safe, no systemd.
# Prints the DATABASE_URL to use. Stop it with scripts/pg_temp_stop.sh.
# PG_KEEP_DATA=1 starts a stopped server again on its data instead of a fresh one.
set -euo pipefail
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGDATA=${PGDATA:-/tmp/skillgap-pg}
PGPORT=${PGPORT:-54329}
START_OPTIONS="-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ "${PG_KEEP_DATA:-0}" = 1 ] && [ -f "$PGDATA/PG_VERSION" ]; then
  # Start again on the data of the last stop, as a database server restart does.
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 30 start -o '$START_OPTIONS'" >/dev/null
  echo "postgres://app:app@127.0.0.1:$PGPORT/app"
  exit 0
fi
if [ -f "$PGDATA/postmaster.pid" ]; then
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true
fi
rm -rf "$PGDATA"
install -d -o postgres -g postgres -m 700 "$PGDATA"
su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust -E UTF8 --no-sync" >/dev/null
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 30 start -o '$START_OPTIONS'" >/dev/null
psql -qX -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" -c "CREATE DATABASE app OWNER app" >/dev/null
echo "postgres://app:app@127.0.0.1:$PGPORT/app"

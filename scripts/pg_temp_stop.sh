#!/usr/bin/env bash
# Stops the server that scripts/pg_temp_start.sh started.
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
PGDATA=${PGDATA:-/tmp/skillgap-pg}
su postgres -c "/usr/lib/postgresql/$PGVER/bin/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null

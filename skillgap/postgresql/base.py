"""Django's PostgreSQL backend, waiting a moment for a server that is restarting.

While PostgreSQL restarts, it first refuses new connections ("the database system is
shutting down"), then is not listening at all, then refuses again ("starting up"): on this
machine about 0.7 s under load. A kept connection that died is replaced on the next
request (CONN_HEALTH_CHECKS), but without this the replacement fails at once, and so does
every request that arrives in that window, not only the ones in flight. Here a failed
connect is tried again every 0.1 s for DATABASE_CONNECT_PATIENCE seconds (settings.py)
before the error is raised: a restart shorter than that costs only the requests in flight,
and a database that stays down answers each request that much later.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.backends.postgresql import base

RETRY_EVERY = 0.1


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + settings.DATABASE_CONNECT_PATIENCE
        while True:
            try:
                return super().get_new_connection(conn_params)
            except base.Database.OperationalError:
                if time.monotonic() + RETRY_EVERY > deadline:
                    raise
                time.sleep(RETRY_EVERY)

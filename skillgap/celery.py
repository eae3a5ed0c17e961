"""The Celery application: settings come from Django's (CELERY_*), tasks from each app's
tasks module. Start a worker with `celery -A skillgap worker` and the scheduler with
`celery -A skillgap beat` (README, "Background work and mail")."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillgap.settings")

app = Celery("skillgap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

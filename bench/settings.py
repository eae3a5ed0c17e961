"""The benchmark's settings: production's, plus the reference pages of bench/urls.py."""

from skillgap.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

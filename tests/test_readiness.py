"""`/readyz` asks the database, the cache and the broker; `/healthz` stays the cheap one."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from skillgap.readiness import NOT_CONFIGURED, OK
from tests.redis_server import free_port, running_redis

pytestmark = pytest.mark.django_db


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "skillgap.redis_cache.FailSoftRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"readyz-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


def test_the_url_is_part_of_the_contract():
    assert reverse("readyz") == "/readyz"


def test_ready_answers_200_with_each_check_as_json(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ready",
        "down": [],
        "checks": {"database": OK, "cache": OK, "broker": NOT_CONFIGURED},
    }


def test_it_is_never_cached(client):
    assert "no-store" in client.get("/readyz")["Cache-Control"]


def test_a_redis_cache_that_is_down_answers_503_naming_the_cache(client, settings):
    settings.CACHES = _redis_cache(_dead_redis_url())

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["down"] == ["cache"]
    assert response.json()["checks"]["cache"] == "down (ConnectionError)"
    assert response.json()["checks"]["database"] == OK


def test_the_cache_check_asks_redis_even_while_pages_use_the_fallback(client, settings):
    settings.CACHES = _redis_cache(_dead_redis_url())
    assert client.get(reverse("careers:home")).status_code == 200  # the outage is known

    assert client.get("/readyz").json()["down"] == ["cache"]


def test_a_broker_that_is_down_answers_503_naming_the_broker(client, settings):
    settings.CELERY_BROKER_URL = _dead_redis_url()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response.json()["checks"]["broker"] == "down (ConnectionError)"


def test_an_answer_never_names_an_address_or_a_password(client, settings):
    settings.CELERY_BROKER_URL = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    settings.CACHES = _redis_cache(f"redis://:s3cret@127.0.0.1:{free_port()}/0")

    text = client.get("/readyz").content.decode()

    assert "s3cret" not in text
    assert "127.0.0.1" not in text


def test_a_real_redis_as_cache_and_broker_is_ready(client, settings, tmp_path):
    with running_redis(tmp_path) as server:
        settings.CACHES = _redis_cache(server.url)
        settings.CELERY_BROKER_URL = server.url

        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": OK, "cache": OK, "broker": OK}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head_are_answered(client, method):
    assert getattr(client, method)("/readyz").status_code == 405

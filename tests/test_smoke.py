from django.contrib.staticfiles import finders


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_every_page_links_a_favicon_that_exists(client, db):
    home = client.get("/")

    assert b'rel="icon" href="/static/favicon.svg"' in home.content
    assert finders.find("favicon.svg") is not None

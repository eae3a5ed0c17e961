from django.contrib.staticfiles import finders


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_every_page_links_a_favicon_that_exists(client, db):
    home = client.get("/")

    assert b'rel="icon" href="/static/favicon.svg"' in home.content
    assert finders.find("favicon.svg") is not None


def test_favicon_ico_leads_to_the_sites_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"


def test_admin_pages_link_the_favicon(client, staff_user):
    client.force_login(staff_user)

    admin = client.get("/admin/")

    assert admin.status_code == 200
    assert b'rel="icon" href="/static/favicon.svg"' in admin.content

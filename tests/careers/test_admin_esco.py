"""The admin page "Import from ESCO": who may use it, upload, search, preview, import."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers import esco_upload
from careers.forms import NO_OCCUPATION_CHOSEN
from careers.importers import esco
from careers.models import Requirement, Role, Skill
from tests.careers.esco_zips import DATA_ANALYST, DATA_MODELS, DATA_SCIENTIST, write_esco_zips
from tests.factories import RoleFactory, SkillFactory, UserFactory
from tests.mfa_support import enrol_totp

pytestmark = pytest.mark.django_db
URL = "/admin/careers/role/import-esco/"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def zips(tmp_path):
    folder = tmp_path / "zips"
    folder.mkdir()
    return write_esco_zips(folder)


def _files(zips) -> dict:
    classification, relations = zips
    return {
        "classification": SimpleUploadedFile(classification.name, classification.read_bytes()),
        "relations": SimpleUploadedFile(relations.name, relations.read_bytes()),
    }


@pytest.fixture
def uploaded(client_as, editor, zips):
    client = client_as(editor)
    client.post(URL, {"action": "upload", **_files(zips)})
    return client


def test_the_page_lives_under_the_role_admin():
    assert reverse("admin:careers_role_import_esco") == URL


def test_a_framework_editor_may_open_it(client_as, editor):
    assert client_as(editor).get(URL).status_code == 200


def test_a_superuser_may_open_it(client_as, staff_user):
    assert client_as(staff_user).get(URL).status_code == 200


def test_other_staff_are_refused(client_as):
    staff = UserFactory(is_staff=True)
    enrol_totp(staff)  # past the admin's second-factor rule

    assert client_as(staff).get(URL).status_code == 403


def test_a_person_who_is_not_staff_is_sent_to_the_admin_login(client_as, user):
    response = client_as(user).get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_role_list_links_to_it_for_an_editor(client_as, editor):
    assert (
        'href="/admin/careers/role/import-esco/"'
        in client_as(editor).get("/admin/careers/role/").content.decode()
    )


def test_the_role_list_does_not_link_to_it_for_other_staff(client_as):
    staff = UserFactory(is_staff=True)
    enrol_totp(staff)  # past the admin's second-factor rule
    staff.user_permissions.add(Permission.objects.get(codename="view_role"))

    html = client_as(staff).get("/admin/careers/role/").content.decode()

    assert "import-esco" not in html


class TestUpload:
    def test_an_upload_is_kept_with_its_names_and_version(self, client_as, editor, zips, now):
        response = client_as(editor).post(URL, {"action": "upload", **_files(zips)}, follow=True)

        upload = esco_upload.last_upload()
        assert (upload.classification_name, upload.version, upload.uploaded_by) == (
            "esco-v1.1.1-classification-en-csv.zip",
            "1.1.1",
            editor.username,
        )
        assert upload.uploaded_at == now
        assert upload.relations.read_bytes() == zips[1].read_bytes()
        assert "3 occupations, 6 skills, 8 relations" in response.content.decode()

    def test_the_kept_upload_is_offered_for_reuse(self, uploaded):
        html = uploaded.get(URL).content.decode()

        assert "Using the last upload" in html
        assert "esco-v1.1.1-relations-csv.zip" in html

    def test_the_kept_upload_lives_in_the_data_folder(self, uploaded, settings):
        assert (settings.DATA_DIR / "esco" / "classification.zip").is_file()

    def test_a_file_that_is_not_a_zip_is_refused_next_to_its_field(self, client_as, editor, zips):
        files = _files(zips)
        files["relations"] = SimpleUploadedFile("relations.zip", b"not a zip")

        response = client_as(editor).post(URL, {"action": "upload", **files})

        assert response.status_code == 400
        assert response.context["upload_form"].errors == {
            "relations": ["relations.zip is not a zip file."]
        }
        assert esco_upload.last_upload() is None

    def test_an_upload_over_the_size_limit_is_refused(self, client_as, editor, zips, settings):
        settings.ESCO_MAX_UPLOAD_BYTES = 1024 * 1024
        files = _files(zips)
        files["classification"] = SimpleUploadedFile("big.zip", b"0" * (2 * 1024 * 1024))

        response = client_as(editor).post(URL, {"action": "upload", **files})

        assert response.context["upload_form"].errors["classification"] == [
            "This file is 2.0 MB; the limit is 1 MB."
        ]

    def test_a_request_far_over_the_limit_is_refused_unread(self, client_as, editor, settings):
        settings.ESCO_MAX_UPLOAD_BYTES = 1024 * 1024
        body = b"x" * (3 * 1024 * 1024)

        response = client_as(editor).generic(
            "POST", URL, body, content_type="multipart/form-data; boundary=unread"
        )

        assert response.status_code == 413
        assert "larger than two zips of 1 MB each" in response.content.decode()
        assert esco_upload.last_upload() is None

    def test_a_zip_bomb_is_refused(self, client_as, editor, zips, settings):
        settings.ESCO_MAX_UNPACKED_BYTES = 1000

        response = client_as(editor).post(URL, {"action": "upload", **_files(zips)})

        [message] = response.context["upload_form"].errors["classification"]
        assert "refused as a possible zip bomb" in message

    def test_a_zip_without_escos_csv_is_refused(self, client_as, editor, tmp_path):
        zips = write_esco_zips(tmp_path, edit_classification=lambda m: m.pop("skills_en.csv"))

        response = client_as(editor).post(URL, {"action": "upload", **_files(zips)})

        assert response.context["upload_form"].errors["classification"] == [
            esco.MISSING_CSV.format(
                name="esco-v1.1.1-classification-en-csv.zip",
                member="skills_en.csv",
                kind="classification",
            )
        ]

    def test_other_staff_cannot_upload(self, client_as, zips):
        staff = UserFactory(is_staff=True)
        enrol_totp(staff)  # past the admin's second-factor rule

        response = client_as(staff).post(URL, {"action": "upload", **_files(zips)})

        assert response.status_code == 403
        assert esco_upload.last_upload() is None


class TestSearch:
    def test_it_finds_occupations_by_label(self, uploaded):
        response = uploaded.get(URL, {"q": "data"})

        assert [r.occupation.label for r in response.context["results"]] == [
            "data analyst",
            "data scientist",
        ]
        assert f'value="{DATA_SCIENTIST}"' in response.content.decode()

    def test_a_result_found_by_another_name_says_which(self, uploaded):
        html = uploaded.get(URL, {"q": "research data"}).content.decode()

        assert "Found by its other name \u201cresearch data scientist\u201d" in html

    def test_it_says_when_nothing_matches(self, uploaded):
        html = uploaded.get(URL, {"q": "astronaut"}).content.decode()

        assert "No occupation's label contains \u201castronaut\u201d." in html

    def test_search_needs_an_upload_first(self, client_as, editor):
        html = client_as(editor).get(URL, {"q": "data"}).content.decode()

        assert "No ESCO files yet" in html
        assert "Find occupations" not in html


class TestPreviewAndImport:
    def test_a_preview_lists_what_would_be_done_and_writes_nothing(self, uploaded):
        response = uploaded.post(
            f"{URL}?q=data",
            {"action": "preview", "occupation": [DATA_SCIENTIST, DATA_ANALYST], "level": "3"},
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "Roles: 2 created, 0 updated." in html
        assert "Requirements: 7 created, 0 updated, 0 removed." in html
        assert 'name="action" value="import"' in html
        assert not Role.objects.exists()

    def test_the_preview_follows_the_search_that_produced_it(self, uploaded):
        response = uploaded.post(
            f"{URL}?q=data", {"action": "preview", "occupation": [DATA_SCIENTIST], "level": "3"}
        )

        html = response.content.decode()
        search_box = html.index('name="q" value="data"')
        results = html.index("Occupations matching \u201cdata\u201d")
        preview = html.index("Preview: nothing is written until you import")
        assert search_box < results < preview
        assert f'value="{DATA_SCIENTIST}" id="occupation-2" checked' in html

    def test_the_preview_form_lands_on_the_preview(self, uploaded):
        html = uploaded.get(URL, {"q": "data"}).content.decode()

        assert 'action="?q=data#esco-preview"' in html

    def test_import_returns_to_the_search_and_links_to_the_new_role(self, uploaded):
        response = uploaded.post(
            f"{URL}?q=data", {"action": "import", "occupation": [DATA_SCIENTIST], "level": "3"}
        )

        assert response.status_code == 302
        assert response.url == f"{URL}?q=data"
        html = uploaded.get(response.url).content.decode()
        role = Role.objects.get()
        assert f'<a href="{role.get_absolute_url()}">data scientist</a>' in html
        assert reverse("admin:careers_role_change", args=[role.pk]) in html
        assert 'name="q" value="data"' in html

    def test_a_preview_without_a_chosen_occupation_says_so_and_keeps_the_search(self, uploaded):
        response = uploaded.post(f"{URL}?q=data", {"action": "preview", "level": "3"})

        assert response.status_code == 400
        assert NO_OCCUPATION_CHOSEN in response.content.decode()
        assert len(response.context["results"]) == 2

    def test_an_unknown_occupation_is_refused(self, uploaded):
        response = uploaded.post(
            URL, {"action": "preview", "occupation": ["http://example.org/x"], "level": "3"}
        )

        assert response.status_code == 400
        assert "http://example.org/x is not an occupation" in response.content.decode()

    def test_a_level_outside_1_to_5_is_refused(self, uploaded):
        response = uploaded.post(
            URL, {"action": "preview", "occupation": [DATA_SCIENTIST], "level": "9"}
        )

        assert response.status_code == 400
        assert response.context["choice_form"].errors["level"]

    def test_import_writes_the_roles_and_links_to_their_pages(self, uploaded):
        response = uploaded.post(
            URL,
            {"action": "import", "occupation": [DATA_SCIENTIST], "level": "2"},
            follow=True,
        )

        html = response.content.decode()
        assert Role.objects.get().name == "data scientist"
        assert set(Requirement.objects.values_list("level", flat=True)) == {2}
        assert '<a href="/roles/data-scientist/">data scientist</a>' in html
        assert "Requirements: 4 created" in html

    def test_the_preview_and_the_import_say_how_many_skills_matched_the_crosswalk(self, uploaded):
        SkillFactory(name="Data Modeling", external_id=DATA_MODELS)
        choice = {"occupation": [DATA_SCIENTIST], "level": "3"}

        preview = uploaded.post(URL, {"action": "preview", **choice}).content.decode()
        imported = uploaded.post(URL, {"action": "import", **choice}, follow=True)

        assert (
            "<li>data scientist: 1 of 4 skills matched the crosswalk (Data Modeling)</li>"
            in preview
        )
        assert (
            '<a href="/roles/data-scientist/">data scientist</a> '
            "(1 of 4 skills matched the crosswalk; " in imported.content.decode()
        )

    def test_reset_is_passed_to_the_import(self, uploaded):
        uploaded.post(URL, {"action": "import", "occupation": [DATA_SCIENTIST], "level": "3"})
        Requirement.objects.update(importance=1)

        uploaded.post(
            URL,
            {"action": "import", "occupation": [DATA_SCIENTIST], "level": "3", "reset": "on"},
        )

        assert set(Requirement.objects.values_list("importance", flat=True)) == {2, 4}

    def test_import_without_an_upload_asks_for_one(self, client_as, editor):
        response = client_as(editor).post(
            URL, {"action": "import", "occupation": [DATA_SCIENTIST], "level": "3"}, follow=True
        )

        assert "Upload ESCO" in response.content.decode()
        assert not Role.objects.exists()


class TestProvenanceInAdmin:
    def test_the_role_page_shows_its_source(self, client_as, editor):
        role = RoleFactory(source="esco", external_id=DATA_SCIENTIST, source_version="1.1.1")

        html = client_as(editor).get(f"/admin/careers/role/{role.pk}/change/").content.decode()

        assert DATA_SCIENTIST in html
        assert "ESCO classification v1.1.1, © European Union" in html

    def test_the_skill_page_shows_its_source(self, client_as, editor):
        skill = SkillFactory(source="esco", external_id="http://e/s", source_version="1.1.1")

        html = client_as(editor).get(f"/admin/careers/skill/{skill.pk}/change/").content.decode()

        assert "http://e/s" in html

    def test_provenance_cannot_be_edited_in_the_admin(self, client_as, editor):
        skill = SkillFactory(source="esco", external_id="http://e/s")
        data = {
            "name": skill.name,
            "slug": skill.slug,
            "category": skill.category_id,
            "external_id": "http://e/changed",
            "learning_steps-TOTAL_FORMS": "0",
            "learning_steps-INITIAL_FORMS": "0",
        }

        client_as(editor).post(f"/admin/careers/skill/{skill.pk}/change/", data)

        assert Skill.objects.get(pk=skill.pk).external_id == "http://e/s"

    def test_skills_are_found_by_an_alternative_label(self, client_as, editor):
        SkillFactory(name="data mining", alternative_labels="knowledge discovery\nmining")
        SkillFactory(name="Other")

        response = client_as(editor).get("/admin/careers/skill/", {"q": "knowledge discovery"})

        assert [s.name for s in response.context["cl"].result_list] == ["data mining"]

"""Hostile input: arbitrary strings, huge values, unicode, missing and extra fields.

Hypothesis drives every form a person can post and the framework import. Whatever arrives:
never a 500, nothing half-saved (a refusal leaves the database as it was), every refusal
names a field, extra fields are ignored, and what a person wrote is escaped when shown.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from accounts.models import Reminders
from assessments import services
from assessments.forms import HOURS_PER_WEEK_ERROR
from assessments.models import Assessment, Rating, SubmittedRequirement
from careers.framework_io import export_framework
from skillgap.logmask import mask_secrets
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    LearningStepFactory,
    ProfileFactory,
    RatingFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
)
from tests.mfa_support import enrol_totp

User = get_user_model()
SCRIPT = "<script>alert(1)</script>"
REFUSED = (200, 400, 422)
GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"

fuzz = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- strategies ------------------------------------------------------------------------

huge_numbers = st.one_of(
    st.integers().map(str),
    st.just("9" * 400),
    st.just("-1"),
    st.just("1e309"),
    st.just("NaN"),
    st.floats(allow_nan=True).map(str),
)
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(min_size=495, max_size=520),
    st.just(SCRIPT),
    st.just('=HYPERLINK("http://evil.example")'),
    st.just("\x00nul"),
    st.just("Ωμέγα 🧪 עברית \u202e"),
    huge_numbers,
)
maybe_missing = st.one_of(st.none(), hostile_text)
level_values = st.one_of(st.none(), st.sampled_from(["0", "1", "2", "3", "4", "5"]), hostile_text)
# Fields a form must never take from the request.
extra_fields = st.dictionaries(
    st.sampled_from(
        [
            "owner",
            "owner_id",
            "status",
            "readiness",
            "ready",
            "submitted_at",
            "is_staff",
            "is_superuser",
            "public_id",
            "user",
        ]
    ),
    st.sampled_from(
        ["1", "submitted", "100", "true", "on", "00000000-0000-0000-0000-000000000000"]
    ),
    max_size=4,
)


def _post_data(fields: dict[str, str | None], extras: dict[str, str]) -> dict[str, str]:
    """A POST body: None means the field is missing; extras are merged first, never win."""
    data = dict(extras)
    data.update({key: value for key, value in fields.items() if value is not None})
    return data


def _names_a_field(form) -> bool:
    """Every refusal points somewhere: a field's own error, or a message naming fields."""
    if not form.errors:
        return False
    field_errors = [key for key in form.errors if key != "__all__"]
    if field_errors:
        return all(key in form.fields for key in field_errors)
    message = " ".join(form.non_field_errors())
    return any(name in message for name in form.fields) or "skill" in message.lower()


# --- the rating form -------------------------------------------------------------------


@pytest.fixture
def rung(db):
    rung = RungFactory()
    for _ in range(3):
        RequirementFactory(rung=rung)
    return rung


def _all_rated(rung) -> dict[int, tuple[int | None, str]]:
    return {skill_id: (3, "") for skill_id in rung.requirements.values_list("skill_id", flat=True)}


def _fresh_draft(user, rung) -> Assessment:
    Assessment.objects.filter(owner=user).delete()
    draft = AssessmentFactory(owner=user, rung=rung)
    first_skill = rung.requirements.values_list("skill_id", flat=True).first()
    Rating.objects.create(assessment=draft, skill_id=first_skill, level=2, note="before")
    return draft


def _assessment_state(assessment: Assessment) -> tuple:
    assessment.refresh_from_db()
    ratings = sorted(assessment.ratings.values_list("skill_id", "level", "note"))
    return (
        assessment.owner_id,
        assessment.status,
        assessment.submitted_at,
        assessment.readiness,
        assessment.ready,
        ratings,
        SubmittedRequirement.objects.filter(assessment=assessment).count(),
    )


@fuzz
@given(data=st.data(), extras=extra_fields)
def test_the_rating_form_survives_anything(client_as, user, rung, data, extras):
    client = client_as(user)
    draft = _fresh_draft(user, rung)
    skill_ids = list(rung.requirements.values_list("skill_id", flat=True))
    fields: dict[str, str | None] = {
        "action": data.draw(
            st.one_of(st.sampled_from(["save", "submit"]), maybe_missing), label="action"
        )
    }
    for skill_id in skill_ids:
        fields[f"skill-{skill_id}"] = data.draw(level_values, label=f"skill-{skill_id}")
        fields[f"note-{skill_id}"] = data.draw(maybe_missing, label=f"note-{skill_id}")
    if data.draw(st.booleans(), label="foreign skill"):
        fields[data.draw(st.sampled_from(["skill-999999", "note-abc", "skill-"]))] = "3"
    before = _assessment_state(draft)

    response = client.post(draft.get_absolute_url(), _post_data(fields, extras))
    event(f"rating form answered {response.status_code}")

    after = _assessment_state(draft)
    assert after[0] == user.pk  # the owner never changes
    if response.status_code == 302:
        submitted = fields["action"] == "submit"
        assert after[1] == (Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT)
        if not submitted:
            assert after[3] is None  # readiness only comes from a submission
        return
    assert response.status_code in REFUSED
    form = response.context["form"]
    assert _names_a_field(form), form.errors
    assert after[1] == Assessment.Status.DRAFT
    assert after[6] == 0
    if not form.is_submit_refused:
        # Only a submission refused for unrated skills keeps the valid ratings it carried.
        assert after == before


# --- the new-assessment form -----------------------------------------------------------


@fuzz
@given(data=st.data(), extras=extra_fields)
def test_the_new_assessment_form_survives_anything(client_as, user, other_user, rung, data, extras):
    client = client_as(user)
    rung_value = data.draw(
        st.one_of(maybe_missing, st.just(str(rung.pk)), st.just(str(rung.pk + 10_000))),
        label="rung",
    )
    before_mine = list(Assessment.objects.for_owner(user).values_list("pk", flat=True))
    before_total = Assessment.objects.count()

    response = client.post(reverse("assessments:new"), _post_data({"rung": rung_value}, extras))
    event(f"new assessment answered {response.status_code}")

    if response.status_code == 302:
        draft = Assessment.objects.for_owner(user).drafts().get(rung=rung)
        assert response["Location"] == draft.get_absolute_url()
        assert draft.readiness is None
        assert draft.submitted_at is None
        assert not Assessment.objects.for_owner(other_user).exists()
        return
    assert response.status_code in REFUSED
    assert "rung" in response.context["form"].errors
    assert list(Assessment.objects.for_owner(user).values_list("pk", flat=True)) == before_mine
    assert Assessment.objects.count() == before_total


# --- hours per week on the report ------------------------------------------------------


@fuzz
@given(
    hours=st.one_of(
        st.integers(min_value=1, max_value=80).map(str),
        st.integers(min_value=-5, max_value=100).map(str),
        maybe_missing,
        st.just('"><b>x'),
    ),
    extras=extra_fields,
)
@example(hours="7.", extras={})
def test_the_hours_per_week_form_survives_anything(client_as, user, rung, hours, extras):
    assessment = Assessment.objects.for_owner(user).submitted().first()
    if assessment is None:
        assessment = AssessmentFactory(owner=user, rung=rung)
        services.submit_assessment(assessment=assessment, ratings=_all_rated(rung))
    before = services.get_or_create_profile(user=user).hours_per_week
    url = reverse("assessments:hours_per_week", args=[assessment.public_id])

    response = client_as(user).post(url, _post_data({"hours_per_week": hours}, extras))
    event(f"hours form answered {response.status_code}")

    after = services.get_or_create_profile(user=user).hours_per_week
    if response.status_code == 302:
        # Django's IntegerField reads "7." and "7.00" as 7, as a person would.
        assert after == forms.IntegerField().to_python(hours)
        assert 1 <= after <= 80
        return
    body = response.content.decode()
    assert response.status_code in REFUSED
    assert HOURS_PER_WEEK_ERROR in body
    assert 'id="hours-error"' in body
    assert "<b>x" not in body
    assert after == before


# --- reminders and unsubscribe links ---------------------------------------------------


@fuzz
@given(
    digest=st.one_of(st.sampled_from(["on", "true", "false", ""]), maybe_missing),
    retake=st.one_of(st.sampled_from(["0", "30", "60", "90"]), maybe_missing),
    extras=extra_fields,
)
def test_the_reminders_form_survives_anything(client_as, user, other_user, digest, retake, extras):
    before = list(Reminders.objects.values_list("user_id", "weekly_digest", "retake_after_days"))

    response = client_as(user).post(
        reverse("account_reminders"),
        _post_data({"weekly_digest": digest, "retake_after_days": retake}, extras),
    )
    event(f"reminders form answered {response.status_code}")

    assert not Reminders.objects.filter(user=other_user).exists()
    if response.status_code == 302:
        choice = Reminders.objects.get(user=user)
        assert choice.retake_after_days == int(retake)
        return
    assert response.status_code in REFUSED
    assert _names_a_field(response.context["form"])
    assert SCRIPT not in response.content.decode()
    after = list(Reminders.objects.values_list("user_id", "weekly_digest", "retake_after_days"))
    assert after == before


@fuzz
@given(token=hostile_text.filter(lambda t: "/" not in t and t.strip()))
def test_a_forged_unsubscribe_token_changes_nothing(db, user, token):
    Reminders.objects.update_or_create(user=user, defaults={"weekly_digest": True})

    try:
        url = reverse("account_unsubscribe", args=[token])
    except NoReverseMatch:
        return
    response = Client().post(url)

    assert response.status_code == 404
    assert Reminders.objects.get(user=user).weekly_digest is True


# --- sign-up ---------------------------------------------------------------------------


@fuzz
@given(
    email=st.one_of(st.emails(), maybe_missing),
    password1=st.one_of(st.just(GOOD_PASSWORD), maybe_missing),
    password2=st.one_of(st.just(GOOD_PASSWORD), maybe_missing),
    extras=extra_fields,
)
def test_signup_survives_anything(db, email, password1, password2, extras):
    caches["default"].clear()  # the sign-up rate limit is tested elsewhere
    # Each example starts with nobody: an address an earlier example registered would get the
    # owner's mail instead (tested in tests/accounts), and Hypothesis seeds `random`, so
    # allauth's username suffixes would repeat until none is left.
    User.objects.all().delete()
    before = User.objects.count()
    fields = {"email": email, "password1": password1, "password2": password2}

    response = Client().post(reverse("account_signup"), _post_data(fields, extras))
    event(f"signup answered {response.status_code}")

    if response.status_code == 302:
        assert User.objects.count() == before + 1
        person = User.objects.latest("pk")
        assert not person.is_staff
        assert not person.is_superuser
        assert person.check_password(password1)
        return
    assert response.status_code in REFUSED
    assert _names_a_field(response.context["form"]), response.context["form"].errors
    assert User.objects.count() == before


# --- one mailbox, one account (F6) -------------------------------------------------------

# Characters that print as nothing; mail systems drop them or map them away.
HIDDEN_CHARACTERS = ["\u200b", "\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"]
FULLWIDTH_OFFSET = 0xFEE0  # from an ASCII letter or digit to its fullwidth form


@st.composite
def respelt_mailboxes(draw) -> tuple[str, str]:
    """A mailbox, and the same mailbox spelt another way: wider or upper-case letters,
    hidden characters, a quoted local part."""
    local = draw(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z]{2,8}\.(org|com|de)", fullmatch=True))
    address = f"{local}@{domain}"
    variant = list(address)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = variant.index("@")
        where = draw(st.sampled_from([i for i in range(len(variant)) if i != at]))
        kind = draw(st.sampled_from(["upper", "fullwidth", "hidden", "quoted"]))
        if kind == "upper":
            variant[where] = variant[where].upper()
        elif kind == "fullwidth" and variant[where].isascii():
            variant[where] = chr(ord(variant[where]) + FULLWIDTH_OFFSET)
        elif kind == "hidden":
            variant.insert(where, draw(st.sampled_from(HIDDEN_CHARACTERS)))
        elif kind == "quoted" and not variant[0].startswith('"'):
            variant = ['"', *variant[:at], '"', *variant[at:]]
    return address, "".join(variant)


@fuzz
@given(pair=respelt_mailboxes())
def test_no_spelling_of_a_registered_mailbox_makes_a_second_account(db, pair):
    address, variant = pair
    caches["default"].clear()  # the sign-up rate limit is tested elsewhere
    mail.outbox.clear()
    User.objects.all().delete()
    UserFactory(email=address)
    event("respelt" if variant != address else "same spelling")

    response = Client().post(
        reverse("account_signup"),
        {"email": variant, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )

    assert response.status_code in (200, 302)
    assert list(User.objects.values_list("email", flat=True)) == [address]
    assert {recipient for message in mail.outbox for recipient in message.to} <= {address}


# --- admin changelists (F7) -------------------------------------------------------------

ADMINS = sorted(admin.site._registry.values(), key=str)
OTHER_LOOKUPS = [
    "",
    "exact",
    "iexact",
    "contains",
    "in",
    "gt",
    "gte",
    "lt",
    "range",
    "startswith",
    "isnull",
    "isempty",
    "date",
    "id__exact",
    "name__regex",
    "password__startswith",
]
CHANGELIST_PARAMETERS = ["o", "p", "q", "e", "all", "_to_field", "_popup", "_facets", "t"]
# Patterns SQLite cannot compile or takes for ever over, and what else regex may meet.
patterns = st.one_of(st.sampled_from(["(", "[", "*", "^(.*.*)*$X", "(a+)+$"]), hostile_text)
date_parts = st.one_of(
    st.sampled_from(["0", "1", "12", "31", "9999", "99999"]),
    st.integers(min_value=-1, max_value=100_000).map(str),
    hostile_text,
)
admin_values = st.one_of(
    hostile_text,
    st.sampled_from(["1", "0", "-1", "1,2", "", "id", "-id", "2026-12-02", "\x00", "a\x00"]),
    st.dates().map(str),
)


def _admin_pairs(model_admin) -> st.SearchStrategy[tuple[str, str]]:
    """Query-string pairs: the declared filters' own names, the model's fields with any
    lookup (a regex with a pattern, a date part with a number), the changelist's own
    parameters, and junk."""
    model = model_admin.model
    fields = st.sampled_from(sorted(field.name for field in model._meta.get_fields()))
    declared = sorted(model_admin.declared_parameters()) or ["q"]

    def lookup(names: list[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda field, name: f"{field}__{name}" if name else field,
            fields,
            st.sampled_from(names),
        )

    return st.one_of(
        st.tuples(st.sampled_from(declared), admin_values),
        st.tuples(lookup(["regex", "iregex"]), patterns),
        st.tuples(lookup(["year", "month", "day"]), date_parts),
        st.tuples(lookup(OTHER_LOOKUPS), admin_values),
        st.tuples(st.sampled_from(CHANGELIST_PARAMETERS), admin_values),
        st.tuples(st.text(max_size=20), admin_values),
    )


@pytest.fixture
def admin_rows(staff_user):
    """A row on every changelist: a pattern or a date is only tried against rows."""
    step = LearningStepFactory()
    requirement = RequirementFactory(skill=step.skill)
    assessment = AssessmentFactory(owner=staff_user, rung=requirement.rung)
    RatingFactory(assessment=assessment, skill=step.skill)
    ProfileFactory(user=staff_user)


@settings(fuzz, max_examples=150)
@given(data=st.data())
def test_admin_changelists_survive_any_query_string(client_as, staff_user, admin_rows, data):
    model_admin = data.draw(st.sampled_from(ADMINS), label="admin")
    opts = model_admin.model._meta
    query = data.draw(st.lists(_admin_pairs(model_admin), max_size=4), label="query")
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    response = client_as(staff_user).get(url, query)
    event(f"changelist answered {response.status_code}")

    assert response.status_code in (200, 302, 400)


# Values that have broken one database or another: NUL (PostgreSQL), a broken pattern,
# numbers past 64 bits, an empty value, non-ASCII digits.
NASTY_VALUES = ["\x00", "draft\x00", "(", "9" * 30, "-1", "", "١٢", "1e309", "' OR 1=1 --"]


@pytest.mark.parametrize("model_admin", ADMINS, ids=str)
def test_every_declared_filter_survives_nasty_values(
    client_as, staff_user, admin_rows, model_admin
):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    client = client_as(staff_user)

    statuses = {
        (name, value): client.get(url, {name: value}).status_code
        for name in sorted(model_admin.declared_parameters())
        for value in NASTY_VALUES
    }

    assert set(statuses.values()) <= {200, 302, 400}, statuses


# --- import_framework ------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = [
    "name",
    "slug",
    "category",
    "description",
    "order",
    "overview",
    "responsibilities",
    "role",
    "title",
    "summary",
    "salary_min",
    "salary_max",
    "next_rungs",
    "rung",
    "skill",
    "level",
    "importance",
    "kind",
    "url",
    "hours",
    "target_level",
    "unknown",
]
MODELS = [
    "careers.skillcategory",
    "careers.skill",
    "careers.role",
    "careers.rung",
    "careers.requirement",
    "careers.learningstep",
    "auth.user",
    "careers.nothing",
]
record = st.fixed_dictionaries(
    {
        "model": st.one_of(st.sampled_from(MODELS), hostile_text),
        "fields": st.dictionaries(
            st.sampled_from(FIELD_NAMES),
            st.one_of(json_values, st.lists(st.text(max_size=10), max_size=3)),
            max_size=8,
        ),
    }
)
import_files = st.one_of(
    st.text(max_size=200),
    json_values.map(json.dumps),
    st.lists(record, max_size=5).map(json.dumps),
    st.binary(max_size=50).map(lambda b: b.decode("latin-1")),
)


@pytest.fixture
def framework(db):
    category = SkillCategoryFactory(slug="programming")
    skill = SkillFactory(slug="python", category=category)
    LearningStepFactory(skill=skill)
    RequirementFactory(skill=skill)


@fuzz
@given(text=import_files)
def test_import_framework_refuses_junk_cleanly_and_changes_nothing(framework, tmp_path, text):
    path = tmp_path / "framework.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = export_framework()

    try:
        call_command("import_framework", str(path), stdout=io.StringIO())
        event("import accepted")
    except CommandError as refusal:
        message = str(refusal)
        event(f"import refused: {message.split(':')[0][:30]}")
        assert message.startswith(("The file", "Record ", "Cannot read")), message
        assert export_framework() == before


def test_import_framework_names_the_record_and_field_it_refuses(framework, tmp_path):
    path = tmp_path / "framework.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "careers.skillcategory",
                    "fields": {"name": "X", "slug": "x", "order": "9" * 40},
                }
            ]
        )
    )

    with pytest.raises(CommandError, match=r"Record 1 .*'order'"):
        call_command("import_framework", str(path), stdout=io.StringIO())


# --- extra fields are ignored ----------------------------------------------------------


def test_extra_fields_on_the_rating_form_are_ignored(client_as, user, other_user, rung):
    draft = AssessmentFactory(owner=user, rung=rung)
    data = {f"skill-{s}": "1" for s in rung.requirements.values_list("skill_id", flat=True)}
    data.update(
        action="save",
        owner=other_user.pk,
        status="submitted",
        readiness="100",
        ready="true",
        is_staff="on",
        submitted_at="2020-01-01T00:00:00Z",
    )

    response = client_as(user).post(draft.get_absolute_url(), data)

    draft.refresh_from_db()
    user.refresh_from_db()
    assert response.status_code == 302
    assert draft.owner == user
    assert draft.status == Assessment.Status.DRAFT
    assert draft.readiness is None
    assert draft.submitted_at is None
    assert not user.is_staff


def test_extra_fields_on_a_submit_do_not_set_the_readiness(client_as, user, other_user, rung):
    draft = AssessmentFactory(owner=user, rung=rung)
    data = {f"skill-{s}": "0" for s in rung.requirements.values_list("skill_id", flat=True)}
    data.update(action="submit", owner=other_user.pk, readiness="100", ready="true")

    client_as(user).post(draft.get_absolute_url(), data)

    draft.refresh_from_db()
    assert draft.owner == user
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.readiness == 0
    assert draft.ready is False


def test_extra_fields_on_signup_do_not_make_staff(db):
    data = {
        "email": "sneaky@example.org",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "is_staff": "on",
        "is_superuser": "on",
        "groups": "1",
    }

    Client().post(reverse("account_signup"), data)

    person = User.objects.get(email="sneaky@example.org")
    assert not person.is_staff
    assert not person.is_superuser
    assert not person.groups.exists()


# --- what a person wrote is escaped ----------------------------------------------------


@pytest.fixture
def scripted(user):
    """A submitted assessment whose note, skill and category names all carry markup."""
    category = SkillCategoryFactory(name=f"Cat {SCRIPT}")
    skill = SkillFactory(name="Skill <img src=x onerror=alert(2)>", category=category)
    requirement = RequirementFactory(skill=skill)
    assessment = AssessmentFactory(owner=user, rung=requirement.rung)
    services.submit_assessment(assessment=assessment, ratings={skill.pk: (1, SCRIPT)})
    return assessment


def _assert_escaped(body: str) -> None:
    assert SCRIPT not in body
    assert "<img src=x" not in body


def test_a_note_with_markup_is_escaped_on_the_report(client_as, user, scripted):
    body = client_as(user).get(scripted.get_report_url()).content.decode()

    _assert_escaped(body)
    assert escape("<img src=x onerror=alert(2)>") in body


def test_a_note_with_markup_is_escaped_on_the_submitted_form(client_as, user, scripted):
    body = client_as(user).get(scripted.get_absolute_url()).content.decode()

    _assert_escaped(body)
    assert escape(SCRIPT) in body


def test_a_note_with_markup_is_escaped_in_the_draft_form(client_as, user, rung):
    draft = AssessmentFactory(owner=user, rung=rung)
    skill_id = rung.requirements.values_list("skill_id", flat=True).first()
    Rating.objects.create(assessment=draft, skill_id=skill_id, level=None, note=SCRIPT)

    body = client_as(user).get(draft.get_absolute_url()).content.decode()

    _assert_escaped(body)
    assert escape(SCRIPT) in body


def test_a_note_with_markup_is_escaped_in_admin(client_as, staff_user, scripted):
    url = reverse("admin:assessments_assessment_change", args=[scripted.pk])

    body = client_as(staff_user).get(url).content.decode()

    _assert_escaped(body)
    assert escape(SCRIPT) in body


def test_a_note_with_markup_is_plain_data_in_the_json_export(client_as, user, scripted):
    response = client_as(user).get(reverse("assessments:report_json", args=[scripted.public_id]))

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["items"][0]["category"] == f"Cat {SCRIPT}"


# --- CSV formula injection -------------------------------------------------------------


@pytest.mark.parametrize("formula", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", '=HYPERLINK("x")'])
def test_csv_export_neutralises_formulas(client_as, user, formula):
    category = SkillCategoryFactory(name=formula + " category")
    skill = SkillFactory(name=formula, category=category)
    requirement = RequirementFactory(skill=skill)
    assessment = AssessmentFactory(owner=user, rung=requirement.rung)
    services.submit_assessment(assessment=assessment, ratings={skill.pk: (1, formula)})

    response = client_as(user).get(reverse("assessments:report_csv", args=[assessment.public_id]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{formula}" in cells
    assert f"'{formula} category" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


# --- the readiness probe, and token masking in logs ------------------------------------


@fuzz
@given(
    method=st.sampled_from(["get", "head", "post", "put", "patch", "delete", "options", "trace"]),
    query=st.dictionaries(hostile_text, hostile_text, max_size=3),
    request_id=hostile_text,
)
def test_readyz_survives_any_method_query_and_header(db, method, query, request_id):
    response = getattr(Client(), method)("/readyz", query, headers={"X-Request-ID": request_id})

    assert response.status_code in (200, 405)
    if method == "get":
        assert set(response.json()["checks"]) == {"database", "cache", "broker"}


# What may follow a token in a URL, or end it: never part of the token itself.
URL_BREAKS = "/?#&\"'<>"
tokens = st.text(
    alphabet=st.characters(
        blacklist_characters=URL_BREAKS, blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")
    ),
    min_size=8,
    max_size=60,
)


@fuzz
@given(
    token=tokens,
    before=hostile_text,
    after=st.sampled_from(["", "/", "/?step=2", " HTTP/1.1", '"', "&next=1"]),
    path=st.sampled_from(["/reviews/", "/shared/", "/teams/join/", "/accounts/confirm-email/"]),
)
def test_no_token_survives_masking_whatever_surrounds_it(token, before, after, path):
    masked = mask_secrets(f"{before}{path}{token}{after}")

    assert token not in masked.replace(before, "", 1)


# --- two-factor sign-in and single sign-on (DESIGN.md §19) ------------------------------

codes = st.one_of(
    maybe_missing,
    st.text(alphabet="0123456789 -", max_size=40),
    st.just("0" * 10_000),
)


@fuzz
@given(code=codes, extras=extra_fields)
def test_the_code_step_of_log_in_survives_anything_and_never_signs_in(db, code, extras):
    caches["default"].clear()  # code guessing has its own limit, tested in tests/accounts
    person = User.objects.filter(email="enrolled@example.org").first()
    if person is None:
        person = UserFactory(email="enrolled@example.org")
        enrol_totp(person)
    client = Client()
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), _post_data({"code": code}, extras))

    assert response.status_code in REFUSED
    # Without a code the post reads as a passkey answer, and the page is shown again.
    assert code is None or "code" in response.context["form"].errors
    assert "_auth_user_id" not in client.session


@fuzz
@given(code=codes, extras=extra_fields)
def test_enrolling_an_authenticator_app_survives_anything_and_adds_nothing(db, code, extras):
    caches["default"].clear()
    person = User.objects.filter(email="enrolling@example.org").first() or UserFactory(
        email="enrolling@example.org"
    )
    client = Client()
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))  # the secret to confirm, kept in the session

    response = client.post(reverse("mfa_activate_totp"), _post_data({"code": code}, extras))

    assert response.status_code in REFUSED
    assert "code" in response.context["form"].errors
    assert not Authenticator.objects.filter(user=person).exists()


@pytest.fixture
def unreachable_provider(db):
    """A provider configured at a loopback port where nothing listens."""
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="sso",
        name="Nowhere",
        client_id="skillgap",
        secret="secret",
        settings={"server_url": "http://127.0.0.1:9", "oauth_pkce_enabled": True},
    )


@fuzz
@given(
    query=st.dictionaries(
        st.sampled_from(["code", "state", "error", "error_description", "iss", "next"]),
        hostile_text,
    )
)
def test_the_sign_on_callback_survives_any_query_and_signs_nobody_in(unreachable_provider, query):
    client = Client()

    response = client.get(reverse("openid_connect_callback", args=["sso"]), query)

    assert response.status_code in (400, 401, 403)
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


@fuzz
@given(
    extras=st.dictionaries(
        st.sampled_from(["next", "process", "scope", "auth_params"]), hostile_text
    )
)
def test_starting_single_sign_on_with_a_provider_away_is_a_calm_refusal(
    unreachable_provider, extras
):
    response = Client().post(reverse("openid_connect_login", args=["sso"]), extras)

    assert response.status_code in (400, 401, 403, 502, 503)

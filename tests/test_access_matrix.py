"""Who may open what: every URL the project defines, for each kind of visitor.

The URL list comes from walking the resolver, so a new URL without a rule in RULES fails
here until someone decides who may open it. Owned-assessment URLs answer 404 to everybody
but the owner (staff included), never 403, so nobody learns that an assessment exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.middleware import STAFF_MFA_MESSAGE
from assessments import services
from tests.factories import AssessmentFactory, RequirementFactory, RungFactory

LOGIN = "redirect to login"
ADMIN_LOGIN = "redirect to admin login"
REDIRECT = "redirect elsewhere"
VISITORS = ("anonymous", "owner", "other", "editor", "superuser")

# Namespaces whose URLs need other kinds of visitor (a reviewer, a team's manager, …): each
# has its own matrix, which walks the resolver for that namespace the same way and fails
# on a URL without a rule.
MATRIX_ELSEWHERE = {
    "reviews": "tests/reviews/test_access_matrix.py",
    "shares": "tests/reviews/test_share_access_matrix.py",
    "teams": "tests/teams/test_access_matrix.py",
}

# Django's admin generates a URL per model and action; these few stand for all of them.
ADMIN_URLS = [
    "admin:index",
    "admin:auth_user_changelist",
    "admin:auth_user_change",
    "admin:auth_group_changelist",
    "admin:assessments_assessment_changelist",
    "admin:assessments_assessment_change",
    "admin:assessments_profile_changelist",
    "admin:careers_skill_changelist",
    "admin:careers_skill_delete",
    "admin:careers_role_change",
    "admin:careers_role_import_esco",
    "admin:account_emailaddress_changelist",
]


@dataclass(frozen=True)
class Rule:
    """Expected answer per visitor: a status code, LOGIN, ADMIN_LOGIN or REDIRECT."""

    anonymous: int | str
    owner: int | str
    other: int | str
    editor: int | str
    superuser: int | str
    method: str = "get"


def everyone(status: int | str) -> Rule:
    return Rule(status, status, status, status, status)


def anonymous_only(status: int | str = 200) -> Rule:
    """Sign-in and sign-up pages: a signed-in visitor is sent on to their dashboard."""
    return Rule(status, REDIRECT, REDIRECT, REDIRECT, REDIRECT)


def signed_in(status: int | str = 200, method: str = "get") -> Rule:
    return Rule(LOGIN, status, status, status, status, method)


def owner_only(status: int | str = 200, method: str = "get") -> Rule:
    return Rule(LOGIN, status, 404, 404, 404, method)


def staff(editor: int | str, superuser: int | str = 200) -> Rule:
    return Rule(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, editor, superuser)


RULES: dict[str, Rule] = {
    # careers: the public catalogue
    "careers:home": everyone(200),
    "careers:healthz": everyone(200),
    "careers:favicon": everyone(REDIRECT),
    "readyz": everyone(200),
    "careers:role_detail": everyone(200),
    # assessments: a person's own work
    "assessments:dashboard": signed_in(200),
    "assessments:new": signed_in(200),
    "assessments:rate": owner_only(200),
    "assessments:retake": owner_only(REDIRECT, method="post"),
    "assessments:report": owner_only(200),
    "assessments:report_full": owner_only(200),
    "assessments:hours_per_week": owner_only(422, method="post"),  # an empty post is refused
    "assessments:report_csv": owner_only(200),
    "assessments:report_json": owner_only(200),
    "assessments:range_json": owner_only(200),
    # progress: a plan's step states and goal (on an assessment), My plan, the calendar
    "progress:step_state": owner_only(422, method="post"),  # an empty post is refused
    "progress:goal": owner_only(422, method="post"),
    "progress:plan": signed_in(200),
    "progress:renew_feed": signed_in(REDIRECT, method="post"),
    "progress:revoke_feed": signed_in(REDIRECT, method="post"),
    "progress:calendar": everyone(404),  # a token that opens no feed
    # privacy
    "download_my_data": signed_in(200),
    # Deleting asks the person to confirm it is them first (REDIRECT to reauthenticate).
    "delete_account": signed_in(REDIRECT),
    "account_profile": signed_in(200),
    "account_reminders": signed_in(200),
    # A bogus signed token: 404 for anyone; a real one works signed out (one-click).
    "account_unsubscribe": everyone(404),
    # allauth: the pages SkillGap uses
    "account_login": anonymous_only(200),
    "account_signup": anonymous_only(200),
    "account_logout": Rule(REDIRECT, 200, 200, 200, 200),
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(200),  # a bad key: "link invalid" page
    "account_reset_password_from_key_done": everyone(200),
    "account_change_password": signed_in(200),
    "account_set_password": signed_in(REDIRECT),  # everyone has a password: go to change
    "account_email": signed_in(200),
    "account_inactive": everyone(200),
    # allauth: e-mail verification (sign-up lands on "sent"; a bad key: "link invalid")
    "account_email_verification_sent": everyone(200),
    "account_confirm_email": everyone(200),
    # allauth: re-entering a password, or a code mailed to the verified address
    "account_reauthenticate": signed_in(200),
    # Confirming through single sign-on: no one here has a provider, so on to the password.
    "account_reauthenticate_sso": signed_in(REDIRECT),
    "account_request_reauthentication_code": signed_in(200),
    # allauth: features SkillGap does not turn on (no login codes)
    "account_confirm_reauthentication_code": signed_in(REDIRECT),
    "account_confirm_login_code": signed_in(REDIRECT),
    # allauth.mfa: anyone signed in enrols, views and removes their own factors. The owner
    # and the other person have none; the editor and the superuser have an authenticator app.
    # Every change first asks for the password again (REDIRECT to reauthenticate).
    "mfa_index": signed_in(200),
    "mfa_list_webauthn": signed_in(200),
    "mfa_activate_totp": signed_in(REDIRECT),
    "mfa_add_webauthn": signed_in(REDIRECT),
    "mfa_generate_recovery_codes": signed_in(REDIRECT),
    "mfa_edit_webauthn": signed_in(REDIRECT),  # even for nobody's passkey
    "mfa_remove_webauthn": signed_in(REDIRECT),
    "mfa_reauthenticate_webauthn": signed_in(REDIRECT),
    "mfa_deactivate_totp": Rule(LOGIN, 404, 404, REDIRECT, REDIRECT),
    "mfa_view_recovery_codes": Rule(LOGIN, 404, 404, REDIRECT, REDIRECT),
    "mfa_download_recovery_codes": Rule(LOGIN, 404, 404, REDIRECT, REDIRECT),
    # Re-entering a code instead of the password: only for people who have one.
    "mfa_reauthenticate": Rule(LOGIN, REDIRECT, REDIRECT, 200, 200),
    # A second factor is asked for only mid log-in; without one pending, the visitor is sent on.
    "mfa_authenticate": anonymous_only(LOGIN),
    "mfa_login_webauthn": anonymous_only(LOGIN),
    # allauth.socialaccount: single sign-on (no provider configured in this matrix: 404)
    "openid_connect_login": everyone(404),
    "openid_connect_callback": everyone(404),
    "socialaccount_connections": signed_in(200),
    "socialaccount_signup": everyone(LOGIN),  # only mid single sign-on
    "socialaccount_login_cancelled": everyone(200),
    "socialaccount_login_error": everyone(401),
    # allauth's old addresses for the same pages
    "accounts/social/connections/": everyone(REDIRECT),
    "accounts/social/login/cancelled/": everyone(REDIRECT),
    "accounts/social/login/error/": everyone(REDIRECT),
    "accounts/social/signup/": everyone(REDIRECT),
    # admin: signing in goes through /accounts/login/; signed in but not staff is refused
    "admin_login": Rule(LOGIN, 403, 403, REDIRECT, REDIRECT),
    # admin: framework editors see the framework, never people or their assessments
    "admin:index": staff(editor=200),
    "admin:auth_user_changelist": staff(editor=403),
    "admin:auth_user_change": staff(editor=403),
    "admin:auth_group_changelist": staff(editor=403),
    "admin:assessments_assessment_changelist": staff(editor=403),
    "admin:assessments_assessment_change": staff(editor=403),
    "admin:assessments_profile_changelist": staff(editor=403),
    "admin:careers_skill_changelist": staff(editor=200),
    "admin:careers_skill_delete": staff(editor=200),  # a rated skill: the page refuses
    "admin:careers_role_change": staff(editor=200),
    "admin:careers_role_import_esco": staff(editor=200),
    "admin:account_emailaddress_changelist": staff(editor=403),
}


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry, inner, route)
        elif isinstance(entry, URLPattern):
            name = entry.name and ":".join(part for part in (namespace, entry.name) if part)
            yield name or route


def url_names(namespace: str) -> list[str]:
    """Every URL name in `namespace`, for the matrices in MATRIX_ELSEWHERE."""
    return sorted({name for name in _walk(get_resolver()) if name.startswith(f"{namespace}:")})


def project_urls() -> list[str]:
    """Every URL pattern's name (or route, if unnamed), with the admin's stand-ins."""
    elsewhere = tuple(f"{namespace}:" for namespace in MATRIX_ELSEWHERE)
    found = [
        name
        for name in _walk(get_resolver())
        if not name.startswith(("admin:", "admin/", *elsewhere))
    ]
    return sorted(set(found)) + ADMIN_URLS


@pytest.fixture
def world(user, other_user, editor, staff_user):
    """A role with one rung, the owner's draft and submitted assessment, and everyone's client."""
    rung = RungFactory()
    for _ in range(3):
        RequirementFactory(rung=rung)
    ratings = {
        skill_id: (2, "") for skill_id in rung.requirements.values_list("skill_id", flat=True)
    }
    submitted = AssessmentFactory(owner=user, rung=rung)
    services.submit_assessment(assessment=submitted, ratings=ratings)
    draft = AssessmentFactory(owner=user, rung=RequirementFactory().rung)
    people = {"owner": user, "other": other_user, "editor": editor, "superuser": staff_user}
    return {"rung": rung, "submitted": submitted, "draft": draft, "people": people}


def url_of(name: str, world: dict) -> str:
    """The path to visit for `name`: an unnamed pattern stands for itself (allauth's old
    addresses)."""
    return f"/{name}" if "/" in name else reverse(name, kwargs=_kwargs(name, world))


def _kwargs(name: str, world: dict) -> dict[str, object]:
    """Arguments for the URL: the owner's assessment, a real role, or a bogus key."""
    args_by_name = {
        "careers:role_detail": {"slug": world["rung"].role.slug},
        "assessments:rate": {"public_id": world["draft"].public_id},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_unsubscribe": {"token": "not-a-real-token"},
        "progress:step_state": {"public_id": world["submitted"].public_id},
        "progress:goal": {"public_id": world["submitted"].public_id},
        "progress:calendar": {"token": "not-a-real-token"},
        "account_reset_password_from_key": {"uidb36": "zz", "key": "not-a-real-key"},
        "admin:auth_user_change": {"object_id": world["people"]["other"].pk},
        "admin:assessments_assessment_change": {"object_id": world["submitted"].pk},
        "admin:careers_role_change": {"object_id": world["rung"].role_id},
        "admin:careers_skill_delete": {"object_id": world["rung"].requirements.first().skill_id},
        "mfa_edit_webauthn": {"pk": 999_999},
        "mfa_remove_webauthn": {"pk": 999_999},
        "openid_connect_login": {"provider_id": "sso"},
        "openid_connect_callback": {"provider_id": "sso"},
    }
    if name in args_by_name:
        return args_by_name[name]
    if name.startswith("assessments:") and name not in {"assessments:dashboard", "assessments:new"}:
        return {"public_id": world["submitted"].public_id}
    return {}


def _outcome(response) -> int | str:
    if response.status_code not in (301, 302):
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("account_login")):
        return LOGIN
    if location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return REDIRECT


def _without_csrf_tokens(response) -> str:
    # Each page masks the CSRF token afresh; everything else must match byte for byte.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_every_url_has_an_access_rule():
    missing = [name for name in project_urls() if name not in RULES]

    assert missing == [], (
        f"No access rule for {missing}: add one to RULES in {__file__} saying what an "
        "anonymous visitor, the owner, another person, a framework editor and a superuser get."
    )


@pytest.mark.parametrize("namespace", sorted(MATRIX_ELSEWHERE))
def test_every_namespace_left_out_here_has_its_own_matrix(namespace):
    matrix = Path(settings.BASE_DIR) / MATRIX_ELSEWHERE[namespace]

    assert not url_names(namespace) or matrix.is_file(), f"{namespace} URLs need {matrix}"


def test_every_access_rule_names_a_real_url():
    stale = sorted(set(RULES) - set(project_urls()))

    assert stale == [], f"RULES names URLs that no longer exist: {stale}"


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", project_urls())
def test_access(world, name, visitor):
    if name not in RULES:
        pytest.fail(f"No access rule for {name!r}: add one to RULES in {__file__}.")
    rule = RULES[name]
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    url = url_of(name, world)

    response = getattr(client, rule.method)(url)

    assert _outcome(response) == getattr(rule, visitor), f"{visitor} {rule.method.upper()} {url}"


@pytest.mark.parametrize("visitor", ["other", "editor", "superuser"])
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize(
    "name",
    [
        "rate",
        "retake",
        "report",
        "report_full",
        "hours_per_week",
        "report_csv",
        "report_json",
        "range_json",
        "step_state",
        "goal",
    ],
)
def test_someone_elses_assessment_is_404_whatever_the_method(world, name, method, visitor):
    client = Client()
    client.force_login(world["people"][visitor])
    namespace = "progress" if name in ("step_state", "goal") else "assessments"
    url = reverse(f"{namespace}:{name}", args=[world["submitted"].public_id])

    response = getattr(client, method)(url)

    assert response.status_code == 404


def test_a_missing_assessment_looks_exactly_like_someone_elses(world):
    client = Client()
    client.force_login(world["people"]["other"])
    someone_elses = client.get(reverse("assessments:report", args=[world["submitted"].public_id]))
    missing = client.get(
        reverse("assessments:report", args=["00000000-0000-4000-8000-000000000000"])
    )

    assert someone_elses.status_code == missing.status_code == 404
    assert _without_csrf_tokens(someone_elses) == _without_csrf_tokens(missing)


@pytest.mark.parametrize("visitor", ["editor", "superuser"])
@pytest.mark.parametrize("name", ADMIN_URLS)
def test_staff_without_a_second_factor_are_sent_to_enrolment_from_every_admin_page(
    world, name, visitor
):
    person = world["people"][visitor]
    Authenticator.objects.filter(user=person).delete()
    client = Client()
    client.force_login(person)

    response = client.get(reverse(name, kwargs=_kwargs(name, world)), follow=True)

    assert response.redirect_chain == [(reverse("mfa_index"), 302)]
    assert STAFF_MFA_MESSAGE in response.content.decode()


@pytest.mark.parametrize("visitor", ["editor", "superuser"])
def test_staff_without_a_second_factor_open_the_admin_when_the_rule_is_off(
    world, visitor, settings
):
    settings.STAFF_MFA_REQUIRED = False
    person = world["people"][visitor]
    Authenticator.objects.filter(user=person).delete()
    client = Client()
    client.force_login(person)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_editor_admin_index_lists_no_people_or_assessments(world):
    client = Client()
    client.force_login(world["people"]["editor"])

    body = client.get(reverse("admin:index")).content.decode()

    assert "Skills" in body
    for hidden in ("Users", "Groups", "Assessments", "Profiles", "Ratings"):
        assert f">{hidden}<" not in body

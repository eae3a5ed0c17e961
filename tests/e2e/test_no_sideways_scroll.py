"""No page of the app or of its account pages scrolls sideways on a 390 px phone.

Every URL the app serves is either visited here, signed in as whoever would see it and
with every <details> opened, or named in NOT_PAGES with the reason it is not a page (a
POST-only action, a download). Django's admin is Django's own and left out. A test
without the browser keeps the list whole: a new URL fails it until it is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Page

from accounts.reminders import DIGEST, unsubscribe_token
from careers.models import Rung
from reviews.models import ReviewRequest
from reviews.sharing import create_share_link
from teams import services as teams
from tests.e2e.helpers import build_history, review_step, smallest_rung
from tests.e2e.reviews_support import build_review_world
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}
WIDER_THAN_THE_SCREEN_JS = """() => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const root = document.documentElement;
  return root.scrollWidth > root.clientWidth ? root.scrollWidth : 0;
}"""
# The widest elements that stick out, to say where to look.
CULPRITS_JS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => (el.getBoundingClientRect().right > width + 1
                     && el.parentElement.getBoundingClientRect().right <= width + 1)
                    || (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
                        && getComputedStyle(el).overflowX === "visible"))
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 40)}"`);
}"""

POST_ONLY = "a POST-only action: it redirects or answers 405, and its errors show on its page"
DOWNLOAD = "not a page: a download or data for scripts"
MID_FLOW = (
    "only mid log-in, reauthentication or single sign-on, or for a factor the visitor has; "
    "otherwise it redirects or answers 404"
)
NOT_PAGES = {
    "readyz": DOWNLOAD,
    "progress:calendar": DOWNLOAD,
    "progress:step_state": POST_ONLY,
    "progress:goal": POST_ONLY,
    "progress:renew_feed": POST_ONLY,
    "progress:revoke_feed": POST_ONLY,
    "mfa_authenticate": MID_FLOW,
    "mfa_reauthenticate": MID_FLOW,
    "mfa_reauthenticate_webauthn": MID_FLOW,
    "mfa_login_webauthn": POST_ONLY,
    "mfa_deactivate_totp": MID_FLOW,
    "mfa_view_recovery_codes": MID_FLOW,
    "mfa_download_recovery_codes": DOWNLOAD,
    "mfa_edit_webauthn": MID_FLOW,
    "mfa_remove_webauthn": MID_FLOW,
    "openid_connect_login": MID_FLOW,
    "account_reauthenticate_sso": MID_FLOW,
    "openid_connect_callback": MID_FLOW,
    "socialaccount_signup": MID_FLOW,
    "careers:healthz": DOWNLOAD,
    "careers:favicon": DOWNLOAD,
    "download_my_data": DOWNLOAD,
    "assessments:range_json": DOWNLOAD,
    "assessments:report_csv": DOWNLOAD,
    "assessments:report_json": DOWNLOAD,
    "teams:heatmap_csv": DOWNLOAD,
    "assessments:retake": POST_ONLY,
    "assessments:hours_per_week": POST_ONLY,
    "reviews:ask": POST_ONLY,
    "reviews:revoke": POST_ONLY,
    "reviews:hide": POST_ONLY,
    "shares:create": POST_ONLY,
    "shares:revoke": POST_ONLY,
    "teams:sharing": POST_ONLY,
    "teams:leave": POST_ONLY,
    "teams:rename": POST_ONLY,
    "teams:delete": POST_ONLY,
    "teams:renew_invite": POST_ONLY,
    "teams:make_manager": POST_ONLY,
    "teams:demote_manager": POST_ONLY,
    "teams:remove_member": POST_ONLY,
}


@dataclass(frozen=True)
class Visit:
    who: object | None  # None: signed out
    path: str


def _walk(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            names += _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(":".join(part for part in (namespace, entry.name) if part))
    return names


@dataclass(frozen=True)
class World:
    """Everything the pages need: a person's history, reviews, a share link and a team."""

    user: object
    other_user: object  # with no assessments: the empty dashboard
    newcomer: object  # with a long address and nothing else
    reviewer: object
    draft: str  # public ids
    submitted: str
    review_step: int
    report: str  # paths
    review_links: dict[str, str]
    given_pk: int
    share_token: str
    team: str  # slug
    team_rung: int
    invite: str
    confirm_key: str
    reset: dict[str, str]


def _world(user, other_user) -> World:
    # A long address with no break in it, as pages that name the person show it.
    user.email = "ada.lovelace-byron.analytical.engine@difference-engines.example.org"
    user.save()
    EmailAddress.objects.filter(user=user).update(email=user.email)
    history = build_history(user)
    reviews = build_review_world(user)
    given = ReviewRequest.objects.filter(reviewer=reviews.reviewer, submitted_at__isnull=False)
    _, share_token = create_share_link(assessment=history.latest, days=30, include_notes=True)
    team, invite = teams.create_team(creator=user, name="Applied machine learning and data")
    teams.join_team(team=team, person=reviews.reviewer, shares=True)
    unverified = UserFactory(email="unverified@example.org", verified=False)
    return World(
        user=user,
        other_user=other_user,
        newcomer=UserFactory(email="a.rather.long.address.for.a.newcomer@example-company.org"),
        reviewer=reviews.reviewer,
        draft=str(history.draft.public_id),
        submitted=str(history.latest.public_id),
        review_step=review_step(history.draft),
        report=history.latest.get_report_url(),
        review_links=reviews.links,
        given_pk=given[0].pk,
        share_token=share_token,
        team=team.slug,
        team_rung=Rung.objects.get(title="Senior AI/ML Engineer").pk,
        invite=invite,
        confirm_key=EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key,
        reset={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )


def _signed_out(name: str, **kwargs) -> Callable[[World], list[Visit]]:
    return lambda w: [Visit(None, reverse(name, kwargs=kwargs or None))]


def _as_user(name: str) -> Callable[[World], list[Visit]]:
    return lambda w: [Visit(w.user, reverse(name))]


# Every page state to look at, by URL name: who sees it, and where.
VISITS: dict[str, Callable[[World], list[Visit]]] = {
    "careers:home": lambda w: [Visit(None, "/"), Visit(w.user, "/")],
    "careers:role_detail": lambda w: [Visit(None, f"/roles/{smallest_rung().role.slug}/")],
    "account_login": _signed_out("account_login"),
    "account_logout": _as_user("account_logout"),
    "account_inactive": _signed_out("account_inactive"),
    "account_signup": _signed_out("account_signup"),
    "account_reauthenticate": _as_user("account_reauthenticate"),
    "account_request_reauthentication_code": _as_user("account_request_reauthentication_code"),
    "account_confirm_reauthentication_code": _as_user("account_confirm_reauthentication_code"),
    "account_email": lambda w: [Visit(w.newcomer, reverse("account_email"))],
    "account_email_verification_sent": _signed_out("account_email_verification_sent"),
    "account_change_password": _as_user("account_change_password"),
    "account_set_password": _as_user("account_set_password"),
    "account_reset_password": _signed_out("account_reset_password"),
    "account_reset_password_done": _signed_out("account_reset_password_done"),
    "account_reset_password_from_key": lambda w: [
        Visit(None, reverse("account_reset_password_from_key", kwargs=w.reset))
    ],
    "account_reset_password_from_key_done": _signed_out("account_reset_password_from_key_done"),
    "account_confirm_login_code": _signed_out("account_confirm_login_code"),
    "account_confirm_email": lambda w: [
        Visit(None, reverse("account_confirm_email", args=[w.confirm_key]))
    ],
    # Asks for the password first: the visit looks at that page.
    "delete_account": _as_user("delete_account"),
    "account_profile": _as_user("account_profile"),
    "account_reminders": _as_user("account_reminders"),
    "account_unsubscribe": lambda w: [
        Visit(None, reverse("account_unsubscribe", args=[unsubscribe_token(w.user.pk, DIGEST)]))
    ],
    "progress:plan": _as_user("progress:plan"),
    "mfa_index": _as_user("mfa_index"),
    "mfa_list_webauthn": _as_user("mfa_list_webauthn"),
    # These three ask for the password first: the visit looks at that page.
    "mfa_activate_totp": _as_user("mfa_activate_totp"),
    "mfa_add_webauthn": _as_user("mfa_add_webauthn"),
    "mfa_generate_recovery_codes": _as_user("mfa_generate_recovery_codes"),
    "socialaccount_connections": _as_user("socialaccount_connections"),
    "socialaccount_login_cancelled": _signed_out("socialaccount_login_cancelled"),
    "socialaccount_login_error": _signed_out("socialaccount_login_error"),
    "admin_login": _signed_out("admin_login"),
    "assessments:dashboard": lambda w: [
        Visit(w.user, "/assessments/"),
        Visit(w.other_user, "/assessments/"),
    ],
    "assessments:new": _as_user("assessments:new"),
    "assessments:rate": lambda w: [
        Visit(w.user, f"/assessments/{w.draft}/"),
        Visit(w.user, f"/assessments/{w.draft}/?step=2"),
        Visit(w.user, f"/assessments/{w.draft}/?step={w.review_step}"),
        Visit(w.user, f"/assessments/{w.submitted}/"),  # submitted: read-only
    ],
    "assessments:report": lambda w: [
        Visit(w.user, w.report),
        Visit(w.user, w.review_links["report-reviewed"]),
    ],
    "assessments:report_full": lambda w: [Visit(w.user, f"{w.report}full/")],
    "reviews:review": lambda w: [
        Visit(None, w.review_links["review-accept"]),  # the invitation, signed out
        Visit(w.newcomer, w.review_links["review-accept"]),
        Visit(w.reviewer, w.review_links["review-step"]),
        Visit(w.reviewer, w.review_links["review-summary"]),
        Visit(w.reviewer, w.review_links["review-submitted"]),
        Visit(None, w.review_links["review-expired"]),
    ],
    "reviews:given": lambda w: [Visit(w.reviewer, reverse("reviews:given", args=[w.given_pk]))],
    "shares:shared": lambda w: [Visit(None, f"/shared/{w.share_token}/")],
    "teams:list": _as_user("teams:list"),
    "teams:new": _as_user("teams:new"),
    "teams:join": lambda w: [Visit(w.newcomer, f"/teams/join/{w.invite}/")],
    "teams:detail": lambda w: [
        Visit(w.user, f"/teams/{w.team}/"),
        Visit(w.user, f"/teams/{w.team}/?rung={w.team_rung}"),
        Visit(w.reviewer, f"/teams/{w.team}/"),
    ],
    "teams:members": lambda w: [Visit(w.user, f"/teams/{w.team}/members/")],
}


def test_every_url_is_either_looked_at_or_said_not_to_be_a_page():
    names = set(_walk(get_resolver()))

    missing = names - set(VISITS) - set(NOT_PAGES)

    assert not missing, f"add these to VISITS (or NOT_PAGES, with a reason): {sorted(missing)}"
    assert not set(VISITS) & set(NOT_PAGES)


@pytest.mark.e2e
def test_no_page_scrolls_sideways_on_a_phone(
    page: Page, framework, user, other_user, sign_in: Callable
):
    page.set_viewport_size(PHONE)
    world = _world(user, other_user)
    wide = []

    for name, visits in VISITS.items():
        for visit in visits(world):
            page.context.clear_cookies()
            if visit.who is not None:
                sign_in(visit.who)
            page.goto(visit.path)
            if width := page.evaluate(WIDER_THAN_THE_SCREEN_JS):
                wide.append(f"{name} {visit.path} is {width}px: {page.evaluate(CULPRITS_JS)}")

    assert not wide, "pages wider than a 390 px phone:\n" + "\n".join(wide)

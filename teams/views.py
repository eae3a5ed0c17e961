"""Team pages (DESIGN §12). Every page goes through `_get_membership`, which answers 404 to
anyone outside the team, and to plain members on a manager's page (never 403: no leak).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.links import on_site
from accounts.tokens import find_by_token, spend_token_guess
from assessments.report.exports import neutralise_cell
from careers.forms import RoleSearchForm
from careers.templatetags.compact import drop_indentation
from teams import inputs, services
from teams.cache import cached_view, team_view_key
from teams.forms import ShareForm, TeamNameForm
from teams.models import Membership, Team

INVALID = 422
FORM_METHODS = ("GET", "HEAD", "POST")
INVITE_SESSION_KEY = "teams_new_invite"
CSV_HEADER = ("member", "skill", "category", "required", "importance", "rated", "gap")

TEAM_CREATED = "Team created. Copy the invite link below: it is shown only once."
LINK_RENEWED = "New invite link made. The old link no longer works."
TEAM_RENAMED = "Team renamed."
TEAM_DELETED = "Team {name} deleted."
JOINED_SHARING = "You joined {name} and share your latest ratings with its managers."
JOINED_NOT_SHARING = "You joined {name}. You do not share your ratings with its managers."
SHARING_ON = "You now share your latest ratings with the managers of {name}."
SHARING_OFF = "You no longer share your ratings with the managers of {name}."
LEFT_TEAM = "You left {name}."
MADE_MANAGER = "{person} now manages the team too."
DEMOTED = "{person} no longer manages the team."
REMOVED_MEMBER = "{person} is no longer in the team."


def _get_membership(request: HttpRequest, slug: str, *, manager: bool = False) -> Membership:
    """The signed-in person's membership of the team; 404 outside it, and 404 for a member
    who is not a manager when `manager` is asked for."""
    found = Membership.objects.select_related("team").for_person(request.user)
    if manager:
        found = found.managers()
    return get_object_or_404(found, team__slug=slug)


def _get_member(mine: Membership, pk: int) -> Membership:
    """Another membership of the same team, for a manager's action on it."""
    return get_object_or_404(Membership.objects.with_person(), team_id=mine.team_id, pk=pk)


@login_required
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "teams/list.html", {"my_teams": inputs.load_my_teams(request.user)})


@login_required
@require_http_methods(FORM_METHODS)
def new(request: HttpRequest) -> HttpResponse:
    form = TeamNameForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        team, token = services.create_team(creator=request.user, name=form.cleaned_data["name"])
        _show_invite_once(request, team, token)
        messages.success(request, TEAM_CREATED)
        return redirect(team)
    status = INVALID if form.is_bound else 200
    return render(request, "teams/new.html", {"form": form}, status=status)


def _show_invite_once(request: HttpRequest, team: Team, token: str) -> None:
    # Only the digest is stored, so the link can be shown on the next page and never again.
    request.session[INVITE_SESSION_KEY] = {"team": team.pk, "token": token}


def _pop_invite_link(request: HttpRequest, team: Team) -> str:
    shown = request.session.get(INVITE_SESSION_KEY)
    if not shown or shown.get("team") != team.pk:
        return ""
    del request.session[INVITE_SESSION_KEY]
    return on_site(reverse("teams:join", args=[shown["token"]]))


@login_required
@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_team(request, _get_membership(request, slug))


def _render_team(
    request: HttpRequest, mine: Membership, *, rename_form: TeamNameForm | None = None
) -> HttpResponse:
    members = inputs.load_members(mine.team)
    context = {"team": mine.team, "mine": mine, "members": members}
    status = INVALID if rename_form is not None else 200
    if mine.is_manager:
        team_view, answers_200 = _team_view(request, mine, members)
        context |= {
            "team_view": team_view,
            "invite_link": _pop_invite_link(request, mine.team),
            "invite_live": mine.team.invite_is_live(),
            "rename_form": rename_form or TeamNameForm(initial={"name": mine.team.name}),
        }
        status = status if answers_200 else INVALID
    return render(request, "teams/detail.html", context, status=status)


def _team_view(
    request: HttpRequest, mine: Membership, members: Sequence[inputs.TeamMember]
) -> tuple[str, bool]:
    """The rung picker, the view of the rung asked for and the members' list, from the
    shared cache when nothing they show has changed (teams.cache); else loaded and
    rendered."""
    asked, typed = request.GET.get("rung", ""), request.GET.get("q", "")
    rung_id = asked.strip()
    key = ""
    if rung_id.isdigit():
        key = team_view_key(rung_id=int(rung_id), search=typed, viewer=mine, members=members)

    def render() -> tuple[str, bool]:
        search = RoleSearchForm(request.GET)
        picker = inputs.load_picker(asked, search.text())
        context = {"team": mine.team, "picker": picker, "search": search}
        if picker.rung is not None:
            context["heatmap"] = inputs.load_heatmap(picker.rung, members, mine)
        context |= {"mine": mine, "members": members}
        html = drop_indentation(render_to_string("teams/_manager_view.html", context, request))
        return html, not (picker.error or search.errors)

    return cached_view(key, render)


@login_required
@require_safe
def heatmap_csv(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    rung = inputs.find_rung(request.GET.get("rung"))
    if rung is None:
        return _render_team(request, mine)
    members = inputs.load_members(mine.team)
    heatmap = inputs.load_heatmap(rung, members, mine, with_steps=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="team-{mine.team.slug}-{rung.slug}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in heatmap.rows:
        for cell in row.cells:
            skill = cell.skill
            values = (row.name, skill.name, skill.category, skill.required, skill.importance)
            rated = "" if cell.rated is None else cell.rated
            writer.writerow([neutralise_cell(v) for v in (*values, rated, cell.gap)])
    return response


@login_required
@require_POST
def rename(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    form = TeamNameForm(request.POST)
    if not form.is_valid():
        return _render_team(request, mine, rename_form=form)
    services.rename_team(team=mine.team, name=form.cleaned_data["name"])
    messages.success(request, TEAM_RENAMED)
    return redirect(mine.team)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    name = mine.team.name
    services.delete_team(team=mine.team)
    messages.success(request, TEAM_DELETED.format(name=name))
    return redirect("teams:list")


@login_required
@require_POST
def renew_invite(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    _show_invite_once(request, mine.team, services.renew_invite(team=mine.team))
    messages.success(request, LINK_RENEWED)
    return redirect(mine.team)


@login_required
@require_http_methods(FORM_METHODS)
def join(request: HttpRequest, token: str) -> HttpResponse:
    spend_token_guess(request)
    team = find_by_token(Team.objects.all(), token, field="invite_digest")
    if team is None:
        raise Http404
    if not team.invite_is_live():
        return render(request, "teams/join_expired.html", {"team": team}, status=410)
    if team.memberships.for_person(request.user).exists():
        return redirect(team)
    form = ShareForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        shares = form.cleaned_data["share"]
        services.join_team(team=team, person=request.user, shares=shares)
        joined = JOINED_SHARING if shares else JOINED_NOT_SHARING
        messages.success(request, joined.format(name=team.name))
        return redirect(team)
    return render(request, "teams/join.html", {"team": team, "form": form})


@login_required
@require_POST
def sharing(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug)
    form = ShareForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on"-like values means not sharing
    services.set_sharing(membership=mine, shares=form.cleaned_data.get("share", False))
    done = SHARING_ON if mine.shares else SHARING_OFF
    messages.success(request, done.format(name=mine.team.name))
    return redirect(_safe_next(request, mine.team.get_absolute_url()))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug)
    try:
        services.leave_team(membership=mine)
    except services.LastManagerError:
        messages.error(request, services.LAST_MANAGER_ERROR)
        return redirect(mine.team)
    messages.success(request, LEFT_TEAM.format(name=mine.team.name))
    return redirect("teams:list")


@login_required
@require_safe
def members(request: HttpRequest, slug: str) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    context = {"team": mine.team, "mine": mine, "members": inputs.load_members(mine.team)}
    return render(request, "teams/members.html", context)


def _to_members(mine: Membership) -> HttpResponse:
    return redirect("teams:members", mine.team.slug)


@login_required
@require_POST
def make_manager(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    member = services.make_manager(membership=_get_member(mine, pk))
    messages.success(request, MADE_MANAGER.format(person=member.display_name))
    return _to_members(mine)


@login_required
@require_POST
def demote_manager(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    member = _get_member(mine, pk)
    try:
        services.demote_manager(membership=member)
    except services.LastManagerError:
        messages.error(request, services.LAST_MANAGER_ERROR)
        return _to_members(mine)
    messages.success(request, DEMOTED.format(person=member.display_name))
    return _to_members(mine)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mine = _get_membership(request, slug, manager=True)
    member = _get_member(mine, pk)
    try:
        services.remove_member(membership=member)
    except services.LastManagerError:
        messages.error(request, services.LAST_MANAGER_ERROR)
        return _to_members(mine)
    messages.success(request, REMOVED_MEMBER.format(person=member.display_name))
    if member.pk == mine.pk:
        return redirect("teams:list")
    return _to_members(mine)

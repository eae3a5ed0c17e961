"""The report's outlook, pinned against hand computation from a small framework.

The framework (level, importance):

    role AI:   Junior  python 1/3, sql 2/3
               Mid     python 3/5, sql 3/3, stats 2/4, docker 2/2, comms 2/1
               Senior  python 4/5, sql 3/3, stats 3/4, k8s 3/3, docker 2/2
    role Data: Data Scientist  python 3/4, stats 4/5, spark 2/2, ethics 1/1
               Lead Data       stats 5/5, spark 4/4
    role Ops:  Analyst         k8s 2/2, spark 2/3, sql 2/2

Mid's next rungs: Senior and Data Scientist. The person submitted, in this order:
Mid (python 0, sql 2, stats 2, docker 1, comms 0), Analyst (k8s 2, spark 1, sql 4), and
Mid again (python 1, sql 3, stats 2, docker 1, comms 0): that last one is the report.
"""

from __future__ import annotations

import datetime

import pytest

from assessments import exports, reports, services
from assessments.models import Assessment, Profile
from assessments.report_sections import ChangeSinceLast, SkillChange
from assessments.rung_outlook import CHANGES_SHOWN, LevelChange, RungOutlook
from careers.models import LearningStep, Rung
from tests.conftest import FIXED_NOW
from tests.factories import (
    LearningStepFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillFactory,
)

SKILLS = {
    "python": "Python",
    "sql": "SQL",
    "stats": "Statistics",
    "docker": "Docker",
    "comms": "Communication",
    "k8s": "Kubernetes",
    "spark": "Spark",
    "ethics": "Ethics",
}


def _rung(role, order, title, requirements, skills):
    rung = RungFactory(role=role, order=order, title=title, slug=title.lower().replace(" ", "-"))
    for slug, (level, importance) in requirements.items():
        RequirementFactory(rung=rung, skill=skills[slug], level=level, importance=importance)
    return rung


def _submit(owner, rung, ratings, skills, days_ago):
    assessment = services.start_assessment(owner=owner, rung=rung)
    services.submit_assessment(
        assessment=assessment,
        ratings={skills[slug].pk: (level, "") for slug, level in ratings.items()},
    )
    when = FIXED_NOW - datetime.timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    return assessment


@pytest.fixture
def career(user):
    skills = {slug: SkillFactory(name=name, slug=slug) for slug, name in SKILLS.items()}
    ai, data, ops = (RoleFactory(name=n, order=i) for i, n in enumerate(["AI", "Data", "Ops"]))
    _rung(ai, 1, "Junior", {"python": (1, 3), "sql": (2, 3)}, skills)
    mid = _rung(
        ai,
        2,
        "Mid",
        {"python": (3, 5), "sql": (3, 3), "stats": (2, 4), "docker": (2, 2), "comms": (2, 1)},
        skills,
    )
    senior = _rung(
        ai,
        3,
        "Senior",
        {"python": (4, 5), "sql": (3, 3), "stats": (3, 4), "k8s": (3, 3), "docker": (2, 2)},
        skills,
    )
    scientist = _rung(
        data,
        1,
        "Data Scientist",
        {"python": (3, 4), "stats": (4, 5), "spark": (2, 2), "ethics": (1, 1)},
        skills,
    )
    _rung(data, 2, "Lead Data", {"stats": (5, 5), "spark": (4, 4)}, skills)
    analyst = _rung(ops, 1, "Analyst", {"k8s": (2, 2), "spark": (2, 3), "sql": (2, 2)}, skills)
    mid.next_rungs.add(senior, scientist)
    for title, kind, hours, target in [
        ("Py basics", "course", 10, 2),
        ("Py project", "project", 20, 3),
        ("Py expert", "community", 40, 5),
    ]:
        LearningStepFactory(
            skill=skills["python"],
            title=title,
            kind=kind,
            hours=hours,
            target_level=target,
            url="https://example.org/py" if hours == 10 else "",
        )
    LearningStepFactory(
        skill=skills["docker"], title="Docker deep dive", kind="reading", hours=12, target_level=4
    )
    Profile.objects.create(user=user, hours_per_week=4)
    before = {"python": 0, "sql": 2, "stats": 2, "docker": 1, "comms": 0}
    previous = _submit(user, mid, before, skills, days_ago=30)
    _submit(user, analyst, {"k8s": 2, "spark": 1, "sql": 4}, skills, days_ago=20)
    now = {"python": 1, "sql": 3, "stats": 2, "docker": 1, "comms": 0}
    current = _submit(user, mid, now, skills, days_ago=1)
    return {"current": current, "previous": previous, "skills": skills}


def _report(assessment) -> reports.Report:
    return reports.build_report(Assessment.objects.with_rung().get(pk=assessment.pk))


class TestTheReportItself:
    def test_readiness_matches_the_hand_computation(self, career):
        # achieved 5x1 + 3x3 + 4x2 + 2x1 + 1x0 = 24 of possible 15 + 9 + 8 + 4 + 2 = 38
        report = _report(career["current"])

        assert report.readiness == pytest.approx(100 * 24 / 38)
        assert report.readiness_pct == 63

    def test_gaps_explain_their_weight_and_share(self, career):
        report = _report(career["current"])

        # weighted gaps: python 5x2 = 10, docker 2x1 = 2, comms 1x2 = 2; total 14
        rows = [(i.skill, i.weighted_gap, i.share_of_weighted_gap) for i in report.items[:3]]
        assert rows == [("Python", 10, 71), ("Docker", 2, 14), ("Communication", 2, 14)]
        assert [item.skill for item in report.blocking] == ["Python"]


class TestLearningPlan:
    def test_steps_follow_the_gaps_in_priority_order(self, career):
        plan = _report(career["current"]).plan

        # python 1 -> 3: the steps with 1 < target <= 3, by target: basics (2), project (3).
        # docker 1 -> 2: nothing targets 2, so the nearest step above 1: the deep dive (4).
        # comms 0 -> 2: no steps at all, so "Practise" at 10 hours a level of gap: 20.
        assert [(s.skill, s.title, s.hours) for s in plan.steps] == [
            ("Python", "Py basics", 10),
            ("Python", "Py project", 20),
            ("Docker", "Docker deep dive", 12),
            ("Communication", "Practise Communication", 20),
        ]
        assert [skill.hours for skill in plan.skills] == [30, 12, 20]

    def test_hours_add_up(self, career):
        plan = _report(career["current"]).plan

        # 10 + 20 + 12 + 20 = 62; blocking: only python's 10 + 20 = 30
        assert (plan.total_hours, plan.blocking_hours) == (62, 30)

    def test_weeks_to_ready_come_from_the_hours_per_week(self, career):
        report = _report(career["current"])

        # at 4 hours a week: 30 / 4 = 7.5 -> 8 weeks; 62 / 4 = 15.5 -> 16 weeks
        assert report.hours_per_week == 4
        assert (report.weeks_to_ready.blocking, report.weeks_to_ready.all) == (8, 16)
        assert (report.plan.weeks_blocking, report.plan.weeks_all) == (8, 16)

    def test_steps_carry_their_kind_target_and_link(self, career):
        first = _report(career["current"]).plan.steps[0]

        assert (first.kind, first.kind_label) == ("course", "Course")
        assert first.target_label == "2 Foundational"
        assert first.url == "https://example.org/py"
        assert first.blocking is True

    def test_the_plan_uses_the_live_learning_steps(self, career):
        LearningStep.objects.filter(title="Py project").update(hours=25)

        # 10 + 25 + 12 + 20
        assert _report(career["current"]).plan.total_hours == 67


class TestNextRungs:
    def test_they_come_by_readiness_with_the_hand_computed_values(self, career):
        senior, scientist = _report(career["current"]).next_rungs

        # Senior: python 1/4, sql 3/3, stats 2/3, k8s 2/3 (Analyst's rating), docker 1/2
        # achieved 5x1 + 3x3 + 4x2 + 3x2 + 2x1 = 30 of 20 + 9 + 12 + 9 + 4 = 54
        assert senior.title == "Senior"
        assert senior.readiness == pytest.approx(100 * 30 / 54)
        assert (senior.readiness_pct, senior.ready) == (56, False)
        # Data Scientist: python 1/3, stats 2/4, spark 1/2 (Analyst's), ethics never rated
        # achieved 4x1 + 5x2 + 2x1 + 1x0 = 16 of 12 + 20 + 4 + 1 = 37
        assert scientist.title == "Data Scientist"
        assert scientist.readiness == pytest.approx(100 * 16 / 37)
        assert (scientist.readiness_pct, scientist.ready) == (43, False)

    def test_each_shows_its_top_three_gaps(self, career):
        senior, scientist = _report(career["current"]).next_rungs

        # Senior weighted gaps: python 5x3 = 15, stats 4x1 = 4, k8s 3x1 = 3, docker 2x1 = 2
        assert [gap.skill for gap in senior.top_gaps] == ["Python", "Statistics", "Kubernetes"]
        # Data Scientist: stats 5x2 = 10, python 4x2 = 8, spark 2x1 = 2, ethics 1x1 = 1
        assert [gap.skill for gap in scientist.top_gaps] == ["Statistics", "Python", "Spark"]

    def test_ratings_fall_back_to_the_latest_submitted_else_not_yet_rated(self, career):
        scientist = _report(career["current"]).next_rungs[1]

        # python and stats from this report, spark from Analyst; ethics nowhere
        assert (scientist.rated_count, scientist.requirement_count) == (3, 4)
        spark = scientist.top_gaps[2]
        assert (spark.rated_label, spark.not_yet_rated) == ("1 Awareness", False)

    def test_what_changes_at_the_next_rung(self, career):
        senior = _report(career["current"]).next_rungs[0]

        assert [(c.skill, c.before, c.after) for c in senior.raised] == [
            ("Python", 3, 4),
            ("Statistics", 2, 3),
        ]
        assert [(c.skill, c.after_label) for c in senior.new] == [("Kubernetes", "3 Proficient")]

    def test_the_latest_submitted_rating_wins(self, career, user):
        skills = career["skills"]
        analyst = Assessment.objects.filter(rung__title="Analyst").get()
        later = _submit(user, analyst.rung, {"k8s": 3, "spark": 1, "sql": 4}, skills, days_ago=0)
        Assessment.objects.filter(pk=later.pk).update(
            submitted_at=FIXED_NOW - datetime.timedelta(hours=1)
        )

        senior = _report(career["current"]).next_rungs[0]

        # k8s now 3 of 3: achieved 30 + 3x1 = 33 of 54
        assert senior.readiness == pytest.approx(100 * 33 / 54)


class TestMovesAcrossRoles:
    def test_rungs_of_other_roles_are_ranked_by_readiness(self, career):
        moves = _report(career["current"]).lateral_moves

        # Analyst: sql min(3, 2) x2 + k8s 2x2 + spark 1x3 = 11 of 4 + 4 + 6 = 14
        # Data Scientist: 16 of 37 (above); Lead Data: stats 2x5 + spark 1x4 = 14 of 25 + 16
        assert [move.title for move in moves] == ["Analyst", "Data Scientist", "Lead Data"]
        assert [move.readiness for move in moves] == pytest.approx(
            [100 * 11 / 14, 100 * 16 / 37, 100 * 14 / 41]
        )
        assert [move.readiness_pct for move in moves] == [79, 43, 34]

    def test_each_says_its_overlap(self, career):
        moves = _report(career["current"]).lateral_moves

        assert [(m.rated_count, m.requirement_count) for m in moves] == [(3, 3), (3, 4), (2, 2)]

    def test_the_persons_own_role_is_left_out(self, career):
        titles = {move.title for move in _report(career["current"]).lateral_moves}

        assert titles.isdisjoint({"Junior", "Mid", "Senior"})

    def test_at_most_five_are_shown(self, career):
        ops = Assessment.objects.filter(rung__title="Analyst").get().rung.role
        for order in range(2, 6):
            _rung(ops, order, f"Ops {order}", {"sql": (1, 1)}, career["skills"])

        assert len(_report(career["current"]).lateral_moves) == 5


class TestLadder:
    def test_every_rung_of_the_role_highest_first(self, career):
        ladder = _report(career["current"]).ladder

        # Junior: python 3x1 + sql 3x2 = 9 of 3 + 6 = 9: 100%, ready.
        # Mid: this report's 63%; Senior: 56% as a next rung.
        assert [(r.title, r.readiness_pct, r.ready) for r in ladder.rungs] == [
            ("Senior", 56, False),
            ("Mid", 63, False),
            ("Junior", 100, True),
        ]

    def test_the_highest_ready_rung_is_the_estimated_current_level(self, career):
        ladder = _report(career["current"]).ladder

        assert ladder.current_title == "Junior"
        assert [r.title for r in ladder.rungs if r.is_current] == ["Junior"]
        assert [r.title for r in ladder.rungs if r.is_assessed] == ["Mid"]


class TestChangeSinceLastTime:
    def test_readiness_delta_against_the_previous_submission(self, career):
        change = _report(career["current"]).change

        # before: 5x0 + 3x2 + 4x2 + 2x1 + 1x0 = 16 of 38 = 42%; now 63%
        assert (change.previous_readiness_pct, change.readiness_pct) == (42, 63)
        assert change.readiness_delta == 21
        assert (change.direction, change.delta_label) == ("up", "up 21 points")

    def test_each_changed_rating_says_up_or_down(self, career):
        change = _report(career["current"]).change

        assert [(c.skill, c.before_label, c.after_label, c.label) for c in change.changes] == [
            ("Python", "0 None", "1 Awareness", "up 1"),
            ("SQL", "2 Foundational", "3 Proficient", "up 1"),
        ]
        assert change.unchanged_count == 3

    def test_the_first_submission_has_no_change(self, career):
        assert _report(career["previous"]).change is None

    def test_an_earlier_report_compares_with_what_came_before_it(self, career, user):
        later = services.retake_assessment(assessment=career["current"])
        services.submit_assessment(assessment=later)

        change = _report(career["current"]).change

        assert change.previous_readiness_pct == 42


class TestTrend:
    def test_it_lists_every_submission_of_the_rung(self, career):
        trend = _report(career["current"]).trend

        assert [(e.readiness_pct, e.is_current) for e in trend.entries] == [(42, False), (63, True)]
        assert [p.readiness_pct for p in trend.chart.points] == [42, 63]

    def test_a_draft_joins_the_trend_as_its_last_point(self, career):
        draft = services.retake_assessment(assessment=career["current"])

        trend = _report(draft).trend

        assert [e.date for e in trend.entries][-1] == "Draft"
        assert [e.is_current for e in trend.entries] == [False, False, True]


class TestCharts:
    def test_one_chart_per_category_with_every_skill(self, career):
        report = _report(career["current"])

        rows = [row for group in report.skill_charts for row in group.chart.rows]
        assert len(rows) == len(report.items) == 5
        assert len({group.chart_id for group in report.skill_charts}) == len(report.skill_charts)


class TestJsonExport:
    def test_the_plan_weeks_and_next_rungs_have_the_design_shape(self, career):
        data = exports.report_json(_report(career["current"]))

        assert data["learning_plan"][0] == {
            "skill": "Python",
            "title": "Py basics",
            "kind": "course",
            "hours": 10,
            "url": "https://example.org/py",
        }
        assert [step["hours"] for step in data["learning_plan"]] == [10, 20, 12, 20]
        assert data["hours_per_week"] == 4
        assert data["weeks_to_ready"] == {"blocking": 8, "all": 16}
        assert data["next_rungs"] == [
            {
                "rung": "Senior",
                "role": career["current"].rung.role.slug,
                "readiness": pytest.approx(100 * 30 / 54),
                "ready": False,
                "top_gaps": ["Python", "Statistics", "Kubernetes"],
            },
            {
                "rung": "Data Scientist",
                "role": Rung.objects.get(title="Data Scientist").role.slug,
                "readiness": pytest.approx(100 * 16 / 37),
                "ready": False,
                "top_gaps": ["Statistics", "Python", "Spark"],
            },
        ]


class TestLongListsFold:
    def test_what_changes_shows_the_biggest_rises_and_folds_the_rest(self):
        changes = tuple(LevelChange(f"Skill {n}", 1, 2, "", "") for n in range(11))
        option = RungOutlook("T", "t", "R", "r", "/", 50.0, 50, False, "", (), 1, 1, changes)

        assert len(option.raised_shown) == CHANGES_SHOWN == 8
        assert [c.skill for c in option.raised_more] == ["Skill 8", "Skill 9", "Skill 10"]

    def test_the_change_since_last_time_folds_small_moves_beyond_twelve(self):
        rows = tuple(SkillChange(f"S{n}", "", "", 1, "up", "↑", "up 1") for n in range(15))
        change = ChangeSinceLast("/", "1 Jan", 40, 60, 20, rows, 0)

        assert len(change.changes_shown) == 12
        assert len(change.changes_more) == 3

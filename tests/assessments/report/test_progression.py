"""The progression section: next rungs, moves across roles, the place on the ladder."""

from __future__ import annotations

import datetime
import re

import pytest

from assessments.models import Assessment
from assessments.planning import RungChange
from assessments.report.progression import CHANGES_SHOWN, RungOutlook
from careers.cache import bump_framework_version
from careers.models import Rung, Skill
from tests.assessments.report.conftest import make_rung, report_of, submit
from tests.conftest import FIXED_NOW


class TestNextRungs:
    def test_they_come_by_readiness_with_the_hand_computed_values(self, career):
        senior, scientist = report_of(career["current"]).progression.next_rungs

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
        senior, scientist = report_of(career["current"]).progression.next_rungs

        # Senior weighted gaps: python 5x3 = 15, stats 4x1 = 4, k8s 3x1 = 3, docker 2x1 = 2
        assert [gap.skill for gap in senior.top_gaps] == ["Python", "Statistics", "Kubernetes"]
        # Data Scientist: stats 5x2 = 10, python 4x2 = 8, spark 2x1 = 2, ethics 1x1 = 1
        assert [gap.skill for gap in scientist.top_gaps] == ["Statistics", "Python", "Spark"]

    def test_ratings_fall_back_to_the_latest_submitted_else_not_yet_rated(self, career):
        scientist = report_of(career["current"]).progression.next_rungs[1]

        # python and stats from this report, spark from Analyst; ethics nowhere
        assert (scientist.rated_count, scientist.requirement_count) == (3, 4)
        spark = scientist.top_gaps[2]
        assert (spark.skill, spark.rated) == ("Spark", 1)
        assert scientist.unrated == {"Ethics"}

    def test_what_changes_at_the_next_rung(self, career):
        senior = report_of(career["current"]).progression.next_rungs[0]

        assert [(c.skill, c.current, c.target) for c in senior.raised] == [
            ("Python", 3, 4),
            ("Statistics", 2, 3),
        ]
        assert [(c.skill, c.current, c.target) for c in senior.new] == [("Kubernetes", None, 3)]

    def test_the_latest_submitted_rating_wins(self, career, user):
        skills = career["skills"]
        analyst = Assessment.objects.filter(rung__title="Analyst").get()
        later = submit(user, analyst.rung, {"k8s": 3, "spark": 1, "sql": 4}, skills, days_ago=0)
        Assessment.objects.filter(pk=later.pk).update(
            submitted_at=FIXED_NOW - datetime.timedelta(hours=1)
        )

        senior = report_of(career["current"]).progression.next_rungs[0]

        # k8s now 3 of 3: achieved 30 + 3x1 = 33 of 54
        assert senior.readiness == pytest.approx(100 * 33 / 54)


class TestMovesAcrossRoles:
    def test_rungs_of_other_roles_are_ranked_by_readiness(self, career):
        moves = report_of(career["current"]).progression.lateral_moves

        # Analyst: sql min(3, 2) x2 + k8s 2x2 + spark 1x3 = 11 of 4 + 4 + 6 = 14
        # Data Scientist: 16 of 37 (above); Lead Data: stats 2x5 + spark 1x4 = 14 of 25 + 16
        assert [move.title for move in moves] == ["Analyst", "Data Scientist", "Lead Data"]
        assert [move.readiness for move in moves] == pytest.approx(
            [100 * 11 / 14, 100 * 16 / 37, 100 * 14 / 41]
        )
        assert [move.readiness_pct for move in moves] == [79, 43, 34]

    def test_each_says_its_overlap(self, career):
        moves = report_of(career["current"]).progression.lateral_moves

        assert [(m.rated_count, m.requirement_count) for m in moves] == [(3, 3), (3, 4), (2, 2)]

    def test_the_persons_own_role_is_left_out(self, career):
        titles = {move.title for move in report_of(career["current"]).progression.lateral_moves}

        assert titles.isdisjoint({"Junior", "Mid", "Senior"})

    def test_at_most_five_are_shown(self, career):
        ops = Assessment.objects.filter(rung__title="Analyst").get().rung.role
        for order in range(2, 6):
            make_rung(ops, order, f"Ops {order}", {"sql": (1, 1)}, career["skills"])

        assert len(report_of(career["current"]).progression.lateral_moves) == 5


class TestLadder:
    def test_every_rung_of_the_role_is_scored(self, career):
        ladder = report_of(career["current"]).progression.ladder

        # Junior: python 3x1 + sql 3x2 = 9 of 3 + 6 = 9: 100%, ready.
        # Mid: this report's 63%; Senior: 56% as a next rung.
        assert [(s.rung.title, s.readiness_pct, s.ready) for s in ladder.steps] == [
            ("Junior", 100, True),
            ("Mid", 63, False),
            ("Senior", 56, False),
        ]

    def test_the_highest_ready_rung_is_the_estimated_current_level(self, career):
        ladder = report_of(career["current"]).progression.ladder

        assert ladder.current.title == "Junior"
        assert [s.rung.title for s in ladder.steps if s.is_current] == ["Junior"]

    def test_the_page_draws_it_highest_first_and_marks_this_report(self, career, client_as, user):
        page = client_as(user).get(career["current"].get_report_url()).content.decode()
        ladder = page[page.index('class="ladder-list') :]
        ladder = ladder[: ladder.index("</ol>")]

        titles = re.findall(r"</span>(\w+)\n", ladder)
        assert titles == ["Senior", "Mid", "Junior"]
        assessed = re.findall(r"</span>(\w+)\n(?:(?!</li>).)*This report", ladder, re.S)
        assert assessed == ["Mid"]


class TestLongListsFold:
    def test_what_changes_shows_the_biggest_rises_and_folds_the_rest(self):
        changes = tuple(RungChange(f"Skill {n}", 1, 2) for n in range(11))
        option = RungOutlook(
            "T", "t", "R", "r", "/", 50.0, 50, False, "", (), frozenset(), 1, 1, changes
        )

        assert len(option.raised_shown) == CHANGES_SHOWN == 8
        assert [c.skill for c in option.raised_more] == ["Skill 8", "Skill 9", "Skill 10"]


class TestArchivedFramework:
    """Archived rungs and skills are no longer offered, so they are never suggested either."""

    def test_an_archived_next_rung_is_not_suggested(self, career):
        Rung.objects.filter(title="Data Scientist").update(archived=True)

        next_rungs = report_of(career["current"]).progression.next_rungs

        assert [rung.title for rung in next_rungs] == ["Senior"]

    def test_an_archived_skill_no_longer_counts_at_a_next_rung(self, career):
        Skill.objects.filter(slug="ethics").update(archived=True)

        scientist = report_of(career["current"]).progression.next_rungs[1]

        # Data Scientist without ethics: achieved 4x1 + 5x2 + 2x1 = 16 of 12 + 20 + 4 = 36
        assert (scientist.rated_count, scientist.requirement_count) == (3, 3)
        assert scientist.readiness == pytest.approx(100 * 16 / 36)

    def test_an_archived_rung_is_not_a_move_across_roles(self, career):
        moves = report_of(career["current"]).progression.lateral_moves
        Rung.objects.filter(title=moves[0].title).update(archived=True)
        bump_framework_version()  # as every admin save does

        after = report_of(career["current"]).progression.lateral_moves

        assert moves[0].title not in [move.title for move in after]

    def test_a_report_on_an_archived_rung_keeps_its_ladder(self, career):
        before = report_of(career["current"]).progression.ladder
        Rung.objects.filter(pk=career["current"].rung_id).update(archived=True)

        after = report_of(career["current"]).progression.ladder

        assert after == before

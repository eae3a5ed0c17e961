"""The manager's view built from plain data: no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments import planning
from teams import heatmap
from teams.heatmap import CLOSE, GAP, MEETS, UNRATED, Member, Skill

PYTHON = Skill(1, "Python", "Programming", required=4, importance=5)
SQL = Skill(2, "SQL", "Data", required=3, importance=2)
DOCKER = Skill(3, "Docker", "Cloud", required=2, importance=1)
SKILLS = [PYTHON, SQL, DOCKER]


def _build(*members: Member, steps=None, not_sharing: int = 0) -> heatmap.Heatmap:
    return heatmap.build_heatmap(SKILLS, members, steps or {}, not_sharing=not_sharing)


def _cells(row: heatmap.Row) -> dict[str, heatmap.Cell]:
    return {cell.skill.name: cell for cell in row.cells}


def test_columns_are_grouped_by_category_then_name():
    built = _build()

    assert [c.skill.name for c in built.columns] == ["Docker", "SQL", "Python"]
    assert [g.category for g in built.groups] == ["Cloud", "Data", "Programming"]


def test_each_skill_is_a_line_of_cells_in_member_order_under_its_category():
    skills = [*SKILLS, Skill(4, "Go", "Programming", required=2, importance=2)]
    ann, bob = Member(10, "Ann", {1: 4, 4: 1}), Member(11, "Bob", {1: 2})

    built = heatmap.build_heatmap(skills, [bob, ann], {}, not_sharing=0)

    (programming,) = [g for g in built.groups if g.category == "Programming"]
    assert [line.skill.name for line in programming.lines] == ["Go", "Python"]
    go, python = programming.lines
    assert [cell.rated for cell in python.cells] == [4, 2]  # Ann, then Bob: the rows' order
    assert [cell.state for cell in go.cells] == [CLOSE, UNRATED]


def test_category_and_skill_names_are_kept_whole():
    long = Skill(5, "Experiment Tracking & Model Versioning", "MLOps & Deployment", 3, 3)

    built = heatmap.build_heatmap(
        [long], [Member(1, "Maximilian Alexander Wolfe", {})], {}, not_sharing=0
    )

    assert built.groups[0].category == "MLOps & Deployment"
    assert built.groups[0].lines[0].skill.name == "Experiment Tracking & Model Versioning"
    assert built.rows[0].name == "Maximilian Alexander Wolfe"


def test_each_cell_is_coloured_by_its_gap():
    built = _build(Member(10, "Ann", {1: 3, 2: 3, 3: 0}))

    cells = _cells(built.rows[0])
    assert cells["Python"].state == CLOSE
    assert cells["SQL"].state == MEETS
    assert cells["Docker"].state == GAP


def test_a_skill_never_rated_is_unrated_with_a_dash_not_a_zero():
    built = _build(Member(10, "Ann", {1: 4}))

    cell = _cells(built.rows[0])["SQL"]
    assert cell.state == UNRATED
    assert cell.rated is None
    assert cell.mark == heatmap.NOT_RATED_MARK
    assert cell.gap == 3


def test_a_rating_of_zero_is_shown_as_zero():
    built = _build(Member(10, "Ann", {3: 0}))

    assert _cells(built.rows[0])["Docker"].mark == "0"


def test_readiness_counts_an_unrated_skill_as_zero():
    # Python 5x4 met, SQL unrated (0 of 2x3), Docker 1x2 met: 22 of 28.
    built = _build(Member(10, "Ann", {1: 4, 3: 2}))

    row = built.rows[0]
    assert row.readiness_pct == round(100 * 22 / 28)
    assert row.rated_count == 2


def test_a_member_meeting_everything_is_ready():
    built = _build(Member(10, "Ann", {1: 4, 2: 3, 3: 2}))

    assert built.rows[0].ready
    assert built.rows[0].verdict == heatmap.READY_VERDICT


def test_a_blocking_gap_means_not_ready():
    built = _build(Member(10, "Ann", {1: 2, 2: 5, 3: 5}))

    assert not built.rows[0].ready


def test_rows_are_ordered_by_name():
    built = _build(Member(1, "zoe", {}), Member(2, "Ann", {}))

    assert [row.name for row in built.rows] == ["Ann", "zoe"]


def test_coverage_finds_uncovered_skills_and_single_points_of_failure():
    built = _build(
        Member(10, "Ann", {1: 4, 2: 3, 3: 0}),
        Member(11, "Bob", {1: 1, 2: 3, 3: 1}),
    )

    assert [c.skill.name for c in built.uncovered] == ["Docker"]
    assert [(c.skill.name, c.holder) for c in built.single_points] == [("Python", "Ann")]
    assert {c.skill.name: c.meets for c in built.coverage} == {"Docker": 0, "SQL": 2, "Python": 1}


def test_priorities_sum_the_members_weighted_gaps():
    built = _build(
        Member(10, "Ann", {1: 3, 2: 3, 3: 0}),  # python 5x1, docker 1x2
        Member(11, "Bob", {1: 2, 2: 1, 3: 2}),  # python 5x2, sql 2x2
    )

    assert [(p.skill.name, p.weighted_gap, p.members_short) for p in built.priorities] == [
        ("Python", 15, 2),
        ("SQL", 4, 1),
        ("Docker", 2, 1),
    ]


def test_priorities_bring_the_least_rated_member_up_to_the_requirement():
    steps = {
        1: [
            planning.Step("Intro", "course", 5, 2),
            planning.Step("Deep dive", "course", 20, 4),
            planning.Step("Research", "reading", 40, 5),
        ]
    }
    built = _build(Member(10, "Ann", {1: 3, 2: 3, 3: 2}), Member(11, "Bob", {1: 1}), steps=steps)

    python = next(p for p in built.priorities if p.skill.name == "Python")
    assert [step.title for step in python.steps] == ["Intro", "Deep dive"]


def test_a_skill_without_steps_gets_a_practice_step():
    built = _build(Member(10, "Ann", {1: 4, 2: 3, 3: 1}))

    assert [s.title for s in built.priorities[0].steps] == [
        "Work on “Docker” until you reach Foundational"
    ]


def test_nobody_short_means_no_priorities():
    built = _build(Member(10, "Ann", {1: 5, 2: 5, 3: 5}))

    assert built.priorities == ()


def test_every_line_has_a_cell_per_member():
    built = _build(Member(10, "Ann", {}), Member(11, "Bob", {}))

    assert {len(line.cells) for group in built.groups for line in group.lines} == {2}


def test_the_legend_names_every_state():
    assert [entry.state for entry in _build().legend] == [MEETS, CLOSE, GAP, UNRATED]


def test_the_module_has_no_django_import():
    source = Path(heatmap.__file__).read_text()

    assert "import django" not in source
    assert "from django" not in source


@pytest.mark.parametrize(
    ("skill", "text", "short_words"),
    [
        ("Python", "3 of 4, close", "one level short"),
        ("SQL", "3 of 3", ""),
        ("Docker", "0 of 2, gap", "two or more levels short"),
    ],
)
def test_cells_say_the_rating_the_requirement_and_how_short(skill, text, short_words):
    built = _build(Member(10, "Ann", {1: 3, 2: 3, 3: 0}))

    cell = _cells(built.rows[0])[skill]

    assert (cell.text, cell.short_words) == (text, short_words)


def test_the_first_ten_priorities_come_first_and_the_rest_wait():
    skills = [Skill(n, f"Skill {n:02}", "Cat", required=3, importance=3) for n in range(12)]

    built = heatmap.build_heatmap(skills, [Member(1, "Ann", {})], {}, not_sharing=0)

    assert len(built.top_priorities) == heatmap.PRIORITIES_SHOWN
    assert len(built.more_priorities) == 2

"""Exports: the DESIGN §6 JSON and the CSV rows, read from the same nested Report."""

from __future__ import annotations

import pytest

from assessments.report import build_gap_report, exports
from careers.models import LearningStep, Rung
from tests.assessments.report.conftest import report_of


class TestJsonExport:
    def test_the_plan_weeks_and_next_rungs_have_the_design_shape(self, career):
        data = exports.report_json(report_of(career["current"]))

        py_basics = LearningStep.objects.get(title="Py basics")
        assert data["learning_plan"][0] == {
            "skill": "Python",
            "key": f"step:{py_basics.pk}",
            "state": "todo",
            "title": "Py basics",
            "kind": "course",
            "hours": 10,
            "url": "https://example.org/py",
            "target_level": 2,
            "generic": False,
        }
        assert [step["hours"] for step in data["learning_plan"]] == [10, 20, 12, 20]
        # Each gap's last step reaches its required level: python 3, docker 2 (by the
        # nearest step, 4), comms 2 (by practice).
        assert [(s["target_level"], s["generic"]) for s in data["learning_plan"]] == [
            (2, False),
            (3, False),
            (4, False),
            (2, True),
        ]
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


class TestCsvRows:
    def test_a_header_then_one_row_per_requirement_in_priority_order(self, user, worked_example):
        rows = list(exports.report_csv_rows(build_gap_report(worked_example(user))))

        assert rows[0] == list(exports.CSV_HEADER)
        assert rows[1] == ["Python", "Programming", 4, 2, 2, 0, 10, 5, "gap", "yes", ""]
        assert [row[0] for row in rows[1:]] == ["Python", "PyTorch", "SQL", "Docker"]

    @pytest.mark.parametrize("prefix", exports.FORMULA_PREFIXES)
    def test_text_a_spreadsheet_would_run_gets_a_quote(self, prefix):
        assert exports.neutralise_cell(f"{prefix}SUM(A1)") == f"'{prefix}SUM(A1)"

    def test_numbers_and_plain_text_are_kept(self):
        assert [exports.neutralise_cell(v) for v in (-3, "Python")] == [-3, "Python"]

    def test_a_draft_is_named_draft_instead_of_a_date(self, user, worked_example):
        report = build_gap_report(worked_example(user, submit=False))

        assert exports.report_filename(report, "csv") == f"skillgap-{report.rung_slug}-draft.csv"

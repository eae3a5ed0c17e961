"""bench/run.py reports every page as a ratio to /healthz and to the page frame
(`ref_page_shell`), from the same rounds, in its table, its JSON, its chart and the summary."""

from __future__ import annotations

import pytest

from bench import chart, run, summary


def _round(rps: float) -> dict:
    return {"rps": rps, "requests": 10, "errors": 0, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0}


@pytest.fixture
def report_row() -> dict:
    page = run.Page("report", "/assessments/x/report/")
    # Round by round: healthz 1000, 500, 900; the frame 500, 400, 600; the report 250, 300, 240.
    rounds = [_round(250), _round(300), _round(240)]
    return run.combine_rounds(page, rounds, healthz=[1000, 500, 900], shell=[500, 400, 600])


def test_each_ratio_is_the_median_of_the_rounds_own_ratios(report_row):
    # to healthz: 0.25, 0.6, 0.267; to the frame: 0.5, 0.75, 0.4
    assert report_row["ratio"] == 0.267
    assert report_row["shell_ratio"] == 0.5


def test_the_page_frame_always_runs_beside_healthz():
    wanted = run.wanted_pages(run.parse_args(["--pages", "report"]))

    assert wanted == {"healthz", "ref_page_shell", "report"}


def test_the_references_add_the_other_floors():
    wanted = run.wanted_pages(run.parse_args(["--pages", "report", "--references"]))

    assert wanted == {"healthz", "report", *run.REFERENCE_NAMES}


def test_the_printed_table_shows_both_ratios(report_row, capsys):
    run.print_table([report_row])

    head, _, line = capsys.readouterr().out.splitlines()
    assert "x shell" in head
    assert "x healthz" in head
    assert line.split()[3:5] == ["0.50", "0.27"]


def test_the_summary_table_shows_both_ratios(report_row):
    table = summary.results_table({"pages": [report_row]})

    assert "| x ref_page_shell | x /healthz |" in table
    assert "| 0.50 | 0.27 |" in table


def test_an_older_result_without_the_frame_still_prints(report_row):
    del report_row["shell_ratio"]

    assert "| - | 0.27 |" in summary.results_table({"pages": [report_row]})


def test_the_chart_labels_both_ratios(report_row):
    report = {
        "scale": 0.1,
        "created": "2026-12-07T20:00:00+00:00",
        "machine": {"database": "sqlite", "cores": 2, "cpu": "test"},
        "load": {"server": "gunicorn", "connections": 16, "duration_s": 5},
        "rows": {"people": 10, "submitted": 50},
        "pages": [report_row],
    }

    svg = chart.render_svg(report)

    assert "(x0.50, x0.27)" in svg

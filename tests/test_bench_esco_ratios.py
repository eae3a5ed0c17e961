"""The full-ESCO benchmark (bench/esco_full.py) takes each page's ratio to the page frame
(`ref_page_shell`) from the frame measured right beside the page on the same server, by
req/s and by the server's CPU per request, and stores and prints, page by page, whether the
ratio on ESCO stays within 15% of the shipped framework's."""

from __future__ import annotations

import pytest

from bench import esco_full, run


def _wrk(rps: float, cpu_ms: float, requests: int = 100) -> dict:
    return {
        "rps": rps,
        "requests": requests,
        "errors": 0,
        "p50_ms": 1.0,
        "p95_ms": 2.0,
        "cpu_ms": cpu_ms,
    }


def _pair(shell: tuple[float, float], page: tuple[float, float]) -> dict:
    return {"shell": _wrk(*shell), "page": _wrk(*page)}


def _round(pair_ratio: float, pair_cpu_ratio: float, rps: float = 100.0) -> dict:
    return {**_wrk(rps, 5.0), "pair_ratio": pair_ratio, "pair_cpu_ratio": pair_cpu_ratio}


def _row(page: str, rps_ratio: float, cpu_ratio: float | None = None) -> dict:
    return {"page": page, "shell_ratio": rps_ratio, "shell_cpu_ratio": cpu_ratio}


def test_a_round_takes_the_median_of_its_pairs_own_ratios():
    # The machine slows between the pairs: the frame and the page slow together.
    pairs = [_pair((800, 2.0), (200, 8.0)), _pair((200, 4.0), (60, 10.0))]

    merged = esco_full.merge_pairs(pairs)

    # req/s: 200/800 = 0.25 and 60/200 = 0.3; CPU: 2/8 = 0.25 and 4/10 = 0.4
    assert merged["pair_ratio"] == 0.275
    assert merged["pair_cpu_ratio"] == 0.325


def test_a_round_sums_the_pages_counts_and_keeps_the_medians_of_the_rest():
    pairs = [_pair((800, 2.0), (200, 8.0)), _pair((200, 4.0), (60, 10.0))]

    merged = esco_full.merge_pairs(pairs)

    assert merged["requests"] == 200
    assert merged["rps"] == 130
    assert merged["cpu_ms"] == 9.0
    assert merged["shell_rps"] == 500
    assert merged["shell_cpu_ms"] == 3.0


def test_the_frame_is_its_own_floor():
    merged = esco_full.merge_pairs([{"page": _wrk(500, 2.0)}, {"page": _wrk(300, 3.0)}])

    assert (merged["pair_ratio"], merged["pair_cpu_ratio"]) == (1.0, 1.0)
    assert "shell_rps" not in merged


def test_a_page_s_ratio_is_the_median_of_its_rounds():
    rounds = [_round(0.3, 0.32), _round(0.9, 0.35), _round(0.28, 0.3)]

    ratios = esco_full.paired_ratios(rounds)

    assert ratios["shell_ratio"] == 0.3
    assert ratios["shell_cpu_ratio"] == 0.32
    assert ratios["rounds_shell_ratio"] == [0.3, 0.9, 0.28]


def test_the_server_s_cpu_per_request_counts_every_worker_and_one_started_in_between():
    before = {10: 1.0, 11: 2.0, 12: 3.0}
    after = {10: 1.0, 11: 2.5, 12: 3.25, 13: 0.25}  # worker 13 started during the run

    assert esco_full.cpu_per_request(before, after, {"requests": 100}) == 10.0


def test_each_page_passes_within_15_percent_either_way_and_fails_beyond():
    shipped = [_row("step", 0.30, 0.30), _row("report", 0.30, 0.30), _row("team", 0.30, 0.30)]
    esco = [_row("step", 0.34, 0.26), _row("report", 0.36, 0.30), _row("team", 0.25, 0.30)]

    drift = {d["page"]: d for d in esco_full.compare_ratios(shipped, esco)}

    assert drift["step"]["rps"] == {"shipped": 0.3, "esco": 0.34, "change": 0.133, "within": True}
    assert drift["step"]["cpu"]["change"] == -0.133
    assert drift["step"]["cpu"]["within"] is True
    assert drift["report"]["rps"]["within"] is False  # +20%
    assert drift["team"]["rps"]["within"] is False  # -17%
    assert drift["team"]["cpu"]["within"] is True


def test_pages_only_esco_has_are_not_compared():
    drift = esco_full.compare_ratios([_row("home", 0.9)], [_row("home", 0.9), _row("new", 0.5)])

    assert [d["page"] for d in drift] == ["home"]
    assert drift[0]["cpu"] is None  # not measured by CPU on either


@pytest.fixture
def report() -> dict:
    shipped = [_row("ref_page_shell", 1.0, 1.0), _row("step", 0.30, 0.30)]
    esco = [_row("ref_page_shell", 1.0, 1.0), _row("step", 0.40, 0.31)]
    for rows in (shipped, esco):
        for row in rows:
            row |= {"ratio": 0.5, "html_bytes": 4000, "single_ms": 3.0}
    return {
        "frameworks": {
            "shipped": {"pages": shipped, "cold_ms": {}},
            "esco": {"pages": esco, "cold_ms": {}},
        },
        "ratio_drift": {"limit": 0.15, "pages": esco_full.compare_ratios(shipped, esco)},
        "machine": {"load_1m_during": {"min": 1.0, "median": 2.0, "max": 3.0}},
        "prepared": None,
    }


def test_the_targets_name_the_pages_outside_the_limit_for_each_measure(report):
    checks = esco_full.check_targets(report)

    rps, cpu = (c for c in checks if "within 15%" in c["target"])
    assert "(req/s)" in rps["target"]
    assert "outside: step" in rps["target"]
    assert rps["met"] is False
    assert rps["measured"] == {"ref_page_shell": 0.0, "step": 0.333}
    assert "(server CPU per request)" in cpu["target"]
    assert cpu["met"] is True


def test_the_printed_report_says_pass_or_fail_for_each_page(report, capsys):
    report["targets"] = esco_full.check_targets(report)

    esco_full.print_report(report)

    lines = capsys.readouterr().out.splitlines()
    step = next(line for line in lines if line.startswith("step") and "%" in line)
    assert step.split()[1:] == ["0.30", "0.40", "+33%", "FAIL", "0.30", "0.31", "+3%", "pass"]


def test_the_pairs_default_to_two_and_the_frame_to_a_second():
    args = run.parse_args(["--esco-full"])

    assert (args.pairs, args.shell_duration) == (2, 1)

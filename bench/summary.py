"""Print the saved benchmark results as Markdown tables, for bench/README.md.

.venv/bin/python bench/summary.py        # every bench/results/*.json, then growth
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
GROWTH_PAGES = ("dashboard", "form", "save", "report", "report_json", "report_csv")


def load() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(RESULTS.glob("*.json"))}


def shell_ratio(row: dict) -> str:
    """The ratio to the page frame, or a dash for a result saved before it was measured."""
    return f"{row['shell_ratio']:.2f}" if "shell_ratio" in row else "-"


def results_table(report: dict) -> str:
    lines = [
        "| page | req/s | x ref_page_shell | x /healthz | p50 ms | p95 ms | p99 ms | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in report["pages"]:
        lines.append(
            f"| {r['method']} {r['page']} | {r['rps']:,.0f} | {shell_ratio(r)} | "
            f"{r['ratio']:.2f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['errors']:,} |"
        )
    return "\n".join(lines)


def growth_table(small: dict, large: dict) -> str:
    """p50 and p95 of the signed-in pages at both scales, and the ratio to /healthz."""
    lines = [
        f"| page | p50 ms x{small['scale']} | p50 ms x{large['scale']} | "
        f"p95 ms x{small['scale']} | p95 ms x{large['scale']} | "
        f"x /healthz x{small['scale']} | x /healthz x{large['scale']} |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    before = {r["page"]: r for r in small["pages"]}
    for r in large["pages"]:
        if r["page"] in GROWTH_PAGES and r["page"] in before:
            b = before[r["page"]]
            lines.append(
                f"| {r['page']} | {b['p50_ms']:.1f} | {r['p50_ms']:.1f} | {b['p95_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {b['ratio']:.2f} | {r['ratio']:.2f} |"
            )
    return "\n".join(lines)


def describe(report: dict) -> str:
    rows, m, load, seed = report["rows"], report["machine"], report["load"], report["seed"]
    seeded = f"seeded in {seed['seconds']:.0f} s" if seed else "database reused"
    return (
        f"Scale {report['scale']} on {m['database_version']}: {rows['people']:,} people, "
        f"{rows['submitted']:,} submitted assessments, {rows['ratings']:,} ratings, "
        f"{rows['snapshot_rows']:,} snapshot rows ({seeded}). {load['server']}; wrk "
        f"{load['connections']} connections, {load['duration_s']} s a page, median of "
        f"{load['rounds']} round(s); {m['cores']} x {m['cpu']}, load average "
        f"{m['load_average_at_start']:.1f} at start; commit {m['commit']}, {report['created']}."
    )


def main() -> None:
    reports = load()
    for name, report in reports.items():
        print(f"### {name}\n\n{describe(report)}\n\n{results_table(report)}\n")
    for db in ("sqlite", "postgresql"):
        small, large = reports.get(f"0.01-{db}"), reports.get(f"1.0-{db}")
        if small and large:
            print(f"### Growth on {db}: 1/100th to full size\n\n{growth_table(small, large)}\n")


if __name__ == "__main__":
    main()

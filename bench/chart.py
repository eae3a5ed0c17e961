"""Draw a benchmark result as a self-contained SVG: throughput and latency per page."""

from __future__ import annotations

from html import escape

ROW = 30
LABEL_WIDTH = 150
PANEL_WIDTH = 330
GAP = 40
TOP = 70
BAR = 16
INK, MUTED = "#1f2933", "#52606d"
THROUGHPUT = "#1d4e89"
LATENCY = {"p99_ms": "#9fb3c8", "p95_ms": "#4f7cac", "p50_ms": "#102a43"}


def render_svg(report: dict) -> str:
    """An SVG chart of one run: req/s with the ratios to the page frame and to /healthz, and
    p50/p95/p99 latency."""
    pages = report["pages"]
    width = LABEL_WIDTH + 2 * PANEL_WIDTH + GAP + 20
    height = TOP + ROW * len(pages) + 40
    left = LABEL_WIDTH
    right = LABEL_WIDTH + PANEL_WIDTH + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" '
        f'role="img" aria-labelledby="title desc">',
        f'<title id="title">{escape(_title(report))}</title>',
        f'<desc id="desc">{escape(_description(pages))}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(10, 20, _title(report), size=14, weight="bold"),
        _text(10, 38, _subtitle(report), fill=MUTED),
        _text(left, TOP - 12, "requests per second (x page frame, x /healthz)", weight="bold"),
        _text(right, TOP - 12, "latency, ms: p50 / p95 / p99", weight="bold"),
    ]
    parts += _throughput_panel(pages, left)
    parts += _latency_panel(pages, right)
    parts += _legend(right, height - 18)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _throughput_panel(pages: list[dict], x0: int) -> list[str]:
    top = max(p["rps"] for p in pages) or 1
    parts = []
    for i, page in enumerate(pages):
        y = TOP + i * ROW
        parts.append(_text(10, y + BAR - 3, page["page"]))
        length = PANEL_WIDTH * 0.72 * page["rps"] / top
        parts.append(_rect(x0, y, length, BAR, THROUGHPUT))
        label = f"{page['rps']:,.0f} ({_shell(page)}, x{page['ratio']:.2f})"
        parts.append(_text(x0 + length + 6, y + BAR - 3, label))
    return parts


def _latency_panel(pages: list[dict], x0: int) -> list[str]:
    top = max(p["p99_ms"] for p in pages) or 1
    parts = []
    for i, page in enumerate(pages):
        y = TOP + i * ROW
        for key, colour in LATENCY.items():
            parts.append(_rect(x0, y, PANEL_WIDTH * 0.72 * page[key] / top, BAR, colour))
        label = f"{page['p50_ms']:.0f} / {page['p95_ms']:.0f} / {page['p99_ms']:.0f}"
        end = PANEL_WIDTH * 0.72 * page["p99_ms"] / top
        parts.append(_text(x0 + end + 6, y + BAR - 3, label))
    return parts


def _legend(x0: int, y: int) -> list[str]:
    parts = []
    for i, (key, colour) in enumerate(reversed(LATENCY.items())):
        x = x0 + i * 70
        parts.append(_rect(x, y - 10, 12, 12, colour))
        parts.append(_text(x + 16, y, key.removesuffix("_ms")))
    return parts


def _title(report: dict) -> str:
    db = report["machine"]["database"]
    return f"SkillGap benchmark: scale {report['scale']} on {db}"


def _subtitle(report: dict) -> str:
    m, load, rows = report["machine"], report["load"], report["rows"]
    return (
        f"{rows['people']:,} people, {rows['submitted']:,} reports; {load['server']}; "
        f"wrk {load['connections']} connections, {load['duration_s']} s a page; "
        f"{m['cores']} cores {m['cpu']}; {report['created']}"
    )


def _description(pages: list[dict]) -> str:
    return "; ".join(
        f"{p['page']}: {p['rps']:.0f} req/s ({p.get('shell_ratio', 0):.2f} of the page frame, "
        f"{p['ratio']:.2f} of healthz), "
        f"p50 {p['p50_ms']:.0f} ms, p95 {p['p95_ms']:.0f} ms, p99 {p['p99_ms']:.0f} ms"
        for p in pages
    )


def _shell(page: dict) -> str:
    """The ratio to the page frame, or a dash for a result saved before it was measured."""
    return f"x{page['shell_ratio']:.2f}" if "shell_ratio" in page else "-"


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 1):.1f}" height="{height}" '
        f'fill="{fill}"/>'
    )


def _text(x: float, y: float, text: str, *, size: int = 12, weight: str = "normal", fill=INK):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}">{escape(text)}</text>'
    )

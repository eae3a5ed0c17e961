"""The heatmap's cells, written in Python: a rung of 80 skills and a team of 50 is 4,000
cells, and one filter call per line costs a fraction of a template loop per cell."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from teams.heatmap import SHORT_WORDS, STATE_LABELS, UNRATED, Line

register = template.Library()

# What the colour says, in words for screen readers: a cell's <span> is visually hidden by
# teams.css. The header cells name the skill (with the level it needs) and the member, so a
# cell says only its own value. An unrated cell, most of a large team's, has no class: the
# stylesheet hatches it and draws its dash, silent.
_WORDS = {
    **{state: f"<span>, {escape(words)}</span>" for state, words in SHORT_WORDS.items()},
    UNRATED: f"<span>{escape(STATE_LABELS[UNRATED])}</span>",
}


@register.filter(is_safe=True)
def heatmap_cells(line: Line) -> SafeString:
    """The line's <td>s, one per member, without white space between them."""
    return mark_safe(
        "".join(
            f"<td>{_WORDS[UNRATED]}</td>"
            if cell.rated is None
            else f'<td class="hm-{cell.state}">{escape(cell.mark)}{_WORDS.get(cell.state, "")}</td>'
            for cell in line.cells
        )
    )

"""What the apps above `assessments` add to its report, its dashboard and a person's data
(DESIGN.md §14, STYLE.md "The direction of the house").

Imports run down the house, never up: `assessments` never imports `reviews`, `teams` or
`progress`. Each of those registers its `Section`s here from its `AppConfig.ready()`, and
`assessments` asks this registry for them, in registration order (the order of
INSTALLED_APPS). A section feeds more than the page, so each hook is optional:

- report data: `load` (queries, in `report.inputs.load_inputs()`) then `build` (no queries);
  with `gaps_only`, also in the gaps-only report (CSV and the read-only rating page);
- the report's cache key: a section's writes renew the stamp of the reports they change,
  in their own transaction, through `assessments.services.renew_reports()`; `key_part`
  adds what the row cannot know (from the row and the clock only, never a query);
- the page: `template` drawn in the cached report body at `slot`, with `section` bound to
  the built data; `plan_step_template` drawn in a column of the learning plan, with `step`
  and `section`; `panel` (+ `panel_template`, a Jinja2 template given `panel`, `assessment` and
  `csrf`, the page's one CSRF token), drawn after the body, per request, owner only;
- the exports: `json` (keys added to report.json), `plan_item_json` (keys added to each
  learning plan item), `csv_columns` and `csv_cells` (columns added to report.csv);
- the dashboard: `dashboard` (+ `dashboard_template`, in an app's jinja2/ folder) at
  `dashboard_slot`; with `dashboard_any`, an SQL `EXISTS (...)` with one `%s` for the
  person's id, true when the part has something to show, asked in the dashboard's one
  summary statement (assessments.dashboard.summarise): when false, the loader never runs and
  the template draws `dashboard_empty`;
- a person's data: `personal_data` (keys added to the download), `before_delete` (run before
  the account is deleted; the rest goes by cascade) and `personal_models`, the models holding
  personal data that the section covers (a test checks that every such model is covered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from assessments.models import Assessment
    from assessments.report.inputs import Row
    from assessments.report.plan import Plan
    from assessments.scoring import GapReport

# Where a section's template is drawn in the report body (templates/assessments/_report_body.html).
AFTER_BLOCKING = "after_blocking"
AFTER_PLAN = "after_plan"
# Where a dashboard part is drawn (templates/assessments/dashboard.html).
DASHBOARD_TOP = "top"
DASHBOARD_BOTTOM = "bottom"


@dataclass(frozen=True)
class SectionContext:
    """What a section's `build` computes from: the report's own inputs, and its `loaded` ones."""

    assessment: Assessment
    rows: tuple[Row, ...]
    scored: GapReport
    plan: Plan | None  # None in the gaps-only report
    hours_per_week: int
    loaded: Any  # what the section's `load` returned (None without one)


@dataclass(frozen=True)
class Section:
    name: str
    load: Callable[..., Any] | None = None  # (assessment, *, frozen) -> its inputs
    build: Callable[[SectionContext], Any] | None = None
    gaps_only: bool = False
    key_part: Callable[[Assessment], str] | None = None
    template: str = ""
    slot: str = ""
    plan_step_heading: str = ""
    plan_step_template: str = ""
    panel: Callable[[HttpRequest, Assessment, Mapping[str, Any]], Any] | None = None
    panel_template: str = ""
    json: Callable[[Any], Mapping[str, Any]] | None = None
    plan_item_json: Callable[[Any, Any], Mapping[str, Any]] | None = None
    csv_columns: Callable[[Any], list[str]] | None = None
    csv_cells: Callable[[Any, str, int], list[object]] | None = None  # (data, skill, rated)
    dashboard: Callable[[Any], Any] | None = None
    dashboard_template: str = ""
    dashboard_slot: str = DASHBOARD_BOTTOM
    dashboard_any: Callable[[], str] | None = None  # () -> "EXISTS (... = %s ...)"
    dashboard_empty: Any = None  # what `dashboard` returns for a person with no such rows
    personal_data: Callable[[Any], Mapping[str, Any]] | None = None
    before_delete: Callable[[Any], None] | None = None
    personal_models: tuple[str, ...] = ()  # "app_label.ModelName"


_REGISTRY: dict[str, Section] = {}


def register(section: Section) -> Section:
    """Add `section`; registering a name again replaces it (AppConfig.ready() may run twice)."""
    _REGISTRY[section.name] = section
    return section


def sections() -> tuple[Section, ...]:
    return tuple(_REGISTRY.values())


def with_hook(hook: str) -> Iterator[Section]:
    """The sections that have `hook` (a callable or a template), in registration order."""
    return (section for section in _REGISTRY.values() if getattr(section, hook))


@dataclass(frozen=True)
class Part:
    """One section's data with the template that draws it: what a template loops over."""

    name: str
    template: str
    data: Any

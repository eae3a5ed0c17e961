"""Seed a large, realistic SkillGap database for the benchmark.

Loads the shipped framework (`manage.py seed_framework`), then people, their submitted
assessments (ratings plus the submission snapshot, readiness scored by
`assessments.scoring.score`) and some open drafts. At scale 1.0: 10,000 people, 50,000
submitted assessments and about 2 million rating and snapshot rows. The random seed is
fixed, so a scale always gives the same people, rungs and ratings (timestamps follow the clock).

Run alone (into DATABASE_URL, else the project's db.sqlite3; migrate it first):

    .venv/bin/python bench/seed.py --scale 0.01
"""

from __future__ import annotations

import argparse
import io
import os
import random
import secrets
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    # Debug off: with DEBUG on, Django would log the SQL of every bulk insert.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillgap.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.tokens import new_token  # noqa: E402
from assessments import scoring  # noqa: E402
from assessments.models import Assessment, Profile, Rating, SubmittedRequirement  # noqa: E402
from assessments.rating_page import load_rating_steps  # noqa: E402
from assessments.report import build_report  # noqa: E402
from careers.models import ESCO_SOURCE, Requirement, Rung  # noqa: E402
from progress import services as progress  # noqa: E402
from reviews.models import REQUEST_VALID_FOR, ReviewRating, ReviewRequest  # noqa: E402
from reviews.services import recount_report  # noqa: E402
from teams.models import Membership, Team  # noqa: E402

FULL_PEOPLE = 10_000
FULL_SUBMITTED = 50_000
DRAFT_SHARE = 0.2  # share of people with one open draft
BATCH = 5_000  # rows per INSERT (bulk_create) or executemany/COPY
CHUNK = 1_000  # assessments per transaction
RANDOM_SEED = 20_240_607
BENCH_PASSWORD = "bench-password-not-secret-4217"
BENCH_PERSON_SUBMITTED = 5  # the signed-in bench person always has this many reports
TEAM_SHARING_MEMBERS = 50  # the bench person's team: this many sharing members (if there are)
TEAM_SLUG = "bench-team"
HISTORY_DAYS = 730
RATING_FIELDS = ("assessment", "skill", "level", "note", "evidence")
SNAPSHOT_FIELDS = (
    "assessment",
    "skill",
    "skill_name",
    "skill_slug",
    "category_name",
    "required_level",
    "importance",
    "rated_level",
    "note",
    "evidence",
)
NOTES = ("Used it at work last year.", "Only in side projects.", "Want to improve this.")

User = get_user_model()


def email_for(n: int) -> str:
    """The e-mail address of seeded person `n`; person 0 is the one the benchmark signs in."""
    return f"person{n}@example.com"


@dataclass(frozen=True)
class Need:
    """One requirement of a rung, flattened with the names a snapshot row copies."""

    skill_id: int
    skill_name: str
    skill_slug: str
    category_name: str
    level: int
    importance: int


@dataclass(frozen=True)
class RungPlan:
    id: int
    needs: tuple[Need, ...]
    requirements: tuple[scoring.Requirement, ...]


@dataclass
class Planned:
    """An assessment before insertion, with its ratings: skill id -> (level, note)."""

    assessment: Assessment
    rung: RungPlan
    ratings: dict[int, tuple[int | None, str]]


@dataclass
class Person:
    user_id: int
    rng: random.Random
    ability: float
    ladder: list[RungPlan]
    start: int
    submitted: int
    has_draft: bool
    offsets: dict[int, float] = field(default_factory=dict)


@dataclass
class SeedSummary:
    people: int = 0
    submitted: int = 0
    drafts: int = 0
    ratings: int = 0
    snapshot_rows: int = 0
    team_members: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


class Progress:
    """A plain-text progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, total: int, stream=sys.stderr) -> None:
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done, self.started, self.drawn = 0, time.monotonic(), 0.0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.drawn >= 0.1 or self.done >= self.total:
            self.drawn = now
            self._draw(now)

    def close(self) -> None:
        if self.drawn < time.monotonic() - 0.001:
            self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, now: float) -> None:
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        self.stream.write(
            f"\r{self.label:<12} [{bar:<30}] {share:4.0%} "
            f"{self.done:>9,}/{self.total:,} {now - self.started:6.1f}s"
        )
        self.stream.flush()


class RowWriter:
    """Appends plain tuples to one model's table in batches.

    The 2 million rating and snapshot rows skip the ORM: building and compiling model
    instances cost ten times more than the inserts. SQLite gets executemany, PostgreSQL COPY.
    """

    def __init__(self, model: type[models.Model], fields: tuple[str, ...]) -> None:
        meta = model._meta
        self.table = connection.ops.quote_name(meta.db_table)
        self.columns = ", ".join(
            connection.ops.quote_name(meta.get_field(f).column) for f in fields
        )
        self.width = len(fields)
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * self.width)
                sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"
                cursor.executemany(sql, self.rows)
        self.rows = []


def seed(*, scale: float = 1.0, load_framework: bool = True, progress: bool = True) -> SeedSummary:
    """Fill an empty, migrated database; return the counts and the time it took.

    With `load_framework` off, the framework already in the database is used.
    """
    started = time.monotonic()
    if load_framework:
        call_command("seed_framework", stdout=io.StringIO())
    rungs = load_ladders(Requirement.objects.all())
    if not rungs:
        raise SystemExit("The framework has no rungs with requirements: nothing to assess.")
    rng = random.Random(RANDOM_SEED)
    n_people = max(1, round(FULL_PEOPLE * scale))
    n_submitted = max(1, round(FULL_SUBMITTED * scale))
    summary = SeedSummary()
    with fast_sqlite_writes():
        user_ids = _create_people(rng, n_people, progress, summary)
        people = _plan_people(rng, user_ids, rungs, n_submitted)
        with _postgres_bulk_load(Rating, SubmittedRequirement):
            create_assessments(people, progress, summary)
        _add_review()
        _add_plan_progress()
        _create_team(user_ids, summary)
        _finish(summary)
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def load_ladders(requirements: models.QuerySet) -> dict[int, list[RungPlan]]:
    """The rungs of `requirements` (a Requirement queryset), as plain data, grouped into
    ladders by role."""
    needs: dict[int, list[Need]] = {}
    requirements = requirements.select_related("skill__category").order_by("rung", "id")
    for req in requirements:
        skill = req.skill
        needs.setdefault(req.rung_id, []).append(
            Need(skill.id, skill.name, skill.slug, skill.category.name, req.level, req.importance)
        )
    ladders: dict[int, list[RungPlan]] = {}
    for rung in Rung.objects.filter(id__in=needs).order_by("role_id", "order"):
        rung_needs = tuple(needs[rung.id])
        scored = tuple(scoring.Requirement(n.skill_slug, n.level, n.importance) for n in rung_needs)
        ladders.setdefault(rung.role_id, []).append(RungPlan(rung.id, rung_needs, scored))
    return ladders


@contextmanager
def fast_sqlite_writes() -> Iterator[None]:
    """On SQLite, trade durability for speed while seeding: WAL, no fsync, and a page
    cache big enough that index inserts in skill order do not thrash the disk."""
    # SQLite refuses to change these inside a transaction (as in a test case).
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")  # KiB: about 1 GB
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")


@contextmanager
def _postgres_bulk_load(*bulk_models: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, drop the tables' foreign keys, unique constraints and indexes during
    the load and rebuild them after: one sort per index and one join per key instead of
    millions of B-tree inserts and deferred trigger checks (about twice as fast).

    Inside a transaction (a test case) the tables keep everything: adding a foreign key
    fails while rows the transaction wrote still wait for their deferred checks.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    tables = [model._meta.db_table for model in bulk_models]
    with connection.cursor() as cursor:
        rebuild = _drop_keys_and_indexes(cursor, tables)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in rebuild:
                cursor.execute(statement)


def _drop_keys_and_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop everything but the primary keys on `tables`; return the statements that rebuild it."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC",
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
        " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
        [tables],
    )
    indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    for table, name, _ in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for _, name, _ in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    return [definition for _, _, definition in indexes] + [
        f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
        for table, name, definition in constraints
    ]


def _create_people(
    rng: random.Random, count: int, progress: bool, summary: SeedSummary
) -> list[int]:
    """Users (one shared password hash: hashing 10,000 times would take an hour), e-mail
    addresses and profiles. Returns the user ids, person 0 first."""
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    bar = Progress("people", count) if progress else None
    user_ids: list[int] = []
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                [_new_user(n, password, now - timedelta(days=rng.uniform(1, 900))) for n in numbers]
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
            )
            Profile.objects.bulk_create(
                Profile(user=u, hours_per_week=rng.choice((2, 3, 5, 5, 5, 8, 10))) for u in users
            )
        user_ids.extend(u.id for u in users)
        if bar:
            bar.advance(len(users))
    if bar:
        bar.close()
    summary.people = len(user_ids)
    return user_ids


def _new_user(n: int, password: str, joined: datetime):
    return User(username=f"person{n}", email=email_for(n), password=password, date_joined=joined)


def _plan_people(
    rng: random.Random,
    user_ids: list[int],
    ladders: dict[int, list[RungPlan]],
    n_submitted: int,
) -> list[Person]:
    """Who takes how many assessments, on which ladder, with what latent ability."""
    counts = _submitted_counts(rng, len(user_ids), n_submitted)
    roles = sorted(ladders)
    people = []
    for index, user_id in enumerate(user_ids):
        # Each person draws from their own generator, so person n rates the same rungs the
        # same way at every scale: the signed-in pages compare like with like as data grows.
        own = random.Random(f"{RANDOM_SEED}:{index}")
        ladder = ladders[own.choice(roles)]
        people.append(
            Person(
                user_id=user_id,
                rng=own,
                ability=own.uniform(1.0, 3.5),
                ladder=ladder,
                start=own.randrange(len(ladder)),
                submitted=counts[index],
                has_draft=index == 0 or own.random() < DRAFT_SHARE,
            )
        )
    return people


def _submitted_counts(rng: random.Random, n_people: int, n_submitted: int) -> Counter[int]:
    """Spread the submissions unevenly (a few people retake often); person 0 gets a fixed
    number, so the signed-in pages measure the same amount of history at every scale."""
    counts: Counter[int] = Counter({0: min(BENCH_PERSON_SUBMITTED, n_submitted)})
    rest = n_submitted - counts[0]
    if n_people == 1:
        counts[0] += rest
        return counts
    others = range(1, n_people)
    weights = [rng.expovariate(1.0) for _ in others]
    counts.update(rng.choices(others, weights=weights, k=rest))
    return counts


def create_assessments(people: list[Person], progress: bool, summary: SeedSummary) -> None:
    total = sum(p.submitted + p.has_draft for p in people)
    bar = Progress("assessments", total) if progress else None
    now = timezone.now()
    for chunk in _chunks(people, CHUNK):
        with transaction.atomic():
            written = _create_chunk(chunk, now, summary)
        if bar:
            bar.advance(written)
    if bar:
        bar.close()


def _chunks(people: list[Person], size: int) -> Iterable[list[Person]]:
    """Groups of people holding about `size` assessments each."""
    chunk: list[Person] = []
    held = 0
    for person in people:
        chunk.append(person)
        held += person.submitted + person.has_draft
        if held >= size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _create_chunk(people: list[Person], now: datetime, summary: SeedSummary) -> int:
    """Insert a group of people's assessments, then their ratings and snapshot rows."""
    planned: list[Planned] = []
    for person in people:
        planned.extend(_plan_submitted(person, now))
        if person.has_draft:
            planned.append(_plan_draft(person))
    Assessment.objects.bulk_create([p.assessment for p in planned], batch_size=BATCH)
    ratings = RowWriter(Rating, RATING_FIELDS)
    snapshot = RowWriter(SubmittedRequirement, SNAPSHOT_FIELDS)
    for plan in planned:
        _add_ratings(ratings, plan, summary)
        if plan.assessment.status == Assessment.Status.SUBMITTED:
            _add_snapshot(snapshot, plan, summary)
            summary.submitted += 1
        else:
            summary.drafts += 1
    ratings.flush()
    snapshot.flush()
    return len(planned)


def _plan_submitted(person: Person, now: datetime) -> list[Planned]:
    """A person's submissions in time order, climbing their ladder and improving a little.

    Readiness is scored as the submit service scores it: by skill slug, from the snapshot.
    """
    rng = person.rng
    days_ago = sorted((rng.uniform(1, HISTORY_DAYS) for _ in range(person.submitted)), reverse=True)
    planned = []
    for attempt, days in enumerate(days_ago):
        rung = _rung_for(person, attempt)
        ratings = {n.skill_id: (_rate(person, n, attempt), _note(rng)) for n in rung.needs}
        report = scoring.score(
            rung.requirements, {n.skill_slug: ratings[n.skill_id][0] for n in rung.needs}
        )
        assessment = Assessment(
            public_id=_uuid(rng),
            owner_id=person.user_id,
            rung_id=rung.id,
            status=Assessment.Status.SUBMITTED,
            submitted_at=now - timedelta(days=days),
            readiness=report.readiness,
            ready=report.ready,
        )
        planned.append(Planned(assessment, rung, ratings))
    return planned


def _plan_draft(person: Person) -> Planned:
    """An open draft on the next rung to climb, about two thirds rated."""
    rng = person.rng
    rung = _rung_for(person, person.submitted)
    ratings: dict[int, tuple[int | None, str]] = {}
    for need in rung.needs:
        draw = rng.random()
        if draw < 0.65:
            ratings[need.skill_id] = (_rate(person, need, person.submitted), _note(rng))
        elif draw < 0.7:
            ratings[need.skill_id] = (None, rng.choice(NOTES))  # a note kept while unrated
    assessment = Assessment(public_id=_uuid(rng), owner_id=person.user_id, rung_id=rung.id)
    return Planned(assessment, rung, ratings)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _rung_for(person: Person, attempt: int) -> RungPlan:
    return person.ladder[min(person.start + attempt // 2, len(person.ladder) - 1)]


def _rate(person: Person, need: Need, attempt: int) -> int:
    """A latent level per person and skill, a little better with each attempt, plus noise."""
    offset = person.offsets.get(need.skill_id)
    if offset is None:
        offset = person.offsets[need.skill_id] = person.rng.gauss(0, 0.9)
    level = round(person.ability + offset + 0.25 * attempt + person.rng.gauss(0, 0.4))
    return min(max(level, 0), 5)


def _note(rng: random.Random) -> str:
    return rng.choice(NOTES) if rng.random() < 0.03 else ""


def _add_ratings(writer: RowWriter, plan: Planned, summary: SeedSummary) -> None:
    assessment_id = plan.assessment.id
    for skill_id, (level, note) in plan.ratings.items():
        writer.add((assessment_id, skill_id, level, note, ""))
    summary.ratings += len(plan.ratings)


def _add_snapshot(writer: RowWriter, plan: Planned, summary: SeedSummary) -> None:
    assessment_id = plan.assessment.id
    for n in plan.rung.needs:
        rated, note = plan.ratings[n.skill_id]
        names = (n.skill_name, n.skill_slug, n.category_name)
        writer.add((assessment_id, n.skill_id, *names, n.level, n.importance, rated, note, ""))
    summary.snapshot_rows += len(plan.rung.needs)


def _create_team(user_ids: list[int], summary: SeedSummary) -> None:
    """Person 0 manages a team of the next TEAM_SHARING_MEMBERS people, all sharing."""
    Team.objects.filter(slug=TEAM_SLUG).delete()  # left from an earlier seed of these people
    team = Team.objects.create(name="Bench team", slug=TEAM_SLUG)
    Membership.objects.create(team=team, person_id=user_ids[0], is_manager=True)
    members = user_ids[1 : TEAM_SHARING_MEMBERS + 1]
    Membership.objects.bulk_create(
        Membership(team=team, person_id=user_id, shares=True) for user_id in members
    )
    summary.team_members = len(members)


def _finish(summary: SeedSummary) -> None:
    """Backdate submitted assessments (auto_now fields ignore the values bulk_create is
    given) and refresh the planner's statistics, as one would after any bulk load."""
    Assessment.objects.submitted().update(
        created_at=models.F("submitted_at"), updated_at=models.F("submitted_at")
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass(frozen=True)
class Targets:
    """What the benchmark signs in as and opens: person 0's latest report and open draft."""

    email: str
    password: str
    role_slug: str
    report_id: str
    reviewed_id: str  # a report with one submitted review
    report_rung: str
    report_skills: int
    draft_id: str
    draft_rung: str
    draft_form: dict[str, str]  # the rating form's fields, as a save would post them
    step_form: dict[str, str]  # step 1's fields only, as a step's "next" posts them
    team_slug: str = TEAM_SLUG
    team_rung_id: int = 0  # the rung with the most requirements: the team page's target
    team_rung: str = ""
    team_skills: int = 0

    def describe(self) -> dict[str, object]:
        """What the signed-in pages show, for the results: the sizes that drive their cost."""
        return {
            "email": self.email,
            "role": self.role_slug,
            "report_rung": self.report_rung,
            "report_skills": self.report_skills,
            "draft_rung": self.draft_rung,
            "draft_skills": len(self.draft_form) // 2,
            "step_skills": (len(self.step_form) - 2) // 3,
            "team_rung": self.team_rung,
            "team_skills": self.team_skills,
            "team_sharing_members": Membership.objects.filter(
                team__slug=self.team_slug, shares=True
            ).count(),
        }


def _reviewed_report(owner_id: int) -> Assessment:
    """The bench person's second latest report (their latest when they have only one): the
    one a colleague has reviewed, so the plain `report` page stays without reviews."""
    reports = list(
        Assessment.objects.for_owner(owner_id).submitted().order_by("-submitted_at", "-pk")[:2]
    )
    return reports[-1]


def _add_review() -> None:
    """One submitted review of the bench person's reviewed report, by the next person (or
    by a reviewer of their own when alone): every skill rated, one two levels apart."""
    owner = User.objects.get(email=email_for(0))
    reviewer = User.objects.exclude(pk=owner.pk).order_by("pk").first()
    if reviewer is None:
        reviewer = _new_user(1, BENCH_PASSWORD, timezone.now())
        reviewer.save()
    report = _reviewed_report(owner.pk)
    now = timezone.now()
    review = ReviewRequest.objects.create(
        assessment=report,
        email=reviewer.email,
        token_digest=new_token()[1],
        created_at=now,
        expires_at=now + REQUEST_VALID_FOR,
        reviewer=reviewer,
        reviewer_name="A colleague",
        accepted_at=now,
        submitted_at=now,
    )
    rows = report.snapshot.order_by("pk").values_list("pk", "rated_level")
    ReviewRating.objects.bulk_create(
        ReviewRating(
            review=review,
            requirement_id=pk,
            level=(rated + 2 if rated <= 3 else rated - 2) if index == 0 else max(0, rated - 1),
            comment="Seen in the platform work." if index == 0 else "",
        )
        for index, (pk, rated) in enumerate(rows)
    )
    # Written past the services, so counted on the report's row as they would.
    recount_report(assessment_id=report.pk)


def _add_plan_progress() -> None:
    """The bench person's progress on their latest report's plan, so `report` and `plan` show
    states: the first three steps done, the fourth under way, and a goal half a year ahead."""
    owner = User.objects.get(email=email_for(0))
    report = Assessment.objects.for_owner(owner).submitted().order_by("-submitted_at").first()
    steps = [step.key for _, step in build_report(report).plan.steps]
    for key, state in zip(steps, ("done", "done", "done", "doing"), strict=False):
        progress.set_step_state(owner=owner, key=key, state=state)
    target = timezone.localdate() + timedelta(days=182)
    progress.set_goal(owner=owner, rung=report.rung, target_date=target)


def bench_targets() -> Targets:
    owner = User.objects.get(email=email_for(0))
    mine = Assessment.objects.for_owner(owner).with_rung()
    report = mine.submitted().order_by("-submitted_at").first()
    draft = mine.drafts().first()
    if report is None or draft is None:
        raise SystemExit(f"{email_for(0)} has no submitted assessment or no draft: reseed.")
    rated = dict(draft.ratings.exclude(level=None).values_list("skill_id", "level"))
    form: dict[str, str] = {}
    for skill_id in Requirement.objects.filter(rung=draft.rung_id).values_list("skill", flat=True):
        form[f"skill-{skill_id}"] = str(rated.get(skill_id, 2))
        form[f"note-{skill_id}"] = ""
    first_step = load_rating_steps(draft, step=1).skills_of(1)
    step_form = {"step": "1", "action": "next"}
    for skill_id in first_step:
        step_form |= {f"skill-{skill_id}": form[f"skill-{skill_id}"], f"note-{skill_id}": ""}
        step_form[f"evidence-{skill_id}"] = ""
    # A hand-made rung, so the team page is the same with or without ESCO imported.
    widest = (
        Rung.objects.exclude(role__source=ESCO_SOURCE)
        .annotate(skills=models.Count("requirements"))
        .order_by("-skills", "pk")
        .first()
    )
    return Targets(
        team_rung_id=widest.pk,
        team_rung=widest.title,
        team_skills=widest.skills,
        email=email_for(0),
        password=BENCH_PASSWORD,
        role_slug=report.rung.role.slug,
        report_id=str(report.public_id),
        reviewed_id=str(_reviewed_report(owner.pk).public_id),
        report_rung=report.rung.title,
        report_skills=report.snapshot.count(),
        draft_id=str(draft.public_id),
        draft_rung=draft.rung.title,
        draft_form=form,
        step_form=step_form,
    )


def count_rows() -> dict[str, int]:
    """The sizes that matter for the benchmark, read back from the database."""
    return {
        "people": User.objects.count(),
        "submitted": Assessment.objects.submitted().count(),
        "drafts": Assessment.objects.drafts().count(),
        "ratings": Rating.objects.count(),
        "snapshot_rows": SubmittedRequirement.objects.count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10,000 people")
    parser.add_argument(
        "--no-framework",
        action="store_true",
        help="use the framework already in the database instead of seed_framework",
    )
    args = parser.parse_args(argv)
    summary = seed(scale=args.scale, load_framework=not args.no_framework)
    print(
        f"Seeded {summary.people:,} people, {summary.submitted:,} submitted and "
        f"{summary.drafts:,} draft assessments, {summary.ratings:,} ratings and "
        f"{summary.snapshot_rows:,} snapshot rows in {summary.seconds:.1f}s "
        f"on {connection.vendor}. Sign in as {email_for(0)} / {BENCH_PASSWORD}."
    )


if __name__ == "__main__":
    main()

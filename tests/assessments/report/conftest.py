"""A framework for the report's tests.

`career`: a small framework of three roles, pinned against hand
computation:

    role AI:   Junior  python 1/3, sql 2/3
               Mid     python 3/5, sql 3/3, stats 2/4, docker 2/2, comms 2/1
               Senior  python 4/5, sql 3/3, stats 3/4, k8s 3/3, docker 2/2
    role Data: Data Scientist  python 3/4, stats 4/5, spark 2/2, ethics 1/1
               Lead Data       stats 5/5, spark 4/4
    role Ops:  Analyst         k8s 2/2, spark 2/3, sql 2/2

(level/importance). Mid's next rungs: Senior and Data Scientist. The person submitted, in
this order: Mid (python 0, sql 2, stats 2, docker 1, comms 0), Analyst (k8s 2, spark 1,
sql 4), and Mid again (python 1, sql 3, stats 2, docker 1, comms 0): `career["current"]`.
"""

from __future__ import annotations

import datetime

import pytest

from assessments import services
from assessments.models import Assessment, Profile
from assessments.report import Report, build_report
from tests.conftest import FIXED_NOW
from tests.factories import (
    LearningStepFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillFactory,
)

SKILLS = {
    "python": "Python",
    "sql": "SQL",
    "stats": "Statistics",
    "docker": "Docker",
    "comms": "Communication",
    "k8s": "Kubernetes",
    "spark": "Spark",
    "ethics": "Ethics",
}


def make_rung(role, order, title, requirements, skills):
    rung = RungFactory(role=role, order=order, title=title, slug=title.lower().replace(" ", "-"))
    for slug, (level, importance) in requirements.items():
        RequirementFactory(rung=rung, skill=skills[slug], level=level, importance=importance)
    return rung


def submit(owner, rung, ratings, skills, days_ago):
    assessment = services.start_assessment(owner=owner, rung=rung)
    services.submit_assessment(
        assessment=assessment,
        ratings={skills[slug].pk: (level, "") for slug, level in ratings.items()},
    )
    when = FIXED_NOW - datetime.timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    return assessment


def report_of(assessment) -> Report:
    return build_report(Assessment.objects.with_rung().get(pk=assessment.pk))


@pytest.fixture
def career(user):
    skills = {slug: SkillFactory(name=name, slug=slug) for slug, name in SKILLS.items()}
    ai, data, ops = (RoleFactory(name=n, order=i) for i, n in enumerate(["AI", "Data", "Ops"]))
    make_rung(ai, 1, "Junior", {"python": (1, 3), "sql": (2, 3)}, skills)
    mid = make_rung(
        ai,
        2,
        "Mid",
        {"python": (3, 5), "sql": (3, 3), "stats": (2, 4), "docker": (2, 2), "comms": (2, 1)},
        skills,
    )
    senior = make_rung(
        ai,
        3,
        "Senior",
        {"python": (4, 5), "sql": (3, 3), "stats": (3, 4), "k8s": (3, 3), "docker": (2, 2)},
        skills,
    )
    scientist = make_rung(
        data,
        1,
        "Data Scientist",
        {"python": (3, 4), "stats": (4, 5), "spark": (2, 2), "ethics": (1, 1)},
        skills,
    )
    make_rung(data, 2, "Lead Data", {"stats": (5, 5), "spark": (4, 4)}, skills)
    analyst = make_rung(ops, 1, "Analyst", {"k8s": (2, 2), "spark": (2, 3), "sql": (2, 2)}, skills)
    mid.next_rungs.add(senior, scientist)
    for title, kind, hours, target in [
        ("Py basics", "course", 10, 2),
        ("Py project", "project", 20, 3),
        ("Py expert", "community", 40, 5),
    ]:
        LearningStepFactory(
            skill=skills["python"],
            title=title,
            kind=kind,
            hours=hours,
            target_level=target,
            url="https://example.org/py" if hours == 10 else "",
        )
    LearningStepFactory(
        skill=skills["docker"], title="Docker deep dive", kind="reading", hours=12, target_level=4
    )
    Profile.objects.create(user=user, hours_per_week=4)
    before = {"python": 0, "sql": 2, "stats": 2, "docker": 1, "comms": 0}
    previous = submit(user, mid, before, skills, days_ago=30)
    submit(user, analyst, {"k8s": 2, "spark": 1, "sql": 4}, skills, days_ago=20)
    now = {"python": 1, "sql": 3, "stats": 2, "docker": 1, "comms": 0}
    current = submit(user, mid, now, skills, days_ago=1)
    return {"current": current, "previous": previous, "skills": skills}

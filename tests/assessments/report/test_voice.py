"""The words the report body uses for its person: to the owner, or about them."""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Template

from assessments.report import voice

OUTLOOK = Template(
    "{{ voice.Who }} {{ voice.have }} rated 3 of its 5 skills; the rest count as 0 until "
    "{{ voice.who }} rate{{ voice.s }} them. {{ voice.Whose }} place: where {{ voice.who }} "
    "{{ voice.are }} ready, above {{ voice.their }} rating."
)


def _say(spoken: voice.Voice) -> str:
    return OUTLOOK.render(Context({"voice": spoken}))


def test_the_owner_is_spoken_to():
    assert _say(voice.OWNER) == (
        "You have rated 3 of its 5 skills; the rest count as 0 until you rate them. "
        "Your place: where you are ready, above your rating."
    )


def test_a_named_person_is_spoken_about_by_name():
    assert _say(voice.about(" Ada ")) == (
        "Ada has rated 3 of its 5 skills; the rest count as 0 until Ada rates them. "
        "Ada\u2019s place: where Ada is ready, above their rating."
    )


def test_a_person_without_a_name_is_this_person():
    assert _say(voice.about("")) == (
        "This person has rated 3 of its 5 skills; the rest count as 0 until this person rates "
        "them. This person\u2019s place: where this person is ready, above their rating."
    )


def test_the_module_stays_free_of_django():
    source = Path(voice.__file__).read_text(encoding="utf-8")

    assert "django" not in source

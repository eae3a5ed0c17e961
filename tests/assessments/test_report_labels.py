"""The words the report gives its numbers."""

from __future__ import annotations

from assessments.planning import RatingChange
from assessments.templatetags import report_labels


def test_a_level_reads_as_its_number_and_name():
    assert report_labels.level_label(3) == "3 Proficient"


def test_no_level_reads_as_not_yet_rated():
    assert report_labels.level_label(None) == "not yet rated"


def test_a_step_kind_reads_as_its_label():
    assert report_labels.step_kind("course") == "Course"


def test_whole_hours_lose_their_decimal_point_and_parts_keep_it():
    assert (report_labels.hours(20.0), report_labels.hours(1.5)) == (20, 1.5)


def test_a_rise_reads_up_with_its_size():
    change = RatingChange("Python", 1, 3, 2, "up")

    assert (report_labels.change_arrow(change), report_labels.change_words(change)) == ("↑", "up 2")


def test_a_fall_reads_down_with_its_size():
    change = RatingChange("SQL", 3, 2, -1, "down")

    assert (report_labels.change_arrow(change), report_labels.change_words(change)) == (
        "↓",
        "down 1",
    )


def test_a_first_rating_reads_newly_rated():
    change = RatingChange("Go", None, 2, 2, "new")

    assert (report_labels.change_arrow(change), report_labels.change_words(change)) == (
        "+",
        "newly rated",
    )

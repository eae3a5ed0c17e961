"""Chart geometry is computed in Python, so the templates only place numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.report import charts


def test_the_charts_module_stays_free_of_django():
    source = Path(charts.__file__).read_text()

    assert "django" not in source


class TestBarChart:
    def test_bars_are_one_unit_wide_per_level(self):
        chart = charts.bar_chart([("Python", 4, 2)])

        (row,) = chart.rows
        assert row.required_width == 4 * charts.BAR_UNIT == 144
        assert row.rated_width == 2 * charts.BAR_UNIT == 72
        assert row.required_end_x == charts.BAR_LABEL_WIDTH + 144

    def test_rows_stack_down_from_the_scale(self):
        chart = charts.bar_chart([("A", 3, 3), ("B", 2, 5), ("C", 1, 0)])

        assert [row.y for row in chart.rows] == [22, 46, 70]
        # top 22 + three rows of 24 + bottom 6
        assert chart.height == 100

    def test_the_rated_bar_sits_inside_the_required_bar(self):
        (row,) = charts.bar_chart([("SQL", 3, 1)]).rows

        assert row.required_y < row.rated_y
        assert row.rated_y + charts.RATED_HEIGHT < row.required_y + charts.REQUIRED_HEIGHT

    def test_the_scale_is_labelled_zero_to_five(self):
        chart = charts.bar_chart([("SQL", 3, 1)])

        assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4", "5"]
        assert chart.ticks[-1].x == chart.scale_right == 220 + 5 * 36

    def test_each_row_says_its_values_in_words(self):
        (row,) = charts.bar_chart([("SQL", 3, 1)]).rows

        assert row.value_label == "1 of 3"

    def test_long_names_are_shortened_at_a_word(self):
        name = "Azure Database for PostgreSQL and MySQL"

        (row,) = charts.bar_chart([(name, 3, 1)]).rows

        assert row.label == "Azure Database for PostgreSQL…"
        assert len(row.label) <= charts.LABEL_MAX_CHARS
        assert row.is_truncated
        assert row.name == name

    def test_short_names_are_kept_whole(self):
        (row,) = charts.bar_chart([("Python", 3, 1)]).rows

        assert row.label == "Python"
        assert not row.is_truncated

    def test_a_level_out_of_range_is_refused(self):
        with pytest.raises(ValueError, match="Python"):
            charts.bar_chart([("Python", 6, 1)])


class TestTrendChart:
    def test_readiness_maps_onto_the_plot_height(self):
        chart = charts.trend_chart([("1 Jan", 0.0, False), ("2 Feb", 100.0, True)])

        first, last = chart.points
        assert first.y == chart.bottom == 240 - 48
        assert last.y == chart.top == 24
        assert first.x == 46 + 16
        assert last.x == 560 - 84 - 16

    def test_the_threshold_line_sits_at_eighty_percent(self):
        chart = charts.trend_chart([("1 Jan", 50.0, True)])

        # 192 - (192 - 24) x 0.8 = 57.6
        assert chart.threshold_y == pytest.approx(57.6)
        assert chart.threshold_label == "Ready: 80%"

    def test_a_single_point_sits_in_the_middle(self):
        (point,) = charts.trend_chart([("1 Jan", 50.0, True)]).points

        assert point.x == (62 + 460) / 2

    def test_the_polyline_joins_the_points_in_order(self):
        chart = charts.trend_chart([("a", 50.0, False), ("b", 75.0, True)])

        # y: 192 - 168 x 0.5 = 108; 192 - 168 x 0.75 = 66
        assert chart.polyline == "62,108 460,66"

    def test_values_are_whole_percents_rounded_half_up(self):
        (point,) = charts.trend_chart([("a", 62.5, True)]).points

        assert point.readiness_pct == 63

    def test_many_points_label_at_most_six_dates_including_the_last(self):
        points = [(f"day {n}", 50.0, n == 19) for n in range(20)]

        chart = charts.trend_chart(points)

        labelled = [p.label for p in chart.points if p.show_label]
        assert len(labelled) <= charts.TREND_MAX_X_LABELS
        assert labelled[-1] == "day 19"

    def test_a_readiness_out_of_range_is_refused(self):
        with pytest.raises(ValueError, match="0-100"):
            charts.trend_chart([("a", 101.0, True)])

    def test_a_value_the_threshold_line_would_cross_is_printed_below_its_point(self):
        (point,) = charts.trend_chart([("a", 72.0, True)]).points

        assert point.value_y > point.y

    @pytest.mark.parametrize("readiness", [50.0, 83.0, 100.0])
    def test_a_value_clear_of_the_threshold_line_is_printed_above_its_point(self, readiness):
        (point,) = charts.trend_chart([("a", readiness, True)]).points

        assert point.value_y < point.y

    @pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW])
    def test_no_value_is_ever_struck_through_by_the_threshold_line(self, layout):
        for readiness in range(101):
            chart = charts.trend_chart([("a", float(readiness), True)], layout=layout)
            (point,) = chart.points

            top = point.value_y - charts.VALUE_ASCENT
            bottom = point.value_y + charts.VALUE_DESCENT
            assert not top <= chart.threshold_y <= bottom, readiness

    def test_the_narrow_layout_is_drawn_at_a_phones_width_with_fewer_dates(self):
        points = [(f"day {n}", 50.0, n == 9) for n in range(10)]

        chart = charts.trend_chart(points, layout=charts.NARROW)

        assert chart.width <= 366  # a 390 px screen less the page's padding: drawn 1:1
        assert chart.font_size >= 12
        assert chart.name == "narrow"
        assert sum(p.show_label for p in chart.points) <= charts.NARROW.max_x_labels

    def test_each_point_carries_its_second_label_line(self):
        chart = charts.trend_chart(
            [("1 Jan", 50.0, False), ("1 Jan", 60.0, True)], sublabels=["09:00", "17:30"]
        )

        assert [(p.label, p.sublabel) for p in chart.points] == [
            ("1 Jan", "09:00"),
            ("1 Jan", "17:30"),
        ]
        assert chart.sublabel_y > chart.label_y

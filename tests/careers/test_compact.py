"""Cached pages drop their indentation; the text a browser shows stays the same."""

from __future__ import annotations

from django.template import Context, Template

from careers.templatetags.compact import drop_indentation


def test_the_indentation_of_each_line_is_dropped():
    html = "<ul>\n    <li>Python</li>\n\t\t<li>SQL</li>\n</ul>"

    assert drop_indentation(html) == "<ul>\n<li>Python</li>\n<li>SQL</li>\n</ul>"


def test_spaces_inside_a_line_are_kept():
    assert drop_indentation("<p>rated  2, required 3</p>") == "<p>rated  2, required 3</p>"


def test_the_filter_keeps_escaping_intact():
    template = Template("{% load compact %}{% filter drop_indentation %}\n  {{ v }}{% endfilter %}")

    assert template.render(Context({"v": "<b>"})) == "\n&lt;b&gt;"

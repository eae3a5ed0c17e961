"""The report's read side (DESIGN.md §14).

`inputs.load_inputs()` is the one module that queries: it loads every input a report needs
in a fixed number of queries, with the rung index (`rung_index`, built once per framework
version) to pick the few rungs of other roles that moves need. Then `assessments.scoring`
scores them, and one module per section turns the inputs and the score into plain data:
`gaps`, `plan`, `progression`, `history`. `Report` (in `build`) nests the sections;
`exports` shapes it for download and `charts` holds the SVG geometry.
"""

from assessments.report.build import Report, build_gap_report, build_report

__all__ = ["Report", "build_gap_report", "build_report"]

"""Server-side SVG charts for the KPI dashboard: the geometry is computed here, the templates
(``matches/kpi_chart_*.html``) only draw it. No JavaScript; every chart comes with a title and
a data table on the page, so the picture is never the only way to read a figure."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
#: Room for the value axis on the left and the labels below.
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 44


def nice_max(value: float) -> int:
    """A round upper bound for an axis: 1, 2, 5, 10, 20, 50, ... at least ``value``."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exponent:
            return int(step * exponent) if step * exponent >= 1 else 1
    return int(10 * exponent)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: object
    label_x: float = 0.0
    label_y: float = 0.0


def column_chart(rows, *, height: int = 240) -> dict:
    """Vertical bars (one per row, ``row.value``), with a step line for ``row.target``."""
    rows = list(rows)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    targets = [r.target for r in rows if r.target is not None]
    top = nice_max(max([r.value or 0 for r in rows] + targets + [1]))
    slot = plot_w / max(len(rows), 1)
    bars, target_points = [], []
    every = max(1, math.ceil(len(rows) / 12))  # at most twelve labels under the axis
    for i, row in enumerate(rows):
        h = plot_h * (row.value or 0) / top
        x = LEFT + i * slot + slot * 0.15
        bar = Bar(x, TOP + plot_h - h, slot * 0.7, h, row.label, row.value)
        bar.label_x = LEFT + i * slot + slot / 2
        bar.label_y = height - BOTTOM + 16
        bar.show_label = i % every == 0
        bars.append(bar)
        if row.target is not None:
            y = TOP + plot_h - plot_h * row.target / top
            target_points.append((LEFT + i * slot, y))
            target_points.append((LEFT + (i + 1) * slot, y))
    ticks = [(TOP + plot_h - plot_h * f, round(top * f)) for f in (0, 0.5, 1)]
    return {
        "width": WIDTH,
        "height": height,
        "bars": bars,
        "target": " ".join(f"{x:.1f},{y:.1f}" for x, y in target_points),
        "ticks": ticks,
        "axis_x": LEFT,
        "axis_y": TOP + plot_h,
        "axis_end": WIDTH - RIGHT,
    }


def bar_chart(rows, *, second=None, row_height: int = 26, label_width: int = 200) -> dict:
    """Horizontal bars, one row each, labelled on the left; ``second(row)`` gives a second
    value drawn as a thinner bar under the first (requests under offers)."""
    rows = list(rows)
    values = [r.value or 0 for r in rows]
    if second is not None:
        values += [second(r) or 0 for r in rows]
    top = nice_max(max([*values, 1]))
    plot_w = WIDTH - label_width - 56
    height = TOP + row_height * len(rows) + 8
    bars = []
    for i, row in enumerate(rows):
        y = TOP + i * row_height
        bar = Bar(
            label_width,
            y + 2,
            plot_w * (row.value or 0) / top,
            row_height * (0.45 if second else 0.7),
            row.label,
            row.value,
        )
        bar.label_x, bar.label_y = label_width - 6, y + row_height * 0.55
        bar.value_x = label_width + bar.width
        if second is not None:
            other = second(row) or 0
            bar.second = Bar(
                label_width,
                y + 2 + row_height * 0.45,
                plot_w * other / top,
                row_height * 0.3,
                row.label,
                other,
            )
        bars.append(bar)
    return {"width": WIDTH, "height": height, "bars": bars, "label_width": label_width}

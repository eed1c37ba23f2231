"""The story timeline chart: events days apart in a burst get labels that do not print over each other, checked on
the laid-out lanes and on the boxes Chromium draws for the chart's text."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from storyline.present.templates import environment
from storyline.present.timeline import WIDTH, TimelinePoint, lay_out


def _burst() -> list[TimelinePoint]:
    """Twelve events: a burst of nine in ten days, then three spread over two months (a developing story)."""
    start = dt.date(2026, 3, 1)
    days = [0, 1, 1, 2, 4, 5, 7, 8, 10, 30, 45, 70]
    return [
        TimelinePoint(
            event_id=f"event:{n:02d}",
            label=f"Prime ministers hold call number {n} on the mackerel quota dispute",
            when=(start + dt.timedelta(days=d)).isoformat(),
            x=d / 70,
            dated=True,
            conflicts=n % 3 == 0,
            href=f"#event-{n:02d}",
        )
        for n, d in enumerate(days)
    ]


def test_labels_in_one_lane_never_overlap_and_stay_inside_the_chart() -> None:
    chart = lay_out(_burst())
    assert chart.lanes_above + chart.lanes_below > 2, "a burst needs more than one lane on each side"
    for a, b in combinations(chart.points, 2):
        if a.lane == b.lane:
            assert a.text_x + a.half_width <= b.text_x - b.half_width or b.text_x + b.half_width <= a.text_x - a.half_width
    for point in chart.points:
        assert 0 <= point.text_x - point.half_width and point.text_x + point.half_width <= WIDTH
        assert 0 < chart.label_y(point) < chart.height and 0 < chart.when_y(point) < chart.height


def test_few_events_far_apart_keep_a_small_chart() -> None:
    burst = _burst()
    points = [burst[0], burst[9], burst[11]]  # days 0, 30 and 70
    chart = lay_out(points)
    assert (chart.lanes_above, chart.lanes_below) == (1, 1)
    assert {p.lane for p in chart.points} == {0}


def test_chromium_draws_no_two_timeline_texts_over_each_other(chromium) -> None:  # type: ignore[no-untyped-def]
    env = environment()
    svg = env.from_string('{% from "_macros.html" import timeline %}{{ timeline(chart, None) }}').render(
        chart=lay_out(_burst())
    )
    style = env.get_template("_style.html").render()
    page = chromium.new_page(viewport={"width": 900, "height": 700})
    page.set_content(f"<!doctype html><html><head>{style}</head><body>{svg}</body></html>")
    boxes = page.eval_on_selector_all(
        "svg.timeline text",
        "nodes => nodes.map(n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })",
    )
    chart_box = page.eval_on_selector(
        "svg.timeline", "n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
    )
    assert len(boxes) == 24
    for (l1, t1, r1, b1), (l2, t2, r2, b2) in combinations(boxes, 2):
        assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, "two labels of the timeline overlap"
    for left, top, right, bottom in boxes:
        assert chart_box[0] <= left and right <= chart_box[2] and chart_box[1] <= top and bottom <= chart_box[3]
    page.close()

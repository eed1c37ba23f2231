"""Where each event of a story sits on its timeline chart: across by its date, and its label in a lane of its own
when labels would otherwise overlap.

A developing story has bursts (three events in one week, then nothing for a month): labels of events days apart
would print over each other. Labels take lanes above and below the axis in turn, each event the first lane where
its label clears the last label there; the chart grows by a lane rather than hide a label, and a thin line leads
from a mark to a label set away from it. Widths are estimated
from the label's characters at the chart's font size, with room to spare: the chart is drawn by the reader's
browser, not measured here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 1000.0  # the chart's viewBox width
MARGIN = 40.0  # the axis runs from MARGIN to WIDTH - MARGIN
LABEL_CHARS = 38  # a longer title is cut with an ellipsis
CHAR_WIDTH = 6.6  # an 11-unit font's widest common glyphs average under 0.6 em
GAP = 10.0  # clear space between two labels in one lane
LANE_HEIGHT = 30.0  # a lane holds two lines: the date and the label
FIRST_LANE = 25.0  # from the axis to the date line of the lanes next to it
LINE = 14.0  # from the date line to the label line, away from the axis
EDGE = 16.0  # clear space above the top lane and below the bottom one


@dataclass
class TimelinePoint:
    event_id: str
    label: str
    when: str
    x: float  # 0..1 across the story's span
    dated: bool  # False: placed at the last day it can have happened
    conflicts: int
    href: str
    lane: int = 0  # 0, 2, 4, ... above the axis, nearest first; 1, 3, 5, ... below
    text_x: float = 0.0  # where its text is centred: under its mark, moved in from the chart's edges

    @property
    def cx(self) -> float:
        return MARGIN + self.x * (WIDTH - 2 * MARGIN)

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"

    @property
    def half_width(self) -> float:
        return max(len(self.short_label), len(self.when)) * CHAR_WIDTH / 2


@dataclass
class Timeline:
    """The laid-out chart: its points with lanes, and the geometry the template draws."""

    points: list[TimelinePoint] = field(default_factory=list)
    lanes_above: int = 1
    lanes_below: int = 1

    @property
    def axis_y(self) -> float:
        return EDGE + LINE + FIRST_LANE + (self.lanes_above - 1) * LANE_HEIGHT

    @property
    def height(self) -> float:
        return self.axis_y + FIRST_LANE + LINE + (self.lanes_below - 1) * LANE_HEIGHT + EDGE

    def when_y(self, point: TimelinePoint) -> float:
        return self._line_y(point, 0.0)

    def label_y(self, point: TimelinePoint) -> float:
        return self._line_y(point, LINE)

    def leader_end(self, point: TimelinePoint) -> float:
        """Where the thin line from an event's mark to its label ends: at the near edge of its date line."""
        return self.when_y(point) + (3.0 if point.lane % 2 == 0 else -11.0)

    def _line_y(self, point: TimelinePoint, further: float) -> float:
        depth = point.lane // 2 * LANE_HEIGHT + FIRST_LANE + further
        if point.lane % 2 == 0:  # above: the date sits nearer the axis, the label above it
            return self.axis_y - depth
        return self.axis_y + depth + 4.0  # below: text hangs from its baseline, so a little lower


def lay_out(points: list[TimelinePoint]) -> Timeline:
    """Give every point a lane and a text position; returns the chart. The result depends only on the points."""
    ends: list[float] = []  # lane -> right end of the last label placed in it
    for point in sorted(points, key=lambda p: (p.cx, p.event_id)):
        half = point.half_width
        point.text_x = min(max(point.cx, half), WIDTH - half)
        left = point.text_x - half
        lane = next((n for n, end in enumerate(ends) if end + GAP <= left), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = point.text_x + half
        point.lane = lane
    lanes = len(ends)
    return Timeline(points, lanes_above=max(1, (lanes + 1) // 2), lanes_below=max(1, lanes // 2))

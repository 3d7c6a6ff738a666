"""A company's coverage over time, as a bar chart drawn on the server (SVG, no script).

Months when the coverage spans three years or less, years beyond that. The chart comes
with its numbers as a table (the text alternative), which the page shows too.
"""

import datetime
from dataclasses import dataclass

WIDTH, HEIGHT, LABEL = 600, 120, 16
MONTHLY_SPAN = 36


@dataclass
class Bar:
    label: str
    count: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    period: str  # "month" or "year"
    bars: list
    width: int = WIDTH
    height: int = HEIGHT + LABEL
    baseline: int = HEIGHT
    peak: int = 0

    @property
    def first_label(self):
        return self.bars[0].label if self.bars else ""

    @property
    def last_label(self):
        return self.bars[-1].label if self.bars else ""


def _months(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def coverage_chart(month_counts):
    """A Chart of {first day of month (date): article count}, with the empty months too."""
    if not month_counts:
        return Chart("month", [])
    first, last = min(month_counts), max(month_counts)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MONTHLY_SPAN:
        period = "month"
        bars = [Bar(f"{m:%b %Y}", month_counts.get(m, 0)) for m in _months(first, last)]
    else:
        period = "year"
        years = {}
        for month, count in month_counts.items():
            years[month.year] = years.get(month.year, 0) + count
        bars = [Bar(str(y), years.get(y, 0)) for y in range(first.year, last.year + 1)]
    peak = max(bar.count for bar in bars)
    step = WIDTH / len(bars)
    for i, bar in enumerate(bars):
        bar.width = round(step * 0.8, 2)
        bar.x = round(i * step + step * 0.1, 2)
        bar.height = round(HEIGHT * bar.count / peak, 2) if peak else 0
        bar.y = round(HEIGHT - bar.height, 2)
    return Chart(period, bars, peak=peak)

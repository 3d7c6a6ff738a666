"""Lead images for the demo articles: charts drawn here with Pillow (no photograph is copied
into the project). The drawing is deterministic, so running the demo again finds the same
files and adds nothing (the library is unique by digest)."""

import io
import math
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from .library import add_image

WIDTH, HEIGHT = 1600, 900
PAPER = (250, 247, 240)
INK = (34, 34, 34)
RULE = (200, 196, 186)
ACCENT = (176, 58, 46)
SECOND = (44, 95, 138)

CREDIT = "Chart drawn for the demo archive; figures invented"


@dataclass(frozen=True)
class DemoChart:
    """A demo article's lead image: a bar or line chart, with its alt text and caption."""

    title: str
    kind: str  # "bars" or "line"
    labels: tuple[str, ...]
    values: tuple[float, ...]
    alt: str
    caption: str


# Keyed by the slug of the article that leads with it (articles/demo.py).
DEMO_CHARTS = {
    "harbourline-logistics-raises-funding-for-cold-chain": DemoChart(
        title="Refrigerated vans in the fleet",
        kind="bars",
        labels=("2023", "2024", "2025", "2026", "2027*", "2028*"),
        values=(42, 55, 61, 70, 105, 140),
        alt="Bar chart: the fleet grows from 42 vans in 2023 to a planned 140 in 2028.",
        caption="The fleet is to double within two years (* planned).",
    ),
    "copperfield-bank-quarterly-results-beat-forecasts": DemoChart(
        title="Quarterly profit, millions",
        kind="bars",
        labels=("Q3 25", "Q4 25", "Q1 26", "Q2 26", "Q3 26"),
        values=(310, 295, 342, 366, 401),
        alt="Bar chart: quarterly profit rising from 310 to 401 million over five quarters.",
        caption="Profit rose for the third quarter running.",
    ),
    "greenfield-agritech-opens-vertical-farm": DemoChart(
        title="Litres of water per kilo of salad",
        kind="bars",
        labels=("Field", "Greenhouse", "Vertical farm"),
        values=(250, 70, 12),
        alt="Bar chart: 250 litres per kilo in a field, 70 in a greenhouse, 12 indoors.",
        caption="Water use by growing method.",
    ),
    "northwind-airways-orders-regional-jets": DemoChart(
        title="Fuel per seat, index (turboprop = 100)",
        kind="line",
        labels=("2026", "2027", "2028", "2029", "2030"),
        values=(100, 97, 91, 85, 80),
        alt="Line chart: fuel burned per seat falling from 100 to 80 as the new jets arrive.",
        caption="Fuel per seat as the new jets replace the turboprops.",
    ),
    "orbitpay-fined-over-payment-outage": DemoChart(
        title="Card payments per minute on the day of the outage",
        kind="line",
        labels=("08:00", "10:00", "12:00", "14:00", "16:00", "18:00"),
        values=(900, 1400, 60, 80, 1300, 1100),
        alt="Line chart: payments collapse from 1,400 a minute to almost none at midday.",
        caption="Payments stopped for nearly four hours.",
    ),
    "brightwater-utilities-bond-issue": DemoChart(
        title="Orders against bonds on offer, billions",
        kind="bars",
        labels=("On offer", "Orders"),
        values=(0.5, 1.6),
        alt="Bar chart: 1.6 billion of orders for 0.5 billion of bonds on offer.",
        caption="Orders were more than three times the amount on offer.",
    ),
    "harbourline-logistics-buys-stake-in-pearl-delta-cold-stores": DemoChart(
        title="Who owns Pearl Delta Cold Stores after the deal, %",
        kind="bars",
        labels=("Founders", "Other investors", "Harbourline"),
        values=(46, 30, 24),
        alt="Bar chart: founders keep 46%, other investors hold 30%, Harbourline takes 24%.",
        caption="Harbourline becomes the second-largest shareholder.",
    ),
    "copperfield-bank-leads-loan-to-brightwater-utilities": DemoChart(
        title="Interest a year, millions of pounds",
        kind="bars",
        labels=("Old bonds", "New loan"),
        values=(75, 57.5),
        alt="Bar chart: about 75 million a year on the old bonds, 57.5 million on the new loan.",
        caption="The refinancing saves between £15m and £20m a year.",
    ),
}


def _font(size):
    return ImageFont.load_default(size=size)


def _round_step(raw):
    """The gridline step a person would choose: 1, 2, 2.5 or 5 times a power of ten."""
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def draw_chart(title, kind, labels, values):
    """A PNG chart: a title, a baseline, bars or a line, labels under each point."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((80, 60), title, fill=INK, font=_font(56))
    left, right, top, bottom = 120, WIDTH - 80, 200, HEIGHT - 140
    step = _round_step(max(values) * 1.1 / 4)
    top_value = step * 4
    for line in range(5):
        y = bottom - (bottom - top) * line / 4
        draw.line([(left, y), (right, y)], fill=RULE, width=2)
        draw.text((20, y - 16), f"{step * line:,g}", fill=INK, font=_font(28))
    slot = (right - left) / len(values)
    points = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        centre = left + slot * (index + 0.5)
        y = bottom - (bottom - top) * value / top_value
        points.append((centre, y))
        if kind == "bars":
            colour = ACCENT if index == len(values) - 1 else SECOND
            draw.rectangle([centre - slot * 0.3, y, centre + slot * 0.3, bottom], fill=colour)
        draw.text((centre, bottom + 50), label, fill=INK, font=_font(34), anchor="mm")
    if kind == "line":
        draw.line(points, fill=ACCENT, width=10, joint="curve")
        for x, y in points:
            draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=ACCENT)
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def demo_lead_image(slug):
    """The library image for this demo article (drawn and added the first time), or None."""
    chart = DEMO_CHARTS.get(slug)
    if chart is None:
        return None
    data = draw_chart(chart.title, chart.kind, chart.labels, chart.values)
    image, _ = add_image(
        data,
        f"{slug}.png",
        title=chart.title,
        alt_text=chart.alt,
        caption=chart.caption,
        credit=CREDIT,
    )
    return image

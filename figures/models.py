"""Key figures: the amounts, percentages and stakes an article states, as data.

Written by figures.extraction when an article is saved or imported; never edited by hand
(a new save writes them again from the text).
"""

from django.db import models
from django.db.models import Q

from articles.models import Article


class KeyFigureQuerySet(models.QuerySet):
    def public(self):
        """Figures of published articles only: the one gate for showing them."""
        return self.filter(article__in=Article.objects.published())

    def deals(self, currency, minimum=None):
        """Money amounts in `currency`, at least `minimum` (a range counts by its top)."""
        figures = self.filter(kind=KeyFigure.Kind.MONEY, currency=currency)
        if minimum is not None:
            figures = figures.filter(Q(value__gte=minimum) | Q(upper__gte=minimum))
        return figures


class KeyFigure(models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", "Amount of money"
        PERCENT = "percent", "Percentage"
        STAKE = "stake", "Stake"

    class Qualifier(models.TextChoices):
        EXACT = "", "Exactly"
        MORE_THAN = "more-than", "More than"
        LESS_THAN = "less-than", "Less than"
        UP_TO = "up-to", "Up to"
        ABOUT = "about", "About"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="key_figures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.DecimalField(
        max_digits=30,
        decimal_places=6,
        help_text="In units: $1.2bn is 1200000000; a percentage as written (0.93 for 0.93%).",
    )
    upper = models.DecimalField(
        "upper end",
        max_digits=30,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The top of a range ($1-2 billion); empty for a single value.",
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        help_text="ISO 4217 code; empty for a percentage, or when the symbol is ambiguous.",
    )
    scale = models.CharField(max_length=20, blank=True, help_text="As written: million, bn, 亿.")
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, blank=True)
    text = models.CharField(max_length=200, help_text="The figure as the article writes it.")
    sentence = models.TextField(help_text="The sentence it came from.")
    position = models.PositiveIntegerField(help_text="Where in the article's text it starts.")

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "position"]
        verbose_name = "key figure"
        verbose_name_plural = "key figures"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["money", "percent", "stake"]), name="key_figure_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="money") | Q(currency=""), name="key_figure_currency_money_only"
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gte=models.F("value")),
                name="key_figure_range_ordered",
            ),
        ]
        indexes = [
            # The deal-size filter: money in one currency, by amount.
            models.Index(fields=["currency", "kind", "value"], name="key_figure_deal_idx"),
        ]

    def __str__(self):
        return f"{self.text} ({self.get_kind_display().lower()})"

    def same_as(self):
        """What makes two figures the same: a title's "$1bn" repeated in the text."""
        return (self.article_id, self.kind, self.value, self.upper, self.currency)

    @property
    def reading(self):
        """The figure as the archive understood it: "more than USD 15,000,000,000"."""
        amount = _number(self.value)
        if self.upper is not None:
            amount = f"{amount}–{_number(self.upper)}"
        if self.kind == self.Kind.MONEY:
            reading = (
                f"{self.currency} {amount}" if self.currency else f"{amount} (currency unclear)"
            )
        elif self.scale == "percentage points":
            reading = f"{amount} percentage points"
        else:
            reading = f"{amount}%" + (" stake" if self.kind == self.Kind.STAKE else "")
        if self.qualifier:
            reading = f"{self.get_qualifier_display().lower()} {reading}"
        return reading


def _number(value):
    """1200000000.000000 as "1,200,000,000"; 2.350000 as "2.35"."""
    if value == value.to_integral_value():
        return f"{value.quantize(1):,}"
    return f"{value.normalize():,f}"


def distinct_figures(figures):
    """These figures without repeats of one already listed (see KeyFigure.same_as)."""
    seen = set()
    for figure in figures:
        if figure.same_as() not in seen:
            seen.add(figure.same_as())
            yield figure

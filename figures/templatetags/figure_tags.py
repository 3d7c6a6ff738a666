from django import template

from ..models import KeyFigure, distinct_figures

register = template.Library()

# Amounts and stakes first: they are what a reader of business news looks for.
ORDER = {KeyFigure.Kind.MONEY: 0, KeyFigure.Kind.STAKE: 1, KeyFigure.Kind.PERCENT: 2}
SHOWN = 12


@register.simple_tag
def key_figures_of(article):
    """The article's key figures, amounts and stakes first, in one query."""
    figures = sorted(
        KeyFigure.objects.filter(article=article),
        key=lambda figure: (ORDER[figure.kind], figure.position),
    )
    return list(distinct_figures(figures))[:SHOWN]

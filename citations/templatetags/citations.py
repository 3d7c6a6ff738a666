from django import template

from ..formats import FORMATS
from ..work import work_for_article

register = template.Library()


@register.inclusion_tag("citations/cite_box.html", takes_context=True)
def cite_article(context, article):
    """The "Cite this article" box: every format written out, selectable without JavaScript,
    and a download link for each. It runs no query: the article is already loaded."""
    work = work_for_article(article, context["request"])
    return {
        "article": article,
        "citations": [
            {"name": name, "label": label, "text": write(work), "extension": extension}
            for name, (label, write, extension, _type) in FORMATS.items()
        ],
    }

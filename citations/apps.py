from django.apps import AppConfig


class CitationsConfig(AppConfig):
    """ "Cite this article": reference formats for published articles. It reads articles and
    their provenance; the articles app knows nothing of it beyond a template tag."""

    name = "citations"
    verbose_name = "Citations"

from django.urls import reverse
from django.views.generic import ListView

from articles.views import BreadcrumbMixin

from .models import Correction


class CorrectionListView(BreadcrumbMixin, ListView):
    """Every correction, update and clarification to a published article, newest first."""

    paginate_by = 20
    template_name = "corrections/correction_list.html"

    def get_queryset(self):
        return (
            Correction.objects.public()
            .select_related("article")
            .only("date", "kind", "text", "article__title", "article__slug")
            .order_by("-date", "-id")
        )

    def get_breadcrumbs(self):
        return [("Corrections", reverse("corrections:correction-list"))]

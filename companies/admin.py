from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import ngettext

from .loading import CompanyListError, load, read_rows
from .models import ArticleCompany, Company, Ticker

# A reference list of tens of thousands of companies fits; anything larger is a mistake.
MAX_CSV_BYTES = 5 * 1024 * 1024


class AliasesField(forms.CharField):
    """The aliases list, edited as one alias per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class CompanyForm(forms.ModelForm):
    aliases = AliasesField(required=False, help_text=Company._meta.get_field("aliases").help_text)
    website = forms.URLField(required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Company
        fields = ["name", "slug", "aliases", "website", "description"]


class CompanyListForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file", help_text="UTF-8 text, at most 5 MB (a spreadsheet's “CSV UTF-8”)."
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text.") from None
        try:
            return read_rows(text)
        except CompanyListError as error:
            raise forms.ValidationError(f"{error} Nothing was loaded.") from None


class TickerInline(admin.TabularInline):
    model = Ticker
    extra = 1


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyForm
    inlines = [TickerInline]
    list_display = ["name", "listings", "confirmed_count", "suggested_count"]
    search_fields = ["name", "slug", "tickers__symbol"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("tickers")
            .annotate(
                confirmed=Count("article_links", filter=Q(article_links__status="confirmed")),
                suggested=Count("article_links", filter=Q(article_links__status="suggested")),
            )
        )

    def get_urls(self):
        load_csv = self.admin_site.admin_view(self.load_csv)
        return [
            path("load-csv/", load_csv, name="companies_company_load_csv"),
            *super().get_urls(),
        ]

    def load_csv(self, request):
        """Load a newsroom's CSV list of companies (as manage.py load_companies does)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CompanyListForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = load(form.cleaned_data["csv_file"])
            except CompanyListError as error:
                form.add_error("csv_file", f"{error} Nothing was loaded.")
            else:
                self.message_user(
                    request,
                    f"{counts['created']} companies created, {counts['updated']} updated, "
                    f"{counts['tickers']} tickers added. Articles are matched against them "
                    "when next saved, or all at once with manage.py suggest_companies.",
                    messages.SUCCESS,
                )
                return redirect("admin:companies_company_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Load a CSV list",
        }
        return TemplateResponse(request, "admin/companies/load_csv.html", context)

    @admin.display(description="tickers")
    def listings(self, company):
        return ", ".join(str(ticker) for ticker in company.tickers.all())

    @admin.display(description="confirmed articles", ordering="confirmed")
    def confirmed_count(self, company):
        return company.confirmed

    @admin.display(description="waiting for a decision", ordering="suggested")
    def suggested_count(self, company):
        return company.suggested


@admin.register(ArticleCompany)
class ArticleCompanyAdmin(admin.ModelAdmin):
    """The editors' queue: suggestions are confirmed or rejected one by one or in bulk."""

    list_display = ["article", "company", "mention_count", "in_title", "status"]
    list_editable = ["status"]
    list_filter = ["status", "in_title", "company"]
    list_select_related = ["article", "company"]
    search_fields = ["article__title", "company__name"]
    autocomplete_fields = ["article", "company"]
    readonly_fields = ["mention_count", "in_title"]
    actions = ["confirm", "reject"]

    def _decide(self, request, queryset, status, verb):
        done = queryset.exclude(status=status).update(status=status)
        message = ngettext("%(n)d mention %(verb)s.", "%(n)d mentions %(verb)s.", done)
        self.message_user(request, message % {"n": done, "verb": verb}, messages.SUCCESS)

    @admin.action(description="Confirm the selected mentions", permissions=["change"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, ArticleCompany.Status.CONFIRMED, "confirmed")

    @admin.action(description="Reject the selected mentions", permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, ArticleCompany.Status.REJECTED, "rejected")

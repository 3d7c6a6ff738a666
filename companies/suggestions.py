"""Suggesting an article's companies when it is saved or imported.

The matcher is built from every company's names once and kept while no company changes:
a cheap query (how many companies, and the latest change) tells when to build it again,
so that an import of thousands of articles builds it once, and another process's edits
are still seen.
"""

from django.db import transaction
from django.db.models import Count, Max

from articles.html import plain_text
from articles.models import Article

from .matching import Matcher
from .models import ArticleCompany, Company

_cached = {"key": None, "matcher": None}


def current_matcher():
    state = Company.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    key = (state["n"], state["changed"])
    if _cached["key"] != key:
        companies = Company.objects.values_list("pk", "name", "aliases")
        _cached["matcher"] = Matcher(
            (pk, [name, *(aliases or [])]) for pk, name, aliases in companies
        )
        _cached["key"] = key
    return _cached["matcher"]


def forget_matcher(**kwargs):
    """Company post_delete receiver: a deleted company may leave the count unchanged."""
    _cached["key"] = None


def article_text(article):
    return " ".join(part for part in (article.standfirst, plain_text(article.body_html)) if part)


def suggest(articles, matcher=None):
    """Bring the suggested links of these articles up to date with their text.

    New mentions become suggestions; the counts of existing links are refreshed; a
    suggestion whose names are no longer in the text is dropped. An editor's decision,
    confirmed or rejected, is never changed.
    """
    matcher = matcher or current_matcher()
    articles = list(articles)
    if not articles:
        return
    existing = {
        (link.article_id, link.company_id): link
        for link in ArticleCompany.objects.filter(article__in=[a.pk for a in articles])
    }
    creates, updates, stale = [], [], []
    for article in articles:
        found = matcher.find(article.title, article_text(article))
        for company_id, mentions in found.items():
            link = existing.pop((article.pk, company_id), None)
            if link is None:
                creates.append(
                    ArticleCompany(
                        article_id=article.pk,
                        company_id=company_id,
                        mention_count=mentions.count,
                        in_title=mentions.in_title,
                    )
                )
            elif (link.mention_count, link.in_title) != (mentions.count, mentions.in_title):
                link.mention_count, link.in_title = mentions.count, mentions.in_title
                updates.append(link)
    # What is left was not found again.
    for link in existing.values():
        if link.status == ArticleCompany.Status.SUGGESTED:
            stale.append(link.pk)
        elif link.mention_count:
            link.mention_count, link.in_title = 0, False
            updates.append(link)
    with transaction.atomic():
        ArticleCompany.objects.bulk_create(creates, batch_size=500, ignore_conflicts=True)
        ArticleCompany.objects.bulk_update(updates, ["mention_count", "in_title"], batch_size=500)
        ArticleCompany.objects.filter(pk__in=stale).delete()


def article_saved(sender, instance, raw=False, **kwargs):
    """Article post_save receiver."""
    if not raw:
        suggest([instance])


def articles_imported(sender, article_ids, **kwargs):
    """articles_imported receiver: the importer writes new articles in bulk, without save()."""
    for start in range(0, len(article_ids), 500):
        suggest(Article.objects.filter(pk__in=article_ids[start : start + 500]))

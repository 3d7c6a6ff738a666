"""Keeping the groups of copies current: one article at a time on save, or the whole archive
(rebuild_copy_groups)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from . import minhash
from .models import Band, CopyGroup, Fingerprint


def article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # After the commit: an import that is rolled back leaves no fingerprint behind.
    transaction.on_commit(lambda: fingerprint_article(instance))


def articles_imported(sender, article_ids, **kwargs):
    """The importer writes new articles in bulk, without save(): fingerprint them too."""

    def fingerprint_all():
        for article in sender.objects.filter(pk__in=article_ids).only("pk", "title", "body"):
            fingerprint_article(article)

    transaction.on_commit(fingerprint_all)


def fingerprint_article(article):
    """Store the article's signature and bands, and put it in a group with its copies."""
    signature = minhash.signature(article.title, article.body)
    if signature is None:
        Fingerprint.objects.filter(article=article).delete()
        return None
    with transaction.atomic():
        fingerprint, _ = Fingerprint.objects.update_or_create(
            article=article, defaults={"signature": signature}
        )
        fingerprint.bands.all().delete()
        Band.objects.bulk_create(
            Band(fingerprint=fingerprint, number=number, value=value)
            for number, value in minhash.bands(signature)
        )
        if not fingerprint.standalone:
            _group_with(fingerprint, _copies_of(fingerprint))
    return fingerprint


def _copies_of(fingerprint):
    """The other fingerprints sharing a band and similar enough: its copies."""
    shared = Q()
    for number, value in minhash.bands(bytes(fingerprint.signature)):
        shared |= Q(number=number, value=value)
    candidates = (
        Band.objects.filter(shared)
        .exclude(fingerprint=fingerprint)
        .values_list("fingerprint", flat=True)
        .distinct()
    )
    return [
        other
        for other in Fingerprint.objects.filter(pk__in=candidates, standalone=False)
        if minhash.similarity(bytes(fingerprint.signature), bytes(other.signature))
        >= settings.COPIES_THRESHOLD
    ]


def _group_with(fingerprint, copies):
    if not copies:
        return
    members = [fingerprint, *copies]
    groups = sorted({m.group_id for m in members if m.group_id})
    if groups:
        group_id = groups[0]
        # Copies that were in other groups join this one: one story, one group.
        Fingerprint.objects.filter(group_id__in=groups[1:]).update(group_id=group_id)
        CopyGroup.objects.filter(pk__in=groups[1:]).delete()
    else:
        group_id = CopyGroup.objects.create().pk
    Fingerprint.objects.filter(pk__in=[m.pk for m in members]).update(group_id=group_id)


def split(fingerprint):
    """An editor's "not a copy": out of its group for good; a group left with one member
    is dissolved."""
    group_id = fingerprint.group_id
    Fingerprint.objects.filter(pk=fingerprint.pk).update(group=None, standalone=True)
    if group_id and Fingerprint.objects.filter(group_id=group_id).count() < 2:
        Fingerprint.objects.filter(group_id=group_id).update(group=None)
        CopyGroup.objects.filter(pk=group_id).delete()

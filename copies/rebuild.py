"""Rebuilding every group from scratch, in flat memory.

Signatures are computed and stored a chunk of articles at a time; then the bands are read
back in (band, value) order, so each run of equal bands is a set of candidates seen
together and forgotten; only the candidates' signatures are compared. The groups are the
connected sets of verified pairs (union-find over the matches only).
"""

from django.conf import settings
from django.db import transaction

from articles.models import Article

from . import minhash
from .models import Band, CopyGroup, Fingerprint

CHUNK = 1000


def rebuild(progress=None):
    canonical = set(CopyGroup.objects.exclude(canonical=None).values_list("canonical", flat=True))
    standalone = set(Fingerprint.objects.filter(standalone=True).values_list("article", flat=True))
    with transaction.atomic():
        Band.objects.all().delete()
        Fingerprint.objects.all().delete()
        CopyGroup.objects.all().delete()
    _fingerprint_all(standalone, progress)
    parent = {}

    def find(node):
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for first, second in _similar_pairs(standalone):
        parent.setdefault(first, first)
        parent.setdefault(second, second)
        parent[find(first)] = find(second)
    members = {}
    for node in parent:
        members.setdefault(find(node), []).append(node)
    with transaction.atomic():
        for group_members in members.values():
            articles = Fingerprint.objects.filter(pk__in=group_members)
            keep = next(
                (pk for pk in articles.values_list("article", flat=True) if pk in canonical), None
            )
            group = CopyGroup.objects.create(canonical_id=keep)
            articles.update(group=group)
    return len(members)


def _fingerprint_all(standalone, progress):
    done = 0
    batch = []
    for row in (
        Article.objects.order_by("pk").values_list("pk", "title", "body").iterator(chunk_size=CHUNK)
    ):
        batch.append(row)
        if len(batch) == CHUNK:
            done += _store(batch, standalone)
            batch = []
            if progress:
                progress(done)
    if batch:
        done += _store(batch, standalone)
    if progress:
        progress(done)


def _store(rows, standalone):
    fingerprints = []
    for pk, title, body in rows:
        signature = minhash.signature(title, body)
        if signature is not None:
            fingerprints.append(
                Fingerprint(article_id=pk, signature=signature, standalone=pk in standalone)
            )
    with transaction.atomic():
        Fingerprint.objects.bulk_create(fingerprints)
        stored = dict(
            Fingerprint.objects.filter(
                article_id__in=[f.article_id for f in fingerprints]
            ).values_list("article_id", "pk")
        )
        Band.objects.bulk_create(
            Band(fingerprint_id=stored[f.article_id], number=number, value=value)
            for f in fingerprints
            for number, value in minhash.bands(f.signature)
        )
    return len(rows)


def _similar_pairs(standalone):
    """Pairs of fingerprints that share a band and whose signatures are similar enough."""
    threshold = settings.COPIES_THRESHOLD
    seen = set()
    run, key = [], None
    rows = Band.objects.filter(fingerprint__standalone=False).order_by(
        "number", "value", "fingerprint"
    )
    for number, value, fingerprint in rows.values_list("number", "value", "fingerprint").iterator(
        chunk_size=10_000
    ):
        if (number, value) != key:
            yield from _verified(run, threshold, seen)
            run, key = [], (number, value)
        run.append(fingerprint)
    yield from _verified(run, threshold, seen)


def _verified(run, threshold, seen):
    if len(run) < 2:
        return
    signatures = dict(Fingerprint.objects.filter(pk__in=run).values_list("pk", "signature"))
    for i, first in enumerate(run):
        for second in run[i + 1 :]:
            if (first, second) in seen:
                continue
            seen.add((first, second))
            if minhash.similarity(bytes(signatures[first]), bytes(signatures[second])) >= threshold:
                yield first, second

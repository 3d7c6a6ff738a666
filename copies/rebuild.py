"""Rebuilding every group from scratch, in flat memory.

Signatures are computed and stored a chunk of articles at a time; then the database hands
back only the bands that two or more fingerprints share, in (band, value) order, so each
run of equal bands is a set of candidates seen together and forgotten. Candidates'
signatures are read a batch at a time and compared with numpy. The groups are the
connected sets of verified pairs (union-find over the matches only), written in bulk.
"""

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Window

from articles.models import Article

from . import minhash
from .models import Band, CopyGroup, Fingerprint

CHUNK = 1000
# Candidates whose signatures are held at once while verifying (1 kB each).
VERIFY_BATCH = 5000
# Group members written at once (see rebuild).
GROUP_MEMBERS = 5000


def rebuild(progress=None):
    canonical = set(CopyGroup.objects.exclude(canonical=None).values_list("canonical", flat=True))
    standalone = set(Fingerprint.objects.filter(standalone=True).values_list("article", flat=True))
    _forget_all()
    _fingerprint_all(standalone, progress)
    found = _Components()
    _join_similar(found)
    groups = found.groups()
    # Written a few thousand members at a time, not a number of groups: a thousand groups
    # of copies can hold most of the archive, in one query and one dictionary.
    batch, members = [], 0
    for group in groups:
        batch.append(group)
        members += len(group)
        if members >= GROUP_MEMBERS:
            _write_groups(batch, canonical)
            batch, members = [], 0
    if batch:
        _write_groups(batch, canonical)
    return len(groups)


class _Components:
    """Union-find over the fingerprints found similar to another (only those)."""

    def __init__(self):
        self.parent = {}

    def find(self, node):
        parent = self.parent
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    def join(self, first, second):
        self.parent.setdefault(first, first)
        self.parent.setdefault(second, second)
        self.parent[self.find(first)] = self.find(second)

    def together(self, nodes):
        """Already all in one group: nothing this run of candidates can add."""
        root = self.find(nodes[0])
        return root in self.parent and all(self.find(node) == root for node in nodes[1:])

    def groups(self):
        members = {}
        for node in self.parent:
            members.setdefault(self.find(node), []).append(node)
        return list(members.values())


def _forget_all():
    """Empty the bands, fingerprints and groups, one DELETE each. The ORM's delete() first
    loads every fingerprint (bands cascade from it), signature and all: 400 MB at 100,000
    articles, the whole of a rebuild's growth with the archive. The page cache still sees
    these writes (it watches the copies tables' statements)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Band, Fingerprint, CopyGroup):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # nosec B608: our model's table name


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
        if not connection.features.can_return_rows_from_bulk_insert:
            stored = dict(
                Fingerprint.objects.filter(
                    article_id__in=[f.article_id for f in fingerprints]
                ).values_list("article_id", "pk")
            )
            for fingerprint in fingerprints:
                fingerprint.pk = stored[fingerprint.article_id]
        _insert_bands(
            (f.pk, number, value)
            for f in fingerprints
            for number, value in minhash.bands(f.signature)
        )
    return len(rows)


def _insert_bands(rows):
    """One multi-row INSERT per thousand bands. Band objects and bulk_create cost more here
    than the signatures themselves: nine to fifteen rows an article, nothing to validate."""
    table = connection.ops.quote_name(Band._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Band._meta.get_field(name).column)
        for name in ("fingerprint", "number", "value")
    )
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            batch = rows[start : start + CHUNK]
            placeholders = ", ".join(["(%s, %s, %s)"] * len(batch))
            # Table and column names come from our model; the values are parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders}",  # nosec B608
                [value for row in batch for value in row],
            )


def _join_similar(found):
    """Join the fingerprints that share a band and whose signatures are similar enough.

    Only bands shared by two or more grouped fingerprints come back from the database (a
    window count): an archive without copies sends almost nothing.
    """
    shared = (
        Band.objects.filter(fingerprint__standalone=False)
        .annotate(sharing=Window(Count("pk"), partition_by=[F("number"), F("value")]))
        .filter(sharing__gt=1)
        .order_by("number", "value", "fingerprint")
        .values_list("number", "value", "fingerprint")
    )
    runs, run, key, held = [], [], None, 0
    for number, value, fingerprint in shared.iterator(chunk_size=10_000):
        if (number, value) != key:
            if len(run) > 1:
                runs.append(run)
                held += len(run)
            if held >= VERIFY_BATCH:
                _verify(runs, found)
                runs, held = [], 0
            run, key = [], (number, value)
        run.append(fingerprint)
    if len(run) > 1:
        runs.append(run)
    _verify(runs, found)


def _verify(runs, found):
    """Join the pairs within each run whose signatures agree on at least the threshold's
    share of their values: one numpy comparison of each member with those after it. A run
    whose members are already one group is skipped (a copy shares most of its bands)."""
    runs = [run for run in runs if not found.together(run)]
    if not runs:
        return
    ids = {pk for run in runs for pk in run}
    signatures = {
        pk: np.frombuffer(bytes(signature), dtype=np.uint64)
        for pk, signature in Fingerprint.objects.filter(pk__in=ids).values_list("pk", "signature")
    }
    threshold = settings.COPIES_THRESHOLD
    for run in runs:
        if found.together(run):
            continue
        matrix = np.stack([signatures[pk] for pk in run])
        for i in range(len(run) - 1):
            agree = (matrix[i + 1 :] == matrix[i]).mean(axis=1)
            for j in np.flatnonzero(agree >= threshold):
                found.join(run[i], run[i + 1 + j])


def _write_groups(groups, canonical):
    """Create these groups and put their members in them. A group keeps the canonical copy
    an editor had chosen, if it still holds it."""
    article_of = dict(
        Fingerprint.objects.filter(pk__in=[pk for members in groups for pk in members])
        .values_list("pk", "article")
    )  # fmt: skip
    keep = [next((article_of[pk] for pk in members if article_of[pk] in canonical), None)
            for members in groups]  # fmt: skip
    with transaction.atomic():
        if connection.features.can_return_rows_from_bulk_insert:
            made = CopyGroup.objects.bulk_create(CopyGroup(canonical_id=pk) for pk in keep)
        else:
            made = [CopyGroup.objects.create(canonical_id=pk) for pk in keep]
        # One UPDATE a group: bulk_update's CASE over thousands of rows costs more.
        for group, members in zip(made, groups, strict=True):
            Fingerprint.objects.filter(pk__in=members).update(group=group)

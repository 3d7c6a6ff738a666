"""Keeping the original bytes of the captures that articles were imported from."""

import dataclasses
import datetime
import functools
import hashlib

from django.db.models import Max

from .models import Capture


@dataclasses.dataclass
class CaptureData:
    raw: bytes
    content_type: str
    captured_at: datetime.datetime
    capture_format: str
    target_uri: str = ""
    source_file: str = ""
    record_offset: int | None = None

    @functools.cached_property
    def sha256(self):
        return hashlib.sha256(self.raw).hexdigest()


def latest_capture_times(source_ids):
    """source_id -> the time of the newest capture kept for that article (one query)."""
    rows = (
        Capture.objects.filter(article__source_id__in=source_ids)
        .values("article__source_id")
        .annotate(latest=Max("captured_at"))
    )
    return {row["article__source_id"]: row["latest"] for row in rows}


def kept_captures(source_ids, digests):
    """The (source_id, SHA-256) pairs among these that are kept already (one query)."""
    return set(
        Capture.objects.filter(article__source_id__in=source_ids, sha256__in=digests).values_list(
            "article__source_id", "sha256"
        )
    )


def save_captures(pairs):
    """Keep each (article, CaptureData); bytes the article already has are not stored again.

    Returns how many captures were added.
    """
    pairs = [(article, data) for article, data in pairs if article is not None]
    if not pairs:
        return 0
    known = set(
        Capture.objects.filter(
            article__in=[article for article, _ in pairs],
            sha256__in=[data.sha256 for _, data in pairs],
        ).values_list("article_id", "sha256")
    )
    new = []
    for article, data in pairs:
        if (article.pk, data.sha256) in known:
            continue
        known.add((article.pk, data.sha256))
        new.append(
            Capture(
                article=article,
                target_uri=data.target_uri[:2000],
                captured_at=data.captured_at,
                content_type=data.content_type[:200],
                capture_format=data.capture_format,
                source_file=data.source_file[:255],
                record_offset=data.record_offset,
                sha256=data.sha256,
                size=len(data.raw),
                compressed=Capture.compress(data.raw),
            )
        )
    Capture.objects.bulk_create(new)
    return len(new)

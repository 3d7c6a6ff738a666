"""Signals other apps listen to, so that the archive need not know them."""

from django.dispatch import Signal

# Sent by the importer after it wrote new articles in bulk (bulk_create sends no post_save):
# `article_ids`, the new articles' ids. Updated articles go through save() as usual.
articles_imported = Signal()

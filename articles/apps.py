from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from taggit.models import Tag

        import pagecache.placeholders
        from images.cleanup import register_reference_finder

        from . import caching, image_references, revisions
        from .comments.spam import form_token_for_article, reader_fields
        from .groups import ensure_editors_group_after_migrate
        from .models import Article, TaggedArticle
        from .search import indexing

        revisions.register()
        # After auth has created this app's permissions (auth's handler is connected first).
        post_migrate.connect(ensure_editors_group_after_migrate, sender=self)
        # The page cache learns the archive's keys, what writes touch and when pages
        # change by themselves.
        caching.register()
        # The search index follows tags as they are added, removed, renamed or deleted, and
        # (on SQLite, whose FTS5 table is separate) deleted articles.
        for signal, receiver, sender in [
            (m2m_changed, indexing.tags_changed, TaggedArticle),
            (post_save, indexing.tag_renamed, Tag),
            (pre_delete, indexing.tag_deleting, Tag),
            (post_delete, indexing.tag_deleted, Tag),
            (post_delete, indexing.article_deleted, Article),
        ]:
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"articles.search.{receiver.__name__}"
            )
        # Cached pages carry a placeholder for the comment form's signed timestamp (see
        # comments.spam.form_token): each reader gets a fresh one.
        pagecache.placeholders.register(
            "formtoken", lambda request, arg: form_token_for_article(int(arg))
        )
        # ...and one for the comment form's per-reader hidden fields together, which a front
        # cache can fetch as one ESI fragment (see comments.spam.reader_fields).
        pagecache.placeholders.register("readerfields", reader_fields)
        # The library keeps a replaced or deleted image's renditions while a body shows one.
        register_reference_finder(image_references.body_renditions)

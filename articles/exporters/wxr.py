"""Write the archive as a WordPress eXtended RSS (WXR 1.2) file.

The layout follows what WordPress's own exporter writes, so its importer (Tools, Import,
WordPress) accepts the file: text in CDATA sections, ``wp:`` fields per post, tags as
``<category domain="post_tag">`` and comments with their parents. Authors are WordPress
users (the login is the author page's slug) and a post names its authors in order, one
``<dc:creator>`` each: WordPress takes the first as the post's author, our importer all of
them. Rows are streamed
from the database in chunks and written as they come, so the archive's size does not
matter. Commenters' email and IP addresses are personal data: they are written only
when asked for.
"""

import datetime
import gzip
import json
import re
import shutil
import zlib
from html import escape
from pathlib import Path, PurePosixPath

from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from authors.models import Author, Byline
from captures.models import Capture
from images.models import Image

from ..models import Article, Comment, TaggedArticle

WXR_VERSION = "1.2"
# What WXR has no field for (an author's page address, bio and link) is written in elements
# of our own namespace, which WordPress's importer passes over and import_articles reads.
NEWSARCHIVE_NS = "urn:x-newsarchive:wxr:1.0"
NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/" '
    f'xmlns:newsarchive="{NEWSARCHIVE_NS}"'
)
EXPORTED_COMMENTS = [Comment.Status.APPROVED, Comment.Status.PENDING]
COMMENT_APPROVED = {Comment.Status.APPROVED: "1", Comment.Status.PENDING: "0"}
# Characters XML 1.0 cannot carry at all, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
WP_DATE = "%Y-%m-%d %H:%M:%S"
# A library picture in a stored body (sanitised: attributes in double quotes, lower case).
LIBRARY_IMG = re.compile(r'<img\b[^>]*?\sdata-image="(\d+)"[^>]*>')
LIBRARY_IMG_ID = re.compile(r'<img\b[^>]*?\sdata-image="(\d+)"')
DATA_IMAGE = re.compile(r'\sdata-image="\d*"')
IMG_SRC = re.compile(r'\ssrc="[^"]*"')
IMG_ALT = re.compile(r'\salt="[^"]*"')
# Post meta that carry an article's provenance (where the archive found it); the leading
# underscore is WordPress's mark for meta hidden from its editors. import_articles reads them.
SOURCE_URL_META = "_newsarchive_source_url"
SOURCE_NAME_META = "_newsarchive_source_name"
# The byline as the source gave it, kept beside the authors it was read into.
BYLINE_META = "_newsarchive_byline"
# An imported article's identity in the archive it is exported from: what it was imported
# from (the page's address, the WordPress site and post id), in which format, from which
# file and when; a re-import keeps them, so importing the original source again later
# finds the same article instead of making a second one.
SOURCE_ID_META = "_newsarchive_source_id"
SOURCE_FORMAT_META = "_newsarchive_source_format"
SOURCE_FILE_META = "_newsarchive_source_file"
IMPORTED_AT_META = "_newsarchive_imported_at"
IDENTITY_META = (SOURCE_ID_META, SOURCE_FORMAT_META, SOURCE_FILE_META, IMPORTED_AT_META)
# One per original web capture the article was extracted from: its provenance as JSON
# (capture_fields). The bytes travel only as files beside the export (--captures-dir).
CAPTURE_META = "_newsarchive_capture"
CAPTURE_FIELDS = (
    "target_uri",
    "captured_at",
    "content_type",
    "capture_format",
    "source_file",
    "record_offset",
    "sha256",
    "size",
)


def capture_file(sha256):
    """Where a capture's bytes are kept (gzip-compressed) in a --captures-dir folder."""
    return PurePosixPath(sha256[:2]) / f"{sha256}.gz"


def capture_fields(capture):
    fields = {name: getattr(capture, name) for name in CAPTURE_FIELDS}
    fields["captured_at"] = capture.captured_at.astimezone(datetime.UTC).isoformat()
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def cdata(text):
    """Text as CDATA, the way WordPress writes it (a ']]>' inside is split in two)."""
    text = NOT_XML.sub("", str(text))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def plain(text):
    return escape(NOT_XML.sub("", str(text)), quote=False)


def one_line(text):
    """Text on one line of the file, its line breaks as character references: WordPress's
    line-by-line parser reads a <wp:author> only when it is on one line."""
    return plain(text).replace("\r", "&#13;").replace("\n", "&#10;")


class WxrWriter:
    def __init__(
        self,
        out,
        *,
        site_name,
        base_url,
        include_emails=False,
        include_ip_addresses=False,
        media_dir=None,
        captures_dir=None,
    ):
        self.out = out
        # Where the original captures' bytes are written, one gzip file each.
        self.captures_dir = Path(captures_dir) if captures_dir else None
        # Where the lead images' originals are copied, as a wp-content/uploads folder.
        self.media_dir = Path(media_dir) if media_dir else None
        self.site_name = site_name
        self.base_url = base_url.rstrip("/")
        self.include_emails = include_emails
        self.include_ip_addresses = include_ip_addresses
        self.counts = {
            "articles": 0,
            "comments": 0,
            "tags": 0,
            "images": 0,
            "captures": 0,
            "capture files": 0,
        }
        # The login of each byline credited to no author record (older articles).
        self.byline_logins = {}
        self.attachment_offset = 0

    def write(self, articles=None):
        articles = Article.objects.all() if articles is None else articles
        articles = articles.order_by("published_at", "pk").prefetch_related(
            "tags",
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(status__in=EXPORTED_COMMENTS).order_by(
                    "created_at", "pk"
                ),
                to_attr="exported_comments",
            ),
            # Their provenance only: the bytes are read one capture at a time, if asked for.
            Prefetch(
                "captures",
                queryset=Capture.objects.defer("compressed").order_by("captured_at", "pk"),
                to_attr="exported_captures",
            ),
        )
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w(f'<rss version="2.0" {NAMESPACES}>\n<channel>\n')
        w(f"\t<title>{plain(self.site_name)}</title>\n")
        w(f"\t<link>{plain(self.base_url)}</link>\n")
        w("\t<description></description>\n")
        w(f"\t<pubDate>{timezone.now():%a, %d %b %Y %H:%M:%S +0000}</pubDate>\n")
        w("\t<language>en</language>\n")
        w(f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>\n")
        w(f"\t<wp:base_site_url>{plain(self.base_url)}</wp:base_site_url>\n")
        w(f"\t<wp:base_blog_url>{plain(self.base_url)}</wp:base_blog_url>\n")
        self._authors(articles)
        self._tags(articles)
        # Attachments are posts too in WordPress: their ids follow the articles' ids.
        self.attachment_offset = Article.objects.aggregate(top=Max("pk"))["top"] or 0
        # Library pictures in bodies are exported as attachments too, their <img> pointing
        # at the attachment's address (a data-image number means nothing elsewhere).
        self.body_images = {
            image.pk: image
            for image in Image.objects.filter(pk__in=body_image_ids(articles)).only(
                "id", "original_name", "uploaded_at", "sha256", "format", "alt_text", "decorative"
            )
        }
        for article in articles.iterator(chunk_size=500):
            self._item(article)
        images = Image.objects.filter(
            Q(pk__in=articles.values("lead_image")) | Q(pk__in=self.body_images)
        ).order_by("pk")
        for image in images.iterator(chunk_size=500):
            self._attachment(image)
        w("</channel>\n</rss>\n")

    def _authors(self, articles):
        """Every author credited on these articles, as a WordPress user."""
        people = [
            (author.slug, author.name, author)
            for author in Author.objects.filter(bylines__article__in=articles.values("pk"))
            .distinct()
            .order_by("name", "pk")
        ]
        taken = {login for login, _name, _author in people}
        uncredited = articles.exclude(byline="").filter(bylines__isnull=True)
        for byline in sorted(set(uncredited.values_list("byline", flat=True))):
            login = base = author_login(byline)
            n = 2
            while login in taken:
                login, n = f"{base}-{n}", n + 1
            taken.add(login)
            self.byline_logins[byline] = login
            people.append((login, byline, None))
        for n, (login, name, author) in enumerate(people, start=1):
            profile = ""
            if author is not None:
                profile = (
                    f"<newsarchive:author_slug>{plain(author.slug)}</newsarchive:author_slug>"
                    f"<newsarchive:author_bio>{one_line(author.bio)}</newsarchive:author_bio>"
                    f"<newsarchive:author_url>{plain(author.url)}</newsarchive:author_url>"
                )
            self.out.write(
                "\t<wp:author>"
                f"<wp:author_id>{n}</wp:author_id>"
                f"<wp:author_login>{cdata(login)}</wp:author_login>"
                "<wp:author_email></wp:author_email>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
                "<wp:author_first_name></wp:author_first_name>"
                "<wp:author_last_name></wp:author_last_name>"
                f"{profile}</wp:author>\n"
            )

    def _creators(self, article):
        """The logins of the article's authors, in the byline's order."""
        logins = [byline.author.slug for byline in article.bylines.all()]
        if not logins and article.byline:
            logins = [self.byline_logins[article.byline]]
        return logins or [""]

    def _tags(self, articles):
        tagged = TaggedArticle.objects.filter(content_object__in=articles.values("pk"))
        for tag in Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("name"):
            self.counts["tags"] += 1
            self.out.write(
                f"\t<wp:tag><wp:term_id>{tag.pk}</wp:term_id>"
                f"<wp:tag_slug>{cdata(tag.slug)}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(tag.name)}</wp:tag_name></wp:tag>\n"
            )

    def _item(self, article):
        self.counts["articles"] += 1
        link = self.base_url + article.get_absolute_url()
        published = article.published_at.astimezone(timezone.get_current_timezone())
        gmt = article.published_at.astimezone(datetime.UTC)
        if article.status == Article.Status.DRAFT:
            status = "draft"
        elif article.published_at > timezone.now():
            status = "future"
        else:
            status = "publish"
        w = self.out.write
        w("\t<item>\n")
        # WordPress treats titles and excerpts as HTML; ours are plain text.
        w(f"\t\t<title>{cdata(escape(article.title, quote=False))}</title>\n")
        w(f"\t\t<link>{plain(link)}</link>\n")
        w(f"\t\t<pubDate>{gmt:%a, %d %b %Y %H:%M:%S +0000}</pubDate>\n")
        for login in self._creators(article):
            w(f"\t\t<dc:creator>{cdata(login)}</dc:creator>\n")
        w(f'\t\t<guid isPermaLink="false">{plain(self.base_url)}/?p={article.pk}</guid>\n')
        w("\t\t<description></description>\n")
        w(f"\t\t<content:encoded>{cdata(self._body(article.body))}</content:encoded>\n")
        excerpt = escape(article.standfirst, quote=False)
        w(f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n")
        w(f"\t\t<wp:post_id>{article.pk}</wp:post_id>\n")
        w(f"\t\t<wp:post_date>{cdata(f'{published:{WP_DATE}}')}</wp:post_date>\n")
        w(f"\t\t<wp:post_date_gmt>{cdata(f'{gmt:{WP_DATE}}')}</wp:post_date_gmt>\n")
        w(f"\t\t<wp:comment_status>{cdata(self._open(article))}</wp:comment_status>\n")
        w(f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n")
        w(f"\t\t<wp:post_name>{cdata(article.slug)}</wp:post_name>\n")
        w(f"\t\t<wp:status>{cdata(status)}</wp:status>\n")
        w("\t\t<wp:post_parent>0</wp:post_parent>\n")
        w("\t\t<wp:menu_order>0</wp:menu_order>\n")
        w(f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n")
        w(f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n")
        w("\t\t<wp:is_sticky>0</wp:is_sticky>\n")
        for key, value in [
            (SOURCE_URL_META, article.source_url),
            (SOURCE_NAME_META, article.source_name),
            (BYLINE_META, article.byline),
        ]:
            # Written even when empty: an article with no source must not come back with
            # this archive's own link and name as its source.
            w(
                f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"
            )
        if article.source_id:
            identity = [
                article.source_id,
                article.source_format,
                article.source_file,
                article.imported_at.astimezone(datetime.UTC).isoformat()
                if article.imported_at
                else "",
            ]
            for key, value in zip(IDENTITY_META, identity, strict=True):
                w(self._meta(key, value))
        for capture in article.exported_captures:
            self._capture(capture)
        for tag in sorted(article.tags.all(), key=lambda t: t.name.casefold()):
            w(f'\t\t<category domain="post_tag" nicename="{escape(tag.slug)}">')
            w(f"{cdata(tag.name)}</category>\n")
        if article.lead_image_id:
            thumbnail = self.attachment_offset + article.lead_image_id
            w(self._meta("_thumbnail_id", thumbnail))
        self._comments(article.exported_comments)
        w("\t</item>\n")

    def _capture(self, capture):
        self.counts["captures"] += 1
        self.out.write(self._meta(CAPTURE_META, capture_fields(capture)))
        if self.captures_dir is None or capture.compressed is None:
            return
        target = self.captures_dir / capture_file(capture.sha256)
        if target.exists():
            return  # the same bytes, kept for another article
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with gzip.open(partial, "wb") as copy:
            copy.write(zlib.decompress(bytes(capture.compressed)))
        partial.replace(target)
        self.counts["capture files"] += 1

    @staticmethod
    def _meta(key, value):
        return (
            f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"
        )

    def _body(self, body):
        """The body with each library picture as a plain <img> of its attachment."""
        if "data-image=" not in body:
            return body

        def attachment_img(match):
            image = self.body_images.get(int(match.group(1)))
            tag = DATA_IMAGE.sub("", match.group(0))
            if image is None:
                return tag  # deleted since: the <img> as it was saved
            tag = IMG_ALT.sub(f' alt="{escape(image.alt)}"', tag, count=1)
            return IMG_SRC.sub(f' src="{escape(self._upload(image)[1])}"', tag, count=1)

        return LIBRARY_IMG.sub(attachment_img, body)

    def _upload(self, image):
        """(path under wp-content/uploads, its address) of an image's attachment."""
        stem = slugify(PurePosixPath(image.original_name).stem)[:60] or "image"
        path = f"{image.uploaded_at:%Y/%m}/{stem}-{image.sha256[:8]}.{image.extension}"
        return path, f"{self.base_url}/wp-content/uploads/{path}"

    def _attachment(self, image):
        """A library image as a WordPress attachment, its original copied into media_dir."""
        self.counts["images"] += 1
        stem = slugify(PurePosixPath(image.original_name).stem)[:60] or "image"
        path, url = self._upload(image)
        if self.media_dir is not None:
            target = self.media_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with image.file.open("rb") as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
        uploaded = image.uploaded_at.astimezone(datetime.UTC)
        w = self.out.write
        w("\t<item>\n")
        w(f"\t\t<title>{cdata(escape(image.title or stem, quote=False))}</title>\n")
        w(f'\t\t<guid isPermaLink="false">{plain(url)}</guid>\n')
        w(f"\t\t<content:encoded>{cdata(escape(image.credit, quote=False))}</content:encoded>\n")
        w(f"\t\t<excerpt:encoded>{cdata(escape(image.caption, quote=False))}</excerpt:encoded>\n")
        w(f"\t\t<wp:post_id>{self.attachment_offset + image.pk}</wp:post_id>\n")
        w(f"\t\t<wp:post_date_gmt>{cdata(f'{uploaded:{WP_DATE}}')}</wp:post_date_gmt>\n")
        w(f"\t\t<wp:status>{cdata('inherit')}</wp:status>\n")
        w(f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>\n")
        w(f"\t\t<wp:attachment_url>{cdata(url)}</wp:attachment_url>\n")
        w(self._meta("_wp_attached_file", path))
        if image.alt:
            w(self._meta("_wp_attachment_image_alt", image.alt))
        w("\t</item>\n")

    @staticmethod
    def _open(article):
        return "open" if article.allow_comments else "closed"

    def _comments(self, comments):
        exported = {c.pk: c for c in comments}
        all_parents = {c.pk: c.parent_id for c in comments}
        for comment in comments:
            self.counts["comments"] += 1
            # A reply to a comment left out (spam, trash) hangs from the nearest ancestor
            # that is exported; the threading of what is exported stays intact.
            parent = comment.parent_id
            while parent and parent not in exported:
                parent = all_parents.get(parent)
            created = comment.created_at
            email = comment.author_email if self.include_emails else ""
            ip = (comment.ip_address or "") if self.include_ip_addresses else ""
            self.out.write(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{comment.pk}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(comment.author_name)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
                f"\t\t\t<wp:comment_author_url>{cdata(comment.author_url)}"
                "</wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>\n"
                "\t\t\t<wp:comment_date>"
                f"{cdata(f'{created.astimezone(timezone.get_current_timezone()):{WP_DATE}}')}"
                "</wp:comment_date>\n"
                "\t\t\t<wp:comment_date_gmt>"
                f"{cdata(f'{created.astimezone(datetime.UTC):{WP_DATE}}')}"
                "</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(comment_html(comment.body))}"
                "</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(COMMENT_APPROVED[comment.status])}"
                "</wp:comment_approved>\n"
                f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent or 0}</wp:comment_parent>\n"
                "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
                "\t\t</wp:comment>\n"
            )


def body_image_ids(articles):
    """The library images the articles' bodies show (one pass over the bodies naming any)."""
    ids = set()
    bodies = articles.filter(body__contains="data-image=").values_list("body", flat=True)
    for body in bodies.order_by().iterator(chunk_size=500):
        ids.update(int(pk) for pk in LIBRARY_IMG_ID.findall(body))
    return ids


def author_login(byline):
    """WordPress needs a login per author; the byline's slug serves (none without a byline)."""
    return (slugify(byline)[:60] or "author") if byline else ""


def comment_html(body):
    """A comment is plain text here and HTML in WordPress: escape it, keep its lines."""
    return escape(body, quote=False)

"""What a web page says about itself: <meta> (og:, article:, name=author), <link rel> and
JSON-LD. These win over what the extraction guesses from the page's text (see html.py).
"""

import datetime
import json

from .base import clean_line

MAX_TAG = 100
ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "TechArticle",
}


class PageMetadata:
    """What a page says about itself: <meta>, <link rel> and JSON-LD."""

    def __init__(self, tree):
        self.metas = {}
        for element in tree.iter("meta"):
            key = (element.get("property") or element.get("name") or "").strip().lower()
            value = clean_line(element.get("content") or "")
            if key and value:
                self.metas.setdefault(key, []).append(value)
        self.canonical = ""
        self.tag_links = []
        for element in tree.iter("link", "a"):
            rel = (element.get("rel") or "").lower().split()
            if element.tag == "link" and "canonical" in rel and not self.canonical:
                self.canonical = (element.get("href") or "").strip()
            elif element.tag == "a" and "tag" in rel:
                self.tag_links.append(clean_line(element.text_content()))
        self.article = self._json_ld_article(tree)

    def first(self, key):
        return (self.metas.get(key) or [""])[0]

    def ld(self, key):
        value = self.article.get(key)
        return clean_line(value) if isinstance(value, str) else ""

    @property
    def is_article(self):
        return bool(self.article) or self.first("og:type").lower() == "article"

    @property
    def tags(self):
        return self.metas.get("article:tag", []) + self.tag_links

    def author(self):
        names = []
        authors = self.article.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and clean_line(author):
                names.append(clean_line(author))
        if not names:
            names = [a for a in self.metas.get("author", []) if not a.startswith("http")]
        return ", ".join(unique_names(names))

    def image(self):
        """The page's own picture (og:image, twitter:image, JSON-LD image) and its alt text."""
        url = self.first("og:image:secure_url") or self.first("og:image")
        url = url or self.first("twitter:image") or self.first("twitter:image:src")
        alt = self.first("og:image:alt") or self.first("twitter:image:alt")
        if not url:
            image = self.article.get("image")
            image = image[0] if isinstance(image, list) and image else image
            if isinstance(image, dict):
                url = image.get("url") or image.get("contentUrl") or ""
                alt = alt or image.get("caption") or image.get("description") or ""
            elif isinstance(image, str):
                url = image
        return (url if isinstance(url, str) else "").strip(), clean_line(str(alt or ""))

    def publisher(self):
        publisher = self.article.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return clean_line(name) if isinstance(name, str) else ""

    def published_at(self, tz):
        for value in [self.first("article:published_time"), self.ld("datePublished")]:
            if value:
                try:
                    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    continue
                return moment if moment.tzinfo else moment.replace(tzinfo=tz)
        return None

    @staticmethod
    def _json_ld_article(tree):
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            for item in _walk(data):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                    return item
        return {}


def _walk(data):
    """Every JSON object in a JSON-LD document (through lists and @graph)."""
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph", []))


def unique_names(names):
    seen, kept = set(), []
    for name in names:
        name = clean_line(name)
        if name and len(name) <= MAX_TAG and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept

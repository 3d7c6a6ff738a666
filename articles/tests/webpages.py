"""Web pages, WARC files and feeds written for the capture-import tests.

The article page imitates a WordPress news theme: navigation, share buttons, the post,
its tag links, related posts, a comment thread and the comment form around it, and the
metadata such themes (and Yoast) write: og:, article:, rel=canonical and JSON-LD.
"""

import datetime
import gzip
import io
import json
from html import escape

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TITLE = "Steel output rises as mills restart"
URL = "https://metals.example/2020/04/05/steel-output-rises/"
PARAGRAPHS = [
    "Crude steel output rose by a tenth in March as mills in the north restarted furnaces "
    "that had been banked since the winter, the industry association said on Sunday.",
    "Producers pointed to stronger orders from carmakers and from builders of wind towers, "
    "while warning that the price of coking coal had doubled since the autumn.",
    "Exports were flat. Imports of semi-finished slab fell for a third month, which the "
    "association put down to new quotas rather than to weaker demand at home.",
]
TAGS = ["Steel", "Mills"]
AUTHOR = "Ada Byline"
# Text of the page's furniture: none of it may reach an article.
FURNITURE = [
    "Markets",
    "Subscribe",
    "Share on Twitter",
    "Related posts",
    "Copper prices slip",
    "Responses to",
    "Great reporting",
    "Leave a Reply",
    "Your email address will not be published",
    "All rights reserved",
]


def article_page(
    *,
    title=TITLE,
    paragraphs=PARAGRAPHS,
    tags=TAGS,
    url=URL,
    published="2020-04-05T09:30:00+00:00",
    author=AUTHOR,
    html_title=None,
    json_ld=True,
    extra_body="",
    head_extra="",
):
    """A WordPress-like article page, as bytes."""
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Metals Daily", "url": "https://metals.example/"},
            {
                "@type": "NewsArticle",
                "headline": title,
                "datePublished": published,
                "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": "Metals Daily"},
            },
        ],
    }
    head_tags = "\n".join(f'<meta property="article:tag" content="{escape(t)}">' for t in tags)
    tag_links = ", ".join(
        f'<a href="https://metals.example/tag/{t.lower()}/" rel="tag">{escape(t)}</a>' for t in tags
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{escape(html_title or title)} | Metals Daily</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Metals Daily">
<meta property="og:title" content="{escape(title)}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
{head_tags}
{head_extra}
{'<script type="application/ld+json">' + json.dumps(ld) + "</script>" if json_ld else ""}
<script src="https://metals.example/wp-includes/js/jquery.js"></script>
</head>
<body class="post-template-default single single-post">
<header class="site-header">
  <a class="site-title" href="https://metals.example/">Metals Daily</a>
  <nav class="main-navigation"><ul>
    <li><a href="https://metals.example/">Home</a></li>
    <li><a href="https://metals.example/markets/">Markets</a></li>
    <li><a href="https://metals.example/subscribe/">Subscribe</a></li>
  </ul></nav>
</header>
<div class="share-buttons">
  <a href="https://twitter.com/share">Share on Twitter</a>
  <a href="https://facebook.com/share">Share on Facebook</a>
</div>
<main id="main" class="site-main">
<article class="post type-post status-publish hentry">
  <header class="entry-header">
    <h1 class="entry-title">{escape(title)}</h1>
    <div class="entry-meta">
      <span class="byline">By <a class="url fn n" rel="author">{escape(author)}</a></span>
      <time class="entry-date published" datetime="{published}">5 April 2020</time>
    </div>
  </header>
  <div class="entry-content">
{body}
{extra_body}
  </div>
  <footer class="entry-footer"><span class="tags-links">Tags: {tag_links}</span></footer>
</article>
<section class="related-posts">
  <h3>Related posts</h3>
  <ul>
    <li><a href="https://metals.example/2020/04/01/copper/">Copper prices slip as
      warehouses fill up across the region and traders wait</a></li>
    <li><a href="https://metals.example/2020/03/28/zinc/">Zinc smelter closes for repairs
      after a fire in its roasting plant</a></li>
  </ul>
</section>
<div id="comments" class="comments-area">
  <h2 class="comments-title">2 Responses to “{escape(title)}”</h2>
  <ol class="comment-list">
    <li class="comment"><div class="comment-body"><b class="fn">Reader One</b>
      <p>Great reporting, as ever. The quota point is the one the ministers keep missing.</p>
    </div></li>
    <li class="comment"><div class="comment-body"><b class="fn">Reader Two</b>
      <p>Coking coal is the real story here and it deserves its own piece next week.</p>
    </div></li>
  </ol>
  <div id="respond" class="comment-respond">
    <h3 class="comment-reply-title">Leave a Reply</h3>
    <form action="https://metals.example/wp-comments-post.php" method="post">
      <p class="comment-notes">Your email address will not be published.</p>
      <textarea name="comment"></textarea><input type="submit" value="Post Comment">
    </form>
  </div>
</div>
</main>
<footer class="site-footer"><p>© 2020 Metals Daily. All rights reserved.</p></footer>
<script>window.dataLayer = [];</script>
</body>
</html>
""".encode()


def text_page(title=TITLE, date="05/04/2020", paragraphs=PARAGRAPHS, tags=TAGS):
    """The same article as a scraper saves it in plain text (the text importer's layout)."""
    parts = [title, "", date, ""]
    for paragraph in paragraphs:
        parts += [paragraph, ""]
    parts += [f"Tags: {', '.join(tags)}", "", "Leave a Reply", ""]
    return "\n".join(parts)


def home_page():
    """A site's front page: a list of headlines, no article."""
    items = "\n".join(
        f'<li><a href="https://metals.example/2020/04/0{n}/story-{n}/">Story number {n}</a></li>'
        for n in range(1, 8)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Metals Daily</title>
<meta property="og:type" content="website"></head>
<body><nav><a href="/">Home</a></nav><h1>Metals Daily</h1><ul>{items}</ul></body></html>
""".encode()


def tag_page():
    return b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Steel | Metals Daily</title>
</head><body><h1>Tag: Steel</h1><ul><li><a href="/a/">Steel output rises</a></li>
<li><a href="/b/">Steel prices</a></li></ul></body></html>
"""


def error_page():
    return b"<!DOCTYPE html><html><head><title>Not found</title></head><body>404</body></html>"


def warc_bytes(records, *, gzipped=True):
    """A WARC file holding HTTP responses.

    ``records`` holds (target URI, capture time, status, content type, body bytes, extra
    headers) tuples; each becomes a request/response pair, as crawlers write them.
    """
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for uri, when, status, content_type, body, extra in records:
        reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(status, "OK")
        headers = [("Content-Type", content_type), *extra]
        http = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
    return out.getvalue()


def gzip_body(body):
    return gzip.compress(body)


def at(day, hour=12):
    return datetime.datetime(2020, 4, day, hour, tzinfo=datetime.UTC)


def rss_feed(entries):
    """An RSS 2.0 feed; each entry is (title, link, date, summary, full content or None)."""
    items = []
    for title, link, date, summary, content in entries:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        items.append(
            f"""<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>
<pubDate>{date}</pubDate><dc:creator>{AUTHOR}</dc:creator>
<category>Steel</category><category>Markets</category>
<description>{escape(summary)}</description>{encoded}</item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Metals Daily</title><link>https://metals.example/</link>
<description>News of metals</description>
{"".join(items)}
</channel></rss>
""".encode()


def atom_feed(title, link, updated, content):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Metals Daily</title>
<id>https://metals.example/</id><updated>{updated}</updated>
<entry><title>{escape(title)}</title><link href="{link}"/><id>{link}</id>
<updated>{updated}</updated><published>{updated}</published>
<author><name>{AUTHOR}</name></author><category term="Steel"/>
<content type="html">{escape(content)}</content></entry></feed>
""".encode()

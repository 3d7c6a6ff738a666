"""What outside checks ask of every site: /favicon.ico, the home page's WebSite JSON-LD,
a heading for each comment, and the comment moderation list's columns."""

import json
import re

from django.contrib.auth import get_user_model
from django.templatetags.static import static
from django.test import TestCase
from django.urls import reverse

from .factories import make_article, make_comment

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(response):
    return [json.loads(block) for block in LD_JSON.findall(response.content.decode())]


class FaviconTests(TestCase):
    def test_favicon_ico_redirects_to_the_svg_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, static("img/favicon.svg"), fetch_redirect_response=False)
        self.assertEqual(response.status_code, 302)
        self.assertIn("max-age=86400", response["Cache-Control"])


class WebSiteStructuredDataTests(TestCase):
    def test_home_page_describes_the_site_and_its_search(self):
        make_article()
        blocks = structured_data(self.client.get(reverse("articles:article-list")))
        site = next(block for block in blocks if block["@type"] == "WebSite")
        self.assertEqual(site["url"], "http://testserver/")
        self.assertEqual(
            site["potentialAction"],
            {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": "http://testserver/search/?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        )

    def test_only_the_first_page_carries_it(self):
        for i in range(11):
            make_article(title=f"Story {i}")
        response = self.client.get(reverse("articles:article-list"), {"page": 2})
        self.assertEqual([b for b in structured_data(response) if b["@type"] == "WebSite"], [])


class CommentHeadingTests(TestCase):
    def test_each_comment_article_has_its_author_as_heading(self):
        article = make_article()
        make_comment(article, author_name="Ama")
        make_comment(article, author_name="Ben", author_url="https://ben.example.org/")
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, '<h3 class="comment__author">Ama</h3>', html=True)
        self.assertContains(
            response,
            '<h3 class="comment__author"><a href="https://ben.example.org/" '
            'rel="nofollow ugc noopener">Ben</a></h3>',
            html=True,
        )


class CommentChangelistTests(TestCase):
    def test_name_and_address_share_a_column_and_long_values_wrap(self):
        admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.com", "a-long-test-password"
        )
        self.client.force_login(admin)
        make_comment(make_article(), author_name="Cleo", author_email="cleo@example.org")
        response = self.client.get(reverse("admin:articles_comment_changelist"))
        self.assertContains(
            response,
            'Cleo<br><span class="comment-author-email">cleo@example.org</span>',
        )
        self.assertContains(response, "css/admin-comments.css")

"""An article's own SEO title and description, with the title and standfirst as fallbacks."""

from django.test import TestCase

from .factories import make_article


class SeoFieldTests(TestCase):
    def test_seo_title_and_description_are_used_where_search_engines_look(self):
        article = make_article(
            title="Chipmaker's quarter",
            standfirst="Sales beat forecasts.",
            seo_title="Chipmaker sales beat forecasts in third quarter",
            seo_description="Revenue rose 12% as data-centre orders doubled.",
        )
        response = self.client.get(article.get_absolute_url())
        for tag in [
            "<title>Chipmaker sales beat forecasts in third quarter · Business News Archive"
            "</title>",
            '<meta name="description" content="Revenue rose 12% as data-centre orders doubled.">',
            '<meta property="og:title" content="Chipmaker sales beat forecasts in third quarter">',
            '<meta property="og:description" '
            'content="Revenue rose 12% as data-centre orders doubled.">',
            '<meta name="twitter:title" content="Chipmaker sales beat forecasts in third quarter">',
        ]:
            with self.subTest(tag=tag):
                self.assertContains(response, tag)
        # The page itself still shows the article's own title and standfirst.
        self.assertContains(response, '<h1 class="article__title">Chipmaker&#x27;s quarter</h1>')
        self.assertContains(response, "Sales beat forecasts.")

    def test_without_them_the_title_and_standfirst_serve(self):
        article = make_article(title="Chipmaker's quarter", standfirst="Sales beat forecasts.")
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "<title>Chipmaker&#x27;s quarter · Business News Archive")
        self.assertContains(response, '<meta name="description" content="Sales beat forecasts.">')
        self.assertContains(
            response, '<meta property="og:title" content="Chipmaker&#x27;s quarter">'
        )

"""articles.links: the search page's links, built once a page, are reverse()'s and
{% querystring %}'s very strings."""

from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory, SimpleTestCase
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from articles.links import PathMaker, querystrings

URL_NAMES = ["articles:article-detail", "articles:tag-detail", "companies:company-detail"]
PLAIN = ["copper", "rio-tinto-2", "A_b-9", "x"]
# Not plain: reverse() percent-encodes them (or refuses them, where the converter does).
OTHER = ["Κάποιος", "café", "a b", "50%", "a&b", "~tilde", "a+b"]


class PathMakerTests(SimpleTestCase):
    def assertSameAsReverse(self, name, value):
        try:
            expected = reverse(name, args=[value])
        except NoReverseMatch:
            with self.assertRaises(NoReverseMatch):
                PathMaker(name)(value)
        else:
            self.assertEqual(PathMaker(name)(value), expected)

    def test_same_as_reverse(self):
        """Every value, plain or not, gives what reverse() gives, or the same refusal."""
        for name in URL_NAMES:
            for value in [*PLAIN, *OTHER, "", "a/b"]:
                with self.subTest(name=name, value=value):
                    self.assertSameAsReverse(name, value)

    def test_script_prefix(self):
        """Under a script prefix (a site served below /news/) the links carry it."""
        set_script_prefix("/news/")
        self.addCleanup(clear_script_prefix)
        self.assertEqual(PathMaker("articles:tag-detail")("copper"), "/news/tags/copper/")
        self.assertSameAsReverse("articles:tag-detail", "café")


class QuerystringsTests(SimpleTestCase):
    QUERIES = [
        "q=copper",
        "q=copper&page=3",
        "page=2&q=a+b&year=2015&tag=banks",
        "year=2015&q=zinc",
        "q=zinc&year=1&year=2&currency=usd",
        "q=%C3%A9t%C3%A9&tag=%CE%9A",
        "q=&min=&sort=",
        "",
    ]

    def test_same_as_the_template_tag(self):
        """For each value, the string {% querystring key=value page=None %} gives."""
        factory = RequestFactory()
        for key, values in (("year", [2018, 2017]), ("tag", ["banks", "Κάποιος", "a&b"])):
            template = engines["django"].from_string(f"{{% querystring {key}=value page=None %}}")
            for query in self.QUERIES:
                with self.subTest(key=key, query=query):
                    request = factory.get(f"/search/?{query}")
                    expected = [
                        template.render({"value": value}, request=request) for value in values
                    ]
                    # The template escapes the string, as {{ row.url }} does.
                    links = [
                        link.replace("&", "&amp;")
                        for link in querystrings(request.GET, key, values)
                    ]
                    self.assertEqual(links, expected)

    def test_no_values(self):
        """No facet, no link."""
        self.assertEqual(querystrings(QueryDict("q=a"), "year", []), [])

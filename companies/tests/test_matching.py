"""Finding companies' names in text: whole words, case rules for short aliases, overlaps."""

from django.test import SimpleTestCase

from companies.matching import Matcher, case_sensitive

JD, ALIBABA, PICTURES, JINGDONG = 1, 2, 3, 4


def found(text, companies=None):
    matcher = Matcher(
        companies
        or [
            (JD, ["JD.com", "JD", "Jingdong"]),
            (ALIBABA, ["Alibaba Group", "Alibaba"]),
            (PICTURES, ["Alibaba Pictures"]),
            (JINGDONG, ["京东"]),
        ]
    )
    return [(text[start:stop], company) for start, stop, company in matcher.spans(text)]


class WholeWordTests(SimpleTestCase):
    def test_names_found_as_whole_words(self):
        """Names are found between spaces and punctuation, possessives included."""
        self.assertEqual(
            found("JD's rival, Alibaba, and JD.com (JD) report today."),
            [("JD", JD), ("Alibaba", ALIBABA), ("JD.com", JD), ("JD", JD)],
        )

    def test_not_found_inside_words(self):
        """A name inside a longer word is not a mention."""
        self.assertEqual(found("JDate and Alibabas and ANJD and XJD-1"), [])

    def test_long_names_ignore_case(self):
        """Names longer than four letters match whatever their case."""
        self.assertEqual(found("ALIBABA and alibaba"), [("ALIBABA", ALIBABA), ("alibaba", ALIBABA)])

    def test_short_aliases_need_their_case(self):
        """A short alias matches only as written: "jd" and "Jd" are not JD."""
        self.assertEqual(found("jd and Jd but JD"), [("JD", JD)])

    def test_all_capital_aliases_need_their_case(self):
        """An all-capital alias of any length keeps its case: "Nasdaq" is not "NASDAQ"."""
        companies = [(9, ["NASDAQ"])]
        self.assertEqual(found("Nasdaq and NASDAQ", companies), [("NASDAQ", 9)])
        self.assertTrue(case_sensitive("NASDAQ"))
        self.assertTrue(case_sensitive("Meta"))
        self.assertFalse(case_sensitive("Alibaba"))

    def test_longest_name_wins_where_names_overlap(self):
        """ "Alibaba Pictures" is the studio, not the group; "Alibaba Group" is the group."""
        self.assertEqual(
            found("Alibaba Pictures and Alibaba Group"),
            [("Alibaba Pictures", PICTURES), ("Alibaba Group", ALIBABA)],
        )

    def test_chinese_names_need_no_spaces(self):
        """Chinese is written without spaces: 京东 is found in 京东集团."""
        self.assertEqual(found("京东集团 said"), [("京东", JINGDONG)])

    def test_two_companies_with_one_name_are_both_found(self):
        """A name two companies share is suggested for both; the editor decides."""
        self.assertEqual(
            found("Apex rose", [(1, ["Apex"]), (2, ["Apex"])]), [("Apex", 1), ("Apex", 2)]
        )

    def test_no_companies_no_matches(self):
        self.assertEqual(found("JD", [(1, [" "])]), [])

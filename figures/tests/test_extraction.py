"""Reading key figures from text: each currency and scale form, ranges, negatives,
qualifiers, stakes, ambiguous symbols, and numbers that are not figures."""

from decimal import Decimal

from django.test import SimpleTestCase

from figures.extraction import extract


def one(text):
    (figure,) = extract(text)
    return figure


def amount(text):
    figure = one(text)
    return figure.kind, figure.value, figure.currency


class CurrencyTests(SimpleTestCase):
    def test_every_currency_form(self):
        """Symbols, codes before or after, and words, each to its ISO 4217 code."""
        cases = {
            "paid $5 to": "USD",
            "paid US$5 to": "USD",
            "paid USD 5 to": "USD",
            "paid 5 USD to": "USD",
            "paid 5 US dollars to": "USD",
            "paid HK$5 to": "HKD",
            "paid 5 Hong Kong dollars to": "HKD",
            "paid RMB 5 to": "CNY",
            "paid RMB5 to": "CNY",
            "paid CNY 5 to": "CNY",
            "paid 5 yuan to": "CNY",
            "paid 5 renminbi to": "CNY",
            "paid 5元 to": "CNY",
            "paid €5 to": "EUR",
            "paid 5 euros to": "EUR",
            "paid EUR 5 to": "EUR",
            "paid £5 to": "GBP",
            "paid 5 pounds sterling to": "GBP",
            "paid 5 yen to": "JPY",
            "paid S$5 to": "SGD",
            "paid A$5 to": "AUD",
            "paid C$5 to": "CAD",
            "paid NT$5 to": "TWD",
            "paid R$5 to": "BRL",
            "paid ₹5 to": "INR",
            "paid Rs 5 to": "INR",
            "paid ₩5 to": "KRW",
            "paid CHF 5 to": "CHF",
            "paid 5 Swiss francs to": "CHF",
            "paid 5美元 to": "USD",
            "paid 5港元 to": "HKD",
        }
        for text, code in cases.items():
            with self.subTest(text):
                self.assertEqual(amount(text), ("money", Decimal(5), code))

    def test_yen_sign_resolved_from_the_sentence(self):
        """¥ is yuan or yen by context, and unresolved (blank) without it."""
        self.assertEqual(one("A Beijing court fined it ¥5 million.").currency, "CNY")
        self.assertEqual(one("The Tokyo lender earned ¥5 million.").currency, "JPY")
        self.assertEqual(one("It earned ¥5 million.").currency, "")
        self.assertEqual(one("In China and Japan it earned ¥5 million.").currency, "")

    def test_dollar_sign_unresolved_beside_another_dollar(self):
        """$ is US dollars, unless the sentence names another dollar's place."""
        self.assertEqual(one("It raised $5 million.").currency, "USD")
        self.assertEqual(one("The Hong Kong unit raised $5 million.").currency, "")
        self.assertEqual(one("The Singapore fund raised 5 million dollars.").currency, "")
        self.assertEqual(one("The Hong Kong unit raised US$5 million.").currency, "USD")

    def test_words_that_are_currencies_only_with_a_scale(self):
        """ "won" and "pounds" need a scale: "won 3 games" and "5 pounds of copper" are not."""
        self.assertEqual(extract("The team won 3 games; he lifted 5 pounds of copper."), [])
        self.assertEqual(amount("It earned 3 trillion won."), ("money", Decimal(3 * 10**12), "KRW"))


class ScaleTests(SimpleTestCase):
    def test_every_scale_form(self):
        cases = {
            "$550 million": 550 * 10**6,
            "$1.2bn": Decimal("1.2") * 10**9,
            "$1.2 bn": Decimal("1.2") * 10**9,
            "$3M": 3 * 10**6,
            "$25m": 25 * 10**6,
            "$2B": 2 * 10**9,
            "$450k": 450 * 10**3,
            "$5 thousand": 5 * 10**3,
            "$3 mln": 3 * 10**6,
            "$1.5tn": Decimal("1.5") * 10**12,
            "$2 trillion": 2 * 10**12,
            "59.2 billion yuan": Decimal("59.2") * 10**9,
            "RMB 5亿": 5 * 10**8,
            "200万元": 200 * 10**4,
            "3.2万亿元": Decimal("3.2") * 10**12,
            "₹500 crore": 500 * 10**7,
            "₹3 lakh": 3 * 10**5,
            "$1,250,000": 1250000,
            "$0.99": Decimal("0.99"),
        }
        for text, value in cases.items():
            with self.subTest(text):
                self.assertEqual(one(f"It paid {text} for it.").value, value)

    def test_single_letters_need_a_currency_sign(self):
        """ "5m" may be metres and "5k" a race: scales only beside a currency sign."""
        self.assertEqual(extract("He ran 5k and dived 5 m."), [])


class PercentAndStakeTests(SimpleTestCase):
    def test_percent_forms(self):
        for text in ["0.93%", "0.93 %", "0.93 per cent", "0.93 percent", "0.93 pct"]:
            with self.subTest(text):
                figure = one(f"Its share rose {text} in May.")
                self.assertEqual((figure.kind, figure.value), ("percent", Decimal("0.93")))

    def test_percentage_points(self):
        figure = one("Rates rose 0.25 percentage points.")
        self.assertEqual(
            (figure.kind, figure.value, figure.scale),
            ("percent", Decimal("0.25"), "percentage points"),
        )

    def test_stakes(self):
        for text in [
            "It bought a 10% stake in the bank.",
            "It bought a 10 per cent equity stake.",
            "It holds a stake of 10% in the bank.",
            "It raised its holding to 10%.",
            "It bought 10% of the company.",
        ]:
            with self.subTest(text):
                self.assertEqual((one(text).kind, one(text).value), ("stake", Decimal(10)))

    def test_a_stake_changing_gives_two_stakes(self):
        self.assertEqual(
            [(f.kind, f.value) for f in extract("Its stake went from 5% to 12%.")],
            [("stake", Decimal(5)), ("stake", Decimal(12))],
        )


class RangesNegativesQualifiersTests(SimpleTestCase):
    def test_ranges(self):
        cases = {
            "It costs $3-4 million.": (3 * 10**6, 4 * 10**6, "USD"),
            "It costs between $1 billion and $2 billion.": (10**9, 2 * 10**9, "USD"),
            "It costs 1-2 billion yuan.": (10**9, 2 * 10**9, "CNY"),
            "It costs €3m to €5m.": (3 * 10**6, 5 * 10**6, "EUR"),
            "Growth of 1.5-2% is likely.": (Decimal("1.5"), 2, ""),
            "Growth of between 5% and 7% is likely.": (5, 7, ""),
        }
        for text, (low, high, currency) in cases.items():
            with self.subTest(text):
                figure = one(text)
                self.assertEqual(
                    (figure.value, figure.upper, figure.currency), (low, high, currency)
                )

    def test_a_range_goes_up(self):
        """Two numbers that would make a falling range are not one."""
        figures = extract("See page 17 - $5 million was paid.")
        self.assertEqual([(f.value, f.upper) for f in figures], [(5 * 10**6, None)])

    def test_from_to_is_a_change_not_a_range(self):
        values = [f.value for f in extract("Sales rose from $1bn to $2bn.")]
        self.assertEqual(values, [10**9, 2 * 10**9])

    def test_and_is_a_range_only_after_between(self):
        self.assertEqual(len(extract("It paid $5 million and $3 million.")), 2)

    def test_negatives(self):
        self.assertEqual(one("Output fell -1.5% in May.").value, Decimal("-1.5"))
        self.assertEqual(one("Margins were minus 4%.").value, -4)
        self.assertEqual(one("EBITDA margin was −2.5%.").value, Decimal("-2.5"))
        self.assertEqual(one("A result of -$120 million.").value, -120 * 10**6)
        self.assertEqual(one("In 2020-2021 it earned 5%.").value, 5)

    def test_qualifiers(self):
        cases = {
            "It raised more than $5m.": "more-than",
            "It raised over $5m.": "more-than",
            "It raised at least $5m.": "more-than",
            "It raised less than $5m.": "less-than",
            "It raised up to $5m.": "up-to",
            "It raised about $5m.": "about",
            "It raised nearly $5m.": "about",
            "It raised $5m.": "",
        }
        for text, qualifier in cases.items():
            with self.subTest(text):
                self.assertEqual(one(text).qualifier, qualifier)


class NotFiguresTests(SimpleTestCase):
    def test_numbers_that_are_not_figures(self):
        """Years, dates, counts, phone numbers, ordinals, model names: nothing."""
        for text in [
            "The firm was founded in 1998 and moved in 2019.",
            "Call +852 2345 6789 or 1-800-555-0199.",
            "It was the 3rd deal and the 21st meeting.",
            "It employs 12,000 people and sold 1.5 million phones.",
            "The Airbus A380 and COVID-19.",
            "Meet at 9:30 on 10/11, on 2021-06-30.",
            "The index rose 250 points to 24,000.",
        ]:
            with self.subTest(text):
                self.assertEqual(extract(text), [])


class SentenceTests(SimpleTestCase):
    def test_each_figure_keeps_its_sentence(self):
        figures = extract("Revenue rose 5%. The U.S. unit paid $3 million.\n\nNew paragraph here.")
        self.assertEqual(
            [f.sentence for f in figures],
            ["Revenue rose 5%.", "The U.S. unit paid $3 million."],
        )
        self.assertEqual([f.text for f in figures], ["5%", "$3 million"])

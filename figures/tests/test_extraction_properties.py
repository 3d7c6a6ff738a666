"""Any text at all: the extractor and the company matcher answer, never raise."""

from hypothesis import given, settings
from hypothesis import strategies as st

from companies.matching import Matcher
from figures.extraction import MONEY, extract

# Text made mostly of the characters figures are written with, so that numbers, symbols
# and scales meet in every order.
PIECES = st.sampled_from(
    ["$", "US$", "HK$", "¥", "€", "£", "RMB", "USD", "yuan", "亿", "万", "元", "%", "per cent",
     " stake", "million", "bn", "m", "k", "-", "–", "to", "and", "between ", "from ", "more than ",
     "minus ", ".", ",", " ", "\n\n", "1", "2", "0", "9", "1,000", "3.5", "Hong Kong", "Tokyo",
     "JD"]
)  # fmt: skip
FIGURE_TEXT = st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(FIGURE_TEXT)
def test_extract_answers_any_text(text):
    for figure in extract(text):
        assert figure.text and figure.text in text
        assert figure.upper is None or figure.upper >= figure.value or figure.value < 0
        assert (figure.kind == MONEY) or figure.currency == ""
        assert len(figure.currency) in (0, 3)


MATCHER = Matcher([(1, ["JD", "JD.com", "京东"]), (2, ["Alibaba Group", "Alibaba"])])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_matcher_answers_any_text(text):
    for start, stop, _company in MATCHER.spans(text):
        assert 0 <= start < stop <= len(text)

"""Key figures in business prose: money amounts, percentages and stakes.

`extract(text)` reads a text once and gives a Figure for each amount of money ("$1.2bn",
"59.2 billion yuan", "RMB 5亿"), percentage ("0.93%", "12 per cent") and stake ("a 10%
stake"), with its value in units (550 million is 550000000), its currency as an ISO 4217
code, and the sentence it came from. Ranges ("$1-2 billion", "between 5% and 7%") keep
both ends; "more than", "about", "up to" are kept as a qualifier; a minus sign makes the
value negative.

A number is money only with a currency beside it, so years, counts, phone numbers and
ordinals are never figures. Symbols that several currencies share are resolved from the
sentence, or left blank (unresolved), never guessed:

- "¥" is yuan (CNY) in a sentence about China or yuan, yen (JPY) in one about Japan or
  yen, and unresolved otherwise;
- "$" and "dollars" are US dollars unless the sentence names another dollar's place
  (Hong Kong, Singapore, Canada, Australia, Taiwan, New Zealand): then unresolved.
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal

MONEY, PERCENT, STAKE = "money", "percent", "stake"

# Symbols and codes written before the number; None marks a symbol resolved by context.
PREFIXES = {
    "US$": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "S$": "SGD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "R$": "BRL",
    "$": None,
    "€": "EUR",
    "£": "GBP",
    "¥": None,
    "￥": None,
    "₹": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "₩": "KRW",
    "RMB": "CNY",
    "Rmb": "CNY",
}
CODES = [
    "USD", "HKD", "CNY", "CNH", "EUR", "GBP", "JPY", "INR", "KRW", "SGD", "AUD", "CAD",
    "CHF", "TWD", "NZD", "BRL", "SEK", "NOK", "DKK", "RUB", "ZAR", "MXN", "IDR", "THB",
    "MYR", "PHP", "VND", "AED", "SAR",
]  # fmt: skip
# Words written after the number (lower case); None: resolved by context, as "$" is.
SUFFIXES = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "singapore dollars": "SGD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD",
    "dollars": None,
    "yuan": "CNY",
    "renminbi": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "日元": "JPY",
    "欧元": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "won": "KRW",
    "swiss francs": "CHF",
    "francs": "CHF",
}
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "lakh": 10**5,
    "crore": 10**7,
    "万亿": 10**12,
    "亿": 10**8,
    "万": 10**4,
    "千": 10**3,
}
# "m", "b" and "k" are scales only stuck to a number written with a currency ("$5m"):
# "5 m" may be metres, "5k" a race.
_LETTER_SCALES = {"m", "b", "k"}
# Words that are currencies only with a scale: "won 3 games", "2 pounds of copper".
_NEEDS_SCALE = {"won", "pounds"}


def _alternation(words):
    # Longest first, so "US$" is tried before "$" and "万亿" before "万".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = re.compile(rf"(?<![\d.,/:])(?:{NUMBER})(?!\d)")
_PREFIX = re.compile(
    rf"(?:(?<![A-Za-z])(?:{_alternation(PREFIXES)})|\b(?:{_alternation(CODES)}))\s?$"
)
_SCALE = re.compile(rf"^\s?({_alternation(SCALES)})(?![A-Za-z])", re.IGNORECASE)
_SUFFIX = re.compile(
    rf"^\s?(?:({_alternation(SUFFIXES)})|({_alternation(CODES)}))(?![A-Za-z])", re.IGNORECASE
)
_PERCENT = re.compile(r"^\s?(%|per\s?cent\b|percent\b|pct\b)(\s+points?\b)?", re.IGNORECASE)
_PERCENT_POINTS = re.compile(r"^\s?percentage\s+points?\b", re.IGNORECASE)
_RANGE = re.compile(r"^\s?(?:-|–|—|to|and)\s?", re.IGNORECASE)
_STAKE_AFTER = re.compile(
    r"^\s+(?:[a-z-]+\s+){0,2}?(?:stake|holding|shareholding|ownership)\b", re.IGNORECASE
)
_STAKE_BEFORE = re.compile(
    r"\b(?:stake|holding|shareholding)\s+(?:of\s+|to\s+)?(?:[a-z]+\s+){0,2}$", re.IGNORECASE
)
_STAKE_OF = re.compile(
    r"^\s+of\s+(?:the\s+|its\s+|their\s+)?(?:company|shares|equity|stock|firm|unit|subsidiary|business|venture)\b",
    re.I,
)
_NEGATIVE = re.compile(r"(?:(?:^|(?<=[\s(]))[-−–]|\bminus\s)$", re.IGNORECASE)
QUALIFIERS = {
    "more than": "more-than",
    "over": "more-than",
    "above": "more-than",
    "at least": "more-than",
    "in excess of": "more-than",
    "upwards of": "more-than",
    "less than": "less-than",
    "under": "less-than",
    "below": "less-than",
    "fewer than": "less-than",
    "up to": "up-to",
    "as much as": "up-to",
    "as many as": "up-to",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "an estimated": "about",
    "close to": "about",
}
_QUALIFIER = re.compile(rf"\b({_alternation(QUALIFIERS)})\s+(?:a\s+|an\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?。])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|(?<=。)")

_CNY_CONTEXT = re.compile(
    r"\b(?:yuan|renminbi|rmb|china|chinese|beijing|shanghai|shenzhen)\b|元", re.I
)
_JPY_CONTEXT = re.compile(r"\b(?:yen|japan|japanese|tokyo|osaka)\b", re.IGNORECASE)
_OTHER_DOLLARS = re.compile(
    r"\b(?:hong\s+kong|singapore|canad\w*|australia\w*|taiwan\w*|new\s+zealand)\b", re.I
)


@dataclass(frozen=True)
class Figure:
    kind: str
    value: Decimal
    currency: str = ""
    upper: Decimal | None = None
    scale: str = ""
    qualifier: str = ""
    text: str = ""
    sentence: str = ""
    start: int = 0

    def key(self):
        """What the accuracy corpus compares."""
        return (self.kind, self.value, self.upper, self.currency)


@dataclass
class _Number:
    start: int
    end: int
    value: Decimal
    prefix: str = ""  # the currency prefix as written
    prefix_start: int = 0
    scale: str = ""
    suffix: str = ""  # the currency word or code as written
    percent: bool = False
    points: bool = False

    @property
    def money(self):
        return bool(self.prefix or self.suffix)


def _read_number(text, match):
    """The number at `match` with what is written around it, or None when it is part of a
    word (A380, H1, COVID-19)."""
    value = Decimal(match.group().replace(",", ""))
    number = _Number(match.start(), match.end(), value, prefix_start=match.start())
    before = text[max(0, match.start() - 8) : match.start()]
    prefix = _PREFIX.search(before)
    if prefix:
        number.prefix = prefix.group().strip()
        number.prefix_start = match.start() - len(prefix.group())
    elif before[-1:].isalpha() or before[-1:] == "-" and before[-2:-1].isalpha():
        return None
    rest = text[number.end :]
    scale = _SCALE.match(rest)
    if scale:
        word = scale.group(1)
        stuck = not scale.group().startswith(" ")
        if word.lower() not in _LETTER_SCALES or (stuck and number.prefix):
            number.scale = word
            number.end += len(scale.group())
            rest = text[number.end :]
    suffix = _SUFFIX.match(rest)
    if suffix:
        word = suffix.group(1) or suffix.group(2)
        if word.lower() not in _NEEDS_SCALE or number.scale:
            number.suffix = word
            number.end += len(suffix.group())
            return number
    points = _PERCENT_POINTS.match(rest)
    percent = _PERCENT.match(rest)
    if points or percent:
        number.percent = True
        number.points = bool(points or percent.group(2))
        number.end += len((points or percent).group())
    return number


def _mergeable(text, first, second):
    """Whether `first` and `second` are the two ends of one range ("$1-2bn", "5% to 7%")."""
    between = text[first.end : second.prefix_start]
    connector = _RANGE.fullmatch(between)
    if not connector:
        return False
    word = connector.group().strip().lower()
    head = text[max(0, first.prefix_start - 12) : first.prefix_start]
    if word == "and" and not _BETWEEN.search(head):
        return False
    if word == "to" and _FROM.search(head):
        return False  # "from $1bn to $2bn" is a change, two figures
    if first.money or second.money:
        if first.percent or second.percent:
            return False
        if first.money and not second.money:
            # "$3-4 million", "$1bn to 2bn"; not "$5 million to 200 staff".
            return word in "-–—" or bool(second.scale)
        return True
    if first.percent or second.percent:
        return second.percent  # "1.5-2%", "5% to 7%"; not "5% to 7".
    return False


def _ascending(first, second):
    """A range goes up: "page 17 - $5 million" is not 17 million to 5 million."""
    scale = second.scale or first.scale
    return _scaled(first, first.scale or scale) <= _scaled(second, second.scale or scale)


def _currency(written, sentence):
    """The ISO 4217 code of a symbol, code or word as written; "" when unresolved."""
    if written in PREFIXES:
        code = PREFIXES[written]
    elif written.upper() in CODES:
        code = written.upper()
    else:
        code = SUFFIXES.get(written.lower(), "")
    if code is not None:
        return code
    if written in ("¥", "￥"):
        cny, jpy = _CNY_CONTEXT.search(sentence), _JPY_CONTEXT.search(sentence)
        if cny and not jpy:
            return "CNY"
        if jpy and not cny:
            return "JPY"
        return ""
    # "$" or "dollars": US dollars unless another dollar's place is named.
    return "" if _OTHER_DOLLARS.search(sentence) else "USD"


def _sentences(text):
    """(start, end) of each sentence."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _sentence_at(text, bounds, position):
    for start, end in bounds:
        if start <= position < end or end == len(text):
            return " ".join(text[start:end].split())
    return ""  # pragma: no cover


def _scaled(number, scale):
    if number.percent or not scale:
        return number.value
    return number.value * SCALES[scale if scale in SCALES else scale.lower()]


def extract(text):
    """Every key figure in `text`, in order."""
    if not text:
        return []
    numbers = [n for m in _NUMBER.finditer(text) if (n := _read_number(text, m)) is not None]
    bounds = _sentences(text)
    figures, skip = [], False
    for i, number in enumerate(numbers):
        if skip:
            skip = False
            continue
        second = None
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        if following and _mergeable(text, number, following) and _ascending(number, following):
            second, skip = following, True
        figure = _figure(text, bounds, number, second)
        if figure is None:
            continue
        if figure.kind == PERCENT and figures and figures[-1].kind == STAKE:
            # "its stake went from 5% to 12%": the second end is a stake as well.
            gap = text[figures[-1].start + len(figures[-1].text) : figure.start]
            if _TO.fullmatch(gap):
                figure = replace(figure, kind=STAKE)
        figures.append(figure)
    return figures


def _figure(text, bounds, first, second=None):
    last = second or first
    ends = [first, second] if second else [first]
    money = any(n.money for n in ends)
    percent = any(n.percent for n in ends)
    if not money and not percent:
        return None
    start, end = first.prefix_start, last.end
    head = text[max(0, start - 40) : start]
    negative = _NEGATIVE.search(head[-7:])
    if negative:
        start -= len(negative.group())
        head = text[max(0, start - 40) : start]
    sentence = _sentence_at(text, bounds, start)
    scale = last.scale or first.scale
    low = _scaled(first, first.scale or scale)
    high = _scaled(last, last.scale or scale) if second else None
    if negative:
        low = -low
    currency, kind = "", PERCENT
    if money:
        kind = MONEY
        written = next(
            (w for n in ends for w in (n.prefix, n.suffix) if w and _currency(w, sentence)),
            first.prefix or first.suffix or last.prefix or last.suffix,
        )
        currency = _currency(written, sentence)
    elif (
        _STAKE_AFTER.match(text[end:]) or _STAKE_OF.match(text[end:]) or _STAKE_BEFORE.search(head)
    ):
        kind = STAKE
    qualifier = _QUALIFIER.search(head)
    if any(n.points for n in ends):
        scale = "percentage points"
    return Figure(
        kind=kind,
        value=low,
        currency=currency,
        upper=high,
        scale=scale,
        qualifier=QUALIFIERS[qualifier.group(1).lower()] if qualifier else "",
        text=text[start:end].strip(),
        sentence=sentence,
        start=start,
    )

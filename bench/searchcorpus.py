"""The generated archive of bench/search.py: a business vocabulary plus invented words,
drawn with a Zipf distribution as words are in real text, and the 50 searches timed on it."""

import datetime
import random

# Words of business news, commonest first; invented words fill the long tail.
BUSINESS_WORDS = [
    "market",
    "shares",
    "company",
    "prices",
    "bank",
    "growth",
    "profit",
    "sales",
    "investors",
    "billion",
    "million",
    "percent",
    "quarter",
    "rates",
    "economy",
    "trade",
    "oil",
    "chief",
    "executive",
    "board",
    "deal",
    "revenue",
    "costs",
    "stock",
    "bonds",
    "inflation",
    "central",
    "government",
    "tax",
    "jobs",
    "workers",
    "industry",
    "demand",
    "supply",
    "energy",
    "gas",
    "power",
    "results",
    "forecast",
    "earnings",
    "dividend",
    "merger",
    "acquisition",
    "takeover",
    "offer",
    "bid",
    "regulators",
    "competition",
    "shareholders",
    "debt",
    "loans",
    "credit",
    "lenders",
    "mortgage",
    "housing",
    "property",
    "retail",
    "consumers",
    "spending",
    "exports",
    "imports",
    "tariffs",
    "currency",
    "dollar",
    "euro",
    "sterling",
    "yen",
    "gold",
    "copper",
    "steel",
    "aluminium",
    "coal",
    "shipping",
    "airlines",
    "carmakers",
    "factories",
    "output",
    "manufacturing",
    "services",
    "technology",
    "software",
    "chips",
    "telecoms",
    "media",
    "advertising",
    "insurance",
    "pensions",
    "fund",
    "managers",
    "hedge",
    "private",
    "equity",
    "venture",
    "startup",
    "listing",
    "flotation",
    "exchange",
    "index",
    "futures",
    "commodity",
    "harvest",
    "wheat",
    "coffee",
    "sugar",
    "cotton",
    "mining",
    "miners",
    "drilling",
    "refinery",
    "pipeline",
    "utilities",
    "water",
    "electricity",
    "renewables",
    "wind",
    "solar",
    "nuclear",
    "batteries",
    "lithium",
    "nickel",
    "zinc",
    "tin",
    "iron",
    "ore",
    "freight",
    "ports",
    "rail",
    "trucks",
    "logistics",
    "warehouse",
    "online",
    "payments",
    "fintech",
    "crypto",
    "regulation",
    "antitrust",
    "lawsuit",
    "settlement",
    "fine",
    "probe",
    "audit",
    "accounts",
    "losses",
    "writedown",
    "restructuring",
    "layoffs",
    "hiring",
    "wages",
    "strike",
    "union",
    "pension",
    "budget",
    "deficit",
    "spending",
    "stimulus",
    "recession",
    "recovery",
    "slowdown",
    "boom",
    "bubble",
    "crash",
    "rally",
    "slump",
    "volatility",
    "outlook",
    "guidance",
    "analysts",
    "brokers",
    "upgrade",
    "downgrade",
    "rating",
    "agency",
    "default",
    "bailout",
    "rescue",
    "bankruptcy",
    "administration",
    "creditors",
    "bondholders",
    "yields",
    "treasury",
    "gilts",
    "auction",
    "issuance",
    "refinancing",
    "liquidity",
    "capital",
    "reserves",
    "buffers",
    "stress",
    "tests",
    "governor",
    "minutes",
    "committee",
    "vote",
    "hike",
    "cut",
    "pause",
    "signal",
    "emerging",
    "markets",
    "china",
    "india",
    "brazil",
    "russia",
    "japan",
    "germany",
    "france",
    "britain",
    "america",
    "europe",
    "africa",
    "asia",
    "gulf",
    "opec",
    "cartel",
    "quota",
    "sanctions",
    "embargo",
    "subsidy",
    "grant",
    "contract",
    "tender",
    "order",
    "backlog",
    "delivery",
    "plane",
    "ships",
    "vessels",
    "containers",
    "cargo",
    "tanker",
    "fleet",
    "route",
    "passengers",
    "tourism",
    "hotels",
    "casinos",
    "luxury",
    "fashion",
    "brands",
    "supermarket",
    "grocer",
    "pharmacy",
    "drugmaker",
    "vaccine",
    "patent",
    "trial",
    "approval",
    "launch",
    "product",
    "customers",
    "subscribers",
    "users",
    "platform",
    "network",
    "cloud",
    "data",
    "privacy",
    "security",
    "breach",
    "hackers",
    "outage",
    "recall",
    "safety",
    "emissions",
    "climate",
    "carbon",
]

TAG_COUNT = 400


def pseudo_words(rng, count):
    """Pronounceable invented words, so the vocabulary has a realistic long tail."""
    onsets = [
        "b",
        "br",
        "c",
        "ch",
        "cl",
        "d",
        "dr",
        "f",
        "fl",
        "g",
        "gr",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pl",
        "pr",
        "r",
        "s",
        "sh",
        "st",
        "t",
        "tr",
        "v",
        "w",
        "z",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    codas = ["n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng", "x"]
    words, seen = [], set(BUSINESS_WORDS)
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        word += rng.choice(codas)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    def __init__(self, seed=20181128, vocabulary=30_000):
        self.rng = random.Random(seed)  # nosec B311: generated test data, not security
        tail = pseudo_words(self.rng, vocabulary - len(BUSINESS_WORDS))
        # The business words take the commonest ranks, interleaved with invented ones.
        self.words = []
        business = iter(BUSINESS_WORDS)
        for i, word in enumerate(tail):
            if i % 3 == 0:
                self.words.append(next(business, word))
            self.words.append(word)
        weights = [1 / (rank**1.07) for rank in range(1, len(self.words) + 1)]
        self.cum_weights = list(_accumulate(weights))
        business_set = set(BUSINESS_WORDS)
        tags = [w for w in self.words[5:] if w in business_set]
        tags += [w for w in self.words[2000:] if w not in business_set]
        self.tags = [w.capitalize() for w in dict.fromkeys(tags)][:TAG_COUNT]
        self.tag_weights = list(_accumulate(1 / (r**0.9) for r in range(1, len(self.tags) + 1)))

    def text(self, n):
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum_weights, k=n))

    def article(self, i):
        rng = self.rng
        title = self.text(rng.randint(5, 9)).capitalize()
        paragraphs = [self.text(rng.randint(45, 90)).capitalize() + "." for _ in range(6)]
        published = datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=rng.randint(0, 21 * 365 * 24 * 60)
        )
        tags = set(rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.randint(1, 4)))
        return {
            "title": title,
            "slug": f"bench-{i}",
            "standfirst": self.text(rng.randint(15, 25)).capitalize() + ".",
            "body": "\n\n".join(paragraphs),
            "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
            "published_at": published,
            "status": "draft" if rng.random() < 0.05 else "published",
        }, tags


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def queries(corpus, count):
    """50 searches of every kind a reader types, from common to rare words."""
    rng = random.Random(7)  # nosec B311: generated test data
    words = corpus.words

    def band(low, high):
        return words[rng.randrange(low, high)]

    from articles.models import Article

    # Phrases taken from stored articles, so each is found at least once.
    phrases = []
    for slug in rng.sample(range(count), 5):
        text = Article.objects.get(slug=f"bench-{slug}").body.replace(".", "").split()
        k = rng.randrange(len(text) - 1)
        phrases.append(f'"{text[k]} {text[k + 1]}"'.lower())
    tag = corpus.tags[3].lower()
    searches = (
        [{"q": band(20, 300)} for _ in range(10)]
        + [{"q": band(300, 3000)} for _ in range(10)]
        + [{"q": band(3000, len(words))} for _ in range(8)]
        + [{"q": f"{band(20, 500)} {band(20, 3000)}"} for _ in range(6)]
        + [{"q": p} for p in phrases]
        + [{"q": f"{band(100, 3000)} or {band(100, 3000)}"} for _ in range(4)]
        + [{"q": f"{band(20, 300)} -{band(20, 300)}"} for _ in range(4)]
        + [{"q": band(20, 1000), "tag": tag} for _ in range(2)]
        + [{"q": band(20, 1000), "year": 2015}]
    )
    assert len(searches) == 50  # nosec B101: the benchmark's own consistency
    return searches

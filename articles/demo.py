"""The demo archive's articles, written for this project; the companies and people are
invented. `manage.py load_demo_content` loads them; companies/demo.py and images/demo.py
hold the companies they mention and the charts they lead with."""

import datetime
from dataclasses import dataclass

UTC = datetime.UTC


@dataclass(frozen=True)
class DemoArticle:
    """One demo article, published, with its tags and approved comments (name, text)."""

    slug: str
    title: str
    standfirst: str
    byline: str
    published_at: datetime.datetime
    body: str
    tags: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()
    source_name: str = "Demo Business Wire"
    # A syndicated copy runs its original's chart: that article's slug.
    lead_image_of: str = ""

    @property
    def chart_slug(self):
        """The slug images/demo.py keys this article's chart by."""
        return self.lead_image_of or self.slug


# Told by two sites (the second a syndicated copy, below).
PEARL_DELTA_DEAL = (
    "Harbourline Logistics has agreed to pay US$185 million for a 24% stake in "
    "Pearl Delta Cold Stores, which runs refrigerated warehouses around Guangzhou "
    "and Shenzhen.\n\n"
    "Pearl Delta reported revenue of 1.3 billion yuan last year, up 18% on the "
    "year before, and plans to spend another RMB 400 million on two sites near "
    "the port of Nansha.\n\n"
    "Copperfield Bank advised Harbourline on the purchase. The deal values Pearl "
    "Delta at more than $770 million, a premium of about 30% to its last funding "
    "round."
)

DEMO_ARTICLES = [
    DemoArticle(
        slug="harbourline-logistics-raises-funding-for-cold-chain",
        title="Harbourline Logistics raises new funding to expand its cold-chain network",
        standfirst=(
            "The refrigerated-freight start-up will open four regional depots and "
            "double its fleet of electric vans within two years."
        ),
        byline="Mara Okafor",
        published_at=datetime.datetime(2026, 3, 12, 8, 30, tzinfo=UTC),
        tags=("Logistics", "Funding", "Electric vehicles"),
        body=(
            "Harbourline Logistics, which moves chilled food and medicines between ports "
            "and inland distribution centres, said on Thursday that it had closed a new "
            "funding round led by a group of infrastructure investors.\n\n"
            "The company plans to spend most of the money on four regional depots, each "
            "with its own solar array and battery storage, so that vans can be charged "
            "overnight without drawing on the grid at peak prices.\n\n"
            "<blockquote>Cold chain is a business of small margins and no second chances. "
            "Every hour a lorry waits at a port is an hour of cooling we pay for.</blockquote>\n\n"
            "Chief executive Lina Haddad said the depots would cut average waiting times at "
            "the company's busiest terminal by a third. Analysts said the plan depends on "
            "planning permission that has not yet been granted."
        ),
        comments=(
            ("Tom Reyes", "A sensible plan, if the depots get built on time."),
            (
                "Priya Natarajan",
                "Good to see the battery storage mentioned. Peak pricing is the hidden cost.",
            ),
        ),
    ),
    DemoArticle(
        slug="copperfield-bank-quarterly-results-beat-forecasts",
        title="Copperfield Bank's quarterly profit beats forecasts as lending recovers",
        standfirst=(
            "Net interest income rose for the third quarter running; the bank raised its dividend."
        ),
        byline="Daniel Weiss",
        published_at=datetime.datetime(2026, 7, 24, 6, 0, tzinfo=UTC),
        tags=("Banking", "Earnings", "Dividends"),
        body=(
            "Copperfield Bank reported a quarterly profit ahead of analysts' expectations, "
            "helped by a recovery in mortgage lending and lower provisions for bad loans.\n\n"
            "The bank raised its interim dividend and said it would review a share buyback "
            "later in the year, once regulators had completed their annual stress tests.\n\n"
            "Its finance director warned that competition for savers' deposits remained "
            "fierce, and that margins would narrow if central banks cut rates faster than "
            "markets expect."
        ),
        comments=(
            ("Alex Moreau", "The deposit competition point is the one to watch next quarter."),
        ),
    ),
    DemoArticle(
        slug="greenfield-agritech-opens-vertical-farm",
        title="Greenfield Agritech opens its largest vertical farm beside a motorway junction",
        standfirst="The indoor farm will supply salad leaves to three supermarket chains.",
        byline="Sofia Lindqvist",
        published_at=datetime.datetime(2025, 11, 3, 9, 15, tzinfo=UTC),
        tags=("Agriculture", "Retail", "Technology"),
        body=(
            "Greenfield Agritech has opened a vertical farm of twelve storeys of growing "
            "racks in a former distribution warehouse, its largest site so far.\n\n"
            "The company says the farm uses a fraction of the water of a field crop and "
            "can harvest every day of the year. Its critics point to the electricity bill: "
            "lighting and climate control are the largest costs of growing indoors.\n\n"
            "Greenfield said it had signed a long-term power purchase agreement with a "
            "nearby wind farm, fixing most of its energy price for ten years."
        ),
    ),
    DemoArticle(
        slug="northwind-airways-orders-regional-jets",
        title="Northwind Airways orders forty regional jets in fleet renewal",
        standfirst=(
            "The order replaces turboprops on short routes and comes with options for twenty more."
        ),
        byline="Kenji Sato",
        published_at=datetime.datetime(2026, 9, 18, 11, 45, tzinfo=UTC),
        tags=("Aviation", "Manufacturing"),
        body=(
            "Northwind Airways has placed a firm order for forty regional jets, the largest "
            "order in the carrier's history, with deliveries from the second half of next "
            "year.\n\n"
            "The airline said the new aircraft burn about a fifth less fuel per seat than "
            "the turboprops they replace, and would let it open routes that are too long "
            "for its current fleet.\n\n"
            "The list price of the order was not disclosed; airlines usually receive "
            "substantial discounts on large orders."
        ),
        comments=(
            ("Hannah Becker", "Fuel per seat is a better measure than the headline figures."),
            ("Luis Ortega", "Which routes? The article doesn't say."),
            ("Mara Okafor", "The airline has not named them yet; it says it will next spring."),
        ),
    ),
    DemoArticle(
        slug="orbitpay-fined-over-payment-outage",
        title="OrbitPay fined over a payment outage that left shops unable to take cards",
        standfirst=(
            "The regulator said the company's back-up systems had not been tested for two years."
        ),
        byline="Amara Diallo",
        published_at=datetime.datetime(2026, 5, 2, 14, 0, tzinfo=UTC),
        tags=("Payments", "Regulation", "Technology"),
        body=(
            "The payments regulator has fined OrbitPay over an outage last winter that "
            "stopped thousands of shops from taking card payments for most of a Saturday.\n\n"
            "In its findings the regulator said the company's fail-over systems had not "
            "been tested under realistic load, and that customers had not been told what "
            "was happening for several hours.\n\n"
            "OrbitPay said it accepted the findings, had since moved to twice-yearly "
            "fail-over drills and had compensated the merchants affected."
        ),
        comments=(
            ("Jonas Pettersson", "Twice-yearly drills should have been the rule from the start."),
        ),
    ),
    DemoArticle(
        slug="brightwater-utilities-bond-issue",
        title="Brightwater Utilities sells green bonds to fund leak repairs",
        standfirst="Demand for the ten-year bonds was more than three times the amount on offer.",
        byline="Daniel Weiss",
        published_at=datetime.datetime(2026, 10, 8, 7, 30, tzinfo=UTC),
        tags=("Utilities", "Bonds", "Sustainability"),
        body=(
            "Brightwater Utilities has sold ten-year green bonds to pay for a programme of "
            "pipe replacement that it says will cut leakage by a quarter by the end of the "
            "decade.\n\n"
            "Bankers running the sale said orders exceeded three times the amount on offer, "
            "allowing the company to price the bonds at a lower yield than first "
            "indicated.\n\n"
            "Consumer groups welcomed the investment but said customers should not pay "
            "twice, through their bills, for repairs the company had put off for years."
        ),
    ),
    # Deals with amounts, percentages and stakes, and companies the demo lists as well
    # (companies/demo.py): they show the company pages and the key figures.
    DemoArticle(
        slug="harbourline-logistics-buys-stake-in-pearl-delta-cold-stores",
        title="Harbourline Logistics buys a 24% stake in Pearl Delta Cold Stores",
        standfirst=(
            "The deal gives the cold-chain operator its first warehouses in southern China."
        ),
        byline="Mara Okafor",
        published_at=datetime.datetime(2026, 9, 3, 7, 15, tzinfo=UTC),
        tags=("Logistics", "Deals", "China"),
        body=PEARL_DELTA_DEAL,
    ),
    # The same story as another site ran it a few hours later, lightly edited: a syndicated
    # copy, so the pair shows "Also published by" (the copies app) on both pages.
    DemoArticle(
        slug="harbour-times-harbourline-logistics-buys-stake-in-pearl-delta",
        title="Harbourline Logistics buys a 24% stake in Pearl Delta Cold Stores",
        standfirst="A wire report on the cold-chain operator's first deal in China.",
        byline="Mara Okafor",
        published_at=datetime.datetime(2026, 9, 3, 11, 40, tzinfo=UTC),
        source_name="Demo Harbour Times",
        # The wire copy runs the original's chart.
        lead_image_of="harbourline-logistics-buys-stake-in-pearl-delta-cold-stores",
        tags=("Logistics", "Deals"),
        # The wire's text with its first sentence attributed: a near-duplicate, not a copy.
        body=PEARL_DELTA_DEAL.replace(
            "Logistics has agreed", "Logistics said on Thursday it has agreed", 1
        ),
    ),
    DemoArticle(
        slug="copperfield-bank-leads-loan-to-brightwater-utilities",
        title="Copperfield Bank leads a £1.2bn loan to Brightwater Utilities",
        standfirst="The loan refinances the utility's debt at a lower rate for seven years.",
        byline="Daniel Weiss",
        published_at=datetime.datetime(2026, 10, 15, 9, 0, tzinfo=UTC),
        tags=("Banking", "Utilities", "Deals"),
        body=(
            "Copperfield Bank is leading a group of five lenders in a £1.2bn loan to "
            "Brightwater Utilities, replacing bonds that carried a coupon of 6.25%.\n\n"
            "The new loan is priced at 1.4 percentage points above the benchmark rate, "
            "Brightwater said, saving it between £15m and £20m a year in interest.\n\n"
            "Copperfield's share of the loan is about 35%. Its shares rose 2.1% on the "
            "news; Brightwater's were unchanged."
        ),
    ),
]

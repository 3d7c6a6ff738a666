"""Precision and recall of the extractor on our corpus of phrasings (corpus.jsonl).

Each line of the corpus is a text and the figures a reader finds in it: kind, value in
units, currency (absent when it cannot be told), and the upper end of a range. A figure
found counts as right when all four agree with one expected; anything else found is a
false positive, anything expected and not found a false negative.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .extraction import extract

CORPUS = Path(__file__).with_name("corpus.jsonl")


def expected_keys(entry):
    return Counter(
        (
            f["kind"],
            Decimal(f["value"]),
            Decimal(f["upper"]) if f.get("upper") else None,
            f.get("currency", ""),
        )
        for f in entry["figures"]
    )


@dataclass
class Score:
    phrasings: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    mistakes: list = field(default_factory=list)

    @property
    def precision(self):
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self):
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def load_corpus(path=CORPUS):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(entries):
    result = Score()
    for entry in entries:
        result.phrasings += 1
        expected = expected_keys(entry)
        found = Counter(figure.key() for figure in extract(entry["text"]))
        right = expected & found
        result.true_positives += sum(right.values())
        result.false_positives += sum((found - right).values())
        result.false_negatives += sum((expected - right).values())
        if found != expected:
            result.mistakes.append((entry["text"], sorted(found - right), sorted(expected - right)))
    return result

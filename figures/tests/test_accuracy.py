"""manage.py figures_accuracy: precision and recall on our corpus of phrasings."""

import json
import re

from django.test import SimpleTestCase

from articles.tests.importing import run_command, temporary_folder, write_file
from figures.accuracy import load_corpus


class AccuracyCommandTests(SimpleTestCase):
    def test_corpus_is_large_and_varied(self):
        """At least 150 phrasings, with texts that hold no figure among them."""
        corpus = load_corpus()
        self.assertGreaterEqual(len(corpus), 150)
        self.assertGreaterEqual(sum(1 for entry in corpus if not entry["figures"]), 25)
        kinds = {f["kind"] for entry in corpus for f in entry["figures"]}
        self.assertEqual(kinds, {"money", "percent", "stake"})
        self.assertGreaterEqual(sum(1 for e in corpus for f in e["figures"] if "upper" in f), 8)

    def test_precision_and_recall_at_least_095(self):
        run = run_command("figures_accuracy")
        self.assertFalse(run.failed, run.output)
        precision = float(re.search(r"precision (\S+)", run.stdout).group(1))
        recall = float(re.search(r"recall +(\S+)", run.stdout).group(1))
        self.assertGreaterEqual(precision, 0.95)
        self.assertGreaterEqual(recall, 0.95)

    def test_fails_below_the_target_and_names_the_mistakes(self):
        """A corpus the extractor reads wrongly makes the command fail."""
        folder = temporary_folder(self)
        wrong = [
            {
                "text": "It paid $5 million.",
                "figures": [{"kind": "money", "value": "6000000", "currency": "USD"}],
            },
            {"text": "Founded in 1998.", "figures": []},
        ]
        path = write_file(folder, "c.jsonl", "\n".join(json.dumps(e) for e in wrong))
        run = run_command("figures_accuracy", "--corpus", str(path), "--mistakes")
        self.assertTrue(run.failed)
        self.assertIn("precision 0.000", run.stdout)
        self.assertIn("It paid $5 million.", run.stdout)
        self.assertIn("must each be at least 0.95", str(run.error))

    def test_bad_corpus_files(self):
        folder = temporary_folder(self)
        broken = write_file(folder, "bad.jsonl", "{not json\n")
        self.assertIn(
            "not valid JSON lines",
            str(run_command("figures_accuracy", "--corpus", str(broken)).error),
        )
        missing = run_command("figures_accuracy", "--corpus", "/nonexistent.jsonl")
        self.assertIn("Cannot read the corpus", str(missing.error))

#!/usr/bin/env python3
"""Checks the scorer's arithmetic and the judgment file: a wrong figure must not pass."""

import math
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score  # noqa: E402


class Metrics(unittest.TestCase):
    def test_perfect_ranking_scores_one(self):
        m = score.score_ranking(["a", "b", "c"], {"a": 2, "b": 1})
        self.assertAlmostEqual(m["ndcg@10"], 1.0)
        self.assertEqual(m["mrr@10"], 1.0)
        self.assertEqual(m["recall@10"], 1.0)

    def test_graded_gain_and_log_discount(self):
        # the only relevant file (grade 2, gain 3) at rank 2: 3/log2(3) against 3/log2(2)
        m = score.score_ranking(["x", "a"], {"a": 2})
        self.assertAlmostEqual(m["ndcg@10"], 1 / math.log2(3))
        self.assertEqual(m["mrr@10"], 0.5)

    def test_grade_two_outranks_grade_one(self):
        better = score.score_ranking(["a", "b"], {"a": 2, "b": 1})["ndcg@10"]
        worse = score.score_ranking(["b", "a"], {"a": 2, "b": 1})["ndcg@10"]
        self.assertGreater(better, worse)

    def test_gains_grow_exponentially_with_the_grade(self):
        # grade 1 gains 1, grade 2 gains 3 (not 2): [b, a] against the ideal [a, b]
        m = score.score_ranking(["b", "a"], {"a": 2, "b": 1})
        self.assertAlmostEqual(m["ndcg@10"], (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))

    def test_ideal_uses_every_judged_file_not_only_those_found(self):
        m = score.score_ranking(["a"], {"a": 1, "b": 1})
        self.assertAlmostEqual(m["ndcg@10"], 1 / (1 + 1 / math.log2(3)))
        self.assertEqual(m["recall@10"], 0.5)

    def test_a_file_counts_once_however_many_of_its_records_hit(self):
        m = score.score_ranking(["feed.xml", "feed.xml", "a"], {"a": 1})
        self.assertEqual(m["mrr@10"], 0.5)

    def test_nothing_past_the_tenth_distinct_file_counts(self):
        ranked = [f"f{i}" for i in range(10)] + ["a"]
        self.assertEqual(score.score_ranking(ranked, {"a": 2}),
                         {"ndcg@10": 0.0, "mrr@10": 0.0, "recall@10": 0.0})

    def test_no_results_score_zero(self):
        self.assertEqual(score.score_ranking([], {"a": 1})["ndcg@10"], 0.0)

    def test_check_allows_two_hundredths_and_no_more(self):
        self.assertFalse(score.falls_below(0.50, 0.52))
        self.assertTrue(score.falls_below(0.499, 0.52))
        self.assertFalse(score.falls_below(0.60, 0.52))


class JudgmentFile(unittest.TestCase):
    def load(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write(text)
        try:
            return score.load_queries(f.name)
        finally:
            os.unlink(f.name)

    def test_reads_ids_kinds_queries_and_grades(self):
        q = self.load("# comment\nq1\tphrase\t\"a b\"\tman/x.html:2 gosa/y.html:1\n")
        self.assertEqual(q[0]["query"], '"a b"')
        self.assertEqual(q[0]["grades"], {"man/x.html": 2, "gosa/y.html": 1})

    def test_rejects_unknown_kind_bad_grade_and_duplicate_ids(self):
        for text in ("q1\tsingel\tx\ta:1\n", "q1\tsingle\tx\ta:3\n",
                     "q1\tsingle\tx\ta:1\nq1\tsingle\ty\tb:1\n", "q1\tsingle\tx\t\n"):
            with self.assertRaises(SystemExit, msg=text):
                self.load(text)

    def test_the_repository_set_has_every_kind(self):
        queries = score.load_queries(os.path.join(HERE, "queries.tsv"))
        self.assertGreaterEqual(len(queries), 60)
        for kind in score.KINDS:
            self.assertGreaterEqual(sum(q["kind"] == kind for q in queries), 5, kind)
        roots = {key.split("/")[0] for q in queries for key in q["grades"]}
        self.assertEqual(roots, {"man", "gosa", "corpus"})


if __name__ == "__main__":
    unittest.main()

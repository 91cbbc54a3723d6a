#!/usr/bin/env python3
"""Times whole `kb search` processes against `quest` on the same Xapian database.

    search_timer.py --kb KB --index DIR --sample FILE.jsonl [--queries 200] [--seed 7]
                    [--write-queries FILE] [--ceiling]

Draws a deterministic mix of queries from the records in FILE.jsonl (one, two and three words,
phrases, wildcards, fields, year and date ranges, OR), then runs every query as separate
processes, interleaved so that all configurations share the machine's load alike:

    kb search Q --limit 10            kb search Q --limit 100
    kb search Q --limit 10 --facets   quest -m 10 (on the index's live database)

and prints p50/p95/p99 of the wall-clock times and the ratios the issue sets targets for. Only
the standard library is used; no figure ever makes it fail.

--ceiling adds three runs of `--facets`: with KB_TEST_FACETS=values the counts come from each
match's packed value, as before the facet table (index/facet_table.h) existed, for a before and
after in one run; with =visit the counter is shown every match and returns at once (the
matcher's share: what counting facets cannot go below), and with =read it also reads each
match's packed value (these two count wrong; only their times are of use).
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time

WORD = re.compile(r"[a-zà-ÿ]{4,}")


def load_sample(path, limit):
    """Up to `limit` records: their words (by document), title words, tags, types and years."""
    docs, titles, tags, types, years = [], [], set(), set(), set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if len(docs) >= limit:
                break
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            body = (rec.get("body") or rec.get("summary") or "").lower()
            words = WORD.findall(body)
            if len(words) < 8:
                continue
            docs.append(words)
            titles.extend(WORD.findall((rec.get("title") or "").lower()))
            tags.update(t.lower() for t in rec.get("tags") or [] if re.fullmatch(r"[a-z0-9]+", t.lower()))
            if rec.get("type"):
                types.add(rec["type"].lower())
            date = rec.get("date") or ""
            if re.match(r"\d{4}", date):
                years.add(int(date[:4]))
    return docs, sorted(set(titles)), sorted(tags), sorted(types), sorted(years)


def make_queries(sample, count, seed):
    """(kind, kb query, quest query) triples; quest has no ranges, so years stand in for them."""
    docs, titles, tags, types, years = sample
    rng = random.Random(seed)
    kinds = ["one"] * 5 + ["two"] * 3 + ["three"] * 2 + ["phrase"] * 2 + ["wildcard"] * 2 + \
            ["field"] * 2 + ["range"] * 2 + ["or"] * 2
    queries = []
    while len(queries) < count:
        kind = rng.choice(kinds)
        words = rng.choice(docs)
        i = rng.randrange(len(words) - 3)
        if kind == "one":
            q = words[i]
            queries.append((kind, q, q))
        elif kind == "two":
            q = f"{words[i]} {rng.choice(words)}"
            queries.append((kind, q, q))
        elif kind == "three":
            q = f"{words[i]} {rng.choice(words)} {rng.choice(words)}"
            queries.append((kind, q, q))
        elif kind == "phrase":
            q = f'"{words[i]} {words[i + 1]}"'
            queries.append((kind, q, q))
        elif kind == "wildcard":
            stem = words[i][: max(5, len(words[i]) - 3)]
            # kb's wildcards expand over its stems (prefix Z); quest is told the same.
            queries.append((kind, stem + "*", f"z:{stem}*"))
        elif kind == "field":
            choice = rng.randrange(3)
            if choice == 0 and titles:
                q = f"title:{rng.choice(titles)}"
            elif choice == 1 and tags:
                q = f"tag:{rng.choice(tags)} {words[i]}"
            elif types:
                q = f"type:{rng.choice(types)} {words[i]}"
            else:
                q = words[i]
            queries.append((kind, q, q))
        elif kind == "range" and years:
            first = rng.choice(years)
            last = min(first + rng.randrange(4), max(years))
            if rng.randrange(2):
                kb_q = f"{words[i]} date:{first}-01-01..{last}-12-31"
            else:
                kb_q = f"{words[i]} year:{first}"
                last = first
            span = " OR ".join(f"year:{y}" for y in range(first, last + 1))
            queries.append((kind, kb_q, f"{words[i]} AND ({span})"))
        elif kind == "or":
            q = f"{words[i]} OR {rng.choice(words)}"
            queries.append((kind, q, q))
    return queries


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def live_database(index):
    with open(os.path.join(index, "current"), encoding="utf-8") as f:
        kind, name = f.read().split()
    return os.path.join(index, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--sample", required=True, help="JSON Lines records to draw query words from")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--label", default="")
    ap.add_argument("--write-queries", help="also write the queries (kind, kb, quest; tab-separated) here")
    ap.add_argument("--ceiling", action="store_true", help="also time --facets that only visits or reads the matches")
    args = ap.parse_args()

    queries = make_queries(load_sample(args.sample, 3000), args.queries, args.seed)
    if args.write_queries:
        with open(args.write_queries, "w", encoding="utf-8") as f:
            for q in queries:
                f.write("\t".join(q) + "\n")
    db = live_database(args.index)
    quest = ["quest", "-d", db, "-s", "dutch", "-m", "10", "-o", "and",
             "-f", "boolean,phrase,lovehate,wildcard,pure_not",
             "-p", "title:S", "-p", "author:A", "-p", "z:Z",
             "-b", "tag:K", "-b", "type:XTYPE", "-b", "lang:L", "-b", "year:Y", "-b", "format:XFMT"]
    kb = [args.kb, "--index", args.index, "--color", "never", "search"]
    configs = {
        "quest -m 10": lambda q: quest + [q[2]],
        "kb --limit 10": lambda q: kb + ["--limit", "10", "--", q[1]],
        "kb --limit 100": lambda q: kb + ["--limit", "100", "--", q[1]],
        "kb --limit 10 --facets": lambda q: kb + ["--limit", "10", "--facets", "--", q[1]],
    }
    # Extra environment per configuration (the ceiling's switch).
    envs = {}
    if args.ceiling:
        for mode in ("values", "visit", "read"):
            name = "--facets, no table" if mode == "values" else f"--facets, {mode} only"
            configs[name] = configs["kb --limit 10 --facets"]
            envs[name] = {"KB_TEST_FACETS": mode}
    times = {name: [] for name in configs}
    failures = {name: 0 for name in configs}
    names = list(configs)
    env = dict(os.environ, NO_COLOR="1")

    def run(cmd, extra=None):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=dict(env, **extra) if extra else env)
        return time.perf_counter() - start, done.returncode, done.stderr

    # A warm-up round, not counted: the database's blocks and the programs into the page cache.
    for q in queries[:10]:
        for name in names:
            run(configs[name](q), envs.get(name))
    for n, q in enumerate(queries):
        order = names[n % len(names):] + names[: n % len(names)]  # rotate who goes first
        for name in order:
            seconds, code, err = run(configs[name](q), envs.get(name))
            times[name].append(seconds)
            if code not in (0, 1):  # 1: kb found nothing, which is a result
                failures[name] += 1
                if failures[name] <= 3:
                    sys.stderr.write(f"  {name} exit {code} for {q[1]!r}: {err.decode(errors='replace').strip()}\n")

    print(f"\n{args.label}{len(queries)} queries, each run as one process per configuration "
          f"(seconds of wall clock)")
    print(f"{'configuration':<26} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8} {'failed':>7}")
    stats = {}
    for name in names:
        t = times[name]
        stats[name] = {p: percentile(t, p) for p in (50, 95, 99)}
        print(f"{name:<26} {stats[name][50]:8.4f} {stats[name][95]:8.4f} {stats[name][99]:8.4f} "
              f"{statistics.mean(t):8.4f} {failures[name]:7d}")
    q, k10, k100, kf = (stats[n] for n in names[:4])
    print("\nratios (targets in brackets)")
    print(f"  kb --limit 10 / quest        p50 {k10[50] / q[50]:.2f}x [<= 1.5]   p99 {k10[99] / q[99]:.2f}x [<= 3]")
    print(f"  kb --limit 100 / --limit 10  p50 {k100[50] / k10[50]:.2f}x [<= 2]     p99 {k100[99] / k10[99]:.2f}x")
    print(f"  kb --facets / without        p50 {kf[50] / k10[50]:.2f}x [<= 2]     p99 {kf[99] / k10[99]:.2f}x")
    for name in names[4:]:
        c = stats[name]
        what = "(before the facet table)" if "table" in name else "(ceiling)"
        print(f"  {name + ' / without':<28} p50 {c[50] / k10[50]:.2f}x            p99 {c[99] / k10[99]:.2f}x  {what}")
    kinds = sorted({k for k, _, _ in queries})
    print("\nby kind of query, p50 (kb --limit 10 / quest)")
    for kind in kinds:
        idx = [i for i, (k, _, _) in enumerate(queries) if k == kind]
        kt = statistics.median(times[names[1]][i] for i in idx)
        qt = statistics.median(times[names[0]][i] for i in idx)
        print(f"  {kind:<9} {len(idx):4d} queries  kb {kt:.4f}  quest {qt:.4f}  {kt / qt:.2f}x")


if __name__ == "__main__":
    main()

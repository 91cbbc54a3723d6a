#!/usr/bin/env python3
"""Scores kb against judged queries, beside omindex/quest and PostgreSQL on the same files.

Every system indexes the folder built by setup.sh in a scratch directory, answers each query of
queries.tsv, and is scored by the file paths (relative to the collection) it returns in its first
ten distinct files: nDCG@10 (gains 2^grade - 1), MRR@10 (first file of grade >= 1) and recall@10
(share of the files of grade >= 1 found), overall and per kind of query.

Python 3 standard library only.
"""

import argparse
import csv
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

CUTOFF = 10
# kb returns one hit per record; a feed or JSON array is one file with many records. Asking for
# more than ten hits lets kb fill ten distinct files, as the file-level peers do.
KB_HIT_LIMIT = 50
KINDS = ["single", "inflection", "compound-apart", "compound-part", "diacritics", "typo",
         "phrase", "two-words", "three-words", "english"]
PG_BIN = "/usr/lib/postgresql/15/bin"
PG_TSEARCH = "/usr/share/postgresql/15/tsearch_data"
PG_DICT = "kb_nl"  # written by setup.sh: hunspell-nl without the entries PostgreSQL rejects


def note(message):
    print(f"relevance: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- judgments

def load_queries(path):
    """Reads queries.tsv: id, kind, query, then key:grade judgments separated by spaces."""
    queries = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                sys.exit(f"{path}:{number}: expected 4 tab-separated fields (id, kind, query, "
                         f"judgments), found {len(fields)}; fix the line")
            qid, kind, text, judged = fields
            if kind not in KINDS:
                sys.exit(f"{path}:{number}: unknown kind '{kind}'; use one of {', '.join(KINDS)}")
            grades = {}
            for item in judged.split():
                key, _, grade = item.rpartition(":")
                if not key or grade not in ("1", "2"):
                    sys.exit(f"{path}:{number}: judgment '{item}' is not PATH:1 or PATH:2")
                grades[key] = int(grade)
            if not grades:
                sys.exit(f"{path}:{number}: query {qid} has no relevant file")
            queries.append({"id": qid, "kind": kind, "query": text, "grades": grades})
    ids = [q["id"] for q in queries]
    if len(set(ids)) != len(ids):
        sys.exit(f"{path}: query ids are not unique")
    return queries


def check_judged_files_exist(queries, collection):
    missing = sorted({key for q in queries for key in q["grades"]
                      if not os.path.isfile(os.path.join(collection, key))})
    if missing:
        sys.exit(f"relevance: judged files missing from {collection}: {', '.join(missing[:5])}"
                 f"{' ...' if len(missing) > 5 else ''}; run tests/relevance/setup.sh again")


# ---------------------------------------------------------------- metrics

def first_distinct(keys, n=CUTOFF):
    seen, out = set(), []
    for key in keys:
        if key not in seen:
            seen.add(key)
            out.append(key)
        if len(out) == n:
            break
    return out


def score_ranking(ranked, grades):
    ranked = first_distinct(ranked)
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked))
    ideal = sorted(grades.values(), reverse=True)[:CUTOFF]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    rr = next((1.0 / (i + 1) for i, key in enumerate(ranked) if grades.get(key, 0) > 0), 0.0)
    found = sum(1 for key in ranked if grades.get(key, 0) > 0)
    return {"ndcg@10": dcg / idcg, "mrr@10": rr, "recall@10": found / len(grades)}


def falls_below(current, baseline, tolerance=0.02):
    """True when a figure dropped by more than the tolerance CI allows."""
    return current < baseline - tolerance - 1e-9


def mean(values):
    return sum(values) / len(values) if values else 0.0


def summarize(queries, per_query):
    """per_query: {qid: metrics}. Returns {"overall": {...}, kind: {...}} with the count n."""
    groups = {"overall": queries}
    for kind in KINDS:
        groups[kind] = [q for q in queries if q["kind"] == kind]
    summary = {}
    for name, group in groups.items():
        if not group:
            continue
        summary[name] = {m: round(mean([per_query[q["id"]][m] for q in group]), 4)
                         for m in ("ndcg@10", "mrr@10", "recall@10")}
        summary[name]["n"] = len(group)
    return summary


# ---------------------------------------------------------------- kb

def run_kb(binary, collection, work, queries):
    index = os.path.join(work, "kb-index")
    # --index names the scratch index; drop what could point kb elsewhere or kill it on purpose
    env = {k: v for k, v in os.environ.items() if k not in ("KB_INDEX", "KB_TEST_KILL_AT")}
    started = time.monotonic()
    # One job: parallel shards number documents in the order threads finish, and Xapian breaks
    # ties in score by document number, so several jobs could reorder equal hits between runs.
    add = subprocess.run([binary, "--index", index, "--quiet", "add", "--jobs", "1", collection],
                         capture_output=True, text=True, errors="replace", env=env)
    if add.returncode not in (0, 3):
        sys.exit(f"relevance: '{binary} add {collection}' failed with exit {add.returncode}:\n"
                 f"{add.stderr.strip()}")
    if add.returncode == 3:
        note(f"{binary} add: some files failed (exit 3); scoring the rest")
    index_seconds = time.monotonic() - started
    root = os.path.realpath(collection)
    rankings = {}
    started = time.monotonic()
    # --no-collapse: the judgments grade files, and the collection holds man pages that are one
    # text under several names (grep, egrep, fgrep); each is judged, and omindex and PostgreSQL
    # list each. Collapsed, kb shows one of them "+2 vergelijkbaar", which a reader loses nothing
    # by, but the file-by-file nDCG counts the others as missing (0.706 against 0.736).
    # (An older kb, run with --extra-kb, has no such option and does not collapse.)
    helptext = subprocess.run([binary, "search", "--help"], capture_output=True, text=True, errors="replace").stdout
    no_collapse = ["--no-collapse"] if "--no-collapse" in helptext else []
    for q in queries:
        result = subprocess.run([binary, "--index", index, "search", q["query"], "--format", "json",
                                 "--limit", str(KB_HIT_LIMIT)] + no_collapse,
                                capture_output=True, text=True, errors="replace", env=env)
        if result.returncode == 1:  # nothing found
            rankings[q["id"]] = []
            continue
        if result.returncode == 4:  # the query cannot be parsed: a miss, not a broken run
            note(f"{binary} search {q['query']!r}: exit 4: {result.stderr.strip()}; "
                 f"counted as no results")
            rankings[q["id"]] = []
            continue
        if result.returncode != 0:
            sys.exit(f"relevance: '{binary} search {q['query']}' failed with exit "
                     f"{result.returncode}:\n{result.stderr.strip()}")
        hits = json.loads(result.stdout).get("results", [])
        rankings[q["id"]] = [os.path.relpath(os.path.realpath(h.get("source", "")), root)
                             for h in hits]
    return rankings, index_seconds, time.monotonic() - started


# ---------------------------------------------------------------- omindex + quest

def run_omega(collection, work, queries):
    omindex, quest = shutil.which("omindex"), shutil.which("quest")
    if not omindex or not quest:
        note("omindex/quest not found (Debian package xapian-omega); skipping omindex")
        return None
    db = os.path.join(work, "omega-db")
    started = time.monotonic()
    # XML through omindex's HTML parser (it has no XML handler of its own); JSON as plain text.
    index = subprocess.run([omindex, "--db", db, "--url", "/", "--stemmer=dutch",
                            "-M", "xml:text/html", "-M", "json:text/plain",
                            "-M", "jsonl:text/plain", "-M", "ndjson:text/plain", collection],
                           capture_output=True, text=True, errors="replace")
    if index.returncode != 0:
        sys.exit(f"relevance: omindex failed with exit {index.returncode}:\n{index.stderr.strip()}")
    index_seconds = time.monotonic() - started
    rankings = {}
    started = time.monotonic()
    for q in queries:
        # AND between words, as kb does by default; the rest of quest's parser flags as shipped.
        result = subprocess.run([quest, "-d", db, "-s", "dutch", "-o", "and", "-m", str(CUTOFF),
                                 q["query"]], capture_output=True, text=True, errors="replace")
        if result.returncode != 0:
            note(f"quest {q['query']!r}: exit {result.returncode}: {result.stderr.strip()}; "
                 f"counted as no results")
        rankings[q["id"]] = [line[len("url=/"):] for line in result.stdout.splitlines()
                             if line.startswith("url=/")]
    return rankings, index_seconds, time.monotonic() - started


# ---------------------------------------------------------------- PostgreSQL

class TextExtractor(html.parser.HTMLParser):
    """Title and visible text of an HTML page or an XML file (tags dropped, scripts skipped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.parts, self._skip, self._in_title = "", [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def decode(raw):
    declared = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:2048])
    for encoding in ([declared.group(1).decode()] if declared else []) + ["utf-8"]:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("cp1252", errors="replace")


def json_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            json_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            json_strings(item, out)


def extract_text(path):
    raw = open(path, "rb").read()
    text = decode(raw)
    if path.endswith((".json", ".jsonl", ".ndjson")):
        records = []
        try:
            records = [json.loads(text)]
        except ValueError:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        strings = []
        json_strings(records, strings)
        first = records[0] if records else {}
        if isinstance(first, list) and first:
            first = first[0]
        title = first.get("title", "") if isinstance(first, dict) else ""
        return str(title), " ".join(strings)
    parser = TextExtractor()
    parser.feed(text)
    return parser.title.strip(), " ".join(" ".join(parser.parts).split())


def run_postgres(collection, work, queries, configurations):
    """configurations: column label -> dictionary chain. Returns ({label: rankings}, seconds)."""
    binaries = {name: os.path.join(PG_BIN, name) for name in ("initdb", "pg_ctl", "psql")}
    if not all(os.access(b, os.X_OK) for b in binaries.values()):
        note(f"PostgreSQL 15 not found in {PG_BIN} (Debian package postgresql-15); skipping it")
        return None
    if not os.path.isfile(os.path.join(PG_TSEARCH, PG_DICT + ".dict")):
        note(f"{PG_TSEARCH}/{PG_DICT}.dict missing; run tests/relevance/setup.sh; "
             f"skipping PostgreSQL")
        return None
    # initdb refuses to run as root: run the throwaway cluster as nobody.
    as_user = []
    if os.geteuid() == 0:
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    pg_dir = os.path.join(work, "pg")
    os.makedirs(pg_dir)
    os.chmod(work, 0o755)
    os.chmod(pg_dir, 0o777)
    data, sockets = os.path.join(pg_dir, "data"), pg_dir

    def pg(*args, **kwargs):
        return subprocess.run(as_user + list(args), capture_output=True, text=True,
                              errors="replace", **kwargs)

    started = time.monotonic()
    init = pg(binaries["initdb"], "-D", data, "-U", "kb", "-A", "trust", "-E", "UTF8",
              "--no-locale", "--no-sync")
    if init.returncode != 0:
        note(f"initdb failed ({init.stderr.strip().splitlines()[-1:]}); skipping PostgreSQL")
        return None
    start = pg(binaries["pg_ctl"], "-D", data, "-l", os.path.join(pg_dir, "log"), "-w", "-o",
               f"-c listen_addresses='' -k {sockets} -c fsync=off -p 54329", "start")
    if start.returncode != 0:
        note(f"PostgreSQL did not start (see {pg_dir}/log); skipping PostgreSQL")
        return None
    try:
        rows = os.path.join(pg_dir, "docs.csv")
        with open(rows, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            for folder, _, files in os.walk(collection):
                for name in sorted(files):
                    path = os.path.join(folder, name)
                    title, body = extract_text(path)
                    writer.writerow([os.path.relpath(path, collection), title, body])
        query_rows = os.path.join(pg_dir, "queries.csv")
        with open(query_rows, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([q["id"], q["query"]] for q in queries)
        for path in (rows, query_rows):
            os.chmod(path, 0o644)
        # One text search configuration per column: each dictionary chain ends in Snowball's dutch
        # for the words the ones before it do not know.
        setup = [f"""
\\set ON_ERROR_STOP 1
CREATE EXTENSION unaccent;
CREATE TEXT SEARCH DICTIONARY nl_hunspell (TEMPLATE = ispell, DictFile = {PG_DICT},
    AffFile = {PG_DICT}, StopWords = dutch);
CREATE TEXT SEARCH DICTIONARY nl_snowball (TEMPLATE = snowball, Language = dutch,
    StopWords = dutch);
CREATE TABLE docs (key text PRIMARY KEY, title text, body text);
\\copy docs (key, title, body) FROM '{rows}' WITH (FORMAT csv)
CREATE TABLE queries (id text, text text);
\\copy queries FROM '{query_rows}' WITH (FORMAT csv)
\\pset format unaligned
\\pset tuples_only on
\\pset fieldsep '\\t'
"""]
        for number, (label, chain) in enumerate(configurations.items()):
            config, column = f"cfg{number}", f"tsv{number}"
            setup.append(f"""
CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.dutch);
ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR
    asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH {chain};
ALTER TABLE docs ADD COLUMN {column} tsvector;
UPDATE docs SET {column} = setweight(to_tsvector('{config}', title), 'A')
                         || setweight(to_tsvector('{config}', body), 'D');
SELECT 'HIT', '{label}', q.id, d.key FROM queries q CROSS JOIN LATERAL (
    SELECT key, ts_rank_cd({column}, websearch_to_tsquery('{config}', q.text)) AS rank
    FROM docs WHERE {column} @@ websearch_to_tsquery('{config}', q.text)
    ORDER BY rank DESC, key LIMIT {CUTOFF}) d
ORDER BY q.id, d.rank DESC, d.key;
""")
        run = pg(binaries["psql"], "-X", "-q", "-h", sockets, "-p", "54329", "-U", "kb",
                 "-d", "postgres", input="".join(setup))
        if run.returncode != 0:
            note(f"PostgreSQL run failed: {run.stderr.strip()}; skipping PostgreSQL")
            return None
        rankings = {label: {q["id"]: [] for q in queries} for label in configurations}
        for line in run.stdout.splitlines():
            fields = line.split("\t")
            if len(fields) == 4 and fields[0] == "HIT":
                rankings[fields[1]][fields[2]].append(fields[3])
        return rankings, time.monotonic() - started
    finally:
        pg(binaries["pg_ctl"], "-D", data, "-m", "immediate", "stop")


# ---------------------------------------------------------------- report

def print_table(systems, summaries):
    """One block per metric: a row per kind of query, a column per system."""
    width = max(9, max(len(s) for s in systems) + 2)
    for key, title in (("ndcg@10", "nDCG@10"), ("mrr@10", "MRR@10"), ("recall@10", "recall@10")):
        print(f"{title:<15}{'n':>3}" + "".join(f"{s:>{width}}" for s in systems))
        for row in ["overall"] + KINDS:
            if row in summaries[systems[0]]:
                print(f"{row:<15}{summaries[systems[0]][row]['n']:>3}"
                      + "".join(f"{summaries[s][row][key]:>{width}.3f}" for s in systems))
        print()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", default=os.path.join(repo, "build", "kb"),
                        help="the kb binary to score (default: build/kb)")
    parser.add_argument("--extra-kb", action="append", default=[], metavar="LABEL=BINARY",
                        help="another kb build (or a wrapper script) scored in its own column, "
                             "e.g. for an ablation; repeatable")
    parser.add_argument("--collection",
                        default=os.path.join(repo, "build", "relevance", "collection"),
                        help="folder built by setup.sh")
    parser.add_argument("--queries", default=os.path.join(here, "queries.tsv"))
    parser.add_argument("--systems", default="kb,omindex,postgres",
                        help="comma-separated subset of kb,omindex,postgres")
    parser.add_argument("--json", metavar="FILE", help="write every figure (and each query's "
                        "ranking) as JSON to FILE")
    parser.add_argument("--check", metavar="BASELINE", help="exit 1 if kb's overall nDCG@10 is "
                        "more than 0.02 below the one in BASELINE (a JSON file like baseline.json)")
    parser.add_argument("--ablation", action="store_true",
                        help="also score PostgreSQL without compound splitting (pg-no-split: "
                        "no hunspell-nl) and without accent folding (pg-no-fold: no unaccent)")
    parser.add_argument("--per-query", action="store_true",
                        help="also print each query's nDCG@10 per system")
    args = parser.parse_args()

    if not os.path.isdir(args.collection):
        sys.exit(f"relevance: collection {args.collection} not found; run tests/relevance/setup.sh")
    queries = load_queries(args.queries)
    check_judged_files_exist(queries, args.collection)
    wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
    kb_builds = [("kb", args.kb)] if "kb" in wanted else []
    for item in args.extra_kb:
        label, _, binary = item.partition("=")
        if not label or not binary:
            sys.exit(f"relevance: --extra-kb '{item}' is not LABEL=BINARY")
        kb_builds.append((label, binary))
    for label, binary in kb_builds:
        if not os.access(binary, os.X_OK):
            sys.exit(f"relevance: kb binary {binary} not found or not executable; build it "
                     f"(scripts/build.sh) or pass --kb PATH")

    results, timings = {}, {}
    with tempfile.TemporaryDirectory(prefix="kb-relevance-") as work:
        os.chmod(work, 0o755)  # the PostgreSQL cluster runs as nobody when we are root
        for label, binary in kb_builds:
            note(f"{label}: indexing and searching")
            scratch = os.path.join(work, label)
            os.makedirs(scratch)
            rankings, index_s, search_s = run_kb(binary, args.collection, scratch, queries)
            results[label], timings[label] = rankings, (index_s, search_s)
        if "omindex" in wanted:
            note("omindex: indexing and searching")
            os.makedirs(os.path.join(work, "omindex"))
            found = run_omega(args.collection, os.path.join(work, "omindex"), queries)
            if found:
                results["omindex"], timings["omindex"] = found[0], found[1:]
        if "postgres" in wanted:
            note("postgres: throwaway cluster, hunspell-nl dictionary, indexing and searching")
            os.makedirs(os.path.join(work, "postgres"))
            configurations = {"postgres": "unaccent, nl_hunspell, nl_snowball"}
            if args.ablation:
                configurations["pg-no-split"] = "unaccent, nl_snowball"
                configurations["pg-no-fold"] = "nl_hunspell, nl_snowball"
            found = run_postgres(args.collection, os.path.join(work, "postgres"), queries,
                                 configurations)
            if found:
                for label, rankings in found[0].items():
                    results[label], timings[label] = rankings, (found[1], 0.0)

    systems = list(results)
    per_query = {s: {q["id"]: score_ranking(results[s][q["id"]], q["grades"]) for q in queries}
                 for s in systems}
    summaries = {s: summarize(queries, per_query[s]) for s in systems}
    files = sum(len(f) for _, _, f in os.walk(args.collection))
    print(f"{len(queries)} queries over {files} files; cut-off {CUTOFF}")
    print_table(systems, summaries)
    for s in systems:
        if s.startswith("pg-"):
            continue  # the PostgreSQL configurations share one cluster and one timing
        print(f"{s}: index {timings[s][0]:.1f} s, queries {timings[s][1]:.1f} s")
    if args.per_query:
        print()
        print(f"{'id':<5}{'kind':<15}" + "".join(f"{s:>10}" for s in systems) + "  query")
        for q in queries:
            print(f"{q['id']:<5}{q['kind']:<15}"
                  + "".join(f"{per_query[s][q['id']]['ndcg@10']:>10.3f}" for s in systems)
                  + f"  {q['query']}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"queries": len(queries), "files": files, "cutoff": CUTOFF,
                       "summary": summaries,
                       "per_query": {s: {q["id"]: dict(per_query[s][q["id"]],
                                                        top=first_distinct(results[s][q["id"]]))
                                         for q in queries} for s in systems}},
                      f, indent=1, ensure_ascii=False)
            f.write("\n")
    if args.check:
        if "kb" not in summaries:
            sys.exit("relevance: --check needs the kb column (keep kb in --systems)")
        try:
            baseline = json.load(open(args.check, encoding="utf-8"))["kb"]["ndcg@10"]
        except (OSError, ValueError, KeyError) as error:
            sys.exit(f"relevance: cannot read kb's nDCG@10 from {args.check} ({error}); it should "
                     f'hold {{"kb": {{"ndcg@10": 0.5}}}}')
        current = summaries["kb"]["overall"]["ndcg@10"]
        if falls_below(current, baseline):
            print(f"relevance: kb's nDCG@10 fell to {current:.3f}, more than 0.02 below the "
                  f"baseline {baseline:.3f} in {args.check}", file=sys.stderr)
            return 1
        note(f"kb's nDCG@10 {current:.3f} against the baseline {baseline:.3f}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

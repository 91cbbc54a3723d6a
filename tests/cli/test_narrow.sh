#!/usr/bin/env bash
# Narrowing a search down: repeated filters, date and year ranges (and the forms kb refuses),
# filter options against the same filters in the query syntax, Dutch operators, minus words,
# facets counted over every match, and a page past the last hit.
source "$(dirname "$0")/lib.sh"

run add "$FIXTURES/cli/narrow.jsonl"
expect_rc 0 "add the narrowing fixtures"

# --- One field table: repeated filters ----------------------------------------------------
# A document holds several tags: two tag filters ask for both, OR asks for either.
expect_eq "$(ids 'tag:nap1325 tag:cedaw')" "n-2 n-4" "two tags: documents with both"
expect_eq "$(ids 'tag:nap1325 trefwoord:cedaw')" "n-2 n-4" "English and Dutch tag names: both"
expect_eq "$(ids 'tag:nap1325 OR tag:cedaw')" "n-1 n-10 n-2 n-3 n-4 n-6 n-7 n-8" "two tags with OR: either"
expect_eq "$(ids 'tag:cedaw tag:wps')" "n-7" "another pair of tags"
# A document holds one type: two type filters ask for either (AND could never match).
expect_eq "$(ids 'type:blog soort:policy')" "n-2 n-6 n-9" "two types: either"
expect_eq "$(ids 'type:blog lang:en')" "n-9" "different fields: both"

# --- Ranges ---------------------------------------------------------------------------------
expect_eq "$(ids 'year:2019')" "n-3 n-4 n-5 n-6 n-7 n-8" "year:2019"
expect_eq "$(ids 'year:2015..2019')" "n-2 n-3 n-4 n-5 n-6 n-7 n-8" "year:2015..2019 (whole years at both ends)"
expect_eq "$(ids 'jaar:2015..')" "n-2 n-3 n-4 n-5 n-6 n-7 n-8 n-9" "jaar:2015.. (open end)"
expect_eq "$(ids 'year:..2019')" "n-1 n-2 n-3 n-4 n-5 n-6 n-7 n-8" "year:..2019 (open start)"
expect_eq "$(ids 'date:2019')" "n-3 n-4 n-5 n-6 n-7 n-8" "date:2019 is the whole year"
expect_eq "$(ids 'date:2019-03')" "n-4 n-5" "date:2019-03 is the whole month"
expect_eq "$(ids 'date:2019-03-01')" "n-4 n-5" "a day (a month-only date counts as its first day)"
expect_eq "$(ids 'date:2015..2019')" "n-2 n-3 n-4 n-5 n-6 n-7 n-8" "date:2015..2019"
expect_eq "$(ids 'datum:2019-03-01..2019-06-30')" "n-4 n-5 n-6" "datum: with days, both ends included"
expect_eq "$(ids 'date:2019-06..2019-07')" "n-6 n-7" "month to month"
expect_eq "$(ids 'date:..2014-12-31')" "n-1" "open start with a day"
expect_eq "$(ids 'year:2019 NOT date:2019-03')" "n-3 n-6 n-7 n-8" "NOT a period"
expect_eq "$(ids 'vrouwen -year:2019')" "n-1 n-10 n-2" "minus a year"
expect_eq "$(ids '(year:2014 OR year:2020) AND lang:en')" "n-9" "years in brackets with OR"
expect_eq "$(ids 'year:2014 jaar:2020')" "n-1 n-9" "a document has one date: two conditions mean either"
expect_eq "$(ids 'year:2015..2019 AND date:2019-06..')" "n-6 n-7 n-8" "AND makes both hold"
expect_eq "$(ids 'vrouwen +year:2019')" "n-4 n-5 n-6 n-8" "plus a year"
expect_eq "$(ids 'Year:2019 TAG:NAP1325')" "n-4 n-6 n-8" "field names in any case"
# Forms kb does not support are query errors that say what works, never another query.
for q in 'year:>2019' 'year:<2019' 'year:>=2015' 'year:2019..abc' 'date:2019-13' 'date:2019-02-30' \
         'year:2019-03' 'jaar:19' 'date:..' 'year:2019..2015' 'datum:maart' 'vrouwen year:'; do
  run search "$q"
  expect_rc 4 "refused: $q"
  expect_contains "$ERR" "kb: error: '" "the error quotes the condition: $q"
  expect_contains "$ERR" "..2019" "the error shows a range that works: $q"
  expect_eq "$OUT" "" "nothing on stdout for $q"
done
run search 'year:>2019'
expect_contains "$ERR" "compares with < or >" "the error says why a comparison is refused"

# --- Filter options: the same as the query syntax ------------------------------------------
same() {  # same EXPECTED DESCRIPTION QUERY -- OPTIONS...: options and query syntax give EXPECTED
  local expected=$1 what=$2 query=$3; shift 4
  expect_eq "$(ids "$query")" "$expected" "query syntax: $what"
  expect_eq "$(ids "$@")" "$expected" "options: $what"
}
same "n-1 n-10 n-2 n-4 n-6 n-8" "one tag" 'vrouwen tag:nap1325' -- vrouwen --tag nap1325
same "n-2 n-4" "two tags: both" 'tag:nap1325 tag:cedaw' -- --tag nap1325 --tag cedaw
same "n-1 n-10 n-2 n-4 n-6 n-8" "a tag with a space" 'tag:"NAP 1325"' -- --tag "NAP 1325"
same "n-5 n-6 n-7" "a tag in capitals" 'tag:wps' -- --tag WPS
same "n-1 n-10 n-4 n-6 n-7 n-9" "two types: either" 'type:report type:blog' -- --type report --type blog
same "n-3 n-7 n-9" "language" 'lang:en' -- --lang en
same "n-1 n-10 n-2 n-4 n-8" "author" 'author:cordaid' -- --author Cordaid
same "n-3 n-4" "author with spaces, as a phrase" 'author:"Anna de Vries"' -- --author "Anna de Vries"
same "n-2" "two authors: both" 'author:cordaid author:"WO=MEN"' -- --author Cordaid --author "WO=MEN"
same "n-4 n-5 n-6" "since and until" 'date:2019-03..2019-06' -- --since 2019-03 --until 2019-06
same "n-9" "since alone" 'date:2020..' -- --since 2020
same "n-1" "until alone" 'date:..2014' -- --until 2014
same "n-2 n-4 n-6 n-8" "words, tag and date together" 'vrouwen tag:nap1325 date:2015..' -- vrouwen --tag nap1325 --since 2015
run search --since 2019-13
expect_rc 2 "a --since that is not a date is a usage error"
expect_contains "$ERR" "YYYY-MM" "the usage error says which dates work"
run search vrouwen --tag nap1325 --since 2015 --format json
expect_eq "$(json "d['filters']")" "['tag:\"nap1325\"', 'date:2015..']" "JSON lists the filters in the query syntax"

# --- Dutch operators and minus words -------------------------------------------------------
expect_eq "$(ids 'vrouwen EN conferentie')" "n-5" "EN is AND"
expect_eq "$(ids 'conferentie OF bemiddeling')" "n-5 n-6" "OF is OR"
expect_eq "$(ids 'conferentie of bemiddeling')" "" "of in lowercase is a word, not OR"
expect_eq "$(ids 'vrouwen NIET conferentie')" "n-1 n-10 n-2 n-4 n-6 n-8" "NIET is NOT"
expect_eq "$(ids vrouwen -conferentie)" "n-1 n-10 n-2 n-4 n-6 n-8" "a minus word as its own argument"
expect_eq "$(ids -conferentie vrouwen)" "n-1 n-10 n-2 n-4 n-6 n-8" "a minus word first"
run search --format json -- vrouwen -conferentie
expect_eq "$(json "d['total']")" "6" "a minus word after --"
run search vrouwen -conferentie -n 2 --format json
expect_eq "$(json "len(d['results'])")" "2" "options after a minus word still work (-n 2)"
expect_eq "$(json "d['query']")" "vrouwen -conferentie" "the query is echoed as typed"
run search vrouwen --limt 5
expect_rc 2 "a mistyped long option is still a usage error"

# --- Facets: exact counts over every match -------------------------------------------------
"$KB" export >"$WORK/all.jsonl"
# Counts computed from the export by Python, independently of kb's facets: tags folded as the
# tag: filter folds them, authors as written, one count per document and value.
expected_facets() {  # expected_facets IDS...
  python3 - "$WORK/all.jsonl" "$@" <<'PY'
import collections, json, sys
wanted = set(sys.argv[2:])
fold = lambda s: "".join(c for c in s.lower() if c.isalnum())
facets = {k: collections.Counter() for k in ("author", "tag", "type", "lang", "format", "year")}
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d["id"] not in wanted: continue
    for a in set(a.strip() for a in d.get("authors") or []): facets["author"][a] += 1
    for t in set(fold(t) for t in d.get("tags") or []): facets["tag"][t] += 1
    for k in ("type", "lang", "format"):
        if d.get(k): facets[k][d[k].lower()] += 1
    if (d.get("date") or "")[:4].isdigit(): facets["year"][d["date"][:4]] += 1
print(json.dumps({k: dict(sorted(v.items())) for k, v in facets.items()}, sort_keys=True))
PY
}
kb_facets() { "$KB" search "$@" --facets --format json -n 1 | python3 -c "import json,sys; print(json.dumps(json.load(sys.stdin)['facets'], sort_keys=True))"; }
# shellcheck disable=SC2046
expect_eq "$(kb_facets vrouwen)" "$(expected_facets $(ids vrouwen))" "facets of vrouwen (7 matches, 1 shown)"
# shellcheck disable=SC2046
expect_eq "$(kb_facets 'tag:cedaw OR year:2019')" "$(expected_facets $(ids 'tag:cedaw OR year:2019'))" "facets of a filter query"
expect_contains "$(kb_facets vrouwen)" '"tag": {"cedaw": 2, "nap1325": 6, "wps": 2}' "tag counts over all matches"
run search vrouwen --facets -n 1
expect_contains "$OUT" "Facets (all 7 matches)" "the text block counts every match"
expect_contains "$OUT" "  tag     nap1325 6 · cedaw 2 · wps 2" "tags, most frequent first"
expect_contains "$OUT" "  author  Cordaid 5 · WO=MEN 2 · Anna de Vries 1 · Oxfam Novib 1" "authors as written"
# The same on the sample corpus, a knowledge base of real pages and feeds.
export KB_INDEX="$WORK/corpus-index"
run -q add "$CORPUS"
expect_rc 0 "add the sample corpus"
"$KB" export >"$WORK/all.jsonl"
for q in vrouwen 'vrede OR peace' ''; do
  # shellcheck disable=SC2046
  expect_eq "$(kb_facets "$q")" "$(expected_facets $(ids "$q"))" "corpus facets of '$q' match the export"
done
export KB_INDEX="$WORK/index"

# --- The facet table: kept current by every writer, never trusted when it is not ------------
facet_table() { "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['facet_table'])"; }
facets_match_export() {  # facets_match_export DESCRIPTION
  "$KB" export >"$WORK/all.jsonl"
  local q
  for q in vrouwen '' 'tag:cedaw OR year:2019'; do
    # shellcheck disable=SC2046
    expect_eq "$(kb_facets "$q")" "$(expected_facets $(ids "$q"))" "$1: facets of '$q' match the export"
  done
}
export KB_INDEX="$WORK/table-index"
run -q add "$FIXTURES/cli/narrow.jsonl"
expect_eq "$(facet_table)" "current" "a new index has a current facet table"
cp "$(live_db)/kb-facets" "$WORK/old-table"
printf '%s\n' '{"id": "n-20", "title": "Vrouwen in de vredesmissie", "body": "Vrouwen.", "type": "report", "date": "2021-05-01", "tags": ["CEDAW", "nieuw"], "authors": ["Oxfam Novib"]}' >"$WORK/more.jsonl"
run add "$WORK/more.jsonl"
expect_rc 0 "add one more document"
expect_eq "$(facet_table)" "current" "add rewrites the facet table"
expect_contains "$(kb_facets vrouwen)" '"nieuw": 1' "the added document is counted"
facets_match_export "after add"
# A table from the revision before (a writer killed after its commit): not used, counts stay right.
cp "$WORK/old-table" "$(live_db)/kb-facets"
expect_eq "$(facet_table)" "stale" "the old revision's table is stale"
facets_match_export "beside a stale table"
printf 'kbfacet1 and then nothing of use' >"$(live_db)/kb-facets"
expect_eq "$(facet_table)" "stale" "a damaged table is stale"
facets_match_export "beside a damaged table"
run remove n-20
expect_rc 0 "remove a document"
expect_eq "$(facet_table)" "current" "remove rewrites the facet table"
facets_match_export "after remove"
run add --dry-run "$WORK/more.jsonl"
expect_eq "$(facet_table)" "current" "a dry run leaves the table as it is"
rm "$(live_db)/kb-facets"
expect_eq "$(facet_table)" "missing" "a missing table is reported"
run rebuild
expect_rc 0 "rebuild"
expect_eq "$(facet_table)" "current" "rebuild writes the facet table"
facets_match_export "after rebuild"
# Cut short by another program while a search has it mapped: a clear error, not a bus error.
export KB_INDEX="$WORK/big-index"
python3 -c 'import json
for n in range(3000): print(json.dumps({"id": f"b-{n}", "title": f"Vrouwen {n}", "body": "Vrouwen en vrede.", "tags": [f"t{n % 50}"], "authors": [f"Auteur {n}"]}))' >"$WORK/big.jsonl"
run -q add "$WORK/big.jsonl"
expect_eq "$(facet_table)" "current" "a table of 3,000 documents"
KB_TEST_PAUSE_AT=facet-table:1:3000 "$KB" search vrouwen --facets >"$WORK/cut.out" 2>"$WORK/cut.err" &
searcher=$!
sleep 1  # it has mapped the table and waits three seconds before it counts
truncate -s 96 "$(live_db)/kb-facets"
rc=0
wait "$searcher" || rc=$?
expect_eq "$rc" "5" "a table cut short under a search: exit 5, the index's code"
expect_contains "$(cat "$WORK/cut.err")" "was cut short while kb was reading it" "and a message that says what happened"
expect_eq "$(facet_table)" "stale" "the cut table is stale"
expect_contains "$(kb_facets vrouwen)" '"t7": 60' "and the next search counts from the values"
export KB_INDEX="$WORK/index"

# --- A page past the last hit --------------------------------------------------------------
run search vrouwen --offset 7
expect_rc 0 "a page past the last hit is not 'nothing found'"
expect_contains "$OUT" "No results on this page (7 in total" "the text says how many there are"
run search vrouwen --offset 1000 --format json
expect_rc 0 "JSON past the last hit"
expect_eq "$(json "(d['results'], d['total'])")" "([], 7)" "JSON: an empty page and the total"
run search vrouwen --offset 6 --format json
expect_eq "$(json "(len(d['results']), d['results'][0]['rank'])")" "(1, 7)" "the last page still shows its hit"
run search zzzgeenwoord --exact
expect_rc 1 "a query that matches nothing is still exit 1"

finish

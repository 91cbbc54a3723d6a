#!/usr/bin/env bash
# Search through the real binary: Dutch and English stemming both ways, case, fields, phrases,
# boolean operators, dates, ranking, JSON output and exit codes.
source "$(dirname "$0")/lib.sh"

run add "$FIXTURES/cli/stemming.jsonl"
expect_rc 0 "add the stemming fixtures"

# Dutch stemming both ways.
expect_eq "$(ids vrouw)" "stem-1 stem-2" "vrouw finds the document that only says vrouwen"
expect_eq "$(ids vrouwen)" "stem-1 stem-2" "vrouwen finds the document that only says vrouw"
# -heid nouns are words of their own (README, Language analysis): veiligheid is not veilig.
expect_eq "$(ids veiligheid)" "stem-4" "veiligheid does not find veilige"
expect_eq "$(ids veilige)" "stem-3" "veilige does not find veiligheid"
expect_eq "$(ids veilig)" "stem-3" "veilig finds veilige"
expect_eq "$(ids resolutie)" "stem-7 stem-8" "resolutie finds resoluties (-ies plural joined)"
expect_eq "$(ids resoluties)" "stem-7 stem-8" "resoluties finds resolutie"
expect_eq "$(ids mensenrechtenverdediger)" "stem-10 stem-9" "compound plural and singular meet"
# English stemming both ways, with no language named.
expect_eq "$(ids resolutions)" "stem-5 stem-6" "resolutions finds resolution"
expect_eq "$(ids resolution)" "stem-5 stem-6" "resolution finds resolutions"
# Case never matters.
for q in Vrouwen VROUWEN vRouWen; do
  expect_eq "$(ids "$q")" "stem-1 stem-2" "case-insensitive: $q"
done
expect_eq "$(ids 'Veilig')" "stem-3" "capitalised word is still stemmed"
# Boolean operators and phrases.
expect_eq "$(ids 'vrouwen NOT vrede')" "stem-2" "NOT excludes"
expect_eq "$(ids 'vrouwen AND vrede')" "stem-1" "AND"
expect_eq "$(ids 'lerares OR vluchten')" "stem-2 stem-3" "OR"
expect_eq "$(ids '"vrouwen spraken"')" "stem-1" "phrase matches in order"
expect_eq "$(ids '"spraken vrouwen"')" "" "phrase does not match out of order"
expect_eq "$(ids 'vrouwen -vrede')" "stem-2" "minus excludes"
# The index holds stems with positions, so a phrase matches any inflection of its words.
# (spraken is read as the plural of spraak, the noun, so the phrase uses vrouw/vrouwen.)
expect_eq "$(ids '"vrouw spraken"')" "stem-1" "phrase matches across inflections"
expect_eq "$(ids '"Vrouwen Spraken"')" "stem-1" "phrase in any case"
expect_eq "$(ids 'vrouw NEAR/3 vrede')" "stem-1" "NEAR over stems"
expect_eq "$(ids 'vrouw NEAR/2 vrede')" "" "NEAR counts the words between"
# Wildcards expand over stems, and the typed word's own stem counts.
expect_eq "$(ids 'mensenrechten*')" "stem-10 stem-9" "wildcard finds compounds"
expect_eq "$(ids 'resoluties*')" "stem-7 stem-8" "wildcard on an inflected form finds its stem"
expect_eq "$(ids 'veil*')" "stem-3 stem-4" "short wildcard prefix"
expect_eq "$(ids 'title:port*')" "stem-2" "wildcard inside a field"
expect_eq "$(ids '(lerar* OR vlucht*) -vrouw')" "stem-3" "wildcards inside brackets and with minus"
expect_eq "$(ids '"vrouwen spr*"')" "" "a star inside a phrase does not expand"
expect_eq "$(ids 'over*')" "rank-1 rank-2 stem-1 stem-2" "a wildcard on a stop word expands"
expect_eq "$(ids 'over* veil*')" "" "a wildcard on a stop word is not dropped from the query"
expect_eq "$(ids 'title:(port* OR raad)')" "stem-2 stem-7" "a wildcard inside a field group keeps the field"
expect_eq "$(ids 'veil*.')" "stem-3 stem-4" "punctuation after a wildcard"
run search 'vred* NEAR vrouw'
expect_rc 4 "a wildcard next to NEAR is a query error"
expect_contains "$ERR" "NEAR or ADJ" "the error says why"
# Fields and filters.
expect_eq "$(ids 'title:portret')" "stem-2" "title: field"
expect_eq "$(ids 'titel:Portret')" "stem-2" "Dutch field name titel:"
expect_eq "$(ids 'type:policy')" "rank-1 stem-4" "type: filter"
expect_eq "$(ids 'soort:POLICY')" "rank-1 stem-4" "soort: filter, any case"
expect_eq "$(ids 'lang:en')" "stem-5 stem-6" "lang: filter"
expect_eq "$(ids 'year:2014')" "rank-1 rank-2" "year: filter"
expect_eq "$(ids 'tag:nap1325')" "stem-1" "tag: matches NAP 1325 without the space"
expect_eq "$(ids 'tag:"NAP 1325"')" "stem-1" "tag: quoted with the space"
expect_eq "$(ids 'date:2015-01-01..2016-12-31')" "stem-3 stem-4" "date range"
expect_eq "$(ids 'datum:..2005-01-01')" "stem-5" "open date range"
expect_eq "$(ids 'resolutie year:2008')" "stem-8" "words and a filter"

# Title weighs more than a passing mention in a long body.
run search wapenhandel --format json
expect_eq "$(json "d['results'][0]['id']")" "rank-1" "title match ranks first"
expect_eq "$(json "d['total']")" "2" "total count"

# JSON output: versioned, with the documented fields.
run search vrouwen --format json
expect_rc 0 "search with results"
expect_eq "$(json "d['kb_format_version']")" "1" "json carries a format version"
expect_eq "$(json "set(d['results'][0]) >= {'id','rank','score','title','date','source','snippet'}")" "True" "result fields"
expect_eq "$(json "[r['rank'] for r in d['results']]")" "[1, 2]" "ranks"
snippet_ok=$(json "all(r['snippet'][h[0]:h[1]].lower().startswith('vrouw') for r in d['results'] for h in r['highlights']) and all(r['highlights'] for r in d['results'])")
expect_eq "$snippet_ok" "True" "highlights point at the matched words"
run search 'mensenrechten*' --format json
marked=$(json "sorted({r['snippet'][h[0]:h[1]].lower() for r in d['results'] for h in r['highlights']})")
expect_eq "$marked" "['mensenrechtenverdediger', 'mensenrechtenverdedigers']" "wildcard matches are highlighted"
run search '"vrouwen spraken"' --format json
marked=$(json "sorted({r['snippet'][h[0]:h[1]].lower() for r in d['results'] for h in r['highlights']})")
expect_eq "$marked" "['spraken', 'vrouwen']" "a phrase's words are highlighted"

# Paging.
first=$("$KB" search vrouwen --format jsonl -n 1 | python3 -c "import json,sys; r=json.loads(sys.stdin.readline()); print(r['rank'], r['id'])")
second=$("$KB" search vrouwen --format jsonl -n 1 --offset 1 | python3 -c "import json,sys; r=json.loads(sys.stdin.readline()); print(r['rank'], r['id'])")
expect_contains "$first" "1 " "first page rank 1"
expect_contains "$second" "2 " "second page rank 2"
[ "${first#* }" != "${second#* }" ] && pass "pages differ" || fail "offset returned the same document"

# Text output: no colour when piped, colour when forced.
run search vrouwen
expect_not_contains "$OUT" $'\x1b[' "no escape codes when stdout is not a terminal"
NO_COLOR= run --color always search vrouwen
expect_contains "$OUT" $'\x1b[1;31m' "--color always highlights matches"

# Exit codes.
run search zzzgeenenkeltreffer
expect_rc 1 "no match exits 1"
run search 'vrouwen OR'
expect_rc 4 "unparsable query exits 4"
expect_contains "$ERR" "cannot parse the query" "parse error explained"
run search 'AND'
expect_rc 4 "a bare operator exits 4"
run --index "$WORK/nowhere" search vrouwen
expect_rc 5 "missing index exits 5"
expect_contains "$ERR" "kb add" "missing index message says what to do"

# Facets count every match.
run search 'type:report OR type:policy' --facets --format json
expect_eq "$(json "d['facets']['type']")" "{'policy': 2, 'report': 3}" "type facet"

# A filter on a term that every document has, once a document was deleted: Xapian 1.4.22 fails
# such a filter ("DatabaseCorruptError: Unexpected end of posting list") when it reads far
# (-n 100); kb asks for all documents instead (filter_term_query). The partial matches, which
# leave the documents with all the words out, do so by docid rather than with AND_NOT, whose
# right side is unweighted too (on main that case happened to pass; it is checked all the same).
python3 -c "
import json
for i in range(50):
    print(json.dumps({'id': 'u%d' % i, 'title': 'Rapport %d' % i, 'type': 'report', 'lang': 'nl',
                      'body': 'vrede en veiligheid' + (' zeldzaamwoord' if i == 7 else '')}))" > uniform.jsonl
KB_INDEX="$WORK/uniform-index" "$KB" add --format jsonl --quiet uniform.jsonl
KB_INDEX="$WORK/uniform-index" "$KB" remove --quiet u3
KB_INDEX="$WORK/uniform-index" run search type:report -n 100 --format json
expect_rc 0 "type:report when every document is a report, after a removal"
expect_eq "$(json "len(d['results'])")" "49" "... finds all 49"
KB_INDEX="$WORK/uniform-index" run search 'lang:nl vrede' --facets --format json
expect_rc 0 "lang:nl with facets when every document is Dutch"
expect_eq "$(json "d['facets']['type']")" "{'report': 49}" "... facets count all 49"
KB_INDEX="$WORK/uniform-index" run search 'vrede zeldzaamwoord' -n 100 --format json
expect_rc 0 "a word in every document beside a rare one"
expect_eq "$(json "[r['id'] for r in d['results'] if r['match'] == 'all']")" "['u7']" "... the one with both words first"
expect_eq "$(json "sum(1 for r in d['results'] if r['match'] == 'partial')")" "48" "... then the other 48 as partial matches"

# A query is bounded: past 500 words (or 16 KB) it is a query error naming the limit, not minutes of
# work (2,000 words with synonyms took 7 s, and the work grows faster than the query).
run search "$(python3 -c "print(' '.join(['verenigde naties'] * 250 + ['un']))")"
expect_rc 4 "a query of 501 words is refused"
expect_contains "$ERR" "at most 500" "... naming the limit"
run search "$(python3 -c "print(' '.join(['verenigde naties'] * 250))")" -n 1
[ "$RC" -le 1 ] && pass "a query of 500 words is searched (exit $RC)" || fail "a query of 500 words: exit $RC: $ERR"
run export "$(python3 -c "print('x' * 17000)")"
expect_rc 4 "kb export refuses a 17 KB query too"
finish

#!/usr/bin/env bash
# --related through the real binary: the words the best hits use (as written, not as stems),
# without the query's own words, stop words, or compound parts the hits never write out.
source "$(dirname "$0")/lib.sh"

run add "$FIXTURES/cli/related.jsonl"
expect_rc 0 "add the related-terms fixtures"

run search vluchtelingen --related --format json
expect_rc 0 "search --related"
related=$(json "' '.join(r['term'] for r in d['related'])")
expect_eq "$(json "d['related'][0]['term']")" "kampen" "the word both hits use comes first, as written (kampen, not kamp)"
expect_contains " $related " " scholen " "a word one hit uses is listed"
expect_not_contains " $related " " kamp " "no stems"
expect_not_contains " $related " " vluchtelingen " "not the query's own word"
expect_not_contains " $related " " de " "no stop words"
# gezinsgeweld is indexed with its parts gezin and geweld (wdf 0): the hits never write those.
expect_contains " $related " " gezinsgeweld " "a compound the hit writes is listed"
expect_not_contains " $related " " gezin " "its parts are not"
expect_not_contains " $related " " geweld " "its parts are not (geweld)"
expect_not_contains "$related" "zonnig" "words of documents that do not match are not listed"

run search vluchtelingen --related
expect_contains "$OUT" "Related terms: kampen" "text output lists them"
run search vluchtelingen --format json
expect_eq "$(json "'related' in d")" "False" "without --related there is no list"
run search nergensvoorkomend --related --exact --format json
expect_rc 1 "no hits: exit 1"
expect_eq "$(json "d['related']")" "[]" "and no related terms"
finish

#!/usr/bin/env bash
# --map FIELD=PATH: any JSON shape mapped to kb's fields by key, dotted path or JSON Pointer,
# kept with the source so `kb rebuild` (and a re-import of a corrected record) maps the same way.
source "$(dirname "$0")/lib.sh"

cat >news.jsonl <<'EOF2'
{"ref": "n-1", "headline": "Vrouwen aan de vredestafel", "published": {"at": "2021-03-08"}, "byline": [{"family": "Jansen", "given": "Anna"}, "Cordaid"], "labels": "nap1325, vrede", "text": "Het artikel over vrede en veiligheid.", "title": "Rubriek Nieuws", "meta": {"doi": "https://doi.org/10.1234/n.1"}}
{"ref": "n-2", "headline": "Gender en wapenhandel", "published": {"at": "8 maart 2022"}, "byline": "Smith, J.", "labels": ["att"], "text": "Over het wapenhandelverdrag."}
EOF2
maps=(--map id=ref --map title=headline --map date=published.at --map authors=/byline --map tags=labels
      --map body=text --map doi=/meta/doi)
run add news.jsonl "${maps[@]}"
expect_rc 0 "records with mapped fields are added"
expect_contains "$ERR" "added 2" "both records"
expect_not_contains "$ERR" "without an id" "the mapped id counts as an id"
run show n-1 --format json
expect_rc 0 "found by the mapped id"
expect_eq "$(json "[d['title'], d['date'], d['body'], d['doi'], d['tags']]")" \
  "['Vrouwen aan de vredestafel', '2021-03-08', 'Het artikel over vrede en veiligheid.', '10.1234/n.1', ['nap1325', 'vrede']]" \
  "title, date (dotted path), body, DOI (JSON Pointer, made bare) and tags (a string split at commas)"
expect_eq "$(json "d['authors']")" "[{'family': 'Jansen', 'given': 'Anna'}, 'Cordaid']" "authors (JSON Pointer), structured as documented"
expect_eq "$(json "sorted(d['extra'].keys())")" "['meta', 'published', 'title']" \
  "mapped top-level keys are used up; nested values stay with their parent; the unmapped alias 'title' is kept"
expect_eq "$(json "d['extra']['title']")" "Rubriek Nieuws" "a mapped field ignores its aliases"
expect_eq "$(ids wapenhandel)" "n-2" "searchable by the mapped text"
run show n-2 --format json
expect_eq "$(json "[d['date'], d['authors']]")" "['2022-03-08', ['Smith, J.']]" "a Dutch date through a mapped path"

# Kept for rebuild: the sources list the mapping and a rebuild gives the same documents.
run stats --format json
expect_eq "$(json "d['sources'][0]['map']")" "['id=ref', 'title=headline', 'date=published.at', 'authors=/byline', 'tags=labels', 'body=text', 'doi=/meta/doi']" \
  "the mapping is recorded with its source"
before=$("$KB" export 2>/dev/null | python3 -c 'import json,sys; [print(json.dumps({k: v for k, v in json.loads(l).items() if k != "indexed"}, sort_keys=True)) for l in sys.stdin]')
run rebuild
expect_rc 0 "rebuild"
after=$("$KB" export 2>/dev/null | python3 -c 'import json,sys; [print(json.dumps({k: v for k, v in json.loads(l).items() if k != "indexed"}, sort_keys=True)) for l in sys.stdin]')
expect_eq "$after" "$before" "rebuild maps the records exactly as the add did"

# Records piped in are rebuilt from their stored copies, with the options they came with.
"$KB" --index piped add - --map id=ref --map title=headline --quiet <news.jsonl || fail "piped add"
"$KB" --index piped rebuild --quiet || fail "rebuilding piped records"
run --index piped show n-2 --format json
expect_eq "$(json "[d['id'], d['title']]")" "['n-2', 'Gender en wapenhandel']" "piped records keep their mapping through rebuild"

# A corrected record re-imported with the same mapping replaces the old one.
sed 's/Gender en wapenhandel/Gender en de wapenhandel/' news.jsonl >corrected.jsonl
run add corrected.jsonl "${maps[@]}"
expect_contains "$ERR" "added 0" "no new document"
expect_eq "$(doc_count)" 2 "the same two documents"
run show n-2 --format json
expect_eq "$(json "d['title']")" "Gender en de wapenhandel" "the correction replaced the old record"

# A JSON array file maps the same way.
python3 -c 'import json; print(json.dumps([json.loads(l) for l in open("news.jsonl")]))' >news.json
"$KB" --index arr add news.json "${maps[@]}" --quiet || fail "JSON array with --map"
run --index arr show n-1 --format json
expect_eq "$(json "d['title']")" "Vrouwen aan de vredestafel" "a JSON array file is mapped too"

# Mistakes: a usage error that lists the fields, before anything is read.
run --index bad add news.jsonl --map headline=title
expect_rc 2 "an unknown kb field"
expect_contains "$ERR" "'headline' is not a field kb fills (fields: id, title" "the error lists the fields"
run --index bad add news.jsonl --map title
expect_rc 2 "a mapping without ="
expect_contains "$ERR" "write FIELD=PATH" "the error shows the form"
[ -e "$WORK/bad/current" ] && fail "a refused --map created an index" || pass "nothing is written"

finish

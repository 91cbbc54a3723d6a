#!/usr/bin/env bash
# Reading what search found: ids in the results, kb show by id, URL, path and PATH#N, the pager
# only on a terminal, aligned labels in colour.
source "$(dirname "$0")/lib.sh"

# Relative paths in the tests are relative to $WORK: the fixtures are copied there.
cp -r "$FIXTURES/reading" lezen
run add lezen
expect_rc 0 "add the reading fixtures"

# `script` runs a command under a real pseudo-terminal: stdout is a tty there.
on_tty() { script -qec "$1" /dev/null </dev/null; }
strip_ansi() { sed 's/\x1b\[[0-9;]*m//g; s/\r$//'; }

# --- ids in the text results
run search onderhandelingstafel
first_id=$("$KB" search onderhandelingstafel --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['results'][0]['id'])")
expect_contains "$OUT" "$first_id" "text results show the id of a hit"
run search onderhandelingstafel
expect_contains "$OUT" "$WORK/lezen/artikelen.jsonl#2" "a record without an id of its own shows PATH#N"
expect_eq "$(grep -c "lezen/artikelen.jsonl#2" <<<"$OUT")" "1" "the id is not repeated as the source"
NO_COLOR= run search onderhandelingstafel --color always
expect_contains "$OUT" $'\x1b[2m'"$WORK/lezen/artikelen.jsonl#2" "the id is dimmed in colour"

# --- show by id, URL, path and PATH#N; stderr says which matched
run show art-grote-meren
expect_rc 0 "show by id"
expect_contains "$OUT" "Grote Meren" "show by id prints the document"
expect_eq "$ERR" "" "show by id: nothing on stderr"
run show "HTTPS://vredesnieuws.example.nl/artikelen/Grote-Meren"
expect_rc 1 "a URL path keeps its case"
run show "https://www.vredesnieuws.example.nl/artikelen/grote-meren"
expect_rc 2 "a URL two documents share is ambiguous"
expect_contains "$ERR" "art-grote-meren-herplaatst" "the ambiguity lists the ids"
expect_contains "$ERR" "kb: error:" "the ambiguity is an error"
run show lezen/enkel.html
expect_rc 0 "show by a relative source path"
expect_contains "$OUT" "Een pagina zonder adres" "the path's document"
expect_contains "$ERR" "matched by source path" "show says it matched the path"
run show "$WORK/lezen/enkel.html" --format json
expect_eq "$(json "d['id']")" "$WORK/lezen/enkel.html" "show by absolute path, as JSON"
run show lezen/reeks.json
expect_rc 2 "a path of a file with several documents is ambiguous"
for id in reeks-deel-een reeks-deel-twee reeks-deel-drie; do
  expect_contains "$ERR" "$id" "the ambiguity lists the file's id $id"
done
run show lezen/artikelen.jsonl#2 --format json
expect_eq "$(json "d['title']")" "Vrouwen aan de onderhandelingstafel" "PATH#N: a record without an id of its own"
expect_eq "$ERR" "" "PATH#N is that record's id"
run show lezen/reeks.json#7
expect_rc 1 "PATH#N that is no document's id"
expect_contains "$ERR" "holds 3 documents" "says how many the file holds"
run show geen-zulk-document
expect_rc 1 "no match exits 1"
expect_contains "$ERR" "no document has the id, URL or source path 'geen-zulk-document'" "no match says what was tried"
run -q show art-grote-meren
expect_eq "$ERR" "" "-q: no note on stderr"

# --- the pager: only when stdout is a terminal, never with --no-pager
if command -v script >/dev/null; then
  rm -f paged.txt
  PAGER="sh -c 'cat > $WORK/paged.txt'" run show art-grote-meren
  [ ! -e paged.txt ] && pass "no pager when stdout is a pipe" || fail "the pager ran on a pipe"
  expect_contains "$OUT" "Grote Meren" "piped show prints the document itself"
  PAGER="sh -c 'cat > $WORK/paged.txt'" on_tty "$KB show art-grote-meren" >/dev/null
  expect_contains "$(cat paged.txt 2>/dev/null)" "Vrouwenorganisaties in het gebied" "the pager gets the document on a terminal"
  rm -f paged.txt
  tty_out=$(PAGER="sh -c 'cat > $WORK/paged.txt'" on_tty "$KB show art-grote-meren --no-pager")
  [ ! -e paged.txt ] && pass "--no-pager on a terminal" || fail "--no-pager still paged"
  expect_contains "$tty_out" "Vrouwenorganisaties in het gebied" "--no-pager prints to the terminal"
  tty_out=$(PAGER="no-such-pager-kb" on_tty "$KB show art-grote-meren")
  expect_contains "$tty_out" "Vrouwenorganisaties in het gebied" "a pager that cannot start: printed as is"
else
  fail "script(1) is needed for the terminal tests"
fi

# --- labels stay aligned in colour: every value starts in the same column
NO_COLOR= run show art-grote-meren --color always
expect_contains "$OUT" $'\x1b[1m' "show is in colour"
columns=$(strip_ansi <<<"$OUT" | awk '/^(id|title|date|lang|url|source|format) /{ match($0, /^[a-z]+ +/); print RLENGTH }' | sort -u)
expect_eq "$columns" "10" "labels aligned with colour"
# --- one printer: JSON Lines hits carry the format version, as the JSON envelope does
run search vredesbemiddelaars --format jsonl
expect_rc 0 "search as JSON Lines"
versions=$(python3 -c "import json,sys; print(sorted({json.loads(l).get('kb_format_version') for l in sys.stdin if l.strip()}))" <<<"$OUT")
expect_eq "$versions" "[1]" "every JSON Lines hit has kb_format_version 1"
run search vredesbemiddelaars --format json
expect_eq "$(json "d['kb_format_version'], sorted(d['results'][0])[:4]")" "1 ['authors', 'date', 'format', 'highlights']" "the JSON envelope keeps its fields"
run show art-grote-meren --format json
expect_eq "$(json "sorted(d)")" "$("$KB" export 2>/dev/null | python3 -c "import json,sys; print(sorted(json.loads(sys.stdin.readline())))")" "show --format json is the stored record, with the keys of an export line"
# --- help fits in 80 columns, for kb and every subcommand
for sub in "" add search export show stats remove rebuild; do
  # shellcheck disable=SC2086
  widest=$("$KB" $sub --help 2>&1 | python3 -c "import sys; print(max(len(l) for l in sys.stdin.read().splitlines()))")
  [ "$widest" -le 80 ] && pass "kb $sub --help fits in 80 columns" || fail "kb $sub --help has a line of $widest columns"
done

# --- usage errors: one form, exit 2, a guess where kb can make one
first_line() { printf '%s\n' "$1" | head -1; }
run serach vrouwen
expect_rc 2 "a mistyped command"
expect_eq "$(first_line "$ERR")" "kb: error: 'serach' is not a kb command; did you mean 'search'? (see \`kb --help\` for the commands)" "did you mean, by edit distance"
run --index "$KB_INDEX" shwo art-grote-meren
expect_contains "$ERR" "did you mean 'show'?" "global options before a mistyped command are skipped"
run frobnicate
expect_rc 2 "an unknown command"
expect_eq "$(first_line "$ERR")" "kb: error: 'frobnicate' is not a kb command (see \`kb --help\` for the commands)" "no guess when nothing is close"
run search vrouwen --limit veel
expect_rc 2 "a bad option value"
expect_contains "$(first_line "$ERR")" "kb: error: " "CLI11's usage errors have kb's form"
run search vrouwen -geweld
expect_not_contains "$ERR" "error" "a query word with a leading - that is no option is the query's minus word"
# One that starts like a short option (-q, -n, -C, -h) is still read as it: a usage error, with
# the hint how to write it.
run search vrouwen -qwerty
expect_rc 2 "a query word that starts like -q is taken for options"
expect_contains "$ERR" "kb search -- vrouwen -geweld" "the hint shows how to write it"
run search -- vredesbemiddelaars -grensstreek
expect_rc 0 "after -- a -word excludes"
# -n takes a number, so -nederland can only be a word: a minus word, not --limit 'ederland'.
run search vrouwen -nederland --format json
expect_rc 0 "a minus word that starts like -n"
expect_eq "$(json "d['query']")" "vrouwen -nederland" "is the query's minus word"
run search vrouwen -n1 --format json
expect_eq "$(json "d['limit']")" "1" "while -n1 is still --limit 1"
run show
expect_rc 2 "show without a document"
expect_contains "$(first_line "$ERR")" "kb: error: " "a missing argument has kb's form"

# --- wrapping at the terminal's width
python3 - >lang.jsonl <<'PY'
import json
words = "vrouwen bemiddelen tussen dorpen die over land en water twisten en sluiten akkoorden".split()
body = " ".join(words[i % len(words)] for i in range(400))
print(json.dumps({"id": "lang-stuk", "title": "Een lange titel over bemiddeling door vrouwen in grensstreken en dorpen", "lang": "nl", "body": body + "\n\nTweede alinea: " + body}))
PY
"$KB" -q add lang.jsonl
# The widest line made of several words (a single word wider than the line is left whole).
widest() { sed 's/\x1b\[[0-9;]*m//g; s/\r$//' | python3 -c "import sys; print(max([len(l) for l in sys.stdin.read().splitlines() if ' ' in l.strip()] or [0]))"; }
lines_with() { grep -c "$1"; }
# expect_width OUTPUT COLUMNS DESCRIPTION: no line of several words is wider, and some come close.
expect_width() {
  local w; w=$(widest <<<"$1")
  if [ "$w" -le "$2" ] && [ "$w" -gt $(($2 - 12)) ]; then pass "$3 ($w)"; else fail "$3: widest line $w for $2 columns"; fi
}
out=$(COLUMNS=50 on_tty "$KB search twisten --snippet-length 600")
expect_width "$out" 50 "COLUMNS=50 on a terminal"
[ "$(lines_with "twisten" <<<"$out")" -ge 4 ] && pass "the snippet is wrapped over several lines" || fail "snippet not wrapped: $out"
out=$(on_tty "stty cols 64; env -u COLUMNS $KB search twisten --snippet-length 600")
expect_width "$out" 64 "without COLUMNS: the terminal's own width"
out=$(env -u COLUMNS "$KB" search twisten --snippet-length 600)
expect_width "$out" 80 "width unknown (a pipe): 80 columns"
out=$(COLUMNS=44 on_tty "$KB show lang-stuk --no-pager")
expect_width "$out" 44 "show wraps its body at COLUMNS"
expect_contains "$out" "Tweede alinea" "show keeps the paragraphs"
out=$(COLUMNS=44 NO_COLOR= on_tty "$KB show lang-stuk --no-pager --color always")
expect_width "$out" 44 "wrapping counts columns, not escape codes"
# --- near-duplicates: one hit per story, with a count; --no-collapse lists them all
# The fixture files one press release three times (same text, other ids), a fourth release with
# other text, and one article under two spellings of its URL (http/https, www, trailing slash).
run search subsidie vredesbemiddelaars --format json
expect_rc 0 "search the press releases"
expect_eq "$(json "len(d['results'])")" "2" "three copies and one other release: two hits"
expect_eq "$(json "sorted(r['similar'] for r in d['results'])")" "[0, 2]" "the copies are counted on one hit"
expect_eq "$(json "d['total']")" "2" "the total counts stories, not copies"
run search subsidie vredesbemiddelaars --format json --no-collapse
expect_eq "$(json "len(d['results'])")" "4" "--no-collapse lists every copy"
expect_eq "$(json "sorted(r['similar'] for r in d['results'])")" "[0, 0, 0, 0]" "and counts none"
# Checked against groups made here from the uncollapsed hits: the canonical URL, else the text.
groups=$(python3 -c "
import json, re, sys
d = json.loads(sys.stdin.read())
def key(r):
    u = r['url'].strip().split('#')[0]
    m = re.match(r'(?i)https?://(www\.)?([^/]+)(.*)', u)
    if m: return 'url:' + m.group(2).lower() + (m.group(3).rstrip('/') or '')
    return 'text:' + '\n'.join(' '.join(r[f].lower().split()) for f in ('title', 'summary'))
print(len({key(r) for r in d['results']}))" <<<"$OUT")
expect_eq "$groups" "2" "the uncollapsed hits form two groups"
run search grote meren --format json
expect_eq "$(json "[r['similar'] for r in d['results'] if 'Grote Meren' in r['title']]")" \
  "[1]" "one article under two spellings of its URL is one hit, +1"
run search subsidie vredesbemiddelaars
expect_contains "$OUT" "(+2 vergelijkbaar)" "the text output says how many were left out"
run search subsidie vredesbemiddelaars --no-collapse
expect_not_contains "$OUT" "vergelijkbaar" "and says nothing with --no-collapse"
# Facets count documents, copies too, and say so beside a collapsed total.
run search subsidie vredesbemiddelaars --format json --facets
expect_eq "$(json "[d['total'], d['facet_documents'], sum(d['facets']['format'].values())]")" "[2, 4, 4]" \
  "collapsed: 2 results, the facets count the 4 documents"
run search subsidie vredesbemiddelaars --format json --facets --no-collapse
expect_eq "$(json "[d['total'], d['facet_documents']]")" "[4, 4]" "uncollapsed, the two agree"
run search subsidie vredesbemiddelaars --facets
expect_contains "$OUT" "Facets (all 4 matching documents, 2 as results)" "the text output says both numbers"
run search subsidie vredesbemiddelaars --facets --no-collapse
expect_contains "$OUT" "Facets (all 4 matches)" "and one when they agree"
# Only documents with a near-duplicate carry the key that collapsing reads (index/SCHEMA.md,
# slot 13): the three copies and the article's two URLs. The bulk build of the first add gave it.
keyed() { xapian-delve -1 -V13 "$(live_db)" | grep -c '^[0-9]'; }
expect_eq "$(keyed)" "5" "five documents have a near-duplicate, and only they carry the key"
# A fourth copy, written by kb add into the existing index (one writer, not the bulk build).
python3 -c "
import json
for line in open('lezen/artikelen.jsonl'):
    d = json.loads(line)
    if d.get('id') == 'persbericht-kopie-1':
        d['id'] = 'persbericht-kopie-4'
        print(json.dumps(d))" > kopie-4.jsonl
run add kopie-4.jsonl
expect_rc 0 "add a fourth copy later"
expect_eq "$(keyed)" "6" "the later copy carries the key too"
run search subsidie vredesbemiddelaars --format json
expect_eq "$(json "sorted(r['similar'] for r in d['results'])")" "[0, 3]" "and is counted with the other copies"

finish

#!/usr/bin/env bash
# BibTeX import: entries from JabRef, Zotero or a hand-kept .bib become documents with their
# authors (people and organisations), dates, keywords, links and publication details; LaTeX
# accents and escapes become the letters they print; kb's own BibTeX export read back gives the
# same metadata; broken BibTeX is refused with its line, and the other inputs still go in.
source "$(dirname "$0")/lib.sh"

# Written as people and JabRef write it: a comment line, @string macros, "#" joins, accents in
# LaTeX, a braced organisation, "First Last" and "Last, First" names, and a field kb has no slot for.
cat >refs.bib <<'EOF2'
% Encoding: UTF-8
@string{tvv = "Tijdschrift voor Vrede " # "en Veiligheid"}

@Article{bib-wps-2019,
  author    = {de Vries, Anna and {WO=MEN Dutch Gender Platform} and Bj{\"o}rn Str{\'e}m},
  title     = {Vrouwen aan de vredestafel: tien jaar {NAP} 1325},
  journal   = tvv,
  year      = 2019,
  month     = oct,
  volume    = {12},
  pages     = {33--47},
  doi       = {10.1234/tvv.2019.33},
  url       = {https://example.org/artikelen/vredestafel},
  keywords  = {nap1325, vredesprocessen; co{\"o}rdinatie},
  abstract  = {Een evaluatie van de deelname van vrouwen aan vredesprocessen
               sinds het eerste Nationaal Actieplan \& daarna.},
  language  = {nl},
  note      = {Themanummer},
}

@comment{Zotero writes notes like this one; they are not entries.}

@techreport(att-gender,
  title = "Gender and the {Arms Trade Treaty}",
  author = "Smith, Jane",
  institution = "Control Arms",
  year = "2021",
  abstract = "How article 7(4) of the treaty on gender-based violence is applied."
)
EOF2

run add refs.bib
expect_rc 0 "a .bib file is added"
expect_contains "$ERR" "added 2" "both entries"
run show bib-wps-2019 --format json
expect_rc 0 "the entry is found by its citation key"
expect_eq "$(json "d['title']")" "Vrouwen aan de vredestafel: tien jaar NAP 1325" "title, case-protecting braces dropped"
expect_eq "$(json "d['type']")" "article" "type (@Article)"
expect_eq "$(json "d['date']")" "2019-10" "date from year and the month macro"
expect_eq "$(json "d['summary']")" "Een evaluatie van de deelname van vrouwen aan vredesprocessen sinds het eerste Nationaal Actieplan & daarna." "abstract, wrapped and with an escaped &"
expect_eq "$(json "d['tags']")" "['nap1325', 'vredesprocessen', 'coördinatie']" "keywords split at , and ; with accents"
expect_eq "$(json "d['url']")" "https://example.org/artikelen/vredestafel" "url"
expect_eq "$(json "[d['container_title'], d['volume'], d['pages'], d['doi'], d['lang']]")" \
  "['Tijdschrift voor Vrede en Veiligheid', '12', '33-47', '10.1234/tvv.2019.33', 'nl']" \
  "journal from a macro joined with #, volume, pages, DOI and language"
expect_eq "$(json "d['authors']")" \
  "[{'family': 'de Vries', 'given': 'Anna'}, 'WO=MEN Dutch Gender Platform', {'family': 'Strém', 'given': 'Björn'}]" \
  "Last, First; a braced organisation; First Last with LaTeX accents"
expect_eq "$(json "d['extra']")" "{'bibtex:note': 'Themanummer'}" "a field kb has no slot for is kept"
expect_eq "$(ids vredestafel)" "bib-wps-2019" "searchable by its title"
expect_eq "$(ids "coordinatie")" "bib-wps-2019" "a keyword with a LaTeX accent is found without it"
run show att-gender --format json
expect_eq "$(json "[d['type'], d['publisher'], d['date'], d['title']]")" "['report', 'Control Arms', '2021', 'Gender and the Arms Trade Treaty']" \
  "@techreport in parentheses: a report, its institution as publisher"

# Round trip: structured records exported as BibTeX and read back give the same metadata.
cat >records.jsonl <<'EOF2'
{"id": "rt-1", "title": "Women, Peace & Security in Dutch policy: 100% {braces} and $ signs", "type": "article", "date": "2020-05-01", "authors": [{"family": "Jansen", "given": "Willemijn"}, "Cordaid", {"family": "Müller-Lüdenscheidt", "given": "Zoë"}], "tags": ["wps", "nap1325"], "summary": "An overview ~ with a tilde, a #hash and a back\\slash.", "url": "https://example.org/rt-1?a=1&b={2}", "container_title": "Journal of Peace Studies", "volume": "7", "pages": "101-120", "doi": "10.5555/jps.7.101", "publisher": "Peace Press", "lang": "en", "body": "The body is not part of BibTeX."}
{"id": "rt-2", "title": "Factsheet gendergelijkheid", "type": "factsheet", "date": "2022-03", "authors": [{"family": "van den Berg", "given": "Marieke"}], "tags": ["gender"], "summary": "Cijfers over gelijkheid.", "lang": "nl", "body": "Tekst."}
{"id": "rt-3", "title": "Jaarverslag", "type": "report", "date": "2018", "authors": ["Ministerie van Buitenlandse Zaken"], "publisher": "BZ", "lang": "nl", "body": "Tekst."}
EOF2
"$KB" --index rt-a add records.jsonl --quiet || fail "indexing the records"
"$KB" --index rt-a export --format bibtex --output rt.bib --quiet || fail "exporting BibTeX"
run --index rt-b add rt.bib
expect_rc 0 "the BibTeX export is added again"
metadata() {
  "$KB" --index "$1" export --format jsonl 2>/dev/null | python3 -c '
import json, sys
keep = ["id", "title", "type", "date", "authors", "tags", "summary", "url", "container_title", "volume", "pages", "doi", "publisher", "lang"]
for d in sorted(map(json.loads, sys.stdin), key=lambda d: (d["title"], d["id"])):
    print(json.dumps({k: d.get(k) for k in keep if k != "id" or "'"${2:-}"'" != "no-id"}, sort_keys=True, ensure_ascii=False))'
}
a=$(metadata rt-a); b=$(metadata rt-b)
expect_eq "$(wc -l <<<"$b")" 3 "three records come back"
[ "$a" = "$b" ] && pass "BibTeX export read back: the same metadata, specials and accents included" || fail "the round trip changed metadata:
$(diff <(echo "$a") <(echo "$b"))"

# The sample knowledge base, exported and read back: every document, the same metadata (ids with
# characters a citation key cannot hold become keys, so documents are compared without them).
"$KB" --index kb-a add "$CORPUS" --quiet
"$KB" --index kb-a export --format bibtex --output corpus.bib --quiet
"$KB" --index kb-b add corpus.bib --quiet || fail "re-importing the corpus"
normalised() {
  metadata "$1" no-id | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    d["summary"] = " ".join((d["summary"] or "").split()) or None
    d["title"] = " ".join((d["title"] or "").split())
    print(json.dumps(d, sort_keys=True, ensure_ascii=False))' | sort
}
a=$(normalised kb-a); b=$(normalised kb-b)
expect_eq "$(wc -l <<<"$b")" "$(wc -l <<<"$a")" "every document of the corpus comes back"
[ "$a" = "$b" ] && pass "the corpus's metadata survives BibTeX" || fail "the corpus changed:
$(diff <(echo "$a") <(echo "$b") | head -20)"

# Broken BibTeX: the file is refused with its line; the other inputs are still indexed.
printf '@article{open,\n  title = {Nooit gesloten},\n  author = {Klaas, Jan}\n' >no-end.bib
printf '@article{q,\n  title = "een { niet gesloten",\n}\n' >bad-brace.bib
printf '@report{good,\n  title = {Goed},\n}\n' >good.bib
run --index broken add no-end.bib bad-brace.bib good.bib
expect_rc 3 "two broken .bib files and a good one"
expect_contains "$ERR" "no-end.bib" "the first broken file is named"
expect_contains "$ERR" "not closed" "and what is wrong with it"
expect_contains "$ERR" "bad-brace.bib" "the second is named"
expect_contains "$ERR" "line 2" "with its line"
expect_eq "$(KB_INDEX=$WORK/broken doc_count)" 1 "the good file is indexed, nothing of the broken ones"
expect_eq "$("$KB" --index broken show good --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["type"])')" "report" \
  "biblatex's @report is a report"
# A file whose @string macros double forty times: refused at once, in bounded memory.
python3 -c "print('@string{a0 = \"xxxxxxxxxx\"}'); [print('@string{a%d = a%d # a%d}' % (i, i - 1, i - 1)) for i in range(1, 40)]; print('@misc{bomb, title = a39}')" >bomb.bib
run --index bomb add bomb.bib
expect_rc 3 "macros that double forty times"
expect_contains "$ERR" "macros expand to more than" "are refused with a reason"
printf '\n\n@misc{forced, title = {Geforceerd}}\n' >forced.txt
run --index forced add --format bibtex forced.txt
expect_rc 0 "--format bibtex"

finish

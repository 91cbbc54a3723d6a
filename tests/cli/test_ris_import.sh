#!/usr/bin/env bash
# RIS import: records from a reference manager become documents with their authors (people and
# organisations), dates, keywords, links and publication details; kb's own RIS export read back
# gives the same metadata; broken RIS is refused with the line, and the other inputs still go in.
source "$(dirname "$0")/lib.sh"

# Written the way Zotero and EndNote write RIS: CR LF, a wrapped abstract, tags kb has no field for.
printf '%s\r\n' \
  "TY  - JOUR" \
  "ID  - ris-wps-2019" \
  "TI  - Vrouwen aan de vredestafel: tien jaar NAP 1325" \
  "AU  - de Vries, Anna" \
  "AU  - WO=MEN Dutch Gender Platform" \
  "PY  - 2019" \
  "DA  - 2019/10/31/" \
  "AB  - Een evaluatie van de deelname van vrouwen aan vredesprocessen" \
  "sinds het eerste Nationaal Actieplan." \
  "KW  - nap1325" \
  "KW  - vredesprocessen" \
  "UR  - https://example.org/artikelen/vredestafel" \
  "JF  - Tijdschrift voor Vrede en Veiligheid" \
  "VL  - 12" \
  "SP  - 33" \
  "EP  - 47" \
  "DO  - 10.1234/tvv.2019.33" \
  "PB  - Vredesuitgevers" \
  "LA  - nl" \
  "N1  - Themanummer" \
  "ER  - " \
  "" \
  "TY  - RPRT" \
  "TI  - Gender and the Arms Trade Treaty" \
  "AU  - Smith, Jane" \
  "PY  - 2021" \
  "AB  - How article 7(4) of the treaty on gender-based violence is applied by exporting states." \
  "ER  - " >refs.ris

run add refs.ris
expect_rc 0 "a RIS file is added"
expect_contains "$ERR" "added 2" "both records"
expect_contains "$ERR" "1 record without an id" "the record without an ID gets the warning that re-importing will not replace it"
run show ris-wps-2019 --format json
expect_rc 0 "the record is found by its RIS ID"
expect_eq "$(json "d['title']")" "Vrouwen aan de vredestafel: tien jaar NAP 1325" "title (TI)"
expect_eq "$(json "d['type']")" "article" "type (TY JOUR)"
expect_eq "$(json "d['date']")" "2019-10-31" "date (DA)"
expect_eq "$(json "d['summary']")" "Een evaluatie van de deelname van vrouwen aan vredesprocessen sinds het eerste Nationaal Actieplan." "a wrapped abstract is one summary"
expect_eq "$(json "d['tags']")" "['nap1325', 'vredesprocessen']" "keywords (KW) become tags"
expect_eq "$(json "d['url']")" "https://example.org/artikelen/vredestafel" "link (UR)"
expect_eq "$(json "[d['container_title'], d['volume'], d['pages'], d['doi'], d['publisher'], d['lang']]")" \
  "['Tijdschrift voor Vrede en Veiligheid', '12', '33-47', '10.1234/tvv.2019.33', 'Vredesuitgevers', 'nl']" \
  "journal, volume, pages, DOI, publisher and language"
expect_eq "$(json "d['authors']")" "[{'family': 'de Vries', 'given': 'Anna'}, 'WO=MEN Dutch Gender Platform']" "a person (Family, Given) and an organisation"
expect_eq "$(json "d['extra']")" "{'ris:N1': ['Themanummer']}" "a tag kb has no field for is kept"
expect_eq "$(ids vredestafel)" "ris-wps-2019" "searchable by its title"
expect_eq "$(ids "arms trade treaty")" "$WORK/refs.ris#2" "the second record, numbered by position"

# Round trip: structured records exported as RIS and read back give the same metadata.
cat >records.jsonl <<'EOF'
{"id": "rt-1", "title": "Women, Peace and Security in Dutch policy", "type": "article", "date": "2020-05-01", "authors": [{"family": "Jansen", "given": "Willemijn"}, "Cordaid"], "tags": ["wps", "nap1325"], "summary": "An overview.", "url": "https://example.org/rt-1", "container_title": "Journal of Peace Studies", "volume": "7", "pages": "101-120", "doi": "10.5555/jps.7.101", "publisher": "Peace Press", "lang": "en", "body": "The body is not part of RIS."}
{"id": "rt-2", "title": "Factsheet gendergelijkheid", "type": "factsheet", "date": "2022-03", "authors": [{"family": "van den Berg", "given": "Marieke"}], "tags": ["gender"], "summary": "Cijfers over gelijkheid.", "lang": "nl", "body": "Tekst."}
{"id": "rt-3", "title": "Jaarverslag", "type": "report", "date": "2018", "authors": ["Ministerie van Buitenlandse Zaken"], "lang": "nl", "body": "Tekst."}
EOF
"$KB" --index rt-a add records.jsonl --quiet || fail "indexing the records"
"$KB" --index rt-a export --format ris --output rt.ris --quiet || fail "exporting RIS"
"$KB" --index rt-b add rt.ris --quiet || fail "re-importing the RIS export"
metadata() {
  "$KB" --index "$1" export --format jsonl 2>/dev/null | python3 -c '
import json, sys
keep = ["id", "title", "type", "date", "authors", "tags", "summary", "url", "container_title", "volume", "pages", "doi", "publisher", "lang"]
for d in sorted(map(json.loads, sys.stdin), key=lambda d: d["id"]):
    print(json.dumps({k: d.get(k) for k in keep}, sort_keys=True))'
}
a=$(metadata rt-a); b=$(metadata rt-b)
expect_eq "$(wc -l <<<"$b")" 3 "three records come back"
[ "$a" = "$b" ] && pass "RIS export read back: the same metadata, authors structured as before" || fail "the round trip changed metadata:
$(diff <(echo "$a") <(echo "$b"))"

# The sample knowledge base, exported and read back: every document, the same metadata (a literal
# "Family, Given" comes back as that person, which RIS cannot tell apart).
"$KB" --index kb-a add "$CORPUS" --quiet
"$KB" --index kb-a export --format ris --output corpus.ris --quiet
"$KB" --index kb-b add corpus.ris --quiet || fail "re-importing the corpus"
normalised() {
  metadata "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    d["authors"] = [a if isinstance(a, str) else a["family"] + ", " + a["given"] for a in d["authors"] or []]
    d["summary"] = " ".join((d["summary"] or "").split()) or None
    d["title"] = " ".join((d["title"] or "").split())
    print(json.dumps(d, sort_keys=True))'
}
a=$(normalised kb-a); b=$(normalised kb-b)
expect_eq "$(wc -l <<<"$b")" "$(wc -l <<<"$a")" "every document of the corpus comes back"
[ "$a" = "$b" ] && pass "the corpus's metadata survives RIS" || fail "the corpus changed:
$(diff <(echo "$a") <(echo "$b") | head -20)"

# Broken RIS: the file is refused with its line; the other inputs are still indexed.
printf 'TY  - JOUR\nTI  - Een record zonder einde\nAU  - Klaas, Jan\n' >no-end.ris
printf 'TI  - Geen type\nER  - \n' >no-type.ris
printf 'TY  - JOUR\nTI  - Goed\nER  - \n' >good.ris
run --index broken add no-end.ris no-type.ris good.ris
expect_rc 3 "two broken RIS files and a good one"
expect_contains "$ERR" "no-end.ris" "the first broken file is named"
expect_contains "$ERR" "has no ER line" "and what is wrong with it"
expect_contains "$ERR" "no-type.ris" "the second is named"
expect_contains "$ERR" "line 1" "with its line"
expect_eq "$(KB_INDEX=$WORK/broken doc_count)" 1 "the good file is indexed, nothing of the broken ones"
run --index forced add --format ris refs.ris
expect_rc 0 "--format ris"

finish

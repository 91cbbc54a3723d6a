#!/usr/bin/env bash
# Exchange with reference managers and search clusters: CSL-JSON and schema.org JSON-LD imports,
# exports as RIS, BibTeX, CSL-JSON and OpenSearch bulk read back by real consumers (bibutils'
# ris2xml and bib2xml, Python's bibtexparser, a JSON Schema validator), CSL-JSON round trips,
# CSV delimiters and columns.
source "$(dirname "$0")/lib.sh"

EX="$FIXTURES/exchange"
MAPPING="$FIXTURES/../../docs/opensearch-mapping.json"
# Debian's python3, where scripts/setup.sh installs bibtexparser and jsonschema.
PY=/usr/bin/python3
have_module() { "$PY" -c "import $1" 2>/dev/null; }
skip() { echo "SKIP [$TEST_NAME]: $*" >&2; }

# ---- Import: CSL-JSON (Zotero) and schema.org JSON-LD, recognised by their shape ----
run add "$EX/zotero-items.json" "$EX/schema-org.json"
expect_rc 0 "CSL-JSON and JSON-LD files are added"

run show wps-2019-berg --format json
expect_eq "$(json "d['date']")" "2019-11-04" "CSL issued.date-parts becomes the date"
expect_eq "$(json "d['authors']")" "[{'family': 'van den Berg', 'given': 'Anna'}, {'family': 'Öztürk', 'given': 'Elif'}]" \
  "CSL authors keep family and given (particle with the family name)"
expect_eq "$(json "d['url']")" "https://example.org/tvv/2019/berg" "CSL URL becomes the url"
expect_eq "$(json "d['tags']")" "['vredesonderhandelingen', 'resolutie 1325', 'Colombia']" "CSL keyword becomes tags"
expect_eq "$(json "(d['container_title'], d['volume'], d['pages'], d['doi'], d['publisher'], d['type'])")" \
  "('Tijdschrift voor Vredesvraagstukken', '14', '101-123', '10.5555/tvv.2019.014', 'Stichting Vredesonderzoek', 'article')" \
  "CSL container-title, volume, page, DOI, publisher and type are known fields"
expect_eq "$(json "d['extra']")" "{}" "nothing of the CSL item is left over in extra"
run show policy-brief-arms --format json
expect_eq "$(json "(d['type'], d['authors'])")" "('policy', [{'family': 'Mensah', 'given': 'Kofi'}, 'WO=MEN'])" \
  "a generic CSL document takes its type from genre; an organisation stays one literal name"

run show https://example.org/artikelen/mediatie --format json
expect_eq "$(json "(d['type'], d['title'], d['date'], d['lang'], d['publisher'], d['container_title'], d['pages'])")" \
  "('article', 'Vrouwelijke mediators in Jemen', '2020-06-15', 'nl', 'Instituut Clingendael', 'Internationale Spectator', '12-19')" \
  "a ScholarlyArticle maps its headline, date, language, publisher, periodical and pages"
expect_eq "$(json "d['authors']")" "[{'family': 'Haddad', 'given': 'Samira'}]" "a schema.org Person keeps familyName and givenName"
run show https://example.org/rapporten/schaduwrapport --format json
expect_eq "$(json "(d['type'], d['authors'], d['summary'])")" \
  "('report', ['Netwerk VN-Vrouwenverdrag'], 'Wat Nederland nog moet doen.')" "a Report with an Organization author"
run show https://example.org/nieuws/nap-v --format json
expect_eq "$(json "(d['type'], d['date'], d['tags'])")" "('news', '2025-10-31', ['NAP 1325', 'vredesopbouw'])" \
  "a NewsArticle with its keywords"
expect_eq "$(ids auteur:haddad)" "https://example.org/artikelen/mediatie" "structured authors are searchable by name"

# ---- CSL-JSON export: valid against the item schema, and round trips ----
run export --format csl-json
expect_rc 0 "export as CSL-JSON"
echo "$OUT" >"$WORK/items.json"
if have_module jsonschema; then
  if verdict=$("$PY" - "$WORK/items.json" "$EX/csl-items.schema.json" 2>&1 <<'PY'
import json, sys, jsonschema
items = json.load(open(sys.argv[1]))
jsonschema.validate(items, json.load(open(sys.argv[2])))
print(len(items))
PY
  ); then expect_eq "$verdict" "6" "jsonschema accepts all 6 CSL items"; else fail "CSL-JSON export is not valid: $verdict"; fi
else
  skip "python3-jsonschema is not installed (scripts/setup.sh installs it): CSL-JSON schema check not run"
fi
expect_contains "$OUT" '"issued":{"date-parts":[[2019,11,4]]}' "issued is written as date-parts"
expect_contains "$OUT" '"genre":"policy"' "a kb type CSL lacks is kept as genre"

# Every field a reference manager sees comes back the same through CSL-JSON.
metadata() {  # the metadata CSL-JSON can carry, per id, as one sorted JSON text
  "$KB" export --format jsonl 2>/dev/null | "$PY" -c '
import json, sys
keys = ["title", "authors", "date", "url", "tags", "type", "summary", "lang",
        "publisher", "container_title", "volume", "pages", "doi"]
out = {}
for line in sys.stdin:
    r = json.loads(line)
    out[r["id"]] = {k: r.get(k, "") for k in keys}
print(json.dumps(out, sort_keys=True, ensure_ascii=False))'
}
before=$(metadata)
KB_INDEX="$WORK/csl-copy" "$KB" add "$WORK/items.json" 2>/dev/null
after=$(KB_INDEX="$WORK/csl-copy" metadata)
if [ "$before" == "$after" ] && [ -n "$before" ]; then pass "CSL-JSON export re-imported gives the same metadata"
else fail "CSL-JSON round trip differs: $("$PY" -c 'import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); print({k:(a.get(k),b.get(k)) for k in set(a)|set(b) if a.get(k)!=b.get(k)})' "$before" "${after:-{\}}")"; fi

# ---- RIS: read by bibutils' ris2xml into MODS ----
run export --format ris
expect_rc 0 "export as RIS"
echo "$OUT" >"$WORK/items.ris"
expect_contains "$OUT" $'TY  - JOUR\r\nID  - wps-2019-berg' "RIS starts each record with TY"
expect_contains "$OUT" $'AU  - van den Berg, Anna\r\nAU  - Öztürk, Elif' "RIS authors are Family, Given, accents kept"
expect_contains "$OUT" $'DA  - 2022/03//' "RIS DA leaves the missing day empty"
expect_contains "$OUT" $'M3  - policy' "a kb type RIS has no code for is the type of work (M3)"
if command -v ris2xml >/dev/null; then
  ris2xml "$WORK/items.ris" >"$WORK/ris.xml" 2>"$WORK/ris.err"
  verdict=$("$PY" - "$WORK/ris.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://www.loc.gov/mods/v3"}
root = ET.parse(sys.argv[1]).getroot()
mods = root.findall("m:mods", ns)
art = [m for m in mods if m.get("ID") == "wps-2019-berg"][0]
names = [" ".join(p.text for p in n.findall("m:namePart", ns)) for n in art.findall("m:name", ns)]
title = art.find("m:titleInfo/m:title", ns).text
doi = [i.text for i in art.findall("m:identifier", ns) if i.get("type") == "doi"]
date = art.find(".//m:dateIssued", ns)
host = art.find("m:relatedItem[@type='host']/m:titleInfo/m:title", ns)
print(len(mods), names, title.startswith("Vrouwen aan de onderhandelingstafel"), doi, date.text if date is not None else None, host.text if host is not None else None)
PY
  )
  expect_eq "$verdict" "6 ['Anna van den Berg', 'Elif Öztürk'] True ['10.5555/tvv.2019.014'] 2019-11-04 Tijdschrift voor Vredesvraagstukken" \
    "ris2xml reads 6 records with names, title, DOI, date and journal"
else
  skip "bibutils is not installed (scripts/setup.sh installs it): RIS not read back"
fi

# ---- BibTeX: read by bibtexparser and by bib2xml ----
run export --format bibtex
expect_rc 0 "export as BibTeX"
echo "$OUT" >"$WORK/items.bib"
expect_contains "$OUT" '@article{wps-2019-berg,' "a journal article is an @article with the id as key"
expect_contains "$OUT" 'title = {Vrouwen aan de onderhandelingstafel: lessen uit Colombia \& Zuid-Soedan}' "& is escaped"
expect_contains "$OUT" '(50\% meer akkoorden)' "% is escaped"
expect_contains "$OUT" 'deel \{III\}' "braces in text are escaped"
expect_contains "$OUT" 'author = {Mensah, Kofi and {WO=MEN}}' "an organisation is braced as one name"
expect_contains "$OUT" 'url = {https://example.org/briefs/arms?id=7&lang=en}' "URLs are verbatim"
if have_module bibtexparser; then
  verdict=$("$PY" - "$WORK/items.bib" <<'PY'
import sys, bibtexparser
db = bibtexparser.load(open(sys.argv[1], encoding="utf-8"))
e = db.entries_dict
a = e["wps-2019-berg"]
r = e["nap-evaluatie-2022"]
print(len(db.entries), a["ENTRYTYPE"], a["author"], a["year"], a["journal"], a["pages"], a["doi"], r["ENTRYTYPE"], r["institution"])
PY
  2>&1)
  expect_eq "$verdict" "6 article van den Berg, Anna and Öztürk, Elif 2019 Tijdschrift voor Vredesvraagstukken 101--123 10.5555/tvv.2019.014 techreport Rijksoverheid" \
    "bibtexparser reads 6 entries with types, UTF-8 names, year, journal, pages, DOI and institution"
else
  skip "python3-bibtexparser is not installed (scripts/setup.sh installs it): BibTeX not read by it"
fi
if command -v bib2xml >/dev/null; then
  bib2xml "$WORK/items.bib" >"$WORK/bib.xml" 2>"$WORK/bib.err"
  verdict=$("$PY" -c '
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://www.loc.gov/mods/v3"}
mods = ET.parse(sys.argv[1]).getroot().findall("m:mods", ns)
t = [m.find("m:titleInfo/m:title", ns).text for m in mods if m.get("ID") == "nap-evaluatie-2022"]
print(len(mods), t)' "$WORK/bib.xml" 2>&1)
  expect_eq "$verdict" "6 ['Evaluatie van het Nationaal Actieplan 1325, deel {III}']" "bib2xml reads 6 entries and unescapes the braces"
fi

# ---- OpenSearch bulk: action and document lines that fit docs/opensearch-mapping.json ----
run export --format opensearch --opensearch-index kennisbank
expect_rc 0 "export as OpenSearch bulk"
echo "$OUT" >"$WORK/bulk.ndjson"
verdict=$("$PY" - "$MAPPING" "$WORK/bulk.ndjson" 2>&1 <<'PY'
import json, sys, re
mapping = json.load(open(sys.argv[1]))["mappings"]["properties"]
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert len(lines) % 2 == 0, "odd number of lines"
ids = []
for action, source in zip(lines[::2], lines[1::2]):
    a = json.loads(action)["index"]
    assert a["_index"] == "kennisbank", a
    ids.append(a["_id"])
    doc = json.loads(source)
    unmapped = [k for k in doc if k not in mapping]
    assert not unmapped, unmapped
    if "date" in doc:
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", doc["date"]), doc["date"]
    assert all(isinstance(a, dict) for a in doc["authors"]), doc["authors"]
print(len(ids), mapping["title"]["analyzer"], "wps-2019-berg" in ids)
PY
)
expect_eq "$verdict" "6 dutch True" "6 bulk pairs, every field in the mapping (title with the dutch analyzer), kb ids as _id"

# ---- Query exports, --output, CSV delimiter and columns ----
run export 'auteur:haddad' --format ris --output "$WORK/one.ris"
expect_rc 0 "a query's matches exported to a file"
expect_eq "$(grep -c '^TY  - ' "$WORK/one.ris")" "1" "only the matching document is in the RIS file"
run export --format csv --delimiter ';' --fields id,title,authors,doi --no-bom
expect_rc 0 "CSV with ; and chosen columns"
verdict=$("$PY" -c '
import csv, sys, io
rows = list(csv.reader(io.StringIO(sys.stdin.read()), delimiter=";"))
print(rows[0], [r for r in rows if r and r[0] == "wps-2019-berg"][0][2:])' <<<"$OUT")
expect_eq "$verdict" "['id', 'title', 'authors', 'doi'] ['Anna van den Berg; Elif Öztürk', '10.5555/tvv.2019.014']" \
  "Python's csv reads the ;-separated columns asked for"
run export --format csv --delimiter tab --fields title
expect_contains "$OUT" $'\xEF\xBB\xBFtitle\r\n' "tab-separated CSV with one column"
run export --format ris --delimiter ';'
expect_rc 2 "--delimiter is refused outside CSV"
run export --format csv --fields id,titel
expect_rc 2 "an unknown CSV field is refused"
expect_contains "$ERR" "unknown field 'titel'" "the message names the unknown field"

# ---- IDs: --id-field, --require-id, the warning, and rebuild applying them again ----
export KB_INDEX="$WORK/ids"
mkdir -p "$WORK/feed"
cat >"$WORK/feed/records.jsonl" <<'JSONL'
{"meta": {"ref": "R-1"}, "title": "Eerste melding over vredesoverleg"}
{"meta": {"ref": "R-2"}, "title": "Tweede melding over wapenexport"}
JSONL
run add "$WORK/feed" --id-field meta.ref
expect_rc 0 "records added with --id-field meta.ref"
expect_eq "$(ids melding)" "R-1 R-2" "ids come from the named (nested) field"
expect_not_contains "$ERR" "without an id" "no warning when every record has an id"
run add --format jsonl - --id-field /meta/ref <<<'{"meta": {"ref": "R-2"}, "title": "Tweede melding, verbeterd"}'
expect_eq "$(doc_count)" "2" "a corrected record with the same id (JSON Pointer) replaces the old one"
expect_eq "$(ids verbeterd)" "R-2" "the corrected record is the one found"
run rebuild
expect_rc 0 "rebuild"
expect_eq "$(ids melding)" "R-1 R-2" "rebuild reads the folder with its recorded --id-field"
run add --format jsonl - <<<'{"title": "Melding zonder kenmerk"}'
expect_rc 0 "a record without an id is still added"
expect_contains "$ERR" "1 record without an id" "a record without an id is warned about"
expect_contains "$ERR" "adding a corrected copy later adds a new document" "the warning says what re-importing does"
run add --format jsonl - --require-id <<<$'{"id": "R-3", "title": "Bericht met nummer"}\n{"title": "Bericht zonder nummer"}'
expect_rc 3 "--require-id refuses a record without an id (exit 3), adds the others"
expect_contains "$ERR" "line 2" "the refusal names the line"
expect_contains "$ERR" "has no id and --require-id is set" "the refusal says why"
expect_eq "$(ids nummer)" "R-3" "only the record with an id was added"
printf '[{"title": "Lijst zonder ids een"}, {"title": "Lijst zonder ids twee"}]' >"$WORK/list.json"
run add "$WORK/list.json" --require-id --id-field ref
expect_rc 3 "a JSON file whose records lack the named id field is refused"
expect_contains "$ERR" 'a "ref" field (--id-field)' "the message names the field to add"
expect_eq "$(ids lijst)" "" "nothing of the refused file was added"

finish

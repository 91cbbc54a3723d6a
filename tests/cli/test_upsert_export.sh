#!/usr/bin/env bash
# Upserts never duplicate; unchanged files are skipped; export -> add round-trips every field;
# CSV is RFC 4180 and readable by a CSV parser.
source "$(dirname "$0")/lib.sh"

cp -r "$CORPUS" "$WORK/corpus"
run add "$WORK/corpus" --report json
expect_rc 0 "first add of the corpus"
first=$(json "d['added']")
count1=$(doc_count)
expect_eq "$count1" "$first" "documents in the index = documents added"
[ "$count1" -ge 40 ] && pass "corpus has at least 40 documents ($count1)" || fail "corpus too small: $count1"

run add "$WORK/corpus" --report json
expect_rc 0 "second add of the same corpus"
expect_eq "$(doc_count)" "$count1" "adding again does not duplicate"
expect_eq "$(json "d['added'] + d['updated']")" "0" "nothing added or updated the second time"
expect_eq "$(json "d['unchanged']")" "$count1" "every document counted unchanged"

# --force re-reads every file: same ids, so still no duplicates and nothing changed.
run add "$WORK/corpus" --force --report json
expect_eq "$(json "d['unchanged']")" "$count1" "forced re-read finds identical content"
expect_eq "$(doc_count)" "$count1" "forced re-read does not duplicate"

# A changed file is updated in place.
f=$(ls "$WORK"/corpus/json/*.json | head -1)
python3 - "$f" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
if isinstance(d, list): d[0]["title"] = "Gewijzigde titel zeeleeuw"
else: d["title"] = "Gewijzigde titel zeeleeuw"
json.dump(d, open(p, "w"), ensure_ascii=False)
PY
run add "$WORK/corpus" --report json
expect_eq "$(json "d['updated']")" "1" "the edited document is updated"
expect_eq "$(doc_count)" "$count1" "an update does not add a document"
expect_eq "$(total zeeleeuw)" "1" "the new title is searchable"

# Same document from another path (moved file with an explicit id or URL): still one document.
run add "$FIXTURES/cli/stemming.jsonl"
base=$(doc_count)
cp "$FIXTURES/cli/stemming.jsonl" "$WORK/copy.jsonl"
run add "$WORK/copy.jsonl" --report json
expect_eq "$(doc_count)" "$base" "explicit ids upsert across paths"

# Export -> add into an empty index -> export again: identical records.
run export
expect_rc 0 "export"
printf '%s\n' "$OUT" > "$WORK/export1.jsonl"
lines=$(wc -l < "$WORK/export1.jsonl")
expect_eq "$lines" "$base" "one line per document"
KB_INDEX="$WORK/index2" "$KB" add --format jsonl - < "$WORK/export1.jsonl" 2>/dev/null
KB_INDEX="$WORK/index2" "$KB" export > "$WORK/export2.jsonl" 2>/dev/null
same=$(python3 - "$WORK/export1.jsonl" "$WORK/export2.jsonl" <<'PY'
import json, sys
a = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[1])}
b = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2])}
print(a == b and len(a) > 0 and any(r["extra"] for r in a.values()))
PY
)
expect_eq "$same" "True" "export -> add -> export gives the same documents, extra included"

# A query narrows the export; --output writes atomically to a file.
run export 'lang:en' --output "$WORK/en.jsonl"
expect_rc 0 "export with a query to a file"
expect_eq "$(wc -l < "$WORK/en.jsonl")" "$(total 'lang:en')" "export of a query = its matches"
expect_eq "$(ls "$WORK" | grep -c '\.tmp-')" "0" "no temporary file left behind"
run export 'zzzgeenenkeltreffer'
expect_rc 1 "export with no match exits 1"

# CSV: RFC 4180, UTF-8 with BOM, CRLF, quotes and newlines inside fields.
run export --format csv --output "$WORK/all.csv"
csv_ok=$(python3 - "$WORK/all.csv" "$base" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert b"\r\n" in raw, "no CRLF"
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
assert any("\n" in r["body"] for r in rows), "no multi-line field survived"
assert any("ë" in r["body"] or "é" in r["body"] for r in rows), "accents lost"
assert all(r["id"] for r in rows)
print("True")
PY
)
expect_eq "$csv_ok" "True" "CSV parses back with every row, newline and accent"

index_is_sound && pass "xapian-check finds no errors" || fail "xapian-check failed"
finish

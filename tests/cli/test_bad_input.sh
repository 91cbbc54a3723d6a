#!/usr/bin/env bash
# Bad input never loses data: broken files are reported with file and position, the others are
# indexed, the exit code is 3, and the index holds exactly what it held plus the good documents.
source "$(dirname "$0")/lib.sh"

run add "$FIXTURES/cli/stemming.jsonl"
before=$(doc_count)

mkdir -p in
cat > in/good.html <<'X'
<!DOCTYPE html><html lang="nl"><head><title>Goede pagina</title></head>
<body><main><p>Een goede pagina over vredesactivisten.</p></main></body></html>
X
cat > in/broken-markup.html <<'X'
<html><head><title>Kapotte opmaak</title><body><div><p>Eerste alinea over ondertekenaars
<p>Tweede alinea <b>vet <i>schuin</b> nog</i> meer</div></div></span>
<ul><li>een<li>twee
X
cat > in/good.xml <<'X'
<?xml version="1.0"?><publicatie><titel>Goed XML-bericht</titel><tekst>Over conflictgebieden.</tekst></publicatie>
X
printf '{"id":"good-json","title":"Goed JSON-bericht","body":"Over vrouwenorganisaties."}\n' > in/good.json
printf '<?xml version="1.0"?>\n<root>\n  <titel>Onvolledig</titel>\n  <tekst>open\n  </root>\n' > in/broken.xml
printf '{\n  "id": "broken-json",\n  "title": "Onvolledig" \n  "body": "mist een komma"\n}\n' > in/broken.json
printf '{"id":"bad-utf8","title":"Caf\xe9 \xff\xfe","body":"ongeldige bytes"}\n' > in/invalid-utf8.json
printf '{"id":"l1","title":"Regel een","body":"eerste goede regel"}\n{"id":"l2", broken\n{"id":"l3","title":"Regel drie","body":"derde goede regel"}\n' > in/mixed.jsonl
: > in/empty.html
head -c 4096 /dev/urandom > in/random.bin
printf 'PK\x03\x04\x00\x00binary\x00zip' > in/archive.json
printf 'gewoon een tekstbestand zonder opmaak\n' > in/notes.txt

run add in "$WORK/does-not-exist.html" --report json
expect_rc 3 "some inputs failed: exit 3"
expect_eq "$(doc_count)" "$((before + 6))" "exactly the six good documents were added"
expect_eq "$(json "d['failed']")" "5" "five failures counted (xml, json, utf-8, jsonl line, missing path)"
expect_eq "$(json "d['skipped']")" "4" "four skipped (empty, random, binary .json, plain text)"
expect_eq "$(json "d['added']")" "6" "six added"
failures=$(json "'\n'.join(f\"{f['file']}|{f['position']}|{f['reason']}\" for f in d['failures'])")
expect_contains "$failures" "broken.xml|line 5" "malformed XML names the file and line"
expect_contains "$failures" "broken.json|line 4" "malformed JSON names the file and line"
expect_contains "$failures" "invalid-utf8.json|line 1, column 30" "invalid UTF-8 names the position of the bad byte"
expect_contains "$failures" "mixed.jsonl|line 2" "bad JSON Lines record names its line"
expect_contains "$failures" "does-not-exist.html|" "missing path reported"
expect_contains "$ERR" "broken.xml" "stderr names the broken XML file"
expect_eq "$(grep -c 'error:' <<<"$ERR")" "5" "one error line per failure"
expect_eq "$(total 'title:onvolledig')" "0" "no partial document from a broken file"
expect_eq "$(total ondertekenaars)" "1" "broken HTML is parsed leniently and indexed"
expect_eq "$(total '"regel drie"')" "1" "JSON Lines records after a bad line are indexed"
index_is_sound && pass "index passes xapian-check" || fail "xapian-check failed"

# A good file that turns bad keeps its last good version in the index.
printf '{"id":"good-json", "title": ' > in/good.json
run add in/good.json
expect_rc 3 "a file that became malformed fails"
expect_eq "$(total vrouwenorganisaties)" "1" "its previous version is still searchable"

# Only bad input: still exit 3, index untouched.
n=$(doc_count)
run add in/broken.xml
expect_rc 3 "only a bad file: exit 3"
expect_eq "$(doc_count)" "$n" "index unchanged"

# Unreadable file (only testable when not root: root reads everything).
if [ "$(id -u)" -ne 0 ]; then
  printf '{"id":"secret","title":"x"}' > in/secret.json && chmod 000 in/secret.json
  run add in/secret.json
  expect_rc 3 "unreadable file fails"
  expect_contains "$ERR" "secret.json" "unreadable file named"
fi
# A file that cannot be read even by root.
if [ -r /proc/self/mem ]; then
  run add /proc/self/mem --format json
  [ "$RC" -eq 3 ] && pass "read error reported (exit 3)" || fail "read error: exit $RC, $ERR"
fi
finish

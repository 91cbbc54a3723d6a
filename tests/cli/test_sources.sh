#!/usr/bin/env bash
# The source table and "never lose a document": rebuild over missing, unreadable and emptied
# sources; folders kb does not own; JSON Lines files with a bad line; files named one by one;
# remove --missing; canonical URLs; file names that are not UTF-8.
source "$(dirname "$0")/lib.sh"

report() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print($1)" <<<"$OUT"; }
titles() { "$KB" export 2>/dev/null | python3 -c "import json,sys; print(' '.join(sorted(json.loads(l)['title'] for l in sys.stdin if l.strip())))"; }

# --- 1. A recorded folder that is missing (an unmounted share) stops the rebuild.
mkdir share
for i in $(seq 1 10); do printf '{"id":"s%d","title":"Deel %d","body":"vrede"}' "$i" "$i" > "share/d$i.json"; done
"$KB" add share -q
mv share share.unmounted
run rebuild --report json
expect_rc 6 "rebuild with a missing source folder stops"
expect_eq "$(report "d['refused'], d['source_problems'][0]['state'], d['documents_after']")" "True missing 10" "the JSON report says why"
expect_contains "$ERR" "share is missing" "the message names the missing folder"
expect_contains "$ERR" "--allow-drop" "the message says what to do"
expect_eq "$(doc_count)" "10" "the live index still holds all 10 documents"
[ -n "$(report "d['started_at']")" ] && [ -n "$(report "d['finished_at']")" ] && pass "report has timestamps" || fail "report lacks timestamps"
mv share.unmounted share
run rebuild
expect_rc 0 "with the share back, the rebuild runs"
expect_eq "$(doc_count)" "10" "and keeps all 10"
mv share share.gone
run rebuild --allow-drop
expect_rc 0 "--allow-drop drops a missing source on purpose"
expect_eq "$(doc_count)" "0" "its documents are gone"
expect_contains "$ERR" "forgot the missing source" "and it says so"
run rebuild
expect_rc 0 "the next rebuild no longer asks about the forgotten source"
rm -rf share.gone

# kb remove --source forgets one source and its documents, so the rebuild goes on without it.
export KB_INDEX="$WORK/index1b"
mkdir -p keep gone
printf '{"id":"k1","title":"Blijft"}' > keep/k.json
printf '{"id":"g1","title":"Weg"}' > gone/g.json
"$KB" add keep gone -q
rm -rf gone
run rebuild
expect_rc 6 "a removed folder stops the rebuild"
run remove --source gone
expect_rc 0 "remove --source forgets it"
expect_eq "$(ids '')" "k1" "with its documents, and only those"
run rebuild
expect_rc 0 "the rebuild then runs"
expect_eq "$(doc_count)" "1" "and keeps the other folder's document"
export KB_INDEX="$WORK/index"

# --- 2. A source that cannot be read (permission) is not a source that is gone.
# As root every folder is readable: run this part as an ordinary user.
as_user() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
chmod 755 "$WORK"
mkdir -p u/docs
for i in 1 2 3; do printf '{"id":"u%d","title":"Stuk %d"}' "$i" "$i" > "u/docs/$i.json"; done
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 u
U_INDEX="$WORK/u/index"
KB_INDEX="$U_INDEX" as_user "$KB" add u/docs -q
chmod 000 u/docs
KB_INDEX="$U_INDEX" as_user "$KB" rebuild >/dev/null 2>"$WORK/.err"; RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 6 "rebuild with an unreadable source folder stops"
expect_contains "$ERR" "unreadable" "the message says the folder is unreadable"
chmod 755 u/docs
n=$(KB_INDEX="$U_INDEX" as_user "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")
expect_eq "$n" "3" "the live index still holds the unreadable folder's 3 documents"
# An unreadable sub-folder inside a readable source keeps its documents through rebuild.
mkdir -p u/docs/sub && printf '{"id":"u4","title":"Stuk 4"}' > u/docs/sub/4.json
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 u
KB_INDEX="$U_INDEX" as_user "$KB" add u/docs -q
chmod 000 u/docs/sub
KB_INDEX="$U_INDEX" as_user "$KB" rebuild -q 2>/dev/null; RC=$?
chmod 755 u/docs/sub
expect_rc 3 "rebuild reports the unreadable sub-folder"
n=$(KB_INDEX="$U_INDEX" as_user "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")
expect_eq "$n" "4" "the unreadable sub-folder's document is kept"
# remove --missing and add --prune follow the same rule: a file that cannot be reached is not gone.
chmod 000 u/docs/sub
KB_INDEX="$U_INDEX" as_user "$KB" remove --missing -q 2>/dev/null
KB_INDEX="$U_INDEX" as_user "$KB" add u/docs --prune -q 2>/dev/null
chmod 755 u/docs/sub
n=$(KB_INDEX="$U_INDEX" as_user "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")
expect_eq "$n" "4" "remove --missing and add --prune keep a document they cannot reach"

# --- 3. A rebuild that would drop more than --max-drop stops; a small drop goes through.
export KB_INDEX="$WORK/index3"
mkdir many
for i in $(seq 1 20); do printf '{"id":"m%d","title":"Nummer %d"}' "$i" "$i" > "many/$i.json"; done
"$KB" add many -q
rm many/20.json
run rebuild
expect_rc 0 "dropping 1 of 20 (5%) is under the default 10%"
expect_eq "$(doc_count)" "19" "the deleted file's document is gone"
rm many/1[0-9].json
run rebuild --report json
expect_rc 6 "dropping 10 of 19 stops the rebuild"
expect_eq "$(report "d['dropped'], d['dropped_by_source'][0]['reason']")" "10 its file was deleted" "the report says what and why"
expect_eq "$(doc_count)" "19" "the live index is unchanged"
run rebuild --max-drop 60
expect_rc 0 "a higher --max-drop lets it through"
expect_eq "$(doc_count)" "9" "and the deleted files' documents are gone"

# --- 4. kb deletes only what it created.
mkdir -p mine/db-backup-2019 && echo precious > mine/db-backup-2019/x && echo list > mine/db-list.txt
run --index mine add many
expect_rc 5 "an ordinary folder is refused as --index"
expect_contains "$ERR" "not a kb index" "with a message saying why"
[ -f mine/db-backup-2019/x ] && [ -f mine/db-list.txt ] && pass "the folder's files are intact" || fail "kb deleted files in a folder it does not own"
mkdir -p "$KB_INDEX/db-backup-2019" && echo precious > "$KB_INDEX/db-backup-2019/x" && echo l > "$KB_INDEX/db-list.txt"
"$KB" add many -q --force; "$KB" rebuild -q
[ -f "$KB_INDEX/db-backup-2019/x" ] && [ -f "$KB_INDEX/db-list.txt" ] && pass "add and rebuild leave a user's db-* entries alone" || fail "a user's db-* entry was deleted"
first_db=$(awk '{print $2}' "$KB_INDEX/current")
"$KB" rebuild -q; "$KB" rebuild -q
[ ! -e "$KB_INDEX/$first_db" ] && [ "$(ls "$KB_INDEX" | grep -cE '^db-[0-9]+-[0-9]+$')" -le 2 ] \
  && pass "kb's own old databases are cleaned up" || fail "stale databases: $(ls "$KB_INDEX")"
run --index empty-dir add many
mkdir -p empty2 && run --index empty2 add many
expect_rc 0 "an empty folder may become an index"

# --- 5. JSON Lines: a bad line keeps old documents; edits are not reverted; change detection.
export KB_INDEX="$WORK/index5"
printf '{"id":"a","title":"Alfa een"}\n{"id":"b","title":"Beta een"}\n{"id":"c","title":"Gamma een"}\n' > r.jsonl
"$KB" add r.jsonl -q
run add r.jsonl --report json
expect_eq "$(report "d['unchanged'], d['added'] + d['updated']")" "3 0" "an unchanged JSON Lines file is not read again"
printf '{"id":"a","title":"Alfa twee"}\n{"id":"b","title":"Beta een"}\n' > r.jsonl
"$KB" add r.jsonl -q
expect_eq "$(titles)" "Alfa twee Beta een" "an edit and a deleted line are applied"
printf '{"id":"a","title":"Alfa drie"}\n{"id":"b", "title": \n' > r.jsonl
run add r.jsonl
expect_rc 3 "a bad line fails the add"
expect_eq "$(titles)" "Alfa drie Beta een" "the bad line's old document is kept, the good line is updated"
expect_contains "$ERR" "r.jsonl (line 2" "the error names the file and line"
run add r.jsonl
expect_rc 3 "the file with a bad line is read again (not skipped as unchanged)"
run rebuild
expect_rc 3 "rebuild reports the bad line"
expect_eq "$(titles)" "Alfa drie Beta een" "rebuild neither reverts the edit nor loses the bad line's document"
printf '{"id":"a","title":"Alfa vier"}\n{"id":"b","title":"Beta vier"}\n' > r.jsonl
run rebuild
expect_rc 0 "a JSON Lines file added by name is read again by rebuild"
expect_eq "$(titles)" "Alfa vier Beta vier" "with its new contents"

# --- 6. A file named by itself is read by rebuild, also after a failed rebuild.
printf '{"id":"f","title":"Fenna een"}' > f.json
"$KB" add f.json -q
printf '{"id":"f", "title": ' > f.json
run rebuild
expect_rc 3 "rebuild reports the broken named file"
printf '{"id":"f","title":"Fenna twee"}' > f.json
run rebuild
expect_rc 0 "the next rebuild reads it again"
expect_eq "$("$KB" show f --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["title"])')" "Fenna twee" "with its repaired contents"

run stats --format json
expect_eq "$(report "' '.join(sorted(x['kind'] + ':' + x['path'].rsplit('/', 1)[-1] for x in d['sources']))")" "file:f.json file:r.jsonl" "stats lists the recorded sources"
run stats
expect_contains "$OUT" "file   $WORK/r.jsonl" "and shows them as text"

# A source recorded in an index that is still empty is kept when the first documents arrive.
export KB_INDEX="$WORK/index6b"
mkdir -p later && printf '{"id":"l1", "title": ' > later/l.json
"$KB" add later -q 2>/dev/null
printf '{"id":"n1","title":"Nieuw"}' > n.json
"$KB" add n.json -q
printf '{"id":"l1","title":"Later"}' > later/l.json
"$KB" rebuild -q
expect_eq "$(titles)" "Later Nieuw" "the folder recorded while the index was empty is read by rebuild"
export KB_INDEX="$WORK/index5"

# --- 7. remove --missing and rebuild agree: restored records are kept by both.
"$KB" export > backup.jsonl
export KB_INDEX="$WORK/index7"
sed 's#"source":"[^"]*"#"source":"/nonexistent/place.json"#' backup.jsonl > moved.jsonl
"$KB" add --format jsonl - < moved.jsonl 2>/dev/null
before=$(doc_count)
run remove --missing
expect_eq "$(doc_count)" "$before" "remove --missing keeps records restored from an export"
run rebuild
expect_eq "$(doc_count)" "$before" "and so does rebuild"

# --- 8. Canonical URLs: relative ones are not ids; one URL claimed twice keeps two documents.
export KB_INDEX="$WORK/index8"
mkdir -p site
for n in een twee; do
  printf '<html><head><title>Nieuws %s</title><link rel="canonical" href="/nieuws"></head><body><p>Bericht %s.</p></body></html>' $n $n > "site/rel-$n.html"
  printf '<html><head><title>Kopie %s</title><link rel="canonical" href="https://example.org/x"></head><body><p>Tekst %s.</p></body></html>' $n $n > "site/abs-$n.html"
done
run add site
expect_eq "$(doc_count)" "4" "pages with one relative or shared canonical URL stay separate documents"
expect_contains "$ERR" "same canonical URL https://example.org/x" "a shared canonical URL is reported"
touch site/*.html
run add site --report json
expect_eq "$(report "d['updated'], d['unchanged']")" "0 4" "re-adding the touched folder changes nothing"
run add site --force --report json
expect_eq "$(report "d['updated'], d['unchanged']")" "0 4" "re-reading it with --force changes nothing either"

# --- 9. A file name that is not UTF-8 is stored exactly: rebuild and re-add give no duplicate.
export KB_INDEX="$WORK/index9"
mkdir -p raw && printf '{"title":"Bytes"}' > "raw/caf$(printf '\351').json"
"$KB" add raw/caf*.json -q
"$KB" rebuild -q
touch raw/*
"$KB" add raw/caf*.json -q
expect_eq "$(doc_count)" "1" "no duplicate after rebuild and re-add"
"$KB" export | python3 -c "import json,sys; d=json.loads(sys.stdin.readline()); print(bytes.fromhex(d['source_hex']).endswith(b'caf\xe9.json'))" > hex.txt
expect_eq "$(cat hex.txt)" "True" "the export keeps the exact file name in source_hex"

finish

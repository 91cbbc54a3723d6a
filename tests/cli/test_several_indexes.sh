#!/usr/bin/env bash
# kb search, export and stats over several indexes at once: a second local folder, and an index
# that a real xapian-tcpsrv serves on 127.0.0.1. The hits are merged by relevance and name their
# index; a remote index ranks exactly as the same folder read locally; what the remote protocol
# cannot do (spelling) degrades with a note; an export holds each id once; stats count each
# index and the total; a server that is gone is a clear error.
source "$(dirname "$0")/lib.sh"

command -v xapian-tcpsrv >/dev/null || { echo "SKIP: xapian-tcpsrv is missing (apt-get install xapian-tools)"; exit 0; }

"$KB" --index A add "$CORPUS/html" --quiet || fail "indexing A"
"$KB" --index B add "$CORPUS/json" "$CORPUS/xml" --quiet || fail "indexing B"

# A free port: the kernel picks one, the server takes it over.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# In a session of its own: on SIGTERM, xapian-tcpsrv signals its whole process group.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$PORT" "$WORK/B/current" >"$WORK/tcpsrv.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do grep -q Listening "$WORK/tcpsrv.log" && break; sleep 0.1; done
grep -q Listening "$WORK/tcpsrv.log" && pass "xapian-tcpsrv serves B on port $PORT" || fail "the server did not start: $(cat "$WORK/tcpsrv.log")"
REMOTE="tcp://127.0.0.1:$PORT"

# hits QUERY INDEX...: "id@index" of every hit, in rank order.
hits() {
  local query=$1; shift
  local args=()
  for i in "$@"; do args+=(--index "$i"); done
  "$KB" "${args[@]}" search "$query" --no-collapse --format json -n 1000 2>"$WORK/hits.err" |
    python3 -c "import json,sys; print(' '.join(r['id'] + '@' + r.get('index', '-') for r in json.load(sys.stdin)['results']))"
}
count() { wc -w <<<"$1" | tr -d ' '; }

for q in vrouwen "vrede veiligheid" 1325 nederland; do
  a=$(hits "$q" A); b=$(hits "$q" B)
  local_both=$(hits "$q" A "$WORK/B")
  remote_both=$(hits "$q" A "$REMOTE")
  expect_eq "$(count "$local_both")" "$(( $(count "$a") + $(count "$b") ))" "'$q': two folders find what each finds alone"
  # Each hit names the index that holds it.
  misnamed=$(python3 - "$a" "$b" "$remote_both" "$WORK/A" "$REMOTE" <<'PY'
import sys
a, b, both, name_a, name_b = sys.argv[1:]
in_a = {h.split('@')[0] for h in a.split()}
in_b = {h.split('@')[0] for h in b.split()}
print(' '.join(h for h in both.split() if not ((h.endswith('@' + name_a) and h.split('@')[0] in in_a) or
                                              (h.endswith('@' + name_b) and h.split('@')[0] in in_b))))
PY
)
  expect_eq "$misnamed" "" "'$q': every hit names the index that holds it"
  # The same documents in the same order, whether B is read as a folder or over the network.
  expect_eq "$(sed "s#$WORK/B#B#g" <<<"$local_both")" "$(sed "s#$REMOTE#B#g" <<<"$remote_both")" \
    "'$q': the remote index ranks exactly as the same folder read locally"
done

# Near-duplicates in different indexes collapse too: no writer saw both copies, so the search
# collapses on the key every document carries (index/SCHEMA.md, slot 15).
for i in 1 2; do
  printf '{"id": "kopie-%s", "title": "Overleg over kustwachtsamenwerking", "body": "De kustwacht en de marine spraken over samenwerking."}\n' "$i" >"kopie-$i.jsonl"
  "$KB" --index "D$i" add "kopie-$i.jsonl" --quiet || fail "indexing D$i"
done
run --index D1 --index D2 search kustwachtsamenwerking --format json
expect_eq "$(json "[(r['id'], r['similar']) for r in d['results']]")" "[('kopie-1', 1)]" \
  "a copy in another index is collapsed into one hit, and counted"
run --index D1 --index D2 search kustwachtsamenwerking --format json --no-collapse
expect_eq "$(json "len(d['results'])")" "2" "--no-collapse shows both"

run --index A --index "$REMOTE" search vrouwen --format json -n 100 --no-collapse
expect_rc 0 "a search over a local and a remote index"
expect_eq "$(json "sorted(set(r['index'] for r in d['results']))")" "['$WORK/A', '$REMOTE']" "every hit names its index"
expect_eq "$(json "d['notes']")" "[]" "no note when every word is known"
COLUMNS=300 run --index A --index "$REMOTE" search vrouwen -n 3
expect_contains "$OUT" "index $REMOTE" "text results name the remote index"
expect_contains "$OUT" "index $WORK/A" "and the local one"
# An index alone has no "index" field: the JSON stays as it was.
run --index A search vrouwen --format json
expect_eq "$(json "any('index' in r for r in d['results'])")" "False" "one index: no index field"

# A typo: the local dictionary still suggests, and a note says the remote one was not asked.
run --index A --index "$REMOTE" search vrouwne --format json
expect_rc 0 "a misspelt word over a remote index"
expect_eq "$(json "d['suggestion']")" "vrouwen" "the local spelling dictionary still corrects"
expect_contains "$(json "d['notes']")" "remote protocol" "a note says the remote index has no spelling dictionary"
run --index A --index "$REMOTE" search vrouwne
expect_contains "$ERR" "kb: note: spelling suggestions come from the local indexes only" "the note goes to stderr in text output"

# Facets are counted by kb's own match spies, which xapian-tcpsrv cannot run: none, and a note.
run --index A --index "$REMOTE" search vrouwen --facets --format json
expect_rc 0 "--facets over a remote index is no error"
expect_eq "$(json "d['facets']")" "{}" "no facets"
expect_contains "$(json "d['notes']")" "no facets" "a note says why"
run --index A --index "$WORK/B" search vrouwen --facets --format json --no-collapse
expect_eq "$(json "sum(d['facets']['format'].values())")" "$(json "d['total']")" "two local indexes: facets count every match"
run --index A --index "$REMOTE" search vrouwen --related --format json
expect_eq "$(json "len(d['related']) > 0")" "True" "--related works over a remote index"

# Export over several: every document of each, once; with a query, exactly what the search finds.
ids_of() { python3 -c "import json,sys; print(' '.join(sorted(json.loads(l)['id'] for l in sys.stdin if l.strip())))"; }
a_ids=$("$KB" --index A export 2>/dev/null | ids_of); b_ids=$("$KB" --index B export 2>/dev/null | ids_of)
run --index A --index "$REMOTE" export
expect_rc 0 "export of a local and a remote index"
expect_eq "$(ids_of <<<"$OUT")" "$(tr ' ' '\n' <<<"$a_ids $b_ids" | sort | tr '\n' ' ' | sed 's/ $//')" \
  "the export holds every document of both, once"
expect_contains "$ERR" "exported $(( $(count "$a_ids") + $(count "$b_ids") )) documents" "the note counts both"
run --index A --index "$REMOTE" export vrouwen
expect_eq "$(ids_of <<<"$OUT")" "$(hits vrouwen A "$REMOTE" | tr ' ' '\n' | sed 's/@.*//' | sort | tr '\n' ' ' | sed 's/ $//')" \
  "export QUERY over both: the documents the search finds"
# The same documents in a second index: each id once, and a note says how many were left out.
"$KB" --index A2 add "$CORPUS/html" --quiet || fail "indexing A2"
run --index A --index "$WORK/A2" export
expect_eq "$(ids_of <<<"$OUT")" "$a_ids" "an id that an earlier index gave is not written again"
expect_contains "$ERR" "left out $(count "$a_ids") documents whose id an earlier --index already gave" "a note counts them"
run --index A --index "$WORK/A2" export --format csv --quiet
expect_eq "$(python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))) - 1)' <<<"$OUT")" "$(count "$a_ids")" \
  "CSV too: one row per id"

# Stats over several: each index, then the total; a remote index has no folder or size.
run --index A --index "$REMOTE" stats --format json
expect_rc 0 "stats of a local and a remote index"
expect_eq "$(json "d['documents']")" "$(( $(count "$a_ids") + $(count "$b_ids") ))" "the total counts both"
expect_eq "$(json "[i['index'] for i in d['indexes']]")" "['$WORK/A', '$REMOTE']" "each index in order"
expect_eq "$(json "[i['documents'] for i in d['indexes']]")" "[$(count "$a_ids"), $(count "$b_ids")]" "each counted alone"
expect_eq "$(json "d['indexes'][1]['size_bytes']")" "None" "no size for the remote index"
expect_eq "$(json "sum(d['indexes'][1]['by_format'].values()) == d['indexes'][1]['documents']")" "True" \
  "the remote index is counted by format"
run --index A --index "$REMOTE" stats
expect_contains "$OUT" "total" "text stats end with the total"
expect_contains "$OUT" "unknown (a remote index)" "and say the remote size is unknown"
run --index A stats --format json
expect_eq "$(json "'indexes' in d")" "False" "one index: the JSON stays as it was"

# A list in the index folder instead of --index repeated: indexes.txt, one per line, relative
# folders from the index folder; its own folder and comments are ignored.
"$KB" --index L add "$CORPUS/html" --quiet || fail "indexing L"
printf '# the team archive, over the network\n%s\n\n../A2   # and a copy\n.\n' "$REMOTE" >"$WORK/L/indexes.txt"
run --index L search vrouwen --format json -n 1000 --no-collapse
expect_rc 0 "a search with indexes.txt"
expect_eq "$(json "sorted(set(r['index'] for r in d['results']))")" "['$WORK/A2', '$WORK/L', '$REMOTE']" \
  "the listed indexes are searched, each hit naming its index"
expect_eq "$(json "len(d['results'])")" "$(( $(count "$(hits vrouwen A)") * 2 + $(count "$(hits vrouwen B)") ))" \
  "every match of the three, the index's own folder not twice"
run --index L stats --format json
expect_eq "$(json "[i['index'] for i in d['indexes']]")" "['$WORK/L', '$REMOTE', '$WORK/A2']" "stats reads the list too"
run --index L export --quiet
expect_eq "$(ids_of <<<"$OUT")" "$(tr ' ' '\n' <<<"$a_ids $b_ids" | sort | tr '\n' ' ' | sed 's/ $//')" \
  "export reads the list too (L and A2 hold the same pages: each once)"
run --index L show "$(cut -d' ' -f1 <<<"$b_ids")"
expect_rc 1 "show reads one index only: a document of a listed index is not found there"
head -c 70000 /dev/zero | tr '\0' '#' >"$WORK/L/indexes.txt"
run --index L search vrouwen
expect_rc 5 "a list over 64 KiB"
expect_contains "$ERR" "indexes.txt" "the error names the list"
rm "$WORK/L/indexes.txt"

# Mistakes and failures: clear, one line, the documented exit codes.
run --index A --index "$WORK/B" rebuild
expect_rc 2 "rebuild with two --index"
expect_contains "$ERR" "only kb search, export and stats read several indexes" "it says which commands take several"
run --index "$REMOTE" search vrouwen
expect_rc 5 "a remote index alone"
expect_contains "$ERR" "the first --index must be a local folder" "it says to put a local index first"
run --index A --index tcp://127.0.0.1 search vrouwen
expect_rc 5 "a remote index without a port"
expect_contains "$ERR" "write tcp://HOST:PORT" "it shows the form"
run --index A --index "$WORK/nothing" search vrouwen
expect_rc 5 "a second index that does not exist"
kill $SERVER; wait $SERVER 2>/dev/null
run --index A --index "$REMOTE" search vrouwen
expect_rc 5 "the server is gone"
expect_contains "$ERR" "cannot reach the remote index $REMOTE" "the error names the remote index"
[ "$(wc -l <<<"$ERR")" = 1 ] && pass "in one line" || fail "the error is not one line: $ERR"

finish

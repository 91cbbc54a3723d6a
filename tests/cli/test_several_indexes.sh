#!/usr/bin/env bash
# kb search over several indexes at once: a second local folder, and an index that a real
# xapian-tcpsrv serves on 127.0.0.1. The hits are merged by relevance and name their index; a
# remote index ranks exactly as the same folder read locally; what the remote protocol cannot do
# (spelling) degrades with a note; a server that is gone is a clear error.
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

# Mistakes and failures: clear, one line, the documented exit codes.
run --index A --index "$WORK/B" stats
expect_rc 2 "stats with two --index"
expect_contains "$ERR" "only kb search reads several indexes" "stats says which command takes several"
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

#!/usr/bin/env bash
# Cron-safe writes: one writer at a time (the second waits or exits 75), readers never blocked,
# readers never see a partial index during rebuild, and kill -9 never corrupts anything.
source "$(dirname "$0")/lib.sh"

gen() {  # gen N PREFIX: N JSON Lines records
  python3 -c "
import json, sys
words = 'vrouwen vrede veiligheid resolutie activisten organisaties mensenrechten verdedigers conflict akkoord'.split()
for i in range($1):
    body = ' '.join(words[(i * 7 + k) % len(words)] for k in range(60))
    print(json.dumps({'id': '$2-%d' % i, 'title': 'Document %d' % i, 'body': body, 'type': 'report'}))
"
}
gen 3000 doc > docs.jsonl
mkdir -p files
python3 -c "
import json
for i in range(1500):
    json.dump({'id': 'file-%d' % i, 'title': 'Bestand %d' % i, 'body': 'vrouwen en vrede ' * 40}, open('files/f%04d.json' % i, 'w'))
"

# --- Two writers. A writer reading from a FIFO holds the lock until we close the FIFO.
"$KB" add --format jsonl - < docs.jsonl 2>/dev/null
base=$(doc_count)
mkfifo pipe
"$KB" add --format jsonl - < pipe 2>writer1.err &
w1=$!
exec 7>pipe
sleep 0.5
start=$(date +%s.%N)
run add --format jsonl --wait 1 - <<<'{"id":"second","title":"Tweede schrijver"}'
elapsed=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
expect_rc 75 "a second writer gives up with the locked exit code"
expect_contains "$ERR" "another kb process" "the message says another process is writing"
python3 -c "import sys; sys.exit(0 if 0.9 <= $elapsed <= 5 else 1)" && pass "it waited --wait 1 ($elapsed s)" || fail "waited $elapsed s"
run search vrouwen --format json
expect_rc 0 "a reader is not blocked by the writer"
run rebuild --wait 0.5
expect_rc 75 "rebuild while another writer holds the lock: exit 75"
# Now the second writer waits long enough: release the first after a second.
( sleep 1; echo '{"id":"first","title":"Eerste schrijver"}' >&7; exec 7>&- ) &
exec 7>&-
run add --format jsonl --wait 20 - <<<'{"id":"second","title":"Tweede schrijver"}'
expect_rc 0 "a second writer with a long enough --wait succeeds"
wait $w1
expect_eq "$?" "0" "the first writer finished normally"
expect_eq "$(doc_count)" "$((base + 2))" "both writers' documents are in"
index_is_sound && pass "xapian-check after two writers" || fail "xapian-check failed"

# --- Readers during rebuild: every search sees the whole index, never part of it.
n=$(doc_count)
# The reader searches for as long as the rebuilds run (not for a fixed time, so a slow build,
# such as one with sanitizers, still overlaps them).
touch rebuilding
(
  while [ -e rebuilding ]; do
    c=$("$KB" search 'type:report' --format json -n 0 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])" 2>/dev/null)
    echo "${c:-ERROR}"
  done
) > reader.log &
reader=$!
: > rebuilds.log
for i in 1 2 3 4 5 6 7 8; do
  sleep 0.2  # let searches start before each rebuild
  "$KB" rebuild --quiet || echo "rebuild $i failed: $?" >> rebuilds.log
done
rm -f rebuilding
wait $reader
[ ! -s rebuilds.log ] && pass "eight rebuilds succeeded while searches ran" || fail "$(cat rebuilds.log)"
reports=$(grep -c . reader.log)
bad=$(grep -vx "$((n - 2))" reader.log | sort | uniq -c | head -5)
[ "$reports" -ge 3 ] && pass "reader ran $reports searches during eight rebuilds" || fail "reader ran only $reports searches"
[ -z "$bad" ] && pass "every search saw the complete count, $((n - 2))" || fail "reader saw: $bad"

# --- Readers during a long incremental add with small batches: searches and exports never fail
#     (Xapian's "database modified" is retried inside kb).
gen 3000 upd > updates.jsonl
(
  end=$((SECONDS + 6))
  while [ $SECONDS -lt $end ]; do
    "$KB" search vrouwen -n 50 --format json >/dev/null 2>>reader.err; echo "search $?"
    "$KB" export 'type:report' >/dev/null 2>>reader.err; echo "export $?"
  done
) > reader2.log &
reader=$!
"$KB" add --format jsonl --batch 20 --jobs 2 - < updates.jsonl 2>/dev/null
expect_eq "$?" "0" "the writer finished normally"
wait $reader
bad=$(grep -v -E '^(search|export) 0$' reader2.log | sort | uniq -c)
[ -z "$bad" ] && pass "$(wc -l < reader2.log) searches and exports during a writer all succeeded" || fail "readers failed: $bad $(cat reader.err)"

# --- kill -9 during add: the index opens, holds whole batches only, and a re-run completes.
rm -rf "$KB_INDEX"
"$KB" add --format jsonl - <<<'{"id":"seed","title":"Zaadje"}' 2>/dev/null
for i in $(seq 1 10); do
  "$KB" add files --batch 100 --jobs 2 2>/dev/null &
  pid=$!
  sleep "$(python3 -c "import random; print(random.uniform(0.05, 0.6))")"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  c=$(doc_count)
  if ! index_is_sound; then fail "kill -9 #$i during add: xapian-check failed"; fi
  if [ -z "$c" ]; then fail "kill -9 #$i: index does not open"; fi
done
pass "ten kill -9 during add: the index opened and passed xapian-check each time"
run add files --batch 100 --report json
expect_rc 0 "re-running the add after the kills"
expect_eq "$(doc_count)" "1501" "the re-run completes the job without duplicates"
expect_eq "$(total 'title:bestand')" "1500" "every file document is searchable exactly once"

# Batches: a kill leaves a whole number of batches (a fresh run into a non-empty index).
rm -rf "$KB_INDEX"
"$KB" add --format jsonl - <<<'{"id":"seed","title":"Zaadje"}' 2>/dev/null
"$KB" add --format jsonl --batch 250 --jobs 1 - < docs.jsonl 2>/dev/null &
pid=$!
sleep 0.7
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
c=$(doc_count)
python3 -c "import sys; c=$c-1; sys.exit(0 if c % 250 == 0 or c == 3000 else 1)" \
  && pass "after kill -9 the index holds whole batches ($((c - 1)) records)" || fail "partial batch: $((c - 1)) records"
run add --format jsonl - < docs.jsonl
expect_eq "$(doc_count)" "3001" "re-running the stream completes it"

# --- kill -9 during rebuild: the old index keeps serving; the next rebuild cleans up.
n=$(doc_count)
for i in $(seq 1 10); do
  "$KB" rebuild --jobs 2 --batch 200 --quiet 2>/dev/null &
  pid=$!
  sleep "$(python3 -c "import random; print(random.uniform(0.02, 0.5))")"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  c=$(doc_count)
  [ "$c" = "$n" ] || fail "kill -9 #$i during rebuild: count $c, expected $n"
  index_is_sound || fail "kill -9 #$i during rebuild: xapian-check failed"
done
pass "ten kill -9 during rebuild: the index kept serving $n documents"
run rebuild --report json
expect_rc 0 "a rebuild after the kills"
expect_eq "$(doc_count)" "$n" "the rebuilt index has every document"
leftovers=$(ls "$KB_INDEX" | grep -c -E 'shard|\.parts|current\.tmp' || true)
expect_eq "$leftovers" "0" "no shard or temporary leftovers after the next rebuild"
dbs=$(ls -d "$KB_INDEX"/db-* | wc -l)
[ "$dbs" -le 2 ] && pass "at most the live and the previous database remain ($dbs)" || fail "$dbs databases left"
finish

#!/usr/bin/env bash
# Cron-safe writes: one writer at a time (the second waits or exits 75), readers never blocked,
# readers never see a partial index during rebuild. kill -9 at exact points is test_crash.sh.
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

finish

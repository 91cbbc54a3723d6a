#!/usr/bin/env bash
# cli/allocator.cpp: kb add and kb rebuild allocate with mimalloc (when Debian's libmimalloc2.0 is
# installed), every other command with glibc's malloc on huge pages, and KB_ALLOCATOR=system keeps
# glibc's as it is.
# Checked in the running processes' memory maps, and by comparing what both allocators index.
source "$(dirname "$0")/lib.sh"

# Sanitizer builds keep their own allocator (KB_SYSTEM_ALLOCATOR). (grep reads all of nm's output:
# with -q it would stop at the match, and under pipefail nm's SIGPIPE would fail the test.)
if nm -D "$KB" 2>/dev/null | grep -E ' (__asan_init|__tsan_init)$' >/dev/null; then EXPECT=glibc; else EXPECT=mimalloc; fi
if [ "$EXPECT" = mimalloc ] && ! /sbin/ldconfig -p | grep 'libmimalloc.so.2 ' >/dev/null; then
  fail "libmimalloc2.0 is not installed (scripts/setup.sh installs it)"
  finish
fi

# maps_of PID: whether the process has mimalloc mapped ("mimalloc" or "glibc").
maps_of() { grep -q 'libmimalloc' "/proc/$1/maps" 2>/dev/null && echo mimalloc || echo glibc; }
# wait_in PID SYSCALL...: waits (up to 10 s) until the process sits in one of these system calls
# (by number, as /proc/PID/syscall gives it): past its start-up, where the allocator is chosen.
wait_in() {
  local pid=$1 nr; shift
  for _ in $(seq 100); do
    read -r nr _ <"/proc/$pid/syscall" 2>/dev/null
    for want in "$@"; do [ "$nr" = "$want" ] && return 0; done
    sleep 0.1
  done
  fail "process $pid never reached system call $*"
}

# advised_heap PID: where the process's heap mappings advised for huge pages begin (hex).
advised_heap() {
  awk '/^[0-9a-f]+-[0-9a-f]+ .*\[heap\]/ { start = $1; sub(/-.*/, "", start); next }
       /^[0-9a-f]+-/ { start = "" }
       start != "" && /^VmFlags:.* hg/ { print start }' "/proc/$1/smaps"
}

# `kb add -` waits on a FIFO held open here, so it can be looked at while it runs.
add_waiting() {  # add_waiting ENV... : starts kb add, sets PID
  mkfifo "$WORK/fifo.$$" 2>/dev/null
  env "$@" "$KB" --quiet add - <"$WORK/fifo.$$" >"$WORK/.add.out" 2>&1 &
  PID=$!
  exec 7>"$WORK/fifo.$$"
  wait_in "$PID" 0  # read(2): waiting for stdin, in main
}
add_done() {
  echo '{"id":"a","title":"Vrede en veiligheid","body":"Vrouwen, vrede en veiligheid in de wereld."}' >&7
  exec 7>&-
  wait "$PID"; RC=$?
  rm -f "$WORK/fifo.$$"
}

add_waiting KB_TEST=1
expect_eq "$(maps_of "$PID")" "$EXPECT" "kb add allocates with $EXPECT"
add_done
expect_rc 0 "... and indexes the record"

add_waiting KB_ALLOCATOR=system
expect_eq "$(maps_of "$PID")" "glibc" "KB_ALLOCATOR=system keeps glibc's malloc for kb add"
add_done
expect_rc 0 "... and indexes the record"

# A search is paused where it opens the facet table: glibc's malloc, as every command but
# add and rebuild.
KB_TEST_PAUSE_AT=facet-table:1:3000 "$KB" search vrede --facets >/dev/null 2>&1 &
PID=$!
wait_in "$PID" 35 230  # nanosleep or clock_nanosleep: the pause point
expect_eq "$(maps_of "$PID")" "glibc" "kb search allocates with glibc's malloc"
# ... whose heap continues at a 2 MiB boundary in memory advised for transparent huge pages
# ("hg" in the mapping's flags), where the kernel offers them: a page fault per 2 MiB instead
# of one per 4 KiB, a tenth of a search's time on a virtual machine.
THP=/sys/kernel/mm/transparent_hugepage/enabled
if [ "$EXPECT" = mimalloc ] && [ -r "$THP" ] && ! grep -q '\[never\]' "$THP"; then
  huge_heap=$(advised_heap "$PID" | head -1)
  expect_eq "$(python3 -c "import sys; print(bool(sys.argv[1]) and int(sys.argv[1], 16) % (2 << 20) == 0)" "$huge_heap")" \
    "True" "kb search's heap continues on huge pages, from a 2 MiB boundary (at '$huge_heap')"
  # The heap really continues there: glibc has written the free end's header in it.
  expect_eq "$(awk -v s="$huge_heap" '$1 ~ "^" s "-" { on = 1; next } /^[0-9a-f]+-/ { on = 0 }
    on && /^Rss:/ { print ($2 > 0) }' "/proc/$PID/smaps")" "1" "... and is in use there"
  echo "# huge pages in that heap: $(awk -v s="$huge_heap" '$1 ~ "^" s "-" { on = 1; next } /^[0-9a-f]+-/ { on = 0 }
    on && /^AnonHugePages:/ { print $2, $3 }' "/proc/$PID/smaps")"
else
  echo "# transparent huge pages are off here (or a sanitizer build): not checked"
fi
wait "$PID"
KB_TEST_PAUSE_AT=facet-table:1:3000 KB_ALLOCATOR=system "$KB" search vrede --facets >/dev/null 2>&1 &
PID=$!
wait_in "$PID" 35 230
expect_eq "$(advised_heap "$PID")" "" "KB_ALLOCATOR=system leaves glibc's heap as it is"
wait "$PID"
add_waiting KB_TEST=1
expect_eq "$(advised_heap "$PID")" "" "kb add leaves glibc's heap to C code, unadvised"
add_done

# Both allocators index the corpus alike (the records, their order and the search results).
KB_INDEX="$WORK/fast" "$KB" --quiet add "$CORPUS" || fail "kb add of the corpus failed"
KB_ALLOCATOR=system KB_INDEX="$WORK/plain" "$KB" --quiet add "$CORPUS" || fail "kb add of the corpus failed (system)"
for q in vrede 'vrouwen organisaties' 'title:resolutie' gendergelijkheid; do
  hits() {  # hits INDEX: the count and a digest of the ids and snippets, in order
    KB_INDEX="$1" "$KB" search "$q" --format json -n 50 | python3 -c "
import hashlib, json, sys
hits = [(r['id'], r['snippet']) for r in json.load(sys.stdin)['results']]
print(len(hits), hashlib.sha1(repr(hits).encode()).hexdigest()[:12])"
  }
  fast=$(hits "$WORK/fast")
  expect_eq "$fast" "$(hits "$WORK/plain")" "'$q': the same hits and snippets from either allocator's index"
  [ "${fast%% *}" -gt 0 ] || fail "'$q' found nothing to compare"
done
KB_INDEX="$WORK/fast" "$KB" --quiet rebuild || fail "kb rebuild failed"
expect_eq "$(KB_INDEX="$WORK/fast" "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")" \
  "$(KB_INDEX="$WORK/plain" "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])")" \
  "kb rebuild with mimalloc keeps every document"

finish

# Shared helpers for the end-to-end tests: each test runs the real kb binary ($KB) in a fresh
# temporary folder and asserts on stdout, stderr, exit codes and the index afterwards.
set -uo pipefail

: "${KB:?set KB to the kb binary}"
: "${FIXTURES:?set FIXTURES to tests/fixtures}"
: "${CORPUS:?set CORPUS to corpus/}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kb-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export KB_INDEX="$WORK/index"
export NO_COLOR=1
FAILURES=0
TEST_NAME=$(basename "$0" .sh)
# The tests start python3 hundreds of times. Debian's starts in about 30 ms; a version manager's
# shim earlier in PATH (pyenv's, on the CI machines) took 250 ms, two thirds of the suite's time.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi

fail() {
  echo "FAIL [$TEST_NAME]: $*" >&2
  FAILURES=$((FAILURES + 1))
}
pass() { echo "ok: $*"; }

# run CMD...: runs kb with the given arguments; sets OUT, ERR and RC.
run() {
  "$KB" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out")
  ERR=$(cat "$WORK/.err")
}

expect_rc() {  # expect_rc CODE DESCRIPTION
  if [ "$RC" -eq "$1" ]; then pass "$2 (exit $RC)"; else fail "$2: expected exit $1, got $RC; stderr: $ERR"; fi
}
expect_eq() {  # expect_eq ACTUAL EXPECTED DESCRIPTION
  if [ "$1" == "$2" ]; then pass "$3 ($1)"; else fail "$3: expected '$2', got '$1'"; fi
}
expect_contains() {  # expect_contains HAYSTACK NEEDLE DESCRIPTION
  if [[ "$1" == *"$2"* ]]; then pass "$3"; else fail "$3: '$2' not found in: ${1:0:400}"; fi
}
expect_not_contains() {
  if [[ "$1" != *"$2"* ]]; then pass "$3"; else fail "$3: '$2' unexpectedly found in: ${1:0:400}"; fi
}

# json EXPR: evaluates a Python expression on the JSON in $OUT (bound to d).
json() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print($1)" <<<"$OUT"; }
# total QUERY: number of documents that match a query.
# Partial matches (documents with only some of the words, listed after few full ones) are not matches.
# Both helpers count documents, so near-duplicates are not collapsed (--no-collapse): many tests
# index the same text under several ids on purpose.
total() { "$KB" search "$@" --no-collapse --format json -n 100000 2>/dev/null | python3 -c "import json,sys; print(len([r for r in json.load(sys.stdin)['results'] if r.get('match') != 'partial']))"; }
# ids QUERY: sorted ids of every match.
# A search that fails (exit other than 0 or 1) prints SEARCH-FAILED, so an empty answer is never
# mistaken for "no match".
ids() {
  local out rc
  out=$("$KB" search "$@" --no-collapse --format jsonl -n 10000 2>/dev/null); rc=$?
  if [ "$rc" -gt 1 ]; then echo "SEARCH-FAILED($rc)"; return; fi
  python3 -c "import json,sys; print(' '.join(sorted(r['id'] for r in map(json.loads, filter(str.strip, sys.stdin)) if r.get('match') != 'partial')))" <<<"$out"
}
doc_count() { "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])"; }
# The live database folder, for xapian-check and xapian-delve.
live_db() { echo "$KB_INDEX/$(awk '{print $2}' "$KB_INDEX/current")"; }
index_is_sound() { xapian-check "$(live_db)" >/dev/null 2>&1; }

finish() {
  if [ "$FAILURES" -gt 0 ]; then
    echo "$TEST_NAME: $FAILURES failure(s)" >&2
    exit 1
  fi
  echo "$TEST_NAME: all passed"
}

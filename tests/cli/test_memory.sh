#!/usr/bin/env bash
# Bounded memory: a big file before thousands of small ones, on any --jobs, into an empty and a
# live index, and an over-long JSON Lines line on stdin, all stay under 300 MB of peak RSS; the
# over-long line fails as too long (it is never truncated and indexed).
source "$(dirname "$0")/lib.sh"

# A sanitizer's shadow memory and quarantine multiply RSS: the figures mean nothing there.
if [ -n "${ASAN_OPTIONS:-}${TSAN_OPTIONS:-}" ]; then
  echo "test_memory: skipped under a sanitizer (peak RSS is only measured in the normal build)"
  exit 0
fi

LIMIT_KB=$((300 * 1024))
# peak KB CMD...: runs CMD, sets RC, prints its peak resident set size in KB.
peak() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open(".peak-err", "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
PY
}

python3 - <<'PY'
import json, os
os.makedirs("in", exist_ok=True)
body = "vrede en veiligheid voor vrouwen " * 40
# One 32 MB JSON array, first in the walk, then 12,000 files of 3-12 KB.
with open("in/000-big.json", "w") as f:
    json.dump([{"id": "big-%d" % i, "title": "Groot %d" % i, "body": body} for i in range(24000)], f)
for i in range(12000):
    with open("in/f%05d.json" % i, "w") as f:
        json.dump({"id": "s%d" % i, "title": "Klein %d" % i, "body": "gendergelijkheid en vrouwenrechten " * (150 + i % 200)}, f)
PY

# --jobs goes up to 4 per core.
for jobs in 1 4 $((4 * $(nproc))); do
  read -r kb rc < <(peak "$KB" --index "idx$jobs" add in -q --jobs "$jobs")
  expect_eq "$rc" "0" "--jobs $jobs: the add succeeds"
  [ "$kb" -lt "$LIMIT_KB" ] && pass "--jobs $jobs into an empty index: peak $((kb / 1024)) MB" \
    || fail "--jobs $jobs into an empty index: peak $((kb / 1024)) MB, over 300 MB"
done
expect_eq "$(KB_INDEX="$WORK/idx4" doc_count)" "36000" "every document is indexed"

# Into a live index: the single writer's path.
echo '{"id":"first","title":"eerste"}' | "$KB" --index live add - -q
read -r kb rc < <(peak "$KB" --index live add in -q --jobs 4)
[ "$kb" -lt "$LIMIT_KB" ] && pass "into a live index: peak $((kb / 1024)) MB" || fail "into a live index: peak $((kb / 1024)) MB"

# An over-long line in JSON Lines recognised on stdin fails as too long; the other lines go in.
python3 -c "
import sys
w = sys.stdout.write
w('{\"id\":\"a\",\"title\":\"kort\"}\n')
w('{\"id\":\"b\",\"body\":\"' + 'x' * (45 << 20) + '\"}\n')
w('{\"id\":\"c\",\"title\":\"na\"}\n')" > long.jsonl
read -r kb rc < <(peak sh -c "exec '$KB' --index stream add - < long.jsonl")
expect_eq "$rc" "3" "the over-long line fails the run"
expect_contains "$(cat .peak-err)" "(line 2" "the error names line 2"
expect_contains "$(cat .peak-err)" "longer than" "and says it is too long"
[ "$kb" -lt "$LIMIT_KB" ] && pass "over-long line: peak $((kb / 1024)) MB" || fail "over-long line: peak $((kb / 1024)) MB"
expect_eq "$("$KB" --index stream export 2>/dev/null | python3 -c "import json,sys; print(' '.join(sorted(json.loads(l)['id'] for l in sys.stdin)))")" "a c" "the lines around it are indexed, nothing of it"

finish

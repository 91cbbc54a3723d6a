#!/usr/bin/env bash
# kill -9 at exact places. KB_TEST_KILL_AT=NAME:N (lib/testing/kill_point.h, test-only) makes kb
# SIGKILL itself the N-th time it reaches the named point, so every kill lands where we say and
# is checked to have landed (wait status 137). After each kill the index must pass xapian-check,
# open and search, hold each multi-document file whole (every record at the old version or every
# record at the new one), and hold exactly the old or exactly the new documents; a re-run must
# complete without duplicates. And the stub `current` is only ever replaced by rename.
source "$(dirname "$0")/lib.sh"

FILES=24  # JSON arrays of PER records each: a kill can fall between two records of one file
PER=5
BATCH=7   # not a multiple of PER, so a commit that ignored file boundaries would split a file

# write_files DIR VERSION NAME...: each DIR/NAME.json becomes an array of PER records whose body
# and "version" field carry VERSION.
write_files() {
  python3 - "$@" <<'EOF'
import json, os, sys
folder, version, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
os.makedirs(folder, exist_ok=True)
for name in names:
    records = [{"id": f"{name}-r{r}", "title": f"Bestand {name} record {r}", "version": version,
                "body": f"vrouwen vrede veiligheid versie{version} " + "resolutie activisten " * (r + 1)}
               for r in range(int(os.environ.get("PER", "5")))]
    with open(os.path.join(folder, name + ".json"), "w") as out:
        json.dump(records, out)
EOF
}
export PER
names() { for i in $(seq 0 $((FILES - 1))); do printf 'f%02d ' "$i"; done; }

# state NAME...: one line describing the live index, from `kb export` and `kb stats`:
#   "docs=D dupes=U torn=T missing=M extra=E v<version>=<files>..." where torn counts files not
#   all at one version or not PER records, missing the NAMEs without documents, and extra lists
#   the other files that have some ("-" for none); or NO-INDEX, or UNREADABLE(why).
state() {
  if [ ! -e "$KB_INDEX/current" ]; then echo NO-INDEX; return; fi
  if ! index_is_sound; then echo "UNREADABLE(xapian-check)"; return; fi
  local rc stats
  "$KB" search vrouwen -n 1 --format json >/dev/null 2>&1; rc=$?
  if [ "$rc" -gt 1 ]; then echo "UNREADABLE(search exit $rc)"; return; fi
  "$KB" export >"$WORK/.export" 2>/dev/null; rc=$?
  if [ "$rc" -gt 1 ]; then echo "UNREADABLE(export exit $rc)"; return; fi
  stats=$("$KB" stats --format json 2>/dev/null) || { echo "UNREADABLE(stats)"; return; }
  python3 - "$WORK/.export" "$stats" "$@" <<'PY'
import collections, json, os, sys
per = int(os.environ["PER"])
ids, files = [], collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.strip():
        d = json.loads(line)
        ids.append(d["id"])
        files[os.path.basename(d["source"]).removesuffix(".json")].append(d["extra"]["version"])
if json.loads(sys.argv[2])["documents"] != len(ids):
    print(f"UNREADABLE(stats counts {json.loads(sys.argv[2])['documents']}, export {len(ids)})")
    sys.exit()
expected = set(sys.argv[3:])
torn = sum(1 for v in files.values() if len(v) != per or len(set(v)) != 1)
versions = collections.Counter(v[0] for v in files.values() if len(set(v)) == 1)
extra = ",".join(sorted(set(files) - expected)) or "-"
print(f"docs={len(ids)} dupes={len(ids) - len(set(ids))} torn={torn} missing={len(expected - set(files))} extra={extra}",
      *(f"v{k}={versions[k]}" for k in sorted(versions)))
PY
}

# killed_at POINT ARGS...: runs kb ARGS with the kill hook armed; sets KILL_RC.
killed_at() {
  local point=$1; shift
  KB_TEST_KILL_AT="$point" "$KB" "$@" >/dev/null 2>"$WORK/.killed.err" &
  local pid=$!
  wait "$pid" 2>/dev/null
  KILL_RC=$?
}

# How many shard commits a build makes depends on how the ids fall on the shards, so the rounds
# kill at shard-commit:N for N = 1, 2, ... until a run completes; that run is the only one allowed
# not to be killed, and there must have been enough before it.
SHARD_ROUNDS_MAX=60

LANDED=0
# expect_landed WHAT: the run must have died by SIGKILL (128 + 9), not finished or failed.
expect_landed() {
  if [ "$KILL_RC" -eq 137 ]; then
    LANDED=$((LANDED + 1))
    return 0
  fi
  fail "$1: expected the kill to land (status 137), got $KILL_RC: $(head -c 300 "$WORK/.killed.err")"
  return 1
}

# ---------------------------------------------------------------------------------------------
# (a) add into an empty index: the bulk builder's shards, the merge, and the stub switch.
#     Before the switch the old state must be intact (no index at all, or the empty one); at and
#     after it, every document. Odd rounds start with no index, even ones with an empty index.
present=($(names))
write_files src 1 "${present[@]}"
mkdir -p empty
whole="docs=$((FILES * PER)) dupes=0 torn=0 missing=0 extra=- v1=$FILES"
# empty_add_round POINT: one kill and its checks; returns 1 if the run completed instead.
round=0
empty_add_round() {
  local point=$1 before want s
  round=$((round + 1))
  rm -rf "$KB_INDEX"
  if [ $((round % 2)) -eq 0 ]; then
    "$KB" add empty >/dev/null 2>&1
    before="docs=0 dupes=0 torn=0 missing=$FILES extra=-"
  else
    before=NO-INDEX
  fi
  killed_at "$point" add src --jobs 2 --batch "$BATCH"
  [ "$KILL_RC" -eq 0 ] && [[ "$point" == shard-commit:* ]] && return 1
  expect_landed "add into an empty index, $point" || return 0
  s=$(state "${present[@]}")
  if [ "$point" = switched:1 ]; then want=$whole; else want=$before; fi
  [ "$s" = "$want" ] || fail "add into an empty index killed at $point: expected '$want', found '$s'"
  run add src --jobs 2 --batch "$BATCH"
  s=$(state "${present[@]}")
  [ "$RC" -eq 0 ] && [ "$s" = "$whole" ] || fail "re-run after a kill at $point: exit $RC, '$s', expected '$whole'; $ERR"
}
LANDED=0
for n in $(seq 1 $SHARD_ROUNDS_MAX); do empty_add_round "shard-commit:$n" || break; done
shard_kills=$LANDED
for point in merged:1 stub-opened:1 stub-written:1 switched:1; do empty_add_round "$point"; done
[ "$shard_kills" -ge 10 ] || fail "add into an empty index: only $shard_kills shard commits to kill at"
[ "$LANDED" -ge 20 ] && pass "add into an empty index: $LANDED kills landed, old state or whole new index each time, re-runs complete" ||
  fail "add into an empty index: only $LANDED kills landed"
leftovers=$(ls "$KB_INDEX" | grep -c -E '\.parts|current\.tmp' || true)
expect_eq "$leftovers" "0" "after kills and re-runs, no shard or temporary stub leftovers"

# ---------------------------------------------------------------------------------------------
# (b) add into a live index: one writer commits every BATCH documents, but only between files.
#     Each round rewrites every file at a new version and adds a new file; a kill after the N-th
#     commit or in the middle of a file (at its 3rd record) must leave every file whole, at the
#     old version or the new one, and the new file all there or absent.
points=()
for n in $(seq 1 12); do points+=("commit:$n"); done
for n in 3 18 33 48 63 78 93 103; do points+=("upsert:$n"); done
LANDED=0
version=1
partway=0
for point in "${points[@]}"; do
  old=$version
  version=$((version + 1))
  write_files src "$version" "${present[@]}" "n$version"
  killed_at "$point" add src --jobs 2 --batch "$BATCH"
  expect_landed "add into a live index, $point" || continue
  s=$(state "${present[@]}")
  read -r docs dupes torn missing extra rest <<<"$s"
  at_old=$(grep -oE "(^| )v$old=[0-9]+" <<<" $rest" | cut -d= -f2)
  at_new=$(grep -oE "(^| )v$version=[0-9]+" <<<" $rest" | cut -d= -f2)
  at_old=${at_old:-0}; at_new=${at_new:-0}
  n_new=0; [ "$extra" = "extra=n$version" ] && n_new=1
  # Every file whole and at one of the two versions, none lost, nothing else appeared.
  if [ "$dupes $torn $missing" != "dupes=0 torn=0 missing=0" ] ||
     { [ "$extra" != "extra=-" ] && [ "$n_new" -eq 0 ]; } ||
     [ $((at_old + at_new)) -ne $((${#present[@]} + n_new)) ] ||
     [ "$docs" != "docs=$(((at_old + at_new) * PER))" ]; then
    fail "add into a live index killed at $point: '$s' (old v$old, new v$version, ${#present[@]} files + n$version)"
  fi
  [ "$at_new" -gt 0 ] && [ "$at_old" -gt 0 ] && partway=$((partway + 1))
  present+=("n$version")
  run add src --jobs 2 --batch "$BATCH"
  s=$(state "${present[@]}")
  want="docs=$((${#present[@]} * PER)) dupes=0 torn=0 missing=0 extra=- v$version=${#present[@]}"
  [ "$RC" -eq 0 ] && [ "$s" = "$want" ] || fail "re-run after a kill at $point: exit $RC, '$s', expected '$want'; $ERR"
done
[ "$LANDED" -ge 20 ] && pass "add into a live index: $LANDED kills landed, every file whole, counts exact, re-runs complete" ||
  fail "add into a live index: only $LANDED kills landed"
# The kills must fall inside the work, not before or after it.
[ "$partway" -ge 15 ] && pass "$partway of those kills stopped the add partway (some files new, some old)" ||
  fail "only $partway kills left a partly updated index: the kills do not fall inside the add"

# ---------------------------------------------------------------------------------------------
# (c) rebuild, of a fresh index over its own folder: before each round every file is rewritten at
#     a new version (and, for the rounds at the switch, a new file appears), so the old and the
#     new index differ in every document. Killed before the switch, the old index keeps serving,
#     all of it; killed after the switch, the new one does.
rm -rf "$KB_INDEX"
present=($(names))
version=1
write_files rsrc "$version" "${present[@]}"
"$KB" add rsrc --jobs 2 >/dev/null 2>&1
# rebuild_round POINT [NEWFILE]: one kill and its checks; returns 1 if the run completed instead.
rebuild_round() {
  local point=$1 new=${2:-} old=$version want s
  version=$((version + 1))
  write_files rsrc "$version" "${present[@]}" $new
  local n_old=${#present[@]} n_new=${#present[@]}
  [ -n "$new" ] && n_new=$((n_new + 1))
  killed_at "$point" rebuild --jobs 2 --batch "$BATCH"
  if [ "$KILL_RC" -eq 0 ] && [[ "$point" == shard-commit:* ]]; then return 1; fi
  expect_landed "rebuild, $point" || return 0
  s=$(state "${present[@]}")
  if [ "$point" = switched:1 ]; then want="docs=$((n_new * PER)) dupes=0 torn=0 missing=0 extra=${new:--} v$version=$n_new"
  else want="docs=$((n_old * PER)) dupes=0 torn=0 missing=0 extra=- v$old=$n_old"; fi
  [ "$s" = "$want" ] || fail "rebuild killed at $point: expected '$want', found '$s'"
  [ -n "$new" ] && present+=("$new")
  run rebuild --jobs 2 --batch "$BATCH"
  s=$(state "${present[@]}")
  want="docs=$((n_new * PER)) dupes=0 torn=0 missing=0 extra=- v$version=$n_new"
  [ "$RC" -eq 0 ] && [ "$s" = "$want" ] || fail "re-run of rebuild after a kill at $point: exit $RC, '$s', expected '$want'; $ERR"
}
LANDED=0
for n in $(seq 1 $SHARD_ROUNDS_MAX); do rebuild_round "shard-commit:$n" || break; done
shard_kills=$LANDED
for point in merged:1 stub-opened:1 stub-written:1 switched:1; do rebuild_round "$point" "new-${point%%:*}"; done
[ "$shard_kills" -ge 10 ] || fail "rebuild: only $shard_kills shard commits to kill at"
[ "$LANDED" -ge 20 ] && pass "rebuild: $LANDED kills landed, the old index served until the switch, counts exact, re-runs complete" ||
  fail "rebuild: only $LANDED kills landed"
leftovers=$(ls "$KB_INDEX" | grep -c -E '\.parts|current\.tmp' || true)
expect_eq "$leftovers" "0" "after the rebuild kills and re-runs, no shard or temporary stub leftovers"
dbs=$(ls -d "$KB_INDEX"/db-* | wc -l)
[ "$dbs" -le 2 ] && pass "at most the live and the previous database remain ($dbs)" || fail "$dbs databases left"

# ---------------------------------------------------------------------------------------------
# (d) a JSON Lines stream into a live index: each record is an input of its own, so a kill after
#     the N-th commit leaves exactly N batches of records, and re-sending the stream completes it.
for n in 1 2 5; do
  python3 -c "
import json
for i in range(60):
    print(json.dumps({'id': 's$n-%d' % i, 'title': 'Stroom %d' % i, 'body': 'vrouwen vrede', 'version': 1}))
" >stream.jsonl
  base=$(doc_count)
  KB_TEST_KILL_AT="commit:$n" "$KB" add --format jsonl --batch "$BATCH" - <stream.jsonl >/dev/null 2>"$WORK/.killed.err" &
  pid=$!
  wait "$pid" 2>/dev/null
  KILL_RC=$?
  expect_landed "a stream killed at commit:$n" || continue
  index_is_sound || fail "a stream killed at commit:$n: xapian-check failed"
  expect_eq "$(doc_count)" "$((base + n * BATCH))" "a stream killed at commit:$n holds exactly $n batches of $BATCH"
  run add --format jsonl --batch "$BATCH" - <stream.jsonl
  expect_eq "$RC $(doc_count)" "0 $((base + 60))" "re-sending the stream completes it without duplicates"
done

# ---------------------------------------------------------------------------------------------
# (e) a JSON Lines *file* into a live index is committed batch by batch too; a run killed halfway
#     must not leave the file looking done (its size and time stored), or the next run would skip
#     it as unchanged and the rest would never come in. Killed on its first pass and again after
#     the file was rewritten (changed records, one gone), the next plain `kb add` completes it.
for pass in 1 2; do
  python3 -c "
import json, sys
p = int(sys.argv[1])
for i in range(60 if p == 1 else 59):
    print(json.dumps({'id': 'f-%d' % i, 'title': 'Bestand %d versie %d' % (i, p), 'body': 'vrouwen vrede'}))
" "$pass" >records.jsonl
  touch -d "@$((1700000000 + pass))" records.jsonl  # another time on each pass, as an edit gives
  base=$(doc_count)
  killed_at commit:2 add records.jsonl --batch "$BATCH" --jobs 1
  expect_landed "a JSON Lines file killed at commit:2 (pass $pass)" || continue
  run add records.jsonl --batch "$BATCH" --report json
  expect_rc 0 "pass $pass: the next add of the cut-off file succeeds"
  versions=$("$KB" export --format jsonl 2>/dev/null | python3 -c "
import json, sys
print(sorted({json.loads(l)['title'].split()[-1] for l in sys.stdin if json.loads(l)['id'].startswith('f-')}))")
  if [ "$pass" = 1 ]; then
    expect_eq "$(doc_count)" "$((base + 60))" "pass 1: every record of the file is in the index"
  else
    expect_eq "$(doc_count)" "$((base - 1))" "pass 2: the record no longer in the file is gone"
  fi
  expect_eq "$versions" "['$pass']" "pass $pass: every record is at the file's version"
  run add records.jsonl --batch "$BATCH" --report json
  expect_contains "$OUT" '"added":0' "pass $pass: a further add skips the completed file ..."
  expect_contains "$OUT" '"updated":0' "... reading nothing again"
done

# ---------------------------------------------------------------------------------------------
# `current` is only ever replaced by rename: traced over an add into an empty index, an add into
# a live one and a rebuild, kb never opens it for writing or truncates it.
if ! command -v strace >/dev/null; then
  fail "strace is missing (scripts/setup.sh installs it): cannot check how \`current\` is replaced"
else
  rm -rf "$KB_INDEX"
  : >trace.log
  # The add into a live index and its commits must not touch `current` at all.
  for args in "add src --jobs 2" "add src --force --batch $BATCH" "rebuild --jobs 2"; do
    # LeakSanitizer cannot run under ptrace: no leak check here in a sanitizer build.
    # shellcheck disable=SC2086
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=open,openat,creat,truncate,rename,renameat,renameat2 -o trace.part "$KB" $args \
      >/dev/null 2>"$WORK/.strace.err" || fail "kb $args under strace: $(head -c 300 "$WORK/.strace.err")"
    cat trace.part >>trace.log
  done
  stub="$KB_INDEX/current\""
  renames=$(grep -E 'rename(at2?)?\(' trace.log | grep -F "$stub" | grep -c '= 0$' || true)
  writes=$(grep -E '(open|openat|creat|truncate)\(' trace.log | grep -F "$stub" |
             grep -c -E 'O_WRONLY|O_RDWR|O_TRUNC|O_CREAT|creat\(|truncate\(' || true)
  [ "$renames" -eq 2 ] && pass "the first add and the rebuild each switched \`current\` by a rename" ||
    fail "expected two renames onto current (first add, rebuild), saw $renames"
  expect_eq "$writes" "0" "\`current\` was never opened for writing or truncated"
fi
finish

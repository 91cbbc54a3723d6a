#!/usr/bin/env bash
# Honest output: when stdout (or --output) cannot be written, kb says so and does not exit 0.
# A full disk or an I/O error: one line "kb: error: cannot write output: <reason>", exit 74.
# A reader that went away (a closed pipe): quietly, exit 141.
source "$(dirname "$0")/lib.sh"

export TMPDIR="$WORK/tmp"  # where export keeps its scratch files: checked for leftovers
mkdir -p "$TMPDIR"
python3 -c "
import json
for i in range(3000):
    print(json.dumps({'id': 'doc-%d' % i, 'title': 'Document %d' % i, 'type': 'report',
                      'body': 'vrouwen vrede veiligheid resolutie activisten organisaties ' * 8}))
" > docs.jsonl
mkdir -p src
head -5 docs.jsonl > src/few.jsonl
"$KB" add --quiet --format jsonl - < docs.jsonl || { fail "initial add"; finish; }
"$KB" add --quiet src || { fail "add of a folder"; finish; }

# full CMD...: runs kb with stdout on /dev/full; sets RC and ERR.
full() {
  "$KB" "$@" >/dev/full 2>"$WORK/.err"
  RC=$?
  ERR=$(cat "$WORK/.err")
}
expect_full() {  # expect_full DESCRIPTION: exit 74 and exactly the one line about stdout
  expect_rc 74 "$1 to a full disk"
  expect_eq "$ERR" "kb: error: cannot write output: No space left on device" "$1: one line naming the reason"
}

full search vrouwen;                          expect_full "search (text)"
full search vrouwen --format json;            expect_full "search --format json"
full search vrouwen -n 3000 --format jsonl;   expect_full "search --format jsonl, 3000 results"
full search zzzgeenmatch;                     expect_full "search with no match (its message is lost too)"
full show doc-1;                              expect_full "show"
full show doc-1 --format json;                expect_full "show --format json"
full stats;                                   expect_full "stats"
full stats --format json;                     expect_full "stats --format json"
full export;                                  expect_full "export"
full export --format csv;                     expect_full "export --format csv"
full export 'title:document' --quiet;         expect_full "export of a query"
full add --quiet --format jsonl --report json - < src/few.jsonl
expect_full "add --report json"
full rebuild --report json --quiet;           expect_full "rebuild --report json"
full --help;                                  expect_full "kb --help"

# Nothing of the export is left behind in TMPDIR.
expect_eq "$(ls -A "$TMPDIR" | wc -l)" "0" "no scratch files left in TMPDIR"

# --output: a file that cannot be created or written is exit 74, naming it; nothing is left.
# (Through a link here: a kb that wrongly renamed over its --output target must not be able to
# replace /dev/full itself when the tests run as root.)
ln -s /dev/full full
run export --output full
expect_rc 74 "export --output to a full device"
expect_eq "$ERR" "kb: error: cannot write full: No space left on device" "the message names the file"
[ -L full ] && pass "the device was written to, not replaced" || fail "export replaced its --output device"
run export --output /dev/full/backup.jsonl
expect_rc 74 "export --output into a path that is not a folder"
expect_contains "$ERR" "cannot write /dev/full/backup.jsonl: Not a directory" "the message names the file"
if [ "$(id -u)" != 0 ]; then  # root writes into read-only folders anyway
  mkdir ro && chmod 555 ro
  run export --output ro/backup.jsonl
  expect_rc 74 "export --output into a read-only folder"
  expect_contains "$ERR" "ro/backup.jsonl: Permission denied" "the message names the file"
  chmod 755 ro
fi
echo "old backup" > backup.jsonl
TMPDIR=/dev/full run export --output backup.jsonl
expect_rc 0 "export --output keeps its scratch files beside the output, not in TMPDIR"
expect_eq "$(wc -l < backup.jsonl)" "$(doc_count)" "the backup was replaced whole"
TMPDIR=/dev/full run export
expect_rc 74 "export with an unusable TMPDIR"
expect_contains "$ERR" "cannot write a temporary file in /dev/full" "the message says where"
expect_eq "$OUT" "" "and nothing reached stdout"
expect_eq "$(ls -A | grep -c 'tmp-')" "0" "no temporary files beside the outputs"

# A closed pipe. Through a shell pipe, exit 141 could also mean "killed by SIGPIPE", so the
# exact cases run kb on a pipe whose reader is already gone, where a signal death would show as
# -13 and kb's own exit as 141.
closed_pipe() {  # closed_pipe ARGS...: prints kb's exit status, then its stderr
  python3 - "$KB" "$@" <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdin=open(os.environ.get('STDIN_FILE', '/dev/null')), stdout=w,
                   stderr=subprocess.PIPE)
print(p.returncode)
sys.stdout.write(p.stderr.decode())
EOF
}
for args in "search vrouwen" "search vrouwen --format json" "show doc-1" "stats" "stats --format json" \
            "export" "export --format csv" "rebuild --report json --quiet" "--help"; do
  # shellcheck disable=SC2086
  result=$(closed_pipe $args)
  expect_eq "$result" "141" "kb $args into a closed pipe: exit 141, nothing on stderr"
done
result=$(STDIN_FILE=src/few.jsonl closed_pipe add --quiet --format jsonl --report json -)
expect_eq "$result" "141" "kb add --report json into a closed pipe: exit 141, nothing on stderr"

# And as a user meets it: a pipe into head that stops reading.
"$KB" export 2>pipe.err | head -c1 >/dev/null
expect_eq "${PIPESTATUS[0]}" "141" "kb export | head -c1: exit 141"
expect_eq "$(cat pipe.err)" "" "kb export | head -c1: quiet"
"$KB" search vrouwen -n 3000 --format jsonl 2>pipe.err | head -1 >/dev/null
expect_eq "${PIPESTATUS[0]}" "141" "kb search (3000 results) | head -1: exit 141"
expect_eq "$(cat pipe.err)" "" "kb search | head -1: quiet"

# Output that did arrive is still success.
run search vrouwen -n 3000 --format jsonl
expect_rc 0 "search to a file"
expect_eq "$(grep -c . <<<"$OUT")" "3000" "every result arrived"
"$KB" export 2>/dev/null | head -c 100000000 > all.jsonl
expect_eq "${PIPESTATUS[0]}" "0" "kb export into a pipe that reads everything: exit 0"
# A file kb replaces keeps its permissions: a private export, or the synonyms file, stays private
# (before, each came back 0666 less the umask, readable by all).
: > private.jsonl && chmod 600 private.jsonl
"$KB" export --quiet --output private.jsonl
expect_eq "$(stat -c %a private.jsonl) $(wc -l < private.jsonl)" "600 3000" "export --output over a 0600 file keeps it 0600"
"$KB" synonyms add vrouwenrechten "rechten van vrouwen" >/dev/null
chmod 640 "$KB_INDEX/synonyms.txt"
"$KB" synonyms add mensenrechtenverdedigers "human rights defenders" >/dev/null
expect_eq "$(stat -c %a "$KB_INDEX/synonyms.txt")" "640" "kb synonyms add keeps the synonyms file's permissions"
finish

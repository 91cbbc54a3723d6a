#!/usr/bin/env bash
# Hostile files and folders: kb never writes through a name someone prepared, reads only regular
# files (a FIFO or /dev/zero never hangs it), follows a symlink out of an added folder only when
# asked, ignores a charset the bytes contradict, decodes UTF-32, and uses an index it merely
# found only when it belongs to the user.
source "$(dirname "$0")/lib.sh"

page() {  # page FILE TITLE WORDS
  printf '<html><head><title>%s</title></head><body><main><p>%s</p></main></body></html>\n' "$2" "$3" >"$1"
}

# --- Files kb creates: every O_CREAT open is O_EXCL|O_NOFOLLOW (Xapian's own files inside the
# db-* folders kb has just made are the exception), so a planted file or symlink is never written
# through. strace shows every open, whatever name kb picks.
if command -v strace >/dev/null; then
  mkdir -p docs
  page docs/a.html "Eerste" "vrede en veiligheid"
  # Under the sanitizer builds of CI: LeakSanitizer cannot run under ptrace (it aborts), so the
  # traced runs go without leak checks, and the sanitizers' own files (logs, ThreadSanitizer's
  # /tmp/tsan.rodata.PID) are not kb's.
  asan_traced=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
  trace() {  # trace NAME KB-ARGS...: runs kb under strace, keeps the creating opens and mkdirs
    local name=$1; shift
    ASAN_OPTIONS=$asan_traced strace -f -qq -e trace=openat,open,creat,mkdir -o "$WORK/trace.$name" "$KB" "$@" >/dev/null 2>&1
    grep -E 'O_CREAT|mkdir\(|creat\(' "$WORK/trace.$name" | grep -v -e '/db-' -e '/sanitizer-logs/' -e '/tsan.rodata.' >"$WORK/creates.$name"
  }
  trace dry-run add --dry-run docs
  trace bulk add docs
  page docs/b.html "Tweede" "gelijkheid"
  trace upsert add docs
  trace export export -o "$WORK/out.jsonl"
  trace export-csv export --format csv -o "$WORK/out.csv"
  trace stdout export
  trace rebuild rebuild
  trace remove remove "$WORK/docs/b.html"
  bad=$(cat "$WORK"/creates.* | grep -E 'O_CREAT' | grep -v -E 'O_EXCL' ; cat "$WORK"/creates.* | grep -E 'O_CREAT' | grep -v 'O_NOFOLLOW')
  expect_eq "$bad" "" "every file kb creates is opened O_CREAT|O_EXCL|O_NOFOLLOW"
  # Not vacuous: the marker, the lock, the stubs and the export files were all seen being created.
  for name in KENNISBANK-INDEX write.lock current.tmp- out.csv.tmp-; do
    expect_contains "$(cat "$WORK"/creates.*)" "$name" "strace saw kb create $name"
  done
  expect_contains "$(cat "$WORK/creates.export")" "out.jsonl.tmp-" "export -o writes beside its target (strace saw it)"
  # The dry run's scratch index lives in a fresh private folder (mkdtemp: mode 0700, random name).
  expect_contains "$(grep 'kb-dry-run-' "$WORK/creates.dry-run" | head -1)" "0700" "dry-run scratch folder is made private (mkdtemp)"
  [ -z "$(grep -E 'kb-dry-run-[0-9]+"' "$WORK/creates.dry-run")" ] && pass "dry-run scratch folder name is not the PID" ||
    fail "dry-run scratch folder is named after the PID"
  rm -rf docs "$KB_INDEX" "$WORK"/out.* "$WORK"/trace.* "$WORK"/creates.*
else
  echo "skip: strace not installed"
fi

# The old predictable names, planted as symlinks to a victim for a range of PIDs, are never
# written through (they are not even looked at).
mkdir -p docs && page docs/a.html "Eerste" "vrede"
"$KB" add docs >/dev/null 2>&1
echo precious >victim
next=$(( $(sh -c 'echo $$') + 1 ))
for pid in $(seq "$next" $((next + 200))); do ln -s "$WORK/victim" "out.csv.tmp-$pid"; done
for i in 1 2 3; do "$KB" export --format csv -o out.csv >/dev/null 2>&1; done
expect_eq "$(cat victim)" "precious" "planted out.csv.tmp-PID symlinks are not written through"
rm -f out.csv.tmp-* out.csv

# --- Only regular files are read. /dev/zero and a FIFO named on the command line are skipped at
# once (on main: /dev/zero read for minutes, a FIFO waited for forever while holding the lock).
mkfifo pipe.html
# A hang is caught by timeout (exit 124). The bound is generous, not a speed target: under the
# sanitizers on a loaded machine one kb run can take several seconds, but a hang never ends.
timeout 60 "$KB" add /dev/zero >"$WORK/.out" 2>"$WORK/.err"; RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 0 "kb add /dev/zero is a skip, not a failure or a hang"
expect_contains "$ERR" "/dev/zero: a character device, not a regular file" "the warning names /dev/zero and says why"
timeout 60 "$KB" add pipe.html >"$WORK/.out" 2>"$WORK/.err"; RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 0 "kb add FIFO does not hang"
expect_contains "$ERR" "pipe.html: a FIFO (named pipe), not a regular file" "the warning names the FIFO"
# While one writer is given a FIFO, another writer gets the lock. The first may live 120 s and the
# second waits at most 60 s, so a first writer that held the lock while blocked on the FIFO would
# make the second fail, however slow the machine.
page second.html "Tweede" "tweede schrijver"
timeout 120 "$KB" add pipe.html >/dev/null 2>&1 &
sleep 1
run add second.html --wait 60
expect_rc 0 "a second writer is not locked out by a FIFO"
wait
expect_eq "$(ids schrijver)" "$WORK/second.html" "the second writer's page is indexed"
# A FIFO or device inside a folder: skipped with a warning, the rest indexed.
mkfifo docs/fifo.html
run add docs --report json
expect_rc 0 "a FIFO in a folder is skipped, exit 0"
expect_contains "$ERR" "docs/fifo.html: a FIFO" "... with a warning naming it"
expect_contains "$(json 'd["skipped_files"]')" "fifo.html" "... listed in skipped_files"
run stats --format json
expect_not_contains "$OUT" "pipe.html" "a FIFO named on the command line is not recorded as a source"
rm -f docs/fifo.html pipe.html

# --- Symlinks inside an added folder are followed only when they lead inside it.
rm -rf "$KB_INDEX" tree outside
mkdir -p tree/sub outside/secret
page tree/sub/inner.html "Binnen" "binnenpagina"
page outside/secret/passwd.html "Buiten" "geheimwoord"
ln -s sub/inner.html tree/link-inside.html
ln -s ../outside/secret/passwd.html tree/link-outside.html
ln -s ../outside/secret tree/dir-outside
ln -s .. tree/sub/loop
run add tree --report json
expect_rc 0 "a folder with links out of it: skipping them is not a failure"
expect_contains "$ERR" "tree/link-outside.html: a symbolic link to $WORK/outside/secret/passwd.html" "warning names the link and its target"
expect_contains "$ERR" "--follow-symlinks" "warning says how to follow it"
expect_contains "$ERR" "tree/dir-outside" "a linked folder outside is skipped too"
expect_eq "$(ids geheimwoord)" "" "the file outside the folder was not read"
expect_eq "$(ids binnenpagina)" "$WORK/tree/link-inside.html $WORK/tree/sub/inner.html" "a link inside the folder is followed"
expect_eq "$(json 'd["skipped"]')" "3" "three links skipped (file, folder, loop upwards)"
run add tree --follow-symlinks
expect_rc 0 "add --follow-symlinks"
expect_eq "$(ids geheimwoord)" "$WORK/tree/dir-outside/passwd.html $WORK/tree/link-outside.html" "--follow-symlinks reads the link targets outside"
# The target changes before the rebuild, so only a rebuild that reads through the links again
# (not one that keeps the old records of links it skipped) finds the new word.
page outside/secret/passwd.html "Buiten" "geheimwoord nieuwwoord"
run rebuild
expect_rc 0 "rebuild"
expect_eq "$(ids nieuwwoord)" "$WORK/tree/dir-outside/passwd.html $WORK/tree/link-outside.html" "rebuild follows them too (recorded with the source): the changed target is read again"
# A symlink named on the command line is followed: the user named it.
rm -rf "$KB_INDEX"
ln -s outside/secret/passwd.html named-link.html
run add named-link.html
expect_rc 0 "a named symlink"
expect_eq "$(ids geheimwoord)" "$WORK/named-link.html" "a symlink named on the command line is followed"

# --- Charsets the bytes contradict, and UTF-32.
rm -rf "$KB_INDEX" enc && mkdir enc
printf '<html><head><meta charset="IBM037"><title>Ebcdic</title></head><body><p>gelijkwaardigheid</p></body></html>' >enc/ibm037.html
python3 - <<'EOF'
page = '<html><head><title>Tweeëndertig</title></head><body><p>tweeëndertigbits café €</p></body></html>'
open('enc/utf32le-bom.html', 'wb').write(page.encode('utf-32'))  # with a little-endian BOM
open('enc/utf32be.html', 'wb').write(page.encode('utf-32-be'))    # no BOM: the NUL pattern tells
EOF
run add enc
expect_rc 0 "add pages in IBM037 (declared) and UTF-32"
expect_contains "$ERR" 'ibm037.html: the page declares charset "IBM037"' "a warning names the page and the charset"
expect_eq "$(ids gelijkwaardigheid)" "$WORK/enc/ibm037.html" "the ASCII page declaring IBM037 is searchable"
expect_eq "$(ids tweeëndertigbits)" "$WORK/enc/utf32be.html $WORK/enc/utf32le-bom.html" "UTF-32 with and without BOM is decoded"
run show "$WORK/enc/utf32le-bom.html" --format json
expect_contains "$OUT" '"title":"Tweeëndertig"' "the UTF-32 title decodes exactly"

# --- Whose index? One found in a parent folder must belong to the user.
rm -rf "$KB_INDEX"  # nothing above proj/ and noindex/ may hold an index
unset KB_INDEX
rm -rf proj && mkdir -p proj/sub
page proj/p.html "Project" "projectpagina"
(cd proj && "$KB" --index index add p.html >/dev/null 2>&1)
(cd proj/sub && "$KB" search projectpagina >/dev/null 2>&1); RC=$?
expect_rc 0 "(setup) an index of the user's own in a parent folder is used"
chmod o+w proj/index
(cd proj/sub && "$KB" search projectpagina >"$WORK/.out" 2>"$WORK/.err"); RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 5 "a world-writable index folder found in a parent is refused"
expect_contains "$ERR" "writable by every user" "the message says why"
expect_contains "$ERR" "--index $WORK/proj/index" "the message says how to name it"
(cd proj/sub && "$KB" --index ../index search projectpagina >/dev/null 2>&1); RC=$?
expect_rc 0 "named explicitly, it is used"
chmod o-w proj/index && chmod g+w proj/index/current
(cd proj/sub && "$KB" add ../p.html >"$WORK/.out" 2>"$WORK/.err"); RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 5 "a group-writable stub is refused, for writers too"
expect_contains "$ERR" "current: it is writable by its group" "the message names the stub"
chmod g-w proj/index/current
if [ "$(id -u)" -eq 0 ]; then
  before=$(stat -c %Y proj/index/current)
  chown -R 65534:65534 proj/index
  (cd proj/sub && "$KB" add ../p.html --force >"$WORK/.out" 2>"$WORK/.err"); RC=$?; ERR=$(cat "$WORK/.err")
  expect_rc 5 "an index owned by another user is refused"
  expect_contains "$ERR" "owned by another user (uid 65534)" "the message says whose it is"
  expect_eq "$(stat -c %Y proj/index/current)" "$before" "and it was not written"
  chown -R 0:0 proj/index
else
  echo "skip: not root, cannot give the index to another user"
fi

# --- No default index in a shared folder.
mkdir -p noindex
n=$(cd noindex && env -u HOME -u XDG_DATA_HOME -u KB_INDEX "$KB" stats 2>&1); RC=$?
expect_rc 5 "HOME and XDG_DATA_HOME unset: refused"
expect_contains "$n" "--index" "the message says how to name an index"
[ ! -e /tmp/kennisbank/index/KENNISBANK-INDEX ] || [ -O /tmp/kennisbank ] && pass "nothing created in /tmp" || fail "/tmp/kennisbank created"
mkdir -p shared && chmod 1777 shared
n=$(cd noindex && env -u HOME -u KB_INDEX XDG_DATA_HOME="$WORK/shared" "$KB" add "$WORK/proj/p.html" 2>&1); RC=$?
expect_rc 5 "XDG_DATA_HOME in a world-writable folder is refused"
expect_contains "$n" "$WORK/shared" "the message names the unsafe folder"
[ ! -e shared/kennisbank ] && pass "nothing created there" || fail "an index was created in the shared folder"
mkdir -p -m 700 mydata
n=$(cd noindex && env -u HOME -u KB_INDEX XDG_DATA_HOME="$WORK/mydata" "$KB" add "$WORK/proj/p.html" 2>&1); RC=$?
expect_rc 0 "HOME unset, a safe XDG_DATA_HOME is used"
[ -e mydata/kennisbank/index/current ] && pass "the index is under XDG_DATA_HOME" || fail "no index under XDG_DATA_HOME: $n"

# A folder swapped for a symlink out of the added folder while kb walks it (a race another user
# who can write there may win): KB_TEST_PAUSE_AT holds the walk after it lists a folder, the
# swap happens then, and nothing outside is read. First the second folder listed (race/b, before
# it is opened), then race/b itself after it was listed (before its files are opened: its file
# names exist outside too).
export KB_INDEX="$WORK/race-index"
for round in 2 3; do
  rm -rf "$KB_INDEX" race swapped-out
  mkdir -p race/a race/b swapped-out
  page race/a/eerste.html "Eerste" "gewonepagina"
  page race/b/geheim.html "Binnen" "binnenwoord"
  page swapped-out/geheim.html "Buiten" "buitenwoord"
  KB_TEST_PAUSE_AT=walk-listed:$round:3000 "$KB" add race --report json >race.json 2>race.err &
  pid=$!
  for _ in $(seq 100); do  # until it sleeps at the pause point
    read -r nr _ <"/proc/$pid/syscall" 2>/dev/null
    [ "$nr" = 35 ] || [ "$nr" = 230 ] && break
    sleep 0.05
  done
  mv race/b race/b.real && ln -s "$WORK/swapped-out" race/b
  wait "$pid"
  expect_eq "$(ids buitenwoord)" "" "round $round: a folder swapped for a symlink outside during the walk is not read"
  expect_contains "$(cat race.err)" "now leads outside" "round $round: ... and kb says why"
  expect_eq "$(ids gewonepagina)" "$WORK/race/a/eerste.html" "round $round: the rest is indexed"
done
finish

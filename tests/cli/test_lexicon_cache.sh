#!/usr/bin/env bash
# The compiled Dutch lexicon in the user's cache: made by the first run, mapped by the next ones
# (which then never read hunspell-nl's word list), and never trusted when it is damaged, planted,
# writable by others or a symlink: kb then builds the lexicon again, searches exactly as without
# a cache, and replaces the file without writing through it.
source "$(dirname "$0")/lib.sh"

export XDG_CACHE_HOME="$WORK/cache"
CACHE="$XDG_CACHE_HOME/kennisbank"
run add "$CORPUS" --quiet
expect_rc 0 "the corpus is added"
query=(search "vrouwen organisaties" --format json -n 20)
# The reference: no cache at all (no XDG_CACHE_HOME, no HOME).
# Compared by digest: the JSON of 20 hits is long.
digest() { printf %s "$1" | sha256sum | cut -c1-16; }
ref=$(digest "$(env -u XDG_CACHE_HOME -u HOME "$KB" "${query[@]}" 2>&1)")
file=$(ls "$CACHE"/lexicon-*.bin 2>/dev/null | head -1)
[ -n "$file" ] && pass "the first run saved the lexicon ($(basename "$file"))" || fail "no lexicon in $CACHE"
expect_eq "$(stat -c %a "$CACHE")" "700" "the cache folder is the user's alone"
size=$(stat -c %s "$file")

run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "a search with the mapped lexicon gives exactly the results without a cache"
if command -v strace >/dev/null; then
  # LeakSanitizer cannot run under ptrace (it aborts): under CI's ASan build this run goes
  # without leak checks, as test_hostile_files' traced runs do.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -e trace=open,openat -o "$WORK/trace" "$KB" "${query[@]}" >/dev/null 2>&1
  if grep -q "nl.dic" "$WORK/trace"; then fail "the word list was read although the cache was there"; else pass "the word list is not read when the cache is there"; fi
  grep -q "$(basename "$file")" "$WORK/trace" && pass "the cache file is opened" || fail "the cache file was not opened"
fi

# damage CASE: after CASE was done to the cache, kb searches as before and leaves a good file.
check() {
  run "${query[@]}"
  expect_eq "$(digest "$OUT")" "$ref" "$1: the same results"
  if [ -f "$file" ] && [ ! -L "$file" ] && [ "$(stat -c %s "$file")" = "$size" ] && [ "$(stat -c %a "$file")" = "644" ]; then
    pass "$1: the cache file is whole again"
  else
    fail "$1: the cache file was not replaced ($(ls -la "$file" 2>&1))"
  fi
}
truncate -s $((size / 2)) "$file"; check "a truncated file"
printf 'XXXXXXXX' | dd of="$file" conv=notrunc status=none; check "a file with another magic"
# The right size and header but slots that point past the words: bounds hold; the key differs
# only if the header is touched, so damage the middle of the table instead.
dd if=/dev/urandom of="$file" bs=1 seek=4096 count=65536 conv=notrunc status=none
run "${query[@]}"
# Wrong roles may change the analysis (the index is then refused, with advice); never a crash.
[ "$RC" -lt 128 ] && pass "random slots in a file with a valid header: no crash (exit $RC)" || fail "random slots: exit $RC; $ERR"
rm -f "$file"; run "${query[@]}"
chmod g+w "$file"; check "a file others may write"
echo "do not touch" >"$WORK/victim"
rm -f "$file"; ln -s "$WORK/victim" "$file"; check "a symlink planted under the cache's name"
expect_eq "$(cat "$WORK/victim")" "do not touch" "nothing was written through the symlink"
chmod g+w "$CACHE"; rm -f "$file"
run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "a cache folder others may write: the same results"
[ -e "$file" ] && fail "a lexicon was written into a folder others may write" || pass "no lexicon written into a folder others may write"
chmod 700 "$CACHE"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  run "${query[@]}"
  chown nobody "$file"; check "a file that belongs to another user"
fi

# The analysis signature that every opened index is checked against is worked out from some
# fifty probe words with a cold lexicon, a tenth of a one-word search: it is kept beside the
# lexicon and read by the next runs (a planted wrong one is believed, so the index is refused
# with advice: that proves it is read), worked out again when missing, damaged or made with other
# libraries, and never read or written through a symlink.
sig=$(ls "$CACHE"/signature-*.txt 2>/dev/null | head -1)
[ -n "$sig" ] && pass "the analysis signature was saved ($(basename "$sig"))" || fail "no signature file in $CACHE"
good=$(cat "$sig")
libraries=$(head -1 "$sig")
printf '%s\n%s' "$libraries" "nl=planted" >"$sig"
run "${query[@]}"
expect_rc 5 "a signature in the cache is believed: the index does not match it"
expect_contains "$ERR" "kb rebuild" "the refusal gives the advice"
rm -f "$sig"; run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "without the signature file: the same results"
expect_eq "$(cat "$sig")" "$good" "the signature is worked out and saved again"
printf '%s\n%s' "xapian 0.0 utf8proc 0.0" "nl=planted" >"$sig"; run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "a signature saved with other libraries is not used"
expect_eq "$(cat "$sig")" "$good" "and is replaced"
rm -f "$sig"; ln -s "$WORK/victim" "$sig"; run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "a symlink under the signature's name: the same results"
expect_eq "$(cat "$WORK/victim")" "do not touch" "nothing was written through it"
[ -f "$sig" ] && [ ! -L "$sig" ] && pass "the symlink was replaced by a file of kb's own" || fail "the signature symlink stayed"

# The files of other kb binaries go once unused for a day, when a new one is written; younger
# files, other names and symlinks stay.
old_file="$CACHE/lexicon-00000000000000aa.bin"; young="$CACHE/lexicon-00000000000000bb.bin"
other="$CACHE/notes.txt"; link="$CACHE/lexicon-00000000000000cc.bin"
old_sig="$CACHE/signature-00000000000000aa.txt"
echo x >"$old_file"; touch -d '3 days ago' "$old_file"
echo x >"$old_sig"; touch -d '3 days ago' "$old_sig"
echo y >"$young"
echo z >"$other"; touch -d '3 days ago' "$other"
ln -s "$WORK/victim" "$link"; touch -h -d '3 days ago' "$link"
rm -f "$file"; run "${query[@]}"
expect_eq "$(digest "$OUT")" "$ref" "a search that writes a new cache file: the same results"
[ -e "$old_file" ] && fail "a cache file unused for 3 days was kept" || pass "a cache file unused for 3 days was removed"
[ -e "$old_sig" ] && fail "a signature file unused for 3 days was kept" || pass "a signature file unused for 3 days was removed"
[ -e "$young" ] && pass "a cache file written today was kept" || fail "a cache file written today was removed"
[ -e "$other" ] && pass "a file of another name was kept" || fail "a file of another name was removed"
[ -L "$link" ] && pass "a symlink under a cache file's name was kept" || fail "a symlink was removed"
expect_eq "$(cat "$WORK/victim")" "do not touch" "nothing was written through that symlink either"

finish

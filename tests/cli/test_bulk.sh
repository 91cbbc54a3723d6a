#!/usr/bin/env bash
# Bulk import for scripts: folder walks with include/exclude and hidden files, --files-from with
# NUL separators, JSON Lines on stdin, unchanged files skipped, --prune, run-wide metadata,
# --dry-run and the JSON report.
source "$(dirname "$0")/lib.sh"

mkdir -p tree/a/b tree/.hidden tree/drafts
mk() {  # mk PATH ID TITLE
  printf '{"id":"%s","title":"%s","body":"Tekst over vrouwen en vrede in %s."}\n' "$2" "$3" "$2" > "$1"
}
mk tree/one.json one "Een"
mk tree/a/two.json two "Twee"
mk tree/a/b/three.json three "Drie"
mk tree/a/b/skip-me.json skipme "Overgeslagen"
mk tree/.hidden/secret.json secret "Verborgen"
mk tree/.dotfile.json dotfile "Punt"
mk tree/drafts/draft.json draft "Concept"
printf '<html><head><title>Vier</title></head><body><p>Pagina vier</p></body></html>' > tree/a/four.html

run add tree --exclude 'skip-*' --exclude drafts --report json
expect_rc 0 "recursive add with --exclude"
expect_eq "$(json "d['added']")" "4" "four documents: excluded and hidden files left out"
expect_eq "$(ids 'title:verborgen OR title:punt OR title:overgeslagen OR title:concept')" "" "hidden and excluded files not indexed"

rm -rf "$KB_INDEX"
run add tree --include '*.html' --report json
expect_eq "$(json "d['added']")" "1" "--include keeps only matching files"
run add tree --hidden --include '*.json' --report json
expect_eq "$(json "d['added']")" "7" "--hidden descends into dot-folders"

# --files-from with NUL separators (names with spaces and newlines survive).
rm -rf "$KB_INDEX"
mkdir -p "odd names"
mk "odd names/with space.json" space "Spatie"
mk $'odd names/with\nnewline.json' newline "Regeleinde"
find "odd names" -name '*.json' -print0 | "$KB" add --files-from - -0 --report json > report.json 2>err.txt
OUT=$(cat report.json)
expect_eq "$(json "d['added']")" "2" "--files-from - -0 reads NUL-separated names"
printf '%s\n' tree/one.json tree/a/two.json > list.txt
run add --files-from list.txt --report json
expect_eq "$(json "d['added']")" "2" "--files-from a file, one path per line"

# A JSON Lines stream on stdin, with run-wide metadata.
rm -rf "$KB_INDEX"
python3 -c "
import json
for i in range(500):
    print(json.dumps({'id': f'rec-{i}', 'title': f'Publicatie {i}', 'body': 'Rapport over vredesactivisten nummer %d' % i}))
" > stream.jsonl
"$KB" add --format jsonl - --tag bulk2024 --type report --lang nl --report json < stream.jsonl > report.json 2>/dev/null
OUT=$(cat report.json)
expect_eq "$(json "d['added']")" "500" "500 records from stdin"
expect_eq "$(doc_count)" "500" "index holds 500"
expect_eq "$(total 'tag:bulk2024 type:report lang:nl')" "500" "--tag, --type and --lang applied to every record"
"$KB" add --format jsonl - --tag bulk2024 --type report --lang nl --report json < stream.jsonl > report.json 2>/dev/null
OUT=$(cat report.json)
expect_eq "$(json "d['unchanged']")" "500" "the same stream again: all unchanged"
expect_eq "$(doc_count)" "500" "no duplicates from a repeated stream"
# Without --format the stream is recognised as JSON Lines and still read record by record.
rm -rf "$KB_INDEX"
"$KB" add - --report json < stream.jsonl > report.json 2>/dev/null
OUT=$(cat report.json)
expect_eq "$(json "d['added']")" "500" "JSON Lines on stdin recognised without --format"
formats=$("$KB" export | python3 -c "import json,sys; print(sorted({json.loads(l)['format'] for l in sys.stdin if l.strip()}))")
expect_eq "$formats" "['jsonl']" "recognised records are JSON Lines"

# Memory is bounded by the longest line, not the stream: a 300 MB stream of 1 MB lines (each
# one bad, so the run is quick) after one good record, with and without --format.
stream_peak() {  # ARGS... -> "exit-code added failed peak-RSS-MiB" of kb add ARGS - fed the stream
  python3 - "$KB" "$@" <<'PY'
import json, resource, subprocess, sys
kb, args = sys.argv[1], sys.argv[2:]
p = subprocess.Popen([kb, "add", *args, "-", "--report", "json"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdin.write(b'{"id": "first", "title": "Eerste", "body": "Een goed record voor de rest."}\n')
junk = b"x" * (1 << 20) + b"\n"
for _ in range(300):
    p.stdin.write(junk)
p.stdin.close()
report = json.loads(p.stdout.read())
code = p.wait()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(code, report["added"] + report["unchanged"], report["failed"], peak)
PY
}
# expect_peak WHAT PEAK_MIB LIMIT_MIB: the input was not held in memory. (A sanitizer's shadow
# memory and quarantine inflate RSS: the figure means nothing there.)
expect_peak() {
  if [ -n "${ASAN_OPTIONS:-}${TSAN_OPTIONS:-}" ]; then
    pass "$1: peak RSS $2 MiB (not checked under a sanitizer)"
  elif [[ $2 -lt $3 ]]; then
    pass "$1: peak RSS $2 MiB"
  else
    fail "$1: peak RSS $2 MiB (limit $3), the input was held in memory"
  fi
}
for mode in "--format jsonl" ""; do
  rm -rf "$KB_INDEX"
  # shellcheck disable=SC2086  # $mode is zero or two words
  read -r code added failed peak < <(stream_peak $mode)
  expect_eq "$code $added $failed" "3 1 300" "300 MB stream ${mode:-auto-detected}: exit 3, the good record in, each bad line failed"
  expect_peak "300 MB stream ${mode:-auto-detected}" "$peak" 150
done

# Nor by blank lines: one object and then 300 million of them (before, all were kept: 510 MB at 200
# million), as the one record it is.
rm -rf "$KB_INDEX"
read -r code peak < <(python3 - "$KB" <<'PY'
import resource, subprocess, sys
p = subprocess.Popen([sys.argv[1], "add", "-", "--quiet"], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdin.write(b'{"id": "blanco", "title": "Blanco regels", "body": "Daarna alleen lege regels."}\n')
blank = b"\n" * (1 << 20)
for _ in range(286):
    p.stdin.write(blank)
p.stdin.close()
print(p.wait(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
expect_eq "$code $(ids 'title:blanco')" "0 blanco" "one object and 300 million blank lines: the record is in"
expect_peak "blank lines" "$peak" 100

# A big JSON document (over the megabyte of blank lines held) with a blank line after it is still one
# document: only the blank lines count towards that limit.
rm -rf "$KB_INDEX"
python3 -c "
import json
print(json.dumps({'records': [{'id': 'groot-%d' % i, 'title': 'Groot', 'body': 'x' * 600} for i in range(2000)]}))
print()" | "$KB" add --quiet -
expect_eq "$(total 'title:groot')" "2000" "a 1.2 MB JSON document and a blank line: its 2000 records"

# Unchanged files are skipped without being read; changed ones are replaced; --prune removes vanished ones.
rm -rf "$KB_INDEX"
run add tree --report json
n=$(json "d['added']")
run add tree --report json
expect_eq "$(json "d['unchanged']")" "$n" "second run: every document unchanged"
expect_eq "$(json "d['added'] + d['updated']")" "0" "second run: nothing rewritten"
mk tree/a/two.json two "Twee herzien"
rm tree/one.json
run add tree --dry-run --prune --report json
expect_eq "$(json "(d['dry_run'], d['updated'], d['removed'])")" "(True, 1, 1)" "--dry-run reports the change and the removal"
expect_eq "$(total 'title:herzien')" "0" "--dry-run wrote nothing"
expect_eq "$(doc_count)" "$n" "--dry-run removed nothing"
run add tree --prune --report json
expect_eq "$(json "(d['updated'], d['removed'])")" "(1, 1)" "--prune removes the deleted file's document"
expect_eq "$(doc_count)" "$((n - 1))" "one document fewer"
expect_eq "$(total 'title:herzien')" "1" "changed file re-indexed"
rm tree/a/four.html
run remove --missing
expect_eq "$(doc_count)" "$((n - 2))" "kb remove --missing removes documents whose files are gone"

# A feed that loses an item loses its document.
cat > feed.xml <<'X'
<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws</title>
<item><title>Bericht een</title><link>https://example.org/1</link><description>eerste</description></item>
<item><title>Bericht twee</title><link>https://example.org/2</link><description>tweede</description></item>
</channel></rss>
X
run add feed.xml
expect_eq "$(total 'title:bericht')" "2" "both feed items indexed"
sed -i 's|<item><title>Bericht twee.*</item>||' feed.xml
touch -d '+1 minute' feed.xml
run add feed.xml --report json
expect_eq "$(total 'title:bericht')" "1" "the dropped item is removed"

# The JSON report of a dry run into no index creates nothing.
rm -rf "$KB_INDEX"
run add tree --dry-run --report json
expect_eq "$(json "d['added'] > 0")" "True" "dry run counts what would be added"
[ ! -e "$KB_INDEX/current" ] && pass "dry run created no index" || fail "dry run created an index"

# Progress: a live line on a terminal's stderr; nothing on a file unless --progress.
python3 -c "
import json
for i in range(4000):
    print(json.dumps({'id': 'p-%d' % i, 'title': 'Voortgang %d' % i, 'body': 'vrouwen vrede veiligheid ' * 60}))
" > many.jsonl
rm -rf "$KB_INDEX"
"$KB" add many.jsonl 2> quiet.err
expect_not_contains "$(cat quiet.err)" "documents, " "no progress line when stderr is not a terminal"
rm -rf "$KB_INDEX"
"$KB" add many.jsonl --progress 2> progress.err
expect_contains "$(cat progress.err)" "documents, " "--progress prints progress lines to a file"
expect_contains "$(cat progress.err)" "docs/s" "progress shows the rate"
if command -v script >/dev/null; then
  rm -rf "$KB_INDEX"
  tty_err=$(script -qec "$KB add $WORK/many.jsonl" /dev/null 2>/dev/null)
  expect_contains "$tty_err" $'\x1b[2K' "on a terminal the progress line redraws in place"
  expect_contains "$tty_err" "documents, " "on a terminal progress is shown without asking"
fi

# Hidden files given by name are indexed: the user asked for them.
run add tree/.dotfile.json --report json
expect_eq "$(json "d['added']")" "1" "a dot-file named explicitly is indexed"
finish

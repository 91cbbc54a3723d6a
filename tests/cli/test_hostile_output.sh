#!/usr/bin/env bash
# Hostile text never drives the terminal or a spreadsheet, and never makes kb work without bound:
# escape sequences, C1 controls and bidi overrides in documents and file names are shown, not
# obeyed, in every text output and on stderr; JSON keeps the exact text; CSV cells that would run
# as formulas are defused; wildcards and numeric options are bounded.
source "$(dirname "$0")/lib.sh"

HOSTILE_JSONL="$FIXTURES/cli/hostile_output.jsonl"
HOSTILE_HTML="$FIXTURES/cli/hostile_output.html"

# raw_controls FILE: prints what a terminal would act on (C0 controls but tab and newline, DEL,
# C1 controls as UTF-8 or as raw bytes, bidi overrides, invalid UTF-8); prints nothing if clean.
# With --allow-sgr, kb's own colour sequences (ESC [ digits ; m) are allowed.
raw_controls() {
  python3 - "$@" <<'PY'
import re, sys
args = sys.argv[1:]
allow_sgr = "--allow-sgr" in args
data = open([a for a in args if a != "--allow-sgr"][0], "rb").read()
if allow_sgr:
    data = re.sub(rb"\x1b\[[0-9;]*m", b"", data)
found = [m.group(0) for m in re.finditer(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", data)]
try:
    data.decode("utf-8")
except UnicodeDecodeError as e:
    found.append(b"invalid UTF-8 at byte %d" % e.start)
if found:
    print(repr(found[:5]))
PY
}
# expect_clean DESCRIPTION [--allow-sgr]: stdout and stderr of the last run carry nothing raw.
expect_clean() {
  local bad
  bad=$(raw_controls "$WORK/.out" "${@:2}")
  [ -z "$bad" ] && pass "$1: stdout has no raw control characters" || fail "$1: raw controls on stdout: $bad"
  bad=$(raw_controls "$WORK/.err")
  [ -z "$bad" ] && pass "$1: stderr has no raw control characters" || fail "$1: raw controls on stderr: $bad"
}

# --- Documents whose fields carry OSC 52, ESC[2J, OSC 8, C1 controls and bidi overrides ---------
# A file whose name holds an escape sequence, indexed by name, and a broken one that must fail.
GOOD_NAME=$'verslag\e[2J\e]52;c;SGFja2VkIQ==\a.json'
BAD_NAME=$'kapot\e]8;;evil\e\\\xc2\x9b31m.json'
printf '{"id":"named-file","title":"Gewone titel","body":"vredesoverleg uit een bestand"}' > "$GOOD_NAME"
printf '{"title": "kapot", ' > "$BAD_NAME"

run add "$HOSTILE_JSONL" "$HOSTILE_HTML" "$GOOD_NAME" "$BAD_NAME"
expect_rc 3 "add with one broken file"
expect_clean "add (report and error line)"
expect_contains "$ERR" 'kapot^[]8;;evil^[\<U+009B>31m.json' "the error line names the file, escapes shown"
expect_contains "$ERR" "added 4" "add summary"
run add "$GOOD_NAME" --force --progress
expect_clean "add --progress"

run search vredesoverleg
expect_rc 0 "search"
expect_clean "search text"
expect_contains "$OUT" 'Vrede ^[]52;c;SGFja2VkIQ==^Gklembord^[[2J' "search shows the title's escapes visibly"
expect_contains "$OUT" 'Auteur <U+009B>31m<U+0085>Naam' "search shows C1 controls in authors"
expect_contains "$OUT" '<U+202E>txt.exe' "search shows a bidi override in the snippet"
expect_contains "$OUT" 'verslag^[[2J^[]52;c;SGFja2VkIQ==^G.json' "search shows an escape in a file name"
run search vredesoverleg --color always
expect_clean "search --color always" --allow-sgr
expect_contains "$OUT" $'\e[1m' "kb's own colour still works after sanitising"
run search vredesoverleg --facets
expect_clean "search --facets (type values from documents)"

run show hostile-json
expect_rc 0 "show"
expect_clean "show text"
expect_contains "$OUT" 'https://example.org/^[]8;;https://evil.example/^[\verborgen link' "show: an OSC 8 link is shown, not hidden"
expect_contains "$OUT" '<U+202E>txt.exe omgekeerde naam^?' "show: bidi override and DEL in the body"
run show 'https://example.org/pagina-'$'\e'']8;;https://evil.example/'$'\e''\'
expect_rc 0 "show the HTML page by its hostile canonical URL"
expect_clean "show text of HTML with &#27;"
expect_contains "$OUT" 'Pagina ^[]52;c;SGFja2VkIQ==^G met ^[[2J titel' "&#27; in HTML is printed visibly"

run stats
expect_clean "stats text (source file names)"
expect_contains "$OUT" 'verslag^[[2J' "stats shows the hostile source name visibly"

# Errors that quote what was typed or stored.
run show $'geen\e]52;c;SGFja2VkIQ==\a'
expect_rc 1 "show of an unknown id"
expect_clean "show error line"
run search $'\e]52;c;SGFja2VkIQ==\a\e[2J AND'
expect_rc 4 "unparsable query"
expect_clean "query error line"
run search vrede --limit $'\e[2J'
expect_rc 2 "usage error quoting an escape sequence"
expect_clean "usage error line"
run export -o $'/nonexistent/\e[2J.jsonl'
expect_clean "export error naming a hostile --output"
run export -o $'uitvoer\e]52;c;SGFja2VkIQ==\a.jsonl'
expect_rc 0 "export to a file with an escape in its name"
expect_clean "export summary naming a hostile --output"
expect_contains "$ERR" 'uitvoer^[]52;c;SGFja2VkIQ==^G.jsonl' "the summary shows the name visibly"

# --- Machine formats keep the exact text, escaped as JSON requires -----------------------------
python3 - "$HOSTILE_JSONL" > expected.json <<'PY'
import json, sys
print(json.dumps({json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[1], encoding="utf-8")}))
PY
run search vredesoverleg --format json
expect_rc 0 "search --format json"
bad=$(raw_controls "$WORK/.out")
[ -z "$bad" ] && pass "JSON output carries no raw controls (ESC, C1, bidi, DEL are \\u escapes)" || fail "raw in JSON: $bad"
expect_contains "$OUT" '\u001b]52;c;' "ESC is written as \\u001b"
expect_contains "$OUT" '\u009b' "C1 CSI is written as \\u009b"
check=$(python3 - <<'PY' "$WORK/.out"
import json, sys
out = json.load(open(sys.argv[1], encoding="utf-8"))
expected = json.load(open("expected.json"))["hostile-json"]
hit = [r for r in out["results"] if r["id"] == "hostile-json"][0]
ok = hit["title"] == expected["title"] and hit["url"] == expected["url"] and hit["authors"] == [expected["author"]]
print("same" if ok else "differs: %r" % hit)
PY
)
expect_eq "$check" "same" "search --format json round-trips title, url and author exactly"
run show hostile-json --format json
check=$(python3 -c "
import json
d = json.loads(open('$WORK/.out', encoding='utf-8').read())
e = json.load(open('expected.json'))['hostile-json']
print('same' if (d['title'], d['body'], d['url'], d['authors'], d['type']) == (e['title'], e['body'], e['url'], [e['author']], e['type']) else 'differs: %r' % d)")
expect_eq "$check" "same" "show --format json round-trips the exact text"
run search vredesoverleg --format jsonl
check=$(python3 -c "
import json
ids = [json.loads(l)['id'] for l in open('$WORK/.out', encoding='utf-8') if l.strip()]
print('parsed' if 'named-file' in ids and 'hostile-json' in ids else ids)")
expect_eq "$check" "parsed" "jsonl lines all parse"
# A file name that is not UTF-8 (and holds ESC) does not break the JSON either.
printf '{"id":"latin","title":"latijn","body":"zeldzaamwoord"}' > $'naam\xff\e[2J.json'
"$KB" add $'naam\xff\e[2J.json' 2>/dev/null
run search zeldzaamwoord --format json
check=$(python3 -c "
import json
print(json.loads(open('$WORK/.out', 'rb').read().decode('utf-8'))['results'][0]['source'].endswith('\ufffd\x1b[2J.json'))")
expect_eq "$check" "True" "invalid UTF-8 in a source path becomes U+FFFD in valid JSON"
run search zeldzaamwoord
expect_clean "search text of a non-UTF-8 file name"

# --- CSV: formula cells neutralised, --raw-csv raw ---------------------------------------------
csv_cells() {  # csv_cells FILE: the formula-cells row as JSON, by column name
  python3 - "$1" <<'PY'
import csv, json, sys
# The source column of the file named with an invalid byte holds that byte, as stored.
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", errors="replace", newline="")))
print(json.dumps([r for r in rows if r["id"] == "formula-cells"][0]))
PY
}
"$KB" export --format csv --output safe.csv 2>/dev/null
"$KB" export --format csv --raw-csv --output raw.csv 2>/dev/null
safe=$(csv_cells safe.csv)
raw=$(csv_cells raw.csv)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]], end='')" "$1" "$2"; }
expect_eq "$(field "$safe" title)" "'=HYPERLINK(\"https://evil.example/\",\"Klik\")" "CSV: = cell gets a leading quote"
expect_eq "$(field "$safe" authors)" "'@SUM(A1:A9)" "CSV: @ cell gets a leading quote"
expect_eq "$(field "$safe" tags)" "'+cmd|' /C calc'!A0" "CSV: + cell gets a leading quote"
expect_eq "$(field "$safe" summary)" "'-2+3+cmd|' /C calc'!A0" "CSV: - cell gets a leading quote"
expect_eq "$(field "$safe" body)" "'"$'\t'"formule vredesoverleg" "CSV: a cell starting with tab gets a leading quote"
expect_eq "$(field "$safe" type)" "-5" "CSV: a plain negative number is left alone"
expect_eq "$(field "$safe" url)" "+31 20 123 4567" "CSV: a phone number is left alone"
expect_eq "$(field "$raw" title)" "=HYPERLINK(\"https://evil.example/\",\"Klik\")" "--raw-csv writes the value unchanged"
expect_eq "$(field "$raw" summary)" "-2+3+cmd|' /C calc'!A0" "--raw-csv: - cell unchanged"
run export --raw-csv
expect_rc 2 "--raw-csv without --format csv is a usage error"

# CSV, RIS and BibTeX carry a document's text as it is, escapes included (JSON escapes them): on a
# terminal (a real pty here) it is shown, not obeyed; to a pipe or a file it stays exact.
for format in csv ris bibtex; do
  script -qec "$KB export --format $format" /dev/null </dev/null | sed 's/\r$//' > tty.$format
  bad=$(raw_controls tty.$format)
  [ -z "$bad" ] && pass "export --format $format on a terminal: no raw control characters" ||
    fail "export --format $format on a terminal: raw controls: $bad"
  grep -F '^[' tty.$format >/dev/null && pass "... the escapes shown as ^[" || fail "... no escape shown in $format"
  "$KB" export --format $format 2>/dev/null | grep -c $'\e' >/dev/null &&
    pass "export --format $format into a pipe keeps the exact text" || fail "export --format $format into a pipe lost the text"
done

# --- Wildcards have a cap ------------------------------------------------------------------------
python3 -c "print('{\"id\":\"many\",\"title\":\"veel\",\"body\":\"' + ' '.join('zq%04d' % i for i in range(1500)) + '\"}')" > many.jsonl
"$KB" add many.jsonl 2>/dev/null
run search 'zq*'
expect_rc 4 "a wildcard matching 1,500 words is refused"
expect_contains "$ERR" "'zq*' matches more than 1000" "the message names the wildcard and the limit"
expect_contains "$ERR" "more letters before the *" "the message says how to narrow it"
run search 'zq1*' -n 1
expect_rc 0 "a narrower wildcard (501 words) runs"
run search 'vrede OR zq*'
expect_rc 4 "the cap holds inside a larger query"
run export 'zq*'
expect_rc 4 "export applies the same cap"
run search "$(python3 -c "print(' OR '.join('w%d*' % i for i in range(17)))")"
expect_rc 4 "17 wildcards in one query are refused"
expect_contains "$ERR" "more than 16 wildcards" "the message gives the limit"

# --- Every numeric option is range-checked --------------------------------------------------------
# --jobs goes up to 4 per core (the cores the system has online, as hardware_concurrency counts them).
MAX_JOBS=$(( 4 * $(getconf _NPROCESSORS_ONLN) ))
out_of_range() {  # out_of_range OPTION VALUE ARGS...: exit 2 naming the option and the range
  local option=$1 value=$2; shift 2
  run "$@" "$option" "$value"
  expect_rc 2 "$* $option $value"
  expect_contains "$ERR" "$option: '$value' is not a" "$option $value: the message names the option"
  expect_contains "$ERR" " from " "$option $value: the message gives the range"
}
for v in -5 100001 99999999999999999999999 0x10; do out_of_range --limit "$v" search vrede; done
for v in -1 4294967296 1000000001; do out_of_range --offset "$v" search vrede; done
for v in -1 10001; do out_of_range --snippet-length "$v" search vrede; done
for cmd in "add many.jsonl" rebuild; do
  for v in 0 -1 100000 $((MAX_JOBS + 1)); do out_of_range --jobs "$v" $cmd; done
  for v in 0 -3 1000001 1e3; do out_of_range --batch "$v" $cmd; done
  for v in -1 nan inf 86401; do out_of_range --wait "$v" $cmd; done
done
for v in -1 nan inf 86401; do out_of_range --wait "$v" remove x; done
for v in -1 100.5 nan; do out_of_range --max-drop "$v" rebuild; done
[ ! -e "$KB_INDEX/db-shards" ] && [ -z "$(find "$KB_INDEX" -name '*shard*' 2>/dev/null)" ] \
  && pass "refused --jobs left no shard folders" || fail "shard folders were left behind"
# The edges of each range are accepted.
run search vrede -n 0 --offset 1000000000
expect_rc 0 "--limit 0 and --offset at its maximum run (exit 0: there are matches, none on that page)"
run search vredesoverleg -n 100000 --snippet-length 0
expect_rc 0 "--limit 100000 and --snippet-length 0 run"
run add many.jsonl --force --jobs "$MAX_JOBS" --batch 1000000 --wait 0
expect_rc 0 "--jobs $MAX_JOBS (4 per core), --batch 1000000 and --wait 0 run"
run rebuild --jobs 1 --batch 1 --max-drop 100 --wait 86400
expect_rc 3 "rebuild at the edges of its ranges runs (exit 3: the broken file still fails)"

finish

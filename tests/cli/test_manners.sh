#!/usr/bin/env bash
# Terminal manners and the rest of the CLI: help that teaches, colour rules, show, stats,
# finding the index, refusing an index built with other settings.
source "$(dirname "$0")/lib.sh"

run --help
expect_rc 0 "kb --help"
for word in add search export show stats remove "Exit codes" "Examples"; do
  expect_contains "$OUT" "$word" "--help mentions $word"
done
for sub in add search export show stats remove; do
  run "$sub" --help
  expect_rc 0 "kb $sub --help"
  expect_contains "$OUT" "Example" "kb $sub --help has an example"
done
run search --help
expect_contains "$OUT" "title:" "search --help explains field prefixes"
expect_contains "$OUT" "date:" "search --help explains date ranges"
run frobnicate
expect_rc 2 "unknown subcommand is a usage error"
run search vrouwen --limit notanumber
expect_rc 2 "bad option value is a usage error"
run add
expect_rc 2 "add with nothing to add is a usage error"

run add "$FIXTURES/cli/stemming.jsonl"
expect_contains "$ERR" "added 12" "summary on stderr"
[ -z "$OUT" ] && pass "add prints no data on stdout" || fail "add wrote to stdout: $OUT"

# Only the subcommand the command line names adds its options (main.cpp): whatever global options
# come first, in whichever form, that subcommand still gets its own, and the others still exist.
for sub_option in "add --jobs" "search --facets" "export --output" "show --no-pager" "stats --format" \
                  "remove --missing" "rebuild --jobs" "synonyms list" "completion shell"; do
  sub=${sub_option%% *} option=${sub_option#* }
  run --color never -q --index "$KB_INDEX" "$sub" --help
  expect_contains "$OUT" "$option" "kb --color never -q --index DIR $sub --help shows $option"
done
run --index="$KB_INDEX" --color=never search vrouwen --facets
expect_rc 0 "--index=DIR --color=never search --facets"
expect_contains "$OUT" "results" "search after --opt=value global options finds documents"
run -C "$WORK" search vrouwen --limit 1
expect_rc 0 "-C DIR search --limit 1"
run search --limit 1 -- export
expect_not_contains "$ERR" "error" "a query word that names another subcommand is a query word"

# Colour: never when piped, forced with --color always, never with NO_COLOR unless forced.
NO_COLOR= run search vrouwen
expect_not_contains "$OUT" $'\x1b' "no colour when stdout is a pipe"
NO_COLOR= run search vrouwen --color always
expect_contains "$OUT" $'\x1b[' "--color always"
NO_COLOR=1 run search vrouwen --color never
expect_not_contains "$OUT" $'\x1b' "--color never"
if command -v script >/dev/null; then
  tty_out=$(NO_COLOR= script -qec "$KB search vrouwen" /dev/null 2>/dev/null)
  expect_contains "$tty_out" $'\x1b[' "colour on a terminal"
  tty_out=$(NO_COLOR=1 script -qec "$KB search vrouwen" /dev/null 2>/dev/null)
  expect_not_contains "$tty_out" $'\x1b[1;31m' "NO_COLOR honoured on a terminal"
fi

# show and stats.
run show stem-2 --format json
expect_rc 0 "show by id"
expect_eq "$(json "d['title']")" "Portret" "show returns the stored record"
run show stem-2
expect_contains "$OUT" "Een vrouw uit Kabul" "show prints the body"
run show no-such-id
expect_rc 1 "show of an unknown id exits 1"
run stats --format json
expect_eq "$(json "d['documents']")" "12" "stats counts documents"
expect_eq "$(json "d['by_lang']")" "{'en': 2, 'nl': 10}" "stats by language"
expect_eq "$(json "d['by_format']")" "{'jsonl': 12}" "stats by format"
expect_eq "$(json "d['size_bytes'] > 0 and d['last_update'] != ''")" "True" "stats size and last update"
run stats
expect_contains "$OUT" "documents" "stats as text"

# remove.
run remove stem-10
expect_rc 0 "remove by id"
expect_eq "$(doc_count)" "11" "one fewer document"
run remove stem-10
expect_rc 1 "removing an unknown id exits 1"

# Finding the index: KB_INDEX, --index, -C, and the nearest enclosing folder with index/.
mkdir -p proj/sub/deeper
"$KB" --index proj/index add "$FIXTURES/cli/stemming.jsonl" 2>/dev/null
n=$(cd proj/sub/deeper && env -u KB_INDEX "$KB" stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['index'])")
expect_eq "$n" "$WORK/proj/index" "index found in an enclosing folder"
n=$(env -u KB_INDEX "$KB" -C proj/sub stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['index'])")
expect_eq "$n" "$WORK/proj/index" "-C DIR"
n=$(env -u KB_INDEX XDG_DATA_HOME="$WORK/xdg" "$KB" -C / stats 2>&1)
expect_contains "$n" "$WORK/xdg/kennisbank/index" "default index under XDG_DATA_HOME"

# An index built with other analysis settings is refused with what to do.
xapian-metadata set "$(live_db)" kb.analysis "nl=Xapian::Stem(kraaij_pohlmann)" 2>/dev/null
run search vrouwen
expect_rc 5 "an index with other analysis settings is refused"
expect_contains "$ERR" "kb rebuild" "the refusal says to rebuild"
run add "$FIXTURES/cli/stemming.jsonl"
expect_rc 5 "add refuses to mix settings"
finish

#!/usr/bin/env bash
# Synonyms through the real binary: the shipped thesaurus both ways (abbreviation, Dutch and
# English names, multi-word terms as phrases), --no-synonyms, and a user's group added with
# `kb synonyms add`, kept by `kb rebuild`, and taken out again with `kb synonyms remove`.
source "$(dirname "$0")/lib.sh"

run add "$FIXTURES/cli/synonyms.jsonl"
expect_rc 0 "add the synonym fixtures"

# Shipped groups, every way round (syn-vnvr says VN-Veiligheidsraad, which holds the word VN).
expect_eq "$(ids UN)" "syn-un syn-vn syn-vnvr" "UN finds the Verenigde Naties and United Nations documents"
expect_eq "$(ids VN)" "syn-un syn-vn syn-vnvr" "VN finds the United Nations document too"
expect_eq "$(ids 'verenigde naties')" "syn-un syn-vn syn-vnvr" "Verenigde Naties (typed apart) finds United Nations"
expect_eq "$(ids '"United Nations"')" "syn-un syn-vn syn-vnvr" "a quoted term finds its Dutch name"
expect_eq "$(ids '"United Nations"' --no-synonyms)" "syn-un" "without synonyms only the document that says it"
expect_eq "$(ids VNVR)" "syn-vnvr" "VNVR finds VN-Veiligheidsraad (a hyphenated term)"
expect_eq "$(ids SGBV)" "syn-sgbv" "SGBV finds the phrase seksueel en gendergerelateerd geweld"
# A phrase expansion keeps the words' order: a document with vrouwen, vrede and veiligheid apart
# is not Vrouwen, Vrede en Veiligheid, but typing those words apart still finds it.
expect_eq "$(ids WPS)" "" "WPS does not match the words scattered"
expect_eq "$(ids 'vrouwen vrede en veiligheid')" "syn-apart" "a term's words typed apart keep their own meaning"
# The words typed weigh more than their synonyms: a page that says Verenigde Naties once ranks
# above one that repeats United Nations.
cat > "$WORK/typed.jsonl" <<'EOF2'
{"id":"typed-nl","title":"Verslag","body":"De Verenigde Naties vergaderden over de begroting van het komende jaar en de plannen voor scholen, wegen en havens in de regio."}
{"id":"typed-en","title":"Report","lang":"en","body":"United Nations. The United Nations met; United Nations staff and United Nations envoys spoke."}
EOF2
run add "$WORK/typed.jsonl"
run search '"verenigde naties"' --format json
expect_eq "$(json "[r['id'] for r in d['results'] if r['id'].startswith('typed')]")" "['typed-nl', 'typed-en']" \
  "the words typed rank above a synonym repeated"
run remove typed-nl typed-en
# Off when asked, and never inside a field or after a minus.
run search UN --no-synonyms --format json
expect_rc 1 "--no-synonyms: UN alone matches nothing here"
expect_eq "$(ids 'verenigde -UN')" "syn-vn" "a word with - is not expanded"
# Expanded words are highlighted in the snippet.
run search UN --format json
marked=$(json "' '.join(r['snippet'][a:b] for r in d['results'] for a, b in r['highlights'])")
expect_contains "$marked" "Nations" "the snippet highlights the English synonym that matched"
expect_contains "$marked" "Naties" "and the Dutch one"

# The user's own group.
run synonyms add GBV "gender-based violence" "gendergerelateerd geweld"
expect_rc 0 "synonyms add"
expect_contains "$(cat "$KB_INDEX/synonyms.txt")" "GBV, gender-based violence, gendergerelateerd geweld" \
  "the group is written to synonyms.txt in the index folder"
expect_eq "$(ids GBV)" "syn-gbv syn-sgbv" "a user's group expands queries"
run synonyms list --format json
expect_eq "$(json "[g['origin'] for g in d['groups'] if 'GBV' in g['terms']]")" "['user']" "list shows it as the user's"
run rebuild
expect_rc 0 "rebuild"
expect_eq "$(ids GBV)" "syn-gbv syn-sgbv" "the user's synonym survives kb rebuild"
run synonyms add geweld
expect_rc 2 "a group of one term is a usage error"
run synonyms add "a, b" c
expect_rc 2 "a term with a comma is a usage error"
run synonyms remove GBV
expect_rc 0 "synonyms remove"
expect_eq "$(ids GBV --exact)" "" "after remove, GBV is a word again"
run synonyms remove VN
expect_rc 1 "a shipped term cannot be removed (exit 1)"
expect_contains "$ERR" "synonyms.txt" "the message names the user's file"

# kb synonyms add never writes a line the file cannot hold: a term with a line break would split
# the group and stop every search (and remove), one starting with # would be a comment, lost.
cp "$KB_INDEX/synonyms.txt" before.txt 2>/dev/null || : > before.txt
run synonyms add $'aa\nbb' cc
expect_rc 2 "a term with a line break is refused"
expect_contains "$ERR" "line break" "... saying why"
run synonyms add "#MeToo" "hashtag metoo"
expect_rc 2 "a term starting with # is refused"
expect_contains "$ERR" "comment" "... saying why"
expect_eq "$(cat "$KB_INDEX/synonyms.txt" 2>/dev/null)" "$(cat before.txt)" "the synonyms file is as it was"
run search vrede
expect_rc 0 "searches still work"

# A broken file names itself and its line.
printf 'UN, VN\nalleen\n' >"$KB_INDEX/synonyms.txt"
run search vrede
expect_rc 5 "a synonyms file with a one-term line stops the search"
expect_contains "$ERR" "synonyms.txt line 2" "the error names the file and the line"
finish

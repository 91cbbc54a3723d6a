#!/usr/bin/env bash
# What a page says, not what its template says: text shown only on interaction (<details>, hidden,
# tab and accordion panels) is searchable while navigation, templates and scripts are not; the
# language comes from the content when the lang attribute contradicts it; and KB_ABLATE (the
# relevance measurement switch) makes an index no normal kb opens.
source "$(dirname "$0")/lib.sh"

mkdir -p site
cat > site/faq.html <<'EOF2'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Veelgestelde vragen over de subsidie</title></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a> <details><summary>More</summary>Menuwoordje</details></nav>
<main>
<h1>Veelgestelde vragen over de subsidie</h1>
<p>Hier vindt u de antwoorden op de vragen die wij het vaakst krijgen over de regeling voor groene daken.</p>
<details><summary>Wie kan een aanvraag doen?</summary><p>Iedere eigenaar van een pand met een plat dak, ook een vereniging van eigenaren met een uitklapwoord.</p></details>
<div hidden>Een verborgenwoord dat de auteur schreef.</div>
<div role="tabpanel" aria-hidden="true">Het tabbladwoord staat in een paneel.</div>
<div class="accordion-collapse collapse"><div class="accordion-body">Een accordeonwoord in het paneel.</div></div>
<template><p>Een sjabloonwoord dat nooit getoond wordt.</p></template>
<script>var scriptwoord = "niet zoeken";</script>
</main>
</body>
</html>
EOF2
run add site
expect_rc 0 "the page is indexed"

for word in uitklapwoord verborgenwoord tabbladwoord accordeonwoord; do
  expect_eq "$(ids --exact "$word")" "$WORK/site/faq.html" "a word only in a panel the reader opens is found ($word)"
done
for word in sjabloonwoord scriptwoord menuwoordje; do
  expect_eq "$(ids --exact "$word")" "" "a word only in a template, script or menu is not found ($word)"
done

# lang="en" from the site's template, Dutch content: the page is Dutch.
expect_eq "$(ids 'lang:nl')" "$WORK/site/faq.html" "the content's language wins over a contradicted lang attribute"
expect_eq "$(ids 'lang:en')" "" "no document is labelled English"

# KB_ABLATE: an index built with a feature off is refused by a normal kb (exit 5), and the
# other way round; an unknown feature name is a usage error that names the variable.
KB_ABLATE=compounds KB_INDEX="$WORK/ablated" run add site
expect_rc 0 "an index is built with a feature off"
KB_ABLATE=compounds KB_INDEX="$WORK/ablated" run search subsidie
expect_rc 0 "and searched with the same feature off"
KB_INDEX="$WORK/ablated" run search subsidie
expect_rc 5 "a normal kb refuses an index built with KB_ABLATE"
expect_contains "$ERR" "rebuild" "and says to rebuild it"
KB_ABLATE=compounds run search subsidie
expect_rc 5 "an ablated kb refuses a normal index"
# KB_ABLATE=spelling leaves the index without a spelling dictionary (what building one costs is
# measured that way, tests/bench/bench_add.sh); a normal index has one.
KB_ABLATE=spelling KB_INDEX="$WORK/nodict" run add site
expect_rc 0 "an index is built without its spelling dictionary"
nodict=$(KB_INDEX="$WORK/nodict" live_db)
[ -d "$nodict" ] && [ ! -s "$nodict/spelling.glass" ] &&
  pass "no spelling table in it" || fail "KB_ABLATE=spelling still wrote a spelling table"
[ -s "$(live_db)/spelling.glass" ] && pass "the normal index has a spelling table" ||
  fail "the normal index has no spelling table"
KB_ABLATE=compounds,nonsense run search subsidie
expect_rc 2 "an unknown KB_ABLATE feature is refused"
expect_contains "$ERR" "KB_ABLATE" "the message names the variable"

finish

#!/usr/bin/env bash
# Dutch as people type it, through the real binary: compounds both ways, accents left out (NFC
# and NFD), typos corrected and suggested, partial matches, per-language stop words, and the
# spelling dictionary following the documents through remove, add and rebuild.
source "$(dirname "$0")/lib.sh"

mkdir -p docs
nfd=$(printf 'coo\xcc\x88rdinatie')   # coördinatie written with a combining diaeresis (NFD)
cat > docs/records.jsonl <<EOF2
{"id":"compound","title":"Jaarverslag","body":"De vrouwenorganisaties spraken over gezinsgeweld en vredesonderhandelingen."}
{"id":"apart","title":"Verslag","body":"Vrouwen organisaties in de regio. Over geweld in het gezin, en de coördinatie van financiële steun."}
{"id":"nfd","title":"Planning","body":"De ${nfd} van het actieplan in Zürich, een naïve aanpak."}
{"id":"ground","title":"Bodem","body":"De ondergrond en de bijlage bij het verdrag over water."}
{"id":"english","lang":"en","title":"Peace","body":"Women working for peace knock on every door of the ministry."}
{"id":"women-only","lang":"en","title":"Women","body":"Women organise. Nothing about the other half."}
{"id":"three","title":"Drie woorden","body":"Mensenrechtenverdedigers en vrede in Colombia."}
{"id":"univ","lang":"en","title":"University","body":"Columbia University in New York."}
EOF2
run add docs
expect_rc 0 "the records are indexed"

# Compounds, both ways.
expect_eq "$(ids 'vrouwen organisaties')" "apart compound" "written apart finds the compound"
expect_eq "$(ids vrouwenorganisaties)" "apart compound" "the compound finds the words written apart"
expect_eq "$(ids geweld)" "apart compound" "geweld finds gezinsgeweld"
run search geweld --format json
expect_eq "$(json "d['results'][0]['id']")" "apart" "the word as written ranks above the compound that holds it"
expect_eq "$(ids verdedigers)" "three" "the tail of a three-part compound finds it"
expect_eq "$(ids vrede)" "compound three" "vrede finds vredesonderhandelingen (linking -s-)"
expect_eq "$(ids --exact grond)" "" "ondergrond is not split into onder + grond"
expect_eq "$(ids --exact lage)" "" "bijlage is not split into bij + lage"
expect_eq "$(ids '"vrouwen organisaties in de regio"')" "apart" "a phrase still matches"

# Accents: every way round, NFC and NFD.
expect_eq "$(ids coordinatie)" "apart nfd" "coordinatie finds coördinatie in NFC and NFD"
expect_eq "$(ids coördinatie)" "apart nfd" "coördinatie (NFC) finds both"
expect_eq "$(ids "$nfd")" "apart nfd" "coördinatie (NFD) finds both"
expect_eq "$(ids financiele)" "apart" "financiele finds financiële"
expect_eq "$(ids zurich)" "nfd" "zurich finds Zürich"
expect_eq "$(ids naive)" "nfd" "naive finds naïve"
expect_eq "$(ids '"financiele steun"')" "apart" "a phrase matches across accents"

# Stop words per language: an English query keeps "men" and "door".
expect_eq "$(ids 'women door')" "english" "an English query keeps 'door' (a Dutch stop word)"

# Typos: a suggestion, and the corrected query when the typed one matches nothing.
run search vrouwenorganisatis --format json
expect_rc 0 "a misspelt compound still finds documents"
expect_eq "$(json "d['suggestion']")" "vrouwenorganisaties" "the suggestion is the word of the index"
expect_eq "$(json "d['corrected']")" "True" "the results are the corrected query's"
expect_eq "$(json "sorted(r['id'] for r in d['results'])")" "['apart', 'compound']" "and they are the right documents"
run search vrouwenorganisatis
expect_contains "$OUT" "Resultaten voor 'vrouwenorganisaties'; zoek in plaats daarvan naar 'vrouwenorganisatis'" \
  "the text output says the query was corrected"
run search vrouwenorganisatis --exact --format json
expect_rc 1 "--exact runs the query as typed"
expect_eq "$(json "d['suggestion']")" "vrouwenorganisaties" "and still suggests"
run search verslag --format json
expect_eq "$(json "d['suggestion']")" "None" "a word that occurs in the index is never corrected"
run search 'geweld finacieel' --format json
expect_eq "$(json "d['suggestion']")" "geweld financiele" "a typo beside a known word gets a suggestion (the index's word, folded)"
run search 'coordinatie vrouwen' --format json
expect_eq "$(json "d['suggestion']")" "None" "a word typed without its accents is not a typo"

# Partial matches: no document has all three words, the best with two come first and are marked.
run search mensenrechtenverdedigers vrede argentinie --format json
expect_rc 0 "a query whose words no document has all of still answers"
expect_eq "$(json "d['total']")" "0" "no document matches all the words"
expect_eq "$(json "[d['results'][0]['id'], d['results'][0]['match']]")" "['three', 'partial']" \
  "the document with most of the words comes first, marked partial"
run search mensenrechtenverdedigers vrede argentinie
expect_contains "$OUT" "Geen documenten met alle woorden; beste gedeeltelijke treffers:" "the text output says so"
run search vrouwen organisaties --format json
expect_eq "$(json "[r['match'] for r in d['results']]")" "['all', 'all']" "full matches are marked all"
# A word joined by a hyphen (e-mail, which Xapian reads as a phrase) is one of the query's words.
mkdir -p hyphen
printf '%s\n' '{"id":"mail","title":"Opties","body":"E-mail opties voor de gebruiker."}' \
  '{"id":"groep","title":"Groep","body":"Stuur berichten door naar de groep."}' > hyphen/records.jsonl
KB_INDEX="$WORK/hyphen-index" run add hyphen
KB_INDEX="$WORK/hyphen-index" run search e-mail doorsturen --format json
expect_rc 0 "a hyphenated word and a word no document has with it still answer"
expect_eq "$(json "[(r['id'], r['match']) for r in d['results']]")" "[('mail', 'partial')]" \
  "with the documents that have most of the words, marked partial"

# The spelling dictionary follows the documents: removed, its words are no longer suggested.
run search colombai --format json
expect_eq "$(json "d['suggestion']")" "colombia" "a word of the index is suggested"
run remove three
run search colombai --format json
# Were colombia still in the dictionary, Xapian would pick it (one edit) over columbia (two).
expect_eq "$(json "d['suggestion']")" "columbia" "after its document is removed, its word leaves the dictionary"
echo '{"id":"three-again","title":"Colombia","body":"Vrede in Colombia."}' > docs/more.jsonl
run add docs/more.jsonl
run search colombai --format json
expect_eq "$(json "d['suggestion']")" "colombia" "added again, it is suggested again"
run rebuild
expect_rc 0 "rebuild"
run search colombai --format json
expect_eq "$(json "d['suggestion']")" "colombia" "the dictionary survives a rebuild"
run search vrouwenorganisatis --format json
expect_eq "$(json "d['suggestion']")" "vrouwenorganisaties" "the dictionary of a bulk-built index has the compounds"

# The ij ligature (U+0133) is ij, in documents and in queries.
lig=$(printf 'gel\xc4\xb3kheid')
echo "{\"id\":\"ligature\",\"title\":\"Ligatuur\",\"body\":\"Over ${lig} van kansen.\"}" > docs/ligature.jsonl
run add docs/ligature.jsonl
expect_eq "$(ids --exact gelijkheid)" "ligature" "gelijkheid finds the word written with the ij ligature"
expect_eq "$(ids --exact "$lig")" "ligature" "the ligature in a query finds it too"

# Verb forms meet their infinitive, both ways, and in a phrase; a participle whose meaning moved
# (bekend, known) stays apart from its verb (bekennen, confess).
cat > docs/verbs.jsonl <<'EOF2'
{"id":"forms","title":"Handleiding","body":"Het programma kopieert bestanden. De lijst is gesorteerd en de map werd hernoemd."}
{"id":"infinitives","title":"Uitleg","body":"Handig: bestanden kopiëren, lijsten sorteren en mappen hernoemen."}
{"id":"known","title":"Rapport","body":"Het rapport is bekend bij de minister."}
{"id":"zone","title":"Klok","body":"Stel de tijdzone van de computer goed in."}
{"id":"scattered","title":"Notities","body":"Mensenrechten staan onder druk in veel landen. Wie ze verdedigt wordt bedreigd, en de verdedigers vragen steun."}
EOF2
run add docs/verbs.jsonl
expect_rc 0 "the verb records are indexed"
expect_eq "$(ids --exact kopieert)" "forms infinitives" "kopieert finds kopiëren"
expect_eq "$(ids --exact kopieren)" "forms infinitives" "kopieren finds kopieert"
expect_eq "$(ids --exact sorteert)" "forms infinitives" "sorteert finds gesorteerd and sorteren"
expect_eq "$(ids --exact gesorteerde)" "forms infinitives" "a participle finds the infinitive"
expect_eq "$(ids --exact hernoemen)" "forms infinitives" "hernoemen finds hernoemd"
expect_eq "$(ids --exact '"bestanden kopieerde"')" "infinitives" "a phrase matches across verb forms, in its order"
expect_eq "$(ids --exact bekennen)" "" "bekend is not a form of bekennen"
# A compound typed apart: the document that uses it ranks above one with the words far apart.
run search mensenrechten verdedigers --format json
expect_eq "$(json "[r['id'] for r in d['results']]")" "['three', 'scattered']" "a compound typed apart ranks the document that uses it first"
# A compound the index lacks, one letter from a word it has: tijdszone (a linking s too many).
expect_eq "$(ids tijdszone)" "zone" "tijdszone finds tijdzone"
run search tijdszone --format json
expect_eq "$(json "d['suggestion']")" "tijdzone" "and suggests it, though its parts are words of the index"
expect_eq "$(ids --exact tijdszone)" "" "--exact looks for the compound as typed only"
run search sorteren --format json
# highlights are byte ranges (kopiëren comes first in one snippet)
marked=$(json "sorted({r['snippet'].encode()[h[0]:h[1]].decode().lower() for r in d['results'] for h in r['highlights']})")
expect_eq "$marked" "['gesorteerd', 'sorteren']" "the participle is highlighted in the snippet"

finish

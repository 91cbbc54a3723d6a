#!/usr/bin/env bash
# The XML of the Dutch official publications: Handelingen (proceedings) and Kamerstukken (papers
# such as motions) become documents with the agenda item or paper title, the meeting or issue
# date, the speakers with their parties, the indiener, the kind of paper and the number parliament
# cites it by; filters and search work on them. The fixtures are short invented examples in the
# publications' shape.
source "$(dirname "$0")/lib.sh"

OP="$FIXTURES/xml/officiele-publicaties"
run add "$OP"
expect_rc 0 "a Handelingen and a Kamerstuk XML file are added"
expect_contains "$ERR" "added 2" "both"

run show h-tk-20192020-45-7 --format json
expect_rc 0 "the proceedings are found by their DC.identifier"
expect_eq "$(json "[d['title'], d['date'], d['type'], d['lang'], d['publisher']]")" \
  "['Vrouwen, Vrede en Veiligheid', '2020-02-13', 'handelingen', 'nl', 'Tweede Kamer der Staten-Generaal']" \
  "the agenda item's title, the meeting date, the type, language and chamber"
expect_eq "$(json "d['authors']")" "[{'family': 'van der Berg'}, {'family': 'Jansen'}]" "the speakers, prefixes kept with the name"
expect_eq "$(json "d['tags']")" "['PvdA', 'CDA']" "their parties as tags"
expect_eq "$(json "d['extra']['op:sprekers']")" "['van der Berg (PvdA)', 'Jansen (CDA)']" "speaker and party together"
expect_eq "$(json "d['extra']['op:behandeld']")" "['26150;180']" "the papers the debate dealt with"
expect_contains "$(json "d['body']")" "onderhandelingstafel" "the spoken text is the body"
expect_not_contains "$(json "d['body']")" "OVERHEIDop" "the metadata is not"

run show kst-26150-181 --format json
expect_eq "$(json "[d['title'], d['date'], d['type'], d['container_title'], d['authors']]")" \
  "['Motie van het lid Van der Berg c.s. over vrouwen in vredesonderhandelingen', '2020-02-18', 'motie', 'Nationaal Actieplan 1325', ['A. van der Berg']]" \
  "the paper's own title, issue date, kind (motie), dossier title and indiener"
expect_eq "$(json "[d['extra']['op:dossiernummer'], d['extra']['op:ondernummer']]")" "['26150', '181']" "the document number"
expect_eq "$(json "d['summary']")" "Kamerstuk 26150, nr. 181: Nationaal Actieplan 1325" "a summary in the words it is cited by"

# Searching and narrowing them.
expect_eq "$(ids "vredesonderhandelingen")" "kst-26150-181" "the motion by its words"
expect_eq "$(ids "tag:CDA")" "h-tk-20192020-45-7" "the debate by a speaker's party"
expect_eq "$(ids "author:jansen")" "h-tk-20192020-45-7" "by a speaker"
expect_eq "$(ids "type:motie")" "kst-26150-181" "motions by type"
expect_eq "$(ids "26150 181")" "kst-26150-181" "a paper by its number"
expect_eq "$(ids "date:2020-02 seksueel")" "h-tk-20192020-45-7" "by month and word"

# The older format (root <handeling>, <wie><naam> and <partij>), and look-alikes that are not.
cat >oud.xml <<'EOF2'
<handeling>
  <meta name="DC.identifier" content="h-tk-20082009-12-3"/>
  <meta name="DC.title" content="Debat over het Wapenhandelverdrag"/>
  <meta name="OVERHEIDop.datumVergadering" content="2008-10-09"/>
  <spreker><wie><naam>Pietersen</naam><partij>SP</partij></wie>
    <al>Een wapenhandelverdrag moet ook geweld tegen vrouwen meewegen.</al></spreker>
</handeling>
EOF2
cat >gewoon.xml <<'EOF2'
<kamerstuk><titel>Een ander soort kamerstuk</titel><tekst>Zonder alinea's van de publicaties.</tekst></kamerstuk>
EOF2
run --index oud add oud.xml gewoon.xml
expect_rc 0 "the older format and a look-alike"
run --index oud show h-tk-20082009-12-3 --format json
expect_eq "$(json "[d['title'], d['date'], d['type'], d['authors'], d['tags']]")" \
  "['Debat over het Wapenhandelverdrag', '2008-10-09', 'handelingen', [{'family': 'Pietersen'}], ['SP']]" \
  "the older Handelingen: DC title, meeting date, speaker and party"
expect_eq "$(KB_INDEX=$WORK/oud ids "ander soort kamerstuk" | sed "s#$WORK/##")" "gewoon.xml" \
  "a <kamerstuk> without the publications' paragraphs is read as generic XML"
run --index oud show "$WORK/gewoon.xml" --format json
expect_eq "$(json "d['type']")" "" "and gets no type of the publications"

# Broken XML is named with its line, and the good file still goes in.
printf '<officiele-publicatie>\n<metadata>\n<meta name="DC.title" content="x">\n</officiele-publicatie>\n' >kapot.xml
run --index kapot add kapot.xml "$OP/kst-voorbeeld-motie.xml"
expect_rc 3 "a broken publication beside a good one"
expect_contains "$ERR" "kapot.xml" "the broken file is named"
expect_contains "$ERR" "line" "with its line"
expect_eq "$(KB_INDEX=$WORK/kapot doc_count)" 1 "the good one is indexed"

finish

#!/usr/bin/env bash
# Data safety across add and rebuild: restored exports, files that turn bad, moved files and
# records, new options on unchanged files, JSON Lines files that lose lines, repeated ids in
# one parallel run, and file names that differ only in case.
source "$(dirname "$0")/lib.sh"

mkdir -p site
printf '<html lang="nl"><head><title>Pagina een</title><link rel="canonical" href="https://example.org/een"></head><body><main><p>Over vredesactivisten.</p></main></body></html>' > site/een.html
printf '{"id":"keep","title":"Blijft bewaard","body":"Over ondertekenaars."}' > site/keep.json

# A restored export survives a rebuild, even though its original source file still exists.
run add site
run export
printf '%s\n' "$OUT" > backup.jsonl
KB_INDEX="$WORK/restored" "$KB" add --format jsonl - < backup.jsonl 2>/dev/null
KB_INDEX="$WORK/restored" "$KB" rebuild --quiet
expect_eq "$(KB_INDEX="$WORK/restored" doc_count)" "2" "rebuild of a restored index keeps every document"

# Restored from an export *file* (not stdin), whose records name sources that are gone: the
# records are kept by kb remove --missing and by a rebuild, as restored records are.
mkdir -p orig && printf '{"id":"weg-1","title":"Herstelde tekst"}' > orig/a.json
KB_INDEX="$WORK/first" "$KB" add --quiet orig
KB_INDEX="$WORK/first" "$KB" export --quiet > restore.jsonl
rm -r orig
KB_INDEX="$WORK/second" "$KB" add --quiet restore.jsonl
KB_INDEX="$WORK/second" run remove --missing
expect_eq "$(KB_INDEX="$WORK/second" ids 'title:herstelde')" "weg-1" "remove --missing keeps records restored from an export file"
KB_INDEX="$WORK/second" run rebuild
expect_rc 0 "... and a rebuild succeeds"
expect_eq "$(KB_INDEX="$WORK/second" ids 'title:herstelde')" "weg-1" "... and keeps them"

# A JSON Lines file with a bad line, added into an empty index (a bulk build): the next add reads it
# again and reports the line again (exit 3), instead of taking the file as unchanged (exit 0).
printf '{"id":"eerst-a","title":"Alfa"}\n{"id":"eerst-b", "title": \n{"id":"eerst-c","title":"Gamma"}\n' > bad.jsonl
KB_INDEX="$WORK/bulkbad" run add bad.jsonl
expect_rc 3 "a bad line in a first import fails"
KB_INDEX="$WORK/bulkbad" run add bad.jsonl
expect_rc 3 "... and fails again on the next add"
expect_contains "$ERR" "line 2" "... naming the line"
KB_INDEX="$WORK/bulkbad" run rebuild
expect_rc 3 "... and in a rebuild"
KB_INDEX="$WORK/bulkbad" run add bad.jsonl
expect_rc 3 "... and in the add after that rebuild"

# A file that turns malformed keeps its last good version through add and rebuild.
printf '{"id":"keep", "title": ' > site/keep.json
run add site
expect_rc 3 "the broken file fails"
run rebuild
expect_rc 3 "rebuild reports the broken file"
expect_eq "$(ids 'title:bewaard')" "keep" "its last good version survives the rebuild"

# A file that is emptied (a copy cut short, a save that failed) is skipped with a warning and
# keeps its documents through add and rebuild alike; so does one that grew past --max-file-size.
mkdir -p leeg
printf '{"id":"leeg-1","title":"Nog niet leeg","body":"tekst"}' > leeg/x.json
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf '{"id":"vul-%d","title":"Vulling"}' "$i" > "leeg/vul$i.json"; done
run add leeg
: > leeg/x.json
run add leeg
expect_contains "$ERR" "empty" "add warns that the file is empty ..."
expect_eq "$(ids 'title:leeg')" "leeg-1" "... and keeps its document"
run rebuild --report json
expect_eq "$(json "d['dropped']")" "0" "rebuild drops nothing for the emptied file ..."
expect_eq "$(ids 'title:leeg')" "leeg-1" "... and its document survives the rebuild"
rm -r leeg
run remove --missing

# A record moved from one file to another is not lost when the old file is re-indexed.
mkdir -p mv
printf '[{"id":"x","title":"Record x"},{"id":"y","title":"Record y"}]' > mv/b.json
printf '[{"id":"z","title":"Record z"}]' > mv/a.json
run add mv
printf '[{"id":"z","title":"Record z"},{"id":"x","title":"Record x"}]' > mv/a.json
printf '[{"id":"y","title":"Record y"}]' > mv/b.json
touch -d '+1 minute' mv/a.json mv/b.json
run add mv
expect_eq "$(ids 'title:record')" "x y z" "a record moved between files is kept"
# A whole file moved to another folder: --missing does not delete what moved.
mkdir -p elders && mv site/een.html elders/
run add elders
run remove --missing
expect_eq "$(ids 'title:pagina')" "https://example.org/een" "a moved file's document follows it"

# Where two sources yield one id, a rebuild keeps the version the index holds (the one added
# last), whatever order it reads the sources in; and an id that moved to another file follows it.
mkdir -p twee
printf '{"id":"gedeeld","title":"Oudere versie"}' > twee/b.json
printf '{"id":"gedeeld","title":"Nieuwere versie"}' > twee/a.json
run add twee/b.json
run add twee/a.json
run rebuild --report json
expect_eq "$(json "d['dropped']")" "0" "rebuild with one id in two files drops nothing ..."
expect_eq "$(ids 'title:nieuwere')" "gedeeld" "... and keeps the version added last (a.json, read first)"
printf '{"id":"verbeterd","title":"Uit het bestand"}' > twee/c.json
run add twee/c.json
echo '{"id":"verbeterd","title":"Verbeterd via stdin"}' | "$KB" add --quiet -
run rebuild
expect_eq "$(ids 'title:stdin')" "verbeterd" "a correction sent on stdin survives the rebuild of its file"
printf '{"id":"ander","title":"Iets anders"}' > twee/a.json  # gedeeld now only in b.json
run rebuild --report json
expect_eq "$(json "d['dropped']")" "0" "an id gone from the file that held it, still in another: not dropped ..."
expect_eq "$(ids 'title:versie')" "gedeeld" "... but taken from the other file"
# Two pages with one canonical URL: the second keeps its path as id, through a rebuild too.
mkdir -p url1 url2
printf '<html><head><title>Kanonieke eerste</title><link rel="canonical" href="https://example.org/zelfde"></head><body><main><p>Eerste pagina.</p></main></body></html>' > url1/a.html
printf '<html><head><title>Kanonieke tweede</title><link rel="canonical" href="https://example.org/zelfde"></head><body><main><p>Tweede pagina.</p></main></body></html>' > url2/b.html
run add url1
run add url2
expect_contains "$ERR" "keeps its path as id" "add: the second page with the URL keeps its path"
before=$(total 'title:kanonieke')
run rebuild --report json
expect_eq "$(json "d['dropped']") $(total 'title:kanonieke')" "0 $before" "rebuild keeps both pages"
expect_eq "$("$KB" show https://example.org/zelfde --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['title'])")" \
  "Kanonieke eerste" "... the URL still the first page's"

# New options on unchanged files are applied.
run add elders --tag nieuwtag --type report
expect_eq "$(ids 'tag:nieuwtag type:report')" "https://example.org/een" "--tag and --type re-apply to unchanged files"

# A JSON Lines file that loses a line loses that document; no duplicates remain.
printf '{"title":"Alfa","body":"eerste"}\n{"title":"Beta","body":"tweede"}\n{"title":"Gamma","body":"derde"}\n' > r.jsonl
run add r.jsonl
printf '{"title":"Alfa","body":"eerste"}\n{"title":"Gamma","body":"derde"}\n' > r.jsonl
run add r.jsonl
expect_eq "$(total 'title:gamma')" "1" "no duplicate after a line was removed"
expect_eq "$(total 'title:beta')" "0" "the removed line's document is gone"

# One id twice in a parallel run: the later version wins.
python3 -c "
import json
for i in range(1500):
    print(json.dumps({'id': 'dup-%d' % i, 'title': 'oud', 'body': 'versie een ' * 50}))
for i in range(1500):
    print(json.dumps({'id': 'dup-%d' % i, 'title': 'nieuw', 'body': 'versie twee ' * 50}))
" > dups.jsonl
"$KB" add --jobs 2 --format jsonl - < dups.jsonl 2>dups.err
expect_eq "$(total 'title:oud')" "0" "no id kept an older version"
expect_eq "$(total 'title:nieuw')" "1500" "every id has the later version"
expect_contains "$(cat dups.err)" "1500 ids came more than once (dup-0, the first)" "... and kb says so, once"
printf '{"id":"x1","title":"a"}\n{"id":"x1","title":"b"}\n{"id":"x1","title":"c"}\n{"id":"x2","title":"d"}\n' > thrice.jsonl
KB_INDEX="$WORK/thrice" run add thrice.jsonl
expect_contains "$ERR" "1 id came more than once (x1)" "an id three times is one id that came again"
# An id that two files of one run yield (a feed item and the page it links to) is not replaced
# silently either.
mkdir -p feedsite
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Nieuws</title><item><title>Korte aankondiging</title><link>https://example.org/bericht-1</link><guid>https://example.org/bericht-1</guid><description>kort</description></item></channel></rss>' > feedsite/feed.xml
printf '<html><head><title>Het hele bericht</title><link rel="canonical" href="https://example.org/bericht-1"></head><body><main><p>Zeppelins boven de stad.</p></main></body></html>' > feedsite/bericht-1.html
run add feedsite
expect_contains "$ERR" "also came from" "two files of one run with one id: a warning naming the other file"

# Names that differ only in case are two files.
mkdir -p case
printf '{"id":"groot","title":"Hoofdletters"}' > case/Report.json
printf '{"id":"klein","title":"Kleine letters"}' > case/report.json
run add case
printf '{"id":"klein","title":"Kleine letters herzien"}' > case/report.json
touch -d '+1 minute' case/report.json
run add case --report json
expect_eq "$(json "(d['updated'], d['removed'])")" "(1, 0)" "editing report.json leaves Report.json alone"
expect_eq "$(ids 'title:hoofdletters')" "groot" "Report.json's document is still there"
index_is_sound && pass "xapian-check" || fail "xapian-check failed"
finish

#!/usr/bin/env bash
# The threaded paths with more threads than cores: extraction and analysis on 4 workers feeding
# 4 bulk shards (into an empty index), the single writer (into a live one), a stream, and rebuild.
# Every result must equal what one thread makes. Small enough to run under ThreadSanitizer
# (scripts/test-sanitizers.sh), where any data race makes kb exit non-zero.
source "$(dirname "$0")/lib.sh"

# make_files DIR VERSION FIRST LAST: files fFIRST..fLAST, each a JSON array of 5 records; record
# ids repeat across neighbouring files (shared-K), so the input order decides which one wins.
make_files() {
  python3 - "$@" <<'EOF'
import json, os, sys
folder, version, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(folder, exist_ok=True)
words = "vrouwen vrede veiligheid resolutie activisten organisaties mensenrechten conflict".split()
for f in range(first, last + 1):
    records = [{"id": f"f{f}-r{r}", "title": f"Bestand {f} record {r}", "version": version,
                "body": " ".join(words[(f * 3 + r + k) % len(words)] for k in range(80))}
               for r in range(4)]
    records.append({"id": f"shared-{f // 2}", "title": f"Gedeeld uit {f}", "version": version,
                    "body": f"gedeeld record uit bestand {f}"})
    with open(os.path.join(folder, f"f{f:03d}.json"), "w") as out:
        json.dump(records, out)
EOF
}
# snapshot: counts, then every exported record, sorted (nothing in a record depends on the run).
snapshot() { "$KB" export 2>/dev/null | python3 -c "
import json, sys
rows = sorted(json.dumps(json.loads(l), sort_keys=True) for l in sys.stdin if l.strip())
print(len(rows), len(set(json.loads(r)['id'] for r in rows)))
print('\n'.join(rows))"; }

make_files src 1 0 79
cp -r "$CORPUS" corpus
python3 -c "
import json
for i in range(150):
    print(json.dumps({'id': 'line-%d' % i, 'title': 'Regel %d' % i, 'body': 'vrede en veiligheid ' * (i % 7 + 1)}))
" >stream.jsonl

# One thread first: the reference.
export KB_INDEX="$WORK/one"
"$KB" add src corpus --jobs 1 >/dev/null 2>&1
"$KB" add --format jsonl --jobs 1 - <stream.jsonl >/dev/null 2>&1
make_files src 2 40 99
"$KB" add src --jobs 1 --batch 13 >/dev/null 2>&1
"$KB" rebuild --jobs 1 >/dev/null 2>&1
snapshot >one.txt
make_files src 1 0 79   # back to the first state for the parallel run
rm -rf src/f08{0..9}.json src/f09{0..9}.json

export KB_INDEX="$WORK/four"
run add src corpus --jobs 4 --report json
expect_rc 0 "add into an empty index on 4 threads and 4 shards"
# 80 files of 4 own records and one shared id (40 distinct, each twice) and 54 corpus documents.
expect_eq "$(json "d['added'], d['updated'], d['failed']")" "414 40 0" "each id added once, its second record an update"
expect_eq "$(doc_count)" "$((320 + 40 + 54))" "distinct ids: the shared ones count once"
expect_eq "$(ids 'title:gedeeld' | wc -w)" "40" "each shared id is one document"
run search 'title:gedeeld' --format jsonl -n 100
expect_contains "$OUT" '"title":"Gedeeld uit 79"' "the later file's record of a shared id wins"
expect_not_contains "$OUT" '"title":"Gedeeld uit 78"' "the earlier one does not"
run add --format jsonl --jobs 4 - <stream.jsonl
expect_rc 0 "a stream into the live index on 4 threads"
make_files src 2 40 99
run add src --jobs 4 --batch 13 --report json
expect_rc 0 "add into a live index on 4 threads (40 changed files, 20 new)"
# Unchanged: files 0-39 (160 own, 20 shared); updated: 40-79 (160 own, 20 shared twice) and the
# second record of 10 new shared ids; added: 80-99 (80 own, 10 shared).
expect_eq "$(json "d['added'], d['updated'], d['unchanged']")" "90 210 180" \
  "new, changed and unchanged documents counted exactly"
run rebuild --jobs 4
expect_rc 0 "rebuild on 4 threads"
snapshot >four.txt
expect_eq "$(head -1 four.txt)" "$(head -1 one.txt)" "documents and distinct ids equal one thread's"
cmp -s one.txt four.txt && pass "every record is the one a single thread makes" ||
  fail "4 threads made other records than 1: $(diff one.txt four.txt | head -c 600)"
index_is_sound && pass "xapian-check after the parallel runs" || fail "xapian-check failed"
finish

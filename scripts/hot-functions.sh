#!/usr/bin/env bash
# Writes cli/hot-functions.txt: the functions of kb that searches, `show` and `stats` run, most
# instructions first, which the link places together (CMakeLists.txt, KB_ORDER_FUNCTIONS).
#
# usage: scripts/hot-functions.sh BUILD/kb [INDEX]
#
# Runs each command under valgrind's callgrind (apt-get install valgrind) on INDEX, or on an index
# of corpus/ made for the purpose, and keeps the names (as the linker spells them) of the
# functions of the kb binary that ran. Run it again after large changes; a stale list costs
# speed, never correctness (names it no longer matches are skipped).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
kb=${1:?usage: scripts/hot-functions.sh BUILD/kb [INDEX]}
index=${2:-}
command -v valgrind >/dev/null || { echo "hot-functions: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
kb=$(cd "$(dirname "$kb")" && pwd)/$(basename "$kb")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ -z $index ]]; then
  index=$tmp/index
  "$kb" --index "$index" --quiet add "$here/corpus" || [[ $? -eq 3 ]]
fi

n=0
run() {
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$tmp/cg.$n" \
    "$kb" --index "$index" --color never "$@" >/dev/null 2>&1 || true
}
# A first run of each writes the lexicon cache; these are the runs a user repeats.
"$kb" --index "$index" search vrouwen >/dev/null 2>&1 || true
run search vrouwen
run search --limit 100 vrede veiligheid
run search --facets resolutie
run search '"nationaal actieplan"'
run search 'title:resolutie'
run search 'vrouw*'
run search --format json vrouwen
run search --format jsonl geweld
run search 'year:2015..2021 beleid'
run search vrouwenrechtn
run search --related vrouwen
run search 'gendergelijkheid OF mensenrechten NIET oorlog'
id=$("$kb" --index "$index" search --format jsonl --limit 1 vrouwen 2>/dev/null |
  python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])' || true)
[[ -n $id ]] && run show --no-pager "$id"
run stats

python3 - "$tmp"/cg.* >"$here/cli/hot-functions.txt" <<'EOF'
# Sums each kb function's own instructions over callgrind's files (names as defined by ob=/cob=
# and fn=/cfn= lines, compressed as "(id) name" once and "(id)" after).
import collections, re, sys

cost = collections.Counter()
for path in sys.argv[1:]:
    objects, functions = {}, {}
    obj = fn = None
    for line in open(path, errors="replace"):
        m = re.match(r"(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            kind, key, name = m.groups()
            table = objects if kind.endswith("ob") else functions
            if name:
                table[key] = name
            if kind == "ob":
                obj = objects.get(key)
            elif kind == "fn":
                fn = functions.get(key)
            continue
        if obj and obj.endswith("/kb") and fn and line[:1].isdigit():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                cost[fn] += int(parts[1])
print("# Written by scripts/hot-functions.sh: kb's functions that searches run, most instructions first.")
for name, _ in cost.most_common():
    if not name.startswith("(") and not name.startswith("0x"):
        print(name)
EOF
echo "hot-functions: $(($(wc -l <"$here/cli/hot-functions.txt") - 1)) functions in cli/hot-functions.txt" >&2

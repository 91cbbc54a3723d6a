#!/usr/bin/env bash
# Search benchmark: whole `kb search` processes against `quest` on the same Xapian database.
#
#   tests/bench/bench_search.sh [--docs N] [--queries N] [--seed N] [--real] [--skip-synthetic]
#                               [--ceiling]
#
# 1. Synthetic: N (default 100,000) JSON Lines records of Dutch-like text from gen_corpus.py,
#    indexed once with `kb add` (cached in tests/bench/out/ by size, seed and kb binary).
# 2. --real: also the relevance collection's real Dutch pages (tests/relevance/setup.sh).
# Each set gets 200 mixed queries (search_timer.py) at --limit 10, --limit 100, --limit 10
# --facets, and through quest; p50/p95/p99 and ratios are printed and appended to
# tests/bench/out/search-results.txt. --ceiling also times --facets without the facet table, and
# --facets that only visits, or only reads, the matches (search_timer.py --ceiling). Never fails on a figure. Not run by ctest.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$repo/tests/bench"
out="$bench/out"
KB="${KB:-$repo/build/kb}"
docs=100000 queries=200 seed=42 real=0 synthetic=1 ceiling=()
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --real) real=1; shift ;;
    --skip-synthetic) synthetic=0; shift ;;
    --ceiling) ceiling=(--ceiling); shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench_search: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$KB" ] || { echo "bench_search: no kb binary at $KB: build it (see README) or set KB" >&2; exit 2; }
command -v quest >/dev/null || { echo "bench_search: quest is missing: apt-get install xapian-tools" >&2; exit 2; }
mkdir -p "$out/corpus" "$out/idx" "$out/logs"
results="$out/search-results.txt"
kb_id="$(sha1sum "$KB" | cut -c1-12)"

# Builds (or reuses) an index of $2 named $1 with this kb binary; echoes its folder.
index_of() {
  local name="$1" input="$2" idx="$out/idx/search-$1-$kb_id"
  if [ ! -f "$idx/current" ]; then
    rm -rf "$out/idx/search-$name-"*
    echo "bench_search: indexing $input into $idx" >&2
    local start=$SECONDS
    "$KB" --index "$idx" --quiet add "$input" >"$out/logs/search-add-$name.log" 2>&1 ||
      [ $? -eq 3 ] || { echo "bench_search: kb add failed, see $out/logs/search-add-$name.log" >&2; exit 1; }
    echo "bench_search: indexed in $((SECONDS - start)) s" >&2
  fi
  echo "$idx"
}

{
  echo "== $(date -u '+%Y-%m-%d %H:%M UTC') kb $("$KB" --version) ($kb_id), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$results"

if [ "$synthetic" = 1 ]; then
  records="$out/corpus/search-records-$docs-$seed.jsonl"
  if [ ! -s "$records" ] || [ "$bench/gen_corpus.py" -nt "$records" ]; then
    echo "bench_search: generating $docs records" >&2
    python3 "$bench/gen_corpus.py" jsonl --count "$docs" --seed "$seed" --out "$records.tmp"
    mv "$records.tmp" "$records"
  fi
  idx="$(index_of "synthetic-$docs-$seed" "$records")"
  python3 "$bench/search_timer.py" --kb "$KB" --index "$idx" --sample "$records" --queries "$queries" "${ceiling[@]}" \
    --label "synthetic Dutch, $docs documents: " --write-queries "$out/logs/search-queries-synthetic.tsv" |
    tee -a "$results"
fi

if [ "$real" = 1 ]; then
  collection="$out/relevance/collection"
  [ -d "$collection" ] || bash "$repo/tests/relevance/setup.sh" "$collection"
  idx="$(index_of real "$collection")"
  sample="$out/logs/search-sample-real.jsonl"
  "$KB" --index "$idx" export --format jsonl >"$sample"
  python3 "$bench/search_timer.py" --kb "$KB" --index "$idx" --sample "$sample" --queries "$queries" "${ceiling[@]}" \
    --label "real Dutch pages ($(wc -l <"$sample") documents): " \
    --write-queries "$out/logs/search-queries-real.tsv" | tee -a "$results"
fi

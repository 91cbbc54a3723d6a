#!/usr/bin/env bash
# shellcheck disable=SC2059  # FMT: one printf format for the header and the rows
# Indexing benchmark: `kb add` against Xapian's own omindex on a synthetic
# Dutch-like corpus, and JSON Lines import against a plain Xapian loop (the ceiling).  See tests/bench/README.md for what the figures mean.
#
# usage: tests/bench/bench_add.sh [--pages N] [--records N] [--seed N] [--html DIR]
#                                 [--skip-omindex] [--skip-jsonl] [--skip-kb] [--keep]
#                                 [--baseline OLD_KB]
#
# Environment: KB = path of the kb binary (default build/kb in the repo root;
# built with CMake in Release mode if it is missing).
#
# The script fails only when a tool fails to run (or fails to build or
# install); it never fails because of a timing or a throughput figure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$HERE/out
GEN=$HERE/gen_corpus.py

PAGES=20000
RECORDS=200000
SEED=42
SKIP_OMINDEX=0
SKIP_JSONL=0
SKIP_KB=0
KEEP=0
REAL_HTML=
BASELINE=

usage() {
  cat <<EOF
usage: tests/bench/bench_add.sh [options]

  --pages N        HTML pages to generate and index (default 20000)
  --records N      JSON Lines records to generate and index (default 200000)
  --seed N         generator seed (default 42)
  --html DIR       index this folder of real pages instead of generated ones
                   (gimp-help-nl's /usr/share/gimp/2.0/help/nl is real Dutch HTML;
                   the generated pages have three times its distinct words per
                   page, and so a spelling dictionary three times as large)
  --skip-omindex   do not run omindex (the baseline)
  --skip-jsonl     do not run the JSON Lines stream benchmark
  --skip-kb        do not run kb at all (only the corpus and omindex)
  --keep           keep the index directories under tests/bench/out/idx/
  --baseline BIN   also time another kb binary (an older build) on the same
                   pages: three runs of each, alternating, and the ratio of
                   the medians (before/after for a change in cost); also
                   this kb without its spelling dictionary, for its share
  -h, --help       this text

KB=/path/to/kb overrides the binary (default: build/kb, built if missing).
Figures go to stdout and are appended to tests/bench/out/results.txt.
EOF
}

need_arg() { [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "bench: $1 needs a number" >&2; usage >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --pages) need_arg "$@"; PAGES=$2; shift 2 ;;
    --records) need_arg "$@"; RECORDS=$2; shift 2 ;;
    --seed) need_arg "$@"; SEED=$2; shift 2 ;;
    --html) [[ $# -ge 2 && -d $2 ]] || { echo "bench: --html needs a folder" >&2; exit 2; }
            REAL_HTML=$(cd "$2" && pwd); shift 2 ;;
    --skip-omindex) SKIP_OMINDEX=1; shift ;;
    --skip-jsonl) SKIP_JSONL=1; shift ;;
    --skip-kb) SKIP_KB=1; shift ;;
    --keep) KEEP=1; shift ;;
    --baseline) [[ $# -ge 2 && -x $2 ]] || { echo "bench: --baseline needs a kb binary" >&2; exit 2; }
                BASELINE=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "bench: $*" >&2; }
die() { echo "bench: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools

apt_install() {  # package, what-is-missing
  say "$2 is missing; installing Debian package '$1' with apt-get (needs root)"
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install '$1' yourself (apt-get install $1)"
    sudo=(sudo)
  fi
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$1" >&2; then
    "${sudo[@]}" apt-get update >&2 || true
    "${sudo[@]}" apt-get install -y --no-install-recommends "$1" >&2 || die "could not install '$1'"
  fi
}

command -v python3 >/dev/null || die "python3 is needed for the corpus generator"
[[ -x /usr/bin/time ]] || apt_install time "/usr/bin/time (GNU time)"

DELVE=
if [[ $SKIP_OMINDEX -eq 0 ]]; then
  command -v omindex >/dev/null || apt_install xapian-omega "omindex"
  command -v omindex >/dev/null || die "omindex still not found after installing xapian-omega"
  if command -v xapian-delve >/dev/null; then DELVE=xapian-delve
  elif command -v delve >/dev/null; then DELVE=delve
  else
    apt_install xapian-tools "xapian-delve"
    DELVE=xapian-delve
  fi
fi

KB_DEFAULT=0
if [[ -z ${KB:-} ]]; then KB=build/kb; KB_DEFAULT=1; fi
[[ $KB == /* ]] || KB=$ROOT/$KB
if [[ $SKIP_KB -eq 0 && ! -x $KB ]]; then
  if [[ $KB_DEFAULT -eq 1 ]]; then
    say "$KB not found; building it (Release)"
    (cd "$ROOT" && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2 \
       && cmake --build build -j2 --target kb >&2) || die "building kb failed"
    [[ -x $KB ]] || die "the build did not produce $KB"
  else
    die "KB=$KB is not an executable file"
  fi
fi

HAVE_JOBS=0
if [[ $SKIP_KB -eq 0 ]]; then
  kb_help=$("$KB" add --help 2>&1 || true)
  if grep -q -- --jobs <<<"$kb_help"; then HAVE_JOBS=1; fi
fi

# ---------------------------------------------------------------- corpus

mkdir -p "$OUT/corpus" "$OUT/logs" "$OUT/idx"
GEN_HASH=$(sha1sum "$GEN" | cut -c1-12)

# Cached by N and seed; the marker also holds the generator's hash, so an
# edited generator regenerates.  The marker sits beside the data, not in it,
# so that no indexer sees it.
HTML_DIR=$OUT/corpus/html-n$PAGES-s$SEED
if [[ -n $REAL_HTML ]]; then
  HTML_DIR=$REAL_HTML
  say "indexing the real pages in $HTML_DIR"
elif [[ $(cat "$HTML_DIR.done" 2>/dev/null) != "$GEN_HASH" ]]; then
  say "generating $PAGES HTML pages (seed $SEED) into $HTML_DIR"
  rm -rf "$HTML_DIR" "$HTML_DIR.tmp" "$HTML_DIR.done"
  python3 "$GEN" html --count "$PAGES" --seed "$SEED" --out "$HTML_DIR.tmp" || die "gen_corpus.py html failed"
  mv "$HTML_DIR.tmp" "$HTML_DIR"
  echo "$GEN_HASH" >"$HTML_DIR.done"
else
  say "reusing $HTML_DIR"
fi

JSONL_FILE=$OUT/corpus/records-n$RECORDS-s$SEED.jsonl
if [[ $SKIP_JSONL -eq 0 && $SKIP_KB -eq 0 ]]; then
  if [[ $(cat "$JSONL_FILE.done" 2>/dev/null) != "$GEN_HASH" ]]; then
    say "generating $RECORDS JSONL records (seed $SEED) into $JSONL_FILE"
    rm -f "$JSONL_FILE" "$JSONL_FILE.done"
    python3 "$GEN" jsonl --count "$RECORDS" --seed "$SEED" --out "$JSONL_FILE.tmp" || die "gen_corpus.py jsonl failed"
    mv "$JSONL_FILE.tmp" "$JSONL_FILE"
    echo "$GEN_HASH" >"$JSONL_FILE.done"
  else
    say "reusing $JSONL_FILE"
  fi
fi

HTML_FILES=$(find "$HTML_DIR" -type f -name '*.html' | wc -l)
HTML_BYTES=$(find "$HTML_DIR" -type f -name '*.html' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')
JSONL_BYTES=0
[[ -f $JSONL_FILE ]] && JSONL_BYTES=$(stat -c %s "$JSONL_FILE")

# Warm the page cache so that every run reads its input from memory: the
# first run would otherwise pay for the disk and flatter the later ones.
say "warming the page cache"
find "$HTML_DIR" -type f -name '*.html' -exec cat {} + >/dev/null
[[ -f $JSONL_FILE && $SKIP_JSONL -eq 0 && $SKIP_KB -eq 0 ]] && cat "$JSONL_FILE" >/dev/null

# ---------------------------------------------------------------- measuring

SECS=0 RSS_KB=0 CPU=0
# measure LABEL STDIN CMD... : run CMD under GNU time, output to a log; sets
# SECS (wall seconds), CPU (user+system seconds, all threads) and RSS_KB (peak resident set
# size of the process, KiB). CPU time is less disturbed than wall time by other load.
measure() {
  local label=$1 input=$2; shift 2
  local tf=$OUT/logs/$label.time log=$OUT/logs/$label.log rc=0
  say "running $label: $*${input:+ < $input}"
  /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" <"${input:-/dev/null}" >"$log" 2>&1 || rc=$?
  if [[ $rc -eq 3 && $1 == "$KB" ]]; then
    # kb's "some inputs failed, the others were indexed": the run happened,
    # so report it (the document count will show the gap) rather than stop.
    emit "  WARNING: $label: kb exit status 3 (some inputs failed), see ${log#"$ROOT"/}"
  elif [[ $rc -ne 0 ]]; then
    echo "bench: ERROR: $label failed (exit status $rc): $*" >&2
    echo "--- last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  local user sys
  read -r SECS RSS_KB user sys < <(tail -n 1 "$tf")
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

kb_docs() {  # index dir -> document count from `kb stats`
  local json
  json=$("$KB" --index "$1" stats --format json) || die "kb stats failed on $1"
  python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["documents"])' <<<"$json" \
    || die "kb stats --format json gave no \"documents\": $json"
}

delve_docs() {  # xapian db dir -> document count
  local out
  out=$("$DELVE" "$1") || die "$DELVE failed on $1"
  awk -F' = ' '/^number of documents/ {print $2}' <<<"$out"
}

REPORT=""
emit() { printf '%s\n' "$1"; REPORT+="$1"$'\n'; }

FMT='%-36s %8s %9s %9s %8s %9s %10s %9s'
declare -A RATE=()   # label -> docs/s, for the ratios
declare -A CPURATE=()  # label -> docs per CPU second

# row LABEL DOCS INPUT_BYTES INDEX_DIR [EXPECTED_DOCS]
row() {
  local label=$1 docs=$2 bytes=$3 idx=$4 expect=${5:-}
  local size rate mbs rss
  size=$(du -sm "$idx" | cut -f1)
  rate=$(awk -v d="$docs" -v s="$SECS" 'BEGIN { if (s > 0) printf "%.0f", d / s; else print "n/a" }')
  mbs=$(awk -v b="$bytes" -v s="$SECS" 'BEGIN { if (s > 0) printf "%.1f", b / 1048576 / s; else print "n/a" }')
  rss=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
  RATE[$label]=$rate
  CPURATE[$label]=$(awk -v d="$docs" -v c="$CPU" 'BEGIN { if (c > 0) printf "%.0f", d / c; else print "n/a" }')
  emit "$(printf "$FMT" "$label" "$docs" "$SECS" "$rate" "$mbs" "$rss" "$size" "$CPU")"
  # A real folder may hold other files kb indexes (gimp's help has SVG fonts, which are XML).
  if [[ -n $expect && $docs != "$expect" && -z $REAL_HTML ]]; then
    emit "  WARNING: $label has $docs documents, expected $expect"
  fi
}

fresh() { rm -rf "$OUT/idx/$1"; echo "$OUT/idx/$1"; }

# ---------------------------------------------------------------- header

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
kb_version=n/a
[[ $SKIP_KB -eq 0 ]] && kb_version=$("$KB" --version 2>/dev/null | head -n 1 || echo unknown)
om_version=n/a
[[ $SKIP_OMINDEX -eq 0 ]] && om_version=$(omindex --version 2>/dev/null | head -n 1 || echo unknown)

emit "=== kb add benchmark, $(date '+%Y-%m-%d %H:%M:%S %z')"
read -r load1 _ </proc/loadavg || load1=unknown
emit "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, load average $load1 at start; kb: $kb_version; omindex: $om_version"
if awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l + 0 >= n / 2) }'; then
  emit "  NOTE: the machine is busy (load $load1 on $(nproc) CPUs): these figures are noisy"
fi
emit "$(printf 'HTML: %d files, %.1f MiB (%s)' "$HTML_FILES" "$(awk -v b="$HTML_BYTES" 'BEGIN {print b / 1048576}')" "${HTML_DIR#"$ROOT"/}")"
if [[ $SKIP_JSONL -eq 0 && $SKIP_KB -eq 0 ]]; then
  emit "$(printf 'JSONL: %d records, %.1f MiB (%s)' "$RECORDS" "$(awk -v b="$JSONL_BYTES" 'BEGIN {print b / 1048576}')" "${JSONL_FILE#"$ROOT"/}")"
fi
emit ""
emit "$(printf "$FMT" "tool/config" "docs" "seconds" "docs/s" "MiB/s" "RSS MiB" "index MiB" "CPU s")"

# ---------------------------------------------------------------- runs

KB_HTML_LABELS=()
if [[ $SKIP_KB -eq 0 ]]; then
  # a. default settings
  idx=$(fresh kb-html-default)
  measure kb-html-default "" "$KB" --index "$idx" add "$HTML_DIR"
  FIRST_SECS=$SECS
  docs=$(kb_docs "$idx"); row "kb add html (default)" "$docs" "$HTML_BYTES" "$idx" "$HTML_FILES"
  KB_HTML_LABELS+=("kb add html (default)")

  # b. --jobs 1 / 2
  if [[ $HAVE_JOBS -eq 1 ]]; then
    for j in 1 2; do
      idx=$(fresh kb-html-jobs$j)
      measure kb-html-jobs$j "" "$KB" --index "$idx" add --jobs "$j" "$HTML_DIR"
      docs=$(kb_docs "$idx"); row "kb add html --jobs $j" "$docs" "$HTML_BYTES" "$idx" "$HTML_FILES"
      KB_HTML_LABELS+=("kb add html --jobs $j")
    done
  else
    emit "  (kb add --jobs not supported by this kb: --jobs 1/2 runs skipped)"
  fi

  # e. the unchanged tree again, into the same index (incremental)
  idx=$OUT/idx/kb-html-default
  measure kb-html-rerun "" "$KB" --index "$idx" add "$HTML_DIR"
  SECOND_SECS=$SECS
  docs=$(kb_docs "$idx"); row "kb add html again (unchanged)" "$docs" "$HTML_BYTES" "$idx" "$HTML_FILES"
fi

# c. omindex, the baseline
if [[ $SKIP_OMINDEX -eq 0 ]]; then
  idx=$(fresh omindex-html)
  measure omindex-html "" omindex --db "$idx" --url / --stemmer=dutch --mime-type=html:text/html "$HTML_DIR"
  docs=$(delve_docs "$idx"); row "omindex --stemmer=dutch" "$docs" "$HTML_BYTES" "$idx" "$HTML_FILES"
  measure omindex-html-rerun "" omindex --db "$idx" --url / --stemmer=dutch --mime-type=html:text/html "$HTML_DIR"
  docs=$(delve_docs "$idx"); row "omindex again (unchanged)" "$docs" "$HTML_BYTES" "$idx" "$HTML_FILES"
fi

# d. JSON Lines from stdin
if [[ $SKIP_KB -eq 0 && $SKIP_JSONL -eq 0 ]]; then
  idx=$(fresh kb-jsonl-default)
  measure kb-jsonl-default "$JSONL_FILE" "$KB" --index "$idx" add --format jsonl -
  docs=$(kb_docs "$idx"); row "kb add jsonl - (default)" "$docs" "$JSONL_BYTES" "$idx" "$RECORDS"
  if [[ $HAVE_JOBS -eq 1 ]]; then
    for j in 1 2; do
      idx=$(fresh kb-jsonl-jobs$j)
      measure kb-jsonl-jobs$j "$JSONL_FILE" "$KB" --index "$idx" add --format jsonl --jobs "$j" -
      docs=$(kb_docs "$idx"); row "kb add jsonl - --jobs $j" "$docs" "$JSONL_BYTES" "$idx" "$RECORDS"
    done
  else
    emit "  (kb add --jobs not supported by this kb: jsonl --jobs 1/2 runs skipped)"
  fi
fi

# f. the ceiling: a plain Xapian loop over the same records (tests/bench/xapian_ceiling.cpp), the
#    least work any Xapian 1.4 indexer with positions and the Dutch stemmer must do.
CEILING_LABELS=()
if [[ $SKIP_KB -eq 0 && $SKIP_JSONL -eq 0 ]]; then
  ceiling_bin=$OUT/xapian_ceiling
  g++ -std=c++20 -O2 -o "$ceiling_bin" "$HERE/xapian_ceiling.cpp" -lxapian -pthread \
    || die "building tests/bench/xapian_ceiling.cpp failed (needs libxapian-dev and nlohmann-json3-dev)"
  for t in 1 2; do
    idx=$(fresh xapian-ceiling-$t)
    measure xapian-ceiling-$t "" "$ceiling_bin" "$t" "$JSONL_FILE" "$idx"
    docs=$(awk '{print $1}' "$OUT/logs/xapian-ceiling-$t.log")
    row "plain Xapian loop, $t thread(s)" "$docs" "$JSONL_BYTES" "$idx" "$RECORDS"
    CEILING_LABELS+=("plain Xapian loop, $t thread(s)")
  done
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# g. before/after: this kb against an older one on the same pages, three runs each, alternating
#    so that all meet the machine's load alike; the medians' ratio. This kb also runs without its
#    spelling dictionary (KB_ABLATE=spelling), which shows what building the dictionary costs.
BASELINE_LINES=()
if [[ -n $BASELINE && $SKIP_KB -eq 0 ]]; then
  declare -A b_secs=() b_cpu=()
  for run in 1 2 3; do
    for who in after nodict before; do
      idx=$(fresh "kb-html-$who")
      case $who in
        after) measure "kb-html-$who-$run" "" "$KB" --index "$idx" add "$HTML_DIR" ;;
        nodict) measure "kb-html-$who-$run" "" env KB_ABLATE=spelling "$KB" --index "$idx" add "$HTML_DIR" ;;
        before) measure "kb-html-$who-$run" "" "$BASELINE" --index "$idx" add "$HTML_DIR" ;;
      esac
      b_secs[$who]+="$SECS " b_cpu[$who]+="$CPU "
    done
  done
  median() { printf '%s\n' $1 | sort -g | sed -n 2p; }
  for who in after nodict; do
    a=$(median "${b_secs[$who]}") b=$(median "${b_secs[before]}") ac=$(median "${b_cpu[$who]}") bc=$(median "${b_cpu[before]}")
    label="kb add html / baseline"
    [[ $who == nodict ]] && label="same, without a spelling dictionary"
    BASELINE_LINES+=("$(printf '%-36s x%s wall (%s s vs %s s), x%s CPU (%s s vs %s s)' "$label" \
      "$(ratio "$a" "$b")" "$a" "$b" "$(ratio "$ac" "$bc")" "$ac" "$bc")")
  done
  BASELINE_LINES+=("  (medians of 3 alternating runs; baseline $BASELINE)")
  # The dictionary's ceiling: Xapian alone filing the same words in its spelling table, on one
  # thread and on two merged by the compactor (tests/bench/spelling_ceiling.cpp).
  spelling_bin=$OUT/spelling_ceiling
  if g++ -std=c++20 -O2 -o "$spelling_bin" "$HERE/spelling_ceiling.cpp" -lxapian -pthread; then
    live=$OUT/idx/kb-html-after/$(awk '{print $2}' "$OUT/idx/kb-html-after/current")
    if line=$("$spelling_bin" "$live" "$(fresh spelling-ceiling)" 2); then
      BASELINE_LINES+=("dictionary ceiling, Xapian alone: $line")
    fi
  fi
fi

# ---------------------------------------------------------------- ratios

[[ $SKIP_KB -eq 0 ]] && emit ""
if [[ $SKIP_KB -eq 0 ]]; then
  emit "incremental: second kb add of the unchanged tree took ${SECOND_SECS}s vs ${FIRST_SECS}s: speedup x$(ratio "$FIRST_SECS" "$SECOND_SECS")"
fi
if [[ $SKIP_KB -eq 0 && $SKIP_OMINDEX -eq 0 ]]; then
  om=${RATE["omindex --stemmer=dutch"]}
  omc=${CPURATE["omindex --stemmer=dutch"]}
  for l in "${KB_HTML_LABELS[@]}"; do
    emit "$(printf '%-36s x%s  (docs/s: %s vs %s; per CPU second: %s vs %s, x%s)' "$l / omindex" \
      "$(ratio "${RATE[$l]}" "$om")" "${RATE[$l]}" "$om" "${CPURATE[$l]}" "$omc" "$(ratio "${CPURATE[$l]}" "$omc")")"
  done
  emit "$(printf '%-36s x%s' "kb again / omindex again" "$(ratio "${RATE["kb add html again (unchanged)"]}" "${RATE["omindex again (unchanged)"]}")")"
fi
if [[ ${#CEILING_LABELS[@]} -gt 0 ]]; then
  top=${RATE["plain Xapian loop, 2 thread(s)"]}
  emit "$(printf '%-36s %s of the plain Xapian loop on 2 threads (docs/s: %s vs %s)' "kb add jsonl - (default)" \
    "$(awk -v a="${RATE["kb add jsonl - (default)"]}" -v b="$top" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')" \
    "${RATE["kb add jsonl - (default)"]}" "$top")"
fi
for line in "${BASELINE_LINES[@]}"; do emit "$line"; done
emit ""

printf '%s' "$REPORT" >>"$OUT/results.txt"
say "figures appended to ${OUT#"$ROOT"/}/results.txt; logs in ${OUT#"$ROOT"/}/logs/"

if [[ $KEEP -eq 0 ]]; then
  rm -rf "$OUT/idx"
else
  say "indexes kept in ${OUT#"$ROOT"/}/idx/"
fi

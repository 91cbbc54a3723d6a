#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz into build-fuzz/ and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS-PER-TARGET]      default 30
#
# Environment: FUZZ_TARGETS="fuzz_html fuzz_xml" runs only those; FUZZ_RUNS=N stops each target
# after N executions (whichever of time and runs comes first); FUZZ_WORK=DIR keeps the corpora and
# findings there (default: a temporary folder, deleted unless something was found).
# Seeds are copied at run time from corpus/ and tests/fixtures/. A crash, a sanitizer report, an
# input slower than 10 s, or more than 2 GB of memory is a finding: the script then prints where
# the input is and exits 1. Per target it prints executions, findings and the slowest input.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-30}
TARGETS=${FUZZ_TARGETS:-"fuzz_html fuzz_xml fuzz_json fuzz_detect fuzz_query fuzz_snippet"}

build_start=$SECONDS
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -DKB_FUZZ=ON -DKB_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j2 >/dev/null
echo "[fuzz build: $((SECONDS - build_start)) s]" >&2

if [ -n "${FUZZ_WORK:-}" ]; then
  WORK=$FUZZ_WORK
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/kb-fuzz.XXXXXX")
fi

# seeds TARGET DIR: copies the inputs that suit TARGET into DIR.
seeds() {
  local dir=$2
  mkdir -p "$dir"
  case $1 in
    fuzz_html) find corpus/html tests/fixtures/html tests/fixtures/detect -type f -exec cp -t "$dir" {} + ;;
    fuzz_xml) find corpus/xml tests/fixtures/xml tests/fixtures/detect -type f -exec cp -t "$dir" {} + ;;
    fuzz_json) find corpus/json tests/fixtures/json tests/fixtures/cli -type f -exec cp -t "$dir" {} + ;;
    fuzz_detect)
      # The target reads the first byte as a choice of file name.
      local f i=0
      while IFS= read -r f; do
        { printf "\\$(printf '%03o' $((i % 8)))"; cat "$f"; } >"$dir/seed-$i"
        i=$((i + 1))
      done < <(find corpus tests/fixtures -type f | sort)
      ;;
    fuzz_snippet) find corpus/json tests/fixtures/json -type f -exec cp -t "$dir" {} + ;;
    fuzz_query)
      local q i=0
      for q in 'vrouwen vrede' '"vrouwen in conflictgebieden"' 'vred* OR title:actieplan' \
               'tag:nap1325 type:report lang:en' 'date:2016-01-01..2019-12-31 NOT vrede' \
               'a NEAR/3 b' '(vrouw ADJ vrede) XOR +women -men' 'jaar:2019 auteur:cordaid titel:vred*'; do
        printf '%s' "$q" >"$dir/seed-$i"
        i=$((i + 1))
      done
      ;;
  esac
  # Fixtures larger than the fuzzer's input limit only slow it down.
  find "$dir" -type f -size +64k -delete
}

# Leaks in system libraries that kb cannot fix, each explained there.
export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp"
status=0
printf '%-12s %12s %9s  %s\n' target executions findings "slowest input" >&2
for target in $TARGETS; do
  corpus=$WORK/$target/corpus
  findings=$WORK/$target/findings
  seeds "$target" "$corpus"
  mkdir -p "$findings"
  runs=()
  [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
  dict=()
  [ -f "tests/fuzz/${target#fuzz_}.dict" ] && dict=(-dict="tests/fuzz/${target#fuzz_}.dict")
  log=$WORK/$target/fuzz.log
  set +e
  "build-fuzz/tests/fuzz/$target" "$corpus" -max_total_time="$SECONDS_PER_TARGET" "${runs[@]}" "${dict[@]}" \
    -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  set -e
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$findings" -type f | wc -l)
  [ "$rc" -ne 0 ] && [ "$found" -eq 0 ] && found=1  # died without writing its input
  # Replays every input of the corpus once to find the slowest (libFuzzer reports whole seconds only).
  # An input that crashes stops the replay of its batch: libFuzzer wrote it when it first crashed,
  # and it is reported below; set -e must not end the script before that.
  slowest=$(find "$corpus" -type f -print0 |
    { xargs -0 -r -n 500 "build-fuzz/tests/fuzz/$target" 2>&1 || true; } |
    sed -n 's/^Executed \(.*\) in \([0-9]*\) ms$/\2 \1/p' | sort -n | tail -1)
  printf '%-12s %12s %9s  %s\n' "$target" "${executions:-?}" "$found" \
    "${slowest:+${slowest%% *} ms ($(basename "${slowest#* }"))}" >&2
  if [ "$found" -ne 0 ]; then
    status=1
    echo "  $target: finding(s) in $findings/, log $log" >&2
    grep -m3 -E 'ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/  /' >&2 || true
  fi
done

if [ "$status" -eq 0 ] && [ -z "${FUZZ_WORK:-}" ]; then
  rm -rf "$WORK"
else
  echo "fuzz work folder: $WORK" >&2
fi
exit "$status"

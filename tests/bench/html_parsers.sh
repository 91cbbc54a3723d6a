#!/usr/bin/env bash
# Builds tests/bench/html_parsers.cpp and compares gumbo with libxml2's HTML parser on the HTML fixtures
# and, when present, the corpus pages. Usage: tests/bench/html_parsers.sh [REPEATS]   (default 200)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${TMPDIR:-/tmp}/kb-html-parsers"
# shellcheck disable=SC2046
g++ -std=c++20 -O2 -o "$out" "$root/tests/bench/html_parsers.cpp" -lgumbo $(pkg-config --cflags --libs libxml-2.0)
shopt -s nullglob
files=("$root"/tests/fixtures/html/*.html "$root"/corpus/html/*.html)
exec "$out" -n "${1:-200}" "${files[@]}"

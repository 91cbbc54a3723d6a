#!/usr/bin/env bash
# README command 1: set up, build, index the sample corpus into index/, and run an example search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build/kb --index index add corpus/
echo
echo "\$ kb search vrouwenorganisaties --limit 3"
build/kb --index index search vrouwenorganisaties --limit 3
echo "Try: build/kb search --help    (run from this folder, kb finds index/ by itself)"

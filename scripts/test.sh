#!/usr/bin/env bash
# README command 2: set up, build from scratch, and run every test (unit and end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
rm -rf build
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"

#!/usr/bin/env bash
# The relevance run CI makes: build the collection (setup.sh), then score build/kb beside
# omindex/quest and PostgreSQL. With --check, exit 1 when kb's nDCG@10 falls more than 0.02 below
# tests/relevance/baseline.json. Other options go to score.py (--json FILE, --per-query, ...).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
start=$SECONDS
"$here/setup.sh"
args=()
if [ "${1:-}" = "--check" ]; then
  shift
  args+=(--check "$here/baseline.json")
fi
status=0
python3 "$here/score.py" ${args[@]+"${args[@]}"} "$@" || status=$?
echo "[tests/relevance/run.sh: $((SECONDS - start)) s]" >&2
exit $status

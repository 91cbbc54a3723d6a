#!/usr/bin/env bash
# The ablation table: kb with all its analysis on, beside kb with one feature off at a time
# (KB_ABLATE, a measurement switch: see README), scored on the relevance set. One index per
# configuration, about a minute each; run by hand, not by CI.
#
#   tests/relevance/ablation.sh [KB_BINARY] [-- score.py options]   (default: build/kb)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
kb="$repo/build/kb"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then kb="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; shift; fi
[ "${1:-}" = "--" ] && shift
[ -x "$kb" ] || { echo "ablation: $kb is not an executable kb; build it first" >&2; exit 2; }

features=(folding compounds stemfixes spelling partial stopwords language)
wrappers="$(mktemp -d "${TMPDIR:-/tmp}/kb-ablation.XXXXXX")"
trap 'rm -rf "$wrappers"' EXIT
chmod 755 "$wrappers"  # the scorer may run parts of the work as another user
extra=()
for feature in "${features[@]}"; do
  printf '#!/bin/sh\nKB_ABLATE=%s exec "%s" "$@"\n' "$feature" "$kb" > "$wrappers/$feature"
  chmod 755 "$wrappers/$feature"
  extra+=(--extra-kb "no-$feature=$wrappers/$feature")
done

start=$SECONDS
"$here/setup.sh"
python3 "$here/score.py" --kb "$kb" --systems kb "${extra[@]}" "$@"
echo "[tests/relevance/ablation.sh: $((SECONDS - start)) s; columns: kb with every feature, then kb" \
     "with the named feature off]" >&2

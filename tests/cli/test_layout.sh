#!/usr/bin/env bash
# CMakeLists.txt (KB_ORDER_FUNCTIONS): where kb is linked by lld, the functions a search runs
# (cli/hot-functions.txt) sit together in its code, so a search touches few of its pages. Checked
# in the binary's symbol table: the listed functions that kb has lie in few stretches of its text.
LIST=$(cd "$(dirname "$0")/../.." && pwd)/cli/hot-functions.txt
source "$(dirname "$0")/lib.sh"

if ! readelf -p .comment "$KB" 2>/dev/null | grep 'LLD' >/dev/null; then
  pass "kb was not linked by lld (no ld.lld, a sanitizer build, or -DKB_ORDER_FUNCTIONS=OFF): nothing to check"
  finish
  exit 0
fi

# The number of listed functions kb defines, the 64 KB stretches of code they lie in (the kernel
# maps a file's pages 64 KB at a time on a fault), and the stretches of kb's text.
read -r found stretches text < <(python3 - "$KB" "$LIST" <<'PY'
import subprocess, sys
kb, listed = sys.argv[1], sys.argv[2]
names = [l.strip() for l in open(listed) if l.strip() and not l.startswith("#")]
symbols = {}
for line in subprocess.run(["nm", "--defined-only", kb], capture_output=True, text=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        symbols.setdefault(parts[2], int(parts[0], 16))
at = [symbols[n] for n in names if n in symbols]
text = 0
for line in subprocess.run(["readelf", "-SW", kb], capture_output=True, text=True).stdout.splitlines():
    if " .text " in line:
        text = int(line.split(".text", 1)[1].split()[3], 16)
print(len(at), len({a >> 16 for a in at}), (text >> 16) + 1)
PY
)
[ "${found:-0}" -ge 200 ] && pass "kb defines $found of the listed functions" \
  || fail "kb defines only ${found:-0} of the listed functions: regenerate cli/hot-functions.txt (scripts/hot-functions.sh)"
# Linked in the usual order they lie in four stretches of five (31 of 39); ordered, in 16.
[ "${text:-0}" -gt 1 ] && [ $((stretches * 2)) -lt "$text" ] \
  && pass "they lie in $stretches of the $text stretches of 64 KB of kb's code" \
  || fail "they lie in ${stretches:-?} of the ${text:-?} stretches of 64 KB of kb's code: the ordering did not take"
finish

#!/usr/bin/env bash
# Installing like a Debian tool: `kb --version`, `cmake --install` into a scratch prefix (binary,
# man page, completions that know every option), the systemd units, and the .deb unpacked into
# a scratch root. Reuses the build in $KB_BUILD; nothing is compiled again.
source "$(dirname "$0")/lib.sh"
: "${KB_BUILD:?set KB_BUILD to the build folder}"
export LC_ALL=C.UTF-8

# --- version: kb's own and the Xapian library it runs with ------------------------------------
run --version
expect_rc 0 "kb --version"
if [[ "$OUT" =~ ^kb\ [0-9]+\.[0-9]+\.[0-9]+\ \(Xapian\ ([0-9.]+)\)$ ]]; then
  pass "kb --version has the form 'kb X.Y.Z (Xapian A.B.C)' ($OUT)"
  xapian_runtime=${BASH_REMATCH[1]}
  expect_eq "$xapian_runtime" "$(xapian-config --version | awk '{print $NF}')" "the Xapian version is the installed library's"
else
  fail "kb --version: '$OUT' is not 'kb X.Y.Z (Xapian A.B.C)'"
fi

# --- what kb parses: subcommands and the options of each, read from --help ---------------------
# CLI11 lists an option as "  -n,--limit UINT ..." under "Options:".
options_in_help() { sed -n 's/^  \(-[^ ]*\).*/\1/p' | tr ',' '\n' | grep -- '^-'; }
SUBCOMMANDS=$("$KB" --help | sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
expect_contains " $(echo $SUBCOMMANDS) " " completion " "kb --help lists the completion subcommand"
[ "$(echo "$SUBCOMMANDS" | wc -w)" -ge 8 ] && pass "kb --help lists $(echo "$SUBCOMMANDS" | wc -w) subcommands" \
  || fail "too few subcommands found in kb --help: $SUBCOMMANDS"
GLOBAL_OPTIONS=$("$KB" --help | sed -n '/^Options:/,/^Subcommands:/p' | options_in_help)
declare -A SUB_OPTIONS
for sub in $SUBCOMMANDS; do SUB_OPTIONS[$sub]=$("$KB" "$sub" --help | options_in_help); done

# --- cmake --install into a scratch prefix ------------------------------------------------------
PREFIX="$WORK/prefix"
if cmake --install "$KB_BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1; then
  pass "cmake --install into a scratch prefix"
else
  fail "cmake --install failed: $(tail -5 "$WORK/install.log")"
fi
for f in bin/kb share/man/man1/kb.1.gz share/bash-completion/completions/kb share/zsh/vendor-completions/_kb \
         share/fish/vendor_completions.d/kb.fish lib/systemd/system/kb-rebuild.service \
         lib/systemd/system/kb-rebuild.timer share/doc/kennisbank/README.md; do
  [ -s "$PREFIX/$f" ] && pass "installed $f" || fail "cmake --install did not install $f (is help2man installed? scripts/setup.sh)"
done
[ -x "$PREFIX/bin/kb" ] && pass "installed kb is executable" || fail "installed kb is not executable"
installed_version=$("$PREFIX/bin/kb" --version 2>&1)
expect_eq "$installed_version" "$("$KB" --version)" "the installed kb runs and reports the same version"
"$PREFIX/bin/kb" --index "$WORK/installed-index" -q add "$FIXTURES/cli/stemming.jsonl" >/dev/null 2>&1
run --index "$WORK/installed-index" search vrouwen --format jsonl
[ "$RC" -eq 0 ] && [ -n "$OUT" ] && pass "the installed kb builds an index that searches" \
  || fail "index built by the installed kb: search exit $RC"

# --- the man page renders and describes every subcommand and option -----------------------------
MAN_TEXT=$(MANWIDTH=100 man --nh --nj -l -P cat "$PREFIX/share/man/man1/kb.1.gz" 2>"$WORK/man.err" | col -bx)
if [ -n "$MAN_TEXT" ] && ! grep -qi "warning\|error" "$WORK/man.err"; then
  pass "man -l renders the page without warnings"
else
  fail "man -l: empty or warnings: $(head -5 "$WORK/man.err")"
fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS ENVIRONMENT "SEE ALSO"; do
  expect_contains "$MAN_TEXT" "$section" "man page has a $section section"
done
expect_contains "$MAN_TEXT" "Exit codes" "man page lists the exit codes"
missing=""
for sub in $SUBCOMMANDS; do
  [[ "$MAN_TEXT" == *"kb $sub"* ]] || missing+=" $sub"
  for opt in ${SUB_OPTIONS[$sub]}; do [[ "$MAN_TEXT" == *"$opt"* ]] || missing+=" $sub:$opt"; done
done
for opt in $GLOBAL_OPTIONS; do [[ "$MAN_TEXT" == *"$opt"* ]] || missing+=" $opt"; done
expect_eq "$missing" "" "man page names every subcommand and option"

# --- bash: the installed completion loads and completes -------------------------------------------
BASH_COMPLETION="$PREFIX/share/bash-completion/completions/kb"
registered=$(bash -c 'source "$1" && complete -p kb' _ "$BASH_COMPLETION" 2>&1)
expect_eq "$registered" "complete -F _kb kb" "bash: sourcing the completion registers it for kb"
# complete_bash WORD...: what bash offers for the last word of `WORD...`.
complete_bash() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kb; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$BASH_COMPLETION" "$@" 2>/dev/null | sort | tr '\n' ' '
}
expect_eq "$(complete_bash kb se)" "search " "bash: kb se<TAB>"
expect_eq "$(complete_bash kb search --fo)" "--format " "bash: kb search --fo<TAB>"
expect_eq "$(complete_bash kb search --format '')" "json jsonl text " "bash: kb search --format <TAB>"
expect_eq "$(complete_bash kb search --sort n)" "newest " "bash: kb search --sort n<TAB>"
expect_eq "$(complete_bash kb --color '')" "always auto never " "bash: kb --color <TAB>"
expect_eq "$(complete_bash kb -C /tmp --index x st)" "stats " "bash: global options and their values are skipped"
expect_eq "$(complete_bash kb completion '')" "bash fish zsh " "bash: kb completion <TAB>"
expect_eq "$(complete_bash kb --quiet st)" "stats " "bash: a flag takes no value (kb --quiet st<TAB>)"
expect_eq "$(complete_bash kb search --facets --so)" "--sort " "bash: kb search --facets --so<TAB>"
mkdir -p "$WORK/pick" && touch "$WORK/pick/report one.html" "$WORK/pick/notes.xml"
expect_eq "$(cd "$WORK/pick" && complete_bash kb add 'rep')" "report one.html " "bash: kb add completes file names (with spaces)"
expect_eq "$(complete_bash kb search vrouw)" "" "bash: no file names for a query"
missing=""
for sub in $SUBCOMMANDS; do
  offered=" $(complete_bash kb "$sub" -) "
  for opt in ${SUB_OPTIONS[$sub]} $GLOBAL_OPTIONS; do [[ "$offered" == *" $opt "* ]] || missing+=" $sub:$opt"; done
done
offered=" $(complete_bash kb '') "
for sub in $SUBCOMMANDS; do [[ "$offered" == *" $sub "* ]] || missing+=" $sub"; done
expect_eq "$missing" "" "bash offers every subcommand, and every option of each"

# --- fish: completes the same ---------------------------------------------------------------------
FISH_COMPLETION="$PREFIX/share/fish/vendor_completions.d/kb.fish"
if command -v fish >/dev/null; then
  complete_fish() { HOME="$WORK" fish --no-config -c "source '$FISH_COMPLETION'; complete -C '$1'" 2>&1 | cut -f1 | sort | tr '\n' ' '; }
  expect_eq "$(complete_fish 'kb search --format ')" "json jsonl text " "fish: kb search --format <TAB>"
  expect_contains " $(complete_fish 'kb --quiet ') " " search " "fish: a flag takes no value (kb --quiet <TAB>)"
  missing=""
  offered=" $(complete_fish 'kb ') "
  for sub in $SUBCOMMANDS; do [[ "$offered" == *" $sub "* ]] || missing+=" $sub"; done
  for sub in $SUBCOMMANDS; do
    offered=" $(complete_fish "kb $sub -") "
    for opt in ${SUB_OPTIONS[$sub]} $GLOBAL_OPTIONS; do [[ "$offered" == *" $opt "* ]] || missing+=" $sub:$opt"; done
  done
  expect_eq "$missing" "" "fish offers every subcommand, and every option of each"
else
  fail "fish is not installed (scripts/setup.sh installs it)"
fi

# --- zsh: the script parses, and names every option ----------------------------------------------
ZSH_COMPLETION="$PREFIX/share/zsh/vendor-completions/_kb"
if command -v zsh >/dev/null; then
  zsh -n "$ZSH_COMPLETION" 2>"$WORK/zsh.err" && pass "zsh: the completion parses" || fail "zsh -n: $(cat "$WORK/zsh.err")"
  loaded=$(HOME="$WORK" zsh -f -c "autoload -U compinit && compinit -u -d '$WORK/zcompdump' && fpath=('${ZSH_COMPLETION%/*}' \$fpath) && compinit -u -d '$WORK/zcompdump2' && print \$_comps[kb]" 2>&1)
  expect_eq "$loaded" "_kb" "zsh: compinit finds _kb for kb in the vendor folder"
  missing=""
  for sub in $SUBCOMMANDS; do
    grep -q "^ *$sub)" "$ZSH_COMPLETION" || missing+=" $sub"
    for opt in ${SUB_OPTIONS[$sub]} $GLOBAL_OPTIONS; do grep -q -- "'\\*\\?$opt\\[" "$ZSH_COMPLETION" || missing+=" $sub:$opt"; done
  done
  expect_eq "$missing" "" "zsh names every subcommand, and every option of each"
  grep -q -- "'--facets\[[^]]*\]'\$" "$ZSH_COMPLETION" && pass "zsh: a flag takes no value" \
    || fail "zsh: --facets is not a plain flag: $(grep -- '--facets' "$ZSH_COMPLETION")"
else
  fail "zsh is not installed (scripts/setup.sh installs it)"
fi

# --- kb completion prints what is installed -------------------------------------------------------
for shell in bash zsh fish; do
  case $shell in bash) f=$BASH_COMPLETION ;; zsh) f=$ZSH_COMPLETION ;; fish) f=$FISH_COMPLETION ;; esac
  "$KB" completion "$shell" | cmp -s - "$f" && pass "kb completion $shell prints the installed script" \
    || fail "kb completion $shell differs from the installed $f"
done
run completion tcsh
expect_rc 2 "kb completion with an unknown shell is a usage error"

# --- systemd units, checked against the installed tree ------------------------------------------
ROOT="$WORK/root"
DESTDIR="$ROOT" cmake --install "$KB_BUILD" --prefix /usr/local >/dev/null 2>&1
# verify_units ROOT MANDIR UNIT...: systemd-analyze verify on units installed under ROOT. verify
# also runs `man kb(1)` for the units' Documentation=, which must find the installed page.
verify_units() {
  local root=$1 mandir=$2
  shift 2
  MANPATH="$root$mandir" systemd-analyze verify --root="$root" --recursive-errors=no "$@" >"$WORK/verify.out" 2>&1
}
VERIFY_WORKS=""
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP [$TEST_NAME]: systemd-analyze is not installed: units not verified (scripts/setup.sh installs systemd)" >&2
else
  # A unit that cannot be wrong tells an environment that cannot verify from a broken kb unit.
  mkdir -p "$ROOT/etc/systemd/system" "$ROOT/bin" && cp /bin/true "$ROOT/bin/true"
  printf '[Unit]\nDescription=control\n[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$ROOT/etc/systemd/system/control.service"
  if verify_units "$ROOT" /usr/local/share/man /etc/systemd/system/control.service; then
    VERIFY_WORKS=1
  else
    echo "SKIP [$TEST_NAME]: systemd-analyze verify cannot run here (it fails on a trivial unit): units not verified" >&2
  fi
fi
if [ -n "$VERIFY_WORKS" ]; then
  if verify_units "$ROOT" /usr/local/share/man /usr/local/lib/systemd/system/kb-rebuild.{service,timer}; then
    pass "systemd-analyze verify accepts kb-rebuild.service and .timer (kb and kb(1) found under /usr/local)"
  else
    fail "systemd-analyze verify: $(cat "$WORK/verify.out")"
  fi
fi

# --- the .deb: Depends worked out by dpkg-shlibdeps, unpacked into a scratch root, runs ----------
if ! command -v dpkg-shlibdeps >/dev/null; then
  fail "dpkg-shlibdeps is missing (scripts/setup.sh installs dpkg-dev)"
elif ! (cd "$WORK" && cpack -G DEB --config "$KB_BUILD/CPackConfig.cmake" -B "$WORK/deb" >"$WORK/cpack.log" 2>&1); then
  fail "cpack -G DEB failed: $(tail -5 "$WORK/cpack.log")"
else
  DEB=$(ls "$WORK"/deb/kennisbank_*.deb 2>/dev/null | head -1)
  [ -f "$DEB" ] && pass "cpack built $(basename "$DEB")" || fail "no kennisbank_*.deb in $WORK/deb"
  depends=$(dpkg-deb -f "$DEB" Depends)
  for lib in libc6 libstdc++6 libxapian30; do
    expect_contains "$depends" "$lib" "the .deb depends on $lib"
  done
  # Linked in from their static archives (fmt: compiled in from its headers): the package must
  # not pull them in.
  for lib in libgumbo1 libpugixml1v5 libutf8proc2 libfmt9; do
    expect_not_contains "$depends" "$lib" "the .deb does not depend on $lib (linked statically)"
  done
  # Every dependency is a package of this Debian, installed here in a version that satisfies it.
  unsatisfied=""
  IFS=',' read -ra items <<<"$depends"
  for item in "${items[@]}"; do
    item=$(echo "$item" | sed 's/|.*//; s/^ *//; s/ *$//')
    name=${item%% *}
    have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null | head -1)
    if [ -z "$have" ]; then unsatisfied+=" $item"; continue; fi
    if [[ "$item" =~ \(([<>=]+)\ ([^\)]+)\) ]]; then
      op=${BASH_REMATCH[1]}
      case $op in '>=') op=ge ;; '<=') op=le ;; '=') op=eq ;; '>>') op=gt ;; '<<') op=lt ;; esac
      dpkg --compare-versions "$have" "$op" "${BASH_REMATCH[2]}" || unsatisfied+=" $item(have $have)"
    fi
  done
  expect_eq "$unsatisfied" "" "every Depends of the .deb is satisfied on this Debian ($depends)"
  listing=$(dpkg-deb -c "$DEB")
  for f in ./usr/bin/kb ./usr/share/man/man1/kb.1.gz ./usr/share/bash-completion/completions/kb \
           ./usr/share/zsh/vendor-completions/_kb ./usr/share/fish/vendor_completions.d/kb.fish \
           ./usr/lib/systemd/system/kb-rebuild.timer; do
    expect_contains "$listing" " $f" "the .deb holds $f"
  done
  DEBROOT="$WORK/debroot"
  dpkg -x "$DEB" "$DEBROOT"
  if [ -n "$VERIFY_WORKS" ]; then
    if verify_units "$DEBROOT" /usr/share/man /usr/lib/systemd/system/kb-rebuild.{service,timer}; then
      pass "systemd-analyze verify accepts the .deb's units (kb and kb(1) found under /usr)"
    else
      fail "systemd-analyze verify on the .deb's units: $(cat "$WORK/verify.out")"
    fi
  fi
  expect_eq "$("$DEBROOT/usr/bin/kb" --version 2>&1)" "$("$KB" --version)" "kb from the unpacked .deb runs"
  "$DEBROOT/usr/bin/kb" --index "$WORK/deb-index" -q add "$FIXTURES/cli/stemming.jsonl" >/dev/null 2>&1
  n=$("$DEBROOT/usr/bin/kb" --index "$WORK/deb-index" search vrouwen --format jsonl 2>/dev/null | wc -l)
  [ "$n" -gt 0 ] && pass "kb from the .deb indexes and searches ($n hits)" || fail "kb from the .deb found nothing"
fi

finish

#!/usr/bin/env bash
# Installs what kb needs to build and test, from Debian 12 packages. Safe to run again.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  lld                             # links kb with the functions of a search together (CMakeLists.txt)
  libxapian-dev xapian-tools      # the search engine, and xapian-check for the tests
  libcli11-dev                    # command line parsing
  nlohmann-json3-dev              # JSON and JSON Lines
  libpugixml-dev                  # XML
  libgumbo-dev                    # HTML5 parsing (see README: why gumbo)
  libfmt-dev                      # formatting
  libmimalloc2.0                  # the allocator kb add and rebuild load (cli/allocator.h)
  libutf8proc-dev                 # Unicode normalisation and diacritic folding
  hunspell-nl                     # the Dutch lexicon that drives compound splitting
  doctest-dev                     # unit tests
  python3                         # end-to-end test helpers
  strace                          # the crash test checks that `current` is only replaced by rename
  time                            # test_hostile_html measures CPU seconds with /usr/bin/time
  clang libclang-rt-14-dev        # scripts/fuzz.sh: libFuzzer and the sanitizers' runtimes
  help2man                        # the man page, written at build time from kb --help
  dpkg-dev                        # cpack's .deb: dpkg-shlibdeps works out its Depends
  man-db bash zsh fish            # test_install: man -l renders the page; each shell loads its completion
  systemd                         # test_install: systemd-analyze verify checks contrib/systemd/
  bibutils                        # test_exchange: ris2xml and bib2xml read kb's RIS and BibTeX back
  python3-bibtexparser            # test_exchange: a second BibTeX reader
  python3-jsonschema              # test_exchange: checks CSL-JSON against tests/fixtures/exchange's schema
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present" >&2
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

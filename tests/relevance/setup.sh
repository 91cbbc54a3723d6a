#!/usr/bin/env bash
# Builds the relevance collection: real Dutch documents the team did not write (the Dutch man pages
# of manpages-nl and the GOsa help of gosa-help-nl, as HTML) plus corpus/, in one folder that kb,
# omindex and PostgreSQL all read. Installs what it needs from Debian packages; safe to run again.
#
#   tests/relevance/setup.sh [COLLECTION_DIR]      (default: build/relevance/collection)
#
# Documents are named by their path below COLLECTION_DIR (man/ls.1.html, gosa/users/node4.html,
# corpus/html/...); queries.tsv judges those paths.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
collection="${1:-$repo/build/relevance/collection}"
cache="$(dirname "$collection")/cache"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# omindex/quest (the Xapian peer), the documents, mandoc to turn man pages into HTML, and what the
# PostgreSQL peer needs (its server binaries, unaccent, and the hunspell-nl lexicon).
packages=(xapian-omega manpages-nl mandoc hunspell-nl postgresql-15 python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "relevance setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# gosa-help-nl depends on all of GOsa (Apache, PHP, a mail server): fetch the package file alone and
# unpack its HTML, instead of installing it.
mkdir -p "$cache"
gosa_deb="$(ls "$cache"/gosa-help-nl_*.deb 2>/dev/null | head -n1 || true)"
if [ -z "$gosa_deb" ]; then
  echo "relevance setup: fetching gosa-help-nl" >&2
  if ! (cd "$cache" && apt-get download -qq gosa-help-nl 2>/dev/null); then
    $SUDO apt-get update -qq
    (cd "$cache" && apt-get download -qq gosa-help-nl)
  fi
  gosa_deb="$(ls "$cache"/gosa-help-nl_*.deb | head -n1)"
fi
rm -rf "$cache/gosa" && mkdir -p "$cache/gosa"
dpkg-deb -x "$gosa_deb" "$cache/gosa"

rm -rf "$collection"
mkdir -p "$collection/man" "$collection/gosa"

# Man pages: only those of manpages-nl (other packages' Dutch pages vary with what is installed).
# mandoc writes UTF-8 HTML with the page name as title. Pages that are only a .so link are left out.
pages="$(dpkg -L manpages-nl | grep -E '^/usr/share/man/nl/man[0-9]/[^/]+\.gz$' | sort)"
for page in $pages; do
  name="$(basename "$page" .gz)"
  # (awk reads the whole page: an early exit would break the pipe under pipefail)
  if zcat "$page" | awk 'NR <= 3 && /^\.so / {link = 1} END {exit !link}'; then continue; fi
  zcat "$page" | mandoc -Thtml 2>/dev/null > "$collection/man/$name.html" || true
  [ -s "$collection/man/$name.html" ] || rm -f "$collection/man/$name.html"
done

# GOsa help: LaTeX2HTML pages in ISO-8859-15, one section each. The index.html of each part is
# only a table of contents, so it is left out.
for part in "$cache"/gosa/usr/share/gosa/doc/core/nl/html/*/; do
  name="$(basename "$part")"
  mkdir -p "$collection/gosa/$name"
  find "$part" -maxdepth 1 -name 'node*.html' -exec cp {} "$collection/gosa/$name/" \;
done

cp -r "$repo/corpus" "$collection/corpus"

# PostgreSQL's ispell template reads hunspell's files from its own tsearch_data folder; its loader
# rejects the 16 entries of nl.dic with an escaped slash ("en\/of"), so they are dropped.
tsearch=/usr/share/postgresql/15/tsearch_data
if [ -d "$tsearch" ] && [ -f /usr/share/hunspell/nl.dic ]; then
  grep -v '\\/' /usr/share/hunspell/nl.dic > "$cache/kb_nl.dict"
  $SUDO install -m 0644 "$cache/kb_nl.dict" "$tsearch/kb_nl.dict"
  $SUDO install -m 0644 /usr/share/hunspell/nl.aff "$tsearch/kb_nl.affix"
fi

echo "relevance setup: $(find "$collection" -type f | wc -l) files in $collection" \
     "($(find "$collection/man" -type f | wc -l) man pages," \
     "$(find "$collection/gosa" -type f | wc -l) GOsa help pages," \
     "$(find "$collection/corpus" -type f | wc -l) corpus files)" >&2

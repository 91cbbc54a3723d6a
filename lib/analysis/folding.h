// Unicode normalisation and diacritic folding: the one definition of "the same letters" that
// indexing, queries, snippets, spelling and compound splitting all share.
#pragma once
#include <string>
#include <string_view>

namespace kb::analysis {

// A word as the index compares it: NFC, case-folded, diacritics removed (coördinatie,
// coo\u0308rdinatie, Coordinatie -> coordinatie; naïve -> naive; Zürich -> zurich; ß -> ss).
// Invalid UTF-8 is passed through unchanged rather than dropped.
std::string fold_word(std::string_view word);

// True when `word` is plain lowercase ASCII, which folding leaves as it is.
bool is_folded_ascii(std::string_view word);

}  // namespace kb::analysis

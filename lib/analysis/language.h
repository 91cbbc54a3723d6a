// Picks the analysis language of a document: its declared language, else a guess from its words.
#pragma once
#include <string>
#include <string_view>

namespace kb::analysis {

// Normalises a language tag or name ("nl-NL", "nld", "Dutch", "en_GB", "eng") to a 2-letter code;
// returns the lowercased primary subtag for other languages and "" for nothing.
std::string normalize_language(std::string_view tag);

// Guesses "nl" or "en" from stop-word counts in the first few KB; "" when there is too little text.
std::string guess_language(std::string_view text);

// The language the index analyses a document with: "nl" or "en" (the default is Dutch).
std::string analysis_language(std::string_view declared, std::string_view text);

}  // namespace kb::analysis

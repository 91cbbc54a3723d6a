// Stop words for the languages the index analyses (Dutch and English).
#pragma once
#include <string_view>
#include <vector>

namespace kb::analysis {

// Common Dutch function words (articles, pronouns, prepositions, auxiliaries).
const std::vector<std::string_view>& dutch_stop_words();
// Common English function words.
const std::vector<std::string_view>& english_stop_words();

}  // namespace kb::analysis

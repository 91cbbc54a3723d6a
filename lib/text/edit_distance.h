// How far apart two words are, for "did you mean" suggestions.
#pragma once
#include <cstddef>
#include <string_view>

namespace kb::text {

// Edits (insert, delete, replace one byte, or swap two neighbours) that turn `a` into `b`:
// the optimal string alignment distance. "serach" is 1 from "search", "shwo" 1 from "show".
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace kb::text

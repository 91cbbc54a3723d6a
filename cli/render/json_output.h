// Stable JSON shapes for scripts. Every top-level object carries kb_format_version.
#pragma once
#include <nlohmann/json.hpp>

#include "search/searcher.h"

namespace kb::cli {

inline constexpr int kJsonFormatVersion = 1;

// One search hit as the search JSON documents it.
nlohmann::json hit_to_json(const SearchHit& hit);
// The whole response of `kb search --format json`.
nlohmann::json response_to_json(const SearchRequest& request, const SearchResponse& response);
// Dumps JSON as one line, replacing invalid UTF-8 rather than failing, with DEL, C1 controls and
// bidi overrides escaped like the C0 controls (\u001b), so JSON on a terminal obeys none of them.
std::string dump_line(const nlohmann::json& j);

}  // namespace kb::cli

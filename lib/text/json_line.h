// One JSON value as one line that is also safe to show in a terminal.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace kb::text {

// Compact JSON (invalid UTF-8 replaced). JSON itself escapes only C0 controls; DEL, C1 controls
// and bidi overrides are escaped too, so a terminal that shows the line cannot be steered by it.
std::string dump_json_line(const nlohmann::json& j);

}  // namespace kb::text

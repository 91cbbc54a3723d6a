#include "render/json_output.h"

#include <fmt/format.h>

namespace kb::cli {

nlohmann::json hit_to_json(const SearchHit& hit) {
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto& h : hit.highlights) highlights.push_back({h.begin, h.end});
    return {
        {"rank", hit.rank},           {"id", hit.doc.id},           {"score", hit.score},
        {"percent", hit.percent},     {"title", hit.doc.title},     {"date", hit.doc.date},
        {"source", hit.doc.source},   {"url", hit.doc.url},         {"format", hit.doc.format},
        {"lang", hit.doc.lang},       {"type", hit.doc.type},       {"authors", hit.doc.authors},
        {"tags", hit.doc.tags},       {"summary", hit.doc.summary}, {"snippet", hit.snippet},
        {"highlights", highlights},   {"match", hit.partial ? "partial" : "all"},
    };
}

nlohmann::json response_to_json(const SearchRequest& request, const SearchResponse& response) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& hit : response.hits) results.push_back(hit_to_json(hit));
    nlohmann::json out = {
        {"kb_format_version", kJsonFormatVersion},
        {"query", request.query},
        {"offset", request.offset},
        {"limit", request.limit},
        {"total", response.total_estimate},
        {"total_lower_bound", response.total_lower},
        {"total_upper_bound", response.total_upper},
        {"partial_total", response.partial_total},
        {"suggestion", response.suggestion.empty() ? nlohmann::json() : nlohmann::json(response.suggestion)},
        {"corrected", response.corrected},
        {"results", results},
    };
    if (request.facets) out["facets"] = response.facets;
    if (request.related > 0) {
        nlohmann::json related = nlohmann::json::array();
        for (const auto& r : response.related) related.push_back({{"term", r.word}, {"weight", r.weight}});
        out["related"] = related;
    }
    return out;
}

std::string dump_line(const nlohmann::json& j) {
    const std::string dumped = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // JSON escapes only C0 controls. DEL, C1 controls and bidi overrides would reach a terminal
    // that shows the JSON (`kb search --format json` typed by hand), so they are written as \u
    // escapes too: the same string to any JSON reader. The dump is valid UTF-8 and these byte
    // sequences occur in it only as those characters, always inside strings.
    std::string out;
    out.reserve(dumped.size());
    for (std::size_t i = 0; i < dumped.size(); ++i) {
        const auto byte = [&](std::size_t k) { return k < dumped.size() ? static_cast<unsigned char>(dumped[k]) : 0; };
        if (byte(i) == 0x7F) {
            out += "\\u007f";
        } else if (byte(i) == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) {
            out += fmt::format("\\u{:04x}", byte(i + 1));
            i += 1;
        } else if (byte(i) == 0xE2 && ((byte(i + 1) == 0x80 && byte(i + 2) >= 0xAA && byte(i + 2) <= 0xAE) ||
                                       (byte(i + 1) == 0x81 && byte(i + 2) >= 0xA6 && byte(i + 2) <= 0xA9))) {
            out += fmt::format("\\u{:04x}", ((byte(i + 1) & 0x3F) << 6 | (byte(i + 2) & 0x3F)) + 0x2000);
            i += 2;
        } else {
            out += dumped[i];
        }
    }
    return out;
}

}  // namespace kb::cli

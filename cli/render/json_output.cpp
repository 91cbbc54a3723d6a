#include "render/json_output.h"

#include <fmt/format.h>

#include "text/json_line.h"

namespace kb::cli {

nlohmann::json hit_to_json(const SearchHit& hit) {
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto& h : hit.highlights) highlights.push_back({h.begin, h.end});
    nlohmann::json out = {
        {"rank", hit.rank},           {"id", hit.doc.id},           {"score", hit.score},
        {"percent", hit.percent},     {"title", hit.doc.title},     {"date", hit.doc.date},
        {"source", hit.doc.source},   {"url", hit.doc.url},         {"format", hit.doc.format},
        {"lang", hit.doc.lang},       {"type", hit.doc.type},       {"authors", display_names(hit.doc.authors)},
        {"tags", hit.doc.tags},       {"summary", hit.doc.summary}, {"snippet", hit.snippet},
        {"highlights", highlights},   {"match", hit.partial ? "partial" : "all"},
        {"similar", hit.similar},
    };
    if (!hit.index.empty()) out["index"] = hit.index;  // several indexes were searched
    return out;
}

nlohmann::json response_to_json(const SearchRequest& request, const SearchResponse& response) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& hit : response.hits) results.push_back(hit_to_json(hit));
    nlohmann::json out = {
        {"kb_format_version", kJsonFormatVersion},
        {"query", request.query},
        {"filters", request.filters},
        {"offset", request.offset},
        {"limit", request.limit},
        {"total", response.total_estimate},
        {"total_lower_bound", response.total_lower},
        {"total_upper_bound", response.total_upper},
        {"partial_total", response.partial_total},
        {"suggestion", response.suggestion.empty() ? nlohmann::json() : nlohmann::json(response.suggestion)},
        {"corrected", response.corrected},
        {"results", results},
        {"notes", response.notes},
    };
    if (request.facets) {
        out["facets"] = response.facets;
        out["facet_documents"] = response.documents_matched;  // what the facets count (near-duplicates too)
    }
    if (request.related > 0) {
        nlohmann::json related = nlohmann::json::array();
        for (const auto& r : response.related) related.push_back({{"term", r.word}, {"weight", r.weight}});
        out["related"] = related;
    }
    return out;
}

std::string dump_line(const nlohmann::json& j) { return text::dump_json_line(j); }

}  // namespace kb::cli

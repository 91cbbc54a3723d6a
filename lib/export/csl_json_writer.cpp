#include "export/csl_json_writer.h"

#include <fmt/format.h>

#include "export/reference_types.h"
#include "text/json_line.h"

namespace kb {

using nlohmann::json;

json CslJsonWriter::item(const Document& doc) {
    json j = json::object();
    j["id"] = doc.id;
    j["type"] = reference_types::csl_type(doc.type);
    // A kb type CSL has no name for ("policy", "factsheet") is its genre: read back as the type.
    if (!doc.type.empty() && !reference_types::csl_round_trips(doc.type)) j["genre"] = doc.type;
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) j[key] = value;
    };
    put("title", doc.title);
    if (!doc.authors.empty()) {
        json authors = json::array();
        for (const auto& a : doc.authors) {
            if (a.is_person()) {
                json person = {{"family", a.family}};
                if (!a.given.empty()) person["given"] = a.given;
                authors.push_back(std::move(person));
            } else {
                authors.push_back({{"literal", a.display()}});
            }
        }
        j["author"] = std::move(authors);
    }
    if (const auto parts = reference_types::date_parts(doc.date); !parts.empty())
        j["issued"] = {{"date-parts", json::array({parts})}};
    put("abstract", doc.summary);
    put("URL", doc.url);
    // CSL has one keyword string; Zotero reads its tags from it split at commas.
    put("keyword", fmt::format("{}", fmt::join(doc.tags, ", ")));
    put("container-title", doc.container_title);
    put("volume", doc.volume);
    put("page", doc.pages);
    put("DOI", doc.doi);
    put("publisher", doc.publisher);
    put("language", doc.lang);
    return j;
}

void CslJsonWriter::begin() { out_ << '['; }

void CslJsonWriter::write(const Document& doc) {
    // One item per line: valid JSON as a whole, and still readable with line tools.
    out_ << (first_ ? "\n" : ",\n") << text::dump_json_line(item(doc));
    first_ = false;
}

void CslJsonWriter::end() { out_ << (first_ ? "]\n" : "\n]\n"); }

}  // namespace kb

#include "export/opensearch_writer.h"

#include "text/json_line.h"

namespace kb {

using nlohmann::json;

void OpenSearchWriter::write(const Document& doc) {
    // kb's id is the _id, so bulk-loading the export again replaces documents instead of adding copies.
    out_ << text::dump_json_line({{"index", {{"_index", index_}, {"_id", doc.id}}}}) << '\n';
    json source = to_json(doc);
    source.erase("id");
    // A field holds one kind of value in OpenSearch: every author is an object here (the stored
    // record writes organisations as plain strings), and author_names has each as one string.
    json authors = json::array();
    for (const auto& a : doc.authors)
        authors.push_back(a.is_person() ? json{{"family", a.family}, {"given", a.given}} : json{{"literal", a.display()}});
    source["authors"] = std::move(authors);
    source["author_names"] = display_names(doc.authors);
    // An empty date is no date: OpenSearch would reject "" in a date field.
    if (doc.date.empty()) source.erase("date");
    out_ << text::dump_json_line(source) << '\n';
}

}  // namespace kb

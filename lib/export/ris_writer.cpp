#include "export/ris_writer.h"

#include <fmt/format.h>

#include "export/reference_types.h"
#include "text/utf8.h"

namespace kb {

void RisWriter::tag(std::string_view name, std::string_view value) {
    const std::string line = text::collapse_whitespace(value);
    if (line.empty()) return;
    // RIS lines end in CR LF.
    out_ << name << "  - " << line << "\r\n";
}

void RisWriter::write(const Document& doc) {
    tag("TY", reference_types::ris_type(doc.type));
    // A kb type RIS has no code for is kept as the type of work, so it is not lost.
    if (reference_types::kb_type_from_ris(reference_types::ris_type(doc.type)) != doc.type) tag("M3", doc.type);
    tag("ID", doc.id);
    tag("TI", doc.title);
    for (const auto& author : doc.authors) tag("AU", author.inverted());
    const auto parts = reference_types::date_parts(doc.date);
    if (!parts.empty()) {
        tag("PY", fmt::format("{:04d}", parts[0]));
        // DA is YYYY/MM/DD/ with empty parts where the date stops: "2020/05//".
        std::string da = fmt::format("{:04d}/", parts[0]);
        da += parts.size() > 1 ? fmt::format("{:02d}/", parts[1]) : "/";
        da += parts.size() > 2 ? fmt::format("{:02d}/", parts[2]) : "/";
        tag("DA", da);
    }
    tag("AB", doc.summary);
    for (const auto& t : doc.tags) tag("KW", t);
    tag("UR", doc.url);
    tag("T2", doc.container_title);
    // Readers differ on T2 of a journal article (Zotero: the journal; bibutils: its abbreviation):
    // JF names the full journal title for all of them.
    if (const std::string ty = reference_types::ris_type(doc.type); ty == "JOUR" || ty == "NEWS")
        tag("JF", doc.container_title);
    tag("VL", doc.volume);
    const auto [first, last] = reference_types::page_range(doc.pages);
    tag("SP", first);
    tag("EP", last);
    tag("DO", doc.doi);
    tag("PB", doc.publisher);
    tag("LA", doc.lang);
    out_ << "ER  - \r\n\r\n";
}

}  // namespace kb

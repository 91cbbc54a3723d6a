#include "export/csv_writer.h"

namespace kb {

namespace {

const char* const kColumns[] = {"id", "title", "date", "authors", "lang", "type", "tags",
                                "url", "source", "format", "summary", "body", "extra"};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += "; ";
        out += item;
    }
    return out;
}

}  // namespace

CsvWriter::CsvWriter(std::ostream& out, bool bom) : out_(out) {
    if (bom) out_ << "\xEF\xBB\xBF";
    bool first = true;
    for (const char* column : kColumns) {
        if (!first) out_ << ',';
        out_ << column;
        first = false;
    }
    out_ << "\r\n";
}

std::string CsvWriter::field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void CsvWriter::write(const Document& doc) {
    const std::string extra =
        doc.extra.empty() ? std::string() : doc.extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string values[] = {doc.id,   doc.title,  doc.date,   join(doc.authors), doc.lang,
                                  doc.type, join(doc.tags), doc.url, doc.source,       doc.format,
                                  doc.summary, doc.body, extra};
    bool first = true;
    for (const auto& v : values) {
        if (!first) out_ << ',';
        out_ << field(v);
        first = false;
    }
    out_ << "\r\n";
}

}  // namespace kb

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

CsvWriter::CsvWriter(std::ostream& out, bool bom, bool neutralize_formulas)
    : out_(out), neutralize_formulas_(neutralize_formulas) {
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

std::string CsvWriter::defuse_formula(std::string_view value) {
    if (value.empty() || std::string_view("=+-@\t\r").find(value.front()) == std::string_view::npos)
        return std::string(value);
    const bool plain_number = (value.front() == '+' || value.front() == '-') && value.size() > 1 &&
                              value[1] >= '0' && value[1] <= '9' &&
                              value.find_first_not_of("0123456789 .,", 1) == std::string_view::npos;
    if (plain_number) return std::string(value);
    std::string defused(1, '\'');
    defused.append(value);
    return defused;
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
        out_ << field(neutralize_formulas_ ? defuse_formula(v) : v);
        first = false;
    }
    out_ << "\r\n";
}

}  // namespace kb

#include "export/csv_writer.h"

#include <algorithm>
#include <fmt/format.h>

#include "error.h"

namespace kb {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += "; ";
        out += item;
    }
    return out;
}

std::string column_value(const Document& doc, const std::string& column) {
    if (column == "id") return doc.id;
    if (column == "title") return doc.title;
    if (column == "date") return doc.date;
    if (column == "authors") return join(display_names(doc.authors));
    if (column == "lang") return doc.lang;
    if (column == "type") return doc.type;
    if (column == "tags") return join(doc.tags);
    if (column == "url") return doc.url;
    if (column == "source") return doc.source;
    if (column == "format") return doc.format;
    if (column == "summary") return doc.summary;
    if (column == "body") return doc.body;
    if (column == "extra")
        return doc.extra.empty() ? std::string()
                                 : doc.extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (const auto& [key, value] : publication_fields(doc))
        if (column == key) return *value;
    return {};
}

}  // namespace

const std::vector<std::string>& CsvWriter::csv_columns() {
    // The publication fields came later: after extra, so older column positions stay.
    static const std::vector<std::string> kColumns = {
        "id",     "title", "date",    "authors", "lang",      "type",            "tags",   "url",   "source",
        "format", "summary", "body", "extra",   "publisher", "container_title", "volume", "pages", "doi"};
    return kColumns;
}

CsvWriter::CsvWriter(std::ostream& out, bool bom, bool neutralize_formulas, char delimiter,
                     std::vector<std::string> fields)
    : out_(out), bom_(bom), neutralize_formulas_(neutralize_formulas), delimiter_(delimiter),
      fields_(fields.empty() ? csv_columns() : std::move(fields)) {
    for (const auto& f : fields_)
        if (std::find(csv_columns().begin(), csv_columns().end(), f) == csv_columns().end())
            throw Error(fmt::format("unknown CSV field '{}'; the fields are: {}", f, fmt::join(csv_columns(), ",")));
}

void CsvWriter::begin() {
    if (bom_) out_ << "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) out_ << delimiter_;
        out_ << fields_[i];
    }
    out_ << "\r\n";
}

std::string CsvWriter::field(std::string_view value, char delimiter) {
    const char special[] = {delimiter, '"', '\r', '\n', '\0'};
    if (value.find_first_of(special) == std::string_view::npos) return std::string(value);
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
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) out_ << delimiter_;
        const std::string v = column_value(doc, fields_[i]);
        out_ << field(neutralize_formulas_ ? defuse_formula(v) : v, delimiter_);
    }
    out_ << "\r\n";
}

}  // namespace kb

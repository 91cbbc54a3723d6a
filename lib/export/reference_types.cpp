#include "export/reference_types.h"

#include <array>

#include "extract/fields.h"

namespace kb::reference_types {

namespace {

// One row per kb type that a reference format has a word for. A kb type missing here is exported
// with the format's generic type, and its own name is kept where the format has room for it.
struct TypeRow {
    std::string_view kb, csl, ris, bibtex;
};
constexpr std::array<TypeRow, 11> kTypes{{
    {"article", "article-journal", "JOUR", "article"},
    {"book", "book", "BOOK", "book"},
    {"chapter", "chapter", "CHAP", "incollection"},
    {"dataset", "dataset", "DATA", "misc"},
    {"legislation", "legislation", "STAT", "misc"},
    {"news", "article-newspaper", "NEWS", "article"},
    {"paper", "paper-conference", "CPAPER", "inproceedings"},
    {"report", "report", "RPRT", "techreport"},
    {"speech", "speech", "GEN", "misc"},
    {"thesis", "thesis", "THES", "phdthesis"},
    {"webpage", "webpage", "ELEC", "online"},
}};

const TypeRow* by_kb(std::string_view kb_type) {
    const std::string lower = fields::ascii_lower(kb_type);
    for (const auto& row : kTypes)
        if (row.kb == lower) return &row;
    return nullptr;
}

}  // namespace

std::string csl_type(std::string_view kb_type) {
    const TypeRow* row = by_kb(kb_type);
    return std::string(row ? row->csl : "document");
}

bool csl_round_trips(std::string_view kb_type) {
    const TypeRow* row = by_kb(kb_type);
    return row && row->kb == kb_type;
}

std::string kb_type_from_csl(std::string_view csl, std::string_view genre) {
    // kb writes a document without a type as CSL's generic "document": it reads back as no type.
    if (csl == "document" || csl.empty()) return std::string(genre);
    for (const auto& row : kTypes)
        if (row.csl == csl) return std::string(row.kb);
    return std::string(csl);
}

std::string kb_type_from_schema_org(std::string_view schema_type) {
    constexpr std::pair<std::string_view, std::string_view> kSchemaTypes[] = {
        {"ScholarlyArticle", "article"}, {"Article", "article"}, {"Report", "report"},
        {"NewsArticle", "news"},         {"Book", "book"},       {"Chapter", "chapter"},
        {"Thesis", "thesis"},            {"Dataset", "dataset"}, {"Legislation", "legislation"},
        {"WebPage", "webpage"},          {"BlogPosting", "blog"},
    };
    for (const auto& [schema, kb] : kSchemaTypes)
        if (schema == schema_type) return std::string(kb);
    return std::string(schema_type);
}

std::string ris_type(std::string_view kb_type) {
    const TypeRow* row = by_kb(kb_type);
    return std::string(row ? row->ris : "GEN");
}

std::string kb_type_from_ris(std::string_view ris) {
    for (const auto& row : kTypes)
        if (row.ris == ris && row.ris != "GEN") return std::string(row.kb);
    return {};
}

std::string bibtex_type(std::string_view kb_type) {
    const TypeRow* row = by_kb(kb_type);
    return std::string(row ? row->bibtex : "misc");
}

std::string kb_type_from_bibtex(std::string_view entry_type) {
    const std::string lower = fields::ascii_lower(entry_type);
    for (const auto& row : kTypes)
        if (row.bibtex == lower && row.bibtex != "misc" && row.bibtex != "article") return std::string(row.kb);
    if (lower == "article") return "article";
    return {};
}

std::vector<int> date_parts(std::string_view iso) {
    std::vector<int> parts;
    int value = 0;
    bool digits = false;
    for (std::size_t i = 0; i <= iso.size() && parts.size() < 3; ++i) {
        if (i < iso.size() && iso[i] >= '0' && iso[i] <= '9') {
            value = value * 10 + (iso[i] - '0');
            digits = true;
        } else {
            if (!digits) break;
            parts.push_back(value);
            value = 0;
            digits = false;
            if (i < iso.size() && iso[i] != '-') break;
        }
    }
    return parts;
}

std::pair<std::string, std::string> page_range(std::string_view pages) {
    pages = fields::trim(pages);
    // A hyphen, doubled as BibTeX writes it, or an en dash (U+2013).
    for (std::string_view dash : {"--", "\xE2\x80\x93", "-"})
        if (auto cut = pages.find(dash); cut != std::string_view::npos)
            return {std::string(fields::trim(pages.substr(0, cut))),
                    std::string(fields::trim(pages.substr(cut + dash.size())))};
    return {std::string(pages), ""};
}

}  // namespace kb::reference_types

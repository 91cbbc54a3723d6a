#include "export/bibtex_writer.h"

#include <fmt/format.h>
#include <vector>

#include "export/reference_types.h"
#include "text/utf8.h"

namespace kb {

namespace {

// FNV-1a: a stable short suffix that keeps two ids apart after their odd characters became -.
std::string short_hash(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return fmt::format("{:06x}", h & 0xFFFFFF);
}

std::string verbatim(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '{') out += "%7B";
        else if (c == '}') out += "%7D";
        else out += c;
    }
    return out;
}

// Names joined by " and "; an organisation (a literal) in braces, so BibTeX does not take its
// last word as a family name, and a person as "Family, Given".
std::string author_list(const std::vector<AuthorName>& authors) {
    std::string out;
    for (const auto& a : authors) {
        if (!out.empty()) out += " and ";
        if (a.is_person()) {
            out += BibtexWriter::escape(a.family);
            if (!a.given.empty()) out += ", " + BibtexWriter::escape(a.given);
        } else {
            out += '{' + BibtexWriter::escape(a.display()) + '}';
        }
    }
    return out;
}

}  // namespace

std::string BibtexWriter::escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': out += "\\textbackslash{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '{': case '}': case '%': case '&': case '$': case '#': case '_':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

std::string BibtexWriter::citation_key(std::string_view id) {
    std::string key;
    for (char c : id) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == ':' || c == '.' || c == '/';
        key += keep ? c : '-';
    }
    if (key.empty()) key = "kb";
    if (key != id) key += '-' + short_hash(id);
    return key;
}

void BibtexWriter::write(const Document& doc) {
    const std::string entry_type = reference_types::bibtex_type(doc.type);
    std::string key = citation_key(doc.id);
    for (int n = 2; !keys_.insert(key).second; ++n) key = citation_key(doc.id) + fmt::format("-{}", n);

    out_ << '@' << entry_type << '{' << key << ",\n";
    auto field = [&](std::string_view name, const std::string& value) {
        if (!value.empty()) out_ << "  " << name << " = {" << value << "},\n";
    };
    auto text_field = [&](std::string_view name, std::string_view value) {
        field(name, escape(text::collapse_whitespace(value)));
    };
    text_field("title", doc.title);
    field("author", author_list(doc.authors));
    const auto parts = reference_types::date_parts(doc.date);
    if (!parts.empty()) {
        field("year", fmt::format("{:04d}", parts[0]));
        if (parts.size() > 1) field("month", std::to_string(parts[1]));
        field("date", doc.date);  // biblatex: the whole date
    }
    // Where the document appeared: the field each entry type names it by.
    const char* container = entry_type == "article"                                         ? "journal"
                            : entry_type == "incollection" || entry_type == "inproceedings" ? "booktitle"
                                                                                            : "series";
    text_field(container, doc.container_title);
    text_field("volume", doc.volume);
    const auto [first, last] = reference_types::page_range(doc.pages);
    field("pages", last.empty() ? escape(first) : escape(first) + "--" + escape(last));
    text_field(entry_type == "techreport" ? "institution" : "publisher", doc.publisher);
    // A kb type the entry type does not name back is kept in the type field (a report's kind).
    if (reference_types::kb_type_from_bibtex(entry_type) != doc.type) text_field("type", doc.type);
    field("url", verbatim(doc.url));
    field("doi", verbatim(doc.doi));
    // A tag that holds a separator goes in braces, which readers split around.
    std::vector<std::string> keywords;
    for (const auto& tag : doc.tags) {
        std::string k = escape(text::collapse_whitespace(tag));
        keywords.push_back(k.find_first_of(",;") == std::string::npos ? k : '{' + k + '}');
    }
    field("keywords", fmt::format("{}", fmt::join(keywords, ", ")));
    text_field("abstract", doc.summary);
    text_field("language", doc.lang);
    out_ << "}\n\n";
}

}  // namespace kb

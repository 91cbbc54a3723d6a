// RIS, the tagged reference format of Zotero, EndNote, Mendeley and library catalogues: one
// record per TY ... ER, one "XX  - value" line per field. Read into the same Document fields
// that kb's RIS export writes, so an export read back gives the same metadata.
#include <algorithm>
#include <optional>
#include <fmt/format.h>

#include "error.h"
#include "export/reference_types.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "text/utf8.h"

namespace kb {

namespace {

// "TY  - JOUR": two letters or digits, two spaces, a hyphen; the space and value may be missing
// ("ER  -"). Returns the tag, and the value in `value`.
std::string_view tag_of(std::string_view line, std::string_view& value) {
    if (line.size() < 5 || line.substr(2, 3) != "  -") return {};
    for (char c : line.substr(0, 2))
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
    value = line.size() > 5 ? line.substr(line[5] == ' ' ? 6 : 5) : std::string_view();
    return line.substr(0, 2);
}

// "2020/05/01/", "2020/05//", "2020///", "2020" -> "2020-05-01", "2020-05", "2020".
std::string iso_date(std::string_view ris) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : ris) {
        if (c == '/') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    auto digits = [](const std::string& s, std::size_t n) {
        return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (parts.empty() || !digits(parts[0], 4)) return {};
    std::string out = parts[0];
    if (parts.size() > 1 && digits(parts[1], 2)) {
        out += "-" + parts[1];
        if (parts.size() > 2 && digits(parts[2], 2)) out += "-" + parts[2];
    }
    return out;
}

// "Family, Given" is a person; a name without a comma is kept as written (an organisation).
AuthorName author_of(std::string_view value) {
    const std::string name = text::collapse_whitespace(value);
    const std::size_t comma = name.find(',');
    if (comma == std::string::npos) return AuthorName(name);
    return AuthorName::person(text::collapse_whitespace(name.substr(0, comma)),
                              text::collapse_whitespace(name.substr(comma + 1)));
}

struct Record {
    Document doc;
    std::string ty, m3, py, da, sp, ep;
    std::uint64_t line = 0;  // of its TY, for messages
};

void set_once(std::string& field, std::string_view value) {
    if (field.empty()) field = text::collapse_whitespace(value);
}

void apply(Record& r, std::string_view tag, std::string_view value) {
    Document& d = r.doc;
    if (tag == "ID") set_once(d.id, value);
    else if (tag == "TI" || tag == "T1") set_once(d.title, value);
    else if (tag == "AU" || tag == "A1") {
        if (AuthorName a = author_of(value); !a.empty()) d.authors.push_back(std::move(a));
    } else if (tag == "PY" || tag == "Y1") set_once(r.py, value);
    else if (tag == "DA") set_once(r.da, value);
    else if (tag == "AB" || tag == "N2") set_once(d.summary, value);
    else if (tag == "KW") {
        if (std::string t = text::collapse_whitespace(value); !t.empty()) d.tags.push_back(std::move(t));
    } else if (tag == "UR") set_once(d.url, value);
    // JF is the full journal title; T2 and JO come after it.
    else if (tag == "JF") d.container_title = text::collapse_whitespace(value);
    else if (tag == "T2" || tag == "JO" || tag == "BT") set_once(d.container_title, value);
    else if (tag == "VL") set_once(d.volume, value);
    else if (tag == "SP") set_once(r.sp, value);
    else if (tag == "EP") set_once(r.ep, value);
    else if (tag == "DO") set_once(d.doi, value);
    else if (tag == "PB") set_once(d.publisher, value);
    else if (tag == "LA") set_once(d.lang, value);
    else if (tag == "M3") set_once(r.m3, value);
    else if (tag == "TY") set_once(r.ty, value);
    else {
        // Notes, call numbers, places...: kept, under their RIS tag.
        nlohmann::json& slot = d.extra["ris:" + std::string(tag)];
        if (!slot.is_array()) slot = nlohmann::json::array();
        slot.push_back(text::collapse_whitespace(value));
    }
}

Document finish(Record&& r, const std::string& source) {
    Document& d = r.doc;
    d.format = "ris";
    // M3 holds kb's own type when RIS has no code for it (see RisWriter).
    d.type = !r.m3.empty() ? fields::ascii_lower(r.m3) : reference_types::kb_type_from_ris(r.ty);
    d.date = iso_date(!r.da.empty() ? r.da : r.py);
    if (d.date.empty() && !r.py.empty()) d.date = iso_date(r.py);
    if (!r.sp.empty()) d.pages = r.ep.empty() ? r.sp : r.sp + "-" + r.ep;
    if (d.doi.starts_with("https://doi.org/")) d.doi = d.doi.substr(16);
    if (d.title.empty() && d.summary.empty())
        throw InputError(source, "a RIS record with neither a title (TI) nor an abstract (AB)", r.line);
    return std::move(d);
}

}  // namespace

std::vector<Document> extract_ris(std::string_view bytes, const std::string& source) {
    const std::string_view body = text::strip_bom(bytes);
    if (auto bad = text::first_invalid_utf8(body)) {
        const auto lc = fields::line_column(body, *bad);
        throw InputError(source, "invalid UTF-8", lc.line, lc.column, static_cast<std::int64_t>(*bad));
    }
    std::vector<Document> docs;
    std::optional<Record> open;
    std::string* last = nullptr;  // the value a continuation line extends (abstracts wrap)
    std::string pending_tag, pending_value;
    auto flush = [&] {
        if (open && !pending_tag.empty()) apply(*open, pending_tag, pending_value);
        pending_tag.clear();
        pending_value.clear();
    };
    std::uint64_t line_no = 0;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        start = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::string_view value;
        const std::string_view tag = tag_of(line, value);
        if (tag.empty()) {
            if (line.find_first_not_of(" \t") == std::string_view::npos) {
                last = nullptr;
                continue;
            }
            if (!open || !last)
                throw InputError(source, "expected a RIS tag line (\"XX  - value\") here", line_no, 1);
            (*last += ' ') += line;
            continue;
        }
        if (tag == "TY") {
            if (open)
                throw InputError(source, fmt::format("the record that starts on line {} has no ER line", open->line),
                                 line_no, 1);
            open.emplace();
            open->line = line_no;
        } else if (!open) {
            throw InputError(source, fmt::format("a {} line before the first TY line", tag), line_no, 1);
        }
        flush();
        if (tag == "ER") {
            docs.push_back(finish(std::move(*open), source));
            open.reset();
            last = nullptr;
            continue;
        }
        pending_tag = std::string(tag);
        pending_value = std::string(value);
        last = &pending_value;
    }
    if (open) throw InputError(source, fmt::format("the record that starts on line {} has no ER line", open->line), line_no, 1);
    if (docs.empty()) throw InputError(source, "no RIS records (TY ... ER)");
    return docs;
}

}  // namespace kb

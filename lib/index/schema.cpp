#include "index/schema.h"

#include "text/hash.h"
#include "text/url.h"

#include <fmt/format.h>
#include <stdexcept>

namespace kb::schema {

namespace {

constexpr std::size_t kMaxTermBytes = 240;

std::string hash_hex(std::string_view s) { return fmt::format("{:016x}", text::fnv1a64(s)); }

std::string bounded(std::string term, std::string_view value) {
    if (term.size() <= kMaxTermBytes) return term;
    // Keep a readable head and make it unique with a hash of the whole value.
    term.resize(kMaxTermBytes - 18);
    while (!term.empty() && (static_cast<unsigned char>(term.back()) & 0xC0) == 0x80) term.pop_back();
    if (!term.empty() && static_cast<unsigned char>(term.back()) >= 0xC0) term.pop_back();
    term += '#';
    term += hash_hex(value);
    return term;
}

// Built with append rather than operator+, which trips a false -Wrestrict in GCC 12 at -O3.
std::string prefixed(std::string_view prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term.append(prefix);
    term.append(value);
    return term;
}

}  // namespace

std::string id_term(std::string_view id) { return bounded(prefixed(kIdPrefix, id), id); }

const Field* query_field(std::string_view name) {
    for (const auto& f : kFields)
        if ((f.name == name || f.dutch == name) && is_query_field(f)) return &f;
    return nullptr;
}

const Field& field(std::string_view name) {
    for (const auto& f : kFields)
        if (f.name == name) return f;
    throw std::logic_error(fmt::format("no field '{}' in the field table", name));
}

bool is_query_field(const Field& f) {
    switch (f.kind) {
        case FieldKind::Text: return !f.prefix.empty();
        case FieldKind::Filter:
        case FieldKind::Both:
        case FieldKind::Date: return true;
        case FieldKind::Identity:
        case FieldKind::Stored: return false;
    }
    return false;
}

std::string url_term(std::string_view url) {
    const std::string canonical = text::canonical_url(url);
    return canonical.empty() ? std::string() : bounded(prefixed(kUrlPrefix, canonical), canonical);
}

std::string filter_value(std::string_view prefix, std::string_view value) {
    // Paths are exact: Report.json and report.json are two files.
    for (const auto& f : kFields)
        if (f.prefix == prefix && !prefix.empty() && f.exact_case) return std::string(value);
    std::string lowered = Xapian::Unicode::tolower(std::string(value));
    // Keep letters and digits (any script); drop spaces, hyphens and punctuation.
    std::string out;
    for (Xapian::Utf8Iterator it(lowered); it != Xapian::Utf8Iterator(); ++it)
        if (Xapian::Unicode::is_wordchar(*it) && *it != '_') Xapian::Unicode::append_utf8(out, *it);
    return out;
}

std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string normal = filter_value(prefix, value);
    return bounded(prefixed(prefix, normal), normal);
}

}  // namespace kb::schema

// JSON extractor: maps records with the documented field names and aliases onto Document.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <span>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "export/reference_types.h"
#include "text/date.h"
#include "text/utf8.h"

namespace kb {

namespace {

using nlohmann::json;

// Aliases in order of preference: the first one present in a record wins.
constexpr std::string_view kIdKeys[] = {"id", "_id", "identifier", "guid", "@id"};
constexpr std::string_view kTitleKeys[] = {"title", "name", "headline", "titel"};
constexpr std::string_view kBodyKeys[] = {"body", "text", "content", "tekst", "inhoud", "articleBody"};
constexpr std::string_view kSummaryKeys[] = {"summary", "abstract", "description", "samenvatting"};
constexpr std::string_view kAuthorKeys[] = {"authors", "author", "creator", "creators", "auteur", "auteurs"};
constexpr std::string_view kDateKeys[] = {"date",   "published", "datePublished", "pubdate",
                                          "issued", "datum",     "publication_date", "created"};
constexpr std::string_view kLangKeys[] = {"lang", "language", "taal", "inLanguage"};
constexpr std::string_view kTagKeys[] = {"tags", "keywords", "subjects", "subject", "trefwoorden", "keyword"};
constexpr std::string_view kTypeKeys[] = {"type", "doctype", "document_type", "soort", "@type"};
constexpr std::string_view kUrlKeys[] = {"url", "URL", "link", "uri", "href"};
// Publication details: kb's own keys, CSL-JSON's and schema.org's.
constexpr std::string_view kPublisherKeys[] = {"publisher", "uitgever"};
constexpr std::string_view kContainerKeys[] = {"container_title", "container-title", "journal", "isPartOf"};
constexpr std::string_view kVolumeKeys[] = {"volume", "volumeNumber"};
constexpr std::string_view kPagesKeys[] = {"pages", "page", "pagination"};
constexpr std::string_view kDoiKeys[] = {"doi", "DOI"};
// Keys that only CSL-JSON items carry: their "type" is a CSL type, mapped to kb's words.
constexpr std::string_view kCslOnlyKeys[] = {"issued", "container-title", "citation-key", "DOI", "URL",
                                             "collection-title", "number-of-pages", "accessed", "genre"};
// Arrays of records wrapped in an object, as APIs tend to return them.
constexpr std::string_view kWrapperKeys[] = {"documents", "records", "items", "data", "@graph"};

// Numbers and booleans stand for their JSON spelling; objects, arrays and null are not strings.
std::optional<std::string> scalar_string(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return std::nullopt;
}

std::string string_of(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? std::string(fields::trim(it->get<std::string>())) : std::string();
}

// A person as an object: CSL-JSON {"family", "given", "non-dropping-particle", ...} or
// {"literal"}, schema.org {"familyName", "givenName"} or {"name"}.
AuthorName person_name(const json& o) {
    std::string family = string_of(o, "family"), given = string_of(o, "given");
    if (family.empty()) family = string_of(o, "familyName");
    if (given.empty()) given = string_of(o, "givenName");
    if (!family.empty()) {
        // Particles belong to the name as written: "van der" Berg, Jan "de".
        if (auto particle = string_of(o, "non-dropping-particle"); !particle.empty()) family = particle + ' ' + family;
        if (auto particle = string_of(o, "dropping-particle"); !particle.empty()) given += ' ' + particle;
        if (auto suffix = string_of(o, "suffix"); !suffix.empty()) given += ", " + suffix;
        return AuthorName::person(std::move(family), std::string(fields::trim(given)));
    }
    if (auto name = string_of(o, "name"); !name.empty()) return AuthorName(name);
    if (auto literal = string_of(o, "literal"); !literal.empty()) return AuthorName(literal);
    return AuthorName(given);
}

// True when an author object carries more than the name we keep (an ORCID, an affiliation, ...).
bool person_has_more(const json& o) {
    static const std::set<std::string, std::less<>> kNameKeys = {
        "name",   "given",     "family",     "literal", "non-dropping-particle", "dropping-particle",
        "suffix", "givenName", "familyName", "@type"};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!kNameKeys.count(it.key())) return true;
    return false;
}

// A schema.org value that may be a name or a thing with one: "publisher": {"@type":
// "Organization", "name": ...}; "isPartOf": {"@type": "PublicationIssue", "isPartOf": {"name": ...}}.
std::optional<std::string> name_of_thing(const json& v) {
    if (v.is_string()) return std::string(fields::trim(v.get<std::string>()));
    if (!v.is_object()) return std::nullopt;
    if (auto name = string_of(v, "name"); !name.empty()) return name;
    if (auto it = v.find("isPartOf"); it != v.end()) return name_of_thing(*it);
    return std::nullopt;
}

// "https://doi.org/10.1/x", "doi:10.1/x" -> "10.1/x": the bare DOI every format expects.
std::string bare_doi(std::string_view raw) {
    std::string_view s = fields::trim(raw);
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
                                    "doi:"})
        if (fields::istarts_with(s, prefix)) {
            s.remove_prefix(prefix.size());
            break;
        }
    return std::string(fields::trim(s));
}

// CSL-JSON's {"date-parts": [[2020, 5, 1]]} -> "2020-05-01" (fewer parts, a shorter date).
std::string csl_date(const json& v) {
    auto parts = v.find("date-parts");
    if (parts == v.end() || !parts->is_array() || parts->empty() || !parts->front().is_array()) {
        // {"raw": "..."} or {"literal": "..."}: a date as written.
        for (const char* key : {"raw", "literal"})
            if (auto s = string_of(v, key); !s.empty()) return text::normalize_date(s);
        return {};
    }
    std::string out;
    const json& first = parts->front();
    for (std::size_t i = 0; i < first.size() && i < 3; ++i) {
        long n = 0;
        if (first[i].is_number_integer()) n = first[i].get<long>();
        else if (first[i].is_string()) n = std::strtol(first[i].get<std::string>().c_str(), nullptr, 10);
        else return {};
        if (i == 0 && (n < 1 || n > 9999)) return {};
        if (i > 0 && (n < 1 || n > (i == 1 ? 12 : 31))) break;
        out += i == 0 ? fmt::format("{:04d}", n) : fmt::format("-{:02d}", n);
    }
    return text::normalize_date(out);
}

class RecordMapper {
public:
    explicit RecordMapper(const json& record) : record_(record) {}

    // The first alias with a non-null value; every alias present (null or not) counts as consumed,
    // null meaning "absent".
    std::pair<std::string, const json*> take(std::span<const std::string_view> keys) {
        std::pair<std::string, const json*> found{"", nullptr};
        for (auto key : keys) {
            auto it = record_.find(key);
            if (it == record_.end()) continue;
            if (it->is_null()) {
                consumed_.insert(std::string(key));
            } else if (!found.second) {
                consumed_.insert(std::string(key));
                found = {std::string(key), &*it};
            }
        }
        return found;
    }

    // A string field; an object or array where a string belongs is kept verbatim in extra.
    void string_field(std::span<const std::string_view> keys, std::string& out, Document& d) {
        auto [key, v] = take(keys);
        if (!v) return;
        if (auto s = scalar_string(*v)) out = std::move(*s);
        else d.extra[key] = *v;
    }

    void authors(Document& d) {
        auto [key, v] = take(kAuthorKeys);
        if (!v) return;
        bool lossy = false;
        auto add = [&](const json& a) {
            if (a.is_string()) {
                fields::add_unique(d.authors, std::string(fields::trim(a.get<std::string>())));
            } else if (a.is_object()) {
                AuthorName name = person_name(a);
                lossy = lossy || person_has_more(a) || name.empty();
                fields::add_unique(d.authors, std::move(name));
            } else if (auto s = scalar_string(a)) {
                fields::add_unique(d.authors, *s);
            } else {
                lossy = true;
            }
        };
        if (v->is_string()) {
            // One string may list several people: "Jansen, J.; De Vries, P.".
            for (auto& name : fields::split_list(v->get<std::string>(), ';')) fields::add_unique(d.authors, name);
        } else if (v->is_array()) {
            for (const auto& a : *v) add(a);
        } else {
            add(*v);
        }
        // Whatever the author list cannot hold stays available, untouched, for export.
        if (lossy) d.extra[key] = *v;
    }

    void tags(Document& d) {
        auto [key, v] = take(kTagKeys);
        if (!v) return;
        if (v->is_string()) {
            for (auto& t : fields::split_list(v->get<std::string>(), ',')) fields::add_unique(d.tags, std::move(t));
            return;
        }
        bool lossy = false;
        if (v->is_array()) {
            for (const auto& t : *v) {
                if (auto s = scalar_string(t)) fields::add_unique(d.tags, std::string(fields::trim(*s)));
                else lossy = true;
            }
        } else if (auto s = scalar_string(*v)) {
            fields::add_unique(d.tags, std::move(*s));
        } else {
            lossy = true;
        }
        if (lossy) d.extra[key] = *v;
    }

    // A field whose value is normalised (dates, languages); what cannot be normalised is kept
    // in extra under `raw_key`, so no input is lost.
    template <typename Keys, typename Normalize>
    void normalized(Document& d, const Keys& keys, std::string& out, const char* raw_key, Normalize normalize) {
        auto [key, v] = take(keys);
        if (!v) return;
        auto s = scalar_string(*v);
        if (!s) {
            d.extra[key] = *v;
            return;
        }
        if (fields::trim(*s).empty()) return;
        out = normalize(*s);
        if (out.empty()) d.extra[raw_key] = *s;
    }

    void date(Document& d) {
        // CSL-JSON dates are objects ({"date-parts": [[2020, 5]]}); a bad one is kept in extra.
        for (auto key : kDateKeys) {
            auto it = record_.find(key);
            if (it == record_.end() || it->is_null()) continue;
            if (!it->is_object()) break;
            take(kDateKeys);
            d.date = csl_date(*it);
            if (d.date.empty()) d.extra[std::string(key)] = *it;
            return;
        }
        normalized(d, kDateKeys, d.date, "date_raw", [](const std::string& s) { return text::normalize_date(s); });
    }

    // A publication field: a string, a number (a volume), or a schema.org thing with a name.
    // A number of pages ("pages": 32) is a count, not where the text is: it stays in extra.
    void publication_field(std::span<const std::string_view> keys, std::string& out, Document& d,
                           bool numbers = true) {
        auto [key, v] = take(keys);
        if (!v) return;
        if (v->is_number() && !numbers) d.extra[key] = *v;
        else if (auto s = v->is_number() ? scalar_string(*v) : name_of_thing(*v)) out = std::move(*s);
        else d.extra[key] = *v;
    }

    template <typename ByAlias>
    void publication(Document& d, const ByAlias& by_alias) {
        if (by_alias("publisher")) publication_field(kPublisherKeys, d.publisher, d);
        if (by_alias("container_title")) publication_field(kContainerKeys, d.container_title, d);
        if (by_alias("volume")) publication_field(kVolumeKeys, d.volume, d);
        if (by_alias("pages")) publication_field(kPagesKeys, d.pages, d, false);
        if (d.pages.empty() && by_alias("pages")) {  // schema.org: pageStart and pageEnd
            const auto start = record_.find("pageStart"), end = record_.find("pageEnd");
            auto text = [](const json& v) { return scalar_string(v).value_or(""); };
            if (start != record_.end()) {
                d.pages = text(*start);
                if (end != record_.end() && !text(*end).empty()) d.pages += '-' + text(*end);
                consumed_.insert("pageStart");
                if (end != record_.end()) consumed_.insert("pageEnd");
            }
        }
        if (by_alias("doi")) {
            publication_field(kDoiKeys, d.doi, d);
            d.doi = bare_doi(d.doi);
        }
    }

    // The type in kb's words: CSL items and schema.org things name theirs in their own vocabulary.
    void type(Document& d, bool csl_item) {
        auto [key, v] = take(kTypeKeys);
        if (!v) return;
        auto s = scalar_string(*v);
        if (!s) {
            d.extra[key] = *v;
            return;
        }
        if (key == "@type") {
            d.type = reference_types::kb_type_from_schema_org(*s);
        } else if (csl_item) {
            d.type = reference_types::kb_type_from_csl(*s, string_of(record_, "genre"));
            if (record_.contains("genre")) consumed_.insert("genre");
        } else {
            d.type = std::move(*s);
        }
    }

    void lang(Document& d) {
        normalized(d, kLangKeys, d.lang, "lang_raw", [](const std::string& s) { return fields::normalize_lang(s); });
    }

    // The id from the field the user named (--id-field), not from the aliases. A top-level key is
    // consumed; a nested value stays where it is, in extra with its parent.
    void id_from(const std::string& path, Document& d) {
        const json* v = find_json_path(record_, path);
        if (!v) return;
        if (auto s = scalar_string(*v)) d.id = std::string(fields::trim(*s));
        if (record_.contains(path)) consumed_.insert(path);
    }

    // A field the user mapped (--map FIELD=PATH) from wherever the record holds it; a top-level
    // key is consumed, a nested value stays where it is, in extra with its parent.
    void mapped(const std::string& field, const std::string& path, Document& d) {
        const json* v = find_json_path(record_, path);
        if (!v || v->is_null()) return;
        // A top-level key ("headline", "/headline") is consumed and, if kb cannot use its value,
        // kept in extra under its name.
        std::string key = path;
        if (key.starts_with('/') && key.find('/', 1) == std::string::npos && key.find('~') == std::string::npos)
            key = key.substr(1);
        if (record_.contains(key)) consumed_.insert(key);
        auto text = [&](std::string& out) {
            if (auto s = v->is_object() ? name_of_thing(*v) : scalar_string(*v)) out = std::string(fields::trim(*s));
            else d.extra[key] = *v;
        };
        if (field == "id") text(d.id);
        else if (field == "title") text(d.title);
        else if (field == "summary") text(d.summary);
        else if (field == "body") text(d.body);
        else if (field == "url") text(d.url);
        else if (field == "type") text(d.type);
        else if (field == "publisher") text(d.publisher);
        else if (field == "container_title") text(d.container_title);
        else if (field == "volume") text(d.volume);
        else if (field == "pages") text(d.pages);
        else if (field == "doi") {
            text(d.doi);
            d.doi = bare_doi(d.doi);
        } else if (field == "date") {
            const auto s = scalar_string(*v);
            d.date = v->is_object() ? csl_date(*v) : s ? text::normalize_date(*s) : "";
            if (d.date.empty()) d.extra[key] = *v;
        } else if (field == "lang") {
            if (auto s = scalar_string(*v)) d.lang = fields::normalize_lang(*s);
            if (d.lang.empty()) d.extra[key] = *v;
        } else if (field == "tags" || field == "authors") {
            // Read as the documented key would be: a record holding only this value.
            const json one = {{field, *v}};
            RecordMapper sub(one);
            Document part;
            if (field == "tags") {
                sub.tags(part);
                d.tags = std::move(part.tags);
            } else {
                sub.authors(part);
                d.authors = std::move(part.authors);
            }
            if (!part.extra.empty()) d.extra[key] = *v;  // what the list could not hold, as it came
        }
    }

    // kb's own export writes "source" and "format"; reading them back keeps a round trip exact.
    void own_string(const char* key, std::string& out, Document& d) {
        auto it = record_.find(key);
        if (it == record_.end()) return;
        consumed_.insert(key);
        if (it->is_string()) out = it->get<std::string>();
        else if (!it->is_null()) d.extra[key] = *it;
    }

    // Everything not mapped goes to extra unchanged; an "extra" object (kb's export) is merged in,
    // not nested, and wins over a top-level key of the same name since it is the original.
    void rest(Document& d) {
        for (auto it = record_.begin(); it != record_.end(); ++it)
            if (!consumed_.count(it.key()) && it.key() != "extra") d.extra[it.key()] = it.value();
        if (auto it = record_.find("extra"); it != record_.end()) {
            if (it->is_object()) {
                for (auto m = it->begin(); m != it->end(); ++m) d.extra[m.key()] = m.value();
            } else if (!it->is_null()) {
                d.extra["extra"] = *it;
            }
        }
    }

private:
    const json& record_;
    std::set<std::string, std::less<>> consumed_;
};

// kb's own export writes every field plus "format" (one of kb's format names) and an "extra"
// object; only such a record gets its "source" and "format" back. In anyone else's records
// "source" (a news agency) or "format" (a MIME type) are ordinary data and go to extra.
bool is_kb_export(const json& r) {
    const auto format = r.find("format");
    const auto extra = r.find("extra");
    if (format == r.end() || !format->is_string() || extra == r.end() || !extra->is_object()) return false;
    const auto& f = format->get_ref<const std::string&>();
    return f == "html" || f == "xml" || f == "json" || f == "jsonl" || f == "ris" || f == "bibtex";
}

bool has_any(const json& o, std::span<const std::string_view> keys) {
    for (auto k : keys)
        if (auto it = o.find(k); it != o.end() && !it->is_null()) return true;
    return false;
}

}  // namespace

// A re-imported kb export keeps its own "source" and "format" (so a round trip is exact);
// otherwise source is `source` and format is left empty for the caller ("json"/"jsonl").
// Callers that want the input's own name can overwrite them.
const nlohmann::json* find_json_path(const nlohmann::json& record, const std::string& path) {
    if (path.empty()) return nullptr;
    if (path.front() == '/') {
        try {
            const json::json_pointer pointer(path);
            return record.contains(pointer) ? &record.at(pointer) : nullptr;
        } catch (const json::exception&) {
            return nullptr;  // not a valid pointer ("/a~2"), or an index into an object
        }
    }
    if (auto it = record.find(path); it != record.end()) return &*it;  // "dc.identifier" as one key
    const json* at = &record;
    for (const auto& part : fields::split_list(path, '.')) {
        if (at->is_object()) {
            auto it = at->find(part);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array() && !part.empty() && part.find_first_not_of("0123456789") == std::string::npos &&
                   part.size() < 10 && std::stoul(part) < at->size()) {
            at = &(*at)[std::stoul(part)];
        } else {
            return nullptr;
        }
    }
    return at == &record ? nullptr : at;
}

const std::vector<std::string_view>& mappable_fields() {
    static const std::vector<std::string_view> kFields = {
        "id",   "title", "summary", "body",      "authors",         "date",   "lang",  "type",
        "tags", "url",   "doi",     "publisher", "container_title", "volume", "pages"};
    return kFields;
}

bool JsonReadOptions::maps(std::string_view field) const {
    return std::any_of(field_map.begin(), field_map.end(), [&](const auto& m) { return m.first == field; });
}

std::pair<std::string, std::string> parse_field_mapping(std::string_view spec) {
    const std::size_t eq = spec.find('=');
    const std::string field = eq == std::string_view::npos ? std::string(fields::trim(spec))
                                                           : fields::ascii_lower(fields::trim(spec.substr(0, eq)));
    const auto& known = mappable_fields();
    if (eq == std::string_view::npos || fields::trim(spec.substr(eq + 1)).empty())
        throw Error(fmt::format("'{}': write FIELD=PATH, for example title=headline or date=/published/at",
                                spec));
    if (std::find(known.begin(), known.end(), field) == known.end())
        throw Error(fmt::format("'{}': '{}' is not a field kb fills (fields: {})", spec, field,
                                fmt::join(known, ", ")));
    return {field, std::string(fields::trim(spec.substr(eq + 1)))};
}

Document document_from_record(const nlohmann::json& record, const std::string& source,
                              const JsonReadOptions& options) {
    if (!record.is_object()) throw InputError(source, "record is not a JSON object");
    Document d;
    RecordMapper m(record);
    // A mapped field is read from its path only: its aliases are left for extra.
    auto by_alias = [&](std::string_view field) { return !options.maps(field); };
    if (by_alias("id")) {
        if (options.id_field.empty()) m.string_field(kIdKeys, d.id, d);
        else m.id_from(options.id_field, d);
    }
    if (by_alias("title")) m.string_field(kTitleKeys, d.title, d);
    if (by_alias("body")) m.string_field(kBodyKeys, d.body, d);
    if (by_alias("summary")) m.string_field(kSummaryKeys, d.summary, d);
    if (by_alias("authors")) m.authors(d);
    if (by_alias("date")) m.date(d);
    if (by_alias("lang")) m.lang(d);
    if (by_alias("tags")) m.tags(d);
    if (by_alias("type")) m.type(d, has_any(record, kCslOnlyKeys));
    if (by_alias("url")) m.string_field(kUrlKeys, d.url, d);
    m.publication(d, by_alias);
    for (const auto& [field, path] : options.field_map) m.mapped(field, path, d);
    if (is_kb_export(record)) {
        m.own_string("source", d.source, d);
        m.own_string("format", d.format, d);
    }
    m.rest(d);
    if (d.source.empty()) d.source = source;
    return d;
}

std::vector<Document> extract_json(std::string_view bytes, const std::string& source,
                                   const JsonReadOptions& options) {
    const std::string_view body = text::strip_bom(bytes);
    const std::size_t bom = bytes.size() - body.size();
    if (auto bad = text::first_invalid_utf8(body)) {
        const auto lc = fields::line_column(body, *bad);
        throw InputError(source, "invalid UTF-8", lc.line, lc.column, static_cast<std::int64_t>(bom + *bad));
    }
    if (auto deep = fields::json_too_deep(body, fields::kMaxJsonDepth)) {
        const auto lc = fields::line_column(body, *deep);
        throw InputError(source, fmt::format("nested deeper than {} levels", fields::kMaxJsonDepth), lc.line,
                         lc.column);
    }
    json j;
    try {
        j = json::parse(body);
    } catch (const json::parse_error& e) {
        // e.byte counts the characters read, so the offending one is at byte - 1.
        const auto lc = fields::line_column(body, e.byte > 0 ? e.byte - 1 : 0);
        throw InputError(source, fields::json_error_reason(e.what()), lc.line, lc.column);
    } catch (const json::exception& e) {
        // Number overflow ("1e999") is reported as out_of_range, without a position.
        throw InputError(source, fields::json_error_reason(e.what()));
    }

    const json* list = j.is_array() ? &j : nullptr;
    if (j.is_object() && !has_any(j, kTitleKeys) && !has_any(j, kBodyKeys)) {
        for (auto key : kWrapperKeys)
            if (auto it = j.find(key); it != j.end() && it->is_array()) {
                list = &*it;
                break;
            }
    }
    std::vector<Document> docs;
    if (list) {
        docs.reserve(list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (!(*list)[i].is_object()) throw InputError(source, fmt::format("element {} is not an object", i));
            docs.push_back(document_from_record((*list)[i], source, options));
        }
    } else if (j.is_object()) {
        docs.push_back(document_from_record(j, source, options));
    } else {
        throw InputError(source, fmt::format("expected a JSON object or an array of objects, found {}", j.type_name()));
    }
    for (auto& d : docs)
        if (d.format.empty()) d.format = "json";
    return docs;
}

}  // namespace kb

#include "document.h"

#include <fmt/format.h>

#include "text/exact_json.h"

namespace kb {

using nlohmann::json;

std::array<std::pair<const char*, const std::string*>, 5> publication_fields(const Document& doc) {
    return {{{"publisher", &doc.publisher},
             {"container_title", &doc.container_title},
             {"volume", &doc.volume},
             {"pages", &doc.pages},
             {"doi", &doc.doi}}};
}

std::array<std::pair<const char*, std::string*>, 5> publication_fields(Document& doc) {
    return {{{"publisher", &doc.publisher},
             {"container_title", &doc.container_title},
             {"volume", &doc.volume},
             {"pages", &doc.pages},
             {"doi", &doc.doi}}};
}

AuthorName AuthorName::person(std::string family, std::string given) {
    AuthorName name;
    name.family = std::move(family);
    name.given = std::move(given);
    // Without a family name there is no person to structure: keep what there is as one name.
    if (name.family.empty()) std::swap(name.literal, name.given);
    return name;
}

std::string AuthorName::display() const {
    if (!literal.empty() || family.empty()) return literal.empty() ? given : literal;
    return given.empty() ? family : given + ' ' + family;
}

std::string AuthorName::inverted() const {
    if (!literal.empty() || family.empty()) return literal.empty() ? given : literal;
    return given.empty() ? family : family + ", " + given;
}

std::vector<std::string> display_names(const std::vector<AuthorName>& authors) {
    std::vector<std::string> out;
    out.reserve(authors.size());
    for (const auto& a : authors) out.push_back(a.display());
    return out;
}

static json author_to_json(const AuthorName& a) {
    if (!a.is_person()) return a.display();
    json j = {{"family", a.family}};
    if (!a.given.empty()) j["given"] = a.given;
    return j;
}

json to_json(const Document& doc) {
    json j = json::object();
    // Ids and sources may be file names that are not UTF-8: kept exactly (id_hex, source_hex).
    text::put_exact(j, "id", doc.id);
    text::put_exact(j, "source", doc.source);
    j["format"] = doc.format;
    j["title"] = doc.title;
    j["summary"] = doc.summary;
    j["body"] = doc.body;
    json authors = json::array();
    for (const auto& a : doc.authors) authors.push_back(author_to_json(a));
    j["authors"] = std::move(authors);
    j["date"] = doc.date;
    j["lang"] = doc.lang;
    j["type"] = doc.type;
    j["url"] = doc.url;
    j["tags"] = doc.tags;
    for (const auto& [key, value] : publication_fields(doc))
        if (!value->empty()) j[key] = *value;
    j["extra"] = doc.extra.is_object() ? doc.extra : json::object();
    return j;
}

static std::string string_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

static std::vector<std::string> list_field(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

static std::vector<AuthorName> authors_field(const json& j) {
    std::vector<AuthorName> out;
    auto it = j.find("authors");
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it) {
        if (v.is_string()) {
            out.emplace_back(v.get<std::string>());
        } else if (v.is_object()) {
            AuthorName a = AuthorName::person(string_field(v, "family"), string_field(v, "given"));
            if (a.empty()) a = AuthorName(string_field(v, "literal"));
            if (!a.empty()) out.push_back(std::move(a));
        }
    }
    return out;
}

Document document_from_json(const json& j) {
    Document d;
    d.id = text::get_exact(j, "id");
    d.source = text::get_exact(j, "source");
    d.format = string_field(j, "format");
    d.title = string_field(j, "title");
    d.summary = string_field(j, "summary");
    d.body = string_field(j, "body");
    d.authors = authors_field(j);
    d.date = string_field(j, "date");
    d.lang = string_field(j, "lang");
    d.type = string_field(j, "type");
    d.url = string_field(j, "url");
    d.tags = list_field(j, "tags");
    for (auto& [key, value] : publication_fields(d)) *value = string_field(j, key);
    if (auto it = j.find("extra"); it != j.end() && it->is_object()) d.extra = *it;
    return d;
}

namespace {

// FNV-1a, 64 bit, twice with different offsets: stable across builds and cheap.
struct Fnv128 {
    std::uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    void add(std::string_view s) {
        for (unsigned char c : s) {
            a = (a ^ c) * 0x100000001b3ULL;
            b = (b ^ c) * 0x100000001b3ULL;
        }
        // A separator byte that cannot occur in UTF-8 keeps "ab"+"c" apart from "a"+"bc".
        a = (a ^ 0xFF) * 0x100000001b3ULL;
        b = (b ^ 0xFF) * 0x100000001b3ULL;
    }
    void add(const std::vector<std::string>& list) {
        for (const auto& s : list) add(s);
        add(std::string_view("\xFE", 1));
    }
};

}  // namespace

std::string content_hash(const Document& doc) {
    // Every field but source (moving a file does not change its content), without building JSON.
    Fnv128 h;
    for (const std::string* field : {&doc.id, &doc.format, &doc.title, &doc.summary, &doc.body, &doc.date,
                                     &doc.lang, &doc.type, &doc.url})
        h.add(*field);
    // A literal name hashes as the plain string it always was, so old documents stay "unchanged".
    std::vector<std::string> authors;
    for (const auto& a : doc.authors)
        authors.push_back(a.is_person() ? a.family + '\x1f' + a.given : a.display());
    h.add(authors);
    for (const auto& [key, value] : publication_fields(doc))
        if (!value->empty()) h.add(std::string(key) + '=' + *value);
    h.add(doc.tags);
    h.add(doc.extra.empty() ? std::string() : doc.extra.dump());
    return fmt::format("{:016x}{:016x}", h.a, h.b);
}

}  // namespace kb

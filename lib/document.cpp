#include "document.h"

#include <fmt/format.h>

#include "text/exact_json.h"

namespace kb {

using nlohmann::json;

json to_json(const Document& doc) {
    json j = json::object();
    // Ids and sources may be file names that are not UTF-8: kept exactly (id_hex, source_hex).
    text::put_exact(j, "id", doc.id);
    text::put_exact(j, "source", doc.source);
    j["format"] = doc.format;
    j["title"] = doc.title;
    j["summary"] = doc.summary;
    j["body"] = doc.body;
    j["authors"] = doc.authors;
    j["date"] = doc.date;
    j["lang"] = doc.lang;
    j["type"] = doc.type;
    j["url"] = doc.url;
    j["tags"] = doc.tags;
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

Document document_from_json(const json& j) {
    Document d;
    d.id = text::get_exact(j, "id");
    d.source = text::get_exact(j, "source");
    d.format = string_field(j, "format");
    d.title = string_field(j, "title");
    d.summary = string_field(j, "summary");
    d.body = string_field(j, "body");
    d.authors = list_field(j, "authors");
    d.date = string_field(j, "date");
    d.lang = string_field(j, "lang");
    d.type = string_field(j, "type");
    d.url = string_field(j, "url");
    d.tags = list_field(j, "tags");
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
    h.add(doc.authors);
    h.add(doc.tags);
    h.add(doc.extra.empty() ? std::string() : doc.extra.dump());
    return fmt::format("{:016x}{:016x}", h.a, h.b);
}

}  // namespace kb

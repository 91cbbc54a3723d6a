// Document: the one normalized record that extractors produce, the index stores and search returns.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kb {

struct Document {
    std::string id;       // stable identity: explicit id, else canonical URL, else normalised source path
    std::string source;   // where it came from: a file path, "-" for stdin, with "#n" for the n-th record
    std::string format;   // html | xml | json | jsonl
    std::string title;
    std::string body;     // main text, furniture removed
    std::string summary;  // description / abstract
    std::vector<std::string> authors;  // people or organisations
    std::string date;     // ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD (time dropped)
    std::string lang;     // ISO 639-1 code, e.g. "nl", "en"
    std::string type;     // report, policy, news, factsheet, ...
    std::string url;
    std::vector<std::string> tags;
    nlohmann::json extra = nlohmann::json::object();  // fields outside the set above, kept verbatim

    bool operator==(const Document&) const = default;
};

// The record as stored in the index and exported as JSON Lines (lossless).
nlohmann::json to_json(const Document& doc);
// Reads a record written by to_json; unknown keys go to extra.
Document document_from_json(const nlohmann::json& record);

// A hex digest of every field except source, to skip unchanged documents.
std::string content_hash(const Document& doc);

}  // namespace kb

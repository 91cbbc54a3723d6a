// Document: the one normalized record that extractors produce, the index stores and search returns.
#pragma once
#include <array>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb {

// An author: a person with family and given names (as CSL-JSON, RIS and BibTeX want them), or a
// literal name for organisations and for names that came as one unparsed string.
struct AuthorName {
    std::string family;
    std::string given;
    std::string literal;  // set alone; family and given are then empty

    AuthorName() = default;
    // A plain string is a literal name: that is all an HTML meta tag or a Dublin Core creator says.
    AuthorName(std::string literal_name) : literal(std::move(literal_name)) {}
    AuthorName(const char* literal_name) : literal(literal_name) {}
    static AuthorName person(std::string family, std::string given);

    bool is_person() const { return literal.empty() && !family.empty(); }
    bool empty() const { return family.empty() && given.empty() && literal.empty(); }
    // "Given Family", or the literal: for text output, search terms and CSV.
    std::string display() const;
    // "Family, Given", or the literal: the inverted form RIS and library catalogues use.
    std::string inverted() const;

    bool operator==(const AuthorName&) const = default;
};

std::vector<std::string> display_names(const std::vector<AuthorName>& authors);

struct Document {
    std::string id;       // stable identity: explicit id, else canonical URL, else normalised source path
    std::string source;   // where it came from: a file path, "-" for stdin, with "#n" for the n-th record
    std::string format;   // html | xml | json | jsonl | ris
    std::string title;
    std::string body;     // main text, furniture removed
    std::string summary;  // description / abstract
    std::vector<AuthorName> authors;  // people or organisations
    std::string date;     // ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD (time dropped)
    std::string lang;     // ISO 639-1 code, e.g. "nl", "en"
    std::string type;     // report, policy, news, factsheet, ...
    std::string url;
    std::vector<std::string> tags;
    // Publication details, the fields a reference manager needs to cite the document.
    std::string publisher;
    std::string container_title;  // the journal, book, series or website it appeared in
    std::string volume;
    std::string pages;            // "12-34" or "12"
    std::string doi;              // bare: "10.1234/abc", no resolver prefix
    nlohmann::json extra = nlohmann::json::object();  // fields outside the set above, kept verbatim

    bool operator==(const Document&) const = default;
};

// The publication fields by their record key ("publisher", "container_title", "volume", "pages",
// "doi"), for code that treats them alike.
std::array<std::pair<const char*, const std::string*>, 5> publication_fields(const Document& doc);
std::array<std::pair<const char*, std::string*>, 5> publication_fields(Document& doc);

// The record as stored in the index and exported as JSON Lines (lossless). Authors are strings
// (literal names, as every record before structured names had) or {"family", "given"} objects;
// the publication fields are written only when set, so older records read the same.
nlohmann::json to_json(const Document& doc);
// Reads a record written by to_json; unknown keys go to extra.
Document document_from_json(const nlohmann::json& record);
// The same as document_from_json(nlohmann::json::parse(record)) for a record as to_json writes it,
// read in one pass (lib/document_reader.cpp); nullopt for anything else, which the caller then
// parses in full.
std::optional<Document> read_record(std::string_view record);
// The Document of a stored record: read_record() where it can, else nlohmann's parser (which
// throws nlohmann::json::exception for a damaged record).
Document document_from_record(std::string_view record);

// A hex digest of every field except source, to skip unchanged documents.
std::string content_hash(const Document& doc);

}  // namespace kb

// Author names format as their display form, so text output can join them directly.
template <>
struct fmt::formatter<kb::AuthorName> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(const kb::AuthorName& name, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format(name.display(), ctx);
    }
};

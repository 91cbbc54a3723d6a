// Extractors turn bytes into Documents; they know nothing of Xapian.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace kb {

enum class InputFormat { Auto, Html, Xml, Json, Jsonl, Ris, Bibtex };

// How JSON and JSON Lines records are read beyond the documented fields and aliases.
struct JsonReadOptions {
    // The field that holds each record's id, instead of the id aliases: a key ("DOI"), a dotted
    // path ("meta.ref") or a JSON Pointer ("/meta/ref"). Empty: the aliases.
    std::string id_field;
    // kb field -> where a record holds it (a key, a dotted path or a JSON Pointer), from
    // `--map FIELD=PATH`: such a field is read from there only, and its aliases stay in extra.
    std::vector<std::pair<std::string, std::string>> field_map;
    bool maps(std::string_view field) const;
};

// The kb fields --map can fill, in the order the help lists them.
const std::vector<std::string_view>& mappable_fields();
// "title=headline" -> {"title", "headline"}; throws kb::Error naming the mappable fields for an
// unknown field, a missing "=" or an empty path.
std::pair<std::string, std::string> parse_field_mapping(std::string_view spec);

// "html" etc.; for messages, reports and Document::format.
std::string_view format_name(InputFormat f);
// Parses "auto|html|xml|json|jsonl|ris|bibtex"; throws kb::Error on anything else.
InputFormat parse_format_name(std::string_view name);

// Picks a format from the content first (a sniff of the leading bytes) and the file extension second.
// Throws UnsupportedInputError when the bytes are none of the formats (binary, plain text, ...).
InputFormat detect_format(std::string_view path, std::string_view bytes);

// Each extractor throws InputError (with line/column or byte offset) for input it cannot parse,
// and never returns a partial document from a broken file.
// `source` names the input in documents and messages.
// `warnings`, when given, receives what the user should know but that did not stop extraction
// (a charset declaration the bytes contradict, which was ignored).
std::vector<Document> extract_html(std::string_view bytes, const std::string& source,
                                   std::vector<std::string>* warnings = nullptr);
std::vector<Document> extract_xml(std::string_view bytes, const std::string& source);
// A JSON object or an array of objects.
std::vector<Document> extract_json(std::string_view bytes, const std::string& source,
                                   const JsonReadOptions& options = {});
// RIS records (TY ... ER), as reference managers export them; the tags kb's RIS export writes
// map back to the same fields, others go to extra as "ris:XX".
std::vector<Document> extract_ris(std::string_view bytes, const std::string& source);
// BibTeX and biblatex entries (.bib): the fields kb's BibTeX export writes map back to the same
// Document fields, LaTeX accents become letters, @string macros are expanded; other fields go to
// extra as "bibtex:name". The citation key is the id.
std::vector<Document> extract_bibtex(std::string_view bytes, const std::string& source);
// Whether text starts (after % comment lines) with "@type{" or "@type(".
bool looks_like_bibtex(std::string_view text);
// One JSON object (a JSON Lines record) -> Document, mapping the documented fields and aliases.
Document document_from_record(const nlohmann::json& record, const std::string& source,
                              const JsonReadOptions& options = {});
// The value at `path` in `record`: a JSON Pointer ("/a/0/b"), else a dotted path ("a.b"), else
// a key holding dots itself; nullptr when there is none.
const nlohmann::json* find_json_path(const nlohmann::json& record, const std::string& path);

// Key in Document::extra of a page read as plain text (title and text, no metadata) because its
// markup would cost the HTML tree builder more than a linear budget; the value says why and where.
inline constexpr std::string_view kTextOnlyKey = "kb_text_only";

// Dispatches on `format` (Auto means detect). JSON Lines is handled by JsonLinesReader, not here.
// UTF-16 and UTF-32 input (with a byte order mark, or recognised by its NUL pattern) is decoded first.
std::vector<Document> extract(std::string_view bytes, const std::string& source, InputFormat format,
                              std::vector<std::string>* warnings = nullptr, const JsonReadOptions& json_options = {});

}  // namespace kb

#include "render/printer.h"

#include "render/json_output.h"
#include "render/text_printer.h"

namespace kb::cli {

namespace {

// One object: the versioned envelope for search, the stored record for show.
class JsonPrinter : public Printer {
public:
    std::string search_results(const SearchRequest& request, const SearchResponse& response) const override {
        return dump_line(response_to_json(request, response)) + "\n";
    }
    std::string document(const Document& doc) const override { return dump_line(to_json(doc)) + "\n"; }
};

// One object per line, each carrying the format version, so a line read alone says its shape.
class JsonLinesPrinter : public Printer {
public:
    std::string search_results(const SearchRequest&, const SearchResponse& response) const override {
        std::string out;
        for (const auto& hit : response.hits) {
            nlohmann::json line = hit_to_json(hit);
            line["kb_format_version"] = kJsonFormatVersion;
            out += dump_line(line) + "\n";
        }
        return out;
    }
    std::string document(const Document& doc) const override { return dump_line(to_json(doc)) + "\n"; }
};

}  // namespace

OutputFormat output_format(const std::string& name) {
    if (name == "json") return OutputFormat::Json;
    if (name == "jsonl") return OutputFormat::JsonLines;
    return OutputFormat::Text;
}

std::unique_ptr<Printer> make_printer(OutputFormat format, const Terminal& term) {
    switch (format) {
        case OutputFormat::Json: return std::make_unique<JsonPrinter>();
        case OutputFormat::JsonLines: return std::make_unique<JsonLinesPrinter>();
        case OutputFormat::Text: break;
    }
    return std::make_unique<TextPrinter>(term);
}

}  // namespace kb::cli

// One printer per command run: the output format is chosen once, and search and show hand their
// results to it. Text is for people (colour, wrapping); JSON and JSON Lines are stable for scripts.
#pragma once
#include <memory>
#include <string>

#include "document.h"
#include "render/terminal.h"
#include "search/searcher.h"

namespace kb::cli {

enum class OutputFormat { Text, Json, JsonLines };

// "text", "json", "jsonl" (the values --format accepts; CLI11 has checked them).
OutputFormat output_format(const std::string& name);

class Printer {
public:
    virtual ~Printer() = default;
    // kb search: the page of hits, counts, suggestions and facets.
    virtual std::string search_results(const SearchRequest& request, const SearchResponse& response) const = 0;
    // kb show: one stored document.
    virtual std::string document(const Document& doc) const = 0;
    // How many values of each facet field it prints (SearchRequest::facet_values): 0, all.
    virtual std::size_t facet_values_shown() const { return 0; }
};

std::unique_ptr<Printer> make_printer(OutputFormat format, const Terminal& term);

}  // namespace kb::cli

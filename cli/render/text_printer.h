// Text for people: search results and documents, every piece of document text made safe for a
// terminal (terminal_text.h), styled only when colour is on, wrapped at the terminal's width.
#pragma once
#include "render/printer.h"

namespace kb::cli {

class TextPrinter : public Printer {
public:
    explicit TextPrinter(const Terminal& term) : term_(term) {}
    std::string search_results(const SearchRequest& request, const SearchResponse& response) const override;
    std::string document(const Document& doc) const override;
    // The facet block lists each field's most frequent values and counts the rest.
    static constexpr std::size_t kFacetValuesShown = 8;
    std::size_t facet_values_shown() const override { return kFacetValuesShown; }

private:
    std::string highlighted_snippet(const SearchHit& hit, std::string_view indent) const;
    std::string facet_block(const SearchResponse& response) const;

    const Terminal& term_;
};

}  // namespace kb::cli

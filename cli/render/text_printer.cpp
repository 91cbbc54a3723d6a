#include "render/text_printer.h"

#include <fmt/format.h>

#include "render/json_output.h"
#include "render/terminal_text.h"

namespace kb::cli {

std::string TextPrinter::highlighted_snippet(const SearchHit& hit) const {
    std::string out;
    std::size_t pos = 0;
    for (const auto& h : hit.highlights) {
        if (h.begin < pos || h.end > hit.snippet.size()) continue;
        out += terminal_text(hit.snippet.substr(pos, h.begin - pos));
        out += term_.highlight(hit.snippet.substr(h.begin, h.end - h.begin));
        pos = h.end;
    }
    out += terminal_text(hit.snippet.substr(pos));
    return out;
}

// Every piece of document text goes through terminal_text(), directly or inside a Terminal style.
std::string TextPrinter::search_results(const SearchRequest& request, const SearchResponse& response) const {
    const Terminal& term = term_;
    std::string out;
    if (response.corrected) {
        out += fmt::format("Resultaten voor '{}'; zoek in plaats daarvan naar '{}' met --exact.\n\n",
                           term.bold(response.suggestion), terminal_text(request.query));
    } else if (!response.suggestion.empty()) {
        out += fmt::format("Bedoelde u: {}?\n\n", term.bold(response.suggestion));
    }
    if (response.hits.empty()) {
        out += fmt::format("No documents match '{}'.\n", terminal_text(request.query));
    } else if (response.total_upper == 0) {
    } else {
        const bool exact = response.total_lower == response.total_upper;
        out += term.dim(fmt::format("{}-{} of {}{} results", response.hits.front().rank, response.hits.back().rank,
                                    exact ? "" : "about ", response.total_estimate)) +
               "\n\n";
    }
    bool partial_note = false;
    for (const auto& hit : response.hits) {
        if (hit.partial && !partial_note) {
            out += term.bold(response.total_upper == 0
                                 ? "Geen documenten met alle woorden; beste gedeeltelijke treffers:"
                                 : "Geen verdere documenten met alle woorden; beste gedeeltelijke treffers:") +
                   "\n\n";
            partial_note = true;
        }
        const auto& d = hit.doc;
        out += fmt::format("{:>2}. {}\n", hit.rank, term.bold(d.title.empty() ? d.id : d.title));
        // The id first, for `kb show`; the source and URL only where they say something more.
        std::vector<std::string> meta{d.id};
        if (!d.date.empty()) meta.push_back(d.date);
        if (!d.type.empty()) meta.push_back(d.type);
        if (!d.lang.empty()) meta.push_back(d.lang);
        if (!d.authors.empty()) meta.push_back(fmt::format("{}", fmt::join(d.authors, ", ")));
        if (d.source != d.id) meta.push_back(d.source);
        out += "    " + term.dim(fmt::format("{}", fmt::join(meta, " · "))) + "\n";
        if (!d.url.empty() && d.url != d.source && d.url != d.id) out += "    " + term.dim(d.url) + "\n";
        if (!hit.snippet.empty()) out += "    " + highlighted_snippet(hit) + "\n";
        out += "\n";
    }
    if (request.facets) {
        for (const auto& [name, values] : response.facets) {
            std::vector<std::string> parts;
            for (const auto& [value, count] : values) parts.push_back(fmt::format("{} {}", terminal_text(value), count));
            out += fmt::format("{}: {}\n", term.bold(name), fmt::join(parts, ", "));
        }
    }
    return out;
}

std::string TextPrinter::document(const Document& d) const {
    std::string out;
    auto line = [&](const char* name, const std::string& value) {
        // Padded before it is styled: escape codes take no columns but count as characters.
        if (!value.empty()) out += fmt::format("{} {}\n", term_.bold(fmt::format("{:<9}", name)), terminal_text(value));
    };
    line("id", d.id);
    line("title", d.title);
    line("date", d.date);
    line("authors", fmt::format("{}", fmt::join(d.authors, "; ")));
    line("lang", d.lang);
    line("type", d.type);
    line("tags", fmt::format("{}", fmt::join(d.tags, "; ")));
    line("url", d.url);
    line("source", d.source);
    line("format", d.format);
    if (!d.extra.empty()) line("extra", dump_line(d.extra));
    // Paragraphs keep their line breaks; everything else a terminal would obey is shown.
    if (!d.summary.empty()) out += "\n" + terminal_text(d.summary, TextLayout::MultiLine) + "\n";
    if (!d.body.empty()) out += "\n" + terminal_text(d.body, TextLayout::MultiLine) + "\n";
    return out;
}

}  // namespace kb::cli

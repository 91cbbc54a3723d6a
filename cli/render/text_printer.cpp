#include "render/text_printer.h"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>

#include "index/schema.h"
#include "render/json_output.h"
#include "render/terminal_text.h"
#include "render/text_wrap.h"

namespace kb::cli {

namespace {

// Under the rank ("10. "): the lines of one hit after its title.
constexpr std::string_view kHitIndent = "    ";
// The labels of `kb show`, padded to one width so the values line up.
constexpr std::size_t kLabelWidth = 9;

}  // namespace

// The snippet is cut into lines first and styled after: a line break never falls inside an
// escape code, and each highlighted word is styled on the line it ends up on.
std::string TextPrinter::highlighted_snippet(const SearchHit& hit, std::string_view indent) const {
    struct Piece {
        std::size_t begin, end;  // in `text`
        bool matched;
    };
    std::string text;
    std::vector<Piece> pieces;
    auto add = [&](std::size_t from, std::size_t to, bool matched) {
        const std::size_t begin = text.size();
        text += terminal_text(std::string_view(hit.snippet).substr(from, to - from));
        pieces.push_back({begin, text.size(), matched});
    };
    std::size_t pos = 0;
    for (const auto& h : hit.highlights) {
        if (h.begin < pos || h.end > hit.snippet.size()) continue;
        add(pos, h.begin, false);
        add(h.begin, h.end, true);
        pos = h.end;
    }
    add(pos, hit.snippet.size(), false);

    std::string out;
    const std::size_t room = term_.width() > indent.size() + 10 ? term_.width() - indent.size() : 10;
    for (const LineSpan& line : wrap_lines(text, room)) {
        out += indent;
        for (const Piece& piece : pieces) {
            const std::size_t begin = std::max(piece.begin, line.begin), end = std::min(piece.end, line.end);
            if (begin >= end) continue;
            const std::string_view part = std::string_view(text).substr(begin, end - begin);
            out += piece.matched ? term_.highlight(part) : std::string(part);
        }
        out += '\n';
    }
    return out;
}

// Every piece of document text goes through terminal_text(), directly or inside a Terminal style.
std::string TextPrinter::search_results(const SearchRequest& request, const SearchResponse& response) const {
    const Terminal& term = term_;
    const std::size_t width = term.width();
    const auto plain = [](std::string_view s) { return std::string(s); };
    const auto bold = [&](std::string_view s) { return term.bold(s); };
    const auto dim = [&](std::string_view s) { return term.dim(s); };
    std::string out;
    if (response.corrected) {
        out += fmt::format("Resultaten voor '{}'; zoek in plaats daarvan naar '{}' met --exact.\n\n",
                           term.bold(response.suggestion), terminal_text(request.query));
    } else if (!response.suggestion.empty()) {
        out += fmt::format("Bedoelde u: {}?\n\n", term.bold(response.suggestion));
    }
    if (response.hits.empty() && (response.total_estimate > 0 || response.partial_total > 0)) {
        // --offset went past the last hit: the query did match (exit 0).
        out += wrapped(fmt::format("No results on this page ({} in total; --offset {} skips them all).",
                                   response.total_estimate > 0 ? response.total_estimate : response.partial_total,
                                   request.offset),
                       width, "", "", plain);
    } else if (response.hits.empty()) {
        out += wrapped(fmt::format("No documents match '{}'.", terminal_text(request.query)), width, "", "", plain);
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
            out += wrapped(response.total_upper == 0
                               ? "Geen documenten met alle woorden; beste gedeeltelijke treffers:"
                               : "Geen verdere documenten met alle woorden; beste gedeeltelijke treffers:",
                           width, "", "", bold) +
                   "\n";
            partial_note = true;
        }
        const auto& d = hit.doc;
        const std::string rank = fmt::format("{:>2}. ", hit.rank);
        const std::string title_indent = rank.size() > kHitIndent.size() ? std::string(rank.size(), ' ') : std::string(kHitIndent);
        std::string title = terminal_text(d.title.empty() ? d.id : d.title);
        // Near-duplicates shown as one hit (--no-collapse lists them).
        if (hit.similar > 0) title += fmt::format(" (+{} vergelijkbaar)", hit.similar);
        out += wrapped(title, width, rank, title_indent, bold);
        // The id first, for `kb show`; the source and URL only where they say something more.
        std::vector<std::string> meta{d.id};
        if (!d.date.empty()) meta.push_back(d.date);
        if (!d.type.empty()) meta.push_back(d.type);
        if (!d.lang.empty()) meta.push_back(d.lang);
        if (!d.authors.empty()) meta.push_back(fmt::format("{}", fmt::join(d.authors, ", ")));
        if (d.source != d.id) meta.push_back(d.source);
        if (!hit.index.empty()) meta.push_back("index " + hit.index);  // several were searched
        out += wrapped(terminal_text(fmt::format("{}", fmt::join(meta, " · "))), width, kHitIndent, kHitIndent, dim);
        if (!d.url.empty() && d.url != d.source && d.url != d.id)
            out += wrapped(terminal_text(d.url), width, kHitIndent, kHitIndent, dim);
        if (!hit.snippet.empty()) out += highlighted_snippet(hit, kHitIndent);
        out += "\n";
    }
    if (request.related > 0 && !response.related.empty()) {
        std::vector<std::string> words;
        for (const auto& r : response.related) words.push_back(terminal_text(r.word));
        out += wrapped(fmt::format("{}", fmt::join(words, ", ")), width, term.bold("Related terms:") + " ",
                       std::string(kHitIndent), plain);
    }
    if (request.facets && !response.facets.empty()) out += facet_block(response);  // none over a remote index
    return out;
}

// The facets as a compact block: one line per field (in the field table's order), its most
// frequent values first; the rest are counted, and listed by --format json.
std::string TextPrinter::facet_block(const SearchResponse& response) const {
    const Terminal& term = term_;
    constexpr std::size_t kShown = kFacetValuesShown;
    std::string out = "\n";  // built with += : GCC 12 warns (-Wrestrict, wrongly) on "\n" + std::string
    // Facets count documents: near-duplicates shown as one hit are counted each.
    // A common word's collapsed total is an estimate: then only the exact count is said.
    const bool exact = response.total_lower == response.total_upper;
    out += term.bold(response.documents_matched == response.total_estimate
                         ? fmt::format("Facets (all {} matches)", response.documents_matched)
                     : exact ? fmt::format("Facets (all {} matching documents, {} as results)",
                                           response.documents_matched, response.total_estimate)
                             : fmt::format("Facets (all {} matching documents)", response.documents_matched));
    out += '\n';
    for (const auto& field : schema::kFields) {
        const auto it = response.facets.find(std::string(field.name));
        if (it == response.facets.end()) continue;
        // The searcher returned at most kShown of them (a common word has thousands of authors
        // and tags), and counted the others: ordered by count, then by value.
        std::vector<const std::pair<const std::string, std::uint64_t>*> values;
        values.reserve(it->second.size());
        for (const auto& entry : it->second) values.push_back(&entry);
        const std::size_t shown = std::min(kShown, values.size());
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(shown), values.end(),
                          [](const auto* a, const auto* b) {
                              return a->second != b->second ? a->second > b->second : a->first < b->first;
                          });
        std::vector<std::string> parts;
        for (std::size_t i = 0; i < shown; ++i)
            parts.push_back(fmt::format("{} {}", terminal_text(values[i]->first), values[i]->second));
        std::uint64_t more = values.size() - shown;
        if (const auto left_out = response.facets_left_out.find(it->first); left_out != response.facets_left_out.end())
            more += left_out->second;
        if (more > 0) parts.push_back(term.dim(fmt::format("+{} more", more)));
        if (parts.empty()) parts.push_back("-");
        out += fmt::format("  {} {}\n", term.bold(fmt::format("{:<7}", field.name)), fmt::join(parts, " · "));
    }
    return out;
}

std::string TextPrinter::document(const Document& d) const {
    const std::size_t width = term_.width();
    const std::string indent(kLabelWidth + 1, ' ');
    std::string out;
    auto line = [&](const char* name, const std::string& value, bool wrap = true) {
        if (value.empty()) return;
        // Padded before it is styled: escape codes take no columns but count as characters.
        const std::string label = term_.bold(fmt::format("{:<{}}", name, kLabelWidth)) + " ";
        // Ids, URLs and paths stay on one line, whole, to be copied.
        if (!wrap) out += label + terminal_text(value) + "\n";
        else out += wrapped(terminal_text(value), width, label, indent, [](std::string_view s) { return std::string(s); });
    };
    line("id", d.id, false);
    line("title", d.title);
    line("date", d.date);
    line("authors", fmt::format("{}", fmt::join(d.authors, "; ")));
    line("lang", d.lang);
    line("type", d.type);
    line("tags", fmt::format("{}", fmt::join(d.tags, "; ")));
    line("url", d.url, false);
    for (const auto& [name, value] : publication_fields(d)) line(name, *value);
    line("source", d.source, false);
    line("format", d.format);
    if (!d.extra.empty()) line("extra", dump_line(d.extra), false);
    // Paragraphs keep their line breaks, each wrapped on its own; everything else a terminal
    // would obey is shown.
    auto paragraphs = [&](const std::string& text) {
        std::istringstream lines(terminal_text(text, TextLayout::MultiLine));
        std::string paragraph, wrapped_text;
        while (std::getline(lines, paragraph))
            wrapped_text += wrapped(paragraph, width, "", "", [](std::string_view s) { return std::string(s); });
        return wrapped_text;
    };
    // Appended piece by piece: "\n" + string trips a false -Wrestrict in GCC 12 at -O3.
    for (const std::string* text : {&d.summary, &d.body}) {
        if (text->empty()) continue;
        out += '\n';
        out += paragraphs(*text);
    }
    return out;
}

}  // namespace kb::cli

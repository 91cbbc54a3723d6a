// kb search: ranked results with highlighted snippets, as text for people or JSON for scripts.
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "option_ranges.h"
#include "render/printer.h"
#include "search/searcher.h"

namespace kb::cli {

namespace {

struct SearchOptions {
    std::vector<std::string> words;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string format = "text";
    std::string sort = "relevance";
    bool facets = false;
    bool exact = false;
    std::size_t snippet_length = 240;
};

int run_search(const SearchOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    Searcher searcher(store);
    SearchRequest request;
    request.query = fmt::format("{}", fmt::join(o.words, " "));
    request.limit = o.limit;
    request.offset = o.offset;
    request.facets = o.facets;
    request.exact = o.exact;
    request.snippet_length = o.snippet_length;
    request.sort = o.sort == "newest" ? SortOrder::DateNewest
                   : o.sort == "oldest" ? SortOrder::DateOldest
                                        : SortOrder::Relevance;
    const std::unique_ptr<Printer> printer = make_printer(output_format(o.format), term);
    SearchResponse response = searcher.search(request);
    std::fputs(printer->search_results(request, response).c_str(), stdout);
    return response.hits.empty() && response.total_estimate == 0 && response.partial_total == 0 ? kExitNoMatch
                                                                                                : kExitOk;
}

}  // namespace

void register_search(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<SearchOptions>();
    CLI::App* cmd = app.add_subcommand("search", "Search the index: ranked results with highlighted snippets");
    cmd->add_option("query", o->words, "The query; several words are joined (quote phrases for the shell)")
        ->type_name("QUERY...");
    cmd->add_option("-n,--limit", o->limit, fmt::format("Results per page, 0-{} (kb export has no limit)", kMaxLimit))
        ->check(whole_number(0, kMaxLimit))
        ->capture_default_str();
    cmd->add_option("--offset", o->offset, fmt::format("Skip this many results (for paging), 0-{}", kMaxOffset))
        ->check(whole_number(0, kMaxOffset))
        ->capture_default_str();
    cmd->add_option("--format", o->format, "Output: text, json (one object, versioned), jsonl (one hit per line)")
        ->check(CLI::IsMember({"text", "json", "jsonl"}))
        ->capture_default_str();
    cmd->add_option("--sort", o->sort, "Order: relevance, newest, oldest")
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}))
        ->capture_default_str();
    cmd->add_flag("--facets", o->facets, "Also count all matches by type, language, format and year");
    cmd->add_flag("--exact", o->exact,
                  "Search the words as typed: never replace a query that matches nothing by its spelling correction");
    cmd->add_option("--snippet-length", o->snippet_length,
                    fmt::format("Characters of snippet per result, 0-{}", kMaxSnippetLength))
        ->check(whole_number(0, kMaxSnippetLength))
        ->capture_default_str();
    cmd->footer(
        "\nQuery syntax (case never matters; Dutch and English inflections match both ways):\n"
        "  vrouwen vrede               both words (AND is the default)\n"
        "  vrouwen OR vrede            either word;  NOT, XOR, ( ) as usual;  +word  -word\n"
        "  \"vrouwen in conflictgebieden\"   a phrase, in any inflection;  a NEAR b,  a NEAR/3 b\n"
        "  vred*                       words whose stem starts with vred (not next to NEAR/ADJ;\n"
        "                              at most 1000 words each and 16 wildcards per query)\n"
        "  title:resolutie  author:cordaid   (titel:, auteur:)   words in one field\n"
        "  tag:nap1325  type:report  lang:en  year:2019  format:xml   (trefwoord:, soort:, taal:, jaar:)\n"
        "  date:2016-01-01..2019-12-31  datum:..2010-12-31           date ranges\n\n"
        "Dutch as people type it: accents are optional (coordinatie finds coördinatie), compounds match\n"
        "written apart and together (vrouwen organisaties, vrouwenorganisaties; geweld finds gezinsgeweld),\n"
        "a misspelt word gets a suggestion (\"Bedoelde u\"), and a query that matches nothing is run\n"
        "corrected (--exact turns that off). When few documents have all the words, the best ones with\n"
        "most of the words follow, marked as partial.\n\n"
        "Examples:\n"
        "  kb search vrouwenorganisaties\n"
        "  kb search '\"women human rights defenders\"' --limit 5\n"
        "  kb search 'resolutie AND year:2019' --sort newest --format json | jq '.results[].title'\n"
        "  kb search 'type:report' --facets\n\n"
        "Exit status: 0 with results, 1 when nothing matches, 4 for a query that cannot be parsed.\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_search(*o, ctx); }; });
}

}  // namespace kb::cli

// kb search: ranked results with highlighted snippets, as text for people or JSON for scripts.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "option_ranges.h"
#include "index/schema.h"
#include "render/printer.h"
#include "render/terminal_text.h"
#include "search/searcher.h"
#include "text/date.h"

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
    bool no_collapse = false;
    bool no_synonyms = false;
    bool related = false;
    std::size_t snippet_length = 240;
    // Filters, each the same as its field in the query syntax.
    std::vector<std::string> tags, types, langs, authors;
    std::string since, until;
};

// One value as the query syntax writes it: quoted, so spaces and operators stay part of it
// (tag:"NAP 1325", author:"Anna de Vries"). A quote inside is dropped: no field value needs one.
std::string quoted(const std::string& value) {
    std::string out = "\"";
    for (char c : value)
        if (c != '"') out += c;
    return out + "\"";
}

// The options' filters, written in the query syntax so that they mean exactly what the query
// syntax means: repeated values of one option are joined as the same field repeated (two tags:
// both; two types: either, as the field table says), and each option is a filter of its own.
std::vector<std::string> option_filters(const SearchOptions& o) {
    std::vector<std::string> filters;
    auto add = [&](std::string_view field, const std::vector<std::string>& values) {
        std::string filter;
        for (const auto& v : values) {
            if (!filter.empty()) filter += ' ';
            filter += std::string(field) + ":" + quoted(v);
        }
        if (!filter.empty()) filters.push_back(std::move(filter));
    };
    add(schema::field("tag").name, o.tags);
    add(schema::field("type").name, o.types);
    add(schema::field("lang").name, o.langs);
    add(schema::field("author").name, o.authors);
    if (!o.since.empty() || !o.until.empty())
        filters.push_back(fmt::format("{}:{}..{}", schema::field("date").name, o.since, o.until));
    return filters;
}

// --since and --until take what date: takes at either end of a range.
CLI::Validator date_bound() {
    const std::string forms = "a date: YYYY, YYYY-MM or YYYY-MM-DD";
    return CLI::Validator(
        [forms](std::string& value) -> std::string {
            std::string first, last;
            if (!text::parse_period(value, false, first, last)) return fmt::format("'{}' is not {}", value, forms);
            return {};
        },
        forms);
}

// How many related terms --related lists.
constexpr std::size_t kRelatedTerms = 12;

int run_search(const SearchOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    Searcher searcher(store);
    for (const auto& other : ctx.other_indexes()) searcher.add_index(OtherIndex::parse(other));
    SearchRequest request;
    std::vector<std::string> words;
    for (const auto& word : o.words) {  // minus words come with a leading space (protect_minus_words)
        const std::size_t first = word.find_first_not_of(' ');
        if (first != std::string::npos) words.push_back(word.substr(first));
    }
    request.query = fmt::format("{}", fmt::join(words, " "));
    request.limit = o.limit;
    request.offset = o.offset;
    request.facets = o.facets;
    request.exact = o.exact;
    request.collapse = !o.no_collapse;
    request.snippet_length = o.snippet_length;
    request.filters = option_filters(o);
    request.synonyms = !o.no_synonyms;
    request.related = o.related ? kRelatedTerms : 0;
    request.sort = o.sort == "newest" ? SortOrder::DateNewest
                   : o.sort == "oldest" ? SortOrder::DateOldest
                                        : SortOrder::Relevance;
    const std::unique_ptr<Printer> printer = make_printer(output_format(o.format), term);
    request.facet_values = printer->facet_values_shown();
    SearchResponse response = searcher.search(request);
    std::fputs(printer->search_results(request, response).c_str(), stdout);
    if (!ctx.quiet)
        for (const auto& note : response.notes) std::fprintf(stderr, "kb: note: %s\n", terminal_text(note).c_str());
    return response.hits.empty() && response.total_estimate == 0 && response.partial_total == 0 ? kExitNoMatch
                                                                                                : kExitOk;
}

// The option `name` ("-n", "--limit") of `cmd` or, as kb falls through, of kb itself.
const CLI::Option* known_option(const CLI::App& app, const CLI::App& cmd, const std::string& name) {
    if (const CLI::Option* o = cmd.get_option_no_throw(name)) return o;
    return app.get_option_no_throw(name);
}

bool takes_value(const CLI::Option* option) { return option && option->get_expected_min() > 0; }
// An option whose value is a number: its default is one (-n 10).
bool takes_number(const CLI::Option* option) {
    const std::string value = option->get_default_str();
    return !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<std::string> protect_minus_words(const CLI::App& app, std::vector<std::string> args) {
    const CLI::App* cmd = nullptr;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") break;
        if (!cmd) {
            if (arg.size() > 1 && arg[0] == '-') {
                // kb's own options before the subcommand: skip the value of one that takes it.
                const bool long_option = arg[1] == '-';
                if (arg.find('=') == std::string::npos && (long_option || arg.size() == 2) &&
                    takes_value(app.get_option_no_throw(arg)))
                    ++i;
                continue;
            }
            if (arg != "search" && arg != "export") return args;
            cmd = app.get_subcommand(arg);  // both are registered
            continue;
        }
        if (arg.size() < 2 || arg[0] != '-') continue;
        if (arg[1] == '-') {  // a long option: skip its value
            if (arg.find('=') == std::string::npos && takes_value(known_option(app, *cmd, arg))) ++i;
            continue;
        }
        const CLI::Option* option = known_option(app, *cmd, arg.substr(0, 2));
        // -nederland is no -n with the value "ederland": -n takes a number, so a letter after it
        // makes the whole a word the query excludes.
        const bool word_after_number_option = option && arg.size() > 2 && takes_value(option) &&
                                              takes_number(option) && !std::isdigit(static_cast<unsigned char>(arg[2]));
        if (option && !word_after_number_option) {
            if (arg.size() == 2 && takes_value(option)) ++i;
            continue;
        }
        // Not an option: a word the query excludes. A leading space keeps CLI11 from reading it as
        // an option; the query is split on spaces anyway.
        args[i] = " " + arg;
    }
    return args;
}

void register_search(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<SearchOptions>();
    CLI::App* cmd = app.add_subcommand("search", "Search the index: ranked results with highlighted snippets");
    if (!ctx.adds_options(*cmd)) return;
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
    cmd->add_option("--tag", o->tags, "Only documents with this tag; repeated: with all of them (as tag:a tag:b)")
        ->type_name("TAG");
    cmd->add_option("--type", o->types, "Only documents of this type; repeated: of any of them (as type:a type:b)")
        ->type_name("TYPE");
    cmd->add_option("--lang", o->langs, "Only documents in this language (nl, en); repeated: any of them")
        ->type_name("LANG");
    cmd->add_option("--author", o->authors,
                    "Only documents whose authors include these words, in this order (as author:\"...\"); "
                    "repeated: all of them")
        ->type_name("NAME");
    cmd->add_option("--since", o->since, "Only documents dated in or after this year, month or day (as date:SINCE..)")
        ->check(date_bound())
        ->type_name("DATE");
    cmd->add_option("--until", o->until, "Only documents dated in or before this year, month or day (as date:..UNTIL)")
        ->check(date_bound())
        ->type_name("DATE");
    cmd->add_flag("--facets", o->facets, "Also count all matches by author, tag, type, language, format and year");
    cmd->add_flag("--exact", o->exact,
                  "Search the words as typed: never replace a query that matches nothing by its spelling "
                  "correction, nor look for a compound the index lacks under the word one letter away");
    cmd->add_flag("--no-collapse", o->no_collapse,
                  "List near-duplicates (the same canonical URL, or the same text) as hits of their own, "
                  "not as \"+N vergelijkbaar\" on one");
    cmd->add_flag("--no-synonyms", o->no_synonyms,
                  "Search the words only, not their synonyms (see kb synonyms list)");
    cmd->add_flag("--related", o->related,
                  "Also list words that the best hits use often and the rest of the index less");
    cmd->add_option("--snippet-length", o->snippet_length,
                    fmt::format("Characters of snippet per result, 0-{}", kMaxSnippetLength))
        ->check(whole_number(0, kMaxSnippetLength))
        ->capture_default_str();
    cmd->footer(
        "\nQuery syntax (case never matters; Dutch and English inflections match both ways):\n"
        "  vrouwen vrede               both words (AND is the default)\n"
        "  vrouwen OR vrede            either word;  NOT, XOR, ( ) as usual;  +word  -word\n"
        "  vrouwen EN vrede            Dutch operators EN, OF, NIET (capitals) work like AND, OR, NOT\n"
        "  \"vrouwen in conflictgebieden\"   a phrase, in any inflection;  a NEAR b,  a NEAR/3 b\n"
        "  vred*                       words whose stem starts with vred (not next to NEAR/ADJ;\n"
        "                              at most 1000 words each and 16 wildcards per query)\n"
        "  title:resolutie  author:cordaid   (titel:, auteur:)   words in one field\n"
        "  tag:nap1325  type:report  lang:en  format:xml   (trefwoord:, soort:, taal:, formaat:)\n"
        "  year:2019  year:2015..2019  jaar:2015..  year:..2019   whole years\n"
        "  date:2019-03  datum:2019-03-01..2019-06-30  date:2015..2019   a year or month is the\n"
        "                              whole period; ranges include both ends\n"
        "  tag:a tag:b                 both tags (several-valued fields: tag, author)\n"
        "  type:a type:b               either type (one-valued: type, lang, format, source, year, date)\n\n"
        "Dutch as people type it: accents are optional (coordinatie finds coördinatie), compounds match\n"
        "written apart and together (vrouwen organisaties, vrouwenorganisaties; geweld finds gezinsgeweld),\n"
        "a misspelt word gets a suggestion (\"Bedoelde u\"), and a query that matches nothing is run\n"
        "corrected (--exact turns that off). When few documents have all the words, the best ones with\n"
        "most of the words follow, marked as partial.\n\n"
        "Examples:\n"
        "  kb search vrouwenorganisaties\n"
        "  kb search '\"women human rights defenders\"' --limit 5\n"
        "  kb search 'resolutie AND year:2019' --sort newest --format json | jq '.results[].title'\n"
        "  kb search 'type:report' --facets\n"
        "  kb search vrouwen -geweld --tag nap1325 --since 2015 --until 2019-06\n\n"
        "Exit status: 0 with results (also for a page past the last one), 1 when nothing matches,\n"
        "4 for a query that cannot be parsed or a date form kb does not support.\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_search(*o, ctx); }; });
}

}  // namespace kb::cli

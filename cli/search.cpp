// kb search: ranked results with highlighted snippets, as text for people or JSON for scripts.
#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "option_ranges.h"
#include "render/json_output.h"
#include "render/terminal_text.h"
#include "index/schema.h"
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

std::string highlighted(const Terminal& term, const SearchHit& hit) {
    std::string out;
    std::size_t pos = 0;
    for (const auto& h : hit.highlights) {
        if (h.begin < pos || h.end > hit.snippet.size()) continue;
        out += terminal_text(hit.snippet.substr(pos, h.begin - pos));
        out += term.highlight(hit.snippet.substr(h.begin, h.end - h.begin));
        pos = h.end;
    }
    out += terminal_text(hit.snippet.substr(pos));
    return out;
}

// The facets as a compact block: one line per field (in the field table's order), its most
// frequent values first; the rest are counted, and listed by --format json.
std::string facet_block(const Terminal& term, const SearchResponse& response) {
    constexpr std::size_t kShown = 8;
    std::string out = "\n" + term.bold(fmt::format("Facets (all {} matches)", response.total_estimate)) + "\n";
    for (const auto& field : schema::kFields) {
        const auto it = response.facets.find(std::string(field.name));
        if (it == response.facets.end()) continue;
        std::vector<std::pair<std::string, std::uint64_t>> values(it->second.begin(), it->second.end());
        std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::vector<std::string> parts;
        for (std::size_t i = 0; i < values.size() && i < kShown; ++i)
            parts.push_back(fmt::format("{} {}", terminal_text(values[i].first), values[i].second));
        if (values.size() > kShown) parts.push_back(term.dim(fmt::format("+{} more", values.size() - kShown)));
        if (parts.empty()) parts.push_back("-");
        out += fmt::format("  {} {}\n", term.bold(fmt::format("{:<7}", field.name)), fmt::join(parts, " · "));
    }
    return out;
}

// Every piece of document text goes through terminal_text(), directly or inside a Terminal style.
void print_text(const Terminal& term, const SearchRequest& request, const SearchResponse& response) {
    std::string out;
    if (response.corrected) {
        out += fmt::format("Resultaten voor '{}'; zoek in plaats daarvan naar '{}' met --exact.\n\n",
                           term.bold(response.suggestion), terminal_text(request.query));
    } else if (!response.suggestion.empty()) {
        out += fmt::format("Bedoelde u: {}?\n\n", term.bold(response.suggestion));
    }
    if (response.hits.empty() && (response.total_estimate > 0 || response.partial_total > 0)) {
        // --offset went past the last hit: the query did match (exit 0).
        out += fmt::format("No results on this page ({} in total; --offset {} skips them all).\n",
                           response.total_estimate > 0 ? response.total_estimate : response.partial_total,
                           request.offset);
    } else if (response.hits.empty()) {
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
        std::vector<std::string> meta;
        if (!d.date.empty()) meta.push_back(d.date);
        if (!d.type.empty()) meta.push_back(d.type);
        if (!d.lang.empty()) meta.push_back(d.lang);
        if (!d.authors.empty()) meta.push_back(fmt::format("{}", fmt::join(d.authors, ", ")));
        meta.push_back(d.source);
        out += "    " + term.dim(fmt::format("{}", fmt::join(meta, " · "))) + "\n";
        if (!d.url.empty() && d.url != d.source) out += "    " + term.dim(d.url) + "\n";
        if (!hit.snippet.empty()) out += "    " + highlighted(term, hit) + "\n";
        out += "\n";
    }
    if (request.related > 0 && !response.related.empty()) {
        std::vector<std::string> words;
        for (const auto& r : response.related) words.push_back(terminal_text(r.word));
        out += fmt::format("{} {}\n", term.bold("Related terms:"), fmt::join(words, ", "));
    }
    if (request.facets) out += facet_block(term, response);
    std::fputs(out.c_str(), stdout);
}

int run_search(const SearchOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    Searcher searcher(store);
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
    request.snippet_length = o.snippet_length;
    request.filters = option_filters(o);
    request.synonyms = !o.no_synonyms;
    request.related = o.related ? kRelatedTerms : 0;
    request.sort = o.sort == "newest" ? SortOrder::DateNewest
                   : o.sort == "oldest" ? SortOrder::DateOldest
                                        : SortOrder::Relevance;
    SearchResponse response = searcher.search(request);
    if (o.format == "json") {
        std::puts(dump_line(response_to_json(request, response)).c_str());
    } else if (o.format == "jsonl") {
        for (const auto& hit : response.hits) std::puts(dump_line(hit_to_json(hit)).c_str());
    } else {
        print_text(term, request, response);
    }
    return response.hits.empty() && response.total_estimate == 0 && response.partial_total == 0 ? kExitNoMatch
                                                                                                : kExitOk;
}

// The option `name` ("-n", "--limit") of `cmd` or, as kb falls through, of kb itself.
const CLI::Option* known_option(const CLI::App& app, const CLI::App& cmd, const std::string& name) {
    if (const CLI::Option* o = cmd.get_option_no_throw(name)) return o;
    return app.get_option_no_throw(name);
}

bool takes_value(const CLI::Option* option) { return option && option->get_expected_min() > 0; }

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
        if (option) {
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
                  "Search the words as typed: never replace a query that matches nothing by its spelling correction");
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

// kb synonyms list|add|remove: the thesaurus that searches expand through (kb's own groups and
// the knowledge base's synonyms.txt).
#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "render/json_output.h"
#include "render/terminal_text.h"
#include "search/thesaurus.h"

namespace kb::cli {

namespace {

struct SynonymsOptions {
    std::string format = "text";
    std::vector<std::string> terms;
    double wait = 10;
};

std::string joined(const SynonymGroup& group) {
    std::string line;
    for (const auto& term : group.terms) line += (line.empty() ? "" : ", ") + term;
    return line;
}

int run_list(const SynonymsOptions& o, Context& ctx) {
    const IndexStore store = ctx.store();
    const auto file = synonyms_file(store.root());
    const Thesaurus thesaurus = Thesaurus::load(file);
    if (o.format == "json") {
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& g : thesaurus.groups())
            groups.push_back({{"terms", g.terms}, {"origin", g.shipped ? "kb" : "user"}});
        std::puts(dump_line({{"kb_format_version", kJsonFormatVersion}, {"file", file.string()}, {"groups", groups}})
                      .c_str());
        return kExitOk;
    }
    const Terminal term = ctx.terminal();
    std::string out = term.bold("Shipped with kb:") + "\n";
    std::string mine;
    for (const auto& g : thesaurus.groups())
        (g.shipped ? out : mine) += "  " + terminal_text(joined(g)) + "\n";
    out += "\n" + term.bold(fmt::format("Yours ({}):", terminal_text(file.string()))) + "\n";
    out += mine.empty() ? "  (none yet: kb synonyms add TERM TERM...)\n" : mine;
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

int run_add(const SynonymsOptions& o, Context& ctx) {
    for (const auto& t : o.terms) {
        if (t.find(',') != std::string::npos)
            throw Error(fmt::format("'{}': a term cannot hold a comma (the file separates terms with commas); give "
                                    "each term as its own argument",
                                    t));
        // The file holds a group a line, and a line starting with # is a comment: a line break
        // would split the group (and leave a file every search then refuses), a leading # would
        // hide it. (Neither is searched: a query's words never hold them.)
        if (std::any_of(t.begin(), t.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
            throw Error(fmt::format("'{}': a term cannot hold a line break, tab or other control character", t));
        if (const auto first = t.find_first_not_of(' '); first != std::string::npos && t[first] == '#')
            throw Error(fmt::format("'{}': a term cannot start with # (in the synonyms file that starts a comment); "
                                    "give it without the #, which no search matches anyway",
                                    t));
        if (synonym_key(t).empty()) throw Error(fmt::format("'{}' has no letters or digits to match", t));
    }
    const IndexStore store = ctx.store();
    WriteLock lock(store, o.wait);  // two adds at once must not lose one of them
    const auto file = synonyms_file(store.root());
    std::error_code ec;
    std::vector<SynonymGroup> groups;
    if (std::filesystem::exists(file, ec)) groups = read_synonym_file(file);
    const SynonymGroup group = add_synonym_group(groups, o.terms);
    if (group.terms.size() < 2)
        throw Error("a group needs at least two different terms: kb synonyms add UN \"United Nations\"");
    try {
        write_synonym_file(file, groups);
    } catch (const FileError& e) {
        throw OutputError(fmt::format("cannot write the synonyms file: {}", e.what()));
    }
    if (!ctx.quiet)
        std::fputs(fmt::format("kb: synonyms: {} (in {})\n", terminal_text(joined(group)), terminal_text(file.string()))
                       .c_str(),
                   stderr);
    return kExitOk;
}

int run_remove(const SynonymsOptions& o, Context& ctx) {
    const IndexStore store = ctx.store();
    WriteLock lock(store, o.wait);
    const auto file = synonyms_file(store.root());
    std::error_code ec;
    std::vector<SynonymGroup> groups;
    if (std::filesystem::exists(file, ec)) groups = read_synonym_file(file);
    std::vector<std::string> missing;
    for (const auto& t : o.terms)
        if (!remove_synonym(groups, t)) missing.push_back(t);
    if (missing.size() < o.terms.size()) {
        try {
            write_synonym_file(file, groups);
        } catch (const FileError& e) {
            throw OutputError(fmt::format("cannot write the synonyms file: {}", e.what()));
        }
    }
    if (!missing.empty())
        throw NotFoundError(fmt::format("not in your synonyms file {}: {} (kb's own groups cannot be removed; "
                                        "search with --no-synonyms to do without them)",
                                        file.string(), fmt::join(missing, ", ")));
    return kExitOk;
}

}  // namespace

void register_synonyms(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<SynonymsOptions>();
    CLI::App* cmd = app.add_subcommand("synonyms", "List, add or remove the synonyms that searches expand through");
    if (!ctx.adds_options(*cmd)) return;
    cmd->require_subcommand(1);
    CLI::App* list = cmd->add_subcommand("list", "Show kb's own synonym groups and yours");
    list->add_option("--format", o->format, "Output: text, json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    CLI::App* add = cmd->add_subcommand("add", "Add a group of terms that mean the same (merged with a group "
                                               "that has one of them)");
    add->add_option("terms", o->terms, "Two or more terms; quote a phrase: UN \"Verenigde Naties\"")
        ->required()
        ->type_name("TERM...");
    CLI::App* remove = cmd->add_subcommand("remove", "Take terms out of your groups");
    remove->add_option("terms", o->terms, "Terms to take out")->required()->type_name("TERM...");
    for (CLI::App* sub : {add, remove})
        sub->add_option("--wait", o->wait, "Seconds to wait for another writer, 0-86400")
            ->check(CLI::Range(0.0, 86400.0))
            ->capture_default_str();
    cmd->footer(
        "\nA search for any term of a group also finds the others; terms of several words are searched\n"
        "as phrases, and a word typed with + or -, after a field name or with a wildcard is left as typed.\n"
        "Your groups live in synonyms.txt in the index folder (one group a line, terms separated by\n"
        "commas, # for comments; edit it by hand if you like); `kb rebuild` keeps it.\n\n"
        "Examples:\n"
        "  kb synonyms add GBV \"gender-based violence\" gendergerelateerd-geweld\n"
        "  kb synonyms remove GBV\n"
        "  kb search UN --no-synonyms\n");
    list->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_list(*o, ctx); }; });
    add->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_add(*o, ctx); }; });
    remove->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_remove(*o, ctx); }; });
}

}  // namespace kb::cli

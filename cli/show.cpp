// kb show: one stored document, without needing its source file.
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "render/json_output.h"
#include "render/pager.h"
#include "render/terminal_text.h"
#include "search/searcher.h"

namespace kb::cli {

namespace {

struct ShowOptions {
    std::string reference;
    std::string format = "text";
    bool no_pager = false;
};

int run_show(const ShowOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    Searcher searcher(store);
    const FoundDocument found = searcher.find(o.reference, std::filesystem::current_path());
    const Document& d = found.doc;
    // Which of id, URL or path matched: a path can name another document than the reader expected.
    if (!ctx.quiet) print_note(fmt::format("showing {} (matched by {})", d.id, describe(found.matched_by)));
    if (o.format == "json") {
        std::puts(dump_line(to_json(d)).c_str());
        return kExitOk;
    }
    std::string out;
    auto line = [&](const char* name, const std::string& value) {
        // Padded before it is styled: escape codes take no columns but count as characters.
        if (!value.empty()) out += fmt::format("{} {}\n", term.bold(fmt::format("{:<9}", name)), terminal_text(value));
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
    print_paged(out, !o.no_pager);
    return kExitOk;
}

}  // namespace

void register_show(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ShowOptions>();
    CLI::App* cmd = app.add_subcommand("show", "Print one document as stored in the index");
    cmd->add_option("document", o->reference,
                    "An id (as search prints it), a URL, or a source path (PATH#N: a record without an id)")
        ->required();
    cmd->add_option("--format", o->format, "text or json (the stored record)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->add_flag("--no-pager", o->no_pager, "Print straight to the terminal (the pager is $PAGER, else less -FRX)");
    cmd->footer(
        "\nOn a terminal the text goes through a pager; piped, it never does. Which of id, URL or path\n"
        "matched is said on stderr. A URL or path that names several documents is exit 2, listing them.\n\n"
        "Examples:\n"
        "  kb show https://www.example.org/nap1325/nap-iv --format json\n"
        "  kb show corpus/json/nieuwsberichten.jsonl#2\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_show(*o, ctx); }; });
}

}  // namespace kb::cli

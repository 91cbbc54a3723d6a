// kb show: one stored document, without needing its source file.
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "render/pager.h"
#include "render/printer.h"
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
    // Said only when it was not the id: a script that shows by id keeps a quiet stderr.
    if (!ctx.quiet && found.matched_by != ReferenceKind::Id) print_note(fmt::format("showing {} (matched by {})", d.id, describe(found.matched_by)));
    const std::unique_ptr<Printer> printer = make_printer(output_format(o.format), term);
    // Only text is for reading; a script that asks for JSON gets it straight.
    print_paged(printer->document(d), !o.no_pager && o.format == "text");
    return kExitOk;
}

}  // namespace

void register_show(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ShowOptions>();
    CLI::App* cmd = app.add_subcommand("show", "Print one document as stored in the index");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("document", o->reference,
                    "An id (as search prints it), a URL, or a source path (PATH#N: the Nth document of a file)")
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

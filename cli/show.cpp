// kb show: one stored document, without needing its source file.
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "render/json_output.h"
#include "render/terminal_text.h"
#include "search/searcher.h"

namespace kb::cli {

namespace {

struct ShowOptions {
    std::string id;
    std::string format = "text";
};

int run_show(const ShowOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    Searcher searcher(store);
    const Document d = searcher.get(o.id);
    if (o.format == "json") {
        std::puts(dump_line(to_json(d)).c_str());
        return kExitOk;
    }
    std::string out;
    auto line = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += fmt::format("{:<9} {}\n", term.bold(name), terminal_text(value));
    };
    line("id", d.id);
    line("title", d.title);
    line("date", d.date);
    line("authors", fmt::format("{}", fmt::join(d.authors, "; ")));
    line("lang", d.lang);
    line("type", d.type);
    line("tags", fmt::format("{}", fmt::join(d.tags, "; ")));
    line("url", d.url);
    for (const auto& [name, value] : publication_fields(d)) line(name, *value);
    line("source", d.source);
    line("format", d.format);
    if (!d.extra.empty()) line("extra", dump_line(d.extra));
    // Paragraphs keep their line breaks; everything else a terminal would obey is shown.
    if (!d.summary.empty()) out += "\n" + terminal_text(d.summary, TextLayout::MultiLine) + "\n";
    if (!d.body.empty()) out += "\n" + terminal_text(d.body, TextLayout::MultiLine) + "\n";
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

}  // namespace

void register_show(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ShowOptions>();
    CLI::App* cmd = app.add_subcommand("show", "Print one document as stored in the index");
    cmd->add_option("id", o->id, "The document id (as printed by search --format json or export)")->required();
    cmd->add_option("--format", o->format, "text or json (the stored record)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer("\nExample:\n  kb show https://www.example.org/nap1325/nap-iv --format json\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_show(*o, ctx); }; });
}

}  // namespace kb::cli

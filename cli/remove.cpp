// kb remove: delete documents by id, or those whose source files have disappeared.
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "index/writer.h"

namespace kb::cli {

namespace {

struct RemoveOptions {
    std::vector<std::string> ids;
    bool missing = false;
    bool dry_run = false;
    double wait = 5.0;
};

int run_remove(const RemoveOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    if (!store.exists()) store.open_for_reading();  // throws the "no index" message
    WriterOptions wopts;
    wopts.wait_seconds = o.wait;
    wopts.dry_run = o.dry_run;
    IndexWriter writer(store, wopts);
    std::uint64_t removed = 0, unknown = 0;
    for (const auto& id : o.ids) {
        if (writer.remove(id)) {
            ++removed;
        } else {
            ++unknown;
            print_warning(term, fmt::format("no document with id '{}'", id));
        }
    }
    if (o.missing) {
        for (const auto& source : writer.sources()) {
            if (source == "-" || std::filesystem::exists(source)) continue;
            for (const auto& id : writer.ids_from_source(source))
                if (writer.remove(id)) ++removed;
        }
    }
    writer.commit();
    if (!ctx.quiet)
        std::fputs(fmt::format("kb: {}removed {} documents\n", o.dry_run ? "dry run, would have " : "", removed).c_str(),
                   stderr);
    return removed == 0 && unknown > 0 ? kExitNoMatch : kExitOk;
}

}  // namespace

void register_remove(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<RemoveOptions>();
    CLI::App* cmd = app.add_subcommand("remove", "Delete documents by id, or those whose files are gone");
    cmd->add_option("ids", o->ids, "Ids of the documents to delete")->type_name("ID...");
    cmd->add_flag("--missing", o->missing, "Delete every document whose source file no longer exists");
    cmd->add_flag("-n,--dry-run", o->dry_run, "Report what would be removed; write nothing");
    cmd->add_option("--wait", o->wait, "Seconds to wait for another writer (then exit 75)")->capture_default_str();
    cmd->footer("\nExamples:\n  kb remove https://www.example.org/old-page\n  kb remove --missing\n");
    cmd->callback([o, &ctx] {
        if (o->ids.empty() && !o->missing) throw CLI::ValidationError("remove", "give document ids or --missing");
        ctx.action = [o, &ctx] { return run_remove(*o, ctx); };
    });
}

}  // namespace kb::cli

// kb remove: delete documents by id, or those whose source files have disappeared.
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "index/sources.h"
#include "index/writer.h"
#include "ingest/ingester.h"
#include "option_ranges.h"

namespace kb::cli {

namespace {

struct RemoveOptions {
    std::vector<std::string> ids;
    bool missing = false;
    std::vector<std::string> forget;  // --source PATH
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
    std::uint64_t forgotten = 0;
    if (o.missing) {
        // The same rule as rebuild and --prune: documents read from a file that is missing now.
        for (const auto& source : writer.sources()) {
            if (!source_is_gone(writer.database(), source)) continue;
            for (const auto& id : writer.ids_from_source(source))
                if (writer.remove(id)) ++removed;
        }
        // Recorded folders and files that are missing are forgotten too, so rebuild stops asking.
        for (const auto& s : read_sources(writer.database())) {
            if (s.kind == Source::Kind::Stream || probe_path(s.path).kind != PathState::Missing) continue;
            if (!o.dry_run) forget_source(writer.database(), s);
            ++forgotten;
            if (!ctx.quiet) print_warning(term, fmt::format("forgetting the missing {} {}", kind_name(s.kind), s.path));
        }
    }
    for (const auto& raw : o.forget) {
        // Forgetting a source removes it from the table and every document read from it or below it.
        const std::string path = Ingester::normalize_source(raw);
        bool known = false;
        for (const auto& s : read_sources(writer.database())) {
            if (s.path != path) continue;
            known = true;
            if (!o.dry_run) forget_source(writer.database(), s);
            ++forgotten;
        }
        for (const auto& source : writer.sources()) {
            if (!path_is_under(source, path)) continue;
            known = true;
            for (const auto& id : writer.ids_from_source(source))
                if (writer.remove(id)) ++removed;
        }
        if (!known) {
            ++unknown;
            print_warning(term, fmt::format("no source and no documents at '{}' (see `kb stats` for the sources)", raw));
        }
    }
    writer.finish();
    if (!ctx.quiet)
        print_note(fmt::format("{}removed {} documents{}", o.dry_run ? "dry run, would have " : "", removed,
                               forgotten ? fmt::format(", forgot {} sources", forgotten) : std::string()));
    return removed == 0 && unknown > 0 ? kExitNoMatch : kExitOk;
}

}  // namespace

void register_remove(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<RemoveOptions>();
    CLI::App* cmd = app.add_subcommand("remove", "Delete documents by id, or those whose files are gone");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("ids", o->ids, "Ids of the documents to delete")->type_name("ID...");
    cmd->add_flag("--missing", o->missing,
                  "Delete every document read from a file that no longer exists, and forget recorded folders and "
                  "files that no longer exist");
    cmd->add_option("--source", o->forget,
                    "Forget a recorded folder or file (see `kb stats`) and delete every document read from it "
                    "(repeatable)")
        ->type_name("PATH");
    cmd->add_flag("-n,--dry-run", o->dry_run, "Report what would be removed; write nothing");
    cmd->add_option("--wait", o->wait, fmt::format("Seconds to wait for another writer (then exit 75), 0-{}", kMaxWaitSeconds))
        ->check(decimal_number(0, kMaxWaitSeconds))
        ->capture_default_str();
    cmd->footer(
        "\nExamples:\n  kb remove https://www.example.org/old-page\n  kb remove --missing\n"
        "  kb remove --source /mnt/share/old-reports     a source that is gone for good (rebuild stops otherwise)\n\n"
        "Documents from stdin and records restored from an export have no file behind them: --missing\n"
        "never removes them.\n");
    cmd->callback([o, &ctx] {
        if (o->ids.empty() && !o->missing && o->forget.empty())
            throw CLI::ValidationError("remove", "give document ids, --missing or --source PATH");
        ctx.action = [o, &ctx] { return run_remove(*o, ctx); };
    });
}

}  // namespace kb::cli

// kb rebuild: rebuild the whole index from its sources aside, then swap it in atomically.
#include <chrono>
#include <cstdio>
#include <cmath>
#include <fmt/format.h>
#include <thread>

#include "commands.h"
#include "exit_codes.h"
#include "ingest/rebuild.h"
#include "render/json_output.h"
#include "render/ingest_reporter.h"

namespace kb::cli {

namespace {

struct RebuildCliOptions {
    std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
    std::size_t batch = 1000;
    bool compact = false;
    double wait = 5.0;
    bool progress = false;
    std::string report = "text";
};

int run_rebuild(const RebuildCliOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    RebuildOptions options;
    options.jobs = std::max<std::size_t>(1, o.jobs);
    options.batch = std::max<std::size_t>(1, o.batch);
    options.compact = o.compact;
    options.wait_seconds = o.wait;
    IngestReporter observer(term, ctx.quiet, o.progress || term.stderr_is_tty());
    const auto started = std::chrono::steady_clock::now();
    const RebuildSummary s = rebuild_index(store, options, observer);
    observer.done();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (o.report == "json") {

        std::puts(dump_line({{"kb_format_version", kJsonFormatVersion},
                             {"command", "rebuild"},
                             {"index", store.root().string()},
                             {"database", s.database.string()},
                             {"documents_before", s.documents_before},
                             {"documents_after", s.documents_after},
                             {"from_files", s.counts.documents() - s.from_records},
                             {"from_records", s.from_records},
                             {"dropped", s.dropped},
                             {"skipped", s.counts.skipped},
                             {"failed", s.counts.failed},
                             {"stale_removed", s.stale_removed},
                             {"compacted", o.compact},
                             {"elapsed_seconds", std::round(elapsed * 1000) / 1000},
                             {"failures", observer.failures_json()}})
                      .c_str());
    }
    if (!ctx.quiet)
        std::fputs(fmt::format("kb: rebuilt {} documents ({} before; {} from files, {} from stored records, {} dropped "
                               "because their files are gone, {} failed) in {:.1f} s{}\n",
                               s.documents_after, s.documents_before, s.counts.documents() - s.from_records,
                               s.from_records, s.dropped, s.counts.failed, elapsed, o.compact ? ", compacted" : "")
                       .c_str(),
                   stderr);
    return s.counts.failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void register_rebuild(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<RebuildCliOptions>();
    CLI::App* cmd = app.add_subcommand("rebuild", "Rebuild the whole index from its sources, then swap it in atomically");
    cmd->add_option("-j,--jobs", o->jobs, "Threads: extraction, and shards written in parallel")->capture_default_str();
    cmd->add_option("--batch", o->batch, "Documents per shard commit")->capture_default_str();
    cmd->add_flag("--compact", o->compact, "Compact the new index (smaller and faster to search)");
    cmd->add_option("--wait", o->wait, "Seconds to wait for another writer before giving up (exit 75)")
        ->capture_default_str();
    cmd->add_flag("--progress", o->progress, "Show progress on stderr even when it is not a terminal");
    cmd->add_option("--report", o->report, "Final report: text (stderr) or json (stdout)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer(
        "\nThe sources are the folders given to `kb add` (walked again, with the options they were added\n"
        "with: new files come in, deleted ones drop out), the files added one by one, and the stored\n"
        "records of documents that came from stdin. The new index is built beside the live one; searches\n"
        "keep using the old one until a single rename switches them over. If the rebuild is interrupted\n"
        "(even by kill -9), the old index keeps serving and the next rebuild removes the leftovers.\n"
        "Rebuilding is also how an index made with other analysis settings is upgraded.\n\n"
        "Examples:\n"
        "  kb rebuild --compact\n"
        "  30 2 * * *  kb --index /srv/kb/index rebuild --compact --quiet --wait 600\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_rebuild(*o, ctx); }; });
}

}  // namespace kb::cli

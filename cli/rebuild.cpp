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
#include "option_ranges.h"

namespace kb::cli {

namespace {

struct RebuildCliOptions {
    std::size_t jobs = default_jobs();
    std::size_t batch = 1000;
    bool compact = false;
    double wait = 5.0;
    double max_drop_percent = 10;
    bool allow_drop = false;
    bool progress = false;
    std::string report = "text";
};

nlohmann::json dropped_json(const RebuildSummary& s) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : s.dropped_by_source) out.push_back({{"source", d.source}, {"reason", d.reason}, {"count", d.count}});
    return out;
}

nlohmann::json problems_json(const RebuildSummary& s) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : s.source_problems)
        out.push_back({{"path", p.path}, {"kind", p.kind}, {"state", p.state}, {"reason", p.reason}});
    return out;
}

int run_rebuild(const RebuildCliOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    RebuildOptions options;
    options.jobs = std::max<std::size_t>(1, o.jobs);
    options.batch = std::max<std::size_t>(1, o.batch);
    options.compact = o.compact;
    options.wait_seconds = o.wait;
    options.max_drop = o.max_drop_percent / 100.0;
    options.allow_drop = o.allow_drop;
    IngestReporter observer(term, ctx.quiet, o.progress || term.stderr_is_tty());
    const auto started = std::chrono::steady_clock::now();
    const RebuildSummary s = rebuild_index(store, options, observer);
    observer.done();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (o.report == "json") {
        std::puts(dump_line({{"kb_format_version", kJsonFormatVersion},
                             {"command", "rebuild"},
                             {"index", store.root().string()},
                             {"started_at", s.started_at},
                             {"finished_at", s.finished_at},
                             {"refused", s.refused},
                             {"refusal", s.refusal},
                             {"database", s.database.string()},
                             {"documents_before", s.documents_before},
                             {"documents_after", s.refused ? s.documents_before : s.documents_after},
                             {"from_files", s.counts.documents() - s.from_records},
                             {"from_records", s.from_records},
                             {"kept_from_failed", s.kept_from_failed},
                             {"dropped", s.dropped},
                             {"dropped_by_source", dropped_json(s)},
                             {"source_problems", problems_json(s)},
                             {"forgotten_sources", s.forgotten_sources},
                             {"skipped", s.counts.skipped},
                             {"failed", s.counts.failed},
                             {"stale_removed", s.stale_removed},
                             {"compacted", o.compact && !s.refused},
                             {"elapsed_seconds", std::round(elapsed * 1000) / 1000},
                             {"failures", observer.failures_json()}})
                      .c_str());
    }
    if (s.refused) {
        print_error(term, s.refusal);
        return kExitWouldDrop;
    }
    if (!ctx.quiet) {
        for (const auto& path : s.forgotten_sources)
            print_warning(term, fmt::format("forgot the missing source {} and dropped its documents (--allow-drop)", path));
        print_note(fmt::format("rebuilt {} documents ({} before; {} from files, {} from stored records, {} dropped "
                               "because they are gone, {} failed) in {:.1f} s{}",
                               s.documents_after, s.documents_before, s.counts.documents() - s.from_records,
                               s.from_records, s.dropped, s.counts.failed, elapsed, o.compact ? ", compacted" : ""));
    }
    return s.counts.failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void register_rebuild(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<RebuildCliOptions>();
    CLI::App* cmd = app.add_subcommand("rebuild", "Rebuild the whole index from its sources, then swap it in atomically");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("-j,--jobs", o->jobs,
                    fmt::format("Threads: extraction, and shards written in parallel, 1-{} (4 per core; default: one "
                                "per core)",
                                max_jobs()))
        ->check(whole_number(1, max_jobs()))
        ->capture_default_str();
    cmd->add_option("--batch", o->batch, fmt::format("Documents per shard commit, 1-{}", kMaxBatch))
        ->check(whole_number(1, kMaxBatch))
        ->capture_default_str();
    cmd->add_flag("--compact", o->compact, "Compact the new index (smaller and faster to search)");
    cmd->add_option("--wait", o->wait,
                    fmt::format("Seconds to wait for another writer before giving up (exit 75), 0-{}", kMaxWaitSeconds))
        ->check(decimal_number(0, kMaxWaitSeconds))
        ->capture_default_str();
    cmd->add_option("--max-drop", o->max_drop_percent,
                    "Stop before the swap (exit 6) if more than this percentage of the documents would be dropped")
        ->check(decimal_number(0, 100))
        ->type_name("PERCENT")
        ->capture_default_str();
    cmd->add_flag("--allow-drop", o->allow_drop,
                  "Drop whatever is gone, however much, and forget recorded sources that are missing");
    cmd->add_flag("--progress", o->progress, "Show progress on stderr even when it is not a terminal");
    cmd->add_option("--report", o->report, "Final report: text (stderr) or json (stdout)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer(
        "\nThe sources are the folders given to `kb add` (walked again, with the options they were added\n"
        "with: new files come in, deleted ones drop out), the files added one by one, and the stored\n"
        "records of documents that came from stdin. The new index is built beside the live one; searches\n"
        "keep using the old one until a single rename switches them over. If the rebuild is interrupted\n"
        "(even by kill -9), the old index keeps serving and the next rebuild removes the leftovers.\n\n"
        "Nothing is dropped silently. A recorded source that is missing or unreadable (an unmounted share,\n"
        "a renamed folder), or a result that would drop more than --max-drop percent of the documents,\n"
        "stops the rebuild before the swap with exit 6 and a message saying what to do. Files that fail\n"
        "to parse, and JSON Lines files with a bad line, keep their last good documents.\n"
        "Rebuilding is also how an index made with other analysis settings is upgraded.\n\n"
        "Examples:\n"
        "  kb rebuild --compact\n"
        "  30 2 * * *  kb --index /srv/kb/index rebuild --compact --quiet --wait 600\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_rebuild(*o, ctx); }; });
}

}  // namespace kb::cli

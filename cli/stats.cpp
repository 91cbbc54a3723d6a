// kb stats: what the index holds.
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "index/statistics.h"
#include "search/searcher.h"
#include "render/json_output.h"
#include "render/terminal_text.h"

namespace kb::cli {

namespace {

nlohmann::json stats_json(const IndexStatistics& s) {
    nlohmann::json j = {
        {"kb_format_version", kJsonFormatVersion},
        {"index", s.path},
        {"database", s.database.empty() ? nlohmann::json() : nlohmann::json(s.database)},
        {"documents", s.documents},
        {"size_bytes", s.database.empty() ? nlohmann::json() : nlohmann::json(s.size_bytes)},
        {"last_update", s.last_update},
        {"analysis", s.analysis},
        {"index_format_version", s.format_version},
        {"sources", nlohmann::json::array()},
        {"facet_table", s.facet_table.empty() ? nlohmann::json() : nlohmann::json(s.facet_table)},
    };
    for (const auto& [name, counts] : s.by_field) j["by_" + name] = counts;
    for (const auto& source : s.sources) j["sources"].push_back(to_json(source));
    return j;
}

std::string stats_text(const IndexStatistics& s, const Terminal& term) {
    auto counts = [](const std::map<std::string, std::uint64_t>& m) {
        std::vector<std::string> parts;
        for (const auto& [k, v] : m) parts.push_back(fmt::format("{} {}", k, v));
        return parts.empty() ? std::string("-") : fmt::format("{}", fmt::join(parts, ", "));
    };
    // Paths, tags and counted values come from files and documents: each row's value is shown
    // through terminal_text().
    std::string out;
    auto row = [&](const char* name, const std::string& value) {
        out += fmt::format("{:<12} {}\n", term.bold(name), terminal_text(value));
    };
    row("index", s.path);
    row("documents", std::to_string(s.documents));
    for (const auto& [name, values] : s.by_field) row(("by " + name).c_str(), counts(values));
    // A remote index does not tell its size.
    row("size", s.database.empty() ? std::string("unknown (a remote index)")
                                   : fmt::format("{:.1f} MB", static_cast<double>(s.size_bytes) / 1e6));
    row("last update", s.last_update.empty() ? "never" : s.last_update);
    row("analysis", fmt::format("{} (format {})", s.analysis, s.format_version));
    // Without a current table --facets still counts right, but reads every match's values.
    if (s.facet_table == "stale")
        row("facet table", "out of date (--facets is slower until the next add, remove or rebuild rewrites it)");
    else if (s.facet_table == "missing")
        row("facet table", "none (--facets is slower until the next add, remove or rebuild writes one)");
    else if (!s.facet_table.empty())
        row("facet table", s.facet_table);
    // The sources rebuild reads again; a long list (files from --files-from) is cut short.
    row("sources", std::to_string(s.sources.size()));
    for (std::size_t i = 0; i < s.sources.size() && i < 20; ++i) {
        const Source& src = s.sources[i];
        std::string options;
        if (src.format != "auto") options += " --format " + src.format;
        for (const auto& g : src.include) options += " --include " + g;
        for (const auto& g : src.exclude) options += " --exclude " + g;
        if (src.hidden) options += " --hidden";
        for (const auto& t : src.tags) options += " --tag " + t;
        if (!src.type.empty()) options += " --type " + src.type;
        if (!src.lang.empty()) options += " --lang " + src.lang;
        out += terminal_text(fmt::format("  {:<7}{}{}", kind_name(src.kind), src.path == "-" ? "stdin" : src.path, options)) + "\n";
    }
    if (s.sources.size() > 20) out += fmt::format("  ... and {} more (--format json lists them all)\n", s.sources.size() - 20);
    return out;
}

int run_stats(const std::string& format, Context& ctx) {
    const Terminal term = ctx.terminal();
    std::vector<IndexStatistics> all{collect_statistics(ctx.store())};
    for (const auto& spec : ctx.other_indexes()) {
        const OtherIndex other = OtherIndex::parse(spec);
        all.push_back(other.host.empty() ? collect_statistics(IndexStore(other.folder))
                                         : collect_statistics(other.open(), other.name));
    }
    std::uint64_t documents = 0;
    for (const auto& s : all) documents += s.documents;
    if (format == "json") {
        // One index: its object, as always. Several: each one's, and the total.
        if (all.size() == 1) {
            std::puts(dump_line(stats_json(all[0])).c_str());
        } else {
            nlohmann::json j = {{"kb_format_version", kJsonFormatVersion}, {"documents", documents},
                                {"indexes", nlohmann::json::array()}};
            for (const auto& s : all) j["indexes"].push_back(stats_json(s));
            std::puts(dump_line(j).c_str());
        }
        return kExitOk;
    }
    std::string out;
    for (std::size_t i = 0; i < all.size(); ++i) out += (i ? "\n" : "") + stats_text(all[i], term);
    if (all.size() > 1) out += fmt::format("\n{:<12} {} in {} indexes\n", term.bold("total"), documents, all.size());
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

}  // namespace

void register_stats(CLI::App& app, Context& ctx) {
    auto format = std::make_shared<std::string>("text");
    CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds: counts by format, language, type; size");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->footer("\nWith --index given several times (folders, or tcp://HOST:PORT served by xapian-tcpsrv),\n"
                "each index is shown, then the total; JSON then has \"indexes\" and \"documents\".\n\n"
                "Example:\n  kb stats --format json | jq .documents\n");
    cmd->callback([format, &ctx] { ctx.action = [format, &ctx] { return run_stats(*format, ctx); }; });
}

}  // namespace kb::cli

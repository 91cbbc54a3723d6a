// kb stats: what the index holds.
#include <cstdio>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"
#include "index/statistics.h"
#include "render/json_output.h"
#include "render/terminal_text.h"

namespace kb::cli {

namespace {

int run_stats(const std::string& format, Context& ctx) {
    const Terminal term = ctx.terminal();
    const IndexStatistics s = collect_statistics(ctx.store());
    if (format == "json") {
        nlohmann::json j = {
            {"kb_format_version", kJsonFormatVersion},
            {"index", s.path},
            {"database", s.database},
            {"documents", s.documents},
            {"size_bytes", s.size_bytes},
            {"last_update", s.last_update},
            {"analysis", s.analysis},
            {"index_format_version", s.format_version},
            {"sources", nlohmann::json::array()},
        };
        for (const auto& [name, counts] : s.by_field) j["by_" + name] = counts;
        for (const auto& source : s.sources) j["sources"].push_back(to_json(source));
        std::puts(dump_line(j).c_str());
        return kExitOk;
    }
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
    row("size", fmt::format("{:.1f} MB", static_cast<double>(s.size_bytes) / 1e6));
    row("last update", s.last_update.empty() ? "never" : s.last_update);
    row("analysis", fmt::format("{} (format {})", s.analysis, s.format_version));
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
    std::fputs(out.c_str(), stdout);
    return kExitOk;
}

}  // namespace

void register_stats(CLI::App& app, Context& ctx) {
    auto format = std::make_shared<std::string>("text");
    CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds: counts by format, language, type; size");
    cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->footer("\nExample:\n  kb stats --format json | jq .documents\n");
    cmd->callback([format, &ctx] { ctx.action = [format, &ctx] { return run_stats(*format, ctx); }; });
}

}  // namespace kb::cli

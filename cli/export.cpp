// kb export: every document, or those matching a query, as lossless JSON Lines or as CSV.
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "export/csv_writer.h"
#include "render/json_output.h"
#include "search/searcher.h"

namespace kb::cli {

namespace {

struct ExportOptions {
    std::vector<std::string> words;
    std::string format = "jsonl";
    std::string output;
    bool no_bom = false;
};

int run_export(const ExportOptions& o, Context& ctx) {
    IndexStore store = ctx.store();
    Searcher searcher(store);
    const std::string query = fmt::format("{}", fmt::join(o.words, " "));

    // Write to a temporary file beside the target and rename it at the end: never a half file.
    std::ofstream file;
    std::filesystem::path tmp;
    std::ostream* out = &std::cout;
    if (!o.output.empty() && o.output != "-") {
        tmp = fmt::format("{}.tmp-{}", o.output, ::getpid());
        file.open(tmp, std::ios::binary | std::ios::trunc);
        if (!file) throw Error(fmt::format("cannot write {}: {} (choose another --output)", o.output, std::strerror(errno)));
        out = &file;
    }
    std::uint64_t count = 0;
    try {
        if (o.format == "csv") {
            CsvWriter csv(*out, !o.no_bom);
            searcher.for_each(query, [&](const Document& d) {
                csv.write(d);
                ++count;
            });
        } else {
            searcher.for_each(query, [&](const Document& d) {
                *out << dump_line(to_json(d)) << '\n';
                ++count;
            });
        }
        out->flush();
        if (!*out)
            throw std::runtime_error(fmt::format("write error on {}: {}", o.output.empty() ? "stdout" : o.output,
                                                 std::strerror(errno)));
    } catch (...) {
        if (!tmp.empty()) std::filesystem::remove(tmp);
        throw;
    }
    if (!tmp.empty()) {
        file.close();
        std::filesystem::rename(tmp, o.output);
    }
    if (!ctx.quiet)
        std::fputs(fmt::format("kb: exported {} documents{}\n", count, o.output.empty() ? "" : " to " + o.output).c_str(),
                   stderr);
    return count == 0 ? kExitNoMatch : kExitOk;
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ExportOptions>();
    CLI::App* cmd = app.add_subcommand("export", "Write documents (all, or those matching a query) as JSONL or CSV");
    cmd->add_option("query", o->words, "Only documents matching this query (same syntax as search)")
        ->type_name("QUERY...");
    cmd->add_option("--format", o->format, "jsonl (lossless: `kb add` reads it back) or csv (RFC 4180, UTF-8)")
        ->check(CLI::IsMember({"jsonl", "csv"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
    cmd->add_flag("--no-bom", o->no_bom, "CSV: leave out the UTF-8 byte order mark spreadsheets use to detect UTF-8");
    cmd->footer(
        "\nJSON Lines records have the keys id, source, format, title, summary, body, authors, date, lang,\n"
        "type, url, tags and extra (fields kb does not know, kept as they came).\n\n"
        "Examples:\n"
        "  kb export > backup.jsonl && kb --index fresh add --format jsonl - < backup.jsonl\n"
        "  kb export 'tag:cedaw' --format csv --output cedaw.csv\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_export(*o, ctx); }; });
}

}  // namespace kb::cli

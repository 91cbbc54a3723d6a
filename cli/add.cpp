// kb add: index files, folders and streams.
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <iostream>
#include <thread>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "fs/replacement_file.h"
#include "index/bulk_builder.h"
#include "index/schema.h"
#include "index/sources.h"
#include "index/writer.h"
#include "option_ranges.h"
#include "ingest/ingester.h"
#include "render/ingest_reporter.h"
#include "render/json_output.h"

namespace kb::cli {

namespace {

struct AddOptions {
    std::vector<std::string> paths;
    std::string format = "auto";
    std::vector<std::string> include, exclude;
    bool hidden = false;
    bool follow_symlinks = false;
    std::string files_from;
    bool null_separated = false;
    std::size_t jobs = default_jobs();
    std::size_t batch = 1000;
    std::vector<std::string> tags;
    std::string type, lang;
    std::string id_field;
    bool require_id = false;
    std::vector<std::string> field_map;
    bool dry_run = false;
    bool prune = false;
    bool force = false;
    double wait = 5.0;
    bool progress = false;
    std::string report = "text";
};

std::vector<std::string> read_path_list(const std::string& file, bool null_separated) {
    std::ifstream in_file;
    std::istream* in = &std::cin;
    if (file != "-") {
        in_file.open(file);
        if (!in_file) throw Error(fmt::format("cannot read the list of files {}: {}", file, std::strerror(errno)));
        in = &in_file;
    }
    std::vector<std::string> paths;
    std::string line;
    while (std::getline(*in, line, null_separated ? '\0' : '\n')) {
        if (!null_separated && !line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) paths.push_back(line);
    }
    return paths;
}

// Never throws: a path that cannot be examined is reported by the ingester as a failed input.
bool is_folder(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

bool is_empty(const IndexStore& store) {
    if (!store.exists()) return true;
    return store.open_for_reading().get_doccount() == 0;
}

// Removes documents whose files vanished from the folders this run walked (by the same rule as
// rebuild and `remove --missing`: read from a file that is missing now).
std::uint64_t prune(IndexWriter& writer, const std::vector<std::string>& paths, const std::set<std::string>& seen) {
    std::uint64_t removed = 0;
    const std::vector<std::string> sources = writer.sources();
    for (const auto& p : paths) {
        if (p == "-" || !is_folder(p)) continue;
        const std::string dir = Ingester::normalize_source(p);
        for (const auto& source : sources) {
            if (!path_is_under(source, dir) || seen.count(source) || !source_is_gone(writer.database(), source))
                continue;
            for (const auto& id : writer.ids_from_source(source))
                if (writer.remove(id)) ++removed;
        }
    }
    return removed;
}

// Every input of the run as a source of the index, with the options it was added with, so that
// rebuild reads exactly these again. Paths that cannot be found are not recorded.
std::vector<Source> sources_of_run(const AddOptions& o, const std::vector<std::string>& paths) {
    std::vector<Source> out;
    for (const auto& p : paths) {
        Source s;
        if (p == "-") {
            s.kind = Source::Kind::Stream;
            s.path = "-";
        } else {
            std::error_code ec;
            const auto status = std::filesystem::status(p, ec);
            if (ec) continue;
            // A FIFO, device or socket is never read, so it is no source rebuild should read again.
            if (!std::filesystem::is_directory(status) && !std::filesystem::is_regular_file(status)) continue;
            s.kind = std::filesystem::is_directory(status) ? Source::Kind::Folder : Source::Kind::File;
            s.path = Ingester::normalize_source(p);
        }
        s.format = o.format;
        if (s.kind == Source::Kind::Folder) {
            s.include = o.include;
            s.exclude = o.exclude;
            s.hidden = o.hidden;
            s.follow_symlinks = o.follow_symlinks;
        }
        s.tags = o.tags;
        s.type = o.type;
        s.lang = o.lang;
        s.id_field = o.id_field;
        s.require_id = o.require_id;
        s.field_map = o.field_map;
        out.push_back(std::move(s));
    }
    return out;
}

int run_add(const AddOptions& o, Context& ctx) {
    const Terminal term = ctx.terminal();
    IndexStore store = ctx.store();
    std::vector<std::string> paths = o.paths;
    if (!o.files_from.empty()) {
        auto listed = read_path_list(o.files_from, o.null_separated);
        paths.insert(paths.end(), listed.begin(), listed.end());
    }
    const bool reads_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
    if (reads_stdin && o.files_from == "-") throw Error("stdin cannot be both --files-from - and an input (-)");
    if (paths.empty() && o.files_from.empty())
        throw Error("nothing to add: give files, folders, - for stdin, or --files-from FILE");

    // A dry run must not create an index: count against a throwaway one when there is none, in a
    // fresh private folder (mkdtemp) that nobody else can have prepared or can enter.
    std::filesystem::path scratch;
    if (o.dry_run && !store.exists()) {
        try {
            scratch = files::make_private_folder(std::filesystem::temp_directory_path(), "kb-dry-run-");
        } catch (const FileError& e) {
            throw IndexError(fmt::format("{}; set TMPDIR to a folder you can write to", e.what()));
        }
        store = IndexStore(scratch);
    }
    struct ScratchGuard {
        std::filesystem::path p;
        ~ScratchGuard() {
            std::error_code ec;
            if (!p.empty()) std::filesystem::remove_all(p, ec);
        }
    } guard{scratch};

    IngestOptions iopts;
    iopts.format = parse_format_name(o.format);
    iopts.include = o.include;
    iopts.exclude = o.exclude;
    iopts.hidden = o.hidden;
    iopts.follow_symlinks = o.follow_symlinks;
    iopts.jobs = std::max<std::size_t>(1, o.jobs);
    iopts.add_tags = o.tags;
    iopts.type = o.type;
    iopts.lang = o.lang;
    iopts.id_field = o.id_field;
    iopts.require_id = o.require_id;
    iopts.field_map = o.field_map;
    iopts.skip_unchanged_files = !o.force;

    // Folders, files and streams are recorded with their options, so `kb rebuild` reads them again.
    const std::vector<Source> sources = sources_of_run(o, paths);

    const auto started = std::chrono::steady_clock::now();
    auto lock = std::make_unique<WriteLock>(store, o.wait);
    const bool show_progress = o.progress || term.stderr_is_tty();
    IngestReporter observer(term, ctx.quiet, show_progress);
    // A plain list of files has a known length: progress can show an ETA.
    const bool only_files = std::all_of(paths.begin(), paths.end(), [](const std::string& p) {
        std::error_code ec;
        return p != "-" && std::filesystem::is_regular_file(p, ec);
    });
    auto feed = [&](Ingester& ingester) {
        if (only_files) ingester.set_expected_files(paths.size());
        for (const auto& p : paths) {
            if (p == "-")
                ingester.add_stream(std::cin, "-");
            else
                ingester.add_path(p);
        }
        return ingester.finish();
    };

    IngestCounts counts;
    std::uint64_t removed_missing = 0;
    if (!o.dry_run && is_empty(store)) {
        // Into an empty index: build aside on parallel shards and switch to it at the end.
        remove_stale_databases(store);
        BulkBuilder builder(store, iopts.jobs, std::max<std::size_t>(1, o.batch));
        Ingester ingester(builder, iopts, observer);
        counts = feed(ingester);
        // An index can be empty and still have sources (a folder whose files all failed): keep them.
        std::map<std::string, std::string> metadata;
        if (store.exists())
            for (const auto& s : read_sources(store.open_for_reading())) metadata.insert(source_metadata(s));
        for (const auto& s : sources) metadata.insert_or_assign(source_metadata(s).first, source_metadata(s).second);
        store.switch_to(builder.finish(false, {metadata.begin(), metadata.end()}));
    } else {
        WriterOptions wopts;
        wopts.wait_seconds = o.wait;
        wopts.batch_size = std::max<std::size_t>(1, o.batch);
        wopts.dry_run = o.dry_run;
        IndexWriter writer(store, wopts, std::move(lock));
        Ingester ingester(writer, iopts, observer);
        counts = feed(ingester);
        if (o.prune) removed_missing = prune(writer, paths, ingester.seen_sources());
        if (!o.dry_run)
            for (const auto& s : sources) record_source(writer.database(), s);
        writer.finish();
    }
    observer.done();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::uint64_t removed = counts.removed + removed_missing;

    if (o.report == "json") {
        nlohmann::json report = {
            {"kb_format_version", 1},
            {"command", "add"},
            {"index", store.root().string()},
            {"dry_run", o.dry_run},
            {"added", counts.added},
            {"updated", counts.updated},
            {"unchanged", counts.unchanged},
            {"removed", removed},
            {"skipped", counts.skipped},
            {"failed", counts.failed},
            {"bytes", counts.bytes},
            {"elapsed_seconds", std::round(elapsed * 1000) / 1000},
        };
        report["failures"] = observer.failures_json();
        report["skipped_files"] = observer.skips_json();
        report["warnings"] = observer.warnings_json();
        std::puts(dump_line(report).c_str());
    }
    if (!ctx.quiet) {
        const double docs = static_cast<double>(counts.documents());
        print_note(fmt::format("{}added {}, updated {}, unchanged {}, removed {}, skipped {}, failed {} "
                               "in {:.1f} s ({:.0f} docs/s) -> {}",
                               o.dry_run ? "dry run, would have " : "", counts.added, counts.updated,
                               counts.unchanged, removed, counts.skipped, counts.failed, elapsed,
                               elapsed > 0 ? docs / elapsed : 0.0, o.dry_run && !scratch.empty() ? "(no index yet)" : store.root().string()));
    }
    return counts.failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void register_add(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<AddOptions>();
    CLI::App* cmd = app.add_subcommand("add", "Index files, folders (recursively) and streams; re-adding replaces");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("paths", o->paths, "Files, folders, or - for stdin")->type_name("PATH...");
    cmd->add_option("-f,--format", o->format, "Input format: auto (by content, then extension), html, xml, json, jsonl, ris, bibtex")
        ->check(CLI::IsMember({"auto", "html", "xml", "json", "jsonl", "ris", "bibtex"}))
        ->capture_default_str();
    cmd->add_option("--include", o->include, "Only files matching this glob (repeatable), e.g. --include '*.html'")
        ->type_name("GLOB");
    cmd->add_option("--exclude", o->exclude, "Skip files and folders matching this glob (repeatable)")->type_name("GLOB");
    cmd->add_flag("--hidden", o->hidden, "Also index dot-files and dot-folders (skipped by default)");
    cmd->add_flag("--follow-symlinks", o->follow_symlinks,
                  "In folders, also follow symlinks that lead outside the folder (skipped with a warning by default)");
    cmd->add_option("--files-from", o->files_from, "Read paths from FILE, one per line (- for stdin)")->type_name("FILE");
    cmd->add_flag("-0,--null", o->null_separated, "--files-from paths are NUL-separated (find -print0)");
    cmd->add_option("-j,--jobs", o->jobs,
                    fmt::format("Worker threads for extraction and analysis, 1-{} (4 per core; default: one per core)",
                                max_jobs()))
        ->check(whole_number(1, max_jobs()))
        ->capture_default_str();
    cmd->add_option("--batch", o->batch,
                    fmt::format("Documents per commit, 1-{}; a crash loses at most one batch", kMaxBatch))
        ->check(whole_number(1, kMaxBatch))
        ->capture_default_str();
    cmd->add_option("--tag", o->tags, "Add this tag to every document of the run (repeatable)")->type_name("TAG");
    cmd->add_option("--type", o->type, "Set the type of every document (report, policy, news, ...)")->type_name("TYPE");
    cmd->add_option("--lang", o->lang, "Set the language of every document (nl, en, ...)")->type_name("CODE");
    cmd->add_option("--id-field", o->id_field,
                    "JSON records: take the id from this field (a key, a.b.c or a JSON Pointer /a/b) instead of "
                    "id, _id, identifier, guid, @id")
        ->type_name("NAME");
    cmd->add_option("--map", o->field_map,
                    "JSON records: read kb's FIELD from PATH (a key, a.b.c or a JSON Pointer /a/b), as "
                    "title=headline; repeatable, kept for rebuild")
        ->type_name("FIELD=PATH")
        ->check([](const std::string& spec) {
            try {
                parse_field_mapping(spec);
                return std::string();
            } catch (const Error& e) {
                return std::string(e.what());
            }
        });
    cmd->add_flag("--require-id", o->require_id,
                  "JSON records without an id fail (exit 3) instead of getting one from their position");
    cmd->add_flag("-n,--dry-run", o->dry_run, "Report what would change; write nothing");
    cmd->add_flag("--prune", o->prune, "Remove documents whose files disappeared from the folders given");
    cmd->add_flag("--force", o->force, "Re-read files even when their size and time are unchanged");
    cmd->add_option("--wait", o->wait,
                    fmt::format("Seconds to wait for another writer before giving up (exit 75), 0-{}", kMaxWaitSeconds))
        ->check(decimal_number(0, kMaxWaitSeconds))
        ->capture_default_str();
    cmd->add_flag("--progress", o->progress, "Show progress on stderr even when it is not a terminal");
    cmd->add_option("--report", o->report, "Final report: text (stderr) or json (stdout, for scripts)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd->footer(
        "\nExamples:\n"
        "  kb add corpus/                                   a folder, recursively\n"
        "  kb add site/ --include '*.html' --exclude 'drafts'\n"
        "  find docs -name '*.xml' -print0 | kb add --files-from - -0\n"
        "  kb add --format jsonl - < publications.jsonl      a JSON Lines stream\n"
        "  kb add reports/ --tag nap1325 --type report --report json\n\n"
        "Documents are upserted by id (explicit id, else canonical URL, else file path): adding the same\n"
        "document again replaces it. Unchanged files are skipped without being read. Malformed files are\n"
        "reported (file, line, column) and skipped; the others are still indexed and exit code is 3.\n"
        "Only regular files are read: FIFOs, devices and sockets are skipped with a warning. In a folder,\n"
        "a symlink is followed only when it leads inside that folder (or with --follow-symlinks); a skipped\n"
        "one is a warning, not a failure (exit 0).\n\n"
        "A JSON record without an id gets one from its position (file#3) or, on stdin, its content: adding\n"
        "a corrected copy then adds a second document. kb warns; --id-field names the field that holds\n"
        "the id, and --require-id refuses such records. Both are recorded with the source, so `kb rebuild`\n"
        "reads it the same way.\n");
    cmd->callback([o, &ctx] { ctx.action = [o, &ctx] { return run_add(*o, ctx); }; });
}

}  // namespace kb::cli

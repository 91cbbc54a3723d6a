// kb export: every document, or those matching a query, as lossless JSON Lines or as CSV.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

#include "commands.h"
#include "error.h"
#include "exit_codes.h"
#include "export/csv_writer.h"
#include "export/document_writer.h"
#include "fs/replacement_file.h"
#include "render/json_output.h"
#include "render/output.h"
#include "render/terminal_text.h"
#include "search/searcher.h"

namespace kb::cli {

namespace {

namespace fs = std::filesystem;

struct ExportOptions {
    std::vector<std::string> words;
    std::string format = "jsonl";
    std::string output;
    bool no_bom = false;
    bool raw_csv = false;
    std::string delimiter = ",";
    std::vector<std::string> fields;
    std::string opensearch_index = "kb";
};

// "," ";" "tab" (or a real tab): what --delimiter accepts.
char delimiter_char(const std::string& name) { return name == "tab" || name == "\t" ? '\t' : name.front(); }

// A temporary file written through a buffer: anonymous (nothing is left behind, whatever
// happens to the process), or named beside a --output target and renamed over it.
class TempFile {
public:
    // Anonymous, in `folder`; `name` is what messages call it.
    TempFile(const fs::path& folder, std::string name) : name_(std::move(name)) {
        fd_ = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (fd_ < 0) {  // a file system without O_TMPFILE: a fresh random name, removed at once
            std::string path = (folder / "kb-export-XXXXXX").string();
            fd_ = ::mkostemp(path.data(), O_CLOEXEC | O_NOFOLLOW);
            if (fd_ >= 0) ::unlink(path.c_str());
        }
        if (fd_ < 0) fail(name_, errno);
    }
    // Beside a --output target under a random name (never one planted in advance), for commit()
    // to rename over the target.
    explicit TempFile(const std::string& target) : name_(target) {
        try {
            replacement_.emplace(target, 0666, files::Permissions::Keep);  // a private export stays private
        } catch (const FileError& e) {
            throw OutputError(e.what());
        }
        fd_ = replacement_->fd();
    }
    ~TempFile() {
        if (fd_ >= 0 && !replacement_) ::close(fd_);  // a replacement file closes (and removes) itself
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void append(std::string_view text) {
        buffer_ += text;
        if (buffer_.size() >= (1u << 20)) flush();
    }
    // Empties the file, to start over.
    void restart() {
        buffer_.clear();
        if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) fail(name_, errno);
    }
    // Makes what was appended readable from the start.
    void rewind() {
        flush();
        if (::lseek(fd_, 0, SEEK_SET) != 0) fail(name_, errno);
    }
    // Reads up to `size` bytes; fewer only at the end.
    std::size_t read(char* data, std::size_t size) {
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::read(fd_, data + done, size - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail(name_, errno);
            if (n == 0) break;
            done += static_cast<std::size_t>(n);
        }
        return done;
    }
    // Everything to stdout (through stdio, whose failures main reports), or to `path` (a device or
    // a pipe named by --output).
    void copy_out(const std::string& path) {
        rewind();
        int out = -1;
        if (!path.empty()) {
            // Only a device or pipe is copied to (a regular file is replaced by rename): if the name
            // now leads to a regular file, something changed it under us.
            out = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
            struct stat st {};
            if (out < 0) fail(path, errno);
            if (::fstat(out, &st) != 0 || S_ISREG(st.st_mode)) {
                ::close(out);
                throw OutputError(fmt::format("cannot write {}: it was replaced by a regular file while kb was "
                                              "exporting; run the export again", path));
            }
        }
        // On a terminal, what a document holds must not drive it: CSV, RIS and BibTeX carry text
        // as it is (JSON escapes it), so there each whole line goes through the sanitiser
        // (an escape sequence shows as ^[...), with CRLF line ends as plain ones.
        const bool terminal = ::isatty(out >= 0 ? out : STDOUT_FILENO) == 1;
        std::string pending;
        const auto emit = [&](const char* bytes, std::size_t size) {
            if (out >= 0) {
                write_all(out, bytes, size, path);
                return true;
            }
            std::fwrite(bytes, 1, size, stdout);
            return !stdout_failed();  // else the rest would be lost too
        };
        const auto emit_lines = [&](std::string_view lines) {
            std::string plain;
            plain.reserve(lines.size());
            for (std::size_t i = 0; i < lines.size(); ++i)
                if (!(lines[i] == '\r' && i + 1 < lines.size() && lines[i + 1] == '\n')) plain += lines[i];
            const std::string shown = terminal_text(plain, TextLayout::MultiLine);
            return emit(shown.data(), shown.size());
        };
        std::vector<char> chunk(1 << 16);
        while (const std::size_t n = read(chunk.data(), chunk.size())) {
            if (!terminal) {
                if (!emit(chunk.data(), n)) break;
                continue;
            }
            pending.append(chunk.data(), n);
            const std::size_t end = pending.rfind('\n');
            if (end == std::string::npos) continue;
            const bool written = emit_lines(std::string_view(pending).substr(0, end + 1));
            pending.erase(0, end + 1);
            if (!written) {
                pending.clear();  // stdout failed: the rest would be lost too
                break;
            }
        }
        if (!pending.empty()) emit_lines(pending);
        if (out >= 0 && ::close(out) != 0) fail(path, errno);
    }
    // The named file replaces its target; synced first, since a backup renamed into place must be
    // on disk (and a full disk with delayed allocation may only say so now).
    void commit() {
        flush();
        try {
            replacement_->commit();
        } catch (const FileError& e) {
            throw OutputError(e.what());
        }
        fd_ = -1;
    }

private:
    [[noreturn]] static void fail(const std::string& what, int error) {
        throw OutputError(fmt::format("cannot write {}: {}", what, std::strerror(error)));
    }
    static void write_all(int fd, const char* data, std::size_t size, const std::string& what) {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail(what, n < 0 ? errno : EIO);
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    void flush() {
        write_all(fd_, buffer_.data(), buffer_.size(), name_);
        buffer_.clear();
    }

    std::string name_;  // for messages
    std::optional<files::ReplacementFile> replacement_;  // named: the file that replaces the target
    int fd_ = -1;
    std::string buffer_;
};

// Exports in two steps. First the stored records are copied, unparsed, from one revision of the
// index into a scratch file: a short pass, which starts over if a writer overtakes it (and, when
// a writer keeps overtaking it, continues on the next revision with a warning: see
// Searcher::for_each_record). Then they are formatted into the output, itself a temporary file:
// stdout (or a device) gets it only once it is whole, and a --output file is replaced by rename.
// Nothing is ever written twice or halfway.
int run_export(const ExportOptions& o, Context& ctx) {
    IndexStore store = ctx.store();
    Searcher searcher(store);
    const std::string query = fmt::format("{}", fmt::join(o.words, " "));
    const std::string target = o.output == "-" ? "" : o.output;
    struct stat st {};
    // A regular file (or a new one) is replaced by rename; stdout, a device or a pipe is copied to.
    const bool rename_into_place = !target.empty() && (::stat(target.c_str(), &st) != 0 || S_ISREG(st.st_mode));

    // Scratch space beside a --output file (where the space for it must be anyway), else in $TMPDIR.
    const char* tmpdir = std::getenv("TMPDIR");
    const fs::path scratch = rename_into_place ? fs::absolute(target).parent_path()
                                               : fs::path(tmpdir && *tmpdir ? tmpdir : "/tmp");
    // Errors name what the user named: the --output file, or the folder of the scratch files.
    const std::string scratch_name = rename_into_place ? target : "a temporary file in " + scratch.string();
    TempFile records(scratch, scratch_name);
    std::uint64_t count = 0;
    // Each record as its size, then its bytes.
    auto keep = [&](const std::string& record) {
        const std::uint64_t size = record.size();
        records.append(std::string_view(reinterpret_cast<const char*>(&size), sizeof size));
        records.append(record);
        ++count;
    };
    const std::uint32_t revisions = searcher.for_each_record(
        query,
        [&] {
            records.restart();
            count = 0;
        },
        keep);
    // Then the other indexes named with --index (or indexes.txt), in their order (see README,
    // "Several indexes").
    const std::vector<std::string> others = ctx.other_indexes();
    for (const auto& other : others) searcher.add_index(OtherIndex::parse(other));
    searcher.for_each_other_record(query, keep);

    std::optional<TempFile> named, anonymous;
    TempFile& out = rename_into_place ? named.emplace(target) : anonymous.emplace(scratch, scratch_name);
    std::ostringstream rows;  // formatted text on its way to `out`
    ExportSettings settings;
    settings.format = o.format;
    settings.csv_bom = !o.no_bom;
    settings.csv_defuse_formulas = !o.raw_csv;
    settings.csv_delimiter = delimiter_char(o.delimiter);
    settings.csv_fields = o.fields;
    settings.opensearch_index = o.opensearch_index;
    const std::unique_ptr<DocumentWriter> writer = make_document_writer(settings, rows);
    writer->begin();
    records.rewind();
    std::string record;
    // An id that an earlier index gave is left out of a later one: re-importing the export would
    // keep only one of them anyway (the id is what add replaces by).
    const bool several = !others.empty();
    std::unordered_set<std::string> ids;
    std::uint64_t repeated = 0;
    for (std::uint64_t size = 0; records.read(reinterpret_cast<char*>(&size), sizeof size) == sizeof size;) {
        record.resize(size);
        if (records.read(record.data(), size) != size) break;  // cannot happen: we wrote it whole
        Document doc = Searcher::decode_record(record);
        if (several && !ids.insert(doc.id).second) {
            ++repeated;
            continue;
        }
        writer->write(doc);
        out.append(rows.view());
        rows.str("");
    }
    writer->end();
    out.append(rows.view());
    if (rename_into_place)
        out.commit();
    else
        out.copy_out(target);
    // Not a snapshot: say so even with --quiet, since a backup script may rely on one.
    if (revisions > 1)
        print_warning(ctx.terminal(), fmt::format("the index changed while it was exported (a writer committed faster than a "
                                  "whole pass could be read, so the export spans {} revisions): every document "
                                  "that was in the index throughout is in it once, as it was when read; run "
                                  "the export while no writer is busy for one snapshot",
                                  revisions));
    count -= repeated;
    if (repeated > 0 && !ctx.quiet)
        print_note(fmt::format("left out {} documents whose id an earlier --index already gave", repeated));
    if (!ctx.quiet && !stdout_failed())
        print_note(fmt::format("exported {} documents{}", count, o.output.empty() ? "" : " to " + o.output));
    return count == 0 ? kExitNoMatch : kExitOk;
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ExportOptions>();
    CLI::App* cmd = app.add_subcommand("export", "Write documents (all, or those matching a query) as JSONL, CSV, RIS, "
                                                 "BibTeX, CSL-JSON or OpenSearch bulk");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("query", o->words, "Only documents matching this query (same syntax as search)")
        ->type_name("QUERY...");
    cmd->add_option("--format", o->format,
                    "jsonl (lossless: `kb add` reads it back), csv (RFC 4180, UTF-8), ris, bibtex, csl-json (a JSON "
                    "array Zotero imports) or opensearch (_bulk NDJSON)")
        ->check(CLI::IsMember(export_formats()))
        ->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
    cmd->add_flag("--no-bom", o->no_bom, "CSV: leave out the UTF-8 byte order mark spreadsheets use to detect UTF-8");
    cmd->add_flag("--raw-csv", o->raw_csv,
                  "CSV: write every value exactly, without the ' kb puts before cells a spreadsheet would run as a "
                  "formula (=, +, -, @, tab, CR)");
    cmd->add_option("--delimiter", o->delimiter, "CSV: the separator: , (default) ; (Dutch spreadsheets) or tab")
        ->check(CLI::IsMember({",", ";", "tab", "\t"}))
        ->type_name("SEP");
    cmd->add_option("--fields", o->fields,
                    fmt::format("CSV: the columns, in order, comma-separated ({})",
                                fmt::join(CsvWriter::csv_columns(), ", ")))  // spaces: the help wraps at 80 columns
        ->delimiter(',')
        ->type_name("NAME,...");
    cmd->add_option("--opensearch-index", o->opensearch_index, "OpenSearch: the index the bulk actions name")
        ->capture_default_str()
        ->type_name("NAME");
    cmd->footer(
        "\nJSON Lines records have the keys id, source, format, title, summary, body, authors, date, lang,\n"
        "type, url, tags, extra (fields kb does not know, kept as they came) and, when set, publisher,\n"
        "container_title, volume, pages and doi. An author is a string (an organisation, or a name kb\n"
        "could not split) or {\"family\": ..., \"given\": ...}.\n\n"
        "CSV cells that begin with = + - @ tab or CR get a leading ' so that a spreadsheet shows them as\n"
        "text instead of running them as formulas (=HYPERLINK(...) in a title); plain numbers such as -5\n"
        "or +31 20 123 4567 are left alone. --raw-csv writes the values unchanged, for programs.\n\n"
        "ris, bibtex and csl-json carry the metadata a reference manager needs (not the body); opensearch\n"
        "writes every field, for docs/opensearch-mapping.json. See the README, section Exporting.\n\n"
        "With --index given several times (folders, or tcp://HOST:PORT served by xapian-tcpsrv), the\n"
        "documents of each are written in turn; an id an earlier index gave is left out (a note says\n"
        "how many).\n\n"
        "Examples:\n"
        "  kb export > backup.jsonl && kb --index fresh add --format jsonl - < backup.jsonl\n"
        "  kb export 'tag:cedaw' --format csv --delimiter ';' --fields id,title,date --output cedaw.csv\n"
        "  kb export --format csl-json -o zotero.json          (Zotero: File > Import)\n"
        "  kb export --format opensearch | curl -H 'Content-Type: application/x-ndjson' \\\n"
        "      --data-binary @- http://localhost:9200/_bulk\n");
    cmd->callback([o, cmd, &ctx] {
        const bool csv = o->format == "csv";
        for (const char* option : {"--raw-csv", "--no-bom", "--delimiter", "--fields"})
            if (!csv && cmd->count(option) > 0) throw CLI::ValidationError(option, "only applies to --format csv");
        if (o->format != "opensearch" && cmd->count("--opensearch-index") > 0)
            throw CLI::ValidationError("--opensearch-index", "only applies to --format opensearch");
        for (const auto& f : o->fields)
            if (std::find(CsvWriter::csv_columns().begin(), CsvWriter::csv_columns().end(), f) ==
                CsvWriter::csv_columns().end())
                throw CLI::ValidationError("--fields", fmt::format("unknown field '{}'; the fields are {}", f,
                                                                   fmt::join(CsvWriter::csv_columns(), ",")));
        if (o->opensearch_index.empty()) throw CLI::ValidationError("--opensearch-index", "must not be empty");
        ctx.action = [o, &ctx] { return run_export(*o, ctx); };
    });
}

}  // namespace kb::cli

#include "ingest/ingester.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <fmt/format.h>
#include <fnmatch.h>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unordered_set>

#include "error.h"
#include "extract/json_lines.h"
#include "fs/input_file.h"
#include "index/analyzer.h"
#include "index/schema.h"
#include "index/sources.h"
#include "testing/kill_point.h"
#include "text/hash.h"
#include "text/utf8.h"

namespace kb {

namespace fs = std::filesystem;

struct Ingester::Task {
    std::uint64_t seq = 0;     // input order: results are written in this order
    std::string path;          // a file to read, or empty for a record
    std::string signature;     // "size:mtime" of the file (records: of the file they came from)
    std::string run_options;   // records restored by rebuild: the options they were added with
    bool reindex = false;      // the file was indexed before with another signature
    bool named = false;        // named on the command line rather than found in a walk
    bool file_complete = false;  // no work: `path` was read to the end, its signature may be stored
    std::uint64_t size = 0;    // of the file, counted against max_bytes_in_flight until written
    std::unique_ptr<Document> record;  // a record from a stream, already extracted
    files::InputFile file;     // `path`, opened and known to be a regular file
};

struct Ingester::Result {
    std::uint64_t seq = 0;
    std::uint64_t reserved = 0;  // the task's size, released when written
    std::string file;
    std::string source;
    bool reindex = false;
    std::vector<PreparedDocument> docs;
    std::vector<std::string> ids;
    std::vector<std::string> path_ids;  // for pages whose id is their URL: the id to fall back to
    std::uint64_t bytes = 0;
    bool is_file = false;
    std::string complete_signature;  // a file of records read to the end: its signature, to store
    std::unique_ptr<IngestEvent> problem;  // skipped or failed instead
    std::vector<std::string> warnings;     // indexed, but the user should know (a charset ignored, a page read as text)
};

namespace {

// The warning for a page that was read as plain text, if it was.
std::optional<std::string> text_only_reason(const Document& doc) {
    const auto it = doc.extra.find(kTextOnlyKey);
    if (it == doc.extra.end() || !it->is_string()) return std::nullopt;
    return fmt::format("read as plain text, without structure or metadata: {}", it->get<std::string>());
}

std::string file_signature(const struct stat& st) {
    return fmt::format("{}:{}.{:09d}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

bool has_extension(const std::string& path, std::initializer_list<const char*> exts) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* e : exts)
        if (ext == e) return true;
    return false;
}

// A record of a list (JSON, JSON Lines, RIS, BibTeX), which names no page or file of its own.
bool is_record(const Document& doc) {
    return doc.format == "json" || doc.format == "jsonl" || doc.format == "ris" || doc.format == "bibtex";
}

// What to tell the user about records without an id: refused (with --require-id), or indexed
// under an id that will not find them again.
std::string missing_id_refusal(const IngestOptions& options, const std::string& which) {
    return fmt::format("{} has no id and --require-id is set: give every record {}", which,
                       options.id_field.empty() ? "an \"id\" field, or name its id field with --id-field"
                                                : fmt::format("a \"{}\" field (--id-field)", options.id_field));
}
std::string missing_id_warning(std::uint64_t count, const std::string& first_id) {
    return fmt::format("{} record{} without an id got {} from {} (first: {}); adding a corrected copy later adds a "
                       "new document instead of replacing {}: give records an id, or name the field with --id-field",
                       count, count == 1 ? "" : "s", count == 1 ? "one" : "ids", "position or content", first_id,
                       count == 1 ? "it" : "them");
}

JsonReadOptions json_options(const IngestOptions& options) {
    JsonReadOptions o;
    o.id_field = options.id_field;
    for (const auto& spec : options.field_map) o.field_map.push_back(parse_field_mapping(spec));
    return o;
}

void apply_overrides(Document& doc, const IngestOptions& options) {
    for (const auto& tag : options.add_tags)
        if (std::find(doc.tags.begin(), doc.tags.end(), tag) == doc.tags.end()) doc.tags.push_back(tag);
    if (!options.type.empty()) doc.type = options.type;
    if (!options.lang.empty()) doc.lang = options.lang;
}

}  // namespace

// Worker threads: extraction and analysis in parallel, results handed back to the writer thread.
class Ingester::Pool {
public:
    Pool(std::size_t threads, std::function<Result(Task&)> work) : work_(std::move(work)) {
        capacity_ = threads * 16;
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
    }
    ~Pool() { stop(); }

    // Blocks while the input queue is full, handing finished results to `drain` meanwhile.
    template <typename Drain>
    void push(Task&& task, Drain drain) {
        std::unique_lock lock(mutex_);
        while (input_.size() >= capacity_)
            if (!drain_output(lock, drain)) space_.wait(lock);
        input_.push_back(std::move(task));
        ++in_flight_;
        ready_.notify_one();
        drain_output(lock, drain);
    }

    // Waits until at least one result is ready and hands over what is there.
    template <typename Drain>
    void wait_some(Drain drain) {
        std::unique_lock lock(mutex_);
        while (!drain_output(lock, drain)) space_.wait(lock);
    }

    // Waits until every task is processed, draining results.
    template <typename Drain>
    void wait(Drain drain) {
        std::unique_lock lock(mutex_);
        while (in_flight_ > 0 || !output_.empty())
            if (!drain_output(lock, drain)) space_.wait(lock);
    }

    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& t : threads_)
            if (t.joinable()) t.join();
        threads_.clear();
    }

private:
    // Hands the finished results to `drain` with the lock released (the writer must not hold up
    // the workers); false when there were none.
    template <typename Drain>
    bool drain_output(std::unique_lock<std::mutex>& lock, Drain& drain) {
        if (output_.empty()) return false;
        std::deque<Result> results;
        results.swap(output_);
        in_flight_ -= results.size();
        lock.unlock();
        for (auto& r : results) drain(std::move(r));
        lock.lock();
        return true;
    }

    void run() {
        for (;;) {
            Task task;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !input_.empty(); });
                if (input_.empty()) return;
                task = std::move(input_.front());
                input_.pop_front();
            }
            Result result = work_(task);
            {
                std::lock_guard lock(mutex_);
                output_.push_back(std::move(result));
            }
            space_.notify_all();
        }
    }

    std::function<Result(Task&)> work_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<Task> input_;
    std::deque<Result> output_;
    std::size_t capacity_ = 0;
    std::size_t in_flight_ = 0;
    bool stopping_ = false;
};

namespace {

// Extraction and analysis of one task; runs on a worker thread (or inline with one job).
Ingester::Result process(Ingester::Task& task, const IngestOptions& options, const std::string& run_options) {
    thread_local DocumentAnalyzer analyzer;
    Ingester::Result result;
    result.seq = task.seq;
    result.reserved = task.size;
    result.reindex = task.reindex;
    // A worker never lets an exception out (that would end the process): whatever goes wrong
    // becomes a failure of this one input.
    const auto failed = [&](const std::string& reason) {
        result.docs.clear();
        result.ids.clear();
        result.problem = std::make_unique<IngestEvent>(IngestEvent{IngestEventKind::Failed, result.file, {}, reason, {}});
    };
    if (task.file_complete) {
        result.source = task.path;
        result.complete_signature = task.signature;
        return result;
    }
    if (task.record) {
        Document& doc = *task.record;
        result.file = doc.source;
        result.source = doc.source;
        try {
            apply_overrides(doc, options);
            result.ids.push_back(doc.id);
            result.docs.push_back(analyzer.prepare(doc, task.signature));
            result.docs.back().xapian.add_value(schema::kRunOptionsSlot,
                                                task.run_options.empty() ? run_options : task.run_options);
        } catch (const Xapian::Error& e) {
            failed(fmt::format("record {}: {}", doc.id, e.get_description()));
        } catch (const std::exception& e) {
            failed(fmt::format("record {}: {}", doc.id, e.what()));
        }
        return result;
    }
    result.file = task.path;
    result.source = task.path;
    result.is_file = true;
    try {
        std::string bytes = task.file.read_all(options.max_file_bytes);
        task.file = {};  // closed as soon as read: descriptors are bounded like memory
        result.bytes = bytes.size();
        std::vector<Document> docs = extract(bytes, task.path, options.format, &result.warnings, json_options(options));
        std::string().swap(bytes);  // a big file's bytes are not needed beside its documents
        std::uint64_t without_id = 0;
        std::size_t first_without_id = 0;
        for (std::size_t i = 0; i < docs.size(); ++i)
            if (docs[i].id.empty() && is_record(docs[i]) && without_id++ == 0) first_without_id = i;
        if (without_id > 0 && options.require_id) {
            failed(missing_id_refusal(options, docs.size() == 1 ? "the record"
                                                                : fmt::format("record {} (of {} without one)",
                                                                              first_without_id + 1, without_id)));
            return result;
        }
        // One record alone keeps its file's path as id, which finds it again; records of a list
        // are numbered by position, which does not.
        if (without_id > 0 && docs.size() > 1)
            result.warnings.push_back(
                missing_id_warning(without_id, fmt::format("{}#{}", task.path, first_without_id + 1)));
        result.docs.reserve(docs.size());
        for (std::size_t i = 0; i < docs.size(); ++i) {
            Document& doc = docs[i];
            if (auto why = text_only_reason(doc)) result.warnings.push_back(std::move(*why));
            doc.source = task.path;
            std::string path_id = docs.size() == 1 ? task.path : fmt::format("{}#{}", task.path, i + 1);
            if (doc.id.empty()) doc.id = path_id;
            result.path_ids.push_back(doc.format == "html" && doc.id != path_id ? std::move(path_id) : std::string());
            apply_overrides(doc, options);
            result.ids.push_back(doc.id);
            result.docs.push_back(analyzer.prepare(doc, task.signature));
            result.docs.back().xapian.add_value(schema::kRunOptionsSlot, run_options);
            doc = Document();  // prepared: the stored record holds it now
        }
    } catch (const UnsupportedInputError& e) {
        result.docs.clear();
        result.problem = std::make_unique<IngestEvent>(
            IngestEvent{IngestEventKind::Skipped, task.path, {}, e.reason(), e.position()});
    } catch (const InputError& e) {
        result.docs.clear();
        result.problem = std::make_unique<IngestEvent>(
            IngestEvent{IngestEventKind::Failed, task.path, {}, e.reason(), e.position()});
    } catch (const Xapian::Error& e) {
        failed(e.get_description());
    } catch (const std::exception& e) {
        failed(e.what());
    }
    return result;
}

}  // namespace

Ingester::Ingester(DocumentSink& writer, IngestOptions options, IngestObserver& observer)
    : writer_(writer), options_(std::move(options)), run_options_(run_options_json(options_)), observer_(observer) {
    if (options_.jobs > 1) {
        pool_ = std::make_unique<Pool>(options_.jobs, [this](Task& t) { return process(t, options_, run_options_); });
        max_in_flight_ = options_.jobs * 8;
    }
}

std::string Ingester::run_options_json(const IngestOptions& o) {
    nlohmann::json j = {{"format", format_name(o.format)}, {"tags", o.add_tags}, {"type", o.type}, {"lang", o.lang}};
    // Only when set, so documents added without them keep the value (and signature) they had.
    if (!o.id_field.empty()) j["id_field"] = o.id_field;
    if (o.require_id) j["require_id"] = true;
    if (!o.field_map.empty()) j["map"] = o.field_map;
    return j.dump();
}

IngestOptions Ingester::apply_run_options(IngestOptions base, const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return base;
    base.format = parse_format_name(j.value("format", "auto"));
    base.add_tags = j.value("tags", std::vector<std::string>{});
    base.type = j.value("type", "");
    base.lang = j.value("lang", "");
    base.id_field = j.value("id_field", "");
    base.require_id = j.value("require_id", false);
    base.field_map = j.value("map", std::vector<std::string>{});
    return base;
}

void Ingester::add_record(Document doc, std::string file_signature, std::string run_options) {
    Task task;
    task.record = std::make_unique<Document>(std::move(doc));
    task.signature = std::move(file_signature);
    task.run_options = std::move(run_options);
    submit(std::move(task));
}

Ingester::~Ingester() {
    if (pool_) pool_->stop();
}

std::string Ingester::normalize_source(const std::string& path) {
    if (path == "-") return path;
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    return (ec ? fs::path(path) : abs).lexically_normal().string();
}

void Ingester::emit(IngestEvent event) {
    switch (event.kind) {
        case IngestEventKind::Added: ++counts_.added; break;
        case IngestEventKind::Updated: ++counts_.updated; break;
        case IngestEventKind::Unchanged: ++counts_.unchanged; break;
        case IngestEventKind::Skipped: ++counts_.skipped; break;
        case IngestEventKind::Failed: ++counts_.failed; break;
        case IngestEventKind::Removed: ++counts_.removed; break;
        case IngestEventKind::Warning: break;
    }
    observer_.on_event(event);
}

namespace {

// Where an open descriptor really is (from /proc/self/fd), or "" when that cannot be told.
std::string real_path_of(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    std::string target(4096, '\0');
    const ssize_t n = ::readlink(link, target.data(), target.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) return {};
    target.resize(static_cast<std::size_t>(n));
    return target;
}

}  // namespace

bool Ingester::escaped_walk(int fd) const {
    if (walk_root_.empty()) return false;
    const std::string real = real_path_of(fd);
    return !real.empty() && real != walk_root_ && !path_is_under(real, walk_root_);
}

bool Ingester::wanted(const std::string& path, bool is_dir) const {
    const std::string name = fs::path(path).filename().string();
    if (!options_.hidden && name.size() > 1 && name[0] == '.') return false;
    for (const auto& pattern : options_.exclude)
        if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0 || fnmatch(pattern.c_str(), path.c_str(), 0) == 0)
            return false;
    if (is_dir || options_.include.empty()) return true;
    for (const auto& pattern : options_.include)
        if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0 || fnmatch(pattern.c_str(), path.c_str(), 0) == 0)
            return true;
    return false;
}

void Ingester::add_path(const std::string& raw) {
    const std::string path = normalize_source(raw);
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        emit({IngestEventKind::Failed, raw, {}, "no such file or folder", {}});
        return;
    }
    if (fs::is_directory(status))
        walk(path);
    else
        add_file(path, true);
}

void Ingester::walk(const std::string& root) {
    std::error_code ec;
    // Symlinks are judged by where they really lead: inside the folder given (followed) or not.
    const std::string real_root = fs::canonical(root, ec).string();
    // Every folder and file the walk opens is checked, on the open descriptor, to lie inside the
    // folder given: one swapped for a symlink after it was listed (a race another user can win)
    // must not carry the walk outside. With --follow-symlinks, leaving it is allowed.
    walk_root_ = options_.follow_symlinks || ec ? std::string() : real_root;
    struct EndWalk {
        std::string& root;
        ~EndWalk() { root.clear(); }
    } end_walk{walk_root_};
    std::set<std::pair<dev_t, ino_t>> walked;  // folders already walked: a symlink loop ends here
    // Sorted, depth-first: runs are reproducible and progress is meaningful.
    std::vector<std::string> stack{root};
    while (!stack.empty()) {
        std::string dir = std::move(stack.back());
        stack.pop_back();
        struct stat dir_status {};
        if (::stat(dir.c_str(), &dir_status) == 0 && !walked.emplace(dir_status.st_dev, dir_status.st_ino).second) {
            emit({IngestEventKind::Skipped, dir, {}, "a folder already walked through another path (a symbolic link loop?)", {}});
            continue;
        }
        std::vector<fs::directory_entry> entries;
        const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* listing = dir_fd >= 0 ? ::fdopendir(dir_fd) : nullptr;
        if (!listing) {
            const int error = errno;
            if (dir_fd >= 0) ::close(dir_fd);
            emit({IngestEventKind::Failed, dir, {}, fmt::format("cannot read folder: {}", std::strerror(error)), {}});
            failed_sources_.insert(dir);
            continue;
        }
        if (escaped_walk(dir_fd)) {
            ::closedir(listing);
            emit({IngestEventKind::Skipped, dir, {},
                  fmt::format("now leads outside {} (replaced by a symbolic link while kb was reading the folder): not read",
                              root),
                  {}});
            continue;
        }
        while (const dirent* entry = ::readdir(listing)) {
            const std::string_view name = entry->d_name;
            if (name == "." || name == "..") continue;
            entries.emplace_back(fs::path(dir) / name, ec);
        }
        ::closedir(listing);
        pause_point("walk-listed");  // a test swaps a folder for a symlink here
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path() < b.path(); });
        std::vector<std::string> subdirs;
        for (const auto& entry : entries) {
            const std::string p = entry.path().string();
            std::error_code sec;
            if (!entry.is_symlink(sec)) {
                if (entry.is_directory(sec)) {
                    if (wanted(p, true)) subdirs.push_back(p);
                } else if (wanted(p, false)) {
                    add_file(p, false, p);  // not a link: opened without following one
                }
                continue;
            }
            const bool is_dir = entry.is_directory(sec);  // of the target
            if (!wanted(p, is_dir)) continue;
            const fs::path target = fs::canonical(entry.path(), sec);
            if (sec) {
                emit({IngestEventKind::Skipped, p, {}, "a symbolic link that leads nowhere (broken or a loop)", {}});
                continue;
            }
            if (!options_.follow_symlinks && !path_is_under(target.string(), real_root)) {
                emit({IngestEventKind::Skipped, p, {},
                      fmt::format("a symbolic link to {}, outside {}: not followed (add --follow-symlinks to "
                                  "follow links that leave the folder)",
                                  target.string(), root),
                      {}});
                continue;
            }
            if (is_dir)
                subdirs.push_back(p);
            else
                add_file(p, false, target.string());  // read where it was found to lead, not where it leads now
        }
        for (auto r = subdirs.rbegin(); r != subdirs.rend(); ++r) stack.push_back(*r);
    }
}

void Ingester::add_file(const std::string& path, bool named, const std::string& no_follow_path) {
    seen_.insert(path);
    // Opened before anything else, without blocking, and checked on the descriptor: a FIFO, device
    // or socket is skipped at once (never read, never waited for), and the file read is the one checked.
    files::InputFile file;
    try {
        file = no_follow_path.empty() ? files::InputFile(path) : files::InputFile(no_follow_path, false);
    } catch (const UnsupportedInputError& e) {
        emit({IngestEventKind::Skipped, path, {}, e.reason(), {}});
        return;
    } catch (const InputError& e) {
        emit({IngestEventKind::Failed, path, {}, e.reason(), {}});
        failed_sources_.insert(path);
        return;
    }
    if (escaped_walk(file.fd())) {
        emit({IngestEventKind::Skipped, path, {},
              fmt::format("now leads outside {} (a folder on its way was replaced by a symbolic link while kb was "
                          "reading): not read",
                          walk_root_),
              {}});
        return;
    }
    const struct stat& st = file.status();
    // The options are part of the signature: re-adding with another --tag or --type redoes the file.
    const std::string signature = file_signature(st) + "|" + run_options_;
    bool reindex = false;
    if (auto previous = writer_.file_signature(path)) {
        if (options_.skip_unchanged_files && *previous == signature) {
            // Counted without reading the documents: this is the hot path of a re-run.
            for (std::uint64_t n = writer_.count_from_source(path); n > 0; --n)
                emit({IngestEventKind::Unchanged, path, {}, {}, {}});
            ++files_done_;
            observer_.on_progress(counts_, files_done_, expected_files_);
            return;
        }
        reindex = true;  // read before: documents it no longer yields are removed
    }
    if (options_.format == InputFormat::Jsonl ||
        (options_.format == InputFormat::Auto && has_extension(path, {".jsonl", ".ndjson"}))) {
        add_json_lines_file(path, file, signature);
        return;
    }
    Task task;
    task.path = path;
    task.named = named;
    task.signature = signature;
    task.reindex = reindex;
    task.size = static_cast<std::uint64_t>(st.st_size);
    task.file = std::move(file);
    submit(std::move(task));
}

void Ingester::add_json_lines_file(const std::string& path, files::InputFile& file, const std::string& signature) {
    files::InputFileBuffer buffer(file);
    std::istream in(&buffer);
    const bool indexed_before = writer_.count_from_source(path) > 0;
    std::unordered_set<std::string> ids;
    // Where a crash can cut the file off between two batches, its records carry a signature no
    // file has until the last of them is written (DocumentSink::commits_midway): a run killed
    // halfway must not leave the file looking done to the next one.
    const bool midway = writer_.commits_midway();
    const std::uint64_t bad_lines =
        stream_json_lines(in, path, indexed_before ? &ids : nullptr, midway ? "partial|" + signature : signature);
    if (indexed_before || bad_lines > 0) {
        if (pool_) pool_->wait([this](Result&& r) { deliver(std::move(r)); });
        if (bad_lines > 0) {
            // A line that no longer parses may be any record's: keep every old document of the
            // file (as a broken JSON array keeps them all), and make the next run read it again.
            failed_sources_.insert(path);
            writer_.mark_file_stale(path);
        } else {
            // Lines that are gone take their documents with them.
            for (const auto& old_id : writer_.ids_from_source(path))
                if (!ids.count(old_id) && writer_.remove(old_id))
                    emit({IngestEventKind::Removed, path, old_id, "no longer in the file", {}});
            if (midway) writer_.file_complete(path, signature);
        }
        writer_.end_of_input();
    } else if (midway) {
        // After the file's last record, in the order results are written.
        Task done;
        done.path = path;
        done.signature = signature;
        done.file_complete = true;
        submit(std::move(done));
    }
    ++files_done_;
}

std::uint64_t Ingester::stream_json_lines(std::istream& in, const std::string& source,
                                          std::unordered_set<std::string>* ids, const std::string& signature) {
    std::uint64_t bad_lines = 0;
    std::uint64_t without_id = 0;
    std::string first_without_id;
    JsonLinesReader reader(in, source, options_.max_file_bytes, json_options(options_));
    const std::uint64_t start_bytes = counts_.bytes;
    for (;;) {
        auto doc = std::make_unique<Document>();
        try {
            if (!reader.next(*doc)) break;
        } catch (const InputError& e) {
            emit({IngestEventKind::Failed, source, {}, e.reason(), e.position()});
            ++bad_lines;
            continue;
        }
        // Records exported by kb carry their original source and format: keep them (lossless restore).
        // Such a record was not read from its source: it gets no file signature, so that it is
        // kept as a restored record is (kb remove --missing, rebuild) when that source is gone.
        const bool restored = !doc->source.empty() && doc->source != source;
        if (doc->source.empty()) doc->source = source;
        if (doc->format.empty()) doc->format = "jsonl";
        if (doc->id.empty() && options_.require_id) {
            emit({IngestEventKind::Failed, source, {}, missing_id_refusal(options_, "the record"),
                  fmt::format("line {}", reader.line())});
            ++bad_lines;
            continue;
        }
        if (doc->id.empty()) {
            doc->id = source == "-" ? "stdin:" + content_hash(*doc) : fmt::format("{}#{}", source, reader.line());
            if (without_id++ == 0) first_without_id = doc->id;
        }
        counts_.bytes = start_bytes + reader.bytes_read();
        if (ids) ids->insert(doc->id);
        Task task;
        task.record = std::move(doc);
        if (!restored) task.signature = signature;
        submit(std::move(task));
    }
    counts_.bytes = start_bytes + reader.bytes_read();
    if (without_id > 0) emit({IngestEventKind::Warning, source, {}, missing_id_warning(without_id, first_without_id), {}});
    return bad_lines;
}

namespace {

// Serves bytes already read (to look at the start of a stream), then the rest of the stream, so
// the start can be looked at without holding the whole stream.
class PrefixedBuffer : public std::streambuf {
public:
    PrefixedBuffer(std::string prefix, std::streambuf* rest) : prefix_(std::move(prefix)), rest_(rest) {
        setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
    }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        // Wait for one byte, then take what is there without waiting: a slow pipe is not stalled.
        const int_type c = rest_->sbumpc();
        if (traits_type::eq_int_type(c, traits_type::eof())) return c;
        chunk_[0] = traits_type::to_char_type(c);
        const std::streamsize ready = std::max<std::streamsize>(0, rest_->in_avail());
        const std::streamsize n = 1 + rest_->sgetn(chunk_ + 1, std::min<std::streamsize>(ready, sizeof chunk_ - 1));
        setg(chunk_, chunk_, chunk_ + n);
        return c;
    }

private:
    std::string prefix_;
    std::streambuf* rest_;
    char chunk_[1 << 16];
};

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

void Ingester::add_stream(std::istream& in, const std::string& name) {
    if (options_.format == InputFormat::Jsonl) {
        stream_json_lines(in, name);
        return;
    }
    // Auto: a first line that is a whole JSON object, followed by more lines, is a JSON Lines
    // stream, read record by record from there on; anything else is one document, read whole.
    const auto too_large = [&] {
        emit({IngestEventKind::Failed, name, {},
              fmt::format("input too large (over {} MB for one document); a JSON Lines stream has no limit: "
                          "use --format jsonl",
                          options_.max_file_bytes >> 20),
              {}});
    };
    std::string head;  // what was read to decide, handed on to whichever reader follows
    if (options_.format == InputFormat::Auto) {
        std::string line;
        CappedLine read = read_line_capped(in, line, options_.max_file_bytes);
        if (read.too_long) return too_large();
        std::string_view trimmed = text::strip_bom(line);
        while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
        const bool object_line = !trimmed.empty() && trimmed.front() == '{' && nlohmann::json::accept(trimmed);
        head = std::move(line);
        if (read.newline) head += '\n';
        std::size_t blank_lines = 0;
        while (object_line && read.newline) {
            read = read_line_capped(in, line, options_.max_file_bytes);
            if (!read.found) break;
            const bool more = !blank(line) || read.too_long;
            if (read.too_long) {
                // Only its first bytes were kept: hand on a line that is too long again, so the
                // reader rejects it with its line number instead of parsing (or indexing) a prefix.
                line.assign(options_.max_file_bytes + 1, ' ');
            }
            // A blank line counts only as a line (the reader numbers lines), and only a megabyte
            // of them is held: a stream of them behind one object is read as JSON Lines from
            // there (before, `yes ''` behind one object grew without bound).
            if (more) head += line;
            if (read.newline) head += '\n';
            if (!more && ++blank_lines <= (std::size_t{1} << 20)) continue;
            PrefixedBuffer joined_buffer(std::move(head), in.rdbuf());
            std::istream joined(&joined_buffer);
            stream_json_lines(joined, name);
            return;
        }
        // Not JSON Lines, or a single object and nothing else: one document (below).
    }
    std::string bytes = std::move(head);
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > options_.max_file_bytes) {
            counts_.bytes += bytes.size();
            return too_large();
        }
    }
    if (in.bad()) {
        emit({IngestEventKind::Failed, name, {}, "read error", {}});
        return;
    }
    counts_.bytes += bytes.size();
    try {
        std::vector<std::string> warnings;
        std::vector<Document> docs = extract(bytes, name, options_.format, &warnings, json_options(options_));
        for (auto& warning : warnings) emit({IngestEventKind::Warning, name, {}, std::move(warning), {}});
        const auto without_id = static_cast<std::uint64_t>(std::count_if(
            docs.begin(), docs.end(), [](const Document& d) { return d.id.empty() && is_record(d); }));
        if (without_id > 0 && options_.require_id)
            return emit({IngestEventKind::Failed, name, {}, missing_id_refusal(options_, "a record"), {}});
        bool warned_missing_id = false;
        for (std::size_t i = 0; i < docs.size(); ++i) {
            if (auto why = text_only_reason(docs[i])) emit({IngestEventKind::Warning, name, {}, std::move(*why), {}});
            auto doc = std::make_unique<Document>(std::move(docs[i]));
            doc->source = name;
            if (doc->id.empty()) {
                // A stream's id comes from the content: a corrected record gets another one.
                doc->id = "stdin:" + content_hash(*doc);
                if (is_record(*doc) && !warned_missing_id) {
                    emit({IngestEventKind::Warning, name, {}, missing_id_warning(without_id, doc->id), {}});
                    warned_missing_id = true;
                }
            }
            Task task;
            task.record = std::move(doc);
            submit(std::move(task));
        }
    } catch (const UnsupportedInputError& e) {
        emit({IngestEventKind::Skipped, name, {}, e.reason(), e.position()});
    } catch (const InputError& e) {
        emit({IngestEventKind::Failed, name, {}, e.reason(), e.position()});
    }
}

void Ingester::submit(Task&& task) {
    if (!pool_) {
        bytes_in_flight_ += task.size;  // released by write(), as with the pool
        write(process(task, options_, run_options_));
        return;
    }
    // Finished results wait in reorder_ for a slow one before them (a 45 MB file among small ones):
    // bound everything between submit and write, not only the input queue, so memory stays flat.
    const auto drain = [this](Result&& r) { deliver(std::move(r)); };
    while (next_seq_ - next_write_ >= max_in_flight_) pool_->wait_some(drain);
    // Big files wait until the bytes already in flight are written; one larger than the budget
    // is read alone.
    while (bytes_in_flight_ > 0 && bytes_in_flight_ + task.size > options_.max_bytes_in_flight) pool_->wait_some(drain);
    bytes_in_flight_ += task.size;
    task.seq = next_seq_++;
    pool_->push(std::move(task), [this](Result&& r) { deliver(std::move(r)); });
}

void Ingester::deliver(Result&& result) {
    // Workers finish out of order; writing in input order keeps "the last version wins" true
    // when one id comes twice. The pool's bounded queue bounds this buffer too.
    reorder_.emplace(result.seq, std::move(result));
    while (!reorder_.empty() && reorder_.begin()->first == next_write_) {
        write(std::move(reorder_.begin()->second));
        reorder_.erase(reorder_.begin());
        ++next_write_;
    }
}

void Ingester::write(Result&& result) {
    bytes_in_flight_ -= result.reserved;
    counts_.bytes += result.bytes;
    if (result.is_file) ++files_done_;
    for (auto& warning : result.warnings) emit({IngestEventKind::Warning, result.file, {}, std::move(warning), {}});
    if (!result.complete_signature.empty()) {
        writer_.file_complete(result.source, result.complete_signature);
        writer_.end_of_input();
        return;
    }
    if (result.problem) {
        if (result.problem->kind == IngestEventKind::Failed) failed_sources_.insert(result.source);
        emit(std::move(*result.problem));
        observer_.on_progress(counts_, files_done_, expected_files_);
        return;
    }
    for (std::size_t i = 0; i < result.docs.size(); ++i) {
        if (i < result.path_ids.size() && !result.path_ids[i].empty() && claimed_by_other(result, i)) {
            emit({IngestEventKind::Warning, result.file, result.ids[i],
                  fmt::format("another file has the same canonical URL {}: this one keeps its path as id",
                              result.ids[i]),
                  {}});
            result.ids[i] = result.path_ids[i];
            reassign_id(result.docs[i], result.ids[i]);
        }
        if (writer_.divert(result.ids[i], result.source, result.docs[i])) continue;
        note_written(result.ids[i], result.source);
        UpsertOutcome outcome = writer_.upsert(std::move(result.docs[i]));
        IngestEventKind kind = outcome == UpsertOutcome::Added     ? IngestEventKind::Added
                               : outcome == UpsertOutcome::Updated ? IngestEventKind::Updated
                                                                   : IngestEventKind::Unchanged;
        emit({kind, result.file, result.ids[i], {}, {}});
    }
    // A changed file that now holds fewer documents (a feed that dropped items): remove the rest.
    if (result.reindex) {
        for (const auto& old_id : writer_.ids_from_source(result.source))
            if (std::find(result.ids.begin(), result.ids.end(), old_id) == result.ids.end() &&
                writer_.remove(old_id))
                emit({IngestEventKind::Removed, result.file, old_id, "no longer in the file", {}});
    }
    writer_.end_of_input();
    observer_.on_progress(counts_, files_done_, expected_files_);
}

bool Ingester::claimed_by_other(const Result& result, std::size_t i) {
    const std::string& id = result.ids[i];
    auto [it, first] = url_claims_.emplace(id, result.source);
    if (!first) return it->second != result.source;
    // Claimed in an earlier run by a file that still exists and was not read again now: that file
    // still says so, and this page must not take its document over. (A file read again now that
    // no longer claims it, or one that is gone, means the page moved: it follows.)
    const auto other = writer_.source_of(id);
    if (!other || *other == result.source || *other == "-" || seen_.count(*other)) return false;
    if (probe_path(*other).kind != PathState::Present) return false;
    it->second = *other;
    return true;
}

void Ingester::note_written(const std::string& id, const std::string& source) {
    auto [number, fresh_source] = source_numbers_.emplace(source, static_cast<std::uint32_t>(sources_written_.size()));
    if (fresh_source) sources_written_.push_back(source);
    const std::uint64_t key = text::fnv1a64(id);
    auto it = ids_written_.find(key);
    if (it == ids_written_.end()) {
        if (ids_written_.size() < kMaxTrackedIds) ids_written_.emplace(key, number->second);
        return;
    }
    // Counted once per id (the top bit marks one already counted), under the pair first seen.
    constexpr std::uint32_t counted = 0x80000000u;
    if (!(it->second & counted)) {
        Repeats& r = repeats_[{number->second, it->second & ~counted}];
        if (r.count++ == 0) r.first_id = id;
    }
    it->second = number->second | counted;
}

void Ingester::warn_repeats() {
    for (const auto& [sources, r] : repeats_) {
        const std::string& source = sources_written_[sources.first];
        const std::string& earlier = sources_written_[sources.second];
        const std::string first = fmt::format("{}{}", r.first_id, r.count > 1 ? ", the first" : "");
        emit({IngestEventKind::Warning, source, r.first_id,
              sources.first == sources.second
                  ? fmt::format("{} {} came more than once ({}); the last record of each is the one kept", r.count,
                                r.count == 1 ? "id" : "ids", first)
                  : fmt::format("{} {} also came from {} in this run ({}); this source's version is the one kept",
                                r.count, r.count == 1 ? "id" : "ids", earlier, first),
              {}});
    }
    repeats_.clear();
}

const IngestCounts& Ingester::finish() {
    if (pool_) pool_->wait([this](Result&& r) { deliver(std::move(r)); });
    warn_repeats();
    writer_.commit();
    return counts_;
}

}  // namespace kb

// Feeds files, folders and document streams through extraction and analysis into the writer.
//
// Extraction and analysis run on `jobs` worker threads; the calling thread is the one writer
// (Xapian allows one per database). Everything between submit and write is bounded (jobs x 8
// tasks), so memory stays flat on any input size and any mix of slow and fast inputs.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "fs/input_file.h"
#include "index/document_sink.h"

namespace kb {

struct IngestOptions {
    InputFormat format = InputFormat::Auto;
    std::vector<std::string> include;   // glob patterns a file must match (any), if given
    std::vector<std::string> exclude;   // glob patterns that drop a file or folder
    bool hidden = false;                // descend into and index dot-files
    // In a walked folder, follow symlinks whose target lies outside that folder too (those
    // inside it are always followed; a path named by the user always is).
    bool follow_symlinks = false;
    std::size_t jobs = 1;               // worker threads for extraction and analysis
    std::vector<std::string> add_tags;  // added to every document of the run
    std::string type;                   // overrides every document's type, if set
    std::string lang;                   // overrides every document's language, if set
    bool skip_unchanged_files = true;   // trust size+mtime to skip files indexed before
    // JSON and JSON Lines: the field that holds each record's id (see JsonReadOptions), and
    // whether a record without one is refused (else it gets an id from its position, with a warning).
    std::string id_field;
    bool require_id = false;
    std::vector<std::string> field_map;  // JSON records: "FIELD=PATH" (--map), checked by the caller
    // Larger files, stdin documents and JSON Lines lines fail as too large (JSON Lines files and
    // streams as a whole have no limit). A file is held whole while it is extracted and analysed,
    // which takes about 6 times its size: 40 MB keeps a run under 300 MB.
    std::uintmax_t max_file_bytes = 40ull << 20;
    // Bytes of files being read, extracted or analysed, or waiting to be written, at once. A file
    // larger than this is read alone.
    std::uintmax_t max_bytes_in_flight = 24ull << 20;
};

// Warning: something the user should know that changed no count (two files claiming one URL).
enum class IngestEventKind { Added, Updated, Unchanged, Skipped, Failed, Removed, Warning };

struct IngestEvent {
    IngestEventKind kind;
    std::string file;      // the input (path, or "-" for stdin)
    std::string id;        // the document id, where there is one
    std::string reason;    // why it was skipped or failed
    std::string position;  // "line 3, column 7" / "byte 120", where known
};

struct IngestCounts {
    std::uint64_t added = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0, removed = 0;
    std::uint64_t bytes = 0;  // input bytes read
    std::uint64_t documents() const { return added + updated + unchanged; }
};

// Receives events as they happen (on the writer thread). Default: ignore them.
class IngestObserver {
public:
    virtual ~IngestObserver() = default;
    virtual void on_event(const IngestEvent&) {}
    // Called after each written document; `total_files` is 0 while the total is unknown.
    virtual void on_progress(const IngestCounts&, std::uint64_t files_done, std::uint64_t total_files) {
        (void)files_done;
        (void)total_files;
    }
};

class Ingester {
public:
    Ingester(DocumentSink& writer, IngestOptions options, IngestObserver& observer);
    ~Ingester();

    // A file or a folder (walked recursively). Problems become Failed events, never exceptions.
    void add_path(const std::string& path);
    // A stream (stdin): JSON Lines are read record by record; other formats are read whole.
    void add_stream(std::istream& in, const std::string& name);
    // A document already extracted (a stored record being re-analysed by rebuild), as it is; with
    // the file signature and run options it was stored with, so it stays what it was.
    void add_record(Document doc, std::string file_signature = {}, std::string run_options = {});
    // Waits for the workers and commits. Returns the counts.
    const IngestCounts& finish();

    const IngestCounts& counts() const { return counts_; }
    // How many files the run will read, when the caller knows (a list of files): enables an ETA.
    void set_expected_files(std::uint64_t n) { expected_files_ = n; }
    // The absolute paths of every file this run saw (for pruning files that disappeared).
    const std::set<std::string>& seen_sources() const { return seen_; }
    // Sources that failed, whole or in part (a bad JSON Lines line): their old documents that this
    // run did not produce again must be kept.
    const std::set<std::string>& failed_sources() const { return failed_sources_; }

    // The normalised, absolute form of a path as stored in Document::source.
    static std::string normalize_source(const std::string& path);
    // The options that change what a file yields (format and overrides), as stored per document.
    static std::string run_options_json(const IngestOptions& options);
    static IngestOptions apply_run_options(IngestOptions base, const std::string& json);

    // A unit of work for the workers and what they hand back (defined in ingester.cpp).
    struct Task;
    struct Result;

private:
    class Pool;

    void walk(const std::string& root);
    // `no_follow_path`, when given, is what to open instead, refusing a symlink there: the file
    // itself for a plain entry of a walk, the resolved target for a symlink the walk vetted.
    void add_file(const std::string& path, bool named_explicitly, const std::string& no_follow_path = {});
    // `ids`, when given, collects the id of every record read.
    // Returns how many lines failed.
    std::uint64_t stream_json_lines(std::istream& in, const std::string& source,
                                    std::unordered_set<std::string>* ids = nullptr, const std::string& signature = {});
    void add_json_lines_file(const std::string& path, files::InputFile& file, const std::string& signature);
    void submit(Task&& task);
    void write(Result&& result);
    void deliver(Result&& result);
    void emit(IngestEvent event);
    bool wanted(const std::string& path, bool is_dir) const;
    // Whether the i-th document's URL id was claimed by another source (in this run, or by an
    // existing file in the index); the first claimant keeps it.
    bool claimed_by_other(const Result& result, std::size_t i);

    DocumentSink& writer_;
    IngestOptions options_;
    std::string run_options_;  // stored with each document so rebuild can redo it the same way
    IngestObserver& observer_;
    IngestCounts counts_;
    std::set<std::string> seen_;
    std::set<std::string> failed_sources_;
    std::unordered_map<std::string, std::string> url_claims_;  // URL id -> the source that has it
    // The real path of the folder being walked, unless symlinks may leave it: what is opened in
    // the walk must lie inside (escaped_walk checks an open descriptor).
    std::string walk_root_;
    bool escaped_walk(int fd) const;
    // Ids written in this run (a hash of each, and the source it came from, as an index into
    // sources_written_), so that an id that comes again is never replaced silently: finish()
    // warns once per source with how many and the first (kMaxTrackedIds bounds the memory).
    static constexpr std::size_t kMaxTrackedIds = 1'000'000;
    struct Repeats {
        std::uint64_t count = 0;
        std::string first_id;
    };
    std::unordered_map<std::uint64_t, std::uint32_t> ids_written_;
    std::vector<std::string> sources_written_;
    std::unordered_map<std::string, std::uint32_t> source_numbers_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, Repeats> repeats_;  // (source, earlier source)
    void note_written(const std::string& id, const std::string& source);
    void warn_repeats();
    std::uint64_t files_done_ = 0;
    std::uint64_t expected_files_ = 0;
    std::unique_ptr<Pool> pool_;
    std::map<std::uint64_t, Result> reorder_;  // finished out of order, waiting for their turn
    std::uint64_t next_seq_ = 0, next_write_ = 0;
    std::uint64_t max_in_flight_ = 0;  // tasks submitted but not yet written, at most
    std::uint64_t bytes_in_flight_ = 0;  // sizes of the files among them
};

}  // namespace kb

// Rebuilds a whole index from its recorded sources into a new database beside the live one, then
// swaps the stub so readers move from the complete old index to the complete new one in one rename.
//
// A rebuild never loses a document silently: a recorded source that is missing or unreadable, or
// a result that would drop more than `max_drop` of the documents, stops it before the swap (the
// live index keeps serving) unless `allow_drop` says the loss is meant.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "index/index_store.h"
#include "ingest/ingester.h"

namespace kb {

struct RebuildOptions {
    std::size_t jobs = 1;      // extraction threads, and shards written in parallel
    std::size_t batch = 1000;  // documents per shard commit
    bool compact = false;      // compact the result (smaller, faster to search)
    double wait_seconds = 5.0; // for another writer to finish
    double max_drop = 0.10;    // the share of documents a rebuild may drop before it refuses
    bool allow_drop = false;   // drop what is gone, however much, and forget missing sources
};

// Documents dropped from one source, and why.
struct DroppedGroup {
    std::string source;
    std::string reason;
    std::uint64_t count = 0;
};

// A recorded source that could not be read at all.
struct SourceProblem {
    std::string path;
    std::string kind;   // folder | file
    std::string state;  // missing | unreadable
    std::string reason;
};

struct RebuildSummary {
    IngestCounts counts;                  // from the walk of the folders and files
    std::uint64_t from_records = 0;       // documents re-analysed from their stored record
    std::uint64_t kept_from_failed = 0;   // ... of which kept because their file failed or could not be read
    std::uint64_t dropped = 0;            // documents whose files (or lines, or items) are gone
    std::vector<DroppedGroup> dropped_by_source;
    std::vector<SourceProblem> source_problems;
    std::vector<std::string> forgotten_sources;  // missing sources dropped with allow_drop
    std::uint64_t documents_before = 0;
    std::uint64_t documents_after = 0;
    std::uint64_t stale_removed = 0;      // leftovers of earlier builds cleaned up
    std::string started_at, finished_at;  // ISO 8601 UTC
    bool refused = false;                 // stopped before the swap; the live index is unchanged
    std::string refusal;                  // why, and what to do
    std::filesystem::path database;       // the new live database (empty when refused)
};

// Holds the write lock throughout. On any failure, refusal or kill the old index stays live.
RebuildSummary rebuild_index(const IndexStore& store, const RebuildOptions& options, IngestObserver& observer);

}  // namespace kb

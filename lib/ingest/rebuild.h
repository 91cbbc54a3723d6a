// Rebuilds a whole index from its sources into a new database beside the live one, then swaps
// the stub so readers move from the complete old index to the complete new one in one rename.
#pragma once
#include <cstdint>
#include <filesystem>

#include "index/index_store.h"
#include "ingest/ingester.h"

namespace kb {

struct RebuildOptions {
    std::size_t jobs = 1;      // extraction threads, and shards written in parallel
    std::size_t batch = 1000;  // documents per shard commit
    bool compact = false;      // compact the result (smaller, faster to search)
    double wait_seconds = 5.0; // for another writer to finish
};

struct RebuildSummary {
    IngestCounts counts;                  // from the walk of the folders and files
    std::uint64_t from_records = 0;       // documents re-analysed from their stored record (stdin)
    std::uint64_t dropped = 0;            // documents whose files are gone
    std::uint64_t documents_before = 0;
    std::uint64_t documents_after = 0;
    std::uint64_t stale_removed = 0;      // leftovers of earlier builds cleaned up
    std::filesystem::path database;       // the new live database
};

// Holds the write lock throughout. On any failure (or kill) the old index stays live.
RebuildSummary rebuild_index(const IndexStore& store, const RebuildOptions& options, IngestObserver& observer);

}  // namespace kb

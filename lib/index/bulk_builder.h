// Builds a whole new database aside the live one, on several shards written in parallel and
// merged with Xapian's compactor at the end. Used by `kb rebuild` and by `kb add` into an empty
// index: with Xapian 1.4 most indexing time is spent in the single writer, so parallel writers on
// separate shards are the way past one core. Readers never see it until the caller switches to it.
#pragma once
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/document_sink.h"
#include "index/spelling.h"
#include "index/index_store.h"

namespace kb {

class BulkBuilder : public DocumentSink {
public:
    // Measured with tests/bench/bench_add.sh (JSON Lines): see the README's performance section.
    static constexpr std::size_t kDefaultSegmentDocs = 20000;
    static constexpr std::size_t kMaxShards = 4;
    // About 100 bytes each: 20 MB per shard at most.
    static constexpr std::size_t kDefaultSpellingWords = 200000;

    // `shards` writer threads, each committing every `batch` documents and starting a new segment
    // every `segment_docs` documents; at most `merge_fan_in` segments are merged at once. Each
    // shard holds the dictionary changes of up to `spelling_words` words before it writes them.
    BulkBuilder(const IndexStore& store, std::size_t shards, std::size_t batch,
                std::size_t segment_docs = kDefaultSegmentDocs, std::size_t merge_fan_in = 32,
                std::size_t spelling_words = kDefaultSpellingWords);
    // Deletes the partial build unless finish() succeeded.
    ~BulkBuilder() override;

    // Routes the document to a shard by its id, so repeated ids always meet in the same shard.
    UpsertOutcome upsert(PreparedDocument&& doc) override;
    bool remove(const std::string& id) override;
    void commit() override {}
    std::optional<std::string> file_signature(const std::string&) override { return std::nullopt; }
    std::vector<std::string> ids_from_source(const std::string&) override { return {}; }
    std::uint64_t count_from_source(const std::string&) override { return 0; }
    // Remembered, and applied to the merged index by finish(): the next kb add reads the file
    // again (it had lines that failed).
    void mark_file_stale(const std::string& source) override { stale_sources_.insert(source); }

    // Waits for the shards, merges them (compacted when asked, or when there are several), stamps
    // the result, syncs it to disk and returns its folder. The caller switches the stub to it.
    // `metadata` is written into the result too.
    std::filesystem::path finish(bool compact, const std::vector<std::pair<std::string, std::string>>& metadata = {});

private:
    class Shard;
    // Writes each share's additions, in parallel, into a new database under parts_, added to
    // `segments` for the merge.
    void write_dictionary(std::vector<SpellingChanges>& shares, std::vector<std::filesystem::path>& segments);
    const IndexStore& store_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::filesystem::path output_;
    std::filesystem::path parts_;  // the shards' segments, merged into output_ by finish()
    std::size_t merge_fan_in_;
    std::unordered_map<std::uint64_t, std::uint64_t> seen_;  // id hash -> content hash
    std::set<std::string> stale_sources_;
    bool finished_ = false;
};

// Deletes database folders and temporary files in the index folder that the stub does not name:
// leftovers of killed builds and earlier generations. Call only while holding the write lock.
std::uint64_t remove_stale_databases(const IndexStore& store);

// fsyncs every file under `dir`, and the folder itself.
void sync_tree(const std::filesystem::path& dir);

}  // namespace kb

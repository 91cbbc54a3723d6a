#include "index/bulk_builder.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fcntl.h>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>
#include <xapian.h>

#include "error.h"
#include "index/analyzer.h"
#include "index/duplicates.h"
#include "index/schema.h"
#include "index/spelling.h"
#include "index/writer.h"
#include "testing/kill_point.h"
#include "text/date.h"
#include "text/hash.h"

namespace kb {

namespace fs = std::filesystem;

// One writer thread and the databases it writes. A Xapian database gets slower to add to as it
// grows (each commit merges into longer posting lists), so the shard starts a new segment every
// `segment_docs` documents; finish() merges all segments at once with the compactor, which is a
// cheap linear merge. A document whose id was written to an earlier segment is deleted there at
// the end, so the merge never holds one id twice.
class BulkBuilder::Shard {
public:
    Shard(fs::path prefix, std::size_t batch, std::size_t segment_docs, std::size_t spelling_words)
        : prefix_(std::move(prefix)), batch_(batch), segment_docs_(std::max<std::size_t>(1, segment_docs)),
          spelling_words_(spelling_words) {
        open_segment();
        thread_ = std::thread([this] { run(); });
    }
    ~Shard() { stop(); }

    void push(PreparedDocument&& doc) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [this] { return queue_.size() < 256 || error_; });
        rethrow();
        queue_.push_back(std::move(doc));
        ready_.notify_one();
    }

    // Drains the queue, commits and closes; rethrows a writer error.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        if (thread_.joinable()) thread_.join();
    }
    void rethrow() {
        if (error_) std::rethrow_exception(error_);
    }
    // Valid once stop() returned.
    const std::vector<fs::path>& segments() const { return segments_; }
    SpellingChanges& spelling() { return spelling_; }

private:
    void open_segment() {
        segments_.push_back(fs::path(fmt::format("{}-{}", prefix_.string(), segments_.size())));
        try {
            // No fsync per commit: a killed build is discarded anyway; finish() syncs the result.
            db_ = Xapian::WritableDatabase(segments_.back().string(),
                                           Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS);
        } catch (const Xapian::Error& e) {
            rethrow_xapian_error(e, fmt::format("cannot create {}", segments_.back().string()));
        }
        in_segment_ = 0;
    }

    void write(PreparedDocument& doc) {
        const std::uint64_t id = text::fnv1a64(doc.id_term);
        const std::uint32_t current = static_cast<std::uint32_t>(segments_.size() - 1);
        auto [it, first] = segment_of_.emplace(id, current);
        if (first) {
            db_.add_document(doc.xapian);  // cheaper than replace_document: no lookup of the id
        } else {
            if (it->second != current) {
                stale_.emplace_back(it->second, doc.id_term);
            } else if (auto old = db_.postlist_begin(doc.id_term); old != db_.postlist_end(doc.id_term)) {
                spelling_.remove(stored_words(db_.get_document(*old)));
            }
            it->second = current;
            db_.replace_document(doc.id_term, doc.xapian);
        }
        spelling_.add(doc.spelling_words);
        // Xapian holds a batch in memory until the commit: big documents commit sooner, so a few
        // shards of large records stay within the memory bound (the stored record is most of it).
        pending_bytes_ += doc.xapian.get_value(schema::kRecordSlot).size();
        if (++pending_ >= batch_ || pending_bytes_ >= kFlushBytes) {
            commit();
            pending_ = 0;
            pending_bytes_ = 0;
            kill_point("shard-commit");
        }
        if (++in_segment_ >= segment_docs_) {
            commit();
            kill_point("shard-commit");
            db_.close();
            pending_ = 0;
            pending_bytes_ = 0;
            open_segment();
        }
    }

    // The dictionary changes are summed over the whole build and written once, into the merged
    // index (finish()): written at every commit, they cost a third of an HTML import, because
    // each batch looked up and rewrote the fragment lists of a vocabulary that keeps growing.
    // A vocabulary too large to hold (numbers, codes, millions of names) goes into the segment
    // now and then; the compactor sums the segments' dictionaries.
    void commit() {
        if (spelling_.size() >= spelling_words_) spelling_.apply(db_);
        db_.commit();
    }

    // The words a document written earlier in the build gave the dictionary (an id that came twice).
    std::string stored_words(const Xapian::Document& stored) {
        if (!analyzer_) analyzer_ = std::make_unique<DocumentAnalyzer>();
        return analyzer_->spelling_words(stored);
    }

    // Deletes, from earlier segments, the documents whose id came again in a later one.
    void delete_stale() {
        std::sort(stale_.begin(), stale_.end());
        for (std::size_t i = 0; i < stale_.size();) {
            Xapian::WritableDatabase old(segments_[stale_[i].first].string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
            const std::uint32_t segment = stale_[i].first;
            for (; i < stale_.size() && stale_[i].first == segment; ++i) {
                const std::string& term = stale_[i].second;
                if (auto doc = old.postlist_begin(term); doc != old.postlist_end(term))
                    spelling_.remove(stored_words(old.get_document(*doc)));
                old.delete_document(term);
            }
            old.commit();
            old.close();
        }
    }

    void run() {
        try {
            for (;;) {
                PreparedDocument doc;
                {
                    std::unique_lock lock(mutex_);
                    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                    if (queue_.empty()) break;
                    doc = std::move(queue_.front());
                    queue_.pop_front();
                }
                space_.notify_one();
                write(doc);
            }
            commit();
            kill_point("shard-commit");
            db_.close();
            delete_stale();
        } catch (const Xapian::Error& e) {
            std::lock_guard lock(mutex_);
            error_ = std::make_exception_ptr(IndexError(fmt::format("writing {} failed: {}", prefix_.string(), e.get_description())));
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        space_.notify_all();
    }

    fs::path prefix_;
    static constexpr std::size_t kFlushBytes = 4u << 20;  // of stored records, per shard
    std::size_t batch_, segment_docs_;
    std::size_t spelling_words_;  // distinct words whose changes the shard holds before writing them
    std::size_t pending_bytes_ = 0;
    std::size_t pending_ = 0, in_segment_ = 0;
    std::vector<fs::path> segments_;
    std::unordered_map<std::uint64_t, std::uint32_t> segment_of_;  // id hash -> last segment written
    std::vector<std::pair<std::uint32_t, std::string>> stale_;    // (segment, id term) to delete
    Xapian::WritableDatabase db_;
    SpellingChanges spelling_;  // of all segments; see commit()
    std::unique_ptr<DocumentAnalyzer> analyzer_;  // made when a document is first replaced
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<PreparedDocument> queue_;
    bool stopping_ = false;
    std::exception_ptr error_;
};

BulkBuilder::BulkBuilder(const IndexStore& store, std::size_t shards, std::size_t batch, std::size_t segment_docs,
                         std::size_t merge_fan_in, std::size_t spelling_words)
    : store_(store), output_(store.new_database_path()), parts_(output_.string() + ".parts"),
      merge_fan_in_(std::max<std::size_t>(2, merge_fan_in)) {
    std::error_code ec;
    fs::create_directories(parts_, ec);
    if (ec) throw IndexError(fmt::format("cannot create {}: {}", parts_.string(), ec.message()));
    // Each shard buffers a batch in memory, and more writers than cores only take turns: a few
    // shards keep memory bounded whatever --jobs says.
    for (std::size_t i = 0; i < std::clamp<std::size_t>(shards, 1, kMaxShards); ++i)
        shards_.push_back(std::make_unique<Shard>(parts_ / fmt::format("shard{}", i), batch, segment_docs, spelling_words));
}

BulkBuilder::~BulkBuilder() {
    shards_.clear();  // joins the threads
    std::error_code ec;
    fs::remove_all(parts_, ec);
    if (!finished_) fs::remove_all(output_, ec);
}

UpsertOutcome BulkBuilder::upsert(PreparedDocument&& doc) {
    const std::uint64_t id = text::fnv1a64(doc.id_term);
    const std::uint64_t content = text::fnv1a64(doc.hash);
    auto [it, inserted] = seen_.emplace(id, content);
    UpsertOutcome outcome = UpsertOutcome::Added;
    if (!inserted) {
        outcome = it->second == content ? UpsertOutcome::Unchanged : UpsertOutcome::Updated;
        it->second = content;
    }
    shards_[id % shards_.size()]->push(std::move(doc));
    return outcome;
}

bool BulkBuilder::remove(const std::string&) { return false; }

void BulkBuilder::write_dictionary(std::vector<SpellingChanges>& shares, std::vector<fs::path>& segments) {
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> errors(shares.size());
    for (std::size_t i = 0; i < shares.size(); ++i) {
        segments.push_back(parts_ / fmt::format("spelling{}", i));
        threads.emplace_back([&, i, path = segments.back()] {
            try {
                Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS);
                shares[i].apply_additions(db);
                db.commit();
                db.close();
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

fs::path BulkBuilder::finish(bool compact, const std::vector<std::pair<std::string, std::string>>& metadata) {
    for (auto& shard : shards_) {
        shard->stop();
        shard->rethrow();
    }
    try {
        std::vector<fs::path> segments;
        for (auto& shard : shards_) segments.insert(segments.end(), shard->segments().begin(), shard->segments().end());
        // The spelling dictionary, one share of the words per shard, each written by a thread of
        // its own into a database the merge takes in: Xapian spends some microseconds on each new
        // word, and this is the one stretch of a build where the other cores would sit idle.
        std::vector<SpellingChanges> dictionary(shards_.size());
        for (auto& shard : shards_) shard->spelling().distribute(dictionary);
        const bool just_rename = segments.size() == 1 && !compact;
        if (!just_rename) write_dictionary(dictionary, segments);
        // A merge holds every input open (several files each): merge in groups first when there
        // are many, so millions of documents do not run out of file descriptors.
        for (std::size_t round = 0; segments.size() > merge_fan_in_; ++round) {
            std::vector<fs::path> merged;
            for (std::size_t i = 0; i < segments.size(); i += merge_fan_in_) {
                const std::size_t n = std::min(merge_fan_in_, segments.size() - i);
                if (n == 1) {
                    merged.push_back(segments[i]);
                    continue;
                }
                merged.push_back(parts_ / fmt::format("merge{}-{}", round, i / merge_fan_in_));
                Xapian::Database group;
                for (std::size_t k = 0; k < n; ++k) group.add_database(Xapian::Database(segments[i + k].string()));
                group.compact(merged.back().string());
                for (std::size_t k = 0; k < n; ++k) fs::remove_all(segments[i + k]);
            }
            segments.swap(merged);
        }
        if (just_rename) {
            fs::rename(segments[0], output_);
        } else {
            Xapian::Database all;
            for (const auto& segment : segments) all.add_database(Xapian::Database(segment.string()));
            // FULL, not FULLER: FULLER packs blocks so tightly that later updates are slow.
            all.compact(output_.string(), compact ? Xapian::Compactor::FULL : Xapian::Compactor::STANDARD);
        }
        std::error_code ec;
        fs::remove_all(parts_, ec);
        Xapian::WritableDatabase db(output_.string(), Xapian::DB_OPEN);
        for (auto& share : dictionary) share.apply(db);  // what is left: all of it, or the removals
        // Near-duplicates may have gone to different shards: found here, across the whole index.
        mark_all_shared_duplicates(db);
        for (const auto& source : stale_sources_)
            store_file_signature(db, source, std::string(kStaleFileSignature));
        IndexStore::stamp(db);
        for (const auto& [key, value] : metadata) db.set_metadata(key, value);
        db.set_metadata(std::string(schema::kLastUpdateKey), text::utc_now());
        db.commit();
        write_facet_table(output_, db);
        db.close();
    } catch (const Xapian::Error& e) {
        rethrow_xapian_error(e, fmt::format("cannot merge the new index at {}", output_.string()));
    }
    sync_tree(output_);
    kill_point("merged");
    finished_ = true;
    return output_;
}

void sync_tree(const fs::path& dir) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }
    sync_directory(dir);
}

namespace {

// Exactly the names kb gives what it makes: db-<microseconds>-<pid>[.parts], current.tmp-<suffix>.
// A user's "db-backup-2019" or "db-list.txt" never matches.
bool made_by_kb(std::string_view name) {
    if (name.rfind("current.tmp-", 0) == 0)
        return name.size() > 12 && std::all_of(name.begin() + 12, name.end(), [](unsigned char c) { return std::isalnum(c); });
    if (name.size() > 6 && name.substr(name.size() - 6) == ".parts") name.remove_suffix(6);
    return IndexStore::is_database_name(name);
}

}  // namespace

std::uint64_t remove_stale_databases(const IndexStore& store) {
    std::string live;
    if (store.exists()) live = store.live_database().filename().string();
    std::uint64_t removed = 0;
    std::error_code ec;
    // Only in a folder that is a kb index (claim_folder() has vetted it), and only kb's own names.
    if (!store.exists() && !fs::exists(store.marker_path(), ec)) return 0;
    for (const auto& entry : fs::directory_iterator(store.root(), ec)) {
        const std::string name = entry.path().filename().string();
        if (!made_by_kb(name) || name == live) continue;
        std::error_code rec;
        fs::remove_all(entry.path(), rec);
        if (!rec) ++removed;
    }
    return removed;
}

}  // namespace kb

#include "index/bulk_builder.h"

#include <condition_variable>
#include <deque>
#include <fcntl.h>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>
#include <xapian.h>

#include "error.h"
#include "index/schema.h"
#include "index/writer.h"
#include "text/date.h"
#include "text/hash.h"

namespace kb {

namespace fs = std::filesystem;

// One writer thread and its database.
class BulkBuilder::Shard {
public:
    Shard(fs::path path, std::size_t batch) : path_(std::move(path)), batch_(batch) {
        try {
            // No fsync per commit: a killed build is discarded anyway; finish() syncs the result.
            db_ = Xapian::WritableDatabase(path_.string(),
                                           Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS);
        } catch (const Xapian::Error& e) {
            rethrow_xapian_error(e, fmt::format("cannot create {}", path_.string()));
        }
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
    const fs::path& path() const { return path_; }

private:
    void run() {
        try {
            std::size_t pending = 0;
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
                db_.replace_document(doc.id_term, doc.xapian);
                if (++pending >= batch_) {
                    db_.commit();
                    pending = 0;
                }
            }
            db_.commit();
            db_.close();
        } catch (const Xapian::Error& e) {
            std::lock_guard lock(mutex_);
            error_ = std::make_exception_ptr(IndexError(fmt::format("writing {} failed: {}", path_.string(), e.get_description())));
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        space_.notify_all();
    }

    fs::path path_;
    std::size_t batch_;
    Xapian::WritableDatabase db_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<PreparedDocument> queue_;
    bool stopping_ = false;
    std::exception_ptr error_;
};

BulkBuilder::BulkBuilder(const IndexStore& store, std::size_t shards, std::size_t batch)
    : store_(store), output_(store.new_database_path()) {
    std::error_code ec;
    fs::create_directories(store.root(), ec);
    for (std::size_t i = 0; i < std::max<std::size_t>(1, shards); ++i)
        shards_.push_back(std::make_unique<Shard>(fs::path(fmt::format("{}.shard{}", output_.string(), i)), batch));
}

BulkBuilder::~BulkBuilder() {
    shards_.clear();  // joins the threads
    if (finished_) return;
    std::error_code ec;
    for (std::size_t i = 0; i < 64; ++i) fs::remove_all(fmt::format("{}.shard{}", output_.string(), i), ec);
    fs::remove_all(output_, ec);
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

fs::path BulkBuilder::finish(bool compact, const std::vector<std::pair<std::string, std::string>>& metadata) {
    for (auto& shard : shards_) {
        shard->stop();
        shard->rethrow();
    }
    try {
        if (shards_.size() == 1 && !compact) {
            fs::rename(shards_[0]->path(), output_);
        } else {
            Xapian::Database all;
            for (auto& shard : shards_) all.add_database(Xapian::Database(shard->path().string()));
            all.compact(output_.string());
            for (auto& shard : shards_) fs::remove_all(shard->path());
        }
        Xapian::WritableDatabase db(output_.string(), Xapian::DB_OPEN);
        IndexStore::stamp(db);
        for (const auto& [key, value] : metadata) db.set_metadata(key, value);
        db.set_metadata(std::string(schema::kLastUpdateKey), text::utc_now());
        db.commit();
        db.close();
    } catch (const Xapian::Error& e) {
        rethrow_xapian_error(e, fmt::format("cannot merge the new index at {}", output_.string()));
    }
    sync_tree(output_);
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

std::uint64_t remove_stale_databases(const IndexStore& store) {
    std::string live;
    if (store.exists()) live = store.live_database().filename().string();
    std::uint64_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store.root(), ec)) {
        const std::string name = entry.path().filename().string();
        const bool candidate = name.rfind("db-", 0) == 0 || name.rfind("current.tmp-", 0) == 0;
        if (!candidate || name == live) continue;
        std::error_code rec;
        fs::remove_all(entry.path(), rec);
        if (!rec) ++removed;
    }
    return removed;
}

}  // namespace kb

#include "index/index_store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

#include "analysis/stemmer.h"
#include "error.h"
#include "fs/input_file.h"
#include "fs/replacement_file.h"
#include "fs/trust.h"
#include "index/read_retry.h"
#include "index/schema.h"
#include "testing/kill_point.h"

namespace kb {

namespace fs = std::filesystem;

IndexStore::IndexStore(fs::path root) : root_(std::move(root)) {}

bool IndexStore::exists() const { return fs::exists(stub_path()); }

Xapian::Database IndexStore::open_for_reading() const {
    if (!exists())
        throw IndexError(fmt::format("no index at {}: create one with `kb add PATH...` (or choose another "
                                     "with --index or KB_INDEX)",
                                     root_.string()));
    // Opening reads the newest revision's root blocks and metadata, which a writer's commits can
    // overtake like any other read.
    ReadRetry retry(*this);
    for (;;) {
        try {
            return retry.open();
        } catch (const Xapian::Error& e) {
            if (!retry.again(e))
                throw IndexError(fmt::format("cannot open the index at {}: {}", root_.string(), e.get_description()));
        }
    }
}

bool IndexStore::is_database_name(std::string_view name) {
    const auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
    };
    if (name.substr(0, 3) != "db-") return false;
    name.remove_prefix(3);
    const auto dash = name.find('-');
    return dash != std::string_view::npos && digits(name.substr(0, dash)) && digits(name.substr(dash + 1));
}

fs::path IndexStore::live_database() const {
    std::string text;
    try {
        text = files::read_head(stub_path().string(), 4096);
    } catch (const InputError& e) {
        throw IndexError(fmt::format("cannot read the index stub {}: {}", stub_path().string(), e.reason()));
    }
    const std::optional<std::string> name = database_in_stub(text);
    if (!name)
        throw IndexError(fmt::format(
            "the index stub {} is not one kb wrote (it should say only 'auto db-<number>-<number>'); kb opens only "
            "its own local databases, so it will not use it. Check who wrote it; to start afresh, name another "
            "index with --index or KB_INDEX",
            stub_path().string()));
    return root_ / *name;
}

std::optional<std::string> IndexStore::database_in_stub(std::string_view stub_text) {
    constexpr std::string_view kPrefix = "auto ";
    if (!stub_text.starts_with(kPrefix)) return std::nullopt;
    std::string_view name = stub_text.substr(kPrefix.size());
    if (name.ends_with('\n')) name.remove_suffix(1);
    if (!is_database_name(name)) return std::nullopt;
    return std::string(name);
}

Xapian::Database IndexStore::open_live() const {
    return Xapian::Database(live_database().string(), Xapian::DB_BACKEND_GLASS);
}

fs::path IndexStore::new_database_path() const {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto stamp = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    return root_ / fmt::format("db-{}-{}", stamp, ::getpid());
}

void IndexStore::switch_to(const fs::path& database) const {
    const std::string text = fmt::format("auto {}\n", database.filename().string());
    try {
        // A new file under a random name (O_EXCL|O_NOFOLLOW), never one someone could have planted.
        files::ReplacementFile stub(stub_path(), 0644);
        // A crash between open and write leaves an empty file: harmless aside, fatal if it were `current`.
        kill_point("stub-opened");
        stub.write_all(text);
        stub.sync();
        kill_point("stub-written");
        stub.commit();
    } catch (const FileError& e) {
        throw IndexError(fmt::format("cannot switch the index stub {}: {}", stub_path().string(), e.what()));
    }
    sync_directory(root_);  // make the rename itself durable
    kill_point("switched");
}

void sync_directory(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void IndexStore::stamp(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::kFormatVersionKey), std::to_string(schema::kFormatVersion));
    db.set_metadata(std::string(schema::kAnalysisKey), analysis::analysis_signature());
}

void IndexStore::check_compatible(const Xapian::Database& db, const fs::path& where) {
    const std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
    const std::string analysis = db.get_metadata(std::string(schema::kAnalysisKey));
    if (version.empty() && db.get_doccount() == 0) return;  // brand new, not yet stamped
    if (version != std::to_string(schema::kFormatVersion) || analysis != analysis::analysis_signature())
        throw IndexError(fmt::format(
            "the index at {} was built with other settings (format {}, analysis '{}'; this kb uses format {}, "
            "analysis '{}'): run `kb rebuild` to rebuild it with this version",
            where.string(), version.empty() ? "?" : version, analysis, schema::kFormatVersion,
            analysis::analysis_signature()));
}

void IndexStore::claim_folder() const {
    std::error_code ec;
    const auto status = fs::symlink_status(root_, ec);
    if (!ec && fs::exists(status) && !fs::is_directory(fs::status(root_, ec)))
        throw IndexError(fmt::format("{} is not a folder: choose another index with --index or KB_INDEX", root_.string()));
    if (!fs::exists(status)) {
        fs::create_directories(root_, ec);
        if (ec) throw IndexError(fmt::format("cannot create the index folder {}: {}", root_.string(), ec.message()));
    } else if (!fs::exists(marker_path(), ec) && !exists()) {
        // Not ours yet: only an empty folder (or one holding just our lock file) may become an index.
        for (const auto& entry : fs::directory_iterator(root_, ec)) {
            const std::string name = entry.path().filename().string();
            if (name != "write.lock")
                throw IndexError(fmt::format(
                    "{} is a folder that is not a kb index (it holds '{}' and perhaps more): kb creates an index "
                    "only in a new or empty folder; choose another with --index or KB_INDEX",
                    root_.string(), name));
        }
        if (ec) throw IndexError(fmt::format("cannot read the index folder {}: {}", root_.string(), ec.message()));
    }
    if (!fs::exists(marker_path(), ec)) {
        // O_EXCL|O_NOFOLLOW: never write through a link someone planted under this name.
        int fd = files::create_new_file(marker_path(), 0644);
        if (fd >= 0) {
            const std::string text =
                "This folder is a Kennisbank (kb) index. kb deletes only the db-<number>-<number> folders and\n"
                "current.tmp-<suffix> files it makes here; the index can be rebuilt with `kb rebuild`.\n";
            [[maybe_unused]] auto n = ::write(fd, text.data(), text.size());
            ::close(fd);
        }
    }
}

WriteLock::WriteLock(const IndexStore& store, double wait_seconds) {
    store.claim_folder();
    // Never through a symlink: a lock file planted as a link would make kb create or open files elsewhere.
    fd_ = files::open_or_create_no_follow(store.lock_path(), 0644);
    if (fd_ < 0)
        throw IndexError(fmt::format("cannot open the index lock {}: {}", store.lock_path().string(),
                                     std::strerror(errno)));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int err = errno;
            ::close(fd_);
            throw IndexError(fmt::format("cannot lock {}: {}", store.lock_path().string(), std::strerror(err)));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(fd_);
            fd_ = -1;
            throw IndexLockedError(fmt::format(
                "the index at {} is being written by another kb process (waited {:g} s); try again later "
                "or wait longer with --wait SECONDS",
                store.root().string(), wait_seconds));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

WriteLock::~WriteLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::optional<fs::path> find_enclosing_index(const fs::path& start) {
    std::error_code ec;
    for (fs::path dir = fs::absolute(start, ec); !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(fs::symlink_status(dir / "index" / "current", ec))) return dir / "index";
        if (dir == dir.root_path()) break;
    }
    return std::nullopt;
}

std::string why_index_not_trusted(const IndexStore& store) {
    if (std::string why = files::why_not_trusted(store.root()); !why.empty())
        return fmt::format("the folder {}: {}", store.root().string(), why);
    if (std::string why = files::why_not_trusted(store.stub_path()); !why.empty())
        return fmt::format("its stub {}: {}", store.stub_path().string(), why);
    return {};
}

}  // namespace kb

// Where an index lives on disk, how it is opened for reading, and the lock its one writer holds.
//
// Layout of an index folder:
//   current          a Xapian stub file naming the live database ("auto db-<stamp>")
//   db-<stamp>/      the live glass database (and, during a rebuild, the one being built)
//   write.lock       held (flock) by the one process that may write: add, remove, rebuild
// Readers open "current", so swapping the stub with rename() switches them atomically.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <xapian.h>

namespace kb {

class IndexStore {
public:
    explicit IndexStore(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path stub_path() const { return root_ / "current"; }
    std::filesystem::path lock_path() const { return root_ / "write.lock"; }
    bool exists() const;

    // Opens the live database for searching; checks that it was built with this version's
    // analysis. Throws IndexError (missing, unreadable, built with other settings).
    Xapian::Database open_for_reading() const;

    // The database folder the stub names now. The stub must be exactly what kb writes, "auto
    // db-<digits>-<digits>": a stub is a small program for Xapian (a "remote" line starts any
    // command), so one planted by someone else must never be opened. Throws IndexError.
    std::filesystem::path live_database() const;
    // Opens the live database read-only, as a local glass database (never through the stub).
    Xapian::Database open_live() const;
    // Whether `name` is one kb gives its databases: db-<digits>-<digits>.
    static bool is_database_name(std::string_view name);
    // The database folder name a stub's text gives, when it is exactly what kb writes; else none.
    static std::optional<std::string> database_in_stub(std::string_view stub_text);
    // A fresh, unused database folder name inside root.
    std::filesystem::path new_database_path() const;
    // Points the stub at `database` atomically (write aside, fsync, rename).
    void switch_to(const std::filesystem::path& database) const;

    // Makes sure the index folder is kb's to write in: creates it (with its marker file) when it
    // does not exist, accepts an existing index or an empty folder, and refuses any other folder,
    // so that cleaning up leftovers can never delete a user's files. Throws IndexError.
    void claim_folder() const;
    std::filesystem::path marker_path() const { return root_ / "KENNISBANK-INDEX"; }

    // Records the format version and analysis in a new database, or checks an existing one.
    static void stamp(Xapian::WritableDatabase& db);
    static void check_compatible(const Xapian::Database& db, const std::filesystem::path& where);

private:
    std::filesystem::path root_;
};

// The exclusive right to write an index, held for the lifetime of the object (flock on
// write.lock, released by the OS even on kill -9). Waits up to `wait_seconds`, then throws
// IndexLockedError.
class WriteLock {
public:
    WriteLock(const IndexStore& store, double wait_seconds);
    ~WriteLock();
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

private:
    int fd_ = -1;
};

// fsyncs a folder, so renames and new files in it survive a crash.
void sync_directory(const std::filesystem::path& dir);

// The index/ folder of the nearest enclosing folder of `start` that holds one (with a stub).
std::optional<std::filesystem::path> find_enclosing_index(const std::filesystem::path& start);

// Empty when the index folder and its stub belong to this user (or root) and nobody else can
// write to them; else what is wrong, naming the file. An index kb finds on its own must pass this.
std::string why_index_not_trusted(const IndexStore& store);

}  // namespace kb

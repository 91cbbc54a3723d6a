// Reading an index beside a writer that commits often.
//
// Xapian's glass backend keeps the blocks of only the last two committed revisions. A reader that
// opened revision R and is still reading when the writer writes R+2 can find blocks reused under
// it: Xapian throws DatabaseModifiedError, or, when it reads a reused block before it notices,
// DatabaseCorruptError or DocNotFoundError, while the database on disk is sound. Such a read has
// to start again on a fresh revision. An error that repeats while no writer has committed is
// real, and is passed on.
#pragma once
#include <fmt/format.h>
#include <string>
#include <xapian.h>

#include "error.h"
#include "index/index_store.h"

namespace kb {

// True for the errors a reader overtaken by a writer can see.
bool is_transient_read_error(const Xapian::Error& e);

// The bookkeeping of one retried read; read_with_retry below is the way to use it.
class ReadRetry {
public:
    explicit ReadRetry(const IndexStore& store);
    // Opens the live database and checks it is compatible (no retry of its own).
    Xapian::Database open();
    // Called with the error a read (or open) threw. Returns true, after a back-off, when the read
    // should run again on a database opened anew; false when the error is not one a writer
    // causes, or when it happened twice with no commit in between (the caller rethrows it).
    // Throws IndexError when the index kept changing for the whole budget of attempts.
    bool again(const Xapian::Error& e);

    // How many attempts a read gets, and the longest pause between two.
    static constexpr int kMaxAttempts = 20;
    static constexpr int kMaxPauseMs = 250;

private:
    // The committed state on disk: the stub and the live database's version file, whose bytes
    // change with every commit (they hold the revision number).
    std::string disk_state() const;

    const IndexStore& store_;
    std::string before_;  // disk_state() when the current attempt's database was opened
    int attempts_ = 0;
    int stable_failures_ = 0;
};

// Runs read(db) until it completes on one revision of the index, reopening `db` (from the stub,
// so a rebuild's swap is followed too) after each transient error. `read` must start from
// scratch each time it is called: whatever it produced in an interrupted attempt is stale.
// Non-transient Xapian errors, and any other exception, are passed on unchanged.
template <typename Read>
auto read_with_retry(const IndexStore& store, Xapian::Database& db, Read&& read) -> decltype(read(db)) {
    ReadRetry retry(store);
    bool reopen = false;
    for (;;) {
        try {
            if (reopen) db = retry.open();
            return read(db);
        } catch (const Xapian::Error& e) {
            if (!retry.again(e)) throw;
            reopen = true;
        }
    }
}

// The same for an index opened without a store of its own (a further --index, a remote one):
// after a writer overtakes read(db), `db` is reopened and read runs again, kReopenAttempts
// times at most (whatever read must not repeat, it keeps outside). Xapian errors become an
// IndexError naming the index, except the query's own (QueryParserError, WildcardError), which
// are passed on for the caller to name the query.
inline constexpr int kReopenAttempts = 5;
template <typename Read>
auto read_reopening(Xapian::Database& db, const std::string& name, Read&& read) -> decltype(read(db)) {
    for (int attempt = 0;; ++attempt) {
        try {
            return read(db);
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt >= kReopenAttempts)
                throw IndexError(fmt::format("cannot read the index {}: a writer keeps changing it ({})", name,
                                             e.get_msg()));
            db.reopen();
        } catch (const Xapian::QueryParserError&) {
            throw;
        } catch (const Xapian::WildcardError&) {
            throw;
        } catch (const Xapian::Error& e) {
            throw IndexError(fmt::format("cannot read the index {}: {}", name, e.get_description()));
        }
    }
}

}  // namespace kb

#include "index/read_retry.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <unistd.h>

#include "error.h"
#include "fs/input_file.h"

namespace kb {

namespace {

// The state files are a line or two; a read error is a state of its own.
std::string slurp(const std::filesystem::path& path) {
    constexpr std::size_t kMaxBytes = 4096;
    try {
        return files::read_head(path.string(), kMaxBytes);
    } catch (const Error&) {
        return "(unreadable)";
    }
}

}  // namespace

bool is_transient_read_error(const Xapian::Error& e) {
    // Xapian's errors are not polymorphic: they say what they are with get_type().
    const std::string_view type = e.get_type();
    // The stub can also name a database that a rebuild deleted a moment later (an opening
    // error); a version mismatch never goes away by itself, and is not in this list.
    return type == "DatabaseModifiedError" || type == "DatabaseCorruptError" || type == "DocNotFoundError" ||
           type == "DatabaseOpeningError" || type == "DatabaseNotFoundError";
}

ReadRetry::ReadRetry(const IndexStore& store) : store_(store), before_(disk_state()) {}

std::string ReadRetry::disk_state() const {
    const std::string stub = slurp(store_.stub_path());
    // The version file of the database the stub names, whose bytes change with each commit.
    const std::optional<std::string> name = IndexStore::database_in_stub(stub);
    return stub + '\0' + (name ? slurp(store_.root() / *name / "iamglass") : std::string());
}

Xapian::Database ReadRetry::open() {
    before_ = disk_state();
    Xapian::Database db = store_.open_live();
    IndexStore::check_compatible(db, store_.root());
    return db;
}

bool ReadRetry::again(const Xapian::Error& e) {
    if (!is_transient_read_error(e)) return false;
    // No commit since this attempt opened its database: the reader cannot have been overtaken.
    // Once may still be a coincidence of timing (the first attempt's database was opened before
    // we looked); twice is a real error.
    if (disk_state() == before_) {
        if (++stable_failures_ >= 2) return false;
    } else {
        stable_failures_ = 0;
    }
    if (++attempts_ >= kMaxAttempts)
        throw IndexError(fmt::format("the index at {} kept changing while it was read ({} attempts: a writer "
                                     "commits faster than this read can finish): {}; try again when it is done",
                                     store_.root().string(), attempts_, e.get_description()));
    // The first retry is immediate (one commit overtook us); then back off, with jitter so that
    // several readers do not fall into step with the writer or each other.
    if (attempts_ > 1) {
        thread_local std::minstd_rand rng(static_cast<unsigned>(::getpid()) ^
                                          static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
        const int cap = std::min(kMaxPauseMs, 2 << std::min(attempts_ - 2, 16));
        const int pause = cap / 2 + static_cast<int>(rng() % static_cast<unsigned>(cap / 2 + 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
    }
    return true;
}

}  // namespace kb

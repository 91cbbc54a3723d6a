#include "render/progress.h"

#include <cstdio>
#include <fmt/format.h>

namespace kb::cli {

Progress::Progress(const Terminal& term, bool enabled)
    : enabled_(enabled), tty_(term.stderr_is_tty()), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::uint64_t documents, std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes) {
    if (!enabled_) return;
    documents_ = documents;
    files_ = files;
    total_ = total_files;
    bytes_ = bytes;
    const auto now = std::chrono::steady_clock::now();
    // Redraw on a terminal ten times a second; write a plain line each second when not a terminal.
    if (now - last_ < (tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000))) return;
    last_ = now;
    draw(now);
}

void Progress::draw(std::chrono::steady_clock::time_point now) {
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(documents_) / secs : 0;
    std::string line = fmt::format("{} documents, {} files, {:.1f} MB, {:.0f} docs/s", documents_, files_,
                                   static_cast<double>(bytes_) / 1e6, rate);
    if (total_ > 0 && files_ > 0 && files_ <= total_) {
        const double eta = secs / static_cast<double>(files_) * static_cast<double>(total_ - files_);
        line += fmt::format(", {}/{} files, ETA {:.0f} s", files_, total_, eta);
    }
    if (tty_)
        std::fputs(fmt::format("\r\x1b[2K{}", line).c_str(), stderr);
    else
        std::fputs((line + "\n").c_str(), stderr);
    std::fflush(stderr);
    shown_ = true;
}

void Progress::clear() {
    if (!enabled_) return;
    if (tty_ && shown_) std::fputs("\r\x1b[2K", stderr);
    if (!tty_ && !shown_ && documents_ > 0) draw(std::chrono::steady_clock::now());
    if (tty_) shown_ = false;
}

}  // namespace kb::cli

#include "render/progress.h"

#include <cstdio>
#include <fmt/format.h>

namespace kb::cli {

Progress::Progress(const Terminal& term, bool enabled)
    : enabled_(enabled), tty_(term.stderr_is_tty()), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::uint64_t documents, std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    // Redraw on a terminal ten times a second; write a plain line each second when not a terminal.
    if (now - last_ < (tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000))) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(documents) / secs : 0;
    std::string line = fmt::format("{} documents, {} files, {:.1f} MB, {:.0f} docs/s", documents, files,
                                   static_cast<double>(bytes) / 1e6, rate);
    if (total_files > 0 && files > 0 && files <= total_files) {
        const double eta = secs / static_cast<double>(files) * static_cast<double>(total_files - files);
        line += fmt::format(", {}/{} files, ETA {:.0f} s", files, total_files, eta);
    }
    if (tty_)
        std::fputs(fmt::format("\r\x1b[2K{}", line).c_str(), stderr);
    else
        std::fputs((line + "\n").c_str(), stderr);
    std::fflush(stderr);
    shown_ = true;
}

void Progress::clear() {
    if (enabled_ && tty_ && shown_) std::fputs("\r\x1b[2K", stderr);
    shown_ = false;
}

}  // namespace kb::cli

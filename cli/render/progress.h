// A one-line progress display on stderr: documents, rate and ETA, redrawn at most 10 times a second.
#pragma once
#include <chrono>
#include <cstdint>

#include "render/terminal.h"

namespace kb::cli {

class Progress {
public:
    Progress(const Terminal& term, bool enabled);
    // `total_files` 0 means unknown (no ETA).
    void update(std::uint64_t documents, std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes);
    // Erases the line (before an error message or the summary). When stderr is not a terminal,
    // a run too short to have printed any line prints its final state once.
    void clear();

private:
    void draw(std::chrono::steady_clock::time_point now);

    bool enabled_, tty_, shown_ = false;
    std::uint64_t documents_ = 0, files_ = 0, total_ = 0, bytes_ = 0;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace kb::cli

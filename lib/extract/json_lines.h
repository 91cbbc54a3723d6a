// Streams JSON Lines records one at a time, so a stream of any size uses bounded memory.
#pragma once
#include <cstdint>
#include <istream>
#include <string>

#include "document.h"
#include "extract/extractor.h"

namespace kb {

// One line read by read_line_capped().
struct CappedLine {
    bool found = false;      // false at end of input
    bool too_long = false;   // longer than the cap: only the first `cap` bytes were kept
    std::uint64_t bytes = 0;  // the whole line's length, newline excluded
    bool newline = false;    // ended by a newline (not by the end of input)
};

// Reads one line into `out` (replacing it, without the newline), keeping at most `cap` bytes of
// it in memory however long it is.
CappedLine read_line_capped(std::istream& in, std::string& out, std::uint64_t cap);

class JsonLinesReader {
public:
    // `source` names the stream in documents and errors ("-" for stdin). A line longer than
    // `max_line_bytes` is rejected without being held in memory.
    JsonLinesReader(std::istream& in, std::string source, std::uint64_t max_line_bytes = kDefaultMaxLineBytes,
                    JsonReadOptions options = {});

    static constexpr std::uint64_t kDefaultMaxLineBytes = 256ull << 20;

    // Reads the next record into `out`; false at end of input. Blank lines are skipped.
    // A malformed line (bad JSON, not an object, invalid UTF-8) throws InputError with the line
    // and column; the reader stays usable and the next call continues with the following line.
    bool next(Document& out);

    // The 1-based line number of the record last returned or rejected.
    std::uint64_t line() const { return line_; }
    // Bytes consumed so far (for progress and MB/s).
    std::uint64_t bytes_read() const { return bytes_; }

private:
    std::istream& in_;
    std::string source_;
    std::uint64_t max_line_bytes_;
    JsonReadOptions options_;
    std::string buffer_;
    std::uint64_t line_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace kb

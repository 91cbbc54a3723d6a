#include "error.h"

#include <cstring>
#include <fmt/format.h>

namespace kb {

static std::string compose(const std::string& file, const std::string& reason, std::uint64_t line,
                           std::uint64_t column, std::int64_t offset) {
    std::string where = file;
    if (line > 0) {
        where += fmt::format(":{}", line);
        if (column > 0) where += fmt::format(":{}", column);
    } else if (offset >= 0) {
        where += fmt::format(" (byte {})", offset);
    }
    return where + ": " + reason;
}

InputError::InputError(std::string file, std::string reason, std::uint64_t line, std::uint64_t column,
                       std::int64_t offset)
    : Error(compose(file, reason, line, column, offset)),
      file_(std::move(file)),
      reason_(std::move(reason)),
      line_(line),
      column_(column),
      offset_(offset) {}

std::string InputError::position() const {
    if (line_ > 0) return column_ > 0 ? fmt::format("line {}, column {}", line_, column_) : fmt::format("line {}", line_);
    if (offset_ >= 0) return fmt::format("byte {}", offset_);
    return {};
}

FileError::FileError(std::string file, int error_code, const std::string& action)
    : Error(fmt::format("{} {}: {}", action, file, std::strerror(error_code))),
      file_(std::move(file)),
      error_code_(error_code) {}

}  // namespace kb

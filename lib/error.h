// Typed errors thrown by the library; cli/ maps each to a message and an exit code.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace kb {

// Base of every error the library throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An input that cannot be read or parsed; names the file and, where known, the position.
class InputError : public Error {
public:
    InputError(std::string file, std::string reason, std::uint64_t line = 0, std::uint64_t column = 0,
               std::int64_t offset = -1);
    const std::string& file() const { return file_; }
    const std::string& reason() const { return reason_; }
    std::uint64_t line() const { return line_; }
    std::uint64_t column() const { return column_; }
    std::int64_t offset() const { return offset_; }
    // "line 3, column 7" / "byte 120" / "" — for messages and JSON reports.
    std::string position() const;

private:
    std::string file_, reason_;
    std::uint64_t line_, column_;
    std::int64_t offset_;
};

// An input that is not a format kb indexes (binary, image, ...): skipped, not failed.
class UnsupportedInputError : public InputError {
public:
    using InputError::InputError;
};

// Another process holds the index's write lock.
class IndexLockedError : public Error {
public:
    using Error::Error;
};

// The index is missing, unreadable, or was built with other settings.
class IndexError : public Error {
public:
    using Error::Error;
};

// A query that cannot be parsed or run.
class QueryError : public Error {
public:
    using Error::Error;
};

// A document with no such id.
class NotFoundError : public Error {
public:
    using Error::Error;
};

// A reference (kb show URL or PATH) that names several documents; the message lists them.
class AmbiguousReferenceError : public Error {
public:
    using Error::Error;
};

// Output that could not be written (a full disk, an I/O error); the message names the file.
class OutputError : public Error {
public:
    using Error::Error;
};

// A file-system call that failed on a file kb creates or replaces; callers add what it was for.
class FileError : public Error {
public:
    // "ACTION FILE: strerror(error_code)", e.g. "cannot write out.csv: No space left on device".
    FileError(std::string file, int error_code, const std::string& action);
    const std::string& file() const { return file_; }
    int error_code() const { return error_code_; }

private:
    std::string file_;
    int error_code_;
};

}  // namespace kb

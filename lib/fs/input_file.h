// Opening inputs so that only regular files are ever read.
#pragma once
#include <cstdint>
#include <streambuf>
#include <string>
#include <sys/stat.h>

namespace kb::files {

// An input file opened for reading, known to be a regular file. Opened with O_NONBLOCK (a FIFO
// with no writer never blocks the open) and classified by fstat on the opened descriptor, so the
// file read is the file checked. Move-only; closes on destruction.
class InputFile {
public:
    InputFile() = default;
    // Throws InputError when `path` cannot be opened, UnsupportedInputError when it is not a
    // regular file (a FIFO, device, socket or folder). `follow_symlink` false refuses a symlink.
    explicit InputFile(const std::string& path, bool follow_symlink = true);
    ~InputFile();
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&& other) noexcept;

    bool is_open() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    const struct stat& status() const { return status_; }

    // The whole file; throws InputError past `max_bytes` (checked while reading, not trusted
    // from the size) or on a read error.
    std::string read_all(std::uintmax_t max_bytes);

private:
    std::string path_;
    int fd_ = -1;
    struct stat status_ {};
};

// What a file is, for messages: "a FIFO (named pipe)", "a character device", ...
std::string describe_file_type(mode_t mode);

// At most the first `max_bytes` of a small regular file (the index stub, a database's version
// file), with one open and one read: every search reads three, and an ifstream gave each a
// buffer and a locale of its own. Throws as InputFile does when it cannot be opened or is not a
// regular file, and InputError on a read error.
std::string read_head(const std::string& path, std::size_t max_bytes);

// Reads an InputFile as a stream (JSON Lines files are read record by record).
class InputFileBuffer : public std::streambuf {
public:
    explicit InputFileBuffer(InputFile& file) : file_(file) {}

protected:
    int_type underflow() override;

private:
    InputFile& file_;
    char buffer_[1 << 16];
};

}  // namespace kb::files

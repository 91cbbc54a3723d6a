#include "fs/input_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <utility>

#include "error.h"

namespace kb::files {

std::string describe_file_type(mode_t mode) {
    if (S_ISREG(mode)) return "a regular file";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

InputFile::InputFile(const std::string& path, bool follow_symlink) : path_(path) {
    int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    if (!follow_symlink) flags |= O_NOFOLLOW;
    fd_ = ::open(path.c_str(), flags);
    if (fd_ < 0) {
        if (errno == ELOOP && !follow_symlink) throw UnsupportedInputError(path, "a symbolic link: not followed");
        throw InputError(path, fmt::format("cannot read: {}", std::strerror(errno)));
    }
    if (::fstat(fd_, &status_) != 0) {
        const int error = errno;
        ::close(std::exchange(fd_, -1));
        throw InputError(path, fmt::format("cannot read: {}", std::strerror(error)));
    }
    if (!S_ISREG(status_.st_mode)) {
        ::close(std::exchange(fd_, -1));
        throw UnsupportedInputError(path, fmt::format("{}, not a regular file: not read", describe_file_type(status_.st_mode)));
    }
    // A regular file never blocks; reads go back to the ordinary blocking mode.
    ::fcntl(fd_, F_SETFL, O_RDONLY);
}

InputFile::~InputFile() {
    if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), status_(other.status_) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        status_ = other.status_;
    }
    return *this;
}

namespace {

// One read(2) of up to `size` bytes, again when a signal interrupts it: 0 at the end of the file.
// Throws InputError naming `path` on a read error.
std::size_t read_some(int fd, char* into, std::size_t size, const std::string& path) {
    for (;;) {
        const ssize_t n = ::read(fd, into, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) throw InputError(path, fmt::format("read error: {}", std::strerror(errno)));
    }
}

}  // namespace

std::string InputFile::read_all(std::uintmax_t max_bytes) {
    const auto too_large = [&](std::uintmax_t size) {
        return InputError(path_, fmt::format("file too large ({} MB; the limit is {} MB for one document file)",
                                             size >> 20, max_bytes >> 20));
    };
    const auto size = static_cast<std::uintmax_t>(status_.st_size);
    if (size > max_bytes) throw too_large(size);
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(size));
    char chunk[1 << 16];
    while (const std::size_t n = read_some(fd_, chunk, sizeof chunk, path_)) {
        bytes.append(chunk, n);
        // The file may grow while it is read: the limit holds for what is read, not what was stat'ed.
        if (bytes.size() > max_bytes) throw too_large(bytes.size());
    }
    return bytes;
}

std::string read_head(const std::string& path, std::size_t max_bytes) {
    InputFile file(path);
    std::string bytes(max_bytes, '\0');
    std::size_t got = 0;
    while (got < max_bytes) {
        const std::size_t n = read_some(file.fd(), bytes.data() + got, max_bytes - got, path);
        if (n == 0) break;
        got += n;
    }
    bytes.resize(got);
    return bytes;
}

InputFileBuffer::int_type InputFileBuffer::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    for (;;) {
        const ssize_t n = ::read(file_.fd(), buffer_, sizeof buffer_);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return traits_type::eof();  // a read error ends the stream like EOF
        setg(buffer_, buffer_, buffer_ + n);
        return traits_type::to_int_type(*gptr());
    }
}

}  // namespace kb::files

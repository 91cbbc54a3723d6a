#include "fs/replacement_file.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

namespace kb::files {

namespace fs = std::filesystem;

namespace {

// 16 hex digits from the kernel's random source: a name nobody can plant in advance.
std::string random_suffix() {
    std::random_device random;
    const std::uint64_t value = (static_cast<std::uint64_t>(random()) << 32) ^ random();
    return fmt::format("{:016x}", value);
}

}  // namespace

int create_new_file(const fs::path& path, mode_t mode) {
    return ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

ReplacementFile::ReplacementFile(fs::path target, mode_t mode, Permissions permissions) : target_(std::move(target)) {
    const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    const std::string base = target_.filename().string();
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
        path_ = folder / fmt::format("{}.tmp-{}", base, random_suffix());
        fd_ = create_new_file(path_, mode);
        if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
        const int error = errno;
        path_.clear();
        throw FileError(target_.string(), error, "cannot create a temporary file beside it");
    }
    // Kept permissions are set before a byte is written (set-id bits are not copied).
    struct stat old {};
    if (permissions == Permissions::Keep && ::lstat(target_.c_str(), &old) == 0 && S_ISREG(old.st_mode) &&
        ::fchmod(fd_, old.st_mode & 0777) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        ::unlink(path_.c_str());
        path_.clear();
        throw FileError(target_.string(), error, "cannot give the new file the permissions of");
    }
}

ReplacementFile::~ReplacementFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !path_.empty()) ::unlink(path_.c_str());
}

void ReplacementFile::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw FileError(target_.string(), n < 0 ? errno : EIO, "cannot write");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void ReplacementFile::sync() {
    if (::fsync(fd_) != 0) throw FileError(target_.string(), errno, "cannot write");
    synced_ = true;
}

void ReplacementFile::commit() {
    if (!synced_) sync();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw FileError(target_.string(), errno, "cannot write");
    if (::rename(path_.c_str(), target_.c_str()) != 0) throw FileError(target_.string(), errno, "cannot replace");
    committed_ = true;
}

fs::path make_private_folder(const fs::path& parent, std::string_view prefix) {
    std::string pattern = (parent / fmt::format("{}XXXXXX", prefix)).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw FileError(parent.string(), errno, "cannot create a private temporary folder in");
    return pattern;
}

int open_or_create_no_follow(const fs::path& path, mode_t mode) {
    // Open what is there, else create it exclusively; a rival creating it in between is fine.
    for (int attempt = 0; attempt < 10; ++attempt) {
        int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 || errno != ENOENT) return fd;
        fd = create_new_file(path, mode);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

}  // namespace kb::files

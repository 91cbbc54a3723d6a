#include "fs/trust.h"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kb::files {

namespace fs = std::filesystem;

std::string why_not_trusted(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return fmt::format("it cannot be examined ({})", std::strerror(errno));
    // A link can be repointed by whoever owns the folder it is in; kb does not chase it.
    if (S_ISLNK(st.st_mode)) return "it is a symbolic link";
    if (st.st_uid != ::geteuid() && st.st_uid != 0) return fmt::format("it is owned by another user (uid {})", st.st_uid);
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return fmt::format("it is writable by {} (mode {:04o})", st.st_mode & S_IWOTH ? "every user" : "its group",
                           st.st_mode & 07777);
    return {};
}

fs::path nearest_existing(const fs::path& path) {
    std::error_code ec;
    fs::path p = path;
    while (!p.empty() && !fs::exists(fs::symlink_status(p, ec)) && p != p.root_path()) p = p.parent_path();
    return p;
}

}  // namespace kb::files

// Whether a file or folder kb found (rather than was told to use) may be trusted.
#pragma once
#include <filesystem>
#include <string>

namespace kb::files {

// Empty when `path` is owned by this user (or root) and no other user can write to it; else a
// sentence saying why not ("it is owned by user 65534", "it is writable by others (mode 0777)",
// "it is a symbolic link"). A missing path is reported as such.
std::string why_not_trusted(const std::filesystem::path& path);

// The nearest folder at or above `path` that exists (so its trust can be judged before kb
// creates anything below it).
std::filesystem::path nearest_existing(const std::filesystem::path& path);

}  // namespace kb::files

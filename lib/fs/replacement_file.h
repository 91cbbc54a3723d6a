// Writing a file so that it never goes through a name someone else prepared.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace kb::files {

// A new file that will replace `target`: created beside it under an unpredictable name with
// O_CREAT|O_EXCL|O_NOFOLLOW, so a file or symlink planted under a guessable name is never
// written through. Its permissions are `mode` less the umask, or, with Permissions::Keep, those
// of the regular file it replaces (a user's own file: a private export stays private; never for
// kb's own files, whose modes a planted file must not choose). commit() syncs it and renames it
// over `target`; a file never committed is removed. Every failure throws FileError naming the file.
enum class Permissions { FromMode, Keep };
class ReplacementFile {
public:
    explicit ReplacementFile(std::filesystem::path target, mode_t mode = 0666,
                             Permissions permissions = Permissions::FromMode);
    ~ReplacementFile();
    ReplacementFile(const ReplacementFile&) = delete;
    ReplacementFile& operator=(const ReplacementFile&) = delete;

    int fd() const { return fd_; }
    const std::filesystem::path& path() const { return path_; }
    const std::filesystem::path& target() const { return target_; }

    void write_all(std::string_view bytes);
    // fsync: the content is on disk before any rename can make it visible.
    void sync();
    // Syncs (if not yet), closes and renames over the target.
    void commit();

private:
    std::filesystem::path target_, path_;
    int fd_ = -1;
    bool synced_ = false, committed_ = false;
};

// Creates a new file at exactly `path` (O_CREAT|O_EXCL|O_NOFOLLOW): fails with EEXIST on any
// existing entry, a symlink included. Returns the descriptor, or -1 with errno set.
int create_new_file(const std::filesystem::path& path, mode_t mode = 0666);

// A folder only this user can enter, made fresh by mkdtemp in `parent` and named
// `prefix`XXXXXX. Throws FileError.
std::filesystem::path make_private_folder(const std::filesystem::path& parent, std::string_view prefix);

// Opens an existing file for reading and writing, or creates it, never through a symlink (the
// lock file). Returns the descriptor, or -1 with errno set.
int open_or_create_no_follow(const std::filesystem::path& path, mode_t mode = 0644);

}  // namespace kb::files

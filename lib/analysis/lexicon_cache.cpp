#include "analysis/lexicon_cache.h"

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/ablation.h"
#include "fs/replacement_file.h"
#include "text/hash.h"

namespace kb::analysis {

namespace fs = std::filesystem;

namespace {

// Bump when the file layout, the hash function or the reading of the .dic changes (a new kb
// binary makes a new file anyway: its size and time are part of the key).
constexpr std::array<char, 8> kMagic = {'K', 'B', 'L', 'E', 'X', '0', '0', '3'};
constexpr std::size_t kFilterBytes = CompoundSplitter::kFilterWords * sizeof(std::uint64_t);
constexpr std::size_t kMaxSlots = std::size_t{1} << 26;

// What a cache file was made from: the .dic and the kb binary, by device, inode, size and time.
using Key = std::array<std::uint64_t, 7>;

struct Header {
    std::array<char, 8> magic;
    Key key;
    std::uint64_t slot_count, count, words_size;
};
// The slots and the filter are read in place from the mapped file.
static_assert(sizeof(Header) % alignof(std::uint64_t) == 0);

// Only what belongs to this user and only this user may change.
bool owned(const struct stat& st) { return st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0; }

// Each kb binary writes a file of its own (its size and time are in the key), about 7 MB: the
// files of binaries not run for a day go when a new one is written, or a day of builds left 36.
constexpr auto kUnusedFor = std::chrono::hours(24);
void remove_old_files(const fs::path& folder, const fs::path& keep) {
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        const bool ours = (name.starts_with("lexicon-") && name.ends_with(".bin")) ||
                          (name.starts_with("signature-") && name.ends_with(".txt"));
        if (entry.path() == keep || !ours) continue;
        struct stat st {};
        // Only plain files of this user's, as the cache itself; a link is left alone.
        if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || !owned(st)) continue;
        std::error_code tec;
        const auto written = fs::last_write_time(entry.path(), tec);
        if (!tec && now - written > kUnusedFor) fs::remove(entry.path(), tec);
    }
}

std::uint64_t nanoseconds(const struct timespec& t) {
    return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u + static_cast<std::uint64_t>(t.tv_nsec);
}

std::optional<Key> key_of(const std::string& dic) {
    struct stat d {}, e {};
    if (::stat(dic.c_str(), &d) != 0 || ::stat("/proc/self/exe", &e) != 0) return std::nullopt;
    return Key{static_cast<std::uint64_t>(d.st_dev), static_cast<std::uint64_t>(d.st_ino),
               static_cast<std::uint64_t>(d.st_size), nanoseconds(d.st_mtim),
               static_cast<std::uint64_t>(e.st_size), nanoseconds(e.st_mtim), sizeof(Header)};
}


std::optional<fs::path> cache_folder() {
    fs::path base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/') base = xdg;
    else if (const char* home = std::getenv("HOME"); home && home[0] == '/') base = fs::path(home) / ".cache";
    else return std::nullopt;
    return base / "kennisbank";
}

bool folder_ok(const fs::path& folder) {
    struct stat st {};
    return ::lstat(folder.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && owned(st);
}

// The user's cache folder, made when missing; nullopt when there is none or it is not the user's.
std::optional<fs::path> own_cache_folder() {
    const std::optional<fs::path> folder = cache_folder();
    if (!folder) return std::nullopt;
    std::error_code ec;
    if (!fs::exists(*folder, ec)) {
        fs::create_directories(folder->parent_path(), ec);
        ::mkdir(folder->c_str(), 0700);
    }
    if (!folder_ok(*folder)) return std::nullopt;
    return folder;
}

// A cache file opened for reading, its status in `st`: only a regular file of this user's that
// nobody else may write, in a folder of the same kind, never through a link; else -1.
int open_cache_file(const fs::path& folder, const fs::path& file, struct stat& st) {
    if (!folder_ok(folder)) return -1;
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && owned(st)) return fd;
    ::close(fd);
    return -1;
}

std::string_view key_bytes(const Key& key) {
    return {reinterpret_cast<const char*>(key.data()), key.size() * sizeof(std::uint64_t)};
}

}  // namespace

std::string LexiconCache::signature(const std::string& dic, const std::string& libraries,
                                    const std::function<std::string()>& compute) {
    const std::optional<Key> key = key_of(dic);
    const std::optional<fs::path> folder = cache_folder();
    if (!key || !folder || !ablation_signature().empty()) return compute();
    const fs::path file =
        *folder / fmt::format("signature-{:016x}.txt", text::fnv1a64(std::string(key_bytes(*key)) + libraries));
    // The file holds the libraries' versions, a newline and the signature; anything else is
    // ignored and written again.
    constexpr std::size_t kMaxBytes = 4096;
    struct stat st {};
    if (const int fd = open_cache_file(*folder, file, st); fd >= 0) {
        std::string text(kMaxBytes, '\0');
        const ssize_t got = ::read(fd, text.data(), text.size());
        ::close(fd);
        if (got > 0 && static_cast<std::size_t>(got) < kMaxBytes) {
            text.resize(static_cast<std::size_t>(got));
            const std::size_t newline = text.find('\n');
            if (newline != std::string::npos && text.compare(0, newline, libraries) == 0 && newline + 1 < text.size())
                return text.substr(newline + 1);
        }
    }
    std::string computed = compute();
    try {
        if (const auto own = own_cache_folder()) {
            files::ReplacementFile out(file, 0644);
            out.write_all(libraries + "\n" + computed);
            out.commit();
        }
    } catch (...) {
        // Only the next start is slower.
    }
    return computed;
}

CompoundSplitter LexiconCache::load(const std::string& dic) {
    const std::optional<Key> key = key_of(dic);
    const std::optional<fs::path> folder = cache_folder();
    // A measurement with a feature turned off may read the .dic differently: never cached.
    if (!key || !folder || !ablation_signature().empty()) return CompoundSplitter::from_file(dic);
    const fs::path file = *folder / fmt::format("lexicon-{:016x}.bin", text::fnv1a64(key_bytes(*key)));
    struct stat st {};
    if (const int fd = open_cache_file(*folder, file, st); fd >= 0) {
        void* map = MAP_FAILED;
        if (static_cast<std::size_t>(st.st_size) >= sizeof(Header))
            map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (map != MAP_FAILED) {
            const std::size_t size = static_cast<std::size_t>(st.st_size);
            std::shared_ptr<const void> mapping(map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
            Header h;
            std::memcpy(&h, map, sizeof h);
            const bool valid = h.magic == kMagic && h.key == *key && h.slot_count >= 16 && h.slot_count <= kMaxSlots &&
                               (h.slot_count & (h.slot_count - 1)) == 0 && h.count < h.slot_count &&
                               h.words_size <= size &&
                               size == sizeof(Header) + h.slot_count * sizeof(CompoundSplitter::Slot) + kFilterBytes +
                                           h.words_size;
            if (valid) {
                CompoundSplitter splitter;
                const char* base = static_cast<const char*>(map);
                splitter.slots_ = reinterpret_cast<const CompoundSplitter::Slot*>(base + sizeof(Header));
                splitter.slot_count_ = h.slot_count;
                // The filter after the slots, which keep it aligned; the words last.
                const char* filter = base + sizeof(Header) + h.slot_count * sizeof(CompoundSplitter::Slot);
                splitter.filter_ = reinterpret_cast<const std::uint64_t*>(filter);
                splitter.words_ = filter + kFilterBytes;
                splitter.words_size_ = h.words_size;
                splitter.count_ = h.count;
                splitter.storage_ = std::move(mapping);
                return splitter;
            }
        }
    }
    CompoundSplitter splitter = CompoundSplitter::from_file(dic);
    if (splitter.count_ == 0) return splitter;
    try {
        if (!own_cache_folder()) return splitter;
        Header h{kMagic, *key, splitter.slot_count_, splitter.count_, splitter.words_size_};
        std::string bytes(reinterpret_cast<const char*>(&h), sizeof h);
        bytes.append(reinterpret_cast<const char*>(splitter.slots_), splitter.slot_count_ * sizeof(CompoundSplitter::Slot));
        if (!splitter.filter_) return splitter;
        bytes.append(reinterpret_cast<const char*>(splitter.filter_), kFilterBytes);
        bytes.append(splitter.words_, splitter.words_size_);
        files::ReplacementFile out(file, 0644);
        out.write_all(bytes);
        out.commit();
        remove_old_files(*folder, file);
    } catch (...) {
        // Only the next start is slower.
    }
    return splitter;
}

}  // namespace kb::analysis

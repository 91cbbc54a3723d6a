// lib/fs: files kb creates (never through a planted name), inputs it reads (regular files only),
// and what it trusts.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fs/input_file.h"
#include "fs/replacement_file.h"
#include "fs/trust.h"

namespace fs = std::filesystem;

namespace {

struct ScratchFolder {
    fs::path path = kb::files::make_private_folder(fs::temp_directory_path(), "kb-unit-fs-");
    ~ScratchFolder() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("make_private_folder: a new folder only its owner can enter") {
    ScratchFolder dir;
    struct stat st {};
    REQUIRE(::stat(dir.path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(dir.path.filename().string().starts_with("kb-unit-fs-"));
}

TEST_CASE("create_new_file never opens an existing name, a symlink least of all") {
    ScratchFolder dir;
    const fs::path victim = dir.path / "victim", link = dir.path / "planted";
    std::ofstream(victim) << "precious";
    fs::create_symlink(victim, link);
    CHECK(kb::files::create_new_file(link) < 0);
    CHECK(errno == EEXIST);
    fs::remove(victim);  // a dangling link is refused too: O_EXCL would otherwise create its target
    CHECK(kb::files::create_new_file(link) < 0);
    CHECK_FALSE(fs::exists(victim));
}

TEST_CASE("ReplacementFile: written beside the target under a fresh name, renamed over it on commit") {
    ScratchFolder dir;
    const fs::path target = dir.path / "out.csv";
    std::ofstream(target) << "old";
    {
        kb::files::ReplacementFile file(target);
        CHECK(file.path().parent_path() == dir.path);
        CHECK(file.path().filename().string().starts_with("out.csv.tmp-"));
        CHECK(file.path().filename().string().size() == std::string("out.csv.tmp-").size() + 16);
        file.write_all("new");
        CHECK(slurp(target) == "old");
        file.commit();
    }
    CHECK(slurp(target) == "new");
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
    {
        kb::files::ReplacementFile abandoned(target);
        abandoned.write_all("half");
    }
    CHECK(slurp(target) == "new");
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
    CHECK_THROWS_AS(kb::files::ReplacementFile(dir.path / "no-such-folder" / "x"), kb::FileError);
}

TEST_CASE("open_or_create_no_follow opens a file, creates a missing one, refuses a symlink") {
    ScratchFolder dir;
    const fs::path lock = dir.path / "write.lock";
    int fd = kb::files::open_or_create_no_follow(lock);
    CHECK(fd >= 0);
    ::close(fd);
    fd = kb::files::open_or_create_no_follow(lock);
    CHECK(fd >= 0);
    ::close(fd);
    // A planted link, dangling or to a file that exists, is neither created through nor opened.
    const fs::path link = dir.path / "link.lock", elsewhere = dir.path / "elsewhere";
    fs::create_symlink(elsewhere, link);
    CHECK(kb::files::open_or_create_no_follow(link) < 0);
    CHECK_FALSE(fs::exists(elsewhere));
    std::ofstream(elsewhere) << "not a lock";
    CHECK(kb::files::open_or_create_no_follow(link) < 0);
}

TEST_CASE("InputFile reads regular files only, and never waits for a FIFO") {
    ScratchFolder dir;
    const fs::path page = dir.path / "page.html";
    std::ofstream(page) << "<p>vrede</p>";
    kb::files::InputFile file(page.string());
    CHECK(file.read_all(100) == "<p>vrede</p>");
    kb::files::InputFile again(page.string());
    CHECK_THROWS_AS(again.read_all(5), kb::InputError);  // over the limit

    const fs::path fifo = dir.path / "fifo.html";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto started = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(kb::files::InputFile(fifo.string()), kb::UnsupportedInputError);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK_THROWS_AS(kb::files::InputFile("/dev/zero"), kb::UnsupportedInputError);
    CHECK_THROWS_AS(kb::files::InputFile(dir.path.string()), kb::UnsupportedInputError);
    CHECK_THROWS_AS(kb::files::InputFile((dir.path / "missing").string()), kb::InputError);

    const fs::path link = dir.path / "link.html";
    fs::create_symlink(page, link);
    CHECK_NOTHROW(kb::files::InputFile(link.string()));
    CHECK_THROWS_AS(kb::files::InputFile(link.string(), false), kb::UnsupportedInputError);
}

TEST_CASE("why_not_trusted: owned by this user (or root) and writable by nobody else") {
    ScratchFolder dir;
    CHECK(kb::files::why_not_trusted(dir.path).empty());
    fs::permissions(dir.path, fs::perms::others_write, fs::perm_options::add);
    CHECK(kb::files::why_not_trusted(dir.path).find("every user") != std::string::npos);
    fs::permissions(dir.path, fs::perms::others_write, fs::perm_options::remove);
    fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::add);
    CHECK(kb::files::why_not_trusted(dir.path).find("its group") != std::string::npos);
    fs::permissions(dir.path, fs::perms::group_write, fs::perm_options::remove);
    const fs::path link = dir.path / "link";
    fs::create_symlink(dir.path, link);
    CHECK(kb::files::why_not_trusted(link).find("symbolic link") != std::string::npos);
    CHECK(kb::files::nearest_existing(dir.path / "a" / "b") == dir.path);
    if (::geteuid() == 0) {  // only root can give a file away
        REQUIRE(::chown(dir.path.c_str(), 65534, 65534) == 0);
        CHECK(kb::files::why_not_trusted(dir.path).find("another user") != std::string::npos);
    }
}

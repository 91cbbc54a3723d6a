// lib/index/sources and text/exact_json: the source table in a real database, the "gone" rule's
// path probe, and exact bytes through JSON.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "document.h"
#include "index/sources.h"
#include "text/exact_json.h"

namespace fs = std::filesystem;
using namespace kb;

namespace {

struct ScratchDir {
    fs::path path = fs::temp_directory_path() / ("kb-unit-sources-" + std::to_string(::getpid()));
    ScratchDir() { fs::create_directories(path); }
    ~ScratchDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("path_is_under compares whole path components") {
    CHECK(path_is_under("/data/docs/a.json", "/data/docs"));
    CHECK(path_is_under("/data/docs/a.json", "/data/docs/"));
    CHECK(path_is_under("/data/docs", "/data/docs"));
    CHECK_FALSE(path_is_under("/data/docs-old/a.json", "/data/docs"));
    CHECK_FALSE(path_is_under("/data/doc", "/data/docs"));
    CHECK_FALSE(path_is_under("/data/docs/a.json", ""));
}

TEST_CASE("probe_path: only ENOENT and ENOTDIR mean missing") {
    ScratchDir dir;
    const fs::path file = dir.path / "a.json";
    std::ofstream(file) << "{}";
    CHECK(probe_path(file.string()).kind == PathState::Present);
    CHECK(probe_path((dir.path / "nope.json").string()).kind == PathState::Missing);
    CHECK(probe_path((file / "under-a-file").string()).kind == PathState::Missing);  // ENOTDIR
    // A dangling symlink is present (lstat): its target's absence is the file's business.
    fs::create_symlink(dir.path / "nowhere", dir.path / "link");
    CHECK(probe_path((dir.path / "link").string()).kind == PathState::Present);
    const std::string too_long(5000, 'x');
    CHECK(probe_path("/" + too_long).kind == PathState::Unreadable);  // ENAMETOOLONG: cannot tell
}

TEST_CASE("the source table: record, replace, forget, read back sorted; legacy roots are read") {
    ScratchDir dir;
    Xapian::WritableDatabase db((dir.path / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Source folder;
    folder.path = "/srv/kb/docs";
    folder.include = {"*.html"};
    folder.tags = {"nap1325"};
    Source file;
    file.kind = Source::Kind::File;
    file.path = "/srv/kb/a.jsonl";
    file.format = "jsonl";
    Source long_path;
    long_path.kind = Source::Kind::File;
    long_path.path = "/" + std::string(300, 'p') + ".json";
    record_source(db, folder);
    record_source(db, file);
    record_source(db, long_path);
    folder.type = "report";
    record_source(db, folder);  // replaces, by kind and path
    auto sources = read_sources(db);
    REQUIRE(sources.size() == 3);
    CHECK(sources[0] == long_path);
    CHECK(sources[1] == file);
    CHECK(sources[2] == folder);
    CHECK(forget_source(db, file));
    CHECK_FALSE(forget_source(db, file));
    CHECK(read_sources(db).size() == 2);

    // Before the table, folders were one JSON list.
    db.set_metadata("kb.roots", R"([{"path":"/old/root","format":"auto","tags":["x"]}])");
    sources = read_sources(db);
    REQUIRE(sources.size() == 3);
    CHECK(sources[0].path == "/old/root");
    CHECK(sources[0].kind == Source::Kind::Folder);
    Source old_root;
    old_root.path = "/old/root";
    CHECK(forget_source(db, old_root));
    CHECK(read_sources(db).size() == 2);
}

TEST_CASE("a file name that is not UTF-8 survives the source table and the stored record") {
    ScratchDir dir;
    Xapian::WritableDatabase db((dir.path / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Source s;
    s.kind = Source::Kind::File;
    s.path = "/data/caf\xE9.json";
    record_source(db, s);
    CHECK(read_sources(db).at(0).path == s.path);

    Document d;
    d.id = "/data/caf\xE9.json#2";
    d.source = "/data/caf\xE9.json";
    d.title = "Bytes";
    const Document back = document_from_json(nlohmann::json::parse(text::dump_lenient(to_json(d))));
    CHECK(back.id == d.id);
    CHECK(back.source == d.source);
    // Valid UTF-8 adds no _hex field.
    d.source = "/data/café.json";
    CHECK_FALSE(to_json(d).contains("source_hex"));
}

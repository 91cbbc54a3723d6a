#include "index/sources.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>

#include "index/schema.h"
#include "text/exact_json.h"
#include "text/hash.h"

namespace kb {

using nlohmann::json;

namespace {

// Metadata keys share Xapian's term length limit: long paths are named by their hash (the value
// still holds the whole path).
std::string key_for(const Source& s) {
    std::string key = fmt::format("{}{}:", schema::kSourceKeyPrefix, kind_name(s.kind));
    if (s.path.size() <= 180) return key + s.path;
    return key + fmt::format("#{:016x}", text::fnv1a64(s.path));
}

Source::Kind kind_from_name(const std::string& name) {
    if (name == "file") return Source::Kind::File;
    if (name == "stream") return Source::Kind::Stream;
    return Source::Kind::Folder;
}

}  // namespace

const char* kind_name(Source::Kind kind) {
    switch (kind) {
        case Source::Kind::File: return "file";
        case Source::Kind::Stream: return "stream";
        case Source::Kind::Folder: break;
    }
    return "folder";
}

json to_json(const Source& s) {
    json j = {{"kind", kind_name(s.kind)}, {"format", s.format}, {"tags", s.tags}, {"type", s.type}, {"lang", s.lang}};
    text::put_exact(j, "path", s.path);
    // Only when set: sources recorded before these options read the same.
    if (!s.id_field.empty()) j["id_field"] = s.id_field;
    if (s.require_id) j["require_id"] = true;
    if (!s.field_map.empty()) j["map"] = s.field_map;
    if (s.kind == Source::Kind::Folder) {
        j["include"] = s.include;
        j["exclude"] = s.exclude;
        j["hidden"] = s.hidden;
        j["follow_symlinks"] = s.follow_symlinks;
    }
    return j;
}

Source source_from_json(const json& j) {
    Source s;
    s.kind = kind_from_name(j.value("kind", "folder"));
    s.path = text::get_exact(j, "path");
    s.format = j.value("format", "auto");
    s.include = j.value("include", std::vector<std::string>{});
    s.exclude = j.value("exclude", std::vector<std::string>{});
    s.hidden = j.value("hidden", false);
    s.follow_symlinks = j.value("follow_symlinks", false);
    s.tags = j.value("tags", std::vector<std::string>{});
    s.type = j.value("type", "");
    s.lang = j.value("lang", "");
    s.id_field = j.value("id_field", "");
    s.require_id = j.value("require_id", false);
    s.field_map = j.value("map", std::vector<std::string>{});
    return s;
}

std::pair<std::string, std::string> source_metadata(const Source& s) {
    return {key_for(s), text::dump_lenient(to_json(s))};
}

std::vector<Source> read_sources(const Xapian::Database& db) {
    std::vector<Source> out;
    const std::string prefix(schema::kSourceKeyPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        const json j = json::parse(db.get_metadata(*it), nullptr, false);
        if (j.is_object()) out.push_back(source_from_json(j));
    }
    // Before the table: one JSON list of folders.
    const json legacy = json::parse(db.get_metadata(std::string(schema::kLegacyRootsKey)), nullptr, false);
    if (legacy.is_array())
        for (const auto& item : legacy) {
            if (!item.is_object()) continue;
            Source s = source_from_json(item);
            s.kind = Source::Kind::Folder;
            if (std::none_of(out.begin(), out.end(), [&](const Source& x) { return x.kind == s.kind && x.path == s.path; }))
                out.push_back(s);
        }
    std::sort(out.begin(), out.end(), [](const Source& a, const Source& b) { return a.path < b.path; });
    return out;
}

void record_source(Xapian::WritableDatabase& db, const Source& s) {
    auto [key, value] = source_metadata(s);
    db.set_metadata(key, value);
}

bool forget_source(Xapian::WritableDatabase& db, const Source& s) {
    bool found = false;
    const std::string key = source_metadata(s).first;
    if (!db.get_metadata(key).empty()) {
        db.set_metadata(key, "");  // an empty value deletes the entry
        found = true;
    }
    if (s.kind == Source::Kind::Folder) {
        json legacy = json::parse(db.get_metadata(std::string(schema::kLegacyRootsKey)), nullptr, false);
        if (legacy.is_array()) {
            const auto before = legacy.size();
            legacy.erase(std::remove_if(legacy.begin(), legacy.end(),
                                        [&](const json& j) { return j.is_object() && text::get_exact(j, "path") == s.path; }),
                         legacy.end());
            if (legacy.size() != before) {
                db.set_metadata(std::string(schema::kLegacyRootsKey), legacy.dump());
                found = true;
            }
        }
    }
    return found;
}

PathState probe_path(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) return {};
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return {PathState::Missing, std::strerror(err)};
    return {PathState::Unreadable, std::strerror(err)};
}

bool path_is_under(const std::string& path, const std::string& folder) {
    if (folder.empty()) return false;
    if (path == folder) return true;
    std::string dir = folder;
    if (dir.back() != '/') dir += '/';
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0;
}

bool read_from_file(const Xapian::Document& xdoc) { return !xdoc.get_value(schema::kFileSlot).empty(); }

bool source_is_gone(const Xapian::Database& db, const std::string& source) {
    if (source.empty() || source == "-") return false;
    const std::string term = schema::boolean_term(schema::kSourcePrefix, source);
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term) || !read_from_file(db.get_document(*it))) return false;
    return probe_path(source).kind == PathState::Missing;
}

}  // namespace kb

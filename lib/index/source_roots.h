// The folders an index was built from, with the options they were added with, so that
// `kb rebuild` can walk them again (and find new files) without being told.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <xapian.h>

namespace kb {

struct SourceRoot {
    std::string path;  // absolute
    std::string format = "auto";
    std::vector<std::string> include, exclude;
    bool hidden = false;
    std::vector<std::string> tags;
    std::string type, lang;

    bool operator==(const SourceRoot&) const = default;
};

nlohmann::json to_json(const SourceRoot& root);
SourceRoot source_root_from_json(const nlohmann::json& j);

std::vector<SourceRoot> read_roots(const Xapian::Database& db);
// Adds or replaces (by path) roots in the database's metadata; not committed here.
void merge_roots(Xapian::WritableDatabase& db, const std::vector<SourceRoot>& roots);
// The metadata value for a list of roots.
std::string roots_metadata(const std::vector<SourceRoot>& roots);

}  // namespace kb

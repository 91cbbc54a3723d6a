#include "index/source_roots.h"

#include <algorithm>

#include "index/schema.h"

namespace kb {

using nlohmann::json;

json to_json(const SourceRoot& r) {
    return {{"path", r.path}, {"format", r.format}, {"include", r.include}, {"exclude", r.exclude},
            {"hidden", r.hidden}, {"tags", r.tags},  {"type", r.type},       {"lang", r.lang}};
}

SourceRoot source_root_from_json(const json& j) {
    SourceRoot r;
    r.path = j.value("path", "");
    r.format = j.value("format", "auto");
    r.include = j.value("include", std::vector<std::string>{});
    r.exclude = j.value("exclude", std::vector<std::string>{});
    r.hidden = j.value("hidden", false);
    r.tags = j.value("tags", std::vector<std::string>{});
    r.type = j.value("type", "");
    r.lang = j.value("lang", "");
    return r;
}

std::vector<SourceRoot> read_roots(const Xapian::Database& db) {
    std::vector<SourceRoot> roots;
    const json j = json::parse(db.get_metadata(std::string(schema::kRootsKey)), nullptr, false);
    if (!j.is_array()) return roots;
    for (const auto& item : j)
        if (item.is_object()) roots.push_back(source_root_from_json(item));
    return roots;
}

std::string roots_metadata(const std::vector<SourceRoot>& roots) {
    json j = json::array();
    for (const auto& r : roots) j.push_back(to_json(r));
    return j.dump();
}

void merge_roots(Xapian::WritableDatabase& db, const std::vector<SourceRoot>& added) {
    std::vector<SourceRoot> roots = read_roots(db);
    for (const auto& r : added) {
        auto it = std::find_if(roots.begin(), roots.end(), [&](const SourceRoot& x) { return x.path == r.path; });
        if (it != roots.end())
            *it = r;
        else
            roots.push_back(r);
    }
    db.set_metadata(std::string(schema::kRootsKey), roots_metadata(roots));
}

}  // namespace kb

#include "index/statistics.h"

#include "index/facet_table.h"

#include <filesystem>
#include <fmt/format.h>

#include "error.h"
#include "index/read_retry.h"
#include "index/schema.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

// Counts documents per value of a boolean prefix (L, XFMT, ...) from the term list: no document reads.
std::map<std::string, std::uint64_t> count_prefix(const Xapian::Database& db, std::string_view prefix) {
    std::map<std::string, std::uint64_t> out;
    const std::string p(prefix);
    for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) {
        std::string value = (*it).substr(p.size());
        if (!value.empty() && std::isupper(static_cast<unsigned char>(value[0]))) continue;  // another prefix
        out[value] = it.get_termfreq();
    }
    return out;
}

// Every field is assigned afresh, so a retry after a writer's commit leaves no mix of two revisions.
void count_all(Xapian::Database& db, IndexStatistics& s) {
    s.documents = db.get_doccount();
    s.last_update = db.get_metadata(std::string(schema::kLastUpdateKey));
    s.analysis = db.get_metadata(std::string(schema::kAnalysisKey));
    std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
    s.format_version = version.empty() ? 0 : std::stoi(version);
    s.by_field.clear();
    for (const auto& field : schema::kFields)
        if ((field.kind == schema::FieldKind::Filter || field.kind == schema::FieldKind::Both) &&
            field.facet != schema::FacetForm::None)
            s.by_field[std::string(field.name)] = count_prefix(db, field.prefix);
    s.sources = read_sources(db);
}

}  // namespace

IndexStatistics collect_statistics(Xapian::Database db, const std::string& name) {
    IndexStatistics s;
    s.path = name;
    read_reopening(db, name, [&](Xapian::Database& db) {
        count_all(db, s);
        return 0;
    });
    return s;
}

IndexStatistics collect_statistics(const IndexStore& store) {
    Xapian::Database db = store.open_for_reading();
    IndexStatistics s;
    s.path = store.root().string();
    fs::path live;
    try {
        read_with_retry(store, db, [&](Xapian::Database& db) {
            live = store.live_database();
            count_all(db, s);
            std::error_code missing;
            s.facet_table = facets::FacetTable::open(live, db)                                   ? "current"
                            : fs::exists(live / facets::FacetTable::kFileName, missing) ? "stale"
                                                                                             : "missing";
            return 0;
        });
        s.database = live.string();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", s.path, e.get_description()));
    }
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(live, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file(ec)) s.size_bytes += it->file_size(ec);
    return s;
}

}  // namespace kb

// Counts that describe an index: documents by format and language, size, last update.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "index/index_store.h"
#include "index/sources.h"

namespace kb {

struct IndexStatistics {
    std::string path;
    std::string database;      // the live database folder
    std::uint64_t documents = 0;
    std::uint64_t size_bytes = 0;
    std::string last_update;   // ISO 8601 UTC, "" if never written
    std::string analysis;
    int format_version = 0;
    // Field name (format, lang, type, tag: the filter fields that have a facet) -> value -> documents.
    std::map<std::string, std::map<std::string, std::uint64_t>> by_field;
    std::vector<Source> sources;  // what `kb rebuild` reads again
    // The facet table (index/facet_table.h): "current", "stale" (built from another revision, or
    // damaged: searches count from the values until a writer rewrites it), "missing"; "" remote.
    std::string facet_table;
};

IndexStatistics collect_statistics(const IndexStore& store);
// The same counts of an index opened elsewhere (a remote one served by xapian-tcpsrv): `name` as
// the user wrote it; no database folder and no size, which the remote protocol does not tell.
IndexStatistics collect_statistics(Xapian::Database db, const std::string& name);

}  // namespace kb

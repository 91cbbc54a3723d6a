// Every document's facet values as numbers, in a file beside the database they were read from,
// so that counting the facets of a common word's matches costs an array lookup per value instead
// of reading and parsing a Xapian value per match (which took a search with --facets at 100,000
// documents to 2-3x the time of one without; see README, "Search speed").
//
// The file is a cache: it names the database (UUID) and the revision it was built from, and a
// reader uses it only when both are those of the database it searches. A writer that dies before
// rewriting it, or a file that is damaged or missing, costs speed, never a wrong count: the counter
// then reads the values as before.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>
#include <string_view>
#include <vector>
#include <xapian.h>

#include "index/facet_values.h"

namespace kb::facets {

class FacetTable {
public:
    // The file's name inside a database folder.
    static constexpr std::string_view kFileName = "kb-facets";

    // The table in `folder` if it was built from `db` exactly (same UUID and revision) and is well
    // formed; nullptr otherwise. `db` must be a single local database.
    static std::unique_ptr<const FacetTable> open(const std::filesystem::path& folder, const Xapian::Database& db);
    // Reads every document's facet values from `db` and writes the table into `folder`, replacing
    // any there, unless the one there is already `db`'s. Throws FileError or IndexError.
    static void write(const std::filesystem::path& folder, const Xapian::Database& db);
    // The same, from `base` (the table of the revision the writer started from) and the documents
    // the writer added, replaced or removed since (`changed`, in any order): each other document
    // keeps its numbers, so a one-document add to a large index does not read every document.
    // Any document past the base's end that `changed` does not name makes it a whole write.
    static void update(const std::filesystem::path& folder, const Xapian::Database& db, const FacetTable& base,
                       const std::vector<Xapian::docid>& changed);

    ~FacetTable();
    FacetTable(const FacetTable&) = delete;
    FacetTable& operator=(const FacetTable&) = delete;

    // The number of distinct (field, value) pairs; counts are indexed by these numbers.
    std::uint32_t value_count() const { return value_count_; }
    // Adds one to counts[n] for each facet value n of document `did` (none for a docid past the
    // table). `counts` must hold value_count() entries.
    void count(Xapian::docid did, std::vector<std::uint32_t>& counts) const {
        if (did >= doc_limit_) return;
        const std::uint32_t begin = offsets_[did], end = offsets_[did + 1];
        if (begin > end || end > id_count_) return;  // a damaged file: that document is not counted
        for (std::uint32_t i = begin; i < end; ++i)
            if (ids_[i] < value_count_) ++counts[ids_[i]];
    }
    // Maps the whole file at once (MADV_POPULATE_READ), for a count that will read most of it:
    // one call instead of a fault for every 64 KB the counting reaches. Nothing on a kernel
    // without it (before Linux 5.14).
    void map_all() const;
    // The field (an index into facets::fields()) and the value of number n; nullopt for a number
    // past the values, or a value a damaged file places outside its strings.
    std::optional<std::pair<std::size_t, std::string_view>> value(std::uint32_t n) const;

private:
    FacetTable() = default;
    // write() with no base; update() with one.
    static void build(const std::filesystem::path& folder, const Xapian::Database& db, const FacetTable* base,
                      const std::vector<Xapian::docid>& changed);
    const void* map_ = nullptr;
    std::size_t map_size_ = 0;
    std::uint32_t doc_limit_ = 0, value_count_ = 0, id_count_ = 0;
    const std::uint32_t* offsets_ = nullptr;  // doc_limit_ + 1 of them, into ids_
    const std::uint32_t* ids_ = nullptr;
    const std::uint32_t* values_ = nullptr;   // per value: field, offset into strings_, length
    const char* strings_ = nullptr;
    std::uint32_t strings_size_ = 0;
};

}  // namespace kb::facets

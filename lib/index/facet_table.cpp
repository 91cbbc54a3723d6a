#include "index/facet_table.h"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <string>
#include <tuple>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "error.h"
#include "fs/replacement_file.h"
#include "text/hash.h"

namespace kb::facets {

namespace fs = std::filesystem;

namespace {

// The file: this header, then the documents' offsets into the numbers (doc_limit + 1), the numbers
// (id_count), each value's field, offset and length (value_count x 3), and the values' bytes. All
// in the machine's byte order, which the header records: a file from another machine is rebuilt.
struct Header {
    char magic[8];
    std::uint32_t byte_order;
    std::uint32_t field_count;
    std::uint64_t fields_hash;  // of the facet fields' names in order: another table, another file
    std::uint64_t revision;
    char uuid[48];
    std::uint32_t doc_limit;
    std::uint32_t value_count;
    std::uint32_t id_count;
    std::uint32_t strings_size;
};
static_assert(sizeof(Header) == 96);

constexpr char kMagic[8] = {'k', 'b', 'f', 'a', 'c', 'e', 't', '1'};
constexpr std::uint32_t kByteOrder = 0x01020304;

std::uint64_t fields_hash() {
    std::string names;
    for (const schema::Field* field : fields()) (names += field->name) += '\n';
    return text::fnv1a64(names);
}

std::uint64_t expected_size(const Header& h) {
    return sizeof(Header) + 4 * (std::uint64_t{h.doc_limit} + 1) + 4 * std::uint64_t{h.id_count} +
           12 * std::uint64_t{h.value_count} + h.strings_size;
}

Header header_for(const Xapian::Database& db) {
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.byte_order = kByteOrder;
    h.field_count = static_cast<std::uint32_t>(kCount);
    h.fields_hash = fields_hash();
    h.revision = db.get_revision();
    const std::string uuid = db.get_uuid();
    std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid - 1));
    return h;
}

bool same_database(const Header& a, const Header& b) {
    return std::memcmp(a.magic, b.magic, sizeof a.magic) == 0 && a.byte_order == b.byte_order &&
           a.field_count == b.field_count && a.fields_hash == b.fields_hash && a.revision == b.revision &&
           std::memcmp(a.uuid, b.uuid, sizeof a.uuid) == 0;
}

// One document's facet values, as the counter reads them (FacetCounter::operator()).
template <typename Visit>
void visit_document_values(const Xapian::Database& db, Xapian::docid did, const std::string* packed, Visit visit) {
    if (packed)
        if (const auto values = unpack(*packed)) {
            for (std::size_t i = 0; i < kCount; ++i) for_each_value(*fields()[i], (*values)[i], [&](std::string_view v) { visit(i, v); });
            return;
        }
    // Indexed before the packed value existed: one slot per field.
    const Xapian::Document doc = db.get_document(did, Xapian::DOC_ASSUME_VALID);
    for (std::size_t i = 0; i < kCount; ++i) {
        const std::string value = slot_value(doc, *fields()[i]);
        for_each_value(*fields()[i], value, [&](std::string_view v) { visit(i, v); });
    }
}

void append_u32(std::string& out, std::uint32_t n) { out.append(reinterpret_cast<const char*>(&n), sizeof n); }

}  // namespace

FacetTable::~FacetTable() {
    if (map_) munmap(const_cast<void*>(map_), map_size_);
}

void FacetTable::map_all() const {
#ifdef MADV_POPULATE_READ
    if (map_) ::madvise(const_cast<void*>(map_), map_size_, MADV_POPULATE_READ);
#endif
}

std::unique_ptr<const FacetTable> FacetTable::open(const fs::path& folder, const Xapian::Database& db) {
    const Header wanted = header_for(db);
    const int fd = ::open((folder / kFileName).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    void* map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) >= sizeof(Header))
        map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
    std::unique_ptr<FacetTable> table(new FacetTable());
    table->map_ = map;
    table->map_size_ = static_cast<std::size_t>(st.st_size);
    Header h;
    std::memcpy(&h, map, sizeof h);
    if (!same_database(h, wanted) || expected_size(h) != table->map_size_) return nullptr;
    const char* at = static_cast<const char*>(map) + sizeof(Header);
    table->doc_limit_ = h.doc_limit;
    table->value_count_ = h.value_count;
    table->offsets_ = reinterpret_cast<const std::uint32_t*>(at);
    table->ids_ = table->offsets_ + (std::size_t{h.doc_limit} + 1);
    table->values_ = table->ids_ + h.id_count;
    table->strings_ = reinterpret_cast<const char*>(table->values_ + 3 * std::size_t{h.value_count});
    table->strings_size_ = h.strings_size;
    // Checked here only what every count needs; each document's offsets are checked by count()
    // and each value by value(), so that a search touches no more of the file than it counts.
    if (table->offsets_[0] != 0 || table->offsets_[h.doc_limit] != h.id_count) return nullptr;
    table->id_count_ = h.id_count;
    return table;
}

std::optional<std::pair<std::size_t, std::string_view>> FacetTable::value(std::uint32_t n) const {
    if (n >= value_count_) return std::nullopt;
    const std::uint32_t* v = values_ + 3 * std::size_t{n};
    if (v[0] >= kCount || std::uint64_t{v[1]} + v[2] > strings_size_) return std::nullopt;
    return std::pair<std::size_t, std::string_view>{v[0], {strings_ + v[1], v[2]}};
}

void FacetTable::write(const fs::path& folder, const Xapian::Database& db) {
    if (!open(folder, db)) build(folder, db, nullptr, {});
}

void FacetTable::update(const fs::path& folder, const Xapian::Database& db, const FacetTable& base,
                        const std::vector<Xapian::docid>& changed_in_any_order) {
    if (open(folder, db)) return;
    std::vector<Xapian::docid> changed = changed_in_any_order;
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    // Every document past the base's end must be one the writer said it wrote; any other means a
    // change it did not tell, and only a whole pass is sure to see it.
    for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        if (*p < base.doc_limit_) {
            p.skip_to(base.doc_limit_);
            if (p == db.postlist_end("")) break;
        }
        if (!std::binary_search(changed.begin(), changed.end(), *p)) return build(folder, db, nullptr, {});
    }
    build(folder, db, &base, changed);
}

void FacetTable::build(const fs::path& folder, const Xapian::Database& db, const FacetTable* base,
                       const std::vector<Xapian::docid>& changed) {
    Header h = header_for(db);
    const Xapian::docid last = db.get_lastdocid();
    if (last >= std::numeric_limits<std::uint32_t>::max() - 1)
        throw IndexError(fmt::format("cannot write the facet table in {}: too many documents", folder.string()));
    h.doc_limit = last + 1;
    std::vector<std::uint32_t> offsets(std::size_t{h.doc_limit} + 1, 0);
    std::vector<std::uint32_t> ids;
    std::string values, strings;
    // Per field: value -> its number, found first in a cache of values seen before (see
    // facets::seen_slot): most of a document's values (its language, format, type, year) are those
    // of many others, and hashing each whole was most of the work. The cache holds a value's
    // place in `strings`, which moves as it grows.
    std::vector<ValueMap<std::uint32_t>> numbers(kCount);
    struct Seen {
        std::uint32_t offset = 0, length = 0, number = 0;
        bool used = false;
    };
    constexpr unsigned kSeenBits = 12;
    std::vector<Seen> seen(kCount << kSeenBits);
    auto number_of = [&](std::size_t field, std::string_view value) {
        const std::size_t n = value.size();
        Seen& slot = seen[(field << kSeenBits) | seen_slot(value, kSeenBits)];
        if (slot.used && slot.length == n && std::memcmp(strings.data() + slot.offset, value.data(), n) == 0)
            return slot.number;
        auto it = numbers[field].find(value);
        if (it != numbers[field].end()) {
            const std::uint32_t* v = reinterpret_cast<const std::uint32_t*>(values.data()) + 3 * std::size_t{it->second};
            slot = {v[1], v[2], it->second, true};
            return it->second;
        }
        bool added = false;
        std::tie(it, added) = numbers[field].try_emplace(std::string(value), h.value_count);
        if (added) {
            if (strings.size() + value.size() > std::numeric_limits<std::uint32_t>::max())
                throw IndexError(fmt::format("cannot write the facet table in {}: over 4 GB of values", folder.string()));
            append_u32(values, static_cast<std::uint32_t>(field));
            append_u32(values, static_cast<std::uint32_t>(strings.size()));
            append_u32(values, static_cast<std::uint32_t>(value.size()));
            slot = {static_cast<std::uint32_t>(strings.size()), static_cast<std::uint32_t>(n), h.value_count, true};
            strings.append(value);
            ++h.value_count;
        }
        return it->second;
    };
    auto check_size = [&] {
        if (ids.size() >= std::numeric_limits<std::uint32_t>::max())
            throw IndexError(fmt::format("cannot write the facet table in {}: too many values", folder.string()));
    };
    Xapian::docid filled = 0;  // offsets_[0..filled] are set
    if (base) {
        // The base's values keep their numbers (its strings, copied whole, keep their offsets);
        // each document keeps its numbers unless the writer changed it.
        values.assign(reinterpret_cast<const char*>(base->values_), 12 * std::size_t{base->value_count_});
        strings.assign(base->strings_, base->strings_size_);
        h.value_count = base->value_count_;
        for (std::uint32_t n = 0; n < base->value_count_; ++n) {
            const auto value = base->value(n);
            if (!value) return build(folder, db, nullptr, {});  // a damaged base: start afresh
            numbers[value->first].emplace(std::string(value->second), n);
        }
        ids.reserve(base->offsets_[base->doc_limit_] + 64);
        auto next_changed = changed.begin();
        for (Xapian::docid did = 1; did < h.doc_limit; ++did) {
            offsets[did] = static_cast<std::uint32_t>(ids.size());
            if (next_changed != changed.end() && *next_changed == did) {
                ++next_changed;
                std::string packed;
                try {
                    packed = db.get_document(did).get_value(schema::kFacetsSlot);
                } catch (const Xapian::DocNotFoundError&) {
                    continue;  // removed
                }
                visit_document_values(db, did, packed.empty() ? nullptr : &packed,
                                      [&](std::size_t field, std::string_view v) { ids.push_back(number_of(field, v)); });
            } else if (did < base->doc_limit_) {
                const std::uint32_t begin = base->offsets_[did], end = base->offsets_[did + 1];
                if (begin > end || end > base->id_count_) return build(folder, db, nullptr, {});
                ids.insert(ids.end(), base->ids_ + begin, base->ids_ + end);
            }
            check_size();
        }
        offsets[h.doc_limit] = static_cast<std::uint32_t>(ids.size());
        filled = h.doc_limit;
    } else {
        Xapian::ValueIterator packed = db.valuestream_begin(schema::kFacetsSlot);
        const Xapian::ValueIterator packed_end = db.valuestream_end(schema::kFacetsSlot);
        for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            const Xapian::docid did = *p;
            for (; filled < did; ++filled) offsets[filled + 1] = static_cast<std::uint32_t>(ids.size());
            if (packed != packed_end && packed.get_docid() < did) packed.skip_to(did);
            const bool has_packed = packed != packed_end && packed.get_docid() == did;
            const std::string value = has_packed ? *packed : std::string();
            visit_document_values(db, did, has_packed ? &value : nullptr,
                                  [&](std::size_t field, std::string_view v) { ids.push_back(number_of(field, v)); });
            check_size();
            offsets[did + 1] = static_cast<std::uint32_t>(ids.size());
            filled = did + 1;
        }
    }
    for (; filled < h.doc_limit; ++filled) offsets[filled + 1] = static_cast<std::uint32_t>(ids.size());
    h.id_count = static_cast<std::uint32_t>(ids.size());
    h.strings_size = static_cast<std::uint32_t>(strings.size());

    // A writer killed while writing the table leaves its file aside: the next one, holding the
    // write lock as it does, removes it (only such names, never through a symlink's target).
    std::error_code ec;
    const std::string aside = std::string(kFileName) + ".tmp-";
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ignored;  // one that cannot be removed stays; it harms nothing
        if (it->path().filename().string().starts_with(aside)) fs::remove(it->path(), ignored);
    }
    files::ReplacementFile out(folder / kFileName, 0644);
    out.write_all(std::string_view(reinterpret_cast<const char*>(&h), sizeof h));
    out.write_all(std::string_view(reinterpret_cast<const char*>(offsets.data()), offsets.size() * 4));
    out.write_all(std::string_view(reinterpret_cast<const char*>(ids.data()), ids.size() * 4));
    out.write_all(values);
    out.write_all(strings);
    out.commit();
}

}  // namespace kb::facets

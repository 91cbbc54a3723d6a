// Every facet of a document packed into one value (schema::kFacetsSlot), so that counting the
// facets of a common word's matches reads one value per match, not one per facet: six value
// reads were half the cost of a search with --facets at 100,000 documents.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <xapian.h>

#include "index/schema.h"

namespace kb::facets {

// The fields of the table that have a facet, in the table's order.
inline constexpr std::size_t kCount = [] {
    std::size_t n = 0;
    for (const auto& field : schema::kFields) n += field.facet != schema::FacetForm::None;
    return n;
}();
const std::array<const schema::Field*, kCount>& fields();

// Each facet field's value as its own slot holds it (several values joined by
// schema::kListSeparator), the year as its four digits; "" for none.
using Values = std::array<std::string_view, kCount>;

// One facet field's value read from its own slot, in that form.
std::string slot_value(const Xapian::Document& doc, const schema::Field& field);

// The packed value for a document whose facet slots are written: each value length-prefixed.
std::string pack(const Xapian::Document& doc);
// The values of a packed value (they point into it); nullopt for one that is not well formed.
std::optional<Values> unpack(std::string_view packed);

// Splits a facet slot's value into the values it counts as (several for tags and authors) and
// calls visit(value) for each non-empty one: the one rule for the counter and the facet table.
template <typename Visit>
void for_each_value(const schema::Field& field, std::string_view slot_value, Visit visit) {
    if (slot_value.empty()) return;
    if (!field.multiple) return visit(slot_value);
    for (std::size_t begin = 0; begin <= slot_value.size();) {
        std::size_t end = slot_value.find(schema::kListSeparator, begin);
        if (end == std::string_view::npos) end = slot_value.size();
        if (end > begin) visit(slot_value.substr(begin, end - begin));
        begin = end + 1;
    }
}

// Facet values are counted and numbered by hash, looked up without a string per value.
struct ValueHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename Mapped>
using ValueMap = std::unordered_map<std::string, Mapped, ValueHash, std::equal_to<>>;

// The place (of 2^bits) of a value in a direct-mapped cache of values seen before, which finds
// most values without hashing them whole (a field has few distinct values, and each document
// repeats them): a multiplicative hash of its length and of its first and last eight bytes
// (which overlap in a value under sixteen).
inline std::size_t seen_slot(std::string_view value, unsigned bits) {
    std::uint64_t head = 0, tail = 0;
    const std::size_t n = value.size();
    if (n >= 8) {  // fixed-size copies, which compile to single loads
        std::memcpy(&head, value.data(), 8);
        std::memcpy(&tail, value.data() + n - 8, 8);
    } else {
        for (std::size_t i = 0; i < n; ++i) head |= std::uint64_t{static_cast<unsigned char>(value[i])} << (8 * i);
    }
    const std::uint64_t h = (head * 0x9E3779B97F4A7C15ULL) ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ (n * 0x165667B19E3779F9ULL);
    return static_cast<std::size_t>(h >> (64 - bits));
}

}  // namespace kb::facets

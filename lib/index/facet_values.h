// Every facet of a document packed into one value (schema::kFacetsSlot), so that counting the
// facets of a common word's matches reads one value per match, not one per facet: six value
// reads were half the cost of a search with --facets at 100,000 documents.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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

}  // namespace kb::facets

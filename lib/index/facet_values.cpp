#include "index/facet_values.h"

namespace kb::facets {

namespace {

void put_length(std::string& out, std::size_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7f) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

std::optional<std::size_t> get_length(std::string_view in, std::size_t& at) {
    std::size_t n = 0;
    for (unsigned shift = 0; at < in.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(in[at++]);
        n |= static_cast<std::size_t>(byte & 0x7f) << shift;
        if (byte < 0x80) return n;
    }
    return std::nullopt;
}

}  // namespace

std::string slot_value(const Xapian::Document& doc, const schema::Field& field) {
    std::string value = doc.get_value(field.slot);
    if (field.facet == schema::FacetForm::Year) value = value.size() >= 4 ? value.substr(0, 4) : std::string();
    return value;
}

const std::array<const schema::Field*, kCount>& fields() {
    static const auto table = [] {
        std::array<const schema::Field*, kCount> out{};
        std::size_t n = 0;
        for (const auto& field : schema::kFields)
            if (field.facet != schema::FacetForm::None) out[n++] = &field;
        return out;
    }();
    return table;
}

std::string pack(const Xapian::Document& doc) {
    std::string out;
    for (const schema::Field* field : fields()) {
        const std::string value = slot_value(doc, *field);
        put_length(out, value.size());
        out += value;
    }
    return out;
}

std::optional<Values> unpack(std::string_view packed) {
    Values values;
    std::size_t at = 0;
    for (auto& value : values) {
        const std::optional<std::size_t> length = get_length(packed, at);
        if (!length || *length > packed.size() - at) return std::nullopt;
        value = packed.substr(at, *length);
        at += *length;
    }
    if (at != packed.size()) return std::nullopt;
    return values;
}

}  // namespace kb::facets

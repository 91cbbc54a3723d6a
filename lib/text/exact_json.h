// Strings that must survive a JSON round trip byte for byte, although JSON holds only UTF-8: a
// file name that is not UTF-8 is written readable (invalid bytes replaced) under its key and, only
// then, exactly as hex under key + "_hex", which readers prefer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "text/utf8.h"

namespace kb::text {

inline void put_exact(nlohmann::json& j, const std::string& key, const std::string& value) {
    j[key] = value;
    if (!first_invalid_utf8(value)) return;
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(value.size() * 2);
    for (unsigned char c : value) {
        hex += kDigits[c >> 4];
        hex += kDigits[c & 15];
    }
    j[key + "_hex"] = hex;
}

inline std::string get_exact(const nlohmann::json& j, const std::string& key) {
    if (auto it = j.find(key + "_hex"); it != j.end() && it->is_string()) {
        const std::string& hex = it->get_ref<const std::string&>();
        auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        std::string out;
        out.reserve(hex.size() / 2);
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
            out += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
        return out;
    }
    if (auto it = j.find(key); it != j.end() && it->is_string()) return it->get<std::string>();
    return {};
}

// Dumps JSON whose strings may hold invalid UTF-8 (replaced: put_exact kept the exact bytes).
inline std::string dump_lenient(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kb::text

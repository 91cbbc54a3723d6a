#include "text/json_line.h"

#include <fmt/format.h>

namespace kb::text {

std::string dump_json_line(const nlohmann::json& j) {
    const std::string dumped = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // The dump is valid UTF-8 and these byte sequences occur in it only as those characters,
    // always inside strings: the same string to any JSON reader.
    std::string out;
    out.reserve(dumped.size());
    for (std::size_t i = 0; i < dumped.size(); ++i) {
        const auto byte = [&](std::size_t k) { return k < dumped.size() ? static_cast<unsigned char>(dumped[k]) : 0; };
        if (byte(i) == 0x7F) {
            out += "\\u007f";
        } else if (byte(i) == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) {
            out += fmt::format("\\u{:04x}", byte(i + 1));
            i += 1;
        } else if (byte(i) == 0xE2 && ((byte(i + 1) == 0x80 && byte(i + 2) >= 0xAA && byte(i + 2) <= 0xAE) ||
                                       (byte(i + 1) == 0x81 && byte(i + 2) >= 0xA6 && byte(i + 2) <= 0xA9))) {
            out += fmt::format("\\u{:04x}", ((byte(i + 1) & 0x3F) << 6 | (byte(i + 2) & 0x3F)) + 0x2000);
            i += 2;
        } else {
            out += dumped[i];
        }
    }
    return out;
}

}  // namespace kb::text

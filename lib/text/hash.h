// A small, stable (across builds and machines) non-cryptographic hash for ids and terms.
#pragma once
#include <cstdint>
#include <string_view>

namespace kb::text {

// 64-bit FNV-1a.
inline std::uint64_t fnv1a64(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

}  // namespace kb::text

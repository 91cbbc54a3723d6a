// UTF-16 and UTF-32: recognised by their byte order mark or, without one, by the pattern of NUL
// bytes that ASCII characters leave in them, and decoded to UTF-8.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kb::text {

enum class WideEncoding { None, Utf16LE, Utf16BE, Utf32LE, Utf32BE };

struct WideDetection {
    WideEncoding encoding = WideEncoding::None;
    std::size_t bom_size = 0;  // bytes of byte order mark to skip (0 when found by pattern)
};

// UTF-32 is tested before UTF-16: a UTF-32LE byte order mark starts with the UTF-16LE one.
WideDetection detect_wide_encoding(std::string_view bytes);

// "UTF-16LE", ...; "" for None.
const char* wide_encoding_name(WideEncoding encoding);

// Decodes the bytes after the byte order mark; unpaired surrogates, NUL and values past
// U+10FFFF become U+FFFD, and a trailing partial unit is dropped.
std::string wide_to_utf8(std::string_view bytes, WideDetection detection);

}  // namespace kb::text

// UTF-8 checks and conversions from legacy single-byte charsets.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kb::text {

// Offset of the first byte that is not part of valid UTF-8, or nullopt if all valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);

// Decodes windows-1252 (a superset of iso-8859-1's printable range) to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);

// Converts from a named charset (utf-8, windows-1252, iso-8859-1, latin1, us-ascii, ...) to UTF-8.
// Invalid UTF-8 in a document that claims UTF-8 is decoded as windows-1252, as browsers do.
// Returns nullopt for a charset it does not know.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset);

// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, std::uint32_t cp);

// Drops a UTF-8 byte order mark.
std::string_view strip_bom(std::string_view bytes);

// Collapses runs of whitespace to one space and trims both ends.
std::string collapse_whitespace(std::string_view s);

// True when the bytes look binary (NUL bytes or many control characters in the first 8 KB).
bool looks_binary(std::string_view bytes);

}  // namespace kb::text

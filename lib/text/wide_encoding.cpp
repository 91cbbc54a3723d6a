#include "text/wide_encoding.h"

#include <algorithm>
#include <cstdint>

#include "text/utf8.h"

namespace kb::text {

namespace {

unsigned char at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// How much of the start is looked at to recognise the NUL pattern (a multiple of 4).
constexpr std::size_t kProbeBytes = 256;

// Whether units of `width` bytes look like ASCII-range text in that encoding: in every unit the
// bytes that hold the high bits of the code point are zero, and the unit itself is not all zero.
// Markup and JSON are mostly ASCII, so real UTF-16/32 files match; UTF-8 text has no NUL at all.
bool matches_pattern(std::string_view s, std::size_t width, bool little_endian) {
    const std::size_t n = std::min(s.size(), kProbeBytes) / width * width;
    if (n < 4 * width) return false;
    std::size_t ascii_units = 0;
    for (std::size_t i = 0; i < n; i += width) {
        bool all_zero = true;
        for (std::size_t k = 0; k < width; ++k) all_zero = all_zero && at(s, i + k) == 0;
        if (all_zero) return false;
        // The low byte of the unit carries the ASCII character; all others must be zero for it to count.
        const std::size_t low = little_endian ? i : i + width - 1;
        bool high_zero = true;
        for (std::size_t k = 0; k < width; ++k)
            if (i + k != low) high_zero = high_zero && at(s, i + k) == 0;
        if (width == 4 && !(at(s, little_endian ? i + 3 : i) == 0 && at(s, little_endian ? i + 2 : i + 1) == 0))
            return false;  // past U+FFFF in every real UTF-32 unit: the top two bytes are zero
        if (high_zero) ++ascii_units;
    }
    // Most units ASCII: one non-Latin word does not hide the pattern.
    return ascii_units * 4 >= (n / width) * 3;
}

std::uint32_t unit(std::string_view s, std::size_t i, std::size_t width, bool little_endian) {
    std::uint32_t value = 0;
    for (std::size_t k = 0; k < width; ++k) {
        const std::size_t byte = little_endian ? i + width - 1 - k : i + k;
        value = value << 8 | at(s, byte);
    }
    return value;
}

}  // namespace

WideDetection detect_wide_encoding(std::string_view s) {
    if (s.size() >= 4 && at(s, 0) == 0xFF && at(s, 1) == 0xFE && at(s, 2) == 0 && at(s, 3) == 0)
        return {WideEncoding::Utf32LE, 4};
    if (s.size() >= 4 && at(s, 0) == 0 && at(s, 1) == 0 && at(s, 2) == 0xFE && at(s, 3) == 0xFF)
        return {WideEncoding::Utf32BE, 4};
    if (s.size() >= 2 && at(s, 0) == 0xFF && at(s, 1) == 0xFE) return {WideEncoding::Utf16LE, 2};
    if (s.size() >= 2 && at(s, 0) == 0xFE && at(s, 1) == 0xFF) return {WideEncoding::Utf16BE, 2};
    if (s.find('\0') == std::string_view::npos) return {};
    if (matches_pattern(s, 4, true)) return {WideEncoding::Utf32LE, 0};
    if (matches_pattern(s, 4, false)) return {WideEncoding::Utf32BE, 0};
    if (matches_pattern(s, 2, true)) return {WideEncoding::Utf16LE, 0};
    if (matches_pattern(s, 2, false)) return {WideEncoding::Utf16BE, 0};
    return {};
}

const char* wide_encoding_name(WideEncoding encoding) {
    switch (encoding) {
        case WideEncoding::Utf16LE: return "UTF-16LE";
        case WideEncoding::Utf16BE: return "UTF-16BE";
        case WideEncoding::Utf32LE: return "UTF-32LE";
        case WideEncoding::Utf32BE: return "UTF-32BE";
        case WideEncoding::None: break;
    }
    return "";
}

std::string wide_to_utf8(std::string_view bytes, WideDetection detection) {
    const bool little_endian =
        detection.encoding == WideEncoding::Utf16LE || detection.encoding == WideEncoding::Utf32LE;
    const std::size_t width =
        detection.encoding == WideEncoding::Utf32LE || detection.encoding == WideEncoding::Utf32BE ? 4 : 2;
    const std::string_view s = bytes.substr(std::min(detection.bom_size, bytes.size()));
    std::string out;
    out.reserve(s.size() / width + 16);
    for (std::size_t i = 0; i + width <= s.size(); i += width) {
        std::uint32_t cp = unit(s, i, width, little_endian);
        if (width == 2 && cp >= 0xD800 && cp <= 0xDBFF && i + 4 <= s.size()) {
            const std::uint32_t low = unit(s, i + 2, 2, little_endian);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        append_utf8(out, cp);  // lone surrogates and out-of-range values become U+FFFD there
    }
    return out;
}

}  // namespace kb::text

#include "render/terminal_text.h"

#include <cstdint>
#include <fmt/format.h>

namespace kb::cli {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at `i` and its code point, or 0 when the bytes there are
// not UTF-8 (stray continuation, truncated sequence, overlong form, surrogate, past U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t length;
    std::uint32_t min;
    if (lead < 0x80) {
        cp = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, min = 0x80, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min = 0x800, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, cp = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return length;
}

bool is_bidi_control(std::uint32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

}  // namespace

std::string terminal_text(std::string_view text, TextLayout layout) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        // Printable ASCII, most of any text, is copied a run at a time.
        std::size_t run = i;
        while (run < text.size() && static_cast<unsigned char>(text[run]) - 0x20u < 0x5Fu) ++run;
        if (run > i) {
            out.append(text, i, run - i);
            i = run;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t length = decode(text, i, cp);
        if (length == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (cp == '\t' || (cp == '\n' && layout == TextLayout::MultiLine)) {
            out += static_cast<char>(cp);
        } else if (cp < 0x20) {
            out += '^';
            out += static_cast<char>(cp + 0x40);  // ESC (0x1B) is ^[, as terminals echo it
        } else if (cp == 0x7F) {
            out += "^?";
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            out += fmt::format("<U+{:04X}>", cp);
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    return out;
}

}  // namespace kb::cli

#include "render/text_wrap.h"

#include <algorithm>
#include <utf8proc.h>

namespace kb::cli {

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        if (const unsigned char c = static_cast<unsigned char>(text[i]); c >= 0x20 && c < 0x7f) {
            ++columns;  // printable ASCII, most of any text: one column, without asking utf8proc
            ++i;
            continue;
        }
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t length =
            utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
        if (length <= 0) {  // not UTF-8 (the sanitiser has replaced such bytes): one column, as U+FFFD
            ++columns;
            ++i;
            continue;
        }
        const int width = utf8proc_charwidth(cp);
        columns += cp == '\t' ? 1 : static_cast<std::size_t>(width > 0 ? width : 0);
        i += static_cast<std::size_t>(length);
    }
    return columns;
}

std::vector<LineSpan> wrap_lines(std::string_view text, std::size_t width) {
    std::vector<LineSpan> lines;
    std::size_t line_begin = std::string_view::npos, line_end = 0;
    std::size_t line_width = 0;  // of [line_begin, line_end): each word is measured once
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t word_end = std::min(text.find(' ', i), text.size());
        const std::size_t word_width = display_width(text.substr(i, word_end - i));
        // The spaces before the word (one column each) count as they show, so runs of spaces
        // inside a line do too.
        const std::size_t spaces = i - line_end;
        if (line_begin != std::string_view::npos && line_width + spaces + word_width <= width) {
            line_width += spaces + word_width;
        } else {
            if (line_begin != std::string_view::npos) lines.push_back({line_begin, line_end});
            line_begin = i;
            line_width = word_width;
        }
        line_end = word_end;
        i = word_end;
    }
    if (line_begin != std::string_view::npos) lines.push_back({line_begin, line_end});
    if (lines.empty()) lines.push_back({0, 0});
    return lines;
}

}  // namespace kb::cli

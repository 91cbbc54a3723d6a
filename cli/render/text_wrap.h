// Wrapping text to the terminal's width, counting columns as a terminal does (a combining accent
// takes none, a wide CJK character two), never inside a word.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kb::cli {

// Columns `text` takes on a terminal. The text must hold no escape codes (style it afterwards).
std::size_t display_width(std::string_view text);

// One line of wrapped text: the bytes [begin, end) of the text that was wrapped.
struct LineSpan {
    std::size_t begin;
    std::size_t end;
};

// Breaks `text` at spaces into lines of at most `width` columns; the spaces at a break are
// dropped. A word wider than a line gets a line of its own and is not cut (a URL or path cut
// in two could no longer be copied). Empty text is one empty line.
std::vector<LineSpan> wrap_lines(std::string_view text, std::size_t width);

// `text` wrapped at `width`, the first line after `first_indent`, the others after `indent`,
// each line ended by a newline. `style` is applied to each line's text after wrapping.
template <typename Style>
std::string wrapped(std::string_view text, std::size_t width, std::string_view first_indent, std::string_view indent,
                    Style style) {
    std::string out;
    const std::size_t room = width > indent.size() + 10 ? width - indent.size() : 10;
    bool first = true;
    for (const LineSpan& line : wrap_lines(text, room)) {
        out += first ? first_indent : indent;
        out += style(text.substr(line.begin, line.end - line.begin));
        out += '\n';
        first = false;
    }
    return out;
}

}  // namespace kb::cli

// cli/render/text_wrap: columns as a terminal counts them, and lines that never split a word.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <utf8proc.h>
#include <vector>

#include "render/text_wrap.h"

using kb::cli::display_width;
using kb::cli::LineSpan;
using kb::cli::wrap_lines;

namespace {

// Columns counted the slow, obvious way: every code point through utf8proc.
std::size_t reference_width(std::string_view text) {
    std::size_t columns = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        utf8proc_int32_t cp = 0;
        const auto length = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
        if (length <= 0) {
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

// Lines measured from their start for every word: slow, and plainly right.
std::vector<LineSpan> reference_wrap(std::string_view text, std::size_t width) {
    std::vector<LineSpan> lines;
    std::size_t begin = std::string_view::npos, end = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t word_end = std::min(text.find(' ', i), text.size());
        if (begin == std::string_view::npos) {
            begin = i;
        } else if (reference_width(text.substr(begin, word_end - begin)) > width) {
            lines.push_back({begin, end});
            begin = i;
        }
        end = word_end;
        i = word_end;
    }
    if (begin != std::string_view::npos) lines.push_back({begin, end});
    if (lines.empty()) lines.push_back({0, 0});
    return lines;
}

}  // namespace

TEST_CASE("display width: ASCII, accents, wide characters, controls and broken UTF-8") {
    CHECK(display_width("vrede") == 5);
    CHECK(display_width("co\xC3\xB6rdinatie") == 11);      // ö precomposed
    CHECK(display_width("coo\xCC\x88rdinatie") == 11);     // o + combining diaeresis
    CHECK(display_width("\xE5\xB9\xB3\xE5\x92\x8C") == 4);  // two wide CJK characters
    CHECK(display_width("a\tb") == 3);
    CHECK(display_width("\xFF\xFEx") == 3);
    for (int c = 0; c < 0x80; ++c) {
        const std::string one(1, static_cast<char>(c));
        CHECK_MESSAGE(display_width(one) == reference_width(one), "byte ", c);
    }
}

TEST_CASE("wrapping measures each word once and breaks where measuring every line from its start would") {
    const std::vector<std::string> pieces = {"vrede", "veiligheid", "co\xC3\xB6rdinatie", "\xE5\xB9\xB3\xE5\x92\x8C",
                                             "a",     "  ",         "https://example.org/a/very/long/path",
                                             "coo\xCC\x88rdinatie", "\t", "\xFF"};
    std::mt19937 random(1325);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int words = static_cast<int>(random() % 30);
        for (int w = 0; w < words; ++w) text += pieces[random() % pieces.size()] + (random() % 4 ? " " : "");
        const std::size_t width = 1 + random() % 60;
        const auto got = wrap_lines(text, width), want = reference_wrap(text, width);
        REQUIRE_MESSAGE(got.size() == want.size(), "text '", text, "' width ", width);
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].begin == want[i].begin);
            CHECK(got[i].end == want[i].end);
        }
        CHECK(display_width(text) == reference_width(text));
    }
}

TEST_CASE("a word wider than the line keeps a line of its own, uncut") {
    const std::string text = "zie https://example.org/een/heel/lang/pad hier";
    const auto lines = wrap_lines(text, 10);
    REQUIRE(lines.size() == 3);
    CHECK(text.substr(lines[1].begin, lines[1].end - lines[1].begin) == "https://example.org/een/heel/lang/pad");
}

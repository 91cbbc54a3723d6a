#include "extract/fields.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

#include "text/utf8.h"

namespace kb::fields {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

namespace {

// ISO 639-2 (bibliographic and terminology) codes and language names seen in Dutch and English
// metadata; anything else two-letter is taken as ISO 639-1 already.
constexpr std::pair<std::string_view, std::string_view> kLanguages[] = {
    {"nld", "nl"}, {"dut", "nl"}, {"dutch", "nl"}, {"nederlands", "nl"}, {"vlaams", "nl"}, {"flemish", "nl"},
    {"eng", "en"}, {"english", "en"}, {"engels", "en"},
    {"deu", "de"}, {"ger", "de"}, {"german", "de"}, {"deutsch", "de"}, {"duits", "de"},
    {"fra", "fr"}, {"fre", "fr"}, {"french", "fr"}, {"fran\xc3\xa7" "ais", "fr"}, {"francais", "fr"}, {"frans", "fr"},
    {"spa", "es"}, {"spanish", "es"}, {"espa\xc3\xb1ol", "es"}, {"espanol", "es"}, {"spaans", "es"},
    {"ita", "it"}, {"italian", "it"}, {"italiano", "it"}, {"italiaans", "it"},
    {"por", "pt"}, {"portuguese", "pt"}, {"portugees", "pt"},
    {"fry", "fy"}, {"frisian", "fy"}, {"fries", "fy"}, {"frysk", "fy"},
    {"ara", "ar"}, {"arabic", "ar"}, {"arabisch", "ar"},
    {"tur", "tr"}, {"turkish", "tr"}, {"turks", "tr"},
    {"pol", "pl"}, {"polish", "pl"}, {"pools", "pl"},
    {"dan", "da"}, {"danish", "da"}, {"deens", "da"},
    {"swe", "sv"}, {"swedish", "sv"}, {"zweeds", "sv"},
    {"nor", "no"}, {"nob", "nb"}, {"nno", "nn"}, {"norwegian", "no"}, {"noors", "no"},
    {"fin", "fi"}, {"finnish", "fi"}, {"fins", "fi"},
    {"rus", "ru"}, {"russian", "ru"}, {"russisch", "ru"},
    {"zho", "zh"}, {"chi", "zh"}, {"chinese", "zh"}, {"chinees", "zh"},
    {"jpn", "ja"}, {"japanese", "ja"}, {"japans", "ja"},
    {"ell", "el"}, {"gre", "el"}, {"greek", "el"}, {"grieks", "el"},
    {"ces", "cs"}, {"cze", "cs"}, {"czech", "cs"}, {"tsjechisch", "cs"},
    {"hun", "hu"}, {"hungarian", "hu"}, {"hongaars", "hu"},
    {"ron", "ro"}, {"rum", "ro"}, {"romanian", "ro"}, {"roemeens", "ro"},
    {"ukr", "uk"}, {"ukrainian", "uk"}, {"oekraiens", "uk"},
    {"lat", "la"}, {"latin", "la"}, {"latijn", "la"},
    {"cat", "ca"}, {"eus", "eu"}, {"baq", "eu"}, {"gle", "ga"}, {"cym", "cy"}, {"wel", "cy"},
    {"ltz", "lb"}, {"afr", "af"}, {"ind", "id"}, {"kor", "ko"}, {"heb", "he"}, {"hin", "hi"},
    {"vie", "vi"}, {"tha", "th"}, {"fas", "fa"}, {"per", "fa"}, {"som", "so"}, {"hrv", "hr"},
};

}  // namespace

std::string normalize_lang(std::string_view raw) {
    std::string s = ascii_lower(trim(raw));
    // Region and script subtags ("nl-NL", "en_GB", "zh-Hant") do not change the language.
    if (auto cut = s.find_first_of("-_"); cut != std::string::npos) s.erase(cut);
    for (const auto& [name, code] : kLanguages)
        if (s == name) return std::string(code);
    if (s.size() == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z') return s;
    return {};
}

bool looks_like_url(std::string_view s) {
    s = trim(s);
    if (!(istarts_with(s, "http://") || istarts_with(s, "https://"))) return false;
    // A host must follow the scheme, and URLs never contain spaces.
    const auto rest = s.substr(s.find("//") + 2);
    return !rest.empty() && rest.find_first_of(" \t\r\n") == std::string_view::npos;
}

namespace {

constexpr std::pair<std::string_view, std::uint32_t> kEntities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},     {"hellip", 0x2026}, {"mdash", 0x2014},  {"ndash", 0x2013}, {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"euro", 0x20AC},  {"copy", 0xA9},
    {"reg", 0xAE},      {"trade", 0x2122},  {"laquo", 0xAB},    {"raquo", 0xBB},   {"middot", 0xB7},
    {"bull", 0x2022},
};

// Tags that sit inside words ("<b>Kenn</b>isbank") must not introduce a space.
bool is_inline_tag(std::string_view name) {
    static constexpr std::array<std::string_view, 18> kInline{"a",    "b",     "i",     "u",    "em",  "strong",
                                                             "span", "sub",   "sup",   "abbr", "code", "small",
                                                             "mark", "q",     "cite",  "s",    "font", "tt"};
    const std::string lower = ascii_lower(name);
    return std::find(kInline.begin(), kInline.end(), lower) != kInline.end();
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string decode_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '&') {
            out += s[i++];
            continue;
        }
        const auto semi = s.find(';', i + 1);
        // Entity names are short; a distant ';' means this '&' is just text.
        if (semi == std::string_view::npos || semi - i > 12) {
            out += s[i++];
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        bool done = false;
        if (name.size() >= 2 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            char* end = nullptr;
            const unsigned long cp = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
            if (!digits.empty() && end && *end == '\0') {
                text::append_utf8(out, cp > 0x10FFFF ? 0xFFFD : static_cast<std::uint32_t>(cp));
                done = true;
            }
        } else {
            for (const auto& [n, cp] : kEntities)
                if (name == n) {
                    text::append_utf8(out, cp);
                    done = true;
                    break;
                }
        }
        if (done) {
            i = semi + 1;
        } else {
            out += s[i++];
        }
    }
    return out;
}

std::string strip_tags(std::string_view html) {
    std::string text;
    text.reserve(html.size());
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c != '<') {
            text += c;
            ++i;
            continue;
        }
        const std::string_view rest = html.substr(i);
        if (rest.starts_with("<!--")) {
            const auto end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            text += ' ';
            continue;
        }
        if (rest.starts_with("<![CDATA[")) {
            const auto end = html.find("]]>", i + 9);
            const auto stop = end == std::string_view::npos ? html.size() : end;
            text.append(html.substr(i + 9, stop - i - 9));
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        // "a < b" is text, not a tag: only '<' followed by a name, '/', '!' or '?' opens one.
        const char next = i + 1 < html.size() ? html[i + 1] : '\0';
        if (!(is_alpha(next) || next == '/' || next == '!' || next == '?')) {
            text += c;
            ++i;
            continue;
        }
        const auto close = html.find('>', i + 1);
        if (close == std::string_view::npos) break;  // a dangling tag at the end carries no text
        std::size_t n = i + 1 + (next == '/' ? 1 : 0);
        std::size_t name_end = n;
        while (name_end < close && (is_alpha(html[name_end]) || (html[name_end] >= '0' && html[name_end] <= '9')))
            ++name_end;
        const std::string name = ascii_lower(html.substr(n, name_end - n));
        i = close + 1;
        if (next != '/' && (name == "script" || name == "style")) {
            // Their content is code, not text: skip to the matching end tag.
            const std::string end_tag = "</" + name;
            std::size_t j = i;
            while (j < html.size() && !istarts_with(html.substr(j), end_tag)) ++j;
            const auto gt = html.find('>', j);
            i = gt == std::string_view::npos ? html.size() : gt + 1;
        }
        if (!is_inline_tag(name)) text += ' ';
    }
    return text::collapse_whitespace(decode_entities(text));
}

LineColumn line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    LineColumn lc;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++lc.line;
            line_start = i + 1;
        }
    for (std::size_t i = line_start; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++lc.column;
    return lc;
}

void add_unique(std::vector<std::string>& list, std::string value) {
    if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
    list.push_back(std::move(value));
}

void add_unique(std::vector<AuthorName>& list, AuthorName value) {
    if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
    list.push_back(std::move(value));
}

std::vector<std::string> split_list(std::string_view s, char sep) {
    std::vector<std::string> out;
    while (true) {
        const auto cut = s.find(sep);
        const auto part = trim(s.substr(0, cut));
        if (!part.empty()) out.emplace_back(part);
        if (cut == std::string_view::npos) break;
        s.remove_prefix(cut + 1);
    }
    return out;
}

std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

std::string json_error_reason(std::string_view what) {
    if (const auto p = what.find("parse error"); p != std::string_view::npos) {
        if (const auto colon = what.find(": ", p); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    } else if (what.starts_with("[json.exception.")) {
        if (const auto close = what.find("] "); close != std::string_view::npos) what.remove_prefix(close + 2);
    }
    constexpr std::size_t kMax = 160;
    if (what.size() <= kMax) return std::string(what);
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return std::string(what.substr(0, cut)) + "...";
}

}  // namespace kb::fields

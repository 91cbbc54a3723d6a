// HTML extractor: bytes -> UTF-8 -> gumbo tree -> one Document.
//
// Metadata comes from <title>, <meta> (plain, Dublin Core, Open Graph, article:*), <link rel=canonical>,
// <html lang> and JSON-LD; the body is the visible text of <main> (or the one <article>, or <body>)
// without page furniture (navigation, headers, footers, cookie banners, scripts, forms, ...).
// The bytes are decoded first (BOM, <meta charset>, http-equiv, <?xml encoding?>; gumbo reads only UTF-8).
// The tree is walked once, iteratively, so deep markup cannot overflow the stack; a second walk happens only
// when the class/id furniture heuristics left no text at all (a page wrapped in <form> or class="has-sidebar").
// gumbo was picked over libxml2's HTML parser: see tests/bench/html_parsers.cpp.
#include <gumbo.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <csetjmp>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "extract/html_cost.h"
#include "text/date.h"
#include "text/utf8.h"
#include "text/wide_encoding.h"

namespace kb {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Small ASCII string helpers (HTML keywords are ASCII; values may be any UTF-8).

constexpr char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = lower_ascii(c);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Case-insensitive search for an ASCII needle.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0) {
    if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i)
        if (iequals(hay.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

// Appends `value` (whitespace collapsed) unless empty or already present (case-insensitively).
void add_unique(std::vector<std::string>& list, std::string_view value) {
    std::string v = text::collapse_whitespace(value);
    if (v.empty()) return;
    for (const auto& existing : list)
        if (iequals(existing, v)) return;
    list.push_back(std::move(v));
}

// The same for authors, compared by the name they display.
void add_unique(std::vector<AuthorName>& list, AuthorName name) {
    if (name.is_person()) {
        name.family = text::collapse_whitespace(name.family);
        name.given = text::collapse_whitespace(name.given);
    } else {
        name = AuthorName(text::collapse_whitespace(name.display()));
    }
    if (name.empty()) return;
    for (const auto& existing : list)
        if (iequals(existing.display(), name.display())) return;
    list.push_back(std::move(name));
}
void add_unique(std::vector<AuthorName>& list, std::string_view value) { add_unique(list, AuthorName(std::string(value))); }

// Splits on any of `separators`, adding each trimmed, non-empty piece.
template <typename List>
void add_split(List& list, std::string_view value, std::string_view separators) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i == value.size() || separators.find(value[i]) != std::string_view::npos) {
            add_unique(list, value.substr(start, i - start));
            start = i + 1;
        }
    }
}

// "nl-NL" / "nl_NL" / "NL" -> "nl"; "" for anything that is not a 2-3 letter primary subtag.
std::string primary_language(std::string_view raw) {
    raw = trim(raw);
    std::size_t end = 0;
    while (end < raw.size() && raw[end] != '-' && raw[end] != '_' && raw[end] != ',' && raw[end] != ';' &&
           !is_space(raw[end]))
        ++end;
    std::string_view primary = raw.substr(0, end);
    if (primary.size() < 2 || primary.size() > 3) return {};
    for (char c : primary)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return {};
    return to_lower(primary);
}

bool looks_like_url(std::string_view s) {
    s = trim(s);
    return istarts_with(s, "http://") || istarts_with(s, "https://") || istarts_with(s, "//");
}

// ---------------------------------------------------------------------------------------------
// Character set: BOM, then a prescan of the first 4 KB for <meta charset>, <meta http-equiv> and
// an XML declaration, then conversion to UTF-8 (gumbo only reads UTF-8).

constexpr std::size_t kPrescanBytes = 4096;

// Reads one attribute value starting at `i` (quoted or not); advances `i` past it.
std::string_view read_attr_value(std::string_view s, std::size_t& i) {
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i++];
        const std::size_t end = s.find(quote, i);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end;
        std::string_view v = s.substr(i, stop - i);
        i = stop == s.size() ? stop : stop + 1;
        return v;
    }
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
    return s.substr(start, i - start);
}

// "text/html; charset=ISO-8859-1" -> "ISO-8859-1".
std::string_view charset_from_content_type(std::string_view content) {
    std::size_t p = ifind(content, "charset");
    if (p == std::string_view::npos) return {};
    p += 7;
    while (p < content.size() && is_space(content[p])) ++p;
    if (p >= content.size() || content[p] != '=') return {};
    ++p;
    while (p < content.size() && (is_space(content[p]) || content[p] == '"' || content[p] == '\'')) ++p;
    std::size_t end = p;
    while (end < content.size() && !is_space(content[end]) && content[end] != ';' && content[end] != '"' &&
           content[end] != '\'')
        ++end;
    return content.substr(p, end - p);
}

// The declared charset label in the first bytes, "" when none. <meta> wins over <?xml encoding?>.
std::string prescan_charset(std::string_view head) {
    std::string xml_encoding;
    std::size_t i = 0;
    // An XML declaration must come first (after a BOM, which the caller removed, or whitespace).
    {
        std::size_t j = 0;
        while (j < head.size() && is_space(head[j])) ++j;
        if (head.substr(j, 5) == "<?xml") {
            const std::size_t end = head.find("?>", j);
            std::string_view decl = head.substr(j, end == std::string_view::npos ? head.size() - j : end - j);
            std::size_t p = decl.find("encoding");
            if (p != std::string_view::npos) {
                p += 8;
                while (p < decl.size() && is_space(decl[p])) ++p;
                if (p < decl.size() && decl[p] == '=') {
                    ++p;
                    while (p < decl.size() && is_space(decl[p])) ++p;
                    xml_encoding = std::string(read_attr_value(decl, p));
                }
            }
            i = end == std::string_view::npos ? head.size() : end + 2;
        }
    }
    while (i < head.size()) {
        i = head.find('<', i);
        if (i == std::string_view::npos) break;
        if (head.substr(i, 4) == "<!--") {
            const std::size_t end = head.find("-->", i + 4);
            if (end == std::string_view::npos) break;
            i = end + 3;
            continue;
        }
        if (i + 5 < head.size() && iequals(head.substr(i + 1, 4), "meta") &&
            (is_space(head[i + 5]) || head[i + 5] == '/')) {
            std::size_t p = i + 5;
            std::string_view charset, http_equiv, content;
            while (p < head.size()) {
                while (p < head.size() && (is_space(head[p]) || head[p] == '/')) ++p;
                if (p >= head.size() || head[p] == '>') break;
                const std::size_t name_start = p;
                while (p < head.size() && !is_space(head[p]) && head[p] != '=' && head[p] != '>' && head[p] != '/')
                    ++p;
                std::string_view name = head.substr(name_start, p - name_start);
                while (p < head.size() && is_space(head[p])) ++p;
                std::string_view value;
                if (p < head.size() && head[p] == '=') {
                    ++p;
                    while (p < head.size() && is_space(head[p])) ++p;
                    value = read_attr_value(head, p);
                }
                if (iequals(name, "charset"))
                    charset = value;
                else if (iequals(name, "http-equiv"))
                    http_equiv = value;
                else if (iequals(name, "content"))
                    content = value;
                if (name.empty()) ++p;  // a stray character: step over it
            }
            if (!trim(charset).empty()) return std::string(trim(charset));
            if (iequals(trim(http_equiv), "content-type")) {
                std::string_view cs = charset_from_content_type(content);
                if (!cs.empty()) return std::string(cs);
            }
            i = p;
            continue;
        }
        ++i;
    }
    return xml_encoding;
}

// Maps the labels of UTF-8 and windows-1252 (WHATWG Encoding Standard: every iso-8859-1 label means
// windows-1252) onto the names to_utf8 knows; any other label is returned lowercased.
std::string canonical_charset(std::string_view label) {
    std::string cs = to_lower(trim(label));
    static constexpr std::array<std::string_view, 5> kUtf8{"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8",
                                                           "unicode20utf8"};
    static constexpr std::array<std::string_view, 15> kWindows1252{
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso88591",   "iso_8859-1", "latin1",
        "latin-1",      "l1",     "cp819",    "ibm819",     "csisolatin1", "iso-ir-100", "iso_8859-1:1987"};
    for (auto name : kUtf8)
        if (cs == name) return "utf-8";
    for (auto name : kWindows1252)
        if (cs == name) return "windows-1252";
    return cs;
}

// Charsets that to_utf8 does not know (iso-8859-2, windows-1251, shift_jis, ...) through the C
// library's iconv; nullopt when it does not know them either. Invalid bytes become U+FFFD.
std::optional<std::string> iconv_to_utf8(std::string_view bytes, const std::string& charset) {
    std::string from = charset;
    if (from == "gb2312" || from == "gbk" || from == "x-gbk" || from == "gb_2312-80") from = "GB18030";  // WHATWG
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out;
    out.resize(bytes.size() * 2 + 16);
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::size_t used = 0;
    while (in_left > 0) {
        char* dst = out.data() + used;
        std::size_t out_left = out.size() - used;
        const std::size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
        used = out.size() - out_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
        } else {  // EILSEQ or EINVAL (a truncated sequence at the end): replace one byte, go on
            if (out.size() - used < 3) out.resize(out.size() * 2);
            std::memcpy(out.data() + used, "\xEF\xBF\xBD", 3);
            used += 3;
            ++in;
            --in_left;
        }
    }
    iconv_close(cd);
    out.resize(used);
    return out;
}

// Whether `charset` writes ASCII as ASCII. The <meta> that names it was just read as ASCII, so
// a charset that does not (EBCDIC such as IBM037, UTF-16/32, UTF-7) cannot be the page's.
bool ascii_compatible(const std::string& charset) {
    static constexpr std::string_view kProbe =
        "<meta charset=\"x\"> abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 =/-_.:;'!?&#()\n";
    if (charset.starts_with("utf") || charset.starts_with("ucs") || charset.starts_with("unicode")) return false;
    const auto converted = iconv_to_utf8(kProbe, charset);
    return converted && *converted == kProbe;
}

bool has_non_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// The page as UTF-8, whatever it was written in. Throws UnsupportedInputError for binary bytes.
// A declared charset the bytes contradict is ignored, with a warning.
std::string decode_to_utf8(std::string_view bytes, const std::string& source, std::vector<std::string>* warnings) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    // UTF-16/32 are believed only when the bytes show them: a byte order mark or the NUL pattern.
    if (const auto wide = text::detect_wide_encoding(bytes); wide.encoding != text::WideEncoding::None)
        return text::wide_to_utf8(bytes, wide);
    if (text::looks_binary(bytes)) throw UnsupportedInputError(source, "binary content, not HTML");
    if (bytes.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF)
        return *text::to_utf8(bytes.substr(3), "utf-8");

    const std::string declared = prescan_charset(bytes.substr(0, kPrescanBytes));
    const std::string charset = canonical_charset(declared);
    if (charset != "utf-8" && !charset.empty() && has_non_ascii(bytes) && !text::first_invalid_utf8(bytes)) {
        // A legacy label on bytes that are valid, non-ASCII UTF-8: the label is wrong (a common server
        // misconfiguration); windows-1252 text is practically never valid UTF-8 by accident.
        return std::string(bytes);
    }
    if (charset != "iso-8859-15") {  // to_utf8 reads iso-8859-15 as windows-1252; iconv knows better
        if (auto converted = text::to_utf8(bytes, charset)) return std::move(*converted);
    }
    const bool plausible_label =
        !charset.empty() && charset.size() <= 40 &&
        std::all_of(charset.begin(), charset.end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                                        c == ':' || c == '.'; });
    if (plausible_label) {
        if (ascii_compatible(charset)) {
            if (auto converted = iconv_to_utf8(bytes, charset)) return std::move(*converted);
        } else if (warnings) {
            // Decoding by it would turn the whole page into garbage.
            warnings->push_back(fmt::format(
                "the page declares charset \"{}\", which cannot be true of bytes in which that declaration reads "
                "as ASCII; ignored, read as {}",
                declared, text::first_invalid_utf8(bytes) ? "windows-1252" : "UTF-8"));
        }
    }
    // An unknown or impossible charset: UTF-8, falling back to windows-1252 when that is not valid.
    return *text::to_utf8(bytes, "utf-8");
}

// ---------------------------------------------------------------------------------------------
// Tag classes.

enum TagFlag : std::uint8_t {
    kSkip = 1,       // never contributes text: not descended into (script, style, svg, ...)
    kFurniture = 2,  // page furniture by tag (nav, header, footer, aside, menu)
    kForm = 4,       // a form: furniture, unless it turns out to wrap the whole page
};
// Separator a block element puts around its text.
enum Sep : std::uint8_t { kNone = 0, kSpace = 1, kLine = 2, kPara = 3 };

struct TagInfo {
    std::uint8_t flags = 0;
    std::uint8_t sep = kNone;
};

constexpr std::size_t kTagCount = static_cast<std::size_t>(GUMBO_TAG_LAST) + 1;

std::array<TagInfo, kTagCount> make_tag_table() {
    std::array<TagInfo, kTagCount> t{};
    for (GumboTag tag : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG,
                         GUMBO_TAG_MATH, GUMBO_TAG_IFRAME, GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT, GUMBO_TAG_TEXTAREA,
                         GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS, GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO,
                         GUMBO_TAG_DATALIST, GUMBO_TAG_TITLE, GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOEMBED,
                         GUMBO_TAG_APPLET, GUMBO_TAG_FRAMESET, GUMBO_TAG_MAP})
        t[tag] = {kSkip, kSpace};
    for (GumboTag tag : {GUMBO_TAG_NAV, GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE, GUMBO_TAG_MENU})
        t[tag] = {kFurniture, kPara};
    t[GUMBO_TAG_FORM] = {kForm, kPara};
    for (GumboTag tag :
         {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY, GUMBO_TAG_CENTER,
          GUMBO_TAG_DETAILS, GUMBO_TAG_DIR, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGURE,
          GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HGROUP,
          GUMBO_TAG_HR, GUMBO_TAG_MAIN, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_SECTION,
          GUMBO_TAG_TABLE, GUMBO_TAG_UL, GUMBO_TAG_LISTING, GUMBO_TAG_XMP, GUMBO_TAG_PLAINTEXT})
        t[tag].sep = kPara;
    for (GumboTag tag : {GUMBO_TAG_LI, GUMBO_TAG_DT, GUMBO_TAG_DD, GUMBO_TAG_TR, GUMBO_TAG_BR, GUMBO_TAG_FIGCAPTION,
                         GUMBO_TAG_CAPTION, GUMBO_TAG_SUMMARY, GUMBO_TAG_LEGEND, GUMBO_TAG_OPTION,
                         GUMBO_TAG_THEAD, GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT})
        t[tag].sep = kLine;
    for (GumboTag tag : {GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_IMG, GUMBO_TAG_INPUT}) t[tag].sep = kSpace;
    return t;
}

const std::array<TagInfo, kTagCount> kTags = make_tag_table();

const TagInfo& tag_info(GumboTag tag) {
    const auto i = static_cast<std::size_t>(tag);
    return kTags[i < kTagCount ? i : kTagCount - 1];
}

// Whole tokens of class / id values (split on whitespace, '-' and '_') that mark page furniture.
bool is_furniture_token(std::string_view token) {
    static constexpr std::array<std::string_view, 20> kTokens{
        "cookie", "cookies", "consent", "banner", "breadcrumb", "breadcrumbs", "skip", "skiplink", "skiplinks",
        "menu", "sidebar", "social", "share", "sharing", "footer", "header", "nav", "navbar", "navigation",
        "masthead"};
    if (token.size() < 3 || token.size() > 11) return false;
    for (auto t : kTokens)
        if (iequals(token, t)) return true;
    return false;
}

// Tokens of the parts of tab and accordion widgets, whose panels hold text the author wrote.
bool is_panel_token(std::string_view token) {
    static constexpr std::array<std::string_view, 9> kTokens{
        "tab", "tabs", "tabpanel", "pane", "accordion", "panel", "collapsible", "disclosure", "faq"};
    for (auto t : kTokens)
        if (iequals(token, t)) return true;
    return false;
}

bool has_panel_token(std::string_view value) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i)
        if (i == value.size() || is_space(value[i]) || value[i] == '-' || value[i] == '_') {
            if (is_panel_token(value.substr(start, i - start))) return true;
            start = i + 1;
        }
    return false;
}

// True when a class or id value marks furniture. "header" next to a panel token is the heading of
// an accordion or tab panel (accordion-header), not the page's header.
bool has_furniture_token(std::string_view value) {
    bool panel = false, header = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i == value.size() || is_space(value[i]) || value[i] == '-' || value[i] == '_') {
            const std::string_view token = value.substr(start, i - start);
            start = i + 1;
            if (token.empty()) continue;
            if (is_panel_token(token)) panel = true;
            else if (iequals(token, "header")) header = true;
            else if (is_furniture_token(token)) return true;
        }
    }
    return header && !panel;
}

const char* attr(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    return a ? a->value : nullptr;
}

std::string_view attr_view(const GumboElement& e, const char* name) {
    const char* v = attr(e, name);
    return v ? std::string_view(v) : std::string_view();
}

// The first whitespace-separated token of a role attribute, lowercased by comparison.
bool role_is(std::string_view role, std::string_view what) {
    role = trim(role);
    std::size_t end = 0;
    while (end < role.size() && !is_space(role[end])) ++end;
    return iequals(role.substr(0, end), what);
}

// Concatenated text of a subtree (for <title>, the first <h1>, a <time> without datetime, JSON-LD).
std::string inner_text(const GumboNode* root) {
    std::string out;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
            out += n->v.text.text;
        } else if (n->type == GUMBO_NODE_ELEMENT) {
            if (n != root && (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE)) continue;
            if (n != root && n->v.element.tag == GUMBO_TAG_BR) out += ' ';
            const GumboVector& c = n->v.element.children;
            for (unsigned i = c.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(c.data[i]));
        }
    }
    return out;
}

// True when title text holds markup that a page would not put in its title: "</", "<body", "<p>", ...
bool swallowing_title(std::string_view t) {
    for (std::size_t p = t.find('<'); p != std::string_view::npos; p = t.find('<', p + 1)) {
        const std::string_view rest = t.substr(p + 1);
        if (rest.starts_with('/') || istarts_with(rest, "body") || istarts_with(rest, "meta") ||
            istarts_with(rest, "p>") || istarts_with(rest, "div") || istarts_with(rest, "link") ||
            istarts_with(rest, "script") || istarts_with(rest, "h1"))
            return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// The walk.

struct TimeCandidate {
    std::string value;
    bool in_main;
    int article;  // index into Walker::articles, -1 when outside every counted article
};

struct Range {
    std::size_t begin = 0, end = 0;
};

struct Walker {
    // Options.
    bool collect_metadata = true;
    bool class_heuristics = true;  // class/id tokens and <form> mark furniture

    // Body text, separators emitted lazily so that none is leading or doubled.
    std::string text;
    std::uint8_t pending = kNone;
    int suppressed = 0;            // > 0: inside furniture, text not emitted
    int heuristic_suppressed = 0;  // of which, by class/id token or <form>
    int pre = 0;
    std::size_t heuristic_bytes = 0;  // text dropped only by the class/id/form heuristics

    // Regions: the first <main> (or role=main) and the outermost <article>s outside furniture.
    bool have_main = false;
    Range main;
    int main_depth = 0;
    std::vector<Range> articles;
    int article_depth = 0;
    int current_article = -1;
    int no_time = 0;  // inside nav/aside/footer: <time> there is not the page's date
    std::vector<TimeCandidate> times;

    // Metadata (first pass only).
    bool have_title = false;
    std::string title, h1, lang_attr, canonical;
    bool have_h1 = false;
    std::size_t title_text_offset = std::string::npos;  // where a <title> that swallowed the page begins
    std::vector<std::pair<std::string, std::string>> metas;  // lowercased key -> content
    std::vector<json> json_ld;

    struct Frame {
        const GumboNode* node;
        unsigned next = 0;
        std::uint8_t sep = kNone;
        bool suppress = false, heuristic = false, pre = false, no_time = false;
        bool main_reset = false, main_region = false, article = false, article_region = false;
        int saved_suppressed = 0, saved_heuristic = 0, saved_article = -1;
    };

    void emit(std::string_view s) {
        if (suppressed > 0) {
            if (suppressed == heuristic_suppressed) heuristic_bytes += s.size();
            return;
        }
        const char* p = s.data();
        const std::size_t n = s.size();
        std::size_t i = 0;
        while (i < n) {
            const char c = p[i];
            if (is_space(c)) {
                if (pre > 0 && c == '\n' && pending < kLine) pending = kLine;
                if (pending < kSpace) pending = kSpace;
                ++i;
                continue;
            }
            if (c == '\xC2' && i + 1 < n && p[i + 1] == '\xA0') {  // U+00A0 no-break space
                if (pending < kSpace) pending = kSpace;
                i += 2;
                continue;
            }
            std::size_t j = i + 1;
            while (j < n && !is_space(p[j]) && !(p[j] == '\xC2' && j + 1 < n && p[j + 1] == '\xA0')) ++j;
            if (pending != kNone && !text.empty()) {
                if (pending == kSpace)
                    text += ' ';
                else if (pending == kLine)
                    text += '\n';
                else
                    text += "\n\n";
            }
            pending = kNone;
            text.append(p + i, j - i);
            i = j;
        }
    }

    void separate(std::uint8_t sep) {
        if (sep > pending) pending = sep;
    }

    void collect_element(const GumboNode* node) {
        const GumboElement& e = node->v.element;
        switch (e.tag) {
            case GUMBO_TAG_HTML: {
                std::string_view lang = attr_view(e, "lang");
                if (trim(lang).empty()) lang = attr_view(e, "xml:lang");
                lang_attr = std::string(trim(lang));
                break;
            }
            case GUMBO_TAG_TITLE:
                if (!have_title && e.tag_namespace == GUMBO_NAMESPACE_HTML) {
                    title = text::collapse_whitespace(inner_text(node));
                    have_title = !title.empty();
                    // An unclosed <title> (or a typo such as </tile>) swallows the rest of the page as
                    // title text, as the HTML standard says; remember where, to repair it.
                    if (e.children.length > 0 && swallowing_title(title)) {
                        const auto* first = static_cast<const GumboNode*>(e.children.data[0]);
                        if (first->type == GUMBO_NODE_TEXT) title_text_offset = first->v.text.start_pos.offset;
                    }
                }
                break;
            case GUMBO_TAG_H1:
                if (!have_h1) {
                    h1 = text::collapse_whitespace(inner_text(node));
                    have_h1 = !h1.empty();
                }
                break;
            case GUMBO_TAG_META: {
                const char* content = attr(e, "content");
                if (!content) break;
                std::string_view value = trim(content);
                if (value.empty()) break;
                if (const char* name = attr(e, "name")) metas.emplace_back(to_lower(trim(name)), value);
                if (const char* property = attr(e, "property")) metas.emplace_back(to_lower(trim(property)), value);
                if (const char* equiv = attr(e, "http-equiv")) metas.emplace_back(to_lower(trim(equiv)), value);
                if (const char* itemprop = attr(e, "itemprop"))
                    metas.emplace_back("itemprop:" + to_lower(trim(itemprop)), value);
                break;
            }
            case GUMBO_TAG_LINK:
                if (canonical.empty()) {
                    std::string_view rel = attr_view(e, "rel");
                    bool is_canonical = false;
                    std::size_t start = 0;
                    for (std::size_t i = 0; i <= rel.size(); ++i)
                        if (i == rel.size() || is_space(rel[i])) {
                            if (iequals(rel.substr(start, i - start), "canonical")) is_canonical = true;
                            start = i + 1;
                        }
                    if (is_canonical) canonical = std::string(trim(attr_view(e, "href")));
                }
                break;
            case GUMBO_TAG_SCRIPT:
                if (iequals(trim(attr_view(e, "type")), "application/ld+json")) {
                    // kb reads a few levels of JSON-LD; deeper nesting would only cost memory and time
                    // (10 MB of "[" took 10 s and 440 MB).
                    const std::string ld = inner_text(node);
                    if (fields::json_too_deep(ld, fields::kMaxJsonDepth)) break;
                    json j = json::parse(ld, nullptr, /*allow_exceptions=*/false);
                    if (!j.is_discarded()) json_ld.push_back(std::move(j));
                }
                break;
            default:
                break;
        }
    }

    // Called when an element is entered; returns false when its subtree is not walked.
    bool enter(const GumboNode* node, Frame& f) {
        const GumboElement& e = node->v.element;
        if (collect_metadata) collect_element(node);
        const TagInfo& info = tag_info(e.tag);
        const std::string_view role = attr_view(e, "role");
        // A tab's or accordion's label is the heading of its panel, though written as a button.
        const bool tab_label =
            e.tag == GUMBO_TAG_BUTTON && (role_is(role, "tab") || has_panel_token(attr_view(e, "class")));
        if ((info.flags & kSkip) && !tab_label) {
            separate(info.sep);
            return false;
        }
        f.sep = info.sep;
        separate(info.sep);

        const bool structural = e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_MAIN ||
                                e.tag == GUMBO_TAG_ARTICLE;
        const bool is_main = e.tag == GUMBO_TAG_MAIN || role_is(role, "main");

        if (is_main) {
            // The main content is never furniture, whatever wraps it.
            f.main_reset = true;
            f.saved_suppressed = suppressed;
            f.saved_heuristic = heuristic_suppressed;
            suppressed = heuristic_suppressed = 0;
            if (!have_main && main_depth == 0) {
                have_main = true;
                f.main_region = true;
                main.begin = text.size();
            }
            ++main_depth;
        }

        bool furniture = (info.flags & kFurniture) != 0;
        bool no_time_here = furniture && e.tag != GUMBO_TAG_HEADER;
        if (!is_main && !role.empty()) {
            if (role_is(role, "navigation") || role_is(role, "contentinfo") || role_is(role, "complementary") ||
                role_is(role, "menu") || role_is(role, "menubar") || role_is(role, "search")) {
                furniture = no_time_here = true;
            } else if (role_is(role, "banner")) {
                furniture = true;
            }
        }
        // Text hidden until the reader asks for it (hidden, collapsed tab and accordion panels, most
        // of which are aria-hidden too) is what the author wrote: it stays body text, unless it is
        // furniture for another reason. aria-hidden on an inline element is an icon or a visual
        // duplicate of text that screen readers get elsewhere: left out.
        if (info.sep == kNone && iequals(trim(attr_view(e, "aria-hidden")), "true")) furniture = true;
        bool heuristic = false;
        if (class_heuristics && !furniture && !structural && !is_main) {
            if (info.flags & kForm)
                heuristic = true;
            else if (has_furniture_token(attr_view(e, "class")) || has_furniture_token(attr_view(e, "id")))
                heuristic = true;
        }
        if (furniture || heuristic) {
            f.suppress = true;
            ++suppressed;
        }
        if (heuristic) {
            f.heuristic = true;
            ++heuristic_suppressed;
        }
        if (no_time_here) {
            f.no_time = true;
            ++no_time;
        }

        if (e.tag == GUMBO_TAG_ARTICLE) {
            f.article = true;
            f.saved_article = current_article;
            if (article_depth == 0 && suppressed == 0) {
                f.article_region = true;
                current_article = static_cast<int>(articles.size());
                articles.push_back({text.size(), text.size()});
            }
            ++article_depth;
        }
        if (e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_LISTING || e.tag == GUMBO_TAG_XMP) {
            f.pre = true;
            ++pre;
        }
        if (e.tag == GUMBO_TAG_TIME && no_time == 0) {
            std::string value(trim(attr_view(e, "datetime")));
            if (value.empty()) value = text::collapse_whitespace(inner_text(node));
            if (!value.empty()) times.push_back({std::move(value), main_depth > 0, current_article});
        }
        return true;
    }

    void leave(const Frame& f) {
        separate(f.sep);
        if (f.pre) --pre;
        if (f.no_time) --no_time;
        if (f.heuristic) --heuristic_suppressed;
        if (f.suppress) --suppressed;
        if (f.article) {
            --article_depth;
            if (f.article_region) articles[current_article].end = text.size();
            current_article = f.saved_article;
        }
        if (f.main_reset) {
            --main_depth;
            if (f.main_region) main.end = text.size();
            suppressed = f.saved_suppressed;
            heuristic_suppressed = f.saved_heuristic;
        }
    }

    void walk(const GumboNode* root) {
        std::vector<Frame> stack;
        stack.reserve(64);
        if (root->type != GUMBO_NODE_ELEMENT) return;
        Frame top{root};
        if (!enter(root, top)) return;
        stack.push_back(top);
        while (!stack.empty()) {
            Frame& f = stack.back();
            const GumboVector& children = f.node->v.element.children;
            if (f.next >= children.length) {
                leave(f);
                stack.pop_back();
                continue;
            }
            const auto* child = static_cast<const GumboNode*>(children.data[f.next++]);
            switch (child->type) {
                case GUMBO_NODE_TEXT:
                case GUMBO_NODE_CDATA:
                case GUMBO_NODE_WHITESPACE:
                    emit(child->v.text.text);
                    break;
                case GUMBO_NODE_ELEMENT: {
                    Frame next{child};
                    if (enter(child, next)) stack.push_back(next);  // `f` may dangle from here on
                    break;
                }
                default:  // comments, templates (their content is inert), the document node
                    break;
            }
        }
    }

    // The text of the chosen region: <main>, else the only <article>, else everything; trimmed.
    // `region` reports the choice: 'm', 'a' or 'b'.
    std::string_view body_text(char& region) const {
        const std::string_view all(text);
        if (have_main) {
            std::string_view m = trim(all.substr(main.begin, main.end - main.begin));
            if (!m.empty()) {
                region = 'm';
                return m;
            }
        }
        if (articles.size() == 1) {
            std::string_view a = trim(all.substr(articles[0].begin, articles[0].end - articles[0].begin));
            if (!a.empty()) {
                region = 'a';
                return a;
            }
        }
        region = 'b';
        return trim(all);
    }

    std::string first_time(char region) const {
        for (const auto& t : times) {
            if (region == 'm' && !t.in_main) continue;
            if (region == 'a' && t.article != 0) continue;
            std::string d = text::normalize_date(t.value);
            if (!d.empty()) return d;
        }
        return {};
    }
};

// ---------------------------------------------------------------------------------------------
// JSON-LD.

std::string_view schema_type_name(std::string_view t) {
    for (std::string_view prefix : {"https://schema.org/", "http://schema.org/", "schema:"})
        if (istarts_with(t, prefix)) return t.substr(prefix.size());
    return t;
}

// 0: not the page's subject (site, organisation, breadcrumbs...), 2: a web page, 3: a piece of content.
int type_score(std::string_view type) {
    static constexpr std::array<std::string_view, 26> kNotContent{
        "WebSite", "Organization", "Person", "BreadcrumbList", "ListItem", "ImageObject", "SearchAction",
        "SiteNavigationElement", "WPHeader", "WPFooter", "WPSideBar", "Corporation", "GovernmentOrganization",
        "NewsMediaOrganization", "LocalBusiness", "Place", "PostalAddress", "ContactPoint", "EntryPoint",
        "Brand", "ReadAction", "Offer", "AggregateRating", "Rating", "Country", "Language"};
    type = schema_type_name(type);
    if (type.empty()) return 0;
    for (auto t : kNotContent)
        if (iequals(type, t)) return 0;
    if (type.size() >= 4 && iequals(type.substr(type.size() - 4), "Page")) return 2;
    return 3;
}

std::vector<std::string_view> types_of(const json& item) {
    std::vector<std::string_view> out;
    auto it = item.find("@type");
    if (it == item.end()) return out;
    if (it->is_string()) out.push_back(it->get_ref<const std::string&>());
    if (it->is_array())
        for (const auto& t : *it)
            if (t.is_string()) out.push_back(t.get_ref<const std::string&>());
    return out;
}

void flatten_json_ld(const json& j, std::vector<const json*>& out, int depth = 0) {
    if (depth > 4) return;
    if (j.is_array()) {
        for (const auto& v : j) flatten_json_ld(v, out, depth + 1);
        return;
    }
    if (!j.is_object()) return;
    out.push_back(&j);
    if (auto g = j.find("@graph"); g != j.end()) flatten_json_ld(*g, out, depth + 1);
    if (auto m = j.find("mainEntity"); m != j.end() && m->is_object()) flatten_json_ld(*m, out, depth + 1);
}

std::string string_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) return std::string(trim(it->get_ref<const std::string&>()));
    return {};
}

struct JsonLd {
    std::vector<const json*> items;
    const json* primary = nullptr;
    std::string primary_type;

    explicit JsonLd(const std::vector<json>& docs) {
        for (const auto& d : docs) flatten_json_ld(d, items);
        int best = 0;
        for (const json* item : items) {
            for (auto t : types_of(*item)) {
                const int s = type_score(t);
                if (s > best) {
                    best = s;
                    primary = item;
                    primary_type = std::string(schema_type_name(t));
                }
            }
        }
    }

    // Follows {"@id": ...} references into the other items (Yoast-style @graph).
    const json& resolve(const json& v) const {
        if (!v.is_object() || v.contains("name")) return v;
        const std::string id = string_of(v, "@id");
        if (id.empty()) return v;
        for (const json* item : items)
            if (item != &v && item->contains("name") && string_of(*item, "@id") == id) return *item;
        return v;
    }

    std::string name_of(const json& v) const {
        if (v.is_string()) return std::string(trim(v.get_ref<const std::string&>()));
        if (v.is_object()) {
            const json& r = resolve(v);
            auto it = r.find("name");
            if (it != r.end()) {
                if (it->is_string()) return std::string(trim(it->get_ref<const std::string&>()));
                if (it->is_array() && !it->empty() && it->front().is_string())
                    return std::string(trim(it->front().get_ref<const std::string&>()));
            }
        }
        return {};
    }

    // A Person with familyName keeps its parts; anything else is known by its name.
    AuthorName person_of(const json& v) const {
        if (v.is_object()) {
            const json& r = resolve(v);
            const std::string family(trim(string_of(r, "familyName")));
            if (!family.empty()) return AuthorName::person(family, std::string(trim(string_of(r, "givenName"))));
        }
        return AuthorName(name_of(v));
    }

    std::string get(const char* key) const { return primary ? string_of(*primary, key) : std::string(); }

    void authors(std::vector<AuthorName>& out) const {
        if (!primary) return;
        auto it = primary->find("author");
        if (it == primary->end()) return;
        if (it->is_array()) {
            for (const auto& a : *it) add_unique(out, person_of(a));
        } else {
            add_unique(out, person_of(*it));
        }
    }

    void keywords(std::vector<std::string>& out) const {
        if (!primary) return;
        auto it = primary->find("keywords");
        if (it == primary->end()) return;
        if (it->is_string()) add_split(out, it->get_ref<const std::string&>(), ",;");
        if (it->is_array())
            for (const auto& k : *it)
                if (k.is_string()) add_unique(out, k.get_ref<const std::string&>());
    }

    std::string publisher() const {
        if (!primary) return {};
        auto it = primary->find("publisher");
        if (it == primary->end()) return {};
        if (it->is_array()) return it->empty() ? std::string() : name_of(it->front());
        return name_of(*it);
    }

    std::string language() const {
        if (!primary) return {};
        auto it = primary->find("inLanguage");
        if (it == primary->end()) return {};
        if (it->is_string()) return primary_language(it->get_ref<const std::string&>());
        if (it->is_object()) {
            std::string code = primary_language(string_of(*it, "alternateName"));
            return code.empty() ? primary_language(string_of(*it, "name")) : code;
        }
        return {};
    }

    // NewsArticle -> news, Report -> report, BlogPosting -> blog, Event -> event, else lowercase.
    std::string type() const {
        if (primary_type.empty()) return {};
        std::string t = to_lower(primary_type);
        if (t == "blogposting") return "blog";
        if (t.size() >= 11 && t.ends_with("newsarticle")) return "news";
        return t;
    }
};

// ---------------------------------------------------------------------------------------------
// Assembling the Document.

class Metas {
public:
    explicit Metas(const std::vector<std::pair<std::string, std::string>>& m) : m_(m) {}

    // The first non-empty value among `keys`, in the order of the keys.
    std::string_view first(std::initializer_list<std::string_view> keys) const {
        for (auto key : keys)
            for (const auto& [k, v] : m_)
                if (k == key && !v.empty()) return v;
        return {};
    }
    template <typename F>
    void each(std::string_view key, F&& f) const {
        for (const auto& [k, v] : m_)
            if (k == key) f(std::string_view(v));
    }
    // The first value among `keys` that normalises to a date.
    std::string date(std::initializer_list<std::string_view> keys) const {
        for (auto key : keys)
            for (const auto& [k, v] : m_)
                if (k == key) {
                    std::string d = text::normalize_date(v);
                    if (!d.empty()) return d;
                }
        return {};
    }

private:
    const std::vector<std::pair<std::string, std::string>>& m_;
};

// Gumbo's allocations go to a bump arena that is dropped in one go: parsing does without most of
// malloc's cost, and gumbo_destroy_output, which recurses once per nesting level and so overflows the
// stack on absurdly deep markup, is never called. Gumbo never reallocs (it allocates, copies and frees),
// so a free that does nothing only leaves garbage in the arena: about 7-17x the page's size in all.
class Arena {
public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    void* allocate(std::size_t n) {
        n = (n + 15) & ~std::size_t{15};
        handed_out_ += n;
        if (n > left_) {
            if (n > kBlock / 4) {  // a big buffer gets a block of its own; the current block stays in use
                big_.emplace_back(new unsigned char[n]);
                return big_.back().get();
            }
            if (used_ < blocks_.size()) {
                next_ = blocks_[used_++].get();
            } else {
                blocks_.emplace_back(new unsigned char[kBlock]);
                next_ = blocks_.back().get();
                ++used_;
            }
            left_ = kBlock;
        }
        void* p = next_;
        next_ += n;
        left_ -= n;
        return p;
    }

    // Frees everything at once; keeps a few blocks for the next page (so a thread holds at most ~1 MB).
    void reset() {
        handed_out_ = 0;
        escape_ = nullptr;
        big_.clear();
        if (blocks_.size() > kKeepBlocks) blocks_.resize(kKeepBlocks);
        used_ = 0;
        next_ = nullptr;
        left_ = 0;
    }

    // A parse that asks for more than `limit` bytes in all jumps back to `escape` (see parse_bounded).
    void set_limit(std::size_t limit, std::jmp_buf* escape) {
        limit_ = limit;
        escape_ = escape;
    }

    static void* gumbo_allocate(void* self, std::size_t n) {
        auto* arena = static_cast<Arena*>(self);
        // Nothing of ours lives on the frames between here and the setjmp: only gumbo's C frames,
        // whose allocations all sit in this arena and are dropped with it.
        if (arena->escape_ && arena->handed_out_ + n > arena->limit_) std::longjmp(*arena->escape_, 1);
        return arena->allocate(n);
    }
    static void gumbo_free(void*, void*) {}

private:
    std::size_t handed_out_ = 0;
    std::size_t limit_ = 0;
    std::jmp_buf* escape_ = nullptr;
    static constexpr std::size_t kBlock = 256 * 1024;
    static constexpr std::size_t kKeepBlocks = 4;
    std::vector<std::unique_ptr<unsigned char[]>> blocks_, big_;
    std::size_t used_ = 0;
    unsigned char* next_ = nullptr;
    std::size_t left_ = 0;
};

// Resets the thread's arena when a parse is done with it, exceptions included.
struct ArenaLease {
    Arena& arena;
    ~ArenaLease() { arena.reset(); }
};

}  // namespace

namespace {

// Memory gumbo may take for a page: its arena normally holds 7-17 times the page; a page whose tree
// builder clones elements again and again (reopened formatting elements) needs far more, and time
// with it. A backstop behind estimate_html_cost.
std::size_t arena_limit(std::size_t page_bytes) { return (std::size_t{64} << 20) + 40 * page_bytes; }

// gumbo's parse, or nullptr when it asked for more memory than the arena's limit. Kept apart so that
// no object with a destructor lives between the setjmp and the longjmp.
const GumboOutput* parse_bounded(Arena& arena, const GumboOptions& options, const std::string& html) {
    std::jmp_buf escape;
    arena.set_limit(arena_limit(html.size()), &escape);
    if (setjmp(escape) != 0) return nullptr;
    return gumbo_parse_with_options(&options, html.data(), html.size());
}

// The Document of a UTF-8 page, or nullopt when gumbo needed more than its memory limit.
// `title_repair`, when given, receives the offset at which the page's <title> swallowed the rest of
// the page while leaving no body text (npos otherwise).
std::optional<Document> extract_utf8(const std::string& html, const std::string& source, std::size_t* title_repair) {
    thread_local Arena arena;
    ArenaLease lease{arena};
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &Arena::gumbo_allocate;
    options.deallocator = &Arena::gumbo_free;
    options.userdata = &arena;
    options.max_errors = 0;  // we never read the error list; recording it costs time on broken pages
    const GumboOutput* output = parse_bounded(arena, options, html);
    if (!output) return std::nullopt;

    Walker walker;
    walker.text.reserve(html.size() / 3);
    if (output && output->root) walker.walk(output->root);

    char region = 'b';
    std::string_view body = walker.body_text(region);
    Walker fallback;  // only used when the class/id/form heuristics ate the page
    if (output && output->root && (body.empty() ? walker.heuristic_bytes > 0
                                                : body.size() < 128 && walker.heuristic_bytes > 8 * body.size())) {
        fallback.collect_metadata = false;
        fallback.class_heuristics = false;
        fallback.text.reserve(html.size() / 3);
        fallback.walk(output->root);
        char fallback_region = 'b';
        std::string_view b = fallback.body_text(fallback_region);
        if (b.size() > body.size()) {
            body = b;
            region = fallback_region;
            walker.times = std::move(fallback.times);
        }
    }

    if (title_repair)
        *title_repair = body.empty() && walker.title_text_offset < html.size() ? walker.title_text_offset
                                                                               : std::string::npos;

    const Metas metas(walker.metas);
    const JsonLd ld(walker.json_ld);

    Document doc;
    doc.source = source;
    doc.format = "html";
    doc.body = std::string(body);

    // Title.
    if (walker.have_title)
        doc.title = walker.title;
    else if (auto t = metas.first({"og:title", "twitter:title"}); !t.empty())
        doc.title = text::collapse_whitespace(t);
    else if (walker.have_h1)
        doc.title = walker.h1;
    else if (std::string h = ld.get("headline"); !h.empty())
        doc.title = text::collapse_whitespace(h);
    else
        doc.title = text::collapse_whitespace(ld.get("name"));

    // Summary.
    if (auto s = metas.first({"description", "dc.description", "dcterms.description", "dcterms.abstract",
                              "og:description", "twitter:description"});
        !s.empty())
        doc.summary = text::collapse_whitespace(s);
    else
        doc.summary = text::collapse_whitespace(ld.get("description"));

    // Authors.
    metas.each("author", [&](std::string_view v) { add_split(doc.authors, v, ",;"); });
    metas.each("article:author", [&](std::string_view v) {
        if (!looks_like_url(v)) add_unique(doc.authors, v);  // often a profile URL, not a name
    });
    for (std::string_view key : {"dcterms.creator", "dc.creator"})
        metas.each(key, [&](std::string_view v) { add_unique(doc.authors, v); });
    ld.authors(doc.authors);

    // Date.
    doc.date = metas.date({"dcterms.issued", "dc.date.issued", "dc.date", "dcterms.date", "date",
                           "article:published_time", "og:published_time", "citation_publication_date"});
    if (doc.date.empty()) doc.date = text::normalize_date(ld.get("datePublished"));
    if (doc.date.empty()) doc.date = metas.date({"itemprop:datepublished"});
    if (doc.date.empty()) doc.date = walker.first_time(region);

    // Language.
    doc.lang = primary_language(walker.lang_attr);
    for (std::string_view key : {"content-language", "dc.language", "dcterms.language", "og:locale"}) {
        if (!doc.lang.empty()) break;
        doc.lang = primary_language(metas.first({key}));
    }
    if (doc.lang.empty()) doc.lang = ld.language();

    // Tags.
    metas.each("keywords", [&](std::string_view v) { add_split(doc.tags, v, ",;"); });
    metas.each("article:tag", [&](std::string_view v) { add_unique(doc.tags, v); });
    ld.keywords(doc.tags);

    // Type.
    const std::string og_type = to_lower(metas.first({"og:type"}));
    doc.type = ld.type();
    if (doc.type.empty() && og_type != "website" && og_type != "article" && og_type != "object")
        doc.type = og_type;

    // URL and id.
    doc.url = !walker.canonical.empty() ? walker.canonical : std::string(metas.first({"og:url"}));
    // Only an absolute http(s) URL names one page: "/nieuws" or "#" on many pages of a site would
    // merge them into one document. Such pages keep their path ids (the url is still stored).
    if (fields::looks_like_url(doc.url)) doc.id = std::string(trim(doc.url));

    // A few extras.
    if (!og_type.empty()) doc.extra["og_type"] = og_type;
    if (auto site = metas.first({"og:site_name", "application-name"}); !site.empty())
        doc.extra["site_name"] = text::collapse_whitespace(site);
    if (std::string p = ld.publisher(); !p.empty()) doc.publisher = text::collapse_whitespace(p);
    std::string modified =
        metas.date({"dcterms.modified", "article:modified_time", "og:updated_time", "last-modified"});
    if (modified.empty()) modified = text::normalize_date(ld.get("dateModified"));
    if (!modified.empty()) doc.extra["modified"] = modified;
    return doc;
}

// A page too costly for the tree builder: its title and its text without tags, in linear time.
Document text_only(const std::string& html, const std::string& source, const std::string& why) {
    Document doc;
    doc.source = source;
    doc.format = "html";
    if (const std::size_t open = ifind(html, "<title"); open != std::string::npos) {
        const std::size_t start = html.find('>', open);
        const std::size_t end = start == std::string::npos ? std::string::npos : ifind(html, "</title", start);
        if (end != std::string::npos)
            doc.title = fields::strip_tags(std::string_view(html).substr(start + 1, end - start - 1));
    }
    doc.body = fields::strip_tags(html);
    doc.extra[std::string(kTextOnlyKey)] = why;
    return doc;
}

}  // namespace

std::vector<Document> extract_html(std::string_view bytes, const std::string& source,
                                   std::vector<std::string>* warnings) {
    const std::string html = decode_to_utf8(bytes, source, warnings);
    if (const auto over = estimate_html_cost(html, html_cost_budget(html.size())); over.over)
        return {text_only(html, source, fmt::format("{} at byte {}", over.reason, over.offset))};

    std::size_t title_repair = std::string::npos;
    std::optional<Document> first = extract_utf8(html, source, &title_repair);
    if (!first) return {text_only(html, source, "markup needs too much memory to parse")};
    std::vector<Document> out;
    out.push_back(std::move(*first));
    if (title_repair != std::string::npos) {
        // Close the <title> before the first tag inside it and parse again; keep the repair if it helps.
        const std::size_t lt = html.find('<', title_repair);
        if (lt != std::string::npos) {
            std::string patched;
            patched.reserve(html.size() + 8);
            patched.append(html, 0, lt).append("</title>").append(html, lt, std::string::npos);
            // What the title hid is markup now, and may cost what any page may not.
            if (!estimate_html_cost(patched, html_cost_budget(patched.size())).over) {
                std::optional<Document> repaired = extract_utf8(patched, source, nullptr);
                if (repaired && !repaired->body.empty()) out.front() = std::move(*repaired);
            }
        }
    }
    return out;
}

}  // namespace kb

// Small helpers shared by the XML and JSON extractors (not part of the public extractor interface).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace kb::fields {

// ASCII lower-casing; field names and codes are ASCII, so locale rules would only get in the way.
std::string ascii_lower(std::string_view s);
// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// "nl", "NL", "nl-NL", "nld", "dut", "Dutch", "Nederlands" -> "nl"; "" when unrecognised.
std::string normalize_lang(std::string_view raw);

// True for absolute http(s) URLs: the only identifiers we trust to be links.
bool looks_like_url(std::string_view s);

// Escaped HTML inside feeds (RSS description, Atom content type="html") -> plain text:
// drops tags, comments, script/style content, decodes common entities, collapses whitespace.
std::string strip_tags(std::string_view html);

// Decodes &amp; &lt; &gt; &quot; &apos; &#39; &nbsp; &#NNN; &#xHH;; unknown entities stay verbatim.
std::string decode_entities(std::string_view s);

struct LineColumn {
    std::uint64_t line = 1;
    std::uint64_t column = 1;
};
// 1-based line and column of a byte offset; the column counts UTF-8 characters, not bytes,
// so it matches what an editor shows.
LineColumn line_column(std::string_view text, std::size_t offset);

// Appends `value` to `list` unless empty or already present (case-sensitive).
void add_unique(std::vector<std::string>& list, std::string value);
void add_unique(std::vector<AuthorName>& list, AuthorName value);

// Splits on `sep`, trimming each part and dropping empty parts.
std::vector<std::string> split_list(std::string_view s, char sep);

// JSON: the offset of the first bracket nested deeper than `max_depth` (outside strings), if any.
// Checked before parsing because deeply nested values would exhaust the stack when copied.
std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth);
inline constexpr std::size_t kMaxJsonDepth = 512;

// nlohmann's parse_error::what() minus its "[json.exception...] parse error at ...: " prefix,
// cut short so a runaway string literal does not end up in the message.
std::string json_error_reason(std::string_view what);

}  // namespace kb::fields

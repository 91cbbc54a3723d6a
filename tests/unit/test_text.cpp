// lib/text: UTF-8 checks, charset conversion, whitespace, dates, URLs, edit distance.
#include <doctest/doctest.h>

#include "text/date.h"
#include "text/edit_distance.h"
#include "text/url.h"
#include "text/utf8.h"
#include "text/wide_encoding.h"

using namespace kb::text;

TEST_CASE("first_invalid_utf8 finds the first bad byte") {
    CHECK_FALSE(first_invalid_utf8("café België één").has_value());
    CHECK(first_invalid_utf8("caf\xe9") == 3u);
    CHECK(first_invalid_utf8("ok\xc3") == 2u);              // truncated sequence
    CHECK(first_invalid_utf8("a\xc0\xaf") == 1u);           // overlong
    CHECK(first_invalid_utf8("\xed\xa0\x80") == 0u);        // surrogate
    CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == 0u);    // past U+10FFFF
}

TEST_CASE("windows-1252 and iso-8859-1 become UTF-8") {
    CHECK(windows1252_to_utf8("caf\xe9 \x80 \x93x\x94") == "café € “x”");
    CHECK(to_utf8("Belgi\xeb", "ISO-8859-1") == "België");
    CHECK(to_utf8("al UTF-8: é", "utf-8") == "al UTF-8: é");
    CHECK(to_utf8("\xef\xbb\xbfmet BOM", "utf-8") == "met BOM");
    CHECK(to_utf8("ongeldig \xe9", "utf-8") == "ongeldig é");  // as browsers do
    CHECK_FALSE(to_utf8("x", "klingon-1").has_value());
}

TEST_CASE("collapse_whitespace and looks_binary") {
    CHECK(collapse_whitespace("  a \n\t b\xc2\xa0 c  ") == "a b c");
    CHECK(looks_binary(std::string("PK\x03\x04\0\0", 6)));
    CHECK_FALSE(looks_binary("<html>gewone tekst</html>\n"));
}

TEST_CASE("normalize_date understands the usual spellings") {
    CHECK(normalize_date("2021-03-08") == "2021-03-08");
    CHECK(normalize_date("2021-03-08T09:30:00Z") == "2021-03-08");
    CHECK(normalize_date("2021-03") == "2021-03");
    CHECK(normalize_date("2021") == "2021");
    CHECK(normalize_date("Mon, 08 Mar 2021 10:00:00 +0100") == "2021-03-08");
    CHECK(normalize_date("8 maart 2021") == "2021-03-08");
    CHECK(normalize_date("31 October 2000") == "2000-10-31");
    CHECK(normalize_date("08-03-2021") == "2021-03-08");  // day first, the Dutch order
    CHECK(normalize_date("geen datum") == "");
    CHECK(date_to_yyyymmdd("2021-03-08") == "20210308");
    CHECK(date_to_yyyymmdd("2021-03") == "20210301");
    CHECK(date_to_yyyymmdd("2021") == "20210101");
}

TEST_CASE("detect_wide_encoding: byte order marks, UTF-32 before UTF-16, NUL patterns") {
    using kb::text::WideEncoding;
    CHECK(detect_wide_encoding(std::string("\xFF\xFE\0\0<\0\0\0", 8)).encoding == WideEncoding::Utf32LE);
    CHECK(detect_wide_encoding(std::string("\0\0\xFE\xFF\0\0\0<", 8)).encoding == WideEncoding::Utf32BE);
    CHECK(detect_wide_encoding(std::string("\xFF\xFE<\0", 4)).encoding == WideEncoding::Utf16LE);
    CHECK(detect_wide_encoding(std::string("\xFE\xFF\0<", 4)).encoding == WideEncoding::Utf16BE);
    CHECK(detect_wide_encoding(std::string("<\0\0\0h\0\0\0t\0\0\0m\0\0\0l\0\0\0", 20)).encoding == WideEncoding::Utf32LE);
    CHECK(detect_wide_encoding(std::string("\0<\0h\0t\0m\0l", 10)).encoding == WideEncoding::Utf16BE);
    CHECK(detect_wide_encoding(std::string("<\0h\0t\0m\0l\0", 10)).encoding == WideEncoding::Utf16LE);
    // UTF-8 has no NUL; scattered NULs in binary data are no pattern.
    CHECK(detect_wide_encoding("<html>caf\xC3\xA9</html>").encoding == WideEncoding::None);
    CHECK(detect_wide_encoding(std::string("\x89PNG\0\0\0\rIHDR\0\0\x01\0", 16)).encoding == WideEncoding::None);
    // Decoding: a surrogate pair, and a lone surrogate that becomes U+FFFD.
    const std::string pair("\x3D\xD8\x00\xDE", 4);  // U+1F600 in UTF-16LE
    CHECK(wide_to_utf8(pair, {WideEncoding::Utf16LE, 0}) == "\xF0\x9F\x98\x80");
    CHECK(wide_to_utf8(std::string("\x3D\xD8", 2), {WideEncoding::Utf16LE, 0}) == "\xEF\xBF\xBD");
    CHECK(wide_to_utf8(std::string("\0\x01\xF6\x00", 4), {WideEncoding::Utf32BE, 0}) == "\xF0\x9F\x98\x80");
}

TEST_CASE("canonical_url gives one spelling per page") {
    CHECK(canonical_url("https://www.example.org/nap/") == "https://example.org/nap");
    CHECK(canonical_url(" HTTP://Example.ORG/Nap#deel-2 ") == "https://example.org/Nap");
    CHECK(canonical_url("https://example.org") == "https://example.org");
    CHECK(canonical_url("https://example.org/zoek?q=a/") == "https://example.org/zoek?q=a/");
    CHECK(canonical_url("/relatief/pad") == "");
    CHECK(canonical_url("ftp://example.org/x") == "");
    CHECK(canonical_url("https:///zonder-host") == "");
}

TEST_CASE("edit_distance counts inserts, deletes, replacements and swaps") {
    CHECK(edit_distance("search", "search") == 0);
    CHECK(edit_distance("serach", "search") == 1);  // a swap
    CHECK(edit_distance("shw", "show") == 1);
    CHECK(edit_distance("exprot", "export") == 1);
    CHECK(edit_distance("stats", "state") == 1);
    CHECK(edit_distance("", "add") == 3);
    CHECK(edit_distance("frobnicate", "rebuild") > 3);
}

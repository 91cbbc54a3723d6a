// Format names and detection: content first, the extension only as a tiebreaker.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "error.h"
#include "extract/extractor.h"

namespace {

using kb::InputFormat;

std::string read_fixture(const std::string& rel) {
    std::ifstream in(std::string(KB_FIXTURES) + "/" + rel, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << rel);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

InputFormat detect_fixture(const std::string& rel) { return kb::detect_format(rel, read_fixture(rel)); }

// The reason of the UnsupportedInputError detection throws, or "" when it does not throw one.
std::string unsupported(const std::string& path, std::string_view bytes) {
    try {
        kb::detect_format(path, bytes);
    } catch (const kb::UnsupportedInputError& e) {
        CHECK(e.file() == path);
        return e.reason();
    }
    return {};
}

}  // namespace

TEST_CASE("detect: format names") {
    CHECK(kb::format_name(InputFormat::Html) == "html");
    CHECK(kb::format_name(InputFormat::Jsonl) == "jsonl");
    CHECK(kb::parse_format_name("xml") == InputFormat::Xml);
    CHECK(kb::parse_format_name("auto") == InputFormat::Auto);
    CHECK(kb::parse_format_name("JSON") == InputFormat::Json);
    try {
        kb::parse_format_name("pdf");
        FAIL("pdf accepted");
    } catch (const kb::Error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("pdf") != std::string::npos);
        CHECK(msg.find("auto, html, xml, json, jsonl") != std::string::npos);
    }
}

TEST_CASE("detect: XML and HTML by content") {
    CHECK(detect_fixture("xml/rss.xml") == InputFormat::Xml);
    CHECK(detect_fixture("xml/atom.xml") == InputFormat::Xml);
    CHECK(detect_fixture("xml/oai-pmh.xml") == InputFormat::Xml);
    CHECK(detect_fixture("xml/generic.xml") == InputFormat::Xml);
    CHECK(detect_fixture("xml/iso-8859-1.xml") == InputFormat::Xml);
    CHECK(detect_fixture("xml/xxe.xml") == InputFormat::Xml);  // <!DOCTYPE doc>, not html
    CHECK(detect_fixture("xml/xhtml.xml") == InputFormat::Html);
    CHECK(detect_fixture("detect/prefixed.xhtml") == InputFormat::Html);
    CHECK(detect_fixture("detect/comment-doctype.txt") == InputFormat::Html);
    CHECK(detect_fixture("detect/old-page") == InputFormat::Html);  // <HEAD>, no extension
    CHECK(detect_fixture("detect/fragment") == InputFormat::Html);
    // HTML inside a CDATA section, or the XHTML namespace bound to a prefix, does not make a feed HTML.
    CHECK(detect_fixture("detect/rss-with-html.xml") == InputFormat::Xml);
    CHECK(detect_fixture("detect/atom-xhtml-prefix.xml") == InputFormat::Xml);
    CHECK(detect_fixture("html/full-page.html") == InputFormat::Html);
    CHECK(kb::detect_format("x", "  \n<!doctype html><title>x</title>") == InputFormat::Html);
    CHECK(kb::detect_format("x", "\xef\xbb\xbf<html>") == InputFormat::Html);
    CHECK(kb::detect_format("x", "<!-- a --><!-- b --><body>") == InputFormat::Html);
}

TEST_CASE("detect: the extension breaks a tie only") {
    CHECK(detect_fixture("detect/section.html") == InputFormat::Html);
    CHECK(detect_fixture("detect/section.xml") == InputFormat::Xml);
    // Content wins over a misleading extension.
    CHECK(kb::detect_format("page.html", "<?xml version=\"1.0\"?><rss/>") == InputFormat::Xml);
    CHECK(kb::detect_format("data.xml", "{\"a\": 1}") == InputFormat::Json);
    CHECK(kb::detect_format("feed.json", "<rss/>") == InputFormat::Xml);
}

TEST_CASE("detect: JSON and JSON Lines") {
    CHECK(detect_fixture("json/single.json") == InputFormat::Json);
    CHECK(detect_fixture("json/array.json") == InputFormat::Json);
    CHECK(detect_fixture("json/wrapped.json") == InputFormat::Json);
    CHECK(detect_fixture("json/syntax-error.json") == InputFormat::Json);
    CHECK(detect_fixture("json/records.jsonl") == InputFormat::Jsonl);
    CHECK(detect_fixture("json/export.jsonl") == InputFormat::Jsonl);
    // Several one-line objects are JSON Lines whatever the extension says.
    CHECK(detect_fixture("detect/two-lines.json") == InputFormat::Jsonl);
    CHECK(kb::detect_format("-", "{\"a\": 1}\n\n{\"a\": 2}\n") == InputFormat::Jsonl);
    // One object on one line: the extension decides.
    CHECK(detect_fixture("detect/one-line.json") == InputFormat::Json);
    CHECK(detect_fixture("detect/one-line.jsonl") == InputFormat::Jsonl);
    CHECK(kb::detect_format("x.ndjson", "{\"a\": 1}") == InputFormat::Jsonl);
    CHECK(detect_fixture("detect/array-lines.jsonl") == InputFormat::Jsonl);
    // A pretty-printed object's first line is not a whole object.
    CHECK(kb::detect_format("x", "{\n  \"a\": {\n}\n}") == InputFormat::Json);
}

TEST_CASE("detect: RIS and BibTeX by their first line") {
    CHECK(kb::detect_format("refs.txt", "TY  - JOUR\nTI  - x\nER  - \n") == InputFormat::Ris);
    CHECK(kb::detect_format("refs.txt", "@article{k,\n title = {x}}\n") == InputFormat::Bibtex);
    CHECK(kb::detect_format("refs.bib", "% Encoding: UTF-8\n\n@Report (k, title = \"x\")") == InputFormat::Bibtex);
    CHECK(kb::parse_format_name("bibtex") == InputFormat::Bibtex);
    CHECK(kb::format_name(InputFormat::Bibtex) == "bibtex");
    // An e-mail address or a line that only starts with @ is not BibTeX.
    CHECK_THROWS_AS(kb::detect_format("notes.txt", "@someone said hello\n"), kb::UnsupportedInputError);
    CHECK_THROWS_AS(kb::detect_format("notes.txt", "% a comment only\n"), kb::UnsupportedInputError);
}

TEST_CASE("detect: inputs that are none of the formats") {
    CHECK(unsupported("detect/empty.txt", read_fixture("detect/empty.txt")) == "empty file");
    CHECK(unsupported("json/empty.json", read_fixture("json/empty.json")) == "empty file");
    CHECK(unsupported("detect/whitespace.json", read_fixture("detect/whitespace.json")) == "empty file");
    CHECK(unsupported("detect/binary.json", read_fixture("detect/binary.json")) == "binary file (not HTML, XML or JSON)");
    CHECK(unsupported("detect/plain.txt", read_fixture("detect/plain.txt")) == "not HTML, XML, JSON, RIS or BibTeX (plain text?)");
    CHECK(unsupported("x.json", "\xef\xbb\xbf") == "empty file");
}

TEST_CASE("detect: UTF-16 and UTF-32 are judged by the text they hold") {
    // fixture: a UTF-16LE byte order mark and "<?xml"
    CHECK(detect_fixture("detect/utf16.xml") == InputFormat::Xml);
    const std::string utf32le_json("\xFF\xFE\0\0{\0\0\0}\0\0\0", 12);
    CHECK(kb::detect_format("x", utf32le_json) == InputFormat::Json);
    const std::string utf32be_html("\0\0\0<\0\0\0p\0\0\0>\0\0\0x", 16);  // no byte order mark
    CHECK(kb::detect_format("x", utf32be_html) == InputFormat::Html);
    const auto docs = kb::extract(std::string("\0\0\xFE\xFF\0\0\0<\0\0\0p\0\0\0>\0\0\0\xE9", 20), "x",
                                  InputFormat::Auto);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].body == "\xC3\xA9");
}

TEST_CASE("detect: extract() dispatches on the detected format") {
    CHECK(kb::extract(read_fixture("xml/rss.xml"), "xml/rss.xml", InputFormat::Auto).size() == 3);
    CHECK(kb::extract(read_fixture("json/wrapped.json"), "json/wrapped.json", InputFormat::Auto).size() == 2);
    CHECK_THROWS_AS(kb::extract(read_fixture("json/records.jsonl"), "json/records.jsonl", InputFormat::Auto),
                    kb::InputError);
    CHECK_THROWS_AS(kb::extract("plain", "p.txt", InputFormat::Auto), kb::UnsupportedInputError);
    const auto html = kb::extract(read_fixture("xml/xhtml.xml"), "xml/xhtml.xml", InputFormat::Auto);
    REQUIRE(html.size() == 1);
    CHECK(html[0].format == "html");
    // An explicit format skips detection.
    const auto forced = kb::extract("<doc><title>T</title></doc>", "a.html", InputFormat::Xml);
    REQUIRE(forced.size() == 1);
    CHECK(forced[0].format == "xml");
}

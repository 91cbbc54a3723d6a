// Format names, content sniffing, and the dispatch from bytes to the right extractor.
#include <fmt/format.h>

#include <istream>
#include <streambuf>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "extract/json_lines.h"
#include "text/utf8.h"
#include "text/wide_encoding.h"

namespace kb {

std::string_view format_name(InputFormat f) {
    switch (f) {
        case InputFormat::Auto: return "auto";
        case InputFormat::Html: return "html";
        case InputFormat::Xml: return "xml";
        case InputFormat::Json: return "json";
        case InputFormat::Jsonl: return "jsonl";
        case InputFormat::Ris: return "ris";
        case InputFormat::Bibtex: return "bibtex";
    }
    return "auto";
}

InputFormat parse_format_name(std::string_view name) {
    const std::string n = fields::ascii_lower(fields::trim(name));
    for (auto f : {InputFormat::Auto, InputFormat::Html, InputFormat::Xml, InputFormat::Json, InputFormat::Jsonl,
                   InputFormat::Ris, InputFormat::Bibtex})
        if (n == format_name(f)) return f;
    throw Error(fmt::format("unknown format \"{}\" (valid formats: auto, html, xml, json, jsonl, ris, bibtex)", name));
}

namespace {

// The lower-cased extension of the last path component ("" when there is none).
std::string extension(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = file.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string() : fields::ascii_lower(file.substr(dot + 1));
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t skip_ws(std::string_view s, std::size_t pos) {
    while (pos < s.size() && is_ws(s[pos])) ++pos;
    return pos;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
           c == '_' || c == '.';
}

// Root elements no XML vocabulary kb knows would use, but HTML fragments start with.
bool html_only_element(std::string_view lower) {
    static constexpr std::string_view kNames[] = {"div", "p",  "meta", "h1",   "h2",   "h3",  "h4",  "h5",
                                                  "h6",  "table", "ul", "ol", "script", "style", "span", "br",
                                                  "form", "img",  "main", "nav"};
    for (auto n : kNames)
        if (lower == n) return true;
    return false;
}

// Looks past the XML declaration, processing instructions, comments and the doctype at the
// first element; its name (and, after an XML declaration, only that or the XHTML namespace)
// decides between HTML and XML. The extension settles what the leading bytes cannot.
InputFormat sniff_markup(std::string_view s, const std::string& ext) {
    constexpr std::size_t kWindow = 8192;
    const std::string_view w = s.substr(0, kWindow);
    const bool html_ext = ext == "html" || ext == "htm" || ext == "xhtml";
    bool xml_decl = false;
    std::size_t pos = 0;
    while (true) {
        pos = skip_ws(w, pos);
        if (pos >= w.size() || w[pos] != '<') break;
        const std::string_view rest = w.substr(pos);
        if (rest.starts_with("<?")) {
            xml_decl = xml_decl || fields::istarts_with(rest, "<?xml");
            const auto end = w.find("?>", pos);
            if (end == std::string_view::npos) break;
            pos = end + 2;
        } else if (rest.starts_with("<!--")) {
            const auto end = w.find("-->", pos + 4);
            if (end == std::string_view::npos) break;
            pos = end + 3;
        } else if (fields::istarts_with(rest, "<!doctype")) {
            std::size_t n = skip_ws(w, pos + 9);
            std::size_t e = n;
            while (e < w.size() && is_name_char(w[e])) ++e;
            return fields::iequals(w.substr(n, e - n), "html") ? InputFormat::Html : InputFormat::Xml;
        } else {
            std::size_t e = pos + 1;
            while (e < w.size() && is_name_char(w[e])) ++e;
            if (e == pos + 1) break;  // "<" followed by no name: not markup we can judge
            std::string name = fields::ascii_lower(w.substr(pos + 1, e - pos - 1));
            if (const auto colon = name.rfind(':'); colon != std::string::npos) name.erase(0, colon + 1);
            if (name == "html") return InputFormat::Html;
            // Only the default namespace counts: an Atom feed may declare xmlns:xhtml for its content.
            const auto tag_end = w.find('>', e);
            const std::string_view tag = w.substr(e, tag_end == std::string_view::npos ? w.npos : tag_end - e);
            const auto xmlns = tag.find("xmlns=");
            if (xmlns != std::string_view::npos &&
                tag.substr(xmlns + 7).starts_with("http://www.w3.org/1999/xhtml"))
                return InputFormat::Html;
            if (xml_decl) return InputFormat::Xml;
            if (name == "head" || name == "body" || html_only_element(name)) return InputFormat::Html;
            return html_ext ? InputFormat::Html : InputFormat::Xml;
        }
    }
    return html_ext ? InputFormat::Html : InputFormat::Xml;
}

// JSON Lines when the first line is a whole JSON object and the next non-blank line starts
// another; otherwise one JSON document, unless the extension says JSON Lines.
InputFormat sniff_json(std::string_view s, const std::string& ext) {
    const bool jsonl_ext = ext == "jsonl" || ext == "ndjson" || ext == "jsonlines";
    const auto nl = s.find('\n');
    if (nl != std::string_view::npos && s.front() == '{') {
        const auto second = skip_ws(s, nl + 1);
        if (second < s.size() && s[second] == '{' && nlohmann::json::accept(s.substr(0, nl)))
            return InputFormat::Jsonl;
    }
    return jsonl_ext ? InputFormat::Jsonl : InputFormat::Json;
}

// A read-only stream over bytes already in memory, so JSON Lines can reuse the streaming reader
// without copying the input.
class ViewBuffer : public std::streambuf {
public:
    explicit ViewBuffer(std::string_view bytes) {
        char* p = const_cast<char*>(bytes.data());  // never written through: no put area
        setg(p, p, p + bytes.size());
    }
};

}  // namespace

InputFormat detect_format(std::string_view path, std::string_view bytes) {
    const std::string p(path);
    // UTF-16/32 (by byte order mark or NUL pattern): judged by the start of its UTF-8 form.
    if (const auto wide = text::detect_wide_encoding(bytes); wide.encoding != text::WideEncoding::None)
        return detect_format(path, text::wide_to_utf8(bytes.substr(0, 16384 + wide.bom_size), wide));
    const std::string_view body = text::strip_bom(bytes);
    const std::size_t start = skip_ws(body, 0);
    if (start == body.size()) throw UnsupportedInputError(p, "empty file");
    // Before the sniff: a NUL byte or control characters mean no text format, whatever follows '<'.
    if (text::looks_binary(body)) throw UnsupportedInputError(p, "binary file (not HTML, XML or JSON)");
    const std::string_view s = body.substr(start);
    const std::string ext = extension(path);
    if (s.front() == '<') return sniff_markup(s, ext);
    if (s.front() == '{' || s.front() == '[') return sniff_json(s, ext);
    // RIS starts with its type line ("TY  - JOUR"); the tag decides, not the extension.
    if (s.starts_with("TY  -")) return InputFormat::Ris;
    // BibTeX: an entry ("@article{"), perhaps after % comment lines.
    if (looks_like_bibtex(s)) return InputFormat::Bibtex;
    throw UnsupportedInputError(p, "not HTML, XML, JSON, RIS or BibTeX (plain text?)");
}

std::vector<Document> extract(std::string_view bytes, const std::string& source, InputFormat format,
                              std::vector<std::string>* warnings, const JsonReadOptions& json_options) {
    // UTF-16 and UTF-32 become UTF-8 first; every extractor then reads UTF-8 (or a declared 8-bit charset).
    std::string decoded;
    if (const auto wide = text::detect_wide_encoding(bytes); wide.encoding != text::WideEncoding::None) {
        decoded = text::wide_to_utf8(bytes, wide);
        bytes = decoded;
    }
    if (format == InputFormat::Auto) format = detect_format(source, bytes);
    switch (format) {
        case InputFormat::Html: return extract_html(bytes, source, warnings);
        case InputFormat::Xml: return extract_xml(bytes, source);
        case InputFormat::Json: return extract_json(bytes, source, json_options);
        case InputFormat::Jsonl: {
            // The first bad line aborts: a whole-file extract never returns part of a broken file.
            ViewBuffer buffer(bytes);
            std::istream in(&buffer);
            JsonLinesReader reader(in, source, JsonLinesReader::kDefaultMaxLineBytes, json_options);
            std::vector<Document> docs;
            Document d;
            while (reader.next(d)) docs.push_back(std::move(d));
            return docs;
        }
        case InputFormat::Ris: return extract_ris(bytes, source);
        case InputFormat::Bibtex: return extract_bibtex(bytes, source);
        case InputFormat::Auto: break;
    }
    throw Error("no format to extract with");
}

}  // namespace kb

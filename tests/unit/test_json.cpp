// JSON and JSON Lines extractors: field aliases, extra, round trips and errors.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "error.h"
#include "extract/extractor.h"
#include "extract/json_lines.h"

namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

std::string read_fixture(const std::string& rel) {
    std::ifstream in(std::string(KB_FIXTURES) + "/" + rel, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << rel);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<kb::Document> json_fixture(const std::string& rel) { return kb::extract_json(read_fixture(rel), rel); }

std::optional<kb::InputError> json_error(std::string_view bytes) {
    try {
        kb::extract_json(bytes, "test.json");
    } catch (const kb::InputError& e) {
        return e;
    }
    return std::nullopt;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("json: a single object with the canonical field names") {
    const auto docs = json_fixture("json/single.json");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.id == "nota-2021-001");
    CHECK(d.title == "Nota ruimtelijke ordening");
    CHECK(d.body == "De gemeente wil meer woningen bouwen binnen de bestaande stad.");
    CHECK(d.summary == "Een nota over bouwen in de stad.");
    CHECK(kb::display_names(d.authors) == Strings{"Gemeente Voorbeeld", "Afdeling Ruimte"});
    CHECK(d.date == "2021-03-08");
    CHECK(d.lang == "nl");
    CHECK(d.tags == Strings{"wonen", "ruimte"});
    CHECK(d.type == "policy");
    CHECK(d.url == "https://voorbeeld.example/nota-2021-001");
    CHECK(d.format == "json");
    CHECK(d.source == "json/single.json");
    CHECK(d.extra == json::object());
}

TEST_CASE("json: an array of objects, numeric ids become strings") {
    const auto docs = json_fixture("json/array.json");
    REQUIRE(docs.size() == 3);
    CHECK(docs[0].id == "1");
    CHECK(docs[0].body == "Tekst een");
    CHECK(docs[0].lang == "nl");
    CHECK(docs[1].id == "2");
    CHECK(docs[1].lang == "en");
    CHECK(docs[2].id.empty());
    CHECK(docs[2].title == "Derde zonder id");
    CHECK(docs[2].body == "Tekst drie");
}

TEST_CASE("json: an array wrapped in an object") {
    const auto docs = json_fixture("json/wrapped.json");
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].id == "a1");
    CHECK(docs[0].title == "Kop een");
    CHECK(docs[0].body == "Inhoud een");
    CHECK(docs[1].id == "a2");
    CHECK(!docs[0].extra.contains("count"));
}

TEST_CASE("json: an object with a title is one document even if it has a data array") {
    const auto docs = kb::extract_json(R"({"title": "Zelf", "data": [{"title": "x"}]})", "t.json");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "Zelf");
    CHECK(docs[0].extra.at("data") == json::parse(R"([{"title": "x"}])"));
}

TEST_CASE("json: aliases, and everything unmapped kept in extra") {
    const auto docs = json_fixture("json/aliases.json");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.id == "12345");
    CHECK(d.title == "Factsheet luchtkwaliteit");
    CHECK(d.extra.at("titel") == "Tweede titel-alias die in extra hoort");  // the first alias wins
    CHECK(d.body == "Fijnstof en stikstofdioxide in de stad.");
    CHECK(d.summary == "Korte samenvatting.");
    CHECK(kb::display_names(d.authors) == Strings{"Anna Bakker", "Team Lucht", "Piet Pieters"});
    // An author object with more than a name (an ORCID) is kept whole as well.
    CHECK(d.extra.at("creator")[1]["orcid"] == "0000-0001");
    CHECK(d.date == "2021-03-08");
    CHECK(!d.extra.contains("date_raw"));
    CHECK(d.lang == "nl");
    CHECK(d.tags == Strings{"lucht", "fijnstof", "stikstof"});
    CHECK(d.type == "factsheet");
    CHECK(d.url == "https://voorbeeld.example/lucht");
    CHECK(d.extra.at("pages") == 12);
    CHECK(d.extra.at("draft") == false);
    REQUIRE(d.extra.contains("license"));
    CHECK(d.extra.at("license").is_null());
    CHECK(d.extra.at("metadata") == json::parse(R"({"department": {"name": "Milieu", "code": 7}, "reviewers": ["X", "Y"]})"));
    CHECK(d.extra.at("sector") == "milieu");  // an "extra" object is merged, not nested
    CHECK(!d.extra.contains("extra"));
    for (const char* consumed : {"guid", "name", "tekst", "samenvatting", "datum", "taal", "trefwoorden", "soort", "link"})
        CHECK_MESSAGE(!d.extra.contains(consumed), consumed);
}

TEST_CASE("json: values that do not fit a field") {
    const auto docs = json_fixture("json/odd-values.json");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.title.empty());
    CHECK(d.extra.at("title") == json::parse(R"({"nl": "Titel", "en": "Title"})"));
    CHECK(d.body.empty());
    CHECK(d.extra.at("body") == json::parse(R"(["alinea 1", "alinea 2"])"));
    CHECK(d.date.empty());
    CHECK(d.extra.at("date_raw") == "ergens in het voorjaar");
    CHECK(d.lang.empty());
    CHECK(d.extra.at("lang_raw") == "klingon");
    CHECK(kb::display_names(d.authors) == Strings{"Jansen, J.", "De Vries, P."});
    CHECK(d.tags == Strings{"a", "2", "true"});
    CHECK(d.url == "https://example.org/odd");  // null means absent: the next alias is used
    CHECK(!d.extra.contains("url"));
}

TEST_CASE("json: document_from_record with CSL names and a numeric date") {
    const auto d = kb::document_from_record(
        json::parse(R"({"id": 7, "author": {"family": "Bakker"}, "published": 2020, "keywords": "a,b"})"), "s");
    CHECK(d.id == "7");
    CHECK(kb::display_names(d.authors) == Strings{"Bakker"});
    CHECK(d.date == "2020");
    CHECK(d.tags == Strings{"a", "b"});
    CHECK(d.source == "s");
    CHECK_THROWS_AS(kb::document_from_record(json::array(), "s"), kb::InputError);
}

TEST_CASE("json: source and format are restored only from kb's own export") {
    // Someone else's "source" (a news agency) and "format" (a MIME type) are data, kept in extra.
    const auto other = kb::document_from_record(
        json::parse(R"({"title": "T", "source": "ANP", "format": "application/pdf"})"), "in.jsonl");
    CHECK(other.source == "in.jsonl");
    CHECK(other.format.empty());
    CHECK(other.extra.at("source") == "ANP");
    CHECK(other.extra.at("format") == "application/pdf");

    const auto own = kb::document_from_record(
        json::parse(R"({"title": "T", "source": "a/b.html", "format": "html", "extra": {}})"), "in.jsonl");
    CHECK(own.source == "a/b.html");
    CHECK(own.format == "html");
    CHECK(own.extra == json::object());
}

TEST_CASE("json: kb's own export round-trips exactly") {
    std::istringstream in(read_fixture("json/export.jsonl"));
    std::istringstream lines(read_fixture("json/export.jsonl"));
    kb::JsonLinesReader reader(in, "export.jsonl");
    kb::Document d;
    std::string line;
    int n = 0;
    while (reader.next(d)) {
        REQUIRE(std::getline(lines, line));
        CHECK(kb::to_json(d) == json::parse(line));
        ++n;
    }
    CHECK(n == 2);

    // And from a Document through to_json and back.
    kb::Document doc;
    doc.id = "x";
    doc.source = "docs/x.xml#3";
    doc.format = "xml";
    doc.title = "T";
    doc.body = "B  with\n\nparagraphs";
    doc.summary = "S";
    doc.authors = {"A; not split"};
    doc.date = "2021-03";
    doc.lang = "en";
    doc.type = "Report";
    doc.url = "https://example.org/x";
    doc.tags = {"t1", "t2"};
    doc.extra = json::parse(R"({"feed_title": "F", "deep": {"a": [1, {"b": null}]}, "title": "alias-like key"})");
    kb::Document back = kb::document_from_record(kb::to_json(doc), "other");
    // authors as an array element is not split on ';'
    CHECK(back.authors == doc.authors);
    CHECK(back == doc);
}

TEST_CASE("json: a syntax error carries its line and column") {
    auto e = json_error(read_fixture("json/syntax-error.json"));
    REQUIRE(e);
    CHECK(e->line() == 4);
    CHECK(e->column() == 8);  // the end of the token that cannot follow
    CHECK(contains(e->reason(), "syntax error"));
    CHECK(!contains(e->reason(), "json.exception"));
}

TEST_CASE("json: invalid UTF-8 is an error with the byte offset") {
    const std::string bytes = read_fixture("json/invalid-utf8.json");
    auto e = json_error(bytes);
    REQUIRE(e);
    CHECK(e->offset() == static_cast<std::int64_t>(bytes.find('\xc3')));
    CHECK(e->line() == 3);
}

TEST_CASE("json: a BOM is skipped") {
    const auto docs = json_fixture("json/bom.json");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].id == "bom");
}

TEST_CASE("json: structural errors") {
    SUBCASE("an array element that is not an object") {
        auto e = json_error(read_fixture("json/not-objects.json"));
        REQUIRE(e);
        CHECK(e->reason() == "element 3 is not an object");
    }
    SUBCASE("a scalar") {
        auto e = json_error(read_fixture("json/scalar.json"));
        REQUIRE(e);
        CHECK(contains(e->reason(), "number"));
    }
    SUBCASE("an empty file") {
        auto e = json_error(read_fixture("json/empty.json"));
        REQUIRE(e);
        CHECK(e->line() == 1);
    }
    SUBCASE("nesting too deep for the stack") {
        auto e = json_error(read_fixture("json/deep.json"));
        REQUIRE(e);
        CHECK(contains(e->reason(), "nested deeper"));
        CHECK(e->line() == 1);
        CHECK(e->column() == 513);
    }
    SUBCASE("a number too large for a double") {
        auto e = json_error("{\"n\": 1e999}");
        REQUIRE(e);
        CHECK(!e->reason().empty());
    }
    SUBCASE("trailing garbage") {
        auto e = json_error("{\"a\": 1}\n}");
        REQUIRE(e);
        CHECK(e->line() == 2);
    }
}

TEST_CASE("jsonl: the reader continues after a bad line and reports its line number") {
    const std::string bytes = read_fixture("json/records.jsonl");
    std::istringstream in(bytes);
    kb::JsonLinesReader reader(in, "records.jsonl");
    kb::Document d;

    REQUIRE(reader.next(d));
    CHECK(d.id == "r1");
    CHECK(d.format == "jsonl");
    CHECK(d.source == "records.jsonl");
    CHECK(reader.line() == 1);

    REQUIRE(reader.next(d));
    CHECK(d.id == "r2");
    CHECK(reader.line() == 2);

    try {
        reader.next(d);
        FAIL("the malformed line was accepted");
    } catch (const kb::InputError& e) {
        CHECK(e.line() == 4);  // line 3 is blank
        CHECK(e.column() == 36);
        CHECK(e.file() == "records.jsonl");
        CHECK(reader.line() == 4);
    }

    REQUIRE(reader.next(d));
    CHECK(d.id == "r4");
    CHECK(d.title == "Record vier");
    CHECK(reader.line() == 5);
    CHECK(!reader.next(d));
    CHECK(reader.bytes_read() == bytes.size());
}

TEST_CASE("jsonl: invalid UTF-8 and non-object lines") {
    const std::string bytes = read_fixture("json/mixed-errors.jsonl");
    std::istringstream in(bytes);
    kb::JsonLinesReader reader(in, "mixed.jsonl");
    kb::Document d;
    std::vector<std::string> ids;
    std::vector<std::uint64_t> bad_lines;
    std::vector<std::int64_t> offsets;
    for (;;) {
        try {
            if (!reader.next(d)) break;
            ids.push_back(d.id);
        } catch (const kb::InputError& e) {
            bad_lines.push_back(e.line());
            offsets.push_back(e.offset());
        }
    }
    CHECK(ids == Strings{"u1", "u4"});
    CHECK(bad_lines == std::vector<std::uint64_t>{2, 3});
    CHECK(offsets[0] == static_cast<std::int64_t>(bytes.find('\xff')));  // offset in the whole stream
}

TEST_CASE("jsonl: BOM, blank lines and a last line without newline") {
    std::istringstream in("\xef\xbb\xbf{\"id\": \"a\"}\n\n   \n{\"id\": \"b\", \"title\": \"B\"}");
    kb::JsonLinesReader reader(in, "-");
    kb::Document d;
    REQUIRE(reader.next(d));
    CHECK(d.id == "a");
    CHECK(d.source == "-");
    REQUIRE(reader.next(d));
    CHECK(d.id == "b");
    CHECK(d.title == "B");
    CHECK(reader.line() == 4);
    CHECK(!reader.next(d));
}

TEST_CASE("jsonl: extract() collects every record and stops at the first bad line") {
    const auto docs = kb::extract("{\"id\": \"a\"}\n{\"id\": \"b\"}\n", "x.jsonl", kb::InputFormat::Jsonl);
    REQUIRE(docs.size() == 2);
    CHECK(docs[1].id == "b");
    CHECK(docs[1].format == "jsonl");
    try {
        kb::extract(read_fixture("json/records.jsonl"), "records.jsonl", kb::InputFormat::Jsonl);
        FAIL("a broken JSON Lines file was accepted whole");
    } catch (const kb::InputError& e) {
        CHECK(e.line() == 4);
    }
}

TEST_CASE("jsonl: a line over the limit is rejected without being kept, and reading goes on") {
    // Lines longer than the reader's 64 KiB chunks, on both sides of a 100,000-byte limit.
    const std::string long_ok = "{\"id\": \"ok\", \"body\": \"" + std::string(90000, 'a') + "\"}";
    const std::string too_long = "{\"id\": \"big\", \"body\": \"" + std::string(300000, 'b') + "\"}";
    const std::string stream = long_ok + "\n" + too_long + "\n{\"id\": \"after\"}\r\n";
    std::istringstream in(stream);
    kb::JsonLinesReader reader(in, "big.jsonl", 100000);
    kb::Document d;
    REQUIRE(reader.next(d));
    CHECK(d.id == "ok");
    CHECK(d.body.size() == 90000);
    try {
        reader.next(d);
        FAIL("the long line was accepted");
    } catch (const kb::InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.reason().find("longer than 100000 bytes") != std::string::npos);
        CHECK(e.offset() == static_cast<std::int64_t>(long_ok.size() + 1));
    }
    REQUIRE(reader.next(d));
    CHECK(d.id == "after");
    CHECK(reader.line() == 3);
    CHECK(reader.bytes_read() == stream.size());
    CHECK(!reader.next(d));
}

TEST_CASE("read_line_capped: newline, end of input, and a line over the cap") {
    std::istringstream in("abc\n" + std::string(200000, 'z') + "\nlast");
    std::string line;
    auto r = kb::read_line_capped(in, line, 100000);
    CHECK((r.found && r.newline && !r.too_long && r.bytes == 3 && line == "abc"));
    r = kb::read_line_capped(in, line, 100000);
    CHECK((r.found && r.newline && r.too_long && r.bytes == 200000));
    CHECK(line.size() <= 100000);
    r = kb::read_line_capped(in, line, 100000);
    CHECK((r.found && !r.newline && !r.too_long && line == "last"));
    r = kb::read_line_capped(in, line, 100000);
    CHECK_FALSE(r.found);
}

TEST_CASE("json: structured authors and publication fields survive the stored record") {
    kb::Document doc;
    doc.id = "r1";
    doc.source = "r.json";
    doc.format = "json";  // a kb record: read back with its own source and format
    doc.title = "Vrouwen aan tafel";
    doc.authors = {kb::AuthorName::person("van der Berg", "Anna"), "Ministerie van Buitenlandse Zaken"};
    doc.publisher = "Atria";
    doc.container_title = "Tijdschrift voor Genderstudies";
    doc.volume = "12";
    doc.pages = "33-47";
    doc.doi = "10.5117/TVGN2020.1.003";
    const json record = kb::to_json(doc);
    // A person is an object, an organisation a plain string, as older records had.
    CHECK(record["authors"][0] == json::parse(R"({"family": "van der Berg", "given": "Anna"})"));
    CHECK(record["authors"][1] == "Ministerie van Buitenlandse Zaken");
    CHECK(record["container_title"] == "Tijdschrift voor Genderstudies");
    CHECK(kb::document_from_json(record) == doc);
    CHECK(kb::document_from_record(record, "x") == doc);
    CHECK(doc.authors[0].display() == "Anna van der Berg");
    CHECK(doc.authors[0].inverted() == "van der Berg, Anna");
    // Publication fields a record does not have are not written at all.
    CHECK_FALSE(kb::to_json(kb::Document{}).contains("doi"));
}

TEST_CASE("json: a stored record from before structured names reads its authors as literals") {
    const auto d = kb::document_from_json(json::parse(R"({"id": "a", "authors": ["Jansen, J.", "Atria"]})"));
    REQUIRE(d.authors.size() == 2);
    CHECK(d.authors[0].literal == "Jansen, J.");
    CHECK_FALSE(d.authors[0].is_person());
}

TEST_CASE("json: a CSL-JSON item maps its dates, names, links and publication fields") {
    const auto docs = kb::extract_json(R"([{
        "id": "zotero-1", "type": "article-journal", "title": "Vrede en veiligheid",
        "author": [{"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
                   {"literal": "Atria"}],
        "issued": {"date-parts": [[2020, 5]]}, "URL": "https://example.org/v", "keyword": "vrede, gender",
        "abstract": "Over vrede.", "container-title": "Tijdschrift", "DOI": "https://doi.org/10.1/abc",
        "publisher": "Uitgeverij", "volume": 7, "page": "1-9", "language": "nl"}])", "z.json");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.date == "2020-05");
    CHECK(d.url == "https://example.org/v");
    CHECK(d.tags == Strings{"vrede", "gender"});
    CHECK(d.summary == "Over vrede.");
    CHECK(d.type == "article");
    CHECK(d.container_title == "Tijdschrift");
    CHECK(d.doi == "10.1/abc");
    CHECK(d.publisher == "Uitgeverij");
    CHECK(d.volume == "7");
    CHECK(d.pages == "1-9");
    CHECK(d.lang == "nl");
    REQUIRE(d.authors.size() == 2);
    CHECK(d.authors[0] == kb::AuthorName::person("van der Berg", "Anna"));
    CHECK(d.authors[1] == kb::AuthorName("Atria"));
    CHECK(d.extra.empty());
}

TEST_CASE("json: a generic CSL document takes its kb type from genre") {
    const auto d = kb::extract_json(R"({"title": "T", "type": "document", "genre": "policy",
                                        "issued": {"date-parts": [["2019"]]}})", "g.json")[0];
    CHECK(d.type == "policy");
    CHECK(d.date == "2019");
    CHECK(d.extra.empty());
}

TEST_CASE("json: schema.org JSON-LD articles, reports and news") {
    const auto docs = kb::extract_json(R"({"@context": "https://schema.org", "@graph": [
        {"@type": "ScholarlyArticle", "@id": "https://example.org/a", "headline": "Artikel",
         "author": {"@type": "Person", "givenName": "Eva", "familyName": "Smit"},
         "datePublished": "2021-02-03", "publisher": {"@type": "Organization", "name": "Atria"},
         "isPartOf": {"@type": "Periodical", "name": "Vredesblad"}, "pageStart": 5, "pageEnd": 9},
        {"@type": "Report", "name": "Rapport", "author": {"@type": "Organization", "name": "WO=MEN"}},
        {"@type": "NewsArticle", "headline": "Nieuws", "articleBody": "Tekst", "keywords": ["vrede"]}]})",
                                       "ld.json");
    REQUIRE(docs.size() == 3);
    CHECK(docs[0].type == "article");
    CHECK(docs[0].id == "https://example.org/a");
    CHECK(docs[0].title == "Artikel");
    CHECK(docs[0].authors == std::vector<kb::AuthorName>{kb::AuthorName::person("Smit", "Eva")});
    CHECK(docs[0].date == "2021-02-03");
    CHECK(docs[0].publisher == "Atria");
    CHECK(docs[0].container_title == "Vredesblad");
    CHECK(docs[0].pages == "5-9");
    CHECK(docs[1].type == "report");
    CHECK(kb::display_names(docs[1].authors) == Strings{"WO=MEN"});
    CHECK(docs[2].type == "news");
    CHECK(docs[2].body == "Tekst");
    CHECK(docs[2].tags == Strings{"vrede"});
}

TEST_CASE("json: a number of pages is a count, not a page range") {
    const auto d = kb::extract_json(R"({"title": "T", "pages": 32})", "p.json")[0];
    CHECK(d.pages.empty());
    CHECK(d.extra.at("pages") == 32);
}

TEST_CASE("json: --id-field takes the id from a key, a dotted path or a JSON Pointer") {
    const json record = json::parse(R"({"id": "alias-id", "DOI": "10.1/x", "meta": {"ref": ["a", "R-7"]}})");
    auto id_with = [&](const std::string& field) {
        kb::JsonReadOptions o;
        o.id_field = field;
        return kb::document_from_record(record, "r.json", o);
    };
    CHECK(id_with("DOI").id == "10.1/x");
    CHECK(id_with("meta.ref.1").id == "R-7");
    CHECK(id_with("/meta/ref/0").id == "a");
    // The named field replaces the aliases: "id" is then ordinary data, kept in extra.
    CHECK(id_with("DOI").extra.at("id") == "alias-id");
    CHECK(id_with("missing").id.empty());
    CHECK(id_with("meta").id.empty());  // an object is no id
    CHECK(kb::find_json_path(record, "/meta/ref/9") == nullptr);
}

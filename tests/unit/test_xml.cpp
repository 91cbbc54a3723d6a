// XML extractor: feeds, Dublin Core, OAI-PMH, generic XML, encodings and parse errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"

namespace {

std::string read_fixture(const std::string& rel) {
    std::ifstream in(std::string(KB_FIXTURES) + "/" + rel, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << rel);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<kb::Document> xml_fixture(const std::string& rel) { return kb::extract_xml(read_fixture(rel), rel); }

std::optional<kb::InputError> xml_error(std::string_view bytes, const std::string& source = "test.xml") {
    try {
        kb::extract_xml(bytes, source);
    } catch (const kb::InputError& e) {
        return e;
    }
    return std::nullopt;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("xml: a broken file is an error with the line and column of the fault") {
    SUBCASE("an element never closed: reported at the end tag that does not match") {
        auto e = xml_error(read_fixture("xml/malformed.xml"), "xml/malformed.xml");
        REQUIRE(e);
        CHECK(e->file() == "xml/malformed.xml");
        CHECK(e->line() == 6);
        CHECK(e->column() == 1);
        CHECK(contains(e->reason(), "</rapport>"));
    }
    SUBCASE("mismatched end tag") {
        auto e = xml_error(read_fixture("xml/mismatched.xml"));
        REQUIRE(e);
        CHECK(e->line() == 5);
        CHECK(e->column() == 22);
        CHECK(contains(e->reason(), "</section>"));
        CHECK(e->position() == "line 5, column 22");
    }
    SUBCASE("unquoted attribute") {
        auto e = xml_error(read_fixture("xml/bad-attribute.xml"));
        REQUIRE(e);
        CHECK(e->line() == 2);
        CHECK(e->column() > 1);
    }
    SUBCASE("truncated file") {
        auto e = xml_error("<a>\n  <b>text");
        REQUIRE(e);
        CHECK(e->line() == 2);
        CHECK(contains(e->reason(), "not closed"));
    }
    SUBCASE("columns count characters, not bytes") {
        auto e = xml_error("<a>\xc3\xa9\xc3\xa9</b>");
        REQUIRE(e);
        CHECK(e->line() == 1);
        CHECK(e->column() == 6);
    }
    SUBCASE("empty input") {
        auto e = xml_error("");
        REQUIRE(e);
        CHECK(contains(e->reason(), "no root element"));
    }
    SUBCASE("CRLF line endings keep line numbers right") {
        auto e = xml_error("<a>\r\n<b>\r\n</c>\r\n</a>");
        REQUIRE(e);
        CHECK(e->line() == 3);
        CHECK(e->column() == 1);
    }
}

TEST_CASE("xml: invalid UTF-8 is an error with the byte offset") {
    const std::string bytes = read_fixture("xml/invalid-utf8.xml");
    auto e = xml_error(bytes);
    REQUIRE(e);
    CHECK(e->offset() == static_cast<std::int64_t>(bytes.find('\xff')));
    CHECK(e->line() == 4);
    CHECK(contains(e->reason(), "UTF-8"));

    // After a BOM the offset still counts from the start of the file.
    auto with_bom = xml_error("\xef\xbb\xbf<a>\xff</a>");
    REQUIRE(with_bom);
    CHECK(with_bom->offset() == 6);
}

TEST_CASE("xml: declared ISO-8859-1 is converted") {
    const auto docs = xml_fixture("xml/iso-8859-1.xml");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "Caf\xc3\xa9 en cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e");
    // 0x80 is the euro sign in windows-1252, which browsers use for every iso-8859-1 label.
    CHECK(contains(docs[0].body, "na\xc3\xaf" "eve \xe2\x82\xac prijs van \xc2\xa3 5"));
}

TEST_CASE("xml: an unknown declared encoding is an error, not mojibake") {
    auto e = xml_error(read_fixture("xml/unsupported-encoding.xml"));
    REQUIRE(e);
    CHECK(contains(e->reason(), "shift_jis"));
}

TEST_CASE("xml: a UTF-8 file mislabelled UTF-16 is read as UTF-8") {
    const auto docs = kb::extract_xml("<?xml version=\"1.0\" encoding=\"UTF-16\"?><doc><title>caf\xc3\xa9</title></doc>", "t");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "caf\xc3\xa9");
}

TEST_CASE("xml: UTF-16 and UTF-32 input is decoded, with or without a byte order mark") {
    // Each ASCII byte widened to `width` bytes, little-endian.
    const auto widen = [](const std::string& ascii, std::size_t width) {
        std::string out;
        for (char c : ascii) out += std::string(1, c) + std::string(width - 1, '\0');
        return out;
    };
    auto docs = kb::extract_xml("\xff\xfe" + widen("<doc><title>", 2) + std::string("\xe9\0", 2) +
                                    widen("</title></doc>", 2),
                                "t");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "\xc3\xa9");
    docs = kb::extract_xml(widen("<?xml version=\"1.0\" encoding=\"UTF-32\"?><doc><title>ok</title></doc>", 4), "t");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "ok");
}

TEST_CASE("xml: RSS 2.0 items become documents") {
    const auto docs = xml_fixture("xml/rss.xml");
    REQUIRE(docs.size() == 3);
    for (const auto& d : docs) {
        CHECK(d.format == "xml");
        CHECK(d.source == "xml/rss.xml");
        CHECK(d.lang == "nl");
        CHECK(d.extra.at("feed_title") == "Nieuws van Voorbeeldstad");
    }
    const auto& a = docs[0];
    CHECK(a.title == "Nieuwe fietsbrug geopend");
    CHECK(a.url == "https://voorbeeldstad.example/nieuws/fietsbrug");
    CHECK(a.id == "https://voorbeeldstad.example/nieuws/fietsbrug");
    CHECK(a.summary == "De fietsbrug over de rivier is open & druk.");
    CHECK(a.body == "De nieuwe brug verbindt Oost en West. Wethouder & burgemeester knipten het lint.");
    CHECK(a.date == "2021-03-08");
    CHECK(a.tags == Strings{"verkeer", "fiets"});
    CHECK(kb::display_names(a.authors) == Strings{"Redactie Voorbeeldstad"});
    CHECK(a.type == "news");

    const auto& b = docs[1];
    // A short non-permalink guid is not unique across feeds: the link is the id.
    CHECK(b.id == "https://voorbeeldstad.example/nieuws/begroting");
    CHECK(b.extra.at("guid") == "42");
    CHECK(kb::display_names(b.authors) == Strings{"Piet Pieters"});
    CHECK(b.date == "2021-11-10");
    CHECK(b.tags == Strings{"politiek"});
    CHECK(b.summary == "De raad heeft de begroting aangenomen.");
    CHECK(b.body.empty());

    const auto& c = docs[2];
    CHECK(c.id.empty());  // the caller assigns path#n
    CHECK(c.url.empty());
    CHECK(c.type == "press release");
    CHECK(c.date == "2021-02-02");
}

TEST_CASE("xml: RSS guids") {
    const auto docs = kb::extract_xml(
        "<rss><channel>"
        "<item><guid>7</guid><link>https://e.org/7</link></item>"                          // permalink by default, but no URL
        "<item><guid isPermaLink='false'>urn:uuid:1b4e28ba-2fa1</guid><link>https://e.org/u</link></item>"
        "<item><guid>https://e.org/only-guid</guid></item>"
        "<item><guid isPermaLink='false'>https://e.org/not-a-link</guid></item>"
        "</channel></rss>",
        "t");
    REQUIRE(docs.size() == 4);
    CHECK(docs[0].id == "https://e.org/7");
    CHECK(docs[0].extra.at("guid") == "7");
    CHECK(docs[1].id == "urn:uuid:1b4e28ba-2fa1");
    CHECK(docs[1].url == "https://e.org/u");
    CHECK(docs[2].id == "https://e.org/only-guid");
    CHECK(docs[2].url == "https://e.org/only-guid");
    CHECK(docs[3].id == "https://e.org/not-a-link");
    CHECK(docs[3].url.empty());
}

TEST_CASE("xml: RSS dates fall back to dc:date, and an unreadable date is kept raw") {
    const auto docs = kb::extract_xml(
        "<rss xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
        "<item><pubDate>binnenkort</pubDate><dc:date>2020-01-02</dc:date></item>"
        "<item><pubDate>binnenkort</pubDate></item>"
        "</channel></rss>",
        "t");
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].date == "2020-01-02");
    CHECK(!docs[0].extra.contains("date_raw"));
    CHECK(docs[1].date.empty());
    CHECK(docs[1].extra.at("date_raw") == "binnenkort");
}

TEST_CASE("xml: RSS 1.0 (RDF) items are siblings of the channel") {
    const auto docs = xml_fixture("xml/rss1.xml");
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].title == "First item");
    CHECK(docs[0].url == "https://example.org/a");
    CHECK(docs[0].id == "https://example.org/a");
    CHECK(docs[0].date == "2020-05-04");
    CHECK(docs[0].tags == Strings{"alpha"});
    CHECK(docs[0].lang == "en");
    CHECK(docs[1].title == "Second item");
    CHECK(docs[1].extra.at("feed_title") == "RDF Site Summary");
}

TEST_CASE("xml: Atom entries, with any namespace prefix") {
    const auto docs = xml_fixture("xml/atom.xml");
    REQUIRE(docs.size() == 2);
    const auto& a = docs[0];
    CHECK(a.title == "Flood risk maps");
    CHECK(a.id == "tag:blog.example.org,2021:post-1");
    CHECK(a.url == "https://blog.example.org/posts/flood-risk");
    CHECK(a.date == "2021-06-01");  // published beats updated
    CHECK(kb::display_names(a.authors) == Strings{"Alice Example", "Bob Example"});
    CHECK(a.tags == Strings{"water", "maps"});
    CHECK(a.summary == "New maps of flood risk.");
    CHECK(a.body == "The maps show where water goes.");
    CHECK(a.lang == "en");
    CHECK(a.format == "xml");
    CHECK(a.extra.at("feed_title") == "Example Research Blog");

    const auto& b = docs[1];
    CHECK(b.url == "https://blog.example.org/posts/kaarten");
    CHECK(b.date == "2021-07-15");
    CHECK(kb::display_names(b.authors) == Strings{"Feed Author"});  // inherited from the feed
    CHECK(b.lang == "nl");                         // the entry's xml:lang wins
    CHECK(b.body == "Nieuwe kaarten");
}

TEST_CASE("xml: a Dublin Core record") {
    const auto docs = xml_fixture("xml/dublin-core.xml");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.title == "Monitor Duurzaam Wonen 2021");
    CHECK(kb::display_names(d.authors) == Strings{"Jansen, Jan", "De Vries, Petra", "Bureau Onderzoek"});
    CHECK(d.tags == Strings{"duurzaamheid", "wonen"});
    CHECK(d.summary == "Jaarlijkse monitor van de verduurzaming van woningen.");
    CHECK(d.date == "2021-03-08");
    CHECK(d.type == "report");
    CHECK(d.lang == "nl");
    CHECK(d.url == "https://example.org/publicaties/monitor-2021");
    CHECK(d.id == "https://example.org/publicaties/monitor-2021");
    CHECK(d.publisher == "Ministerie van Voorbeeldzaken");
    CHECK(d.extra.at("rights") == "CC BY 4.0");
    CHECK(d.extra.at("relation") == nlohmann::json::array({"https://example.org/publicaties/monitor-2020",
                                                         "https://example.org/publicaties/monitor-2019"}));
    CHECK(d.extra.at("spatial") == "Nederland");
    CHECK(d.extra.at("identifier") == "ISBN 978-90-1234-567-8");  // the ISBN is not lost
    CHECK(d.format == "xml");
}

TEST_CASE("xml: DCTERMS elements, a non-URL identifier and date priority") {
    const auto docs = xml_fixture("xml/dcterms.xml");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.title == "Beleidsnota water");
    CHECK(kb::display_names(d.authors) == Strings{"Waterschap Voorbeeld"});
    CHECK(d.summary == "Een nota over waterbeheer.");
    CHECK(d.date == "2021-11-30");  // issued beats modified
    CHECK(d.extra.at("modified") == "2022-01-15");
    CHECK(d.lang == "nl");
    CHECK(d.id == "nota-2021-17");
    CHECK(d.url.empty());
    CHECK(d.type == "policy");
}

TEST_CASE("xml: OAI-PMH ListRecords skips deleted records") {
    const auto docs = xml_fixture("xml/oai-pmh.xml");
    REQUIRE(docs.size() == 2);
    for (const auto& d : docs) CHECK(!contains(d.id, "1002"));

    const auto& a = docs[0];
    CHECK(a.title == "Verkenning energietransitie");
    CHECK(a.id == "https://repository.example.org/item/1001");  // a URL identifier beats the OAI id
    CHECK(a.url == "https://repository.example.org/item/1001");
    CHECK(a.extra.at("oai_identifier") == "oai:repository.example.org:1001");
    CHECK(a.extra.at("oai_datestamp") == "2023-05-01");
    CHECK(a.lang == "nl");
    CHECK(a.date == "2023-04-20");
    CHECK(kb::display_names(a.authors) == Strings{"Bakker, Anna"});
    CHECK(a.tags == Strings{"energie"});

    const auto& b = docs[1];
    CHECK(b.title == "Climate adaptation in river deltas");
    CHECK(b.id == "oai:repository.example.org:1003");  // the OAI id beats a local one
    CHECK(b.extra.at("identifier") == "urn:nbn:nl:ui:13-abc-1003");
    CHECK(b.extra.at("oai_datestamp") == "2023-07-15");
    CHECK(b.lang == "en");
    CHECK(b.date == "2022");
    CHECK(b.type == "article");
}

TEST_CASE("xml: RDF descriptions and a lone OAI record") {
    const auto rdf = kb::extract_xml(
        "<r:RDF xmlns:r='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        "<r:Description r:about='https://e.org/1'><dc:title>Een</dc:title></r:Description>"
        "<r:Description><dc:title>Twee</dc:title><dc:identifier>local-2</dc:identifier></r:Description>"
        "</r:RDF>",
        "t");
    REQUIRE(rdf.size() == 2);
    CHECK(rdf[0].title == "Een");
    CHECK(rdf[1].title == "Twee");
    CHECK(rdf[1].id == "local-2");

    const auto oai = kb::extract_xml(
        "<record><header><identifier>oai:x:9</identifier><datestamp>2020-01-01</datestamp></header>"
        "<metadata><oai_dc:dc xmlns:oai_dc='http://www.openarchives.org/OAI/2.0/oai_dc/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>Los</dc:title></oai_dc:dc></metadata></record>",
        "t");
    REQUIRE(oai.size() == 1);
    CHECK(oai[0].id == "oai:x:9");
    CHECK(oai[0].title == "Los");
    CHECK(oai[0].extra.at("oai_datestamp") == "2020-01-01");
}

TEST_CASE("xml: generic XML") {
    const auto docs = xml_fixture("xml/generic.xml");
    REQUIRE(docs.size() == 1);
    const auto& d = docs[0];
    CHECK(d.title == "Jaarverslag sociaal domein");
    CHECK(!contains(d.body, "Jaarverslag"));
    CHECK(contains(d.body, "Inleiding Dit jaar verbeterde de zorg."));  // no words run together
    CHECK(contains(d.body, "Meer dan 100 <gezinnen> kregen hulp."));    // CDATA is text
    CHECK(d.date == "2022-04-15");
    CHECK(kb::display_names(d.authors) == Strings{"Gemeente Voorbeeld", "Team Onderzoek"});
    CHECK(d.lang == "nl");
    CHECK(d.tags == Strings{"zorg", "jeugd", "wmo", "participatie"});
    CHECK(d.summary == "Een overzicht van het sociaal domein.");
    CHECK(d.url == "https://voorbeeld.example/jaarverslag");
    CHECK(d.type == "verslag");
    CHECK(d.id.empty());
    CHECK(d.format == "xml");
}

TEST_CASE("xml: generic XML prefers a title element over a name") {
    const auto docs = kb::extract_xml("<doc><author><name>Jan</name></author><title>Echt</title><p>tekst</p></doc>", "t");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "Echt");
    CHECK(kb::display_names(docs[0].authors) == Strings{"Jan"});
}

TEST_CASE("xml: XHTML is handed to the HTML extractor") {
    const auto docs = xml_fixture("xml/xhtml.xml");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].format == "html");
    CHECK(contains(docs[0].title, "XHTML-pagina"));
    CHECK(contains(docs[0].body, "waterbeheer"));
}

TEST_CASE("xml: DTD entities are not expanded") {
    const auto docs = xml_fixture("xml/xxe.xml");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].title == "Entiteiten");
    CHECK(!contains(docs[0].body, "root:"));
    CHECK(!contains(docs[0].body, "lollol"));
}

TEST_CASE("xml: deep nesting does not overflow the stack") {
    constexpr int kDepth = 200000;
    std::string s;
    for (int i = 0; i < kDepth; ++i) s += "<tag>";
    s += "woord";
    for (int i = 0; i < kDepth; ++i) s += "</tag>";
    const auto docs = kb::extract_xml(s, "deep.xml");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].tags == Strings{"woord"});
}

TEST_CASE("fields: tag stripping and entities") {
    CHECK(kb::fields::strip_tags("<p>a &lt; b</p><p>c</p>") == "a < b c");
    CHECK(kb::fields::strip_tags("<b>Kenn</b>isbank") == "Kennisbank");
    CHECK(kb::fields::strip_tags("x < y and y > z") == "x < y and y > z");
    CHECK(kb::fields::strip_tags("<style>p{}</style>tekst<!-- opmerking -->") == "tekst");
    CHECK(kb::fields::strip_tags("caf&#233; &#x20AC;5 &quot;q&quot; &#39;s&#39; &bogus;") ==
          "caf\xc3\xa9 \xe2\x82\xac" "5 \"q\" 's' &bogus;");
}

TEST_CASE("fields: language normalisation") {
    using kb::fields::normalize_lang;
    CHECK(normalize_lang("nld") == "nl");
    CHECK(normalize_lang("dut") == "nl");
    CHECK(normalize_lang("Dutch") == "nl");
    CHECK(normalize_lang("nl-NL") == "nl");
    CHECK(normalize_lang("NL") == "nl");
    CHECK(normalize_lang("eng") == "en");
    CHECK(normalize_lang("English") == "en");
    CHECK(normalize_lang("en-GB") == "en");
    CHECK(normalize_lang("en_US") == "en");
    CHECK(normalize_lang("klingon").empty());
    CHECK(normalize_lang("").empty());
}

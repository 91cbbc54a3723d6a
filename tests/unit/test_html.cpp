// Unit tests of the HTML extractor (lib/extract/html.cpp).
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "error.h"
#include "extract/extractor.h"
#include "extract/html_cost.h"

namespace {

std::string read_fixture(const std::string& name) {
    const std::string path = std::string(KB_FIXTURES) + "/html/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

kb::Document extract_one(const std::string& bytes, const std::string& source = "test.html") {
    std::vector<kb::Document> docs = kb::extract_html(bytes, source);
    REQUIRE(docs.size() == 1);
    return docs.front();
}

kb::Document fixture(const std::string& name) { return extract_one(read_fixture(name), name); }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_SUITE("html") {

TEST_CASE("a full page: metadata from <head>") {
    const kb::Document d = fixture("full-page.html");
    CHECK(d.format == "html");
    CHECK(d.source == "full-page.html");
    CHECK(d.title == "Nationaal Actieplan 1325 – Kennisbank");  // whitespace collapsed
    CHECK(d.summary == "Het vierde Nationaal Actieplan over vrouwen, vrede en veiligheid.");
    // meta author split on ';' and ',', deduplicated, then DC.creator, then JSON-LD author.
    CHECK(kb::display_names(d.authors) == Strings{"Anna de Vries", "Jan Jansen", "Ministerie van Buitenlandse Zaken", "Piet Pieters"});
    // dcterms.issued comes before article:published_time.
    CHECK(d.date == "2021-03-12");
    CHECK(d.lang == "nl");  // from lang="nl-NL"
    // keywords trimmed, empty dropped, "Vrede" is a duplicate of "vrede"; then article:tag, then JSON-LD.
    CHECK(d.tags == Strings{"vrede", "veiligheid", "gender", "NAP 1325", "1325"});
    CHECK(d.type == "report");  // JSON-LD "Report"
    CHECK(d.url == "https://example.org/nap-1325");
    CHECK(d.id == "https://example.org/nap-1325");
    CHECK(d.extra.value("og_type", "") == "article");
    CHECK(d.extra.value("site_name", "") == "Kennisbank Vrede");
    CHECK(d.publisher == "BZ");
}

TEST_CASE("a full page: the body is the text of <main>, without furniture") {
    const std::string body = fixture("full-page.html").body;
    CHECK(contains(body, "Het vierde Nationaal Actieplan"));
    CHECK(contains(body, "Dit plan richt zich op vrouwen en meisjes"));  // &nbsp; is a space
    CHECK(contains(body, "conflictgebieden & post-conflict"));          // entities decoded
    CHECK(contains(body, "Actieplan\nis gelanceerd"));                    // <br> separates
    CHECK(contains(body, "Eerste punt\nTweede punt"));                    // list items do not run together
    CHECK(contains(body, "cel1 cel2"));                                   // nor do table cells
    CHECK(contains(body, "Nationaal Actieplan 1325\n\nHet vierde"));      // paragraph breaks kept
    for (const char* furniture :
         {"Navhome", "Navthema", "Kopregel", "Voettekst", "SCRIPTCODE", "trackingCode", "MORESCRIPT",
          "secret-style-rule", "koekjes", "Akkoord", "Kruimelpad", "Spring naar inhoud", "Gerelateerde",
          "Deel dit artikel", "Zet javascript", "Zoekveld", "Sjabloontekst", "SVG-tekst", "Piet Pieters"}) {
        CAPTURE(furniture);
        CHECK_FALSE(contains(body, furniture));
    }
    CHECK(body.front() != '\n');
    CHECK(body.back() != '\n');
    CHECK_FALSE(contains(body, "  "));
    CHECK_FALSE(contains(body, "\n\n\n"));
}

TEST_CASE("Open Graph and JSON-LD only") {
    const kb::Document d = fixture("og-jsonld.html");
    CHECK(d.title == "Vrouwen aan de onderhandelingstafel");         // og:title, not the JSON-LD headline
    CHECK(d.summary == "Een analyse van vredesprocessen sinds 1990.");  // og:description
    // JSON-LD @graph: the NewsArticle is the page's subject; its author refers to a Person by @id.
    CHECK(kb::display_names(d.authors) == Strings{"Fatima el Amrani", "Karel Bakker"});
    CHECK(d.date == "2019-11-05");
    CHECK(d.lang == "nl");  // og:locale nl_NL
    CHECK(d.tags == Strings{"vredesprocessen", "onderhandelingen", "vrouwen"});
    CHECK(d.type == "news");
    CHECK(d.url == "https://example.org/onderhandelingstafel");
    CHECK(d.id == d.url);
    CHECK(d.publisher == "Stichting Vredeswerk");
    CHECK(d.extra.value("og_type", "") == "website");
    CHECK(d.extra.value("modified", "") == "2019-12-01");
    // Exactly one <article> outside furniture: the body is its text; the nested aside is furniture.
    CHECK(d.body == "In vredesprocessen tussen 1992 en 2019 was slechts dertien procent van de onderhandelaars vrouw.");
}

TEST_CASE("title from the first <h1>, date from <time> in the content") {
    const kb::Document d = fixture("h1-only.html");
    CHECK(d.title == "Alleen een kop als titel");
    CHECK(d.date == "2018-06");
    CHECK(contains(d.body, "De tekst van de pagina."));
    CHECK(d.summary.empty());
    CHECK(d.url.empty());
    CHECK(d.id.empty());
    CHECK(d.lang.empty());
}

TEST_CASE("title precedence: <title>, then og:title, then <h1>") {
    CHECK(extract_one("<title>T</title><meta property=og:title content=O><h1>H</h1>").title == "T");
    CHECK(extract_one("<meta property=og:title content=O><h1>H</h1>").title == "O");
    CHECK(extract_one("<title>  </title><h1>H <span>kop</span></h1>").title == "H kop");
}

TEST_CASE("summary precedence: meta description, then og:description, then JSON-LD") {
    const std::string ld = R"(<script type="application/ld+json">{"@type":"Article","description":"L"}</script>)";
    CHECK(extract_one("<meta name=description content=M><meta property=og:description content=O>" + ld).summary ==
          "M");
    CHECK(extract_one("<meta property=og:description content=O>" + ld).summary == "O");
    CHECK(extract_one(ld).summary == "L");
}

TEST_CASE("JSON-LD: top-level arrays, author forms, keyword arrays, types, bad JSON ignored") {
    const kb::Document d = extract_one(R"(<html><head>
<script type="application/ld+json">[{"@type":"BreadcrumbList","description":"crumbs"},
  {"@type":"BlogPosting","description":"Blog summary","author":"Eva Smit","keywords":["a"," b ","a",""],
   "datePublished":"2022-02-03","inLanguage":"en-GB"}]</script>
<script type="application/ld+json">{"broken": </script>
</head><body><p>x</p></body></html>)");
    CHECK(d.type == "blog");
    CHECK(d.summary == "Blog summary");  // from the BlogPosting, not the breadcrumbs
    CHECK(kb::display_names(d.authors) == Strings{"Eva Smit"});
    CHECK(d.tags == Strings{"a", "b"});
    CHECK(d.date == "2022-02-03");
    CHECK(d.lang == "en");

    auto type_of = [](const std::string& t) {
        return extract_one(R"(<script type="application/ld+json">{"@type":")" + t + R"("}</script>)").type;
    };
    CHECK(type_of("NewsArticle") == "news");
    CHECK(type_of("Report") == "report");
    CHECK(type_of("Event") == "event");
    CHECK(type_of("Dataset") == "dataset");
    CHECK(type_of("Organization").empty());  // not the page's subject

    const kb::Document o = extract_one(
        R"(<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Ann"}})"
        R"(</script>)");
    CHECK(kb::display_names(o.authors) == Strings{"Ann"});
}

TEST_CASE("type from og:type when JSON-LD has none, except the generic ones") {
    CHECK(extract_one("<meta property=og:type content=video.movie>").type == "video.movie");
    CHECK(extract_one("<meta property=og:type content=website>").type.empty());
    CHECK(extract_one("<meta property=og:type content=article>").type.empty());
}

TEST_CASE("authors: article:author, DC.creator; profile URLs are not names") {
    const kb::Document d = extract_one(
        "<meta property=article:author content='https://facebook.com/someone'>"
        "<meta property=article:author content='Bea Bos'><meta name=dcterms.creator content='Cor Claes'>"
        "<meta name=DC.creator content='bea bos'>");
    CHECK(kb::display_names(d.authors) == Strings{"Bea Bos", "Cor Claes"});
}

TEST_CASE("date sources and their order") {
    CHECK(extract_one("<meta name=DC.date content=2001-02-03>").date == "2001-02-03");
    CHECK(extract_one("<meta name=date content='08-03-2021'>").date == "2021-03-08");
    CHECK(extract_one("<meta property=og:published_time content=2005-06-07T00:00:00Z>").date == "2005-06-07");
    CHECK(extract_one("<meta property=article:published_time content=2004-01-01>"
                      "<script type=application/ld+json>{\"@type\":\"Article\",\"datePublished\":\"2009\"}</script>")
              .date == "2004-01-01");
    CHECK(extract_one("<script type=application/ld+json>{\"@type\":\"Article\",\"datePublished\":\"2009\"}</script>"
                      "<main><time datetime=2010-01-01>x</time></main>")
              .date == "2009");
    // <time> only counts inside the main content, not in the footer or outside <main>.
    CHECK(extract_one("<body><time datetime=1990-01-01></time><main><p>t</p><time datetime=2011-11-11>x</time>"
                      "</main></body>")
              .date == "2011-11-11");
    CHECK(extract_one("<body><p>t</p><footer><time datetime=1990-01-01></time></footer></body>").date.empty());
    CHECK(extract_one("<body><p>t</p><time>3 februari 2015</time></body>").date == "2015-02-03");
}

TEST_CASE("language sources") {
    CHECK(extract_one("<html lang=EN-us><body>x").lang == "en");
    CHECK(extract_one("<html xml:lang=de-DE><body>x").lang == "de");
    CHECK(extract_one("<meta http-equiv=Content-Language content='nl-BE, fr'>").lang == "nl");
    CHECK(extract_one("<meta name=DC.language content=fr>").lang == "fr");
    CHECK(extract_one("<meta property=og:locale content=nl_NL>").lang == "nl");
    CHECK(extract_one("<html lang=nl><meta property=og:locale content=en_GB>").lang == "nl");
    CHECK(extract_one("<html lang='english'><meta property=og:locale content=en_GB>").lang == "en");
}

TEST_CASE("url and id: canonical link, else og:url") {
    const kb::Document a = extract_one(
        "<link rel='alternate canonical' href=' https://a.example/x '><meta property=og:url content=https://b/>");
    CHECK(a.url == "https://a.example/x");
    CHECK(a.id == "https://a.example/x");
    CHECK(extract_one("<meta property=og:url content=https://b.example/y>").id == "https://b.example/y");
}

TEST_CASE("furniture by class and id: whole tokens only, case-insensitive") {
    const kb::Document d = extract_one(R"(<body>
<div class="main-content"><p>Hoofdtekst blijft.</p></div>
<div class="Cookie_Notice">Koekjesmelding</div>
<div id="site-nav">Navigatiebalk</div>
<div class="canvas">Canvas is geen nav.</div>
<div class="subheader">Subkop blijft.</div>
<div class="social-share">Deelknoppen</div>
<ul class="breadcrumbs"><li>Kruimel</li></ul>
<div role="navigation">Rolnavigatie</div>
<div role="complementary">Rolaside</div>
<p>Slot.</p>
</body>)");
    CHECK(contains(d.body, "Hoofdtekst blijft."));
    CHECK(contains(d.body, "Canvas is geen nav."));
    CHECK(contains(d.body, "Subkop blijft."));
    CHECK(contains(d.body, "Slot."));
    for (const char* gone : {"Koekjesmelding", "Navigatiebalk", "Deelknoppen", "Kruimel", "Rolnavigatie",
                             "Rolaside"}) {
        CAPTURE(gone);
        CHECK_FALSE(contains(d.body, gone));
    }
}

TEST_CASE("text shown on interaction is body text; navigation, scripts and templates are not") {
    const kb::Document d = extract_one(R"(<body>
<nav><details><summary>Menukop</summary>Menulink</details></nav>
<main>
<p>Inleiding.</p>
<details><summary>Veelgestelde vraag</summary><p>Uitklapantwoord staat hier.</p></details>
<div hidden>Verborgenalinea tot iemand zoekt.</div>
<div hidden="until-found">Vindbaarstuk.</div>
<div role="tablist"><button role="tab" aria-controls="p2">Tabblad twee</button><button>Knopje</button></div>
<div id="p2" role="tabpanel" aria-hidden="true">Tabpaneeltekst.</div>
<div class="tab-pane fade">Bootstrapvenster.</div>
<div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button">Accordeonkop</button></h2>
<div class="accordion-collapse collapse"><div class="accordion-body">Accordeonbody.</div></div></div>
<div class="collapse navbar-collapse">Inklapmenu</div>
<p>Met <span class="icon" aria-hidden="true">chevron_right</span> pijltje.</p>
<template><p>Sjabloontekst</p></template>
<script>var scripttekst = 1;</script>
<noscript>Schakel javascript in</noscript>
<div hidden class="cookie-banner">Verborgenkoekjes</div>
</main>
</body>)");
    for (std::string kept : {"Uitklapantwoord staat hier.", "Veelgestelde vraag", "Verborgenalinea", "Vindbaarstuk.",
                             "Tabblad twee", "Tabpaneeltekst.", "Bootstrapvenster.", "Accordeonkop", "Accordeonbody.",
                             "pijltje"}) {
        CAPTURE(kept);
        CHECK(contains(d.body, kept));
    }
    for (std::string gone : {"Menukop", "Menulink", "Knopje", "Inklapmenu", "chevron_right", "Sjabloontekst",
                             "scripttekst", "javascript", "Verborgenkoekjes"}) {
        CAPTURE(gone);
        CHECK_FALSE(contains(d.body, gone));
    }
}

TEST_CASE("content region: <main>, role=main, one <article>, else <body>") {
    CHECK(extract_one("<body><p>Buiten</p><div role=main><p>Binnen</p></div></body>").body == "Binnen");
    CHECK(extract_one("<body><p>Buiten</p><article><p>Artikel</p></article></body>").body == "Artikel");
    const std::string two = extract_one("<body><p>Buiten</p><article>Een</article><article>Twee</article></body>").body;
    CHECK(contains(two, "Buiten"));
    CHECK(contains(two, "Een"));
    CHECK(contains(two, "Twee"));
    // An empty <main> does not win.
    CHECK(extract_one("<body><main></main><p>Tekst</p></body>").body == "Tekst");
    // <main> inside a wrapper whose class looks like furniture is still the content.
    CHECK(extract_one("<body><div class='page-with-sidebar'><main><p>Kern</p></main></div></body>").body == "Kern");
}

TEST_CASE("the furniture heuristics never eat the whole page") {
    // ASP.NET pages wrap everything in one <form>; some themes put a 'sidebar' token on the wrapper.
    CHECK(contains(extract_one("<body><form id=aspnetForm><div><p>Alle inhoud</p></div></form></body>").body,
                   "Alle inhoud"));
    CHECK(contains(extract_one("<body><div class='layout has-sidebar'><p>Alle inhoud</p></div></body>").body,
                   "Alle inhoud"));
    // But tag furniture stays out even then.
    CHECK_FALSE(contains(extract_one("<body><form><p>Inhoud</p><nav>Menu</nav></form></body>").body, "Menu"));
}

TEST_CASE("words never run together across blocks; <pre> keeps its lines") {
    CHECK(extract_one("<body><div>een</div><div>twee</div><h2>drie</h2>vier<br>vijf</body>").body ==
          "een\n\ntwee\n\ndrie\n\nvier\nvijf");
    CHECK(extract_one("<body><p>in<b>line</b> <i>ok</i></p></body>").body == "inline ok");
    CHECK(extract_one("<body><pre>regel 1\nregel 2</pre></body>").body == "regel 1\nregel 2");
    CHECK(extract_one("<body><dl><dt>term</dt><dd>uitleg</dd></dl></body>").body == "term\nuitleg");
}

TEST_CASE("charset: windows-1252 declared with <meta charset>") {
    const kb::Document d = fixture("windows-1252.html");
    CHECK(d.title == "Café in België");
    CHECK(contains(d.body, "café kost € 2,50 in België."));
    CHECK(contains(d.body, "\u201cHij zei: \u2018fijn\u2019\u201d \u2013 dat is alles."));
}

TEST_CASE("charset: iso-8859-1 declared with http-equiv") {
    const kb::Document d = fixture("iso-8859-1.html");
    CHECK(d.title == "Résumé français");
    CHECK(d.body == "Naïve garçon à la crème brûlée, 25°C.");
    CHECK(d.lang == "fr");  // http-equiv content-language
}

TEST_CASE("charset: an XML declaration; XHTML syntax") {
    const kb::Document d = fixture("xhtml.html");
    CHECK(d.title == "XHTML-Seite");
    CHECK(contains(d.body, "Grüße aus München.\nZweite Zeile."));
    CHECK(d.date == "2007-05-14");
    CHECK(d.lang == "de");
}

TEST_CASE("charset: BOMs, invalid UTF-8, unknown and wrong labels") {
    // Invalid UTF-8 is decoded as windows-1252, as browsers do.
    CHECK(extract_one("<meta charset=utf-8><p>caf\xe9</p>").body == "café");
    CHECK(extract_one("<p>caf\xe9 \x80</p>").body == "café €");
    // An unknown charset: UTF-8, with the same fallback.
    CHECK(extract_one("<meta charset=x-klingon><p>caf\xc3\xa9</p>").body == "café");
    // A legacy label on valid UTF-8 is a mislabel: the bytes win.
    CHECK(extract_one("<meta charset=iso-8859-1><p>caf\xc3\xa9</p>").body == "café");
    // A commented-out declaration does not count.
    CHECK(extract_one("<!-- <meta charset=windows-1251> --><meta charset=iso-8859-2><p>\xa3</p>").body == "Ł");
    // Byte order marks.
    CHECK(extract_one("\xEF\xBB\xBF<p>caf\xc3\xa9</p>").body == "café");
    const std::string utf16le("\xFF\xFE<\0p\0>\0\xE9\0\xAC\x20<\0/\0p\0>\0", 20);
    CHECK(extract_one(utf16le).body == "é€");
    const std::string utf16be("\xFE\xFF\0<\0p\0>\0\xE9\x20\xAC", 12);
    CHECK(extract_one(utf16be).body == "é€");
}

TEST_CASE("charset: UTF-32 is UTF-32, by byte order mark or NUL pattern") {
    std::string le, be;
    for (char c : std::string("<p>caf\xE9</p>")) {
        le += std::string(1, c) + std::string(3, '\0');
        be += std::string(3, '\0') + std::string(1, c);
    }
    CHECK(extract_one(std::string("\xFF\xFE\0\0", 4) + le).body == "caf\xC3\xA9");
    CHECK(extract_one(std::string("\0\0\xFE\xFF", 4) + be).body == "caf\xC3\xA9");
    CHECK(extract_one(le).body == "caf\xC3\xA9");
    CHECK(extract_one(be).body == "caf\xC3\xA9");
}

TEST_CASE("charset: a declaration the bytes contradict is ignored, with a warning") {
    // IBM037 (EBCDIC) would turn every ASCII letter into something else.
    std::vector<std::string> warnings;
    auto docs = kb::extract_html("<meta charset=\"IBM037\"><p>vrede en veiligheid</p>", "t.html", &warnings);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].body == "vrede en veiligheid");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("IBM037") != std::string::npos);
    // UTF-16 declared on 8-bit bytes; invalid UTF-8 then falls back to windows-1252.
    warnings.clear();
    docs = kb::extract_html("<meta charset=utf-16><p>caf\xe9</p>", "t.html", &warnings);
    CHECK(docs[0].body == "caf\xC3\xA9");
    CHECK(warnings.size() == 1);
    // A charset that writes ASCII as ASCII is believed, without a warning.
    warnings.clear();
    docs = kb::extract_html("<meta charset=iso-8859-2><p>\xa3</p>", "t.html", &warnings);
    CHECK(docs[0].body == "\xC5\x81");
    CHECK(warnings.empty());
}

TEST_CASE("charset: labels beyond windows-1252 go through iconv") {
    // windows-1251 declared through http-equiv: "Привет, мир".
    CHECK(extract_one("<meta http-equiv='content-type' content='text/html;charset=\"windows-1251\"'>"
                      "<p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0</p>")
              .body == "Привет, мир");
    // iso-8859-2 named only by an XML declaration: "Łódź".
    CHECK(extract_one("<?xml version='1.0' encoding='ISO-8859-2'?><html><body><p>\xa3\xf3" "d\xbc</p></body></html>")
              .body == "Łódź");
    // iso-8859-15 puts the euro sign at 0xA4 (windows-1252 has ¤ there).
    CHECK(extract_one("<meta charset=iso-8859-15><p>\xa4 5</p>").body == "€ 5");
    // Shift_JIS: "日本".
    CHECK(extract_one("<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>").body == "日本");
}

TEST_CASE("broken markup still yields the paragraphs") {
    const kb::Document d = fixture("broken.html");
    CHECK(d.title == "Broken page");
    CHECK(d.summary == "Unquoted");
    CHECK(d.lang == "en");
    for (const char* text : {"First paragraph survives", "Second bold paragraph text survives", "Cell text",
                             "Paragraph in cell", "Last paragraph survives", "inside link", "Loose list item",
                             "Trailing text after html"}) {
        CAPTURE(text);
        CHECK(contains(d.body, text));
    }
    CHECK_FALSE(contains(d.body, "unterminated comment"));
    CHECK_FALSE(contains(d.body, "survivesSecond"));
}

TEST_CASE("an unclosed <title> does not swallow the page") {
    // The HTML standard (and gumbo) make the rest of such a page title text; kb closes the title instead.
    const kb::Document d = fixture("broken-unclosed-title.html");
    CHECK(d.title == "Title never closed");
    CHECK(contains(d.body, "Body text after an unclosed title"));
    CHECK(contains(d.body, "Second paragraph"));
    const kb::Document typo = extract_one("<title>Typo</tile><body><p>Tekst &amp; meer</p></body>");
    CHECK(typo.title == "Typo");
    CHECK(typo.body == "Tekst & meer");
    // A title that merely mentions a tag is left alone.
    CHECK(extract_one("<title>Over de <p>-tag</title><p>x</p>").title == "Over de <p>-tag");
}

TEST_CASE("empty and text-less input is a document, binary input is refused") {
    const kb::Document empty = extract_one("");
    CHECK(empty.format == "html");
    CHECK(empty.body.empty());
    CHECK(empty.title.empty());

    const kb::Document meta_only = extract_one("<html><head><title>Alleen titel</title></head><body> \n </body></html>");
    CHECK(meta_only.title == "Alleen titel");
    CHECK(meta_only.body.empty());

    const std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    CHECK_THROWS_AS(kb::extract_html(binary, "image.png"), kb::UnsupportedInputError);
    try {
        kb::extract_html(binary, "image.png");
    } catch (const kb::UnsupportedInputError& e) {
        CHECK(e.file() == "image.png");
    }
}

bool text_only(const kb::Document& d) { return d.extra.contains(std::string(kb::kTextOnlyKey)); }

std::string repeat(std::string_view unit, std::size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += unit;
    return s;
}

TEST_CASE("markup too costly for the tree builder is read as plain text; deep but sane nesting is parsed") {
    std::string deep = repeat("<div>", 150000) + "diepste";
    const auto d = extract_one(deep, "deep.html");
    CHECK(text_only(d));
    CHECK(d.body == "diepste");
    CHECK(contains(d.extra.at(std::string(kb::kTextOnlyKey)).get<std::string>(), "at byte"));

    std::string ok;
    for (int i = 0; i < 2000; ++i) ok += "<div><span>";
    ok += "diep";
    CHECK(!text_only(extract_one(ok)));
    CHECK(extract_one(ok).body == "diep");
    // Thousands of unclosed <p> and <li> do not nest and are not counted.
    std::string flat;
    for (int i = 0; i < 30000; ++i) flat += "<p>a<li>b";
    CHECK(!text_only(extract_one(flat)));
    CHECK(extract_one(flat).body.size() > 30000);
    // Nor do cells, rows and closed formatting elements of a long table.
    const std::string table = "<table>" + repeat("<tr><td><b>a</b><td><i>b</i></td>", 300000) + "</table>";
    CHECK(!text_only(extract_one(table)));
}

TEST_CASE("the cost estimate tokenizes as HTML5 does") {
    const std::uint64_t budget = kb::html_cost_budget(200000);
    auto over = [&](const std::string& page) { return kb::estimate_html_cost(page, budget).over; };
    // A quote in an unquoted value or an attribute name is a character, not the start of a value.
    CHECK(over(repeat("<div><x a=1\">", 200000)));
    CHECK(over(repeat("<div></q a=1\">", 200000)));
    // Here the quote does open a value, up to the next unit: half the divs, a quarter of the cost.
    CHECK(kb::estimate_html_cost(repeat("<div></q a=\">", 100000), kb::html_cost_budget(100000)).over ==
          false);
    CHECK(over(repeat("<div></q a=1\">", 100000)));
    CHECK(over(repeat("<div \"x>", 200000)));
    // A '>' inside a quoted value does not end the tag.
    CHECK(!over(repeat("<div title='a>b'></div>", 200000)));
    CHECK(over(repeat("<div title='a></div>'>", 400000)));
    // <noscript> is markup for a parser without scripting; <textarea> and <title> are not ...
    CHECK(over("<noscript>" + repeat("<div>", 200000)));
    CHECK(!over("<textarea>" + repeat("<div>", 200000)));
    CHECK(!over("<title>" + repeat("<div>", 200000)));
    // ... except in SVG, and in a <select>, which ignores them.
    CHECK(over("<svg><title>" + repeat("<div>", 200000)));
    CHECK(over("<select><title></select>" + repeat("<div>", 200000) + "</title>"));
    // A comment ends at "-->" (or at once, for "<!-->"); what follows is markup again.
    CHECK(!over("<!--" + repeat("<div>", 200000) + "-->"));
    CHECK(over("<!-->" + repeat("<div>", 200000) + "-->"));
    // Elements whose end tags are implied nest when their parents are missing.
    CHECK(over(repeat("<rb>", 200000)));
    CHECK(over(repeat("<li><section>", 200000)));
    CHECK(over(repeat("<dd><article>", 200000)));
    CHECK(!over(repeat("<ruby><rb>a<rb>b</ruby>", 200000)));
    // Formatting elements that are closed by a paragraph and reopened by the next one.
    std::string reopen;
    for (int i = 0; reopen.size() < 200000; ++i) reopen += "<p><b id=" + std::to_string(i) + ">x</p>";
    CHECK(over(reopen));
    CHECK(!over(repeat("<p><b>x</p>", 200000)));  // at most three identical ones are reopened
    CHECK(over(repeat("<b><i><b><i>x", 200000)));
    CHECK(over(repeat("<a><div>", 200000)));
    CHECK(over(repeat("<table><tr><td>", 200000)));
}

TEST_CASE("the cost estimate itself is linear") {
    // Many comments and no "--!>": each comment must not search the rest of the page for one.
    const std::string comments = repeat("<!--a-->", 2'000'000);
    const auto start = std::chrono::steady_clock::now();
    CHECK(!kb::estimate_html_cost(comments, kb::html_cost_budget(comments.size())).over);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));
    CHECK(!kb::estimate_html_cost("<!--x--!><div>", 100).over);
    CHECK(kb::estimate_html_cost("<!--x--!>" + repeat("<div>", 200000), kb::html_cost_budget(200000)).over);
}

TEST_CASE("the sample pages use a small part of their budget") {
    for (const char* name :
         {"corpus/html/blog-vredesactivisten-zuid-soedan.html", "corpus/html/en-unscr-1325-explained.html",
          "corpus/html/resolutie-1325-twintig-jaar.html", "tests/fixtures/html/full-page.html",
          "tests/fixtures/html/broken-misnested.html", "tests/fixtures/html/broken-table-p.html"}) {
        std::ifstream in(std::string(KB_FIXTURES) + "/../../" + name, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string page = ss.str();
        REQUIRE(!page.empty());
        CAPTURE(name);
        // A tenth of the budget of a page ten times smaller.
        CHECK(!kb::estimate_html_cost(page, kb::html_cost_budget(page.size() / 10) / 10).over);
    }
}

}  // TEST_SUITE

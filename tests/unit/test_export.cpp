// lib/export: CSV quoting per RFC 4180, and the RIS, BibTeX, CSL-JSON and OpenSearch writers.
#include <doctest/doctest.h>

#include <sstream>

#include "error.h"

#include "export/bibtex_writer.h"
#include "export/csl_json_writer.h"
#include "export/csv_writer.h"
#include "export/document_writer.h"
#include "export/reference_types.h"

using kb::BibtexWriter;
using kb::CsvWriter;

TEST_CASE("CSV fields are quoted only when needed, quotes doubled") {
    CHECK(CsvWriter::field("gewoon") == "gewoon");
    CHECK(CsvWriter::field("a,b") == "\"a,b\"");
    CHECK(CsvWriter::field("zei \"ja\"") == "\"zei \"\"ja\"\"\"");
    CHECK(CsvWriter::field("regel\nnog een") == "\"regel\nnog een\"");
    CHECK(CsvWriter::field("") == "");
}

TEST_CASE("CSV has a BOM, a header and CRLF rows") {
    std::ostringstream out;
    CsvWriter csv(out, true);
    csv.begin();
    kb::Document d;
    d.id = std::string("doc-1");
    d.title = "Titel, met komma";
    d.tags = {"a", "b"};
    csv.write(d);
    const std::string s = out.str();
    CHECK(s.rfind("\xEF\xBB\xBFid,title,", 0) == 0);
    CHECK(s.find("\r\ndoc-1,\"Titel, met komma\",") != std::string::npos);
    CHECK(s.find("a; b") != std::string::npos);
    CHECK(s.ends_with("\r\n"));
}

TEST_CASE("CSV cells a spreadsheet would run as formulas get a leading quote") {
    CHECK(CsvWriter::defuse_formula("=HYPERLINK(\"http://x\",\"klik\")") == "'=HYPERLINK(\"http://x\",\"klik\")");
    CHECK(CsvWriter::defuse_formula("@SUM(A1)") == "'@SUM(A1)");
    CHECK(CsvWriter::defuse_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
    CHECK(CsvWriter::defuse_formula("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0");
    CHECK(CsvWriter::defuse_formula("\t=1+1") == "'\t=1+1");
    CHECK(CsvWriter::defuse_formula("\r=1+1") == "'\r=1+1");
    CHECK(CsvWriter::defuse_formula("-") == "'-");
    CHECK(CsvWriter::defuse_formula("=5") == "'=5");
    // Plain numbers call nothing and stay as they are.
    CHECK(CsvWriter::defuse_formula("-5") == "-5");
    CHECK(CsvWriter::defuse_formula("+31 20 123 4567") == "+31 20 123 4567");
    CHECK(CsvWriter::defuse_formula("-1.234,5") == "-1.234,5");
    // Anything else is untouched, a formula sign later in the text too.
    CHECK(CsvWriter::defuse_formula("Resolutie 1325 = vrede") == "Resolutie 1325 = vrede");
    CHECK(CsvWriter::defuse_formula(" =1+1") == " =1+1");
    CHECK(CsvWriter::defuse_formula("") == "");
}

TEST_CASE("CSV rows are defused unless asked for raw values") {
    kb::Document d;
    d.id = std::string("doc-1");
    d.title = "=HYPERLINK(\"http://evil\",\"x\")";
    d.authors = {"@bob"};
    std::ostringstream safe, raw;
    CsvWriter safe_csv(safe, false), raw_csv(raw, false, false);
    safe_csv.begin();
    safe_csv.write(d);
    raw_csv.begin();
    raw_csv.write(d);
    CHECK(safe.str().find("\r\ndoc-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,'@bob,") != std::string::npos);
    CHECK(raw.str().find("\r\ndoc-1,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,@bob,") != std::string::npos);
}


namespace {

kb::Document sample_reference() {
    kb::Document d;
    d.id = "nap 2022/evaluatie";
    d.title = "Evaluatie {NAP} 1325: 50% & meer";
    d.type = "report";
    d.date = "2022-03";
    d.authors = {kb::AuthorName::person("Öztürk", "Elif"), "Ministerie van BZ"};
    d.tags = {"nap", "evaluatie"};
    d.url = "https://example.org/a?b=1&c=2";
    d.pages = "12-34";
    d.publisher = "Rijksoverheid";
    return d;
}

std::string export_as(const std::string& format, const std::vector<kb::Document>& docs) {
    std::ostringstream out;
    kb::ExportSettings s;
    s.format = format;
    auto writer = kb::make_document_writer(s, out);
    writer->begin();
    for (const auto& d : docs) writer->write(d);
    writer->end();
    return out.str();
}

}  // namespace

TEST_CASE("CSV: a ; delimiter and chosen columns") {
    std::ostringstream out;
    CsvWriter csv(out, false, true, ';', {"title", "authors", "pages"});
    csv.begin();
    csv.write(sample_reference());
    CHECK(out.str() == "title;authors;pages\r\nEvaluatie {NAP} 1325: 50% & meer;\"Elif Öztürk; Ministerie van BZ\";12-34\r\n");
    CHECK(CsvWriter::field("a;b", ';') == "\"a;b\"");
    CHECK(CsvWriter::field("a,b", ';') == "a,b");
    CHECK_THROWS_AS(CsvWriter(out, false, true, ',', {"titel"}), kb::Error);
}

TEST_CASE("BibTeX: TeX's special characters are escaped, UTF-8 and URLs kept") {
    CHECK(BibtexWriter::escape("50% & {x} $5 #1 a_b ~ ^ \\") ==
          "50\\% \\& \\{x\\} \\$5 \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
    CHECK(BibtexWriter::escape("Öztürk") == "Öztürk");
    CHECK(BibtexWriter::citation_key("nap-2022") == "nap-2022");
    const std::string key = BibtexWriter::citation_key("nap 2022,{x}");
    CHECK(key.rfind("nap-2022--x--", 0) == 0);
    CHECK(key != BibtexWriter::citation_key("nap 2022,{y}"));
    const std::string bib = export_as("bibtex", {sample_reference()});
    CHECK(bib.find("@techreport{nap-2022/evaluatie-") == 0);
    CHECK(bib.find("  title = {Evaluatie \\{NAP\\} 1325: 50\\% \\& meer},\n") != std::string::npos);
    CHECK(bib.find("  author = {Öztürk, Elif and {Ministerie van BZ}},\n") != std::string::npos);
    CHECK(bib.find("  year = {2022},\n  month = {3},\n") != std::string::npos);
    CHECK(bib.find("  pages = {12--34},\n") != std::string::npos);
    CHECK(bib.find("  institution = {Rijksoverheid},\n") != std::string::npos);
    CHECK(bib.find("  url = {https://example.org/a?b=1&c=2},\n") != std::string::npos);
    // Two documents whose ids make the same key still get two keys.
    kb::Document twin = sample_reference();
    const std::string two = export_as("bibtex", {twin, twin});
    CHECK(two.find("-2,\n") != std::string::npos);
}

TEST_CASE("RIS: tags, inverted names, DA with missing parts, CRLF") {
    const std::string ris = export_as("ris", {sample_reference()});
    CHECK(ris.rfind("TY  - RPRT\r\nID  - nap 2022/evaluatie\r\n", 0) == 0);
    CHECK(ris.find("AU  - Öztürk, Elif\r\nAU  - Ministerie van BZ\r\n") != std::string::npos);
    CHECK(ris.find("PY  - 2022\r\nDA  - 2022/03//\r\n") != std::string::npos);
    CHECK(ris.find("KW  - nap\r\nKW  - evaluatie\r\n") != std::string::npos);
    CHECK(ris.find("SP  - 12\r\nEP  - 34\r\n") != std::string::npos);
    CHECK(ris.find("M3  - ") == std::string::npos);  // report is RPRT both ways
    CHECK(ris.ends_with("ER  - \r\n\r\n"));
}

TEST_CASE("CSL-JSON: an array of items with date-parts, names and genre") {
    CHECK(export_as("csl-json", {}) == "[]\n");
    kb::Document policy = sample_reference();
    policy.type = "policy";
    const auto items = nlohmann::json::parse(export_as("csl-json", {sample_reference(), policy}));
    REQUIRE(items.size() == 2);
    CHECK(items[0]["type"] == "report");
    CHECK_FALSE(items[0].contains("genre"));
    CHECK(items[0]["issued"] == nlohmann::json::parse(R"({"date-parts": [[2022, 3]]})"));
    CHECK(items[0]["author"] ==
          nlohmann::json::parse(R"([{"family": "Öztürk", "given": "Elif"}, {"literal": "Ministerie van BZ"}])"));
    CHECK(items[0]["keyword"] == "nap, evaluatie");
    CHECK(items[1]["type"] == "document");
    CHECK(items[1]["genre"] == "policy");
    CHECK(kb::reference_types::kb_type_from_csl("document", "policy") == "policy");
    CHECK(kb::reference_types::kb_type_from_csl("article-newspaper", "") == "news");
}

TEST_CASE("OpenSearch: an index action, then the document, per line") {
    const std::string bulk = export_as("opensearch", {sample_reference()});
    std::istringstream lines(bulk);
    std::string action, source, rest;
    REQUIRE(std::getline(lines, action));
    REQUIRE(std::getline(lines, source));
    CHECK_FALSE(std::getline(lines, rest));
    CHECK(nlohmann::json::parse(action) ==
          nlohmann::json::parse(R"({"index": {"_index": "kb", "_id": "nap 2022/evaluatie"}})"));
    const auto doc = nlohmann::json::parse(source);
    CHECK_FALSE(doc.contains("id"));
    CHECK(doc["authors"][1] == nlohmann::json::parse(R"({"literal": "Ministerie van BZ"})"));
    CHECK(doc["author_names"] == nlohmann::json::parse(R"(["Elif Öztürk", "Ministerie van BZ"])"));
}

// lib/export: CSV quoting per RFC 4180.
#include <doctest/doctest.h>

#include <sstream>

#include "export/csv_writer.h"

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

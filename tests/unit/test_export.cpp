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

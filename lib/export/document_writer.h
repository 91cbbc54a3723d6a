// One interface for every export format: begin once, write each document, end once. `kb export`
// picks the writer once from ExportSettings and never looks at the format again.
#pragma once
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace kb {

class DocumentWriter {
public:
    virtual ~DocumentWriter() = default;
    // What comes before the first document (a CSV header, a JSON array's bracket).
    virtual void begin() {}
    virtual void write(const Document& doc) = 0;
    // What comes after the last one.
    virtual void end() {}
};

struct ExportSettings {
    std::string format = "jsonl";  // one of export_formats()
    bool csv_bom = true;                // CSV: start with a UTF-8 byte order mark
    bool csv_defuse_formulas = true;    // CSV: see CsvWriter::defuse_formula()
    char csv_delimiter = ',';           // CSV: ',' ';' or '\t'
    std::vector<std::string> csv_fields;  // CSV: the columns, in order (empty: all of csv_columns())
    std::string opensearch_index = "kb";  // OpenSearch: the index each bulk action names
};

// jsonl, csv, ris, bibtex, csl-json, opensearch.
const std::vector<std::string>& export_formats();

// The writer for settings.format, writing to `out`; throws kb::Error for an unknown format or
// CSV field.
std::unique_ptr<DocumentWriter> make_document_writer(const ExportSettings& settings, std::ostream& out);

}  // namespace kb

// Writes Documents as RFC 4180 CSV (CRLF line ends, quotes doubled) that spreadsheets open as UTF-8.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "export/document_writer.h"

namespace kb {

class CsvWriter : public DocumentWriter {
public:
    // `bom`: start with a UTF-8 byte order mark so spreadsheet programs pick UTF-8.
    // `neutralize_formulas`: see defuse_formula(); off writes every value's bytes unchanged.
    // `delimiter`: ',' by RFC 4180; ';' is what spreadsheets in a Dutch locale expect; '\t'.
    // `fields`: the columns, in order, from csv_columns() (empty: all of them). An unknown name
    // throws kb::Error naming the known ones.
    CsvWriter(std::ostream& out, bool bom, bool neutralize_formulas = true, char delimiter = ',',
              std::vector<std::string> fields = {});
    // The header row.
    void begin() override;
    void write(const Document& doc) override;

    // Every column a CSV export can have, in the default order.
    static const std::vector<std::string>& csv_columns();

    // One field, quoted when it holds the delimiter, a quote, CR or LF.
    static std::string field(std::string_view value, char delimiter = ',');

    // A spreadsheet runs a cell that starts with = + - @ (or tab or CR, which some skip first) as
    // a formula: =HYPERLINK(...) in a title would run when the export is opened. Such a value
    // gets a leading ' (as OWASP advises), which spreadsheets read as "text follows". A plain
    // number (a sign, then only digits, spaces, dots and commas: "-5", "+31 20 123 4567") is left
    // alone: it can call nothing.
    static std::string defuse_formula(std::string_view value);

private:
    std::ostream& out_;
    bool bom_;
    bool neutralize_formulas_;
    char delimiter_;
    std::vector<std::string> fields_;
};

}  // namespace kb

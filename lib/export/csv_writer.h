// Writes Documents as RFC 4180 CSV (CRLF line ends, quotes doubled) that spreadsheets open as UTF-8.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "document.h"

namespace kb {

class CsvWriter {
public:
    // `bom`: start with a UTF-8 byte order mark so spreadsheet programs pick UTF-8.
    // `neutralize_formulas`: see defuse_formula(); off writes every value's bytes unchanged.
    CsvWriter(std::ostream& out, bool bom, bool neutralize_formulas = true);
    void write(const Document& doc);

    // One field, quoted when it holds a comma, quote, CR or LF.
    static std::string field(std::string_view value);

    // A spreadsheet runs a cell that starts with = + - @ (or tab or CR, which some skip first) as
    // a formula: =HYPERLINK(...) in a title would run when the export is opened. Such a value
    // gets a leading ' (as OWASP advises), which spreadsheets read as "text follows". A plain
    // number (a sign, then only digits, spaces, dots and commas: "-5", "+31 20 123 4567") is left
    // alone: it can call nothing.
    static std::string defuse_formula(std::string_view value);

private:
    std::ostream& out_;
    bool neutralize_formulas_;
};

}  // namespace kb

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
    CsvWriter(std::ostream& out, bool bom);
    void write(const Document& doc);

    // One field, quoted when it holds a comma, quote, CR or LF.
    static std::string field(std::string_view value);

private:
    std::ostream& out_;
};

}  // namespace kb

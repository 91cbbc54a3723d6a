// Writes Documents as RIS, the tagged format reference managers (Zotero, EndNote, Mendeley) import.
#pragma once
#include <ostream>
#include <string_view>

#include "export/document_writer.h"

namespace kb {

class RisWriter : public DocumentWriter {
public:
    explicit RisWriter(std::ostream& out) : out_(out) {}
    void write(const Document& doc) override;

private:
    // "TI  - value" on one line: RIS has no continuation lines, so line breaks become spaces.
    void tag(std::string_view name, std::string_view value);
    std::ostream& out_;
};

}  // namespace kb

// Writes Documents as kb's own JSON Lines: the stored record, lossless (`kb add` reads it back).
#pragma once
#include <ostream>

#include "export/document_writer.h"

namespace kb {

class JsonLinesWriter : public DocumentWriter {
public:
    explicit JsonLinesWriter(std::ostream& out) : out_(out) {}
    void write(const Document& doc) override;

private:
    std::ostream& out_;
};

}  // namespace kb

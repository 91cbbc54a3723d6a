// Writes Documents as a CSL-JSON array: the item format of citeproc processors, which Zotero
// and pandoc import.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>

#include "export/document_writer.h"

namespace kb {

class CslJsonWriter : public DocumentWriter {
public:
    explicit CslJsonWriter(std::ostream& out) : out_(out) {}
    void begin() override;
    void write(const Document& doc) override;
    void end() override;

    // One document as a CSL item.
    static nlohmann::json item(const Document& doc);

private:
    std::ostream& out_;
    bool first_ = true;
};

}  // namespace kb

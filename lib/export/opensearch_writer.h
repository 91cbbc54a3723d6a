// Writes Documents as the NDJSON body of an OpenSearch (or Elasticsearch) _bulk request: an
// "index" action line, then the document, for each. docs/opensearch-mapping.json is the index
// mapping these documents are meant for.
#pragma once
#include <ostream>
#include <string>

#include "export/document_writer.h"

namespace kb {

class OpenSearchWriter : public DocumentWriter {
public:
    OpenSearchWriter(std::ostream& out, std::string index) : out_(out), index_(std::move(index)) {}
    void write(const Document& doc) override;

private:
    std::ostream& out_;
    std::string index_;
};

}  // namespace kb

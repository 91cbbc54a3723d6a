#include "export/document_writer.h"

#include <fmt/format.h>

#include "error.h"
#include "export/bibtex_writer.h"
#include "export/csl_json_writer.h"
#include "export/csv_writer.h"
#include "export/jsonl_writer.h"
#include "export/opensearch_writer.h"
#include "export/ris_writer.h"

namespace kb {

const std::vector<std::string>& export_formats() {
    static const std::vector<std::string> kFormats = {"jsonl", "csv", "ris", "bibtex", "csl-json", "opensearch"};
    return kFormats;
}

std::unique_ptr<DocumentWriter> make_document_writer(const ExportSettings& s, std::ostream& out) {
    if (s.format == "jsonl") return std::make_unique<JsonLinesWriter>(out);
    if (s.format == "csv")
        return std::make_unique<CsvWriter>(out, s.csv_bom, s.csv_defuse_formulas, s.csv_delimiter, s.csv_fields);
    if (s.format == "ris") return std::make_unique<RisWriter>(out);
    if (s.format == "bibtex") return std::make_unique<BibtexWriter>(out);
    if (s.format == "csl-json") return std::make_unique<CslJsonWriter>(out);
    if (s.format == "opensearch") return std::make_unique<OpenSearchWriter>(out, s.opensearch_index);
    throw Error(fmt::format("unknown export format '{}'; use one of: {}", s.format, fmt::join(export_formats(), ", ")));
}

}  // namespace kb

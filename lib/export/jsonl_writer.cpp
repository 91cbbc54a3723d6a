#include "export/jsonl_writer.h"

#include "text/json_line.h"

namespace kb {

void JsonLinesWriter::write(const Document& doc) { out_ << text::dump_json_line(to_json(doc)) << '\n'; }

}  // namespace kb

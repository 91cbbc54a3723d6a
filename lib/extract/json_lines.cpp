#include "extract/json_lines.h"

#include <fmt/format.h>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "text/utf8.h"

namespace kb {

JsonLinesReader::JsonLinesReader(std::istream& in, std::string source, std::uint64_t max_line_bytes,
                                 JsonReadOptions options)
    : in_(in), source_(std::move(source)), max_line_bytes_(max_line_bytes), options_(std::move(options)) {}

CappedLine read_line_capped(std::istream& in, std::string& out, std::uint64_t cap) {
    CappedLine line;
    out.clear();
    // istream::getline finds the newline with memchr; chunks keep a long line from being held whole.
    char chunk[1 << 16];
    for (;;) {
        in.getline(chunk, sizeof chunk);
        const auto got = static_cast<std::uint64_t>(in.gcount());
        if (in.bad()) return line;
        if (got == 0 && in.eof()) return line;
        line.found = true;
        const bool chunk_full = in.fail() && !in.eof();
        line.newline = !chunk_full && !in.eof();
        const std::uint64_t stored = line.newline ? got - 1 : got;
        line.bytes += stored;
        if (out.size() + stored <= cap)
            out.append(chunk, stored);
        else
            line.too_long = true;  // read on to the newline without keeping the bytes
        if (!chunk_full) return line;
        in.clear();
    }
}

bool JsonLinesReader::next(Document& out) {
    // One reused buffer per line keeps memory bounded by the longest line allowed, not the stream.
    for (;;) {
        const CappedLine read = read_line_capped(in_, buffer_, max_line_bytes_);
        if (!read.found) break;
        const std::uint64_t line_start = bytes_;
        bytes_ += read.bytes + (read.newline ? 1 : 0);
        ++line_;
        if (read.too_long)
            throw InputError(source_, fmt::format("line longer than {} bytes", max_line_bytes_), line_, {},
                             static_cast<std::int64_t>(line_start));
        std::string_view view = buffer_;
        std::size_t skipped = 0;  // bytes dropped from the front, for the stream offset
        if (line_ == 1) {
            const auto stripped = text::strip_bom(view);
            skipped = view.size() - stripped.size();
            view = stripped;
        }
        if (!view.empty() && view.back() == '\r') view.remove_suffix(1);  // CRLF files
        if (fields::trim(view).empty()) continue;

        if (auto bad = text::first_invalid_utf8(view)) {
            const auto lc = fields::line_column(view, *bad);
            throw InputError(source_, "invalid UTF-8", line_, lc.column,
                             static_cast<std::int64_t>(line_start + skipped + *bad));
        }
        if (auto deep = fields::json_too_deep(view, fields::kMaxJsonDepth)) {
            throw InputError(source_, fmt::format("nested deeper than {} levels", fields::kMaxJsonDepth), line_,
                             fields::line_column(view, *deep).column);
        }
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(view);
        } catch (const nlohmann::json::parse_error& e) {
            const auto lc = fields::line_column(view, e.byte > 0 ? e.byte - 1 : 0);
            throw InputError(source_, fields::json_error_reason(e.what()), line_, lc.column);
        } catch (const nlohmann::json::exception& e) {
            throw InputError(source_, fields::json_error_reason(e.what()), line_);  // number overflow
        }
        if (!record.is_object()) {
            const auto first = view.find_first_not_of(" \t");
            throw InputError(source_, fmt::format("record is a JSON {}, not an object", record.type_name()), line_,
                             fields::line_column(view, first == std::string_view::npos ? 0 : first).column);
        }
        out = document_from_record(record, source_, options_);
        if (out.format.empty()) out.format = "jsonl";
        return true;
    }
    if (in_.bad()) throw InputError(source_, "read error", line_ + 1);
    return false;
}

}  // namespace kb

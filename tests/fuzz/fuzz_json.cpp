// libFuzzer target: the same bytes through the JSON extractor, the JSON Lines reader and the
// stored-record reader (against nlohmann's parser).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "document.h"
#include "error.h"
#include "extract/extractor.h"
#include "extract/json_lines.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        kb::extract_json(bytes, "fuzz.json");
    } catch (const kb::Error&) {
    }
    // The one-pass record reader refuses what nlohmann refuses, and reads alike what both read.
    std::optional<kb::Document> full;
    try {
        full = kb::document_from_json(nlohmann::json::parse(bytes));
    } catch (const nlohmann::json::exception&) {
    }
    if (const std::optional<kb::Document> fast = kb::read_record(bytes); fast && (!full || !(*fast == *full)))
        __builtin_trap();
    std::istringstream stream(bytes);
    // A small line limit, so the fuzzer also reaches the "line too long" path.
    kb::JsonLinesReader reader(stream, "fuzz.jsonl", 4096);
    kb::Document doc;
    for (;;) {
        try {
            if (!reader.next(doc)) break;
        } catch (const kb::Error&) {
            // A bad line is reported and the reader goes on with the next one.
        }
    }
    return 0;
}

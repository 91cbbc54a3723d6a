// libFuzzer target: the same bytes through the JSON extractor and the JSON Lines reader.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "error.h"
#include "extract/extractor.h"
#include "extract/json_lines.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        kb::extract_json(bytes, "fuzz.json");
    } catch (const kb::Error&) {
    }
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

// libFuzzer target: format detection, then extraction with the detected format, as `kb add` does.
// The first byte picks the file name, so extension fallbacks are reached too.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "error.h"
#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::array<const char*, 8> kNames{"page.html", "feed.xml", "doc.json", "lines.jsonl",
                                                       "notes.txt", "noext",    "x.xhtml",  "x.ndjson"};
    if (size == 0) return 0;
    const std::string name = kNames[data[0] % kNames.size()];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        const kb::InputFormat format = kb::detect_format(name, bytes);
        if (format != kb::InputFormat::Jsonl) kb::extract(bytes, name, format);
    } catch (const kb::Error&) {
    }
    return 0;
}

// libFuzzer target: the HTML extractor. Any bytes must give documents or a kb::Error, in time
// linear in their size; a crash, a sanitizer report or a slow input is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "error.h"
#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        kb::extract_html(bytes, "fuzz.html");
    } catch (const kb::Error&) {
        // Refusing an input is a correct answer.
    }
    return 0;
}

// libFuzzer target: the XML extractor (RSS, Atom, Dublin Core, OAI-PMH, XHTML, any XML).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "error.h"
#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        kb::extract_xml(bytes, "fuzz.xml");
    } catch (const kb::Error&) {
    }
    return 0;
}

#include "analysis/folding.h"

#include <cstdlib>
#include <utf8proc.h>

#include "analysis/ablation.h"

namespace kb::analysis {

bool is_folded_ascii(std::string_view word) {
    for (unsigned char c : word)
        if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
    return true;
}

std::string fold_word(std::string_view word) {
    // Most words of Dutch and English text are ASCII: lowercase them without utf8proc.
    bool ascii = true;
    for (unsigned char c : word)
        if (c >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        std::string out(word);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    // The ij ligature (U+0132, U+0133) is two letters to a Dutch reader, and Unicode gives it only a
    // compatibility decomposition, which would fold much else (superscripts, fractions): spelled out here.
    std::string spelled;
    if (word.find("\xC4\xB2") != std::string_view::npos || word.find("\xC4\xB3") != std::string_view::npos) {
        spelled.reserve(word.size());
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (word[i] == '\xC4' && i + 1 < word.size() && (word[i + 1] == '\xB2' || word[i + 1] == '\xB3')) {
                spelled += word[i + 1] == '\xB2' ? "IJ" : "ij";
                ++i;
            } else {
                spelled += word[i];
            }
        }
        word = spelled;
    }
    utf8proc_uint8_t* folded = nullptr;
    // Decompose (NFD folds NFC and NFD input alike), drop the combining marks, fold case, and
    // compose what is left, so letters without a plain form (ø, ł) stay one code point.
    // (Ablated for a measurement: marks kept, so only NFC and case fold.)
    const auto options = static_cast<utf8proc_option_t>(
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
        (ablated(Feature::Folding) ? 0 : UTF8PROC_STRIPMARK));
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                                            static_cast<utf8proc_ssize_t>(word.size()), &folded, options);
    if (n < 0) return std::string(word);
    std::string out(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
    std::free(folded);
    return out;
}

}  // namespace kb::analysis

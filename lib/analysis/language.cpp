#include "analysis/language.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "analysis/stop_words.h"

namespace kb::analysis {

std::string normalize_language(std::string_view tag) {
    std::string t;
    for (char c : tag) {
        if (c == '-' || c == '_' || c == ' ' || c == ';' || c == ',') break;
        t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (t == "nld" || t == "dut" || t == "dutch" || t == "nederlands" || t == "vlaams") return "nl";
    if (t == "eng" || t == "english" || t == "engels") return "en";
    if (t == "deu" || t == "ger" || t == "german" || t == "duits") return "de";
    if (t == "fra" || t == "fre" || t == "french" || t == "frans") return "fr";
    return t;
}

std::string guess_language(std::string_view text) {
    // Words that are frequent in one language and rare in the other.
    static const std::unordered_set<std::string> dutch = {"de", "het", "een", "en", "van", "voor", "niet",
                                                          "met", "zijn", "dat", "die", "op", "ook", "wordt",
                                                          "naar", "bij", "aan", "worden", "deze", "uit"};
    static const std::unordered_set<std::string> english = {"the", "and", "of", "to", "is", "for", "with",
                                                            "that", "this", "are", "by", "from", "be", "was",
                                                            "which", "have", "has", "not", "on", "it"};
    int nl = 0, en = 0, words = 0;
    std::string word;
    const std::size_t limit = std::min<std::size_t>(text.size(), 4096);
    for (std::size_t i = 0; i <= limit; ++i) {
        unsigned char c = i < limit ? text[i] : ' ';
        if (std::isalpha(c)) {
            word += static_cast<char>(std::tolower(c));
            continue;
        }
        if (word.empty()) continue;
        ++words;
        nl += dutch.count(word);
        en += english.count(word);
        word.clear();
    }
    if (words < 5 || nl + en < 2) return {};
    return nl >= en ? "nl" : "en";
}

std::string analysis_language(std::string_view declared, std::string_view text) {
    std::string lang = normalize_language(declared);
    if (lang == "nl" || lang == "en") return lang;
    if (!lang.empty()) return "nl";  // other declared languages: analysed with the default
    std::string guess = guess_language(text);
    return guess.empty() ? "nl" : guess;
}

}  // namespace kb::analysis

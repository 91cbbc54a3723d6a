#include "analysis/stop_words.h"

namespace kb::analysis {

// Kept short on purpose: only words that carry no topic. Words such as "vrouw" or "vrede"
// must never be here, and neither must negations a researcher may search for ("geen", "niet").
const std::vector<std::string_view>& dutch_stop_words() {
    static const std::vector<std::string_view> words = {
        "aan", "af", "al", "als", "bij", "dan", "dat", "de", "der", "deze", "die", "dit", "door", "du",
        "een", "en", "er", "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "hun", "ik",
        "in", "is", "je", "kan", "me", "men", "met", "mij", "na", "naar", "nog", "nu", "of", "om",
        "omdat", "ons", "ook", "op", "over", "te", "tegen", "toch", "toen", "tot", "u", "uit", "van",
        "veel", "voor", "want", "was", "wat", "we", "wel", "werd", "wie", "wij", "wordt", "worden",
        "zal", "ze", "zei", "zich", "zij", "zijn", "zo", "zoals", "zou", "zouden",
    };
    return words;
}

const std::vector<std::string_view>& english_stop_words() {
    static const std::vector<std::string_view> words = {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
        "have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "of", "on", "or", "our",
        "she", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was",
        "we", "were", "which", "while", "who", "will", "with", "would", "you",
    };
    return words;
}

}  // namespace kb::analysis

#include "analysis/language.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "analysis/ablation.h"
#include "analysis/compound_splitter.h"
#include "analysis/folding.h"

namespace kb::analysis {

namespace {

// Function words frequent in one language and absent or rare in the other. Words both languages
// use often (in, is, was, had, over, we, men, door, want, of) tell nothing and are left out.
constexpr std::array<std::string_view, 56> kDutchWords{
    "de", "het", "een", "en", "van", "voor", "niet", "met", "zijn", "dat", "die", "op", "ook", "wordt",
    "naar", "bij", "aan", "worden", "deze", "uit", "dit", "er", "maar", "om", "als", "nog", "wel", "geen",
    "kan", "zal", "hun", "ze", "wij", "je", "uw", "te", "tot", "heeft", "hebben", "werd", "meer", "onze",
    "ons", "zich", "omdat", "waar", "wat", "hoe", "welke", "kunnen", "moet", "moeten", "dan", "dus",
    "tussen", "zonder"};
constexpr std::array<std::string_view, 56> kEnglishWords{
    "the", "and", "to", "for", "with", "that", "this", "are", "by", "from", "be", "which", "have", "has",
    "not", "on", "it", "were", "will", "would", "can", "should", "their", "there", "they", "these",
    "those", "an", "or", "you", "your", "our", "been", "into", "about", "what", "when", "who", "how",
    "also", "more", "but", "if", "at", "as", "its", "than", "such", "does", "do", "may", "must", "only",
    "other", "some", "all"};

// The longest word of either list: longer words need no lookup (most words of a text).
constexpr std::size_t kLongestFunctionWord = 6;
constexpr bool all_fit(const auto& list) {
    return std::all_of(list.begin(), list.end(), [](std::string_view w) { return w.size() <= kLongestFunctionWord; });
}
static_assert(all_fit(kDutchWords) && all_fit(kEnglishWords));

// Which list a word is in: 0 neither, 1 Dutch, 2 English. A hash lookup: a search through both
// lists for every short word of every document was a tenth of the language guess.
int function_word(std::string_view word) {
    static const std::unordered_map<std::string_view, int> lists = [] {
        std::unordered_map<std::string_view, int> all;
        for (auto w : kEnglishWords) all.emplace(w, 2);
        for (auto w : kDutchWords) all.emplace(w, 1);  // none is in both; Dutch would win
        return all;
    }();
    if (word.size() > kLongestFunctionWord) return 0;
    const auto it = lists.find(word);
    return it == lists.end() ? 0 : it->second;
}

// Spelling a reader recognises: ij, aa, uu, sch- and -lijk, -heid, -isch in Dutch; wh-, th-,
// -ght, -tion, -ly, -ness in English.
int dutch_spelling(std::string_view w) {
    if (w.size() < 3) return 0;
    if (w.find("ij") != std::string_view::npos || w.find("aa") != std::string_view::npos ||
        w.find("uu") != std::string_view::npos || w.starts_with("sch") || w.ends_with("heid") ||
        w.ends_with("isch"))
        return 1;
    return 0;
}

int english_spelling(std::string_view w) {
    if (w.size() < 3) return 0;
    if (w.starts_with("wh") || w.starts_with("th") || w.find("ght") != std::string_view::npos ||
        w.ends_with("tion") || w.ends_with("tions") || (w.size() >= 5 && w.ends_with("ly")) ||
        w.ends_with("ness"))
        return 1;
    return 0;
}

// Enough to read a language from; a page's first few hundred words of content say it.
constexpr std::size_t kMaxBytes = 16 * 1024;
constexpr int kMaxWords = 400;
// Weights: a function word says most; spelling and the Dutch lexicon help short texts (titles),
// where function words are few. An unknown word leans English only a little: names and typos
// are unknown too.
constexpr int kFunctionWord = 4, kSpelling = 2, kLexiconWord = 2, kUnknownWord = 1;
constexpr int kSplitWords = 40;
constexpr int kLexiconWords = 80;

void weigh(const std::string& word, bool capitalised, LanguageEvidence& e) {
    ++e.words;
    if (const int list = function_word(word); list != 0) {
        (list == 1 ? e.dutch : e.english) += kFunctionWord;
        return;
    }
    const int nl = dutch_spelling(word), en = english_spelling(word);
    e.dutch += kSpelling * nl;
    e.english += kSpelling * en;
    // The lexicon is for short texts; in a long one the function words have spoken by then, and
    // a lookup for every word was most of the guess's cost (a cache miss each, perf on 20,000 pages).
    if (word.size() < 4 || nl + en > 0 || e.words > kLexiconWords) return;
    const CompoundSplitter& lexicon = CompoundSplitter::dutch();
    if (lexicon.lexicon_size() == 0) return;
    // Splitting costs more than a lookup: only the first words of a text, which is all a title has.
    if (lexicon.roles(word) != 0 || (e.words <= kSplitWords && !lexicon.split(word).empty()))
        e.dutch += kLexiconWord;
    else if (!capitalised)  // an unknown capitalised word is most often a name
        e.english += kUnknownWord;
}

}  // namespace

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

std::string LanguageEvidence::likely() const {
    if (dutch + english < kFunctionWord || dutch == english) return {};
    return dutch > english ? "nl" : "en";
}

bool LanguageEvidence::decisive() const {
    // At least three function words' worth of difference, and three times the other side.
    const int high = std::max(dutch, english), low = std::min(dutch, english);
    return high - low >= 3 * kFunctionWord && high >= 3 * low;
}

LanguageEvidence language_evidence(std::string_view text) {
    LanguageEvidence e;
    const std::size_t limit = std::min(text.size(), kMaxBytes);
    std::string word;
    for (std::size_t i = 0; i <= limit && e.words < kMaxWords; ++i) {
        const unsigned char c = i < limit ? static_cast<unsigned char>(text[i]) : ' ';
        // Letters, and the bytes of non-ASCII letters (é, ë, ï): fold_word reads them.
        if (static_cast<unsigned>((c | 0x20) - 'a') < 26u || c >= 0x80) {  // an ASCII letter, or part of another
            word += static_cast<char>(c);
            continue;
        }
        if (word.empty()) continue;
        if (word.size() <= 40) weigh(fold_word(word), word[0] >= 'A' && word[0] <= 'Z', e);
        word.clear();
    }
    return e;
}

std::string guess_language(std::string_view text) { return language_evidence(text).likely(); }

LanguageDecision decide_language(std::string_view declared, std::string_view text) {
    LanguageDecision d;
    const std::string lang = normalize_language(declared);
    if (ablated(Feature::Language)) {
        // Measurement only: metadata or Dutch, as if kb read no text.
        d.analysis = lang == "en" ? "en" : "nl";
        d.label = lang;
        return d;
    }
    if (lang == "nl" || lang == "en") {
        const LanguageEvidence e = language_evidence(text);
        const std::string guess = e.likely();
        d.analysis = d.label = lang;
        if (!guess.empty() && guess != lang && e.decisive()) {
            d.analysis = d.label = guess;
            d.overruled = true;
        }
        return d;
    }
    if (!lang.empty()) {
        // German, French, ...: labelled as declared, analysed with the default.
        d.analysis = "nl";
        d.label = lang;
        return d;
    }
    const std::string guess = guess_language(text);
    d.analysis = d.label = guess.empty() ? "nl" : guess;
    return d;
}

std::string_view analysis_of_label(std::string_view label) { return label == "en" ? "en" : "nl"; }

}  // namespace kb::analysis

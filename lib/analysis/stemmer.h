// The stemmers and stoppers of the languages the index analyses, and their recorded names.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <cstdint>
#include <vector>
#include <xapian.h>

namespace kb::analysis {

// The languages a document can be analysed in; the query side parses with each of them.
inline constexpr std::string_view kLanguages[] = {"nl", "en"};

// Collects the folded words a stemmer sees while `active`: the analyzer's vocabulary of one
// document, for compound parts and the spelling dictionary. A word is listed once per document
// by a mark in the stemmer's cache (no set to look it up in, for every word of the text); two
// spellings that fold alike (Vrouwen, vrouwen) are each listed, and distinct() joins them.
struct WordSink {
    bool active = false;
    std::uint64_t document = 0;  // which document the marks belong to
    std::vector<std::string> words;
    // Starts the list of the next document.
    void start() {
        words.clear();
        ++document;
        active = true;
    }
    // Sorts the list and drops the repeats.
    void distinct();
};

// A Xapian stemmer for "nl" (Porter's Dutch stemmer, with -ies plurals joined to -ie singulars)
// or "en" (Porter2 English). Any other code gets the Dutch one. Every word is folded (see
// folding.h) before it is stemmed, so all callers fold alike; `sink`, if given, collects them.
Xapian::Stem stemmer_for(std::string_view lang, WordSink* sink = nullptr);

// Index and queries both use stems only: every word becomes "Z" + its stem, with positions, so
// phrases and NEAR match across inflections and the index holds one term per word, not two.
inline constexpr auto kIndexStemming = Xapian::TermGenerator::STEM_ALL_Z;
inline constexpr auto kQueryStemming = Xapian::QueryParser::STEM_ALL_Z;
// The prefix Xapian puts before every stemmed term.
inline constexpr std::string_view kStemPrefix = "Z";
// The term a word is indexed and searched under: "Z" + its stem.
inline std::string stem_term(const Xapian::Stem& stemmer, const std::string& word) {
    std::string term(kStemPrefix);
    term += stemmer(word);
    return term;
}

// Whether a stemmed term belongs to a field ("Z" + the field's prefix, capitals, + the stem, as
// ZSgrot for title:grot) rather than to the free text: a stem is lower-cased, so it never starts
// with a capital.
inline bool is_field_stem(std::string_view term) {
    return term.size() > kStemPrefix.size() && term[kStemPrefix.size()] >= 'A' && term[kStemPrefix.size()] <= 'Z';
}

// A word's first letter when it is an ASCII letter, lowercased, and more letters follow; -1
// otherwise. (A word of one letter may become another, as v -> f.)
inline int ascii_start(std::string_view word) {
    if (word.size() < 2) return -1;
    const char c = word[0];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return -1;
    return static_cast<unsigned char>(c | 0x20);
}

// The words that may stem to one of some stems (or begin with one of some wildcards), told by
// how they begin. A stem keeps its word's beginning but for its last two letters at most
// (plannen -> plan, brieven -> brief, overheden -> overheid, financiele -> financieel, lying ->
// lie, tv -> tf): so a word that starts with ASCII letters can only meet a stem whose own start,
// all but its last two letters, it shares (keeps_stem_start, tested over the lexicon), but for
// what reading a verb form back to its infinitive changes: a participle's ge- goes (gesorteerd
// -> sorter), and the spelling of the stem's syllable may (see begins_like). A word whose
// beginning is not plain ASCII letters may meet any stem.
class StemStarts {
public:
    // Every word may.
    StemStarts() = default;
    StemStarts(const std::vector<std::string>& stems, const std::vector<std::string>& wildcards);
    // False only for a word whose beginning rules out every stem and wildcard.
    bool may_meet(std::string_view word) const {
        if (every_word_ || starts_like_a_key(word)) return true;
        if (word.size() < 3 || (word[0] | 0x20) != 'g') return false;
        // ge- written with an accent (géént, from enten) may fold to ge- as well.
        if (static_cast<unsigned char>(word[1]) >= 0x80) return true;
        return (word[1] | 0x20) == 'e' && starts_like_a_key(word.substr(2));
    }
    // False only when no word of two letters or more that starts with the character `first`
    // may meet (may_meet() is then false for all of them): so that a reader of a long text can
    // pass over such words without spelling them out.
    bool may_start_with(unsigned first) const {
        if (every_word_ || first >= 0x80) return true;
        const unsigned lower = first | 0x20;
        if (lower < 'a' || lower > 'z') return true;  // not a letter
        return lower == 'g' || starts_[lower];
    }
    // True when a stem starts otherwise (a digit, a folded letter): words of any start may meet it.
    bool every_word() const { return every_word_; }

private:
    // The longest start kept of a stem: longer ones rule out no more in practice.
    static constexpr std::size_t kLongestKey = 6;
    bool starts_like_a_key(std::string_view word) const {
        const int start = ascii_start(word);
        if (start < 0) return true;
        if (!starts_[static_cast<std::size_t>(start)]) return false;
        for (const auto& key : keys_)
            if (static_cast<unsigned char>(key[0]) == start && begins_like(word, key)) return true;
        return false;
    }
    // True unless `word` starts with ASCII letters that differ from `key` (its first letter
    // already matches). Read as a verb's infinitive spells it: a vowel the word doubles may be
    // single (eerde -> eren), f and s may be v and z (leefde -> leven), and a consonant may be
    // doubled (kust -> kussen).
    static bool begins_like(std::string_view word, std::string_view key) {
        auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        auto same = [](char w, char k) { return w == k || (w == 'f' && k == 'v') || (w == 's' && k == 'z'); };
        std::size_t i = 1, k = 1;
        while (k < key.size()) {
            if (i >= word.size() || !letter(word[i])) return true;
            const char c = static_cast<char>(word[i] | 0x20);
            if (same(c, key[k])) {
                ++i, ++k;
            } else if ((c == 'a' || c == 'e' || c == 'o' || c == 'u') && (word[i - 1] | 0x20) == c) {
                ++i;
            } else if (key[k] == key[k - 1]) {
                ++k;
            } else {
                return false;
            }
        }
        return true;
    }
    std::array<bool, 256> starts_{};
    std::vector<std::string> keys_;  // each stem's start, lowercase ASCII letters; a wildcard's first letter
    bool every_word_ = true;
};

// A stemmer for highlighting the stems `stems` (without the "Z"): a snippet stems every word of
// a hit's text, and most cannot meet a query stem. A word that StemStarts rules out gets an
// empty stem, unstemmed.
Xapian::Stem highlighting_stemmer(const Xapian::Stem& full, const std::vector<std::string>& stems);
// The property highlighting_stemmer relies on: true when `stem` may be the stem of `word`.
bool keeps_stem_start(std::string_view word, std::string_view stem);

// Stop words of one language. The index keeps every word, stop words too, so phrases such as
// "women of colour" match; each language's parse of a query drops its own stop words (an English
// query keeps "men", a Dutch one drops it).
const Xapian::Stopper& stopper_for(std::string_view lang);
// Stop words of every language, for choosing which words a snippet highlights.
const Xapian::Stopper& all_stop_words();

// A description of the analysis, stored in the index and checked on open; it changes whenever
// a change in analysis would make old and new terms disagree.
std::string analysis_signature();

}  // namespace kb::analysis

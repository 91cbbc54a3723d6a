// Splits Dutch compounds into the words they are made of, driven by a lexicon: Debian's
// hunspell-nl word list, whose flags say which words may begin a compound (and with which
// linking element) and which may end one. vredesonderhandelingen -> vrede + onderhandelingen.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

class CompoundSplitter {
public:
    // Where Debian's hunspell-nl puts its word list.
    static constexpr std::string_view kDefaultLexicon = "/usr/share/hunspell/nl.dic";
    // Shorter words are never split (two parts of at least four letters each): callers skip
    // them before any lookup, which is most words of a text.
    static constexpr std::size_t kShortestCompound = 8;
    // The size of the lexicon's Bloom filter (see Table), in 64-bit words; the cache file holds it.
    static constexpr std::size_t kFilterWords = std::size_t{1} << 15;

    // What the lexicon says a word may be in a compound.
    enum Role : std::uint16_t {
        kBegins = 1,            // as it is: gender-, actie-
        kBeginsWithS = 2,       // with a linking s: vredes-, gezins-
        kBeginsWithEn = 4,      // in its -en plural: vrouwen-, mensen-
        kEnds = 8,              // as the last part: -geweld, -organisatie
        kNoun = 16,             // has a plural: the lexicon's compound flags miss some nouns (kamer-, -stelling)
        kKnown = 32,            // any word of the lexicon
        kOnlyInCompound = 64,   // a form that occurs only inside compounds: kinder-, zonne-
        kPluralS = 128,         // a noun whose plural adds -s: kamer, film, ziekte
        kDiminutive = 256,      // has a diminutive in -je (kop, kopje), which the lexicon does not list
        kAdjective = 512,       // an adjective: financieel, groot
        kVerbStem = 1024,       // a verb's stem, which takes -t and a past tense: werk, kopieer
        kInfinitive = 2048,     // a verb's infinitive: werken, kopiëren
        kParticiple = 4096,     // a past participle with a regular -d or -t: gewerkt, hernoemd
    };

    // The splitter over the lexicon at kDefaultLexicon, loaded once on first use. Without the
    // lexicon it splits nothing (the analysis signature then differs, so the index says so).
    static const CompoundSplitter& dutch();

    // Loads a hunspell .dic file (with the flags of Debian's nl.aff). A file that cannot be read
    // gives an empty lexicon.
    static CompoundSplitter from_file(const std::string& path);
    // A splitter over the given words (folded) and their roles, for tests.
    static CompoundSplitter from_words(const std::vector<std::pair<std::string, std::uint16_t>>& words);

    // The parts of a folded word, or nothing when it is not a compound. The head of each split
    // is given as its lexicon word (vredes -> vrede, vrouwen -> vrouw), the tail as written, so
    // it keeps its inflection for the stemmer; longer compounds give their two main parts and
    // then the parts of those (mensenrechtenverdedigers -> mensenrechten, verdedigers, mens, rechten).
    // Safe to call from several threads at once; a word split before is answered from SplitCache.
    std::vector<std::string> split(std::string_view word) const;

    std::size_t lexicon_size() const { return count_; }

    // The roles of a folded word (0 when the lexicon does not know it): for the stemmer, which
    // asks whether a word ending in -s is a plural.
    std::uint16_t roles(std::string_view word) const;

private:
    bool begins(std::string_view word) const;
    bool ends(std::string_view word) const;
    bool takes_linking_s(std::string_view word) const;
    // `part` as the head of a compound: the lexicon word it is, or "".
    std::string head_lemma(std::string_view part, int depth) const;
    // The word that a head listed only as a compound form (kinder, dieren) stands for, or "".
    std::string linked_lemma(std::string_view part, bool only_in_compound) const;
    // True when `part` is an inflection or diminutive of a word that may end a compound.
    bool inflected_tail(std::string_view part) const;
    bool tail_ok(std::string_view part, int depth) const;
    // The uncached work behind head_lemma and tail_ok.
    std::string find_head_lemma(std::string_view part, int depth) const;
    bool find_tail(std::string_view part, int depth) const;
    void split_into(std::string_view word, int depth, std::vector<std::string>& out) const;

    // The lexicon: its words (the .dic's text, then the entries that folding changed) and a
    // hash table of open addressing over them. Built in one pass, with no sort (nl.dic is not
    // in byte order) and no allocation per word; a lookup costs one hash and about one
    // comparison, where a binary search over 180,000 words cost eighteen. The table is saved
    // in the user's cache (lexicon_cache.h) and mapped from there at the next start.
    struct Slot {
        std::uint32_t offset = 0;  // into the words
        std::uint16_t length = 0;  // 0: an empty slot
        std::uint16_t roles = 0;
    };
    static_assert(sizeof(Slot) == 8, "the cache file's filter follows the slots, 8-byte aligned");
    // A Bloom filter over the lexicon's words, two bits per word, 256 KB: the splitter and the
    // stemmer ask mostly for words the lexicon does not have (each cut of a word, each lemma an
    // ending may hide), and the filter answers most of those from the processor's cache, where
    // the table, 4 MB, cost a cache miss each (a third of splitting, perf on 20,000 pages).
    struct Table {
        std::string words;
        std::vector<Slot> slots;  // a power of two in size, at most half full
        std::vector<std::uint64_t> filter;  // kFilterWords
        std::size_t count = 0;
        // Sizes the empty table for up to `entries` words.
        void make(std::size_t entries);
        // Adds roles to `word`, which is words[offset, offset + length).
        void insert(std::uint32_t offset, std::uint16_t length, std::uint16_t roles);
    };
    void adopt(std::shared_ptr<const Table> table);
    // The splits already made, shared by every thread that uses this splitter: a split costs some
    // 45,000 instructions on average, and each indexing thread would otherwise split every word
    // it meets again. A copy of the splitter shares it, as it shares the lexicon.
    struct SplitCache;
    static std::shared_ptr<SplitCache> new_split_cache();
    std::shared_ptr<SplitCache> splits_ = new_split_cache();
    // The words and slots looked up, in a Table or a mapped cache file that storage_ keeps alive.
    std::shared_ptr<const void> storage_;
    const char* words_ = nullptr;
    std::size_t words_size_ = 0;
    const Slot* slots_ = nullptr;
    std::size_t slot_count_ = 0;
    const std::uint64_t* filter_ = nullptr;  // kFilterWords, or none
    std::size_t count_ = 0;

    friend class LexiconCache;
};

}  // namespace kb::analysis

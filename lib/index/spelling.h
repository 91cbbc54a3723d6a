// The index's spelling dictionary (Xapian's spelling table), kept equal to the words of the
// documents it holds: each document adds its distinct words once and takes them out when it goes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <xapian.h>

namespace kb {

// The dictionary changes of a batch, summed per word, and handed to Xapian just before the
// commit. Xapian buffers them too, but in a std::map that every document visits once per
// distinct word: calling it per document cost a fifth of an HTML import's time (perf, 3,000
// pages). Summed here, each word of a batch reaches Xapian once. The sum is exact: adds and
// removals of one word commute, and a removal never exceeds what was added before it.
class SpellingChanges {
public:
    // A document's words, one per line (PreparedDocument::spelling_words): +1 each.
    void add(std::string_view words);
    // The same words, -1 each: the document is being replaced or removed.
    void remove(std::string_view words);
    // Applies the changes to `db` (before its commit) and starts over.
    void apply(Xapian::WritableDatabase& db);
    // Moves every change into parts[k], k chosen by the word, summed with what is there: so
    // that several threads can each write a share of the words.
    void distribute(std::vector<SpellingChanges>& parts);
    // Applies the additions only (to a new database, where a removal has nothing to take
    // from) and keeps the removals for a later apply().
    void apply_additions(Xapian::WritableDatabase& db);
    // The number of distinct words changed, for a bound on memory.
    std::size_t size() const { return count_; }

private:
    // Counted for every word of every document, in the writer's thread: a flat table of
    // open addressing over one string of words, where a node map allocated a string per word
    // of each document and missed the cache twice per lookup (a tenth of an import's CPU).
    struct Entry {
        std::uint64_t hash = 0;
        std::uint32_t offset = 0, length = 0;  // into words_; length 0: empty
        std::int64_t delta = 0;
    };
    void change(std::string_view word, std::int64_t by);
    void grow();
    std::string_view word_of(const Entry& e) const { return std::string_view(words_).substr(e.offset, e.length); }
    // The changed words, sorted: Xapian files a word's fragments faster in order (a third less
    // time than in hash order, measured on 67,000 words).
    std::vector<const Entry*> sorted_changes() const;
    void clear();

    std::vector<Entry> table_;  // a power of two in size, at most half full
    std::string words_;
    std::size_t count_ = 0;
};

}  // namespace kb

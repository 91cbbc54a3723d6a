// The index's spelling dictionary (Xapian's spelling table), kept equal to the words of the
// documents it holds: each document adds its distinct words once and takes them out when it goes.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
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
    // The words a prepared or stored document lists (schema::kSpellingSlot): +1 each.
    void add(const Xapian::Document& doc);
    // The same words, -1 each: the document is being replaced or removed.
    void remove(const Xapian::Document& doc);
    // Applies the changes to `db` (before its commit) and starts over.
    void apply(Xapian::WritableDatabase& db);
    // Moves every change into parts[k], k chosen by the word, summed with what is there: so
    // that several threads can each write a share of the words.
    void distribute(std::vector<SpellingChanges>& parts);
    // Applies the additions only (to a new database, where a removal has nothing to take
    // from) and keeps the removals for a later apply().
    void apply_additions(Xapian::WritableDatabase& db);
    // The number of distinct words changed, for a bound on memory.
    std::size_t size() const { return delta_.size(); }

private:
    std::unordered_map<std::string, std::int64_t> delta_;
};

}  // namespace kb

#include "index/spelling.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "error.h"
#include "text/hash.h"

namespace kb {

namespace {

template <typename Visit>
void for_each_word(std::string_view words, Visit visit) {
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = words.find('\n', start);
        if (end == std::string_view::npos) end = words.size();
        if (end > start) visit(words.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

void SpellingChanges::add(std::string_view words) {
    for_each_word(words, [&](std::string_view word) { change(word, 1); });
}

void SpellingChanges::remove(std::string_view words) {
    for_each_word(words, [&](std::string_view word) { change(word, -1); });
}

void SpellingChanges::change(std::string_view word, std::int64_t by) {
    if (word.empty() || word.size() > std::numeric_limits<std::uint32_t>::max()) return;
    if (2 * (count_ + 1) > table_.size()) grow();
    const std::uint64_t hash = text::fnv1a64(word);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = (hash ^ (hash >> 29)) & mask;; i = (i + 1) & mask) {
        Entry& e = table_[i];
        if (e.length == 0) {
            if (words_.size() + word.size() > std::numeric_limits<std::uint32_t>::max())
                throw IndexError("the spelling changes of one build exceed 4 GB of words");
            e = Entry{hash, static_cast<std::uint32_t>(words_.size()), static_cast<std::uint32_t>(word.size()), by};
            words_.append(word);
            ++count_;
            return;
        }
        if (e.hash == hash && e.length == word.size() && word_of(e) == word) {
            e.delta += by;
            return;
        }
    }
}

void SpellingChanges::grow() {
    std::vector<Entry> old;
    old.swap(table_);
    table_.assign(std::max<std::size_t>(1024, old.size() * 2), Entry{});
    const std::size_t mask = table_.size() - 1;
    for (const Entry& e : old) {
        if (e.length == 0) continue;
        std::size_t i = (e.hash ^ (e.hash >> 29)) & mask;
        while (table_[i].length != 0) i = (i + 1) & mask;
        table_[i] = e;
    }
}

void SpellingChanges::clear() {
    table_.clear();
    table_.shrink_to_fit();
    words_.clear();
    words_.shrink_to_fit();
    count_ = 0;
}

std::vector<const SpellingChanges::Entry*> SpellingChanges::sorted_changes() const {
    std::vector<const Entry*> out;
    out.reserve(count_);
    for (const Entry& e : table_)
        if (e.length != 0 && e.delta != 0) out.push_back(&e);
    std::sort(out.begin(), out.end(), [this](const Entry* a, const Entry* b) { return word_of(*a) < word_of(*b); });
    return out;
}

void SpellingChanges::distribute(std::vector<SpellingChanges>& parts) {
    if (parts.empty()) return;
    for (const Entry& e : table_)
        if (e.length != 0 && e.delta != 0) parts[e.hash % parts.size()].change(word_of(e), e.delta);
    clear();
}

void SpellingChanges::apply_additions(Xapian::WritableDatabase& db) {
    SpellingChanges removals;
    for (const Entry* e : sorted_changes()) {
        if (e->delta > 0) db.add_spelling(std::string(word_of(*e)), static_cast<Xapian::termcount>(e->delta));
        else removals.change(word_of(*e), e->delta);
    }
    *this = std::move(removals);
}

void SpellingChanges::apply(Xapian::WritableDatabase& db) {
    for (const Entry* e : sorted_changes()) {
        const std::string word(word_of(*e));
        if (e->delta > 0) db.add_spelling(word, static_cast<Xapian::termcount>(e->delta));
        else db.remove_spelling(word, static_cast<Xapian::termcount>(-e->delta));
    }
    clear();
}

}  // namespace kb

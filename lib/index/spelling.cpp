#include "index/spelling.h"

#include <string_view>

#include "index/schema.h"

namespace kb {

namespace {

template <typename Visit>
void for_each_word(const Xapian::Document& doc, Visit visit) {
    const std::string words = doc.get_value(schema::kSpellingSlot);
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = words.find('\n', start);
        if (end == std::string::npos) end = words.size();
        if (end > start) visit(std::string_view(words).substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

void SpellingChanges::add(const Xapian::Document& doc) {
    for_each_word(doc, [&](std::string_view word) { ++delta_[std::string(word)]; });
}

void SpellingChanges::remove(const Xapian::Document& doc) {
    for_each_word(doc, [&](std::string_view word) { --delta_[std::string(word)]; });
}

void SpellingChanges::distribute(std::vector<SpellingChanges>& parts) {
    if (parts.empty()) return;
    for (auto& [word, change] : delta_) {
        if (change == 0) continue;
        parts[std::hash<std::string>{}(word) % parts.size()].delta_[word] += change;
    }
    delta_.clear();
}

void SpellingChanges::apply_additions(Xapian::WritableDatabase& db) {
    for (auto it = delta_.begin(); it != delta_.end();) {
        if (it->second > 0) {
            db.add_spelling(it->first, static_cast<Xapian::termcount>(it->second));
            it = delta_.erase(it);
        } else {
            ++it;
        }
    }
}

void SpellingChanges::apply(Xapian::WritableDatabase& db) {
    for (const auto& [word, change] : delta_) {
        if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
        else if (change < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
    }
    delta_.clear();
}

}  // namespace kb

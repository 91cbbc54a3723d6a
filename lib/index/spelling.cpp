#include "index/spelling.h"

#include <string>
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
        if (end > start) visit(words.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

void add_spelling_words(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for_each_word(doc, [&](const std::string& word) { db.add_spelling(word, 1); });
}

void remove_spelling_words(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for_each_word(doc, [&](const std::string& word) { db.remove_spelling(word, 1); });
}

}  // namespace kb

// What the snippet finder is checked against, in the unit tests and the fuzz target: the words
// of a text in order, as Xapian's term generator makes them (unstemmed, lower-cased), and small
// in-memory indexes to weigh a query's words in.
#pragma once
#include <map>
#include <string>
#include <vector>
#include <xapian.h>

namespace kb::testing {

inline std::vector<std::string> xapian_words(const std::string& text) {
    Xapian::TermGenerator generator;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    std::map<Xapian::termpos, std::string> by_position;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) by_position[*p] = *t;
    std::vector<std::string> words;
    for (const auto& [position, word] : by_position) words.push_back(word);
    return words;
}

// Adds each text to `db` as a document, its words stemmed into Z terms as kb indexes them.
inline void index_texts(Xapian::WritableDatabase& db, const std::vector<std::string>& texts, const Xapian::Stem& stemmer) {
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    for (const auto& text : texts) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(text);
        db.add_document(doc);
    }
}

}  // namespace kb::testing

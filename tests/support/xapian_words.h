// The reference the snippet finder's words are checked against, in the unit tests and the fuzz
// target: the words of a text in order, as Xapian's term generator makes them (unstemmed,
// lower-cased).
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

}  // namespace kb::testing

#include "index/duplicates.h"

#include <fmt/format.h>
#include <vector>

#include "index/schema.h"
#include "text/hash.h"

namespace kb {

std::string duplicate_term(const std::string& key) {
    if (key.empty()) return {};
    return fmt::format("{}{:016x}", schema::kDuplicatePrefix, text::fnv1a64(key));
}

std::string collapse_key(const std::string& duplicate_term) {
    return duplicate_term.substr(schema::kDuplicatePrefix.size());
}

namespace {

void give_key(Xapian::WritableDatabase& db, Xapian::docid id, const std::string& key) {
    Xapian::Document doc = db.get_document(id);
    if (doc.get_value(schema::kDuplicateSlot) == key) return;
    doc.add_value(schema::kDuplicateSlot, key);
    db.replace_document(id, doc);  // the terms are untouched: Xapian rewrites the values alone
}

// Every document of a group of two or more.
void give_key_to_group(Xapian::WritableDatabase& db, const std::string& term) {
    const std::string key = collapse_key(term);
    // Read first, then write: a replaced document must not move under an open posting list.
    std::vector<Xapian::docid> ids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
    for (const Xapian::docid id : ids) give_key(db, id, key);
}

}  // namespace

void mark_shared_duplicates(Xapian::WritableDatabase& db, const std::string& term, Xapian::docid written) {
    if (term.empty()) return;
    const Xapian::doccount group = db.get_termfreq(term);
    if (group < 2) return;
    if (group == 2) give_key_to_group(db, term);  // the first of the two has no key yet
    else give_key(db, written, collapse_key(term));
}

void mark_all_shared_duplicates(Xapian::WritableDatabase& db) {
    const std::string prefix(schema::kDuplicatePrefix);
    std::vector<std::string> shared;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
        if (it.get_termfreq() >= 2) shared.push_back(*it);
    for (const auto& term : shared) give_key_to_group(db, term);
}

}  // namespace kb

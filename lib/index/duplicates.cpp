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

void mark_shared_duplicates(Xapian::WritableDatabase& db, const std::string& term) {
    if (term.empty() || db.get_termfreq(term) < 2) return;
    const std::string key = term.substr(schema::kDuplicatePrefix.size());
    // Read first, then write: a replaced document must not move under an open posting list.
    std::vector<Xapian::docid> ids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
    for (const Xapian::docid id : ids) {
        Xapian::Document doc = db.get_document(id);
        if (doc.get_value(schema::kDuplicateSlot) == key) continue;
        doc.add_value(schema::kDuplicateSlot, key);
        db.replace_document(id, doc);  // the terms are untouched: Xapian rewrites the values alone
    }
}

void mark_all_shared_duplicates(Xapian::WritableDatabase& db) {
    const std::string prefix(schema::kDuplicatePrefix);
    std::vector<std::string> shared;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
        if (it.get_termfreq() >= 2) shared.push_back(*it);
    for (const auto& term : shared) mark_shared_duplicates(db, term);
}

}  // namespace kb

// Near-duplicates: which documents carry a collapse key (schema::kDuplicateSlot).
//
// Every document with a duplicate_key gets a kDuplicatePrefix term. Only the documents whose term
// another document has too get the key as a value: Xapian reads the collapse key of every
// candidate of a collapsed search, and with a key on every document that was most of the block
// reads of a search for several words (a three-word search at 100,000 documents: 876 reads, 178
// without collapsing). A document with no value is never collapsed, which is right for one that
// has no near-duplicate; a key left behind when its partner goes collapses nothing. A search over
// several indexes collapses on schema::kEveryDuplicateSlot instead, which every document has.
#pragma once
#include <string>
#include <xapian.h>

namespace kb {

// The kDuplicatePrefix term of a duplicate_key ("" for ""): the key hashed, so URLs of any length fit.
std::string duplicate_term(const std::string& key);
// The value collapsing compares (kDuplicateSlot, kEveryDuplicateSlot): the term without its prefix.
std::string collapse_key(const std::string& duplicate_term);

// Gives the collapse key to the documents that have `term` when more than one does. Called by a
// writer after each document it adds or replaces (`written`), before the commit, so the key
// lands with it. Of a group of three or more, every document but `written` has the key already
// (it was given when the group had two), so only `written` is read: a thousand pages that share
// one canonical URL cost a thousand reads, not half a million.
void mark_shared_duplicates(Xapian::WritableDatabase& db, const std::string& term, Xapian::docid written);

// The same for every kDuplicatePrefix term of the database: for a build whose shards could not
// see each other's documents.
void mark_all_shared_duplicates(Xapian::WritableDatabase& db);

}  // namespace kb

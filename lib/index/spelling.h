// The index's spelling dictionary (Xapian's spelling table), kept equal to the words of the
// documents it holds: each document adds its distinct words once and takes them out when it goes.
#pragma once
#include <xapian.h>

namespace kb {

// Adds the words a prepared or stored document lists (schema::kSpellingSlot) to the dictionary.
void add_spelling_words(Xapian::WritableDatabase& db, const Xapian::Document& doc);
// Takes them out again: the document is being replaced or removed.
void remove_spelling_words(Xapian::WritableDatabase& db, const Xapian::Document& doc);

}  // namespace kb

// Turns a Document into the Xapian document the index stores: terms, values and the record.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include "analysis/stemmer.h"

#include "document.h"

namespace kb {

// A document analysed and ready for the single writer; built on any thread.
struct PreparedDocument {
    std::string id_term;
    std::string source_term;
    std::string hash;
    Xapian::Document xapian;
    // The distinct words the spelling dictionary counts, one per line. Not stored: kept in a
    // value, they made an import 15% slower (20,000 pages); a document that goes has its
    // words found again from its record (DocumentAnalyzer::spelling_words).
    std::string spelling_words;
    // The document's kDuplicatePrefix term ("" if none): the writer gives the document its
    // collapse key when another document has the term too (index/duplicates.h).
    std::string duplicate_term;
};

// Not thread-safe: give each worker thread its own.
class DocumentAnalyzer {
public:
    DocumentAnalyzer();
    // Fills doc.lang when it was not declared, then builds terms, values and the stored record.
    // `file_signature` ("size:mtime") lets a later run skip the unchanged file without reading it.
    PreparedDocument prepare(Document& doc, const std::string& file_signature = {});
    // The words a stored document gave the spelling dictionary, to take them out when it is
    // replaced or removed: what prepare() found, found again from the stored record (indexes
    // an earlier kb wrote list them in schema::kSpellingSlot, which is read instead).
    std::string spelling_words(const Xapian::Document& stored);

private:
    // Indexes every text field into `x` in the table's order, collecting the words as it goes.
    void index_text_fields(const Document& doc, Xapian::Document& x, const Xapian::Stem& stemmer);
    // The collected words the dictionary takes, sorted, one per line.
    std::string collected_spelling_words() const;
    // Adds the parts of the document's compounds at the compounds' positions.
    void add_compound_parts(Xapian::Document& x, const Xapian::Stem& stemmer);

    Xapian::TermGenerator generator_;
    analysis::WordSink words_;
    // Kept for the analyzer's life, so their caches of stems last across documents.
    Xapian::Stem dutch_, english_;
};

// Gives a prepared document another id (a page whose canonical URL another file of the run
// already claimed keeps its path id instead).
void reassign_id(PreparedDocument& doc, const std::string& new_id);

// The record (JSON) stored in a Xapian document, and the Document it holds.
std::string stored_record(const Xapian::Document& xdoc);
Document stored_document(const Xapian::Document& xdoc);

// What makes two documents one story in search results: "url:" + the canonical URL when the
// document has one (the same page saved twice, linked as http and https, with and without www),
// else "text:" + a hash of its title, summary and body with case and whitespace aside (a press
// release filed three times); "" for a document with neither, which is never collapsed.
std::string duplicate_key(const Document& doc);

}  // namespace kb

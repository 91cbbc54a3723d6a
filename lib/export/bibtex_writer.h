// Writes Documents as BibTeX entries (for BibTeX, biber/biblatex, JabRef, Zotero).
//
// Text is written as UTF-8, accents included, not as TeX accent macros: biber and bibtexparser
// read UTF-8 as it is, and a macro like {\"e} would have to be undone by every other reader.
// The characters TeX treats as commands (\ { } % & $ # _ ~ ^) are escaped in text fields; URLs
// and DOIs are written as they are (url and doi fields are read verbatim), with braces
// percent-encoded so that an entry's braces always balance.
#pragma once
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "export/document_writer.h"

namespace kb {

class BibtexWriter : public DocumentWriter {
public:
    explicit BibtexWriter(std::ostream& out) : out_(out) {}
    void write(const Document& doc) override;

    // A text value with TeX's special characters escaped.
    static std::string escape(std::string_view text);
    // A citation key made from a document id: letters, digits and - _ : . / kept, anything else
    // (spaces, commas, braces, accents) as -, with a short hash when that changed the id.
    static std::string citation_key(std::string_view id);

private:
    std::ostream& out_;
    std::set<std::string> keys_;  // keys already used, to keep every key unique
};

}  // namespace kb

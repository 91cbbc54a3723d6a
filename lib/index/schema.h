// The one place that spells every Xapian term prefix, value slot and metadata key of the index.
#pragma once
#include <string>
#include <string_view>
#include <xapian.h>

namespace kb::schema {

// Bumped whenever terms, values or the stored record change incompatibly.
// 2: the record moved from the document data to kRecordSlot. 3: tags and authors in value slots
// (for facets), no year terms (years are ranges over kDateSlot), kUrlPrefix terms (kb show by URL).
// 4: kDuplicatePrefix terms; kDuplicateSlot only on documents whose key another document shares,
// kEveryDuplicateSlot on all.
inline constexpr int kFormatVersion = 4;

// Term prefixes (Omega's conventions where one exists; our own start with X). Only the field
// table below and the id, source and analysis helpers use them.
inline constexpr std::string_view kIdPrefix = "Q";        // unique id (boolean)
inline constexpr std::string_view kTitlePrefix = "S";     // title words (probabilistic)
inline constexpr std::string_view kAuthorPrefix = "A";    // author words (probabilistic)
inline constexpr std::string_view kTagPrefix = "K";       // whole tag, lowercased (boolean)
inline constexpr std::string_view kLangPrefix = "L";      // language code (boolean)
inline constexpr std::string_view kTypePrefix = "XTYPE";  // document type, lowercased (boolean)
inline constexpr std::string_view kFormatPrefix = "XFMT"; // html | xml | json | jsonl (boolean)
inline constexpr std::string_view kSourcePrefix = "XSRC"; // source file path, exact, for prune and rebuild
inline constexpr std::string_view kAnalysisPrefix = "XAN"; // language the document was analysed in
inline constexpr std::string_view kUrlPrefix = "U";       // canonical URL (text/url.h), for kb show URL
inline constexpr std::string_view kDuplicatePrefix = "XDUP"; // near-duplicate key, hashed (index/duplicates.h)

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;     // YYYYMMDD string (DateRangeProcessor wants that)
// Slot 1 held the year (format 2); years are now read from kDateSlot.
inline constexpr Xapian::valueno kFormatSlot = 2;   // format name, for facets
inline constexpr Xapian::valueno kLangSlot = 3;     // language code, for facets
inline constexpr Xapian::valueno kTypeSlot = 4;     // document type, for facets
inline constexpr Xapian::valueno kHashSlot = 5;     // content hash, to skip unchanged documents
inline constexpr Xapian::valueno kFileSlot = 6;     // "size:mtime_ns" of the source file
inline constexpr Xapian::valueno kIndexedSlot = 7;  // when it was indexed, ISO 8601 UTC
inline constexpr Xapian::valueno kRunOptionsSlot = 8;  // JSON: the add options (format, tags, ...) to redo it
// The whole record as JSON, for show, export, snippets and rebuild. A value, not the document
// data: Xapian compresses document data with zlib on every write, which was 13% of the work of
// a JSON Lines import, and values are stored as they are (the index grew 12%).
inline constexpr Xapian::valueno kRecordSlot = 9;
// The document's distinct words (folded, newline-separated): what it added to the index's
// spelling dictionary, to take out again when the document is replaced or removed. Written by
// earlier kb versions only, and still read from their documents; kb now finds the words again
// from the record (DocumentAnalyzer::spelling_words), which made imports 15% faster.
inline constexpr Xapian::valueno kSpellingSlot = 10;
// Several-valued fields, for facets: the values joined by kListSeparator.
inline constexpr Xapian::valueno kTagsSlot = 11;     // tags, folded as tag: matches them
inline constexpr Xapian::valueno kAuthorsSlot = 12;  // authors as written
inline constexpr char kListSeparator = '\n';
// Equal for documents that tell one story (duplicate_key in index/analyzer.h): a search shows
// one of them, with a count of the others (Enquire::set_collapse_key). Set only on documents
// whose kDuplicatePrefix term another document has too (index/duplicates.h): collapsing reads
// the key of every candidate, and a key on every document made that most of a three-word
// search's block reads.
inline constexpr Xapian::valueno kDuplicateSlot = 13;
// The same key on every document that has one: a search over several indexes collapses on it,
// for a copy may sit in another index, where no writer could see it.
inline constexpr Xapian::valueno kEveryDuplicateSlot = 15;
// Every facet of the document in one value (index/facet_values.h): counting facets reads it
// alone. Documents indexed before it existed have none and are counted from the slots above.
inline constexpr Xapian::valueno kFacetsSlot = 14;
inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

// Metadata keys.
inline constexpr std::string_view kFormatVersionKey = "kb.format_version";
inline constexpr std::string_view kAnalysisKey = "kb.analysis";
inline constexpr std::string_view kLastUpdateKey = "kb.last_update";
// One entry per source (folder, named file, stream) with the options it was added with:
// "kb.source:<kind>:<path>" -> JSON (see index/sources.h).
inline constexpr std::string_view kSourceKeyPrefix = "kb.source:";
// Before the source table: one JSON list of the folders added. Read, never written.
inline constexpr std::string_view kLegacyRootsKey = "kb.roots";
// Written into every database kb creates, so kb only ever deletes databases of its own.
inline constexpr std::string_view kOwnerKey = "kb.created_by";

// The field table: every field of a document, its names in queries (English and Dutch), how it
// is indexed and searched, and what it is counted by. The analyzer, the query builder, the search
// options' filters, the facets and `kb stats` all read it; nothing else spells a prefix or slot.
enum class FieldKind : unsigned char {
    Identity,  // the unique id term (not a query field)
    Text,      // weighted words; with a prefix, also searchable on their own (title:word)
    Filter,    // exact values (type:report); repeated filters on a single-valued field mean any
    Both,      // exact values as a filter, and their words in the free text (tags)
    Date,      // a value slot searched by periods and ranges (year:2015..2019, date:2019-03)
    Stored,    // kept in the record only (not searchable by name)
};

// How a field's values are written into its value slot, and so shown as facets.
enum class FacetForm : unsigned char {
    None,       // no facet
    Lowercase,  // "Report" counts as "report"
    Folded,     // as the filter matches it: "NAP 1325" counts as "nap1325"
    AsWritten,  // authors: "Cordaid" stays "Cordaid"
    Year,       // the year of the date slot
};

struct Field {
    std::string_view name;   // English query name, and the key of its facet and statistics
    std::string_view dutch;  // Dutch query name
    std::string_view prefix; // term prefix ("" for none)
    FieldKind kind;
    bool multiple;               // several values per document (repeated filters then mean all)
    Xapian::termcount weight;    // wdf of its words in the free text (0: not in the free text)
    Xapian::valueno slot;        // value slot (kNoSlot for none)
    FacetForm facet;
    bool exact_case;             // values keep their case (file paths)
};

// In the order the analyzer indexes the text, so positions (and phrases) stay as they were.
inline constexpr Field kFields[] = {
    // name      dutch           prefix          kind                multi  wdf slot          facet
    {"id", "id", kIdPrefix, FieldKind::Identity, false, 0, kNoSlot, FacetForm::None, true},
    {"title", "titel", kTitlePrefix, FieldKind::Text, false, 3, kNoSlot, FacetForm::None, false},
    {"summary", "samenvatting", "", FieldKind::Text, false, 2, kNoSlot, FacetForm::None, false},
    {"author", "auteur", kAuthorPrefix, FieldKind::Text, true, 1, kAuthorsSlot, FacetForm::AsWritten, false},
    {"tag", "trefwoord", kTagPrefix, FieldKind::Both, true, 1, kTagsSlot, FacetForm::Folded, false},
    {"body", "tekst", "", FieldKind::Text, false, 1, kNoSlot, FacetForm::None, false},
    {"type", "soort", kTypePrefix, FieldKind::Filter, false, 0, kTypeSlot, FacetForm::Lowercase, false},
    {"lang", "taal", kLangPrefix, FieldKind::Filter, false, 0, kLangSlot, FacetForm::Lowercase, false},
    {"format", "formaat", kFormatPrefix, FieldKind::Filter, false, 0, kFormatSlot, FacetForm::Lowercase, false},
    {"source", "bron", kSourcePrefix, FieldKind::Filter, false, 0, kNoSlot, FacetForm::None, true},
    {"year", "jaar", "", FieldKind::Date, false, 0, kDateSlot, FacetForm::Year, false},
    {"date", "datum", "", FieldKind::Date, false, 0, kDateSlot, FacetForm::None, false},
    {"url", "url", "", FieldKind::Stored, false, 0, kNoSlot, FacetForm::None, true},
};

// The field a query may name (English or Dutch, as typed in lowercase); nullptr for none.
const Field* query_field(std::string_view name);
// The field of this English name; the table must hold it.
const Field& field(std::string_view name);
// True when `name:` in a query names a field (Identity, Stored and prefixless text are not).
bool is_query_field(const Field& f);

// The term for a document id; ids too long for a Xapian term are hashed.
std::string id_term(std::string_view id);
// The term for a web address, in its canonical spelling; "" when it is not an http(s) URL.
std::string url_term(std::string_view url);
// A boolean term: prefix + normalised value; long values are hashed so the term stays under
// Xapian's 245-byte limit. Tags, types and the like are folded to lowercase letters and digits
// ("NAP 1325", "nap-1325" and "nap1325" are one tag); sources are kept exactly.
std::string boolean_term(std::string_view prefix, std::string_view value);
// The normalised form of a filter value, as boolean_term stores it.
std::string filter_value(std::string_view prefix, std::string_view value);

}  // namespace kb::schema

// The one place that spells every Xapian term prefix, value slot and metadata key of the index.
#pragma once
#include <string>
#include <string_view>
#include <xapian.h>

namespace kb::schema {

// Bumped whenever terms, values or the stored record change incompatibly.
// 2: the record moved from the document data to kRecordSlot; 3: kUrlPrefix terms (kb show by URL)
inline constexpr int kFormatVersion = 3;

// Term prefixes (Omega's conventions where one exists; our own start with X).
inline constexpr std::string_view kIdPrefix = "Q";        // unique id (boolean)
inline constexpr std::string_view kTitlePrefix = "S";     // title words (probabilistic)
inline constexpr std::string_view kAuthorPrefix = "A";    // author words (probabilistic)
inline constexpr std::string_view kTagPrefix = "K";       // whole tag, lowercased (boolean)
inline constexpr std::string_view kLangPrefix = "L";      // language code (boolean)
inline constexpr std::string_view kTypePrefix = "XTYPE";  // document type, lowercased (boolean)
inline constexpr std::string_view kFormatPrefix = "XFMT"; // html | xml | json | jsonl (boolean)
inline constexpr std::string_view kYearPrefix = "Y";      // publication year (boolean)
inline constexpr std::string_view kSourcePrefix = "XSRC"; // source file path, exact, for prune and rebuild
inline constexpr std::string_view kAnalysisPrefix = "XAN"; // language the document was analysed in
inline constexpr std::string_view kUrlPrefix = "U";       // canonical URL (text/url.h), for kb show URL

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;     // YYYYMMDD string (DateRangeProcessor wants that)
inline constexpr Xapian::valueno kYearSlot = 1;     // sortable_serialise(year)
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
// spelling dictionary, to take out again when the document is replaced or removed.
inline constexpr Xapian::valueno kSpellingSlot = 10;

// How much a word in each field counts, relative to one in the body.
inline constexpr Xapian::termcount kTitleWeight = 3;
inline constexpr Xapian::termcount kSummaryWeight = 2;

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

// A field name a user may type before a colon, and the prefix it maps to.
struct QueryField {
    std::string_view name;
    std::string_view prefix;
    bool boolean;  // a filter (exact value) rather than weighted words
};
// English and Dutch names: title/titel, author/auteur, tag/trefwoord, type/soort, lang/taal,
// year/jaar, format/formaat, source/bron.
inline constexpr QueryField kQueryFields[] = {
    {"title", kTitlePrefix, false},  {"titel", kTitlePrefix, false},  {"author", kAuthorPrefix, false},
    {"auteur", kAuthorPrefix, false}, {"tag", kTagPrefix, true},       {"trefwoord", kTagPrefix, true},
    {"type", kTypePrefix, true},     {"soort", kTypePrefix, true},    {"lang", kLangPrefix, true},
    {"taal", kLangPrefix, true},     {"year", kYearPrefix, true},     {"jaar", kYearPrefix, true},
    {"format", kFormatPrefix, true}, {"formaat", kFormatPrefix, true}, {"source", kSourcePrefix, true},
    {"bron", kSourcePrefix, true},
};
// Date range fields: date:2019-01-01..2020-12-31, datum:..2015.
inline constexpr std::string_view kDateFields[] = {"date:", "datum:"};

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

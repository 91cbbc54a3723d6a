// Turns what a user types into a Xapian query that finds Dutch and English inflections alike.
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>
#include <xapian.h>

namespace kb {

// Bounds on wildcards, so that no query can make Xapian read most of the index: each wildcard may
// match at most kMaxWildcardExpansion different words (more is a QueryError, not a silent cut),
// and a query may hold at most kMaxWildcards of them.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
inline constexpr std::size_t kMaxWildcards = 16;
// A query may hold at most kMaxQueryWords words and kMaxQueryBytes bytes. Beyond that the work
// grows faster than the query (500 words with synonyms take 0.4 s, 2,000 took 7 s): a query
// that long is a pasted text, better searched by its key words.
inline constexpr std::size_t kMaxQueryWords = 500;
inline constexpr std::size_t kMaxQueryBytes = 16 * 1024;
// Throws QueryError when `query` is over either limit.
void check_query_size(std::string_view query);

// The message for a wildcard of `query` that matched more words than kMaxWildcardExpansion:
// which one, and how to narrow it.
std::string wildcard_too_broad_message(const std::string& query, const Xapian::WildcardError& error);

// Lowercases every word of a query except the operators AND OR NOT XOR NEAR ADJ (and NEAR/n,
// ADJ/n), so that "Vrouwen", "VROUWEN" and "vrouwen" are stemmed and match alike; the Dutch
// operators EN, OF, NIET (capitals, outside phrases) become AND, OR, NOT. Values of exact fields
// (source:) keep their case. Runs of whitespace become one space, as the parser reads them anyway.
std::string normalize_query_case(const std::string& query);

// Checks every date and year condition of a (lowercased) query and writes it as the range of days
// it covers, for the parser's range processor: year:2019, jaar:2015.., date:2019-03,
// datum:2019-03-01..2019-06-30. Throws QueryError, naming the forms that work, for any other
// value (year:>2019, year:2019..abc, date:2019-13, a range that ends before it starts).
std::string rewrite_dates(const std::string& query);

// Rewrites the wildcards of a query ("vred*", "title:vred*", outside quotes) into the private
// fields whose processors expand them over stems; everything else is left as typed. The typed
// words (without "*") are appended to `words`. Throws QueryError for a wildcard next to NEAR or
// ADJ, which Xapian cannot combine with field processors, and for more than kMaxWildcards.
std::string rewrite_wildcards(const std::string& query, std::vector<std::string>* words = nullptr);

// Lets a compound typed as one word also find it written apart: "vrouwenorganisaties" becomes
// (vrouwenorganisaties OR "vrouw organisaties"). Words written apart need nothing: the index
// holds a compound's parts at its position. Only plain words outside phrases and fields. With
// `near_word` (folded compound -> a word of the index, or ""), a compound also finds that word:
// tijdszone finds tijdzone (see nearby_whole_word).
std::string expand_compounds(const std::string& query,
                             const std::function<std::string(const std::string&)>& near_word = {});

// The word of `db`'s spelling dictionary one edit from a compound `folded` that the index does
// not have as a whole, when the index has that word; "" otherwise (or on a remote index).
std::string nearby_whole_word(const Xapian::Database& db, const std::string& folded);

// The plain words of a query (not operators, fields, phrases' quotes or wildcards), in order,
// each as typed: the words a spelling suggestion may replace.
std::vector<std::string> plain_query_words(const std::string& query);

// How many words a query has for partial matching: its plain words, and words joined by hyphens
// (e-mail, VN-Veiligheidsraad), which Xapian reads as one phrase.
std::size_t free_word_count(const std::string& query);

// The query for documents that have `term`, used as a filter (no weight). Xapian 1.4.22 fails
// such a query with "DatabaseCorruptError: Unexpected end of posting list" when the term is in
// every document and a document was ever deleted (it swaps in the all-documents list but keeps
// reading it under the term's name); the same set of documents as MatchAll avoids that path.
// (In a database of several shards the check is on the whole, not per shard.)
Xapian::Query filter_term_query(const Xapian::Database& db, const std::string& term);

// Whether an unweighted match (BoolWeight) cannot meet that failure: one database from which no
// document was ever deleted, so that its document ids run from 1 to its count without a gap.
bool unweighted_match_is_safe(const Xapian::Database& db);

// How many double quotes (straight or curly: both delimit phrases for Xapian's parser) a token holds.
int quote_marks(std::string_view token);

// The whitespace-separated tokens of a query.
std::vector<std::string> split_query_tokens(const std::string& query);
// AND, OR, NOT, XOR, NEAR, ADJ (and NEAR/n, ADJ/n), and the Dutch EN, OF, NIET.
bool is_query_operator(std::string_view token);

// Parses `query` once per analysis language (each with its own stemmer, each restricted to the
// documents analysed in that language) and ORs the parses, so a Dutch document is found by Dutch
// inflections and an English one by English ones without naming a language. An empty query matches every document. Throws QueryError for syntax errors.
class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);
    // `default_op` joins words without an operator: OP_AND normally, OP_OR for partial matches.
    Xapian::Query build(const std::string& query, Xapian::Query::op default_op = Xapian::Query::OP_AND);
    // The words typed with a wildcard in the last query built ("vred" for "vred*"), for highlighting.
    const std::vector<std::string>& wildcards() const { return wildcards_; }
    void set_wildcards(std::vector<std::string> words) { wildcards_ = std::move(words); }
    // Off: a compound the index lacks looks for nothing but itself and its parts (--exact).
    void set_near_words(bool on) { near_words_ = on; }
    // The terms added for weight only (compounds typed apart), by every query built so far: not
    // words of the query, which the partial matches count.
    const std::set<std::string>& boost_terms() const { return boost_terms_; }

private:
    Xapian::Database db_;
    std::vector<std::string> wildcards_;
    bool near_words_ = true;
    std::map<std::string, std::string> near_words_found_;  // a search builds several queries
    std::set<std::string> boost_terms_;
};

}  // namespace kb

// Runs queries against the index: ranked hits with snippets, counts and facets.
#pragma once
#include <cstdint>
#include <map>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <fmt/format.h>
#include <utility>
#include <xapian.h>

#include "document.h"
#include "error.h"
#include "index/analyzer.h"
#include "index/facet_table.h"
#include "index/index_store.h"
#include "index/read_retry.h"
#include "index/schema.h"
#include "search/document_lookup.h"
#include "search/query_builder.h"
#include "search/snippet_region.h"
#include "testing/kill_point.h"
#include "search/thesaurus.h"

namespace kb {

enum class SortOrder { Relevance, DateNewest, DateOldest };

struct SearchRequest {
    std::string query;           // empty: every document
    std::size_t offset = 0;
    std::size_t limit = 10;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_length = 240;  // characters of context around the matches
    bool facets = false;         // count hits by type, language, format and year
    std::size_t facet_values = 0;  // with facets, per field the most frequent this many (0: all)
    bool exact = false;          // never run a spelling-corrected query instead
    bool collapse = true;        // one hit per story: near-duplicates counted in SearchHit::similar
    // Further conditions in the query syntax ("tag:nap1325 tag:cedaw"), each one applied as a
    // filter: they restrict the matches without changing their ranking.
    std::vector<std::string> filters;
    bool synonyms = true;        // expand the query through the thesaurus (search/thesaurus.h)
    std::size_t related = 0;     // list this many terms that co-occur with the best hits (0: none)
};

// A word that the best hits of a query use often and the rest of the index less: a word to
// search for next. `word` is the commonest form the hits write it in (not a stem).
struct RelatedTerm {
    std::string word;
    double weight;  // Xapian's expand weight: only the order means something
};

// A span of the snippet to highlight, as byte offsets [begin, end).
struct Highlight {
    std::size_t begin;
    std::size_t end;
};

struct SearchHit {
    Document doc;  // the stored record without its body, which the snippet stands for (kb show has it)
    std::size_t rank;  // 1-based, across pages
    double score;      // Xapian's BM25 weight; 0 for pure filters
    int percent;       // Xapian's percentage of the best possible match
    std::string snippet;
    std::vector<Highlight> highlights;
    bool partial = false;  // has some of the query's words, not all (see SearchResponse::partial_total)
    std::size_t similar = 0;  // near-duplicates left out for this hit (schema::kDuplicateSlot)
    std::string index;        // which index it came from, when several were searched (Searcher::add_index)
};

struct SearchResponse {
    std::uint64_t total_estimate = 0;  // Xapian's estimate of all matches
    std::uint64_t total_lower = 0;
    std::uint64_t total_upper = 0;
    // With facets: the documents that match, near-duplicates included, which the facets count.
    // Equal to total_estimate without collapsing; with it, total_estimate counts one per story.
    std::uint64_t documents_matched = 0;
    std::vector<SearchHit> hits;
    // The query with its unknown words replaced by the closest words of the index's spelling
    // dictionary; empty when every word occurs in the index or nothing is close.
    std::string suggestion;
    // True when the query as typed matched nothing and these results are the suggestion's.
    bool corrected = false;
    // When fewer than kFewMatches documents have all the words, the best documents with some of
    // them follow those (hits with `partial` set), ranked by how many words they have.
    std::uint64_t partial_total = 0;
    static constexpr std::uint64_t kFewMatches = 5;
    // facet (a field's name) -> value -> count (exact: all matches are examined when facets are
    // asked for). A document with several tags or authors counts once for each.
    std::map<std::string, std::map<std::string, std::uint64_t>> facets;
    // Per field, how many values request.facet_values left out of `facets`.
    std::map<std::string, std::uint64_t> facets_left_out;
    // Best first; empty unless SearchRequest::related asked for them.
    std::vector<RelatedTerm> related;
    // What this search could not do, and why (a remote index has no spelling dictionary).
    std::vector<std::string> notes;
};

// An index searched together with the first one: a local folder, or one that Xapian's remote
// backend serves (xapian-tcpsrv).
struct OtherIndex {
    std::string name;            // as the user wrote it: a folder, or tcp://HOST:PORT
    std::filesystem::path folder;  // a local index
    std::string host;            // else a remote one
    unsigned port = 0;
    // "tcp://HOST:PORT" is remote; anything else is a folder. Throws IndexError for a bad one.
    static OtherIndex parse(const std::string& spec);
    // Opens it for reading and checks that its analysis is this kb's; throws IndexError, naming
    // it, when it cannot be reached or read.
    Xapian::Database open() const;
    // The indexes listed in indexes.txt in the index folder `index_root`, one per line (a folder,
    // relative to that folder or absolute, or tcp://HOST:PORT; # comments), as written there but
    // with relative folders made absolute; none when there is no such file. Throws IndexError for
    // a list that cannot be read or is over 64 KiB.
    static std::vector<std::string> listed_in(const std::filesystem::path& index_root);
};

// Counts the matches by the values of every field that has a facet (several per document for
// tags and authors). Sees every match when the search examines them all.
class FacetCounter : public Xapian::MatchSpy {
public:
    // With `table` (the facet table of the one database searched), a match's values are counted
    // from it by docid; without, read from the match's packed value.
    explicit FacetCounter(const facets::FacetTable* table = nullptr);
    void operator()(const Xapian::Document& doc, double weight) override;
    std::string name() const override { return "kb.FacetCounter"; }
    // Field name -> value -> documents, in value order.
    using Counts = std::map<std::string, std::map<std::string, std::uint64_t>>;
    // All the values counted; with `top` > 0 only the `top` most frequent of each field (by count,
    // then value), and in `left_out` how many values each field has beyond them. A common word's
    // matches have thousands of authors and tags, whose strings a text page never shows.
    Counts counts(std::size_t top = 0, std::map<std::string, std::uint64_t>* left_out = nullptr) const;
    // The documents it saw: every match, near-duplicates included.
    std::uint64_t documents() const { return documents_; }

private:
    // Counted by hash without a string per match (facets::ValueMap): a common word's facets visit
    // most of the index, and a std::map keyed by copied strings spent two thirds of that in malloc
    // and memcmp.
    // A value seen before, found without hashing it whole: a field has few distinct values
    // (tens of years and types, hundreds of tags), and looking each up in the map cost a common
    // word's facets at 100,000 documents two thirds of their work.
    struct Seen {
        std::string_view value;  // a key of Tally::counts, whose nodes stay put
        std::uint64_t* count = nullptr;
    };
    static constexpr unsigned kSeenBits = 8, kSeenBitsMultiple = 12;  // tags and authors have thousands
    // One field's counts.
    struct Tally {
        const schema::Field* field = nullptr;
        facets::ValueMap<std::uint64_t> counts;
        // Direct-mapped by facets::seen_slot.
        std::vector<Seen> seen;
        unsigned seen_bits = 0;
        void count(std::string_view value);  // a slot's value: several are split
        void count_one(std::string_view value);
    };
    std::vector<Tally> tallies_;
    const facets::FacetTable* table_ = nullptr;
    // By the table's value numbers. Four bytes each (a count never exceeds the documents, a
    // docid's range): the array is touched whole, a page fault every 1,024 values.
    std::vector<std::uint32_t> table_counts_;
    std::uint64_t documents_ = 0;
};

class Searcher {
public:
    explicit Searcher(const IndexStore& store);
    // Throws QueryError for a query that cannot be parsed or run. The whole response (hits,
    // snippets, facets) is read from one revision of the index; when a writer overtakes the
    // reading, it is read again (see index/read_retry.h).
    SearchResponse search(const SearchRequest& request);
    // The document with this id; throws NotFoundError.
    Document get(const std::string& id);
    // The document an id, URL or source path names (see search/document_lookup.h).
    FoundDocument find(const std::string& reference, const std::filesystem::path& cwd);
    // Calls `visit` with the stored record (JSON text) of every document matching `query` (all
    // when empty), in index (docid) order. Raw records keep the pass short, so that a writer
    // committing often overtakes it less; decode them with decode_record.
    // The pass first tries to read everything from one revision of the index (a snapshot): when
    // a writer overtakes it, it starts again from the first document on a fresh revision, after
    // calling `restart`, so the caller can discard what the interrupted pass produced. After
    // kSnapshotAttempts such restarts (a writer that commits faster than the pass can finish), it
    // stops starting over and continues on each fresh revision after the last document it
    // visited: every document that was in the index throughout is visited once, as it was when
    // it was read, and none twice. (A rebuild's swap replaces the database and its docids: then
    // the pass always starts over.) Returns the number of revisions the pass spanned: 1 is a
    // snapshot.
    template <typename Restart, typename Visit>
    std::uint32_t for_each_record(const std::string& query, Restart restart, Visit visit);
    static constexpr int kSnapshotAttempts = 5;
    // The same for the indexes added with add_index, after the first one: `visit(record)` for
    // each matching document of each, in the order they were added. Each is read in one pass;
    // a writer that overtakes it makes the pass go on from the last document visited on the new
    // revision (none is visited twice).
    template <typename Visit>
    void for_each_other_record(const std::string& query, Visit visit);
    static Document decode_record(const std::string& record);
    Xapian::Database& database() { return db_; }
    // Searches `other` too: hits are merged by relevance (Xapian weighs them with the statistics
    // of all the indexes together) and each names its index. Its analysis must be this kb's.
    void add_index(OtherIndex other);
    // The shipped thesaurus and the knowledge base's synonyms file, read on first use.
    const Thesaurus& thesaurus();

private:
    SearchResponse run(Xapian::Database& db, const SearchRequest& request, const std::string& query);
    void add_partial_matches(Xapian::Database& db, const SearchRequest& request, const std::string& query,
                             const std::string& expanded, QueryBuilder& builder, const Xapian::Query& all,
                             SearchResponse& response);
    // One stemmer per language for the whole search: each keeps a cache of the stems it made, and
    // the snippets of 100 hits repeat most of their words.
    const Xapian::Stem& stemmer(std::string_view lang);
    // The facet table of `db`, the live database, if it has one for its revision; else nullptr.
    std::unique_ptr<const facets::FacetTable> facet_table(const Xapian::Database& db) const;
    std::map<std::string, Xapian::Stem, std::less<>> stemmers_;
    // Per search: the stemmers snippets use, which stem only the words that can meet one of the
    // highlighted stems (see analysis::highlighting_stemmer); every word when wildcards highlight.
    void highlight(const Xapian::Query& highlighted, const std::vector<std::string>& wildcards);
    const Xapian::Stem& snippet_stemmer(std::string_view lang);
    // The highlighted words as region_snippet() looks for them, per language.
    const SnippetQuery& snippet_query(std::string_view lang, const Xapian::MSet& highlights);
    std::vector<std::string> highlighted_terms_;      // the highlighted stems, with the stem prefix
    std::vector<std::string> highlighted_wildcards_;  // as typed, met at the start of a word
    std::map<std::string, Xapian::Stem, std::less<>> snippet_stemmers_;
    std::map<std::string, SnippetQuery, std::less<>> snippet_queries_;
    SearchHit make_hit(const Xapian::Document& xdoc, std::size_t rank, double score, int percent,
                       const Xapian::MSet* highlights, const SearchRequest& request);
    void add_snippet(SearchHit& hit, const Xapian::MSet& highlights, const SearchRequest& request);
    std::vector<RelatedTerm> related_terms(Xapian::Database& db, Xapian::Enquire& enquire, const Xapian::MSet& mset,
                                           const Xapian::Query& query, const SearchRequest& request);
    std::string spelling_suggestion(Xapian::Database& db, const std::string& query);
    std::vector<Xapian::docid> matching_ids(Xapian::Database& db, const std::string& query);
    // Runs one read with retries; maps the errors that are not the query's fault to IndexError.
    template <typename Read>
    auto read(Read&& read) -> decltype(read(std::declval<Xapian::Database&>()));

    // The other indexes opened afresh, checked, and joined to `db` (Xapian numbers the documents
    // of n databases round-robin: docid d is in database (d - 1) % n).
    Xapian::Database with_others(Xapian::Database& db);
    std::string index_of(Xapian::docid did) const;
    bool has_remote() const;

    const IndexStore& store_;
    Xapian::Database db_;
    std::vector<OtherIndex> others_;
    bool spelling_without_remote_ = false;  // a word was looked up in the local dictionaries only
    std::optional<Thesaurus> thesaurus_;
};

template <typename Read>
auto Searcher::read(Read&& read) -> decltype(read(std::declval<Xapian::Database&>())) {
    try {
        if (others_.empty()) return read_with_retry(store_, db_, read);
        return read_with_retry(store_, db_, [&](Xapian::Database& db) {
            Xapian::Database all = with_others(db);
            return read(all);
        });
    } catch (const Xapian::QueryParserError&) {
        throw;  // the query's fault: the caller says which query
    } catch (const Xapian::WildcardError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store_.root().string(), e.get_description()));
    }
}

template <typename Visit>
void Searcher::for_each_other_record(const std::string& query, Visit visit) {
    for (const auto& other : others_) {
        Xapian::docid last = 0;  // kept across reopenings: none is visited twice
        Xapian::Database db = other.open();
        read_reopening(db, other.name, [&](Xapian::Database& db) {
            for (Xapian::docid id : matching_ids(db, query)) {
                if (id <= last) continue;
                visit(stored_record(db.get_document(id)));
                last = id;
            }
            return 0;
        });
    }
}

template <typename Restart, typename Visit>
std::uint32_t Searcher::for_each_record(const std::string& query, Restart restart, Visit visit) {
    Xapian::docid last = 0;          // the last document visited; 0: none yet
    std::string live;                // the live database the pass reads, once known
    int overtaken = 0;
    std::uint32_t revisions = 1;
    auto pass = [&](Xapian::Database& db) {
        // Both in ascending docid order: one sequential pass over the record values.
        Xapian::ValueIterator value = db.valuestream_begin(schema::kRecordSlot);
        const Xapian::ValueIterator end = db.valuestream_end(schema::kRecordSlot);
        for (Xapian::docid id : matching_ids(db, query)) {
            if (id <= last) continue;  // visited on an earlier revision
            pause_point("export-record");
            if (value != end) value.skip_to(id);
            if (value != end && value.get_docid() == id)
                visit(*value);
            else
                visit(db.get_document(id).get_data());  // index format 1 kept the record there
            last = id;
        }
    };
    try {
        auto retry = std::make_unique<ReadRetry>(store_);
        bool reopen = false;
        Xapian::docid last_at_error = 0;
        for (;;) {
            try {
                if (reopen) {
                    db_ = retry->open();
                    // Read after opening: a swap in between makes the pass start over, which is
                    // always safe; the other order could resume on another database's docids.
                    const std::string now_live = store_.live_database().string();
                    if (overtaken < kSnapshotAttempts || now_live != live) {
                        restart();
                        last = 0;
                        revisions = 1;
                    } else {
                        ++revisions;
                    }
                    live = now_live;
                }
                pass(db_);
                return revisions;
            } catch (const Xapian::Error& e) {
                // A pass that moved on since the last error gets a fresh budget of attempts.
                if (overtaken >= kSnapshotAttempts && last != last_at_error) retry = std::make_unique<ReadRetry>(store_);
                last_at_error = last;
                if (!retry->again(e)) throw;
                ++overtaken;
                reopen = true;
            }
        }
    } catch (const Xapian::WildcardError& e) {
        throw QueryError(wildcard_too_broad_message(query, e));
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError(fmt::format("cannot run the query '{}': {}", query, e.get_msg()));
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store_.root().string(), e.get_description()));
    }
}

}  // namespace kb

// Runs queries against the index: ranked hits with snippets, counts and facets.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <fmt/format.h>
#include <utility>
#include <xapian.h>

#include "document.h"
#include "error.h"
#include "index/index_store.h"
#include "index/read_retry.h"
#include "index/schema.h"
#include "search/document_lookup.h"
#include "search/query_builder.h"

namespace kb {

enum class SortOrder { Relevance, DateNewest, DateOldest };

struct SearchRequest {
    std::string query;           // empty: every document
    std::size_t offset = 0;
    std::size_t limit = 10;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_length = 240;  // characters of context around the matches
    bool facets = false;         // count hits by type, language, format and year
    bool exact = false;          // never run a spelling-corrected query instead
};

// A span of the snippet to highlight, as byte offsets [begin, end).
struct Highlight {
    std::size_t begin;
    std::size_t end;
};

struct SearchHit {
    Document doc;
    std::size_t rank;  // 1-based, across pages
    double score;      // Xapian's BM25 weight; 0 for pure filters
    int percent;       // Xapian's percentage of the best possible match
    std::string snippet;
    std::vector<Highlight> highlights;
    bool partial = false;  // has some of the query's words, not all (see SearchResponse::partial_total)
};

struct SearchResponse {
    std::uint64_t total_estimate = 0;  // Xapian's estimate of all matches
    std::uint64_t total_lower = 0;
    std::uint64_t total_upper = 0;
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
    // facet name -> value -> count (exact: all matches are examined when facets are asked for).
    std::map<std::string, std::map<std::string, std::uint64_t>> facets;
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
    // when empty), in index order, every one read from the same revision of the index: a
    // snapshot. Raw records keep the pass short, so that a writer committing often overtakes it
    // less; decode them with decode_record. When a writer does overtake the pass, it starts
    // again from the first document on a fresh revision, after calling `restart`, so the caller
    // can discard what the interrupted pass produced.
    template <typename Restart, typename Visit>
    void for_each_record(const std::string& query, Restart restart, Visit visit);
    static Document decode_record(const std::string& record);
    Xapian::Database& database() { return db_; }

private:
    SearchResponse run(Xapian::Database& db, const SearchRequest& request, const std::string& query);
    void add_partial_matches(Xapian::Database& db, const SearchRequest& request, const std::string& query,
                             QueryBuilder& builder, const Xapian::Query& all, SearchResponse& response);
    SearchHit make_hit(const Xapian::Document& xdoc, std::size_t rank, double score, int percent,
                       const Xapian::MSet& highlights, const SearchRequest& request);
    static std::string spelling_suggestion(Xapian::Database& db, const std::string& query);
    static std::vector<Xapian::docid> matching_ids(Xapian::Database& db, const std::string& query);
    // Runs one read with retries; maps the errors that are not the query's fault to IndexError.
    template <typename Read>
    auto read(Read&& read) -> decltype(read(std::declval<Xapian::Database&>()));

    const IndexStore& store_;
    Xapian::Database db_;
};

template <typename Read>
auto Searcher::read(Read&& read) -> decltype(read(std::declval<Xapian::Database&>())) {
    try {
        return read_with_retry(store_, db_, read);
    } catch (const Xapian::QueryParserError&) {
        throw;  // the query's fault: the caller says which query
    } catch (const Xapian::WildcardError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store_.root().string(), e.get_description()));
    }
}

template <typename Restart, typename Visit>
void Searcher::for_each_record(const std::string& query, Restart restart, Visit visit) {
    bool first = true;
    try {
        read([&](Xapian::Database& db) {
            if (!first) restart();
            first = false;
            // Both in ascending docid order: one sequential pass over the record values.
            Xapian::ValueIterator value = db.valuestream_begin(schema::kRecordSlot);
            const Xapian::ValueIterator end = db.valuestream_end(schema::kRecordSlot);
            for (Xapian::docid id : matching_ids(db, query)) {
                if (value != end) value.skip_to(id);
                if (value != end && value.get_docid() == id)
                    visit(*value);
                else
                    visit(db.get_document(id).get_data());  // index format 1 kept the record there
            }
            return 0;
        });
    } catch (const Xapian::WildcardError& e) {
        throw QueryError(wildcard_too_broad_message(query, e));
    } catch (const Xapian::Error& e) {
        throw QueryError(fmt::format("cannot run the query '{}': {}", query, e.get_msg()));
    }
}

}  // namespace kb

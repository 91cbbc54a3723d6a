// Runs queries against the index: ranked hits with snippets, counts and facets.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <xapian.h>

#include "document.h"
#include "index/index_store.h"

namespace kb {

enum class SortOrder { Relevance, DateNewest, DateOldest };

struct SearchRequest {
    std::string query;           // empty: every document
    std::size_t offset = 0;
    std::size_t limit = 10;
    SortOrder sort = SortOrder::Relevance;
    std::size_t snippet_length = 240;  // characters of context around the matches
    bool facets = false;         // count hits by type, language, format and year
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
};

struct SearchResponse {
    std::uint64_t total_estimate = 0;  // Xapian's estimate of all matches
    std::uint64_t total_lower = 0;
    std::uint64_t total_upper = 0;
    std::vector<SearchHit> hits;
    // facet name -> value -> count (exact: all matches are examined when facets are asked for).
    std::map<std::string, std::map<std::string, std::uint64_t>> facets;
};

class Searcher {
public:
    explicit Searcher(const IndexStore& store);
    // Throws QueryError for a query that cannot be parsed or run; retries transparently when a
    // writer commits under it.
    SearchResponse search(const SearchRequest& request);
    // The document with this id; throws NotFoundError.
    Document get(const std::string& id);
    // Calls `visit` for every document matching `query` in index order (for export), bounded memory.
    template <typename Visit>
    void for_each(const std::string& query, Visit visit);
    std::uint64_t document_count() const { return db_.get_doccount(); }
    Xapian::Database& database() { return db_; }

private:
    std::vector<Xapian::docid> matching_ids(const std::string& query);
    Document fetch(Xapian::docid id);

    const IndexStore& store_;
    Xapian::Database db_;
};

template <typename Visit>
void Searcher::for_each(const std::string& query, Visit visit) {
    for (Xapian::docid id : matching_ids(query)) visit(fetch(id));
}

}  // namespace kb

#include "search/searcher.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <list>
#include <memory>
#include <set>
#include <unordered_map>

#include "analysis/ablation.h"
#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/language.h"
#include "analysis/stemmer.h"
#include "error.h"
#include "index/analyzer.h"
#include "index/facet_values.h"
#include "index/schema.h"
#include "search/query_builder.h"
#include "testing/kill_point.h"
#include "text/utf8.h"

namespace kb {

namespace {

// Private markers for Xapian's snippet highlighting; removed from the text before use.
const std::string kMarkStart = "\x02";
const std::string kMarkEnd = "\x03";
// Where a snippet cuts the text.
const std::string kOmit = "…";

// Xapian's snippets are HTML-escaped; undo that, and turn the markers into byte ranges.
void decode_snippet(const std::string& raw, std::string& text, std::vector<Highlight>& marks) {
    text.clear();
    marks.clear();
    std::size_t begin = 0;
    for (std::size_t i = 0; i < raw.size();) {
        if (raw[i] == kMarkStart[0]) {
            begin = text.size();
            ++i;
        } else if (raw[i] == kMarkEnd[0]) {
            marks.push_back({begin, text.size()});
            ++i;
        } else if (raw[i] == '&') {
            static const std::pair<const char*, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool done = false;
            for (const auto& [name, ch] : entities) {
                if (raw.compare(i, std::char_traits<char>::length(name), name) == 0) {
                    text += ch;
                    i += std::char_traits<char>::length(name);
                    done = true;
                    break;
                }
            }
            if (!done) text += raw[i++];
        } else if (raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t' || raw[i] == ' ') {
            // One line per snippet: paragraph breaks become single spaces.
            if (!text.empty() && text.back() != ' ') text += ' ';
            ++i;
        } else {
            text += raw[i++];
        }
    }
}

// Within one index a writer gives the collapse key only to documents with a near-duplicate
// (index/duplicates.h); across indexes, where no writer saw both copies, every document's key.
Xapian::valueno collapse_slot(const Xapian::Database& db) {
    return db.size() > 1 ? schema::kEveryDuplicateSlot : schema::kDuplicateSlot;
}

// Xapian highlights a phrase only where the text holds its exact terms, and a stems-only index
// has none; so snippets are cut from a result set for the query's words ORed, without phrases
// or filters, and without stop words unless there is nothing else. Wildcards are matched by
// Xapian's snippet code against the words of the text, so they go in as typed.
Xapian::Query highlight_query(const Xapian::Query& query, const std::vector<std::string>& wildcards) {
    std::vector<Xapian::Query> words, stop_words;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        if (term.rfind(analysis::kStemPrefix, 0) != 0) continue;
        const bool stop = analysis::all_stop_words()(term.substr(analysis::kStemPrefix.size()));
        (stop ? stop_words : words).emplace_back(term);
    }
    // Highlighting only: past the limit it keeps the most frequent words rather than failing.
    for (const auto& word : wildcards)
        words.emplace_back(Xapian::Query::OP_WILDCARD, word, kMaxWildcardExpansion,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (words.empty()) words.swap(stop_words);
    return Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
}

// Restricts a query to the documents that match each filter (written in the query syntax).
// The wildcards the filters typed are not highlighted: they are not what the user searched for.
Xapian::Query with_filters(QueryBuilder& builder, Xapian::Query query, const std::vector<std::string>& filters) {
    if (filters.empty()) return query;
    const std::vector<std::string> wildcards = builder.wildcards();
    for (const auto& filter : filters) query = Xapian::Query(Xapian::Query::OP_FILTER, query, builder.build(filter));
    builder.set_wildcards(wildcards);
    return query;
}

// The query with the thesaurus' terms, which find the documents that use only a synonym but
// weigh half as much as the words typed; a document with the words typed earns their weight on
// top. Weighed alike, the English pages that repeat "National Action Plan" and "NAP" ranked above
// the Dutch ones for "nationaal actieplan".
Xapian::Query with_synonyms(QueryBuilder& builder, const std::string& typed, const std::string& expanded,
                            Xapian::Query::op default_op) {
    Xapian::Query all = builder.build(expanded, default_op);
    if (expanded == typed) return all;
    const std::vector<std::string> wildcards = builder.wildcards();
    Xapian::Query as_typed = builder.build(typed, default_op);
    builder.set_wildcards(wildcards);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 0.5), as_typed);
}

}  // namespace

FacetCounter::FacetCounter(const facets::FacetTable* table) : table_(table) {
    if (table_) table_counts_.assign(table_->value_count(), 0);
    for (const schema::Field* field : facets::fields()) {
        tallies_.emplace_back();
        tallies_.back().field = field;
        tallies_.back().seen_bits = field->multiple ? kSeenBitsMultiple : kSeenBits;
        tallies_.back().seen.resize(std::size_t{1} << tallies_.back().seen_bits);
    }
}

void FacetCounter::Tally::count_one(std::string_view value) {
    Seen& slot = seen[facets::seen_slot(value, seen_bits)];
    if (slot.count && slot.value == value) {
        ++*slot.count;
        return;
    }
    auto it = counts.find(value);
    if (it == counts.end()) it = counts.emplace(std::string(value), 0).first;
    ++it->second;
    slot = {it->first, &it->second};
}

void FacetCounter::Tally::count(std::string_view value) {
    facets::for_each_value(*field, value, [this](std::string_view one) { count_one(one); });
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    ++documents_;
    static const FacetCeiling ceiling = facet_ceiling();  // the benchmark's, see testing/kill_point.h
    if (ceiling == FacetCeiling::Visit) return;
    if (table_) {
        // A search that counts this many matches goes on to read most of the table: mapped in
        // one call from here, where counting a rare word's few matches maps only what it reads.
        constexpr std::uint64_t kMapAllAfter = 2000;
        if (documents_ == kMapAllAfter) table_->map_all();
        return table_->count(doc.get_docid(), table_counts_);
    }
    const std::string packed = doc.get_value(schema::kFacetsSlot);
    if (ceiling == FacetCeiling::Read) return;
    if (const auto values = facets::unpack(packed)) {
        for (std::size_t i = 0; i < facets::kCount; ++i) tallies_[i].count((*values)[i]);
        return;
    }
    // Indexed before the packed value existed: one slot per field.
    for (auto& tally : tallies_) tally.count(facets::slot_value(doc, *tally.field));
}

FacetCounter::Counts FacetCounter::counts(std::size_t top, std::map<std::string, std::uint64_t>* left_out) const {
    // Per field, the values counted; the `top` most frequent are kept when it is set.
    // (tallies_[f] counts the field facets::fields()[f]; with a table, they stay empty.)
    std::vector<std::vector<std::pair<std::string_view, std::uint64_t>>> by_field(facets::kCount);
    for (std::size_t f = 0; f < facets::kCount; ++f)
        for (const auto& [value, count] : tallies_[f].counts) by_field[f].emplace_back(value, count);
    for (std::uint32_t n = 0; n < table_counts_.size(); ++n)
        if (table_counts_[n] > 0)
            if (const auto value = table_->value(n)) by_field[value->first].emplace_back(value->second, table_counts_[n]);
    Counts out;
    for (std::size_t f = 0; f < facets::kCount; ++f) {
        const std::string name(facets::fields()[f]->name);
        auto& values = by_field[f];
        auto& counts = out[name];
        if (top > 0 && values.size() > top) {
            std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(top), values.end(),
                              [](const auto& a, const auto& b) {
                                  return a.second != b.second ? a.second > b.second : a.first < b.first;
                              });
            if (left_out) (*left_out)[name] = values.size() - top;
            values.resize(top);
        }
        // Sorted, so that each goes in at the end of its map.
        std::sort(values.begin(), values.end());
        for (const auto& [value, count] : values) counts.emplace_hint(counts.end(), std::string(value), count);
    }
    return out;
}

Searcher::Searcher(const IndexStore& store) : store_(store), db_(store.open_for_reading()) {}

OtherIndex OtherIndex::parse(const std::string& spec) {
    OtherIndex other;
    other.name = spec;
    constexpr std::string_view kScheme = "tcp://";
    if (!std::string_view(spec).starts_with(kScheme)) {
        other.folder = std::filesystem::absolute(spec);
        return other;
    }
    const std::string rest = spec.substr(kScheme.size());
    const std::size_t colon = rest.rfind(':');
    const std::string port = colon == std::string::npos ? "" : rest.substr(colon + 1);
    const bool numeric = !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), ::isdigit);
    if (colon == 0 || colon == std::string::npos || !numeric || std::stoul(port) == 0 || std::stoul(port) > 65535)
        throw IndexError(fmt::format("'{}' is not a remote index: write tcp://HOST:PORT, as xapian-tcpsrv serves it "
                                     "(for example tcp://127.0.0.1:7777)",
                                     spec));
    other.host = rest.substr(0, colon);
    other.port = static_cast<unsigned>(std::stoul(port));
    return other;
}

std::vector<std::string> OtherIndex::listed_in(const std::filesystem::path& index_root) {
    const std::filesystem::path list = index_root / "indexes.txt";
    std::error_code ec;
    if (!std::filesystem::exists(list, ec)) return {};
    constexpr std::uintmax_t kMaxBytes = 64 * 1024;
    const auto size = std::filesystem::file_size(list, ec);
    if (ec || size > kMaxBytes)
        throw IndexError(fmt::format("cannot read the list of indexes {}: {}", list.string(),
                                     ec ? ec.message() : "it is larger than 64 KiB"));
    std::ifstream in(list);
    if (!in) throw IndexError(fmt::format("cannot read the list of indexes {}", list.string()));
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::string spec = text::collapse_whitespace(line);
        if (spec.empty()) continue;
        if (!spec.starts_with("tcp://")) {
            std::filesystem::path folder = (index_root / spec).lexically_normal();
            if (!folder.has_filename()) folder = folder.parent_path();  // "." or "dir/"
            spec = folder.string();
        }
        if (std::find(out.begin(), out.end(), spec) == out.end()) out.push_back(std::move(spec));
    }
    return out;
}

void Searcher::add_index(OtherIndex other) {
    Xapian::Database checked = other.open();  // fails now, not halfway through a search
    (void)checked;
    others_.push_back(std::move(other));
}

bool Searcher::has_remote() const {
    return std::any_of(others_.begin(), others_.end(), [](const OtherIndex& o) { return !o.host.empty(); });
}

Xapian::Database OtherIndex::open() const {
    if (host.empty()) return IndexStore(folder).open_for_reading();
    try {
        // Seconds, not Xapian's default of forever: a server that went away must not hang a search.
        Xapian::Database db = Xapian::Remote::open(host, port, 10000, 5000);
        IndexStore::check_compatible(db, name);
        return db;
    } catch (const Xapian::NetworkError& e) {
        throw IndexError(fmt::format("cannot reach the remote index {}: {}. Is xapian-tcpsrv running there (see the "
                                     "README, \"Several indexes\"), and the port open?",
                                     name, e.get_msg()));
    }
}

Xapian::Database Searcher::with_others(Xapian::Database& db) {
    // A new handle: add_database on a copy of `db` would change `db` itself (handles share).
    Xapian::Database all;
    all.add_database(db);
    for (const auto& other : others_) all.add_database(other.open());
    return all;
}

std::string Searcher::index_of(Xapian::docid did) const {
    if (others_.empty()) return {};
    const std::size_t which = (did - 1) % (others_.size() + 1);
    return which == 0 ? store_.root().string() : others_[which - 1].name;
}

const Thesaurus& Searcher::thesaurus() {
    if (!thesaurus_) thesaurus_ = Thesaurus::load(synonyms_file(store_.root()));
    return *thesaurus_;
}

SearchResponse Searcher::search(const SearchRequest& request) {
    try {
        // Everything that is printed is read here, inside one retried read, so nothing is ever
        // printed from a revision that a writer overtook.
        return read([&](Xapian::Database& db) {
            SearchResponse response = run(db, request, request.query);
            const std::string suggestion = spelling_suggestion(db, request.query);
            if (response.total_upper == 0 && !suggestion.empty() && !request.exact) {
                SearchResponse corrected = run(db, request, suggestion);
                if (corrected.total_upper > 0) {
                    response = std::move(corrected);
                    response.corrected = true;
                }
            }
            response.suggestion = suggestion;
            if (request.facets && has_remote())
                response.notes.push_back(
                    "no facets: they are counted by kb, which a remote index's server cannot run; search the "
                    "local indexes alone for facets");
            if (spelling_without_remote_)
                response.notes.push_back(
                    "spelling suggestions come from the local indexes only: Xapian's remote protocol does not carry "
                    "a spelling dictionary");
            return response;
        });
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError(fmt::format("cannot parse the query '{}': {}", request.query, e.get_msg()));
    } catch (const Xapian::WildcardError& e) {
        throw QueryError(wildcard_too_broad_message(request.query, e));
    }
}

SearchResponse Searcher::run(Xapian::Database& db, const SearchRequest& request, const std::string& query_text) {
    check_query_size(query_text);
    const std::string expanded = request.synonyms ? thesaurus().expand(query_text) : query_text;
    QueryBuilder builder(db);
    builder.set_near_words(!request.exact);
    Xapian::Query query = with_filters(builder, with_synonyms(builder, query_text, expanded, Xapian::Query::OP_AND),
                                       request.filters);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (request.collapse) enquire.set_collapse_key(collapse_slot(db));
    switch (request.sort) {
        case SortOrder::Relevance: break;
        case SortOrder::DateNewest: enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true); break;
        case SortOrder::DateOldest: enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false); break;
    }
    // Counts every field of the table that has a facet.
    std::optional<FacetCounter> counter;
    // Like Elasticsearch past its exact-count threshold, a common word's total is an estimate
    // ("about 53,000"): counting every match exactly cost a one-word search at 100,000 documents
    // an eighth of its time. A query with fewer matches than the page is exact.
    Xapian::doccount check_at_least = static_cast<Xapian::doccount>(request.offset + request.limit);
    // kb's counters cannot run on a remote server (xapian-tcpsrv knows only Xapian's own match
    // spies): no facets then, and a note says so (search() adds it).
    const bool facets = request.facets && !has_remote();
    // The facet table, when the one database searched has a current one (index/facet_table.h).
    std::unique_ptr<const facets::FacetTable> table;
    if (facets && others_.empty() && db.size() == 1 && facet_ceiling() == FacetCeiling::Off) table = facet_table(db);
    if (table) pause_point("facet-table");  // a test cuts the file short here
    if (facets) counter.emplace(table.get());
    // Facet counts must cover every match. Collapsing keeps every match's key in a map, which
    // made a common word's facets five times slower than counting them (0.25 s against 0.05 s at
    // 100,000 documents): so when the page is collapsed, the counters run in a pass of their own,
    // uncollapsed, and the page's pass stops early as it does without facets. (Unweighted only
    // where that is safe: Xapian 1.4.22 fails a BoolWeight match on a word that is in every
    // document once a document was deleted; see filter_term_query.)
    if (facets && !request.collapse) {
        enquire.add_matchspy(&*counter);
        check_at_least = db.get_doccount();
    } else if (facets) {
        // Beside exact facets, a collapsed total that is exact up to a thousand matches.
        check_at_least = std::max<Xapian::doccount>(check_at_least, 1000);
    }
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit), check_at_least);
    if (facets && request.collapse) {
        Xapian::Enquire counting(db);
        counting.set_query(query);
        counting.add_matchspy(&*counter);
        // Counting needs no weights, and without them each match costs the matcher less (a
        // common word's facets at 100,000 documents: see README, "Search speed").
        if (unweighted_match_is_safe(db)) counting.set_weighting_scheme(Xapian::BoolWeight());
        counting.get_mset(0, 0, db.get_doccount());
    }
    SearchResponse response;
    response.total_estimate = mset.get_matches_estimated();
    response.total_lower = mset.get_matches_lower_bound();
    response.total_upper = mset.get_matches_upper_bound();
    // The highlighter's statistics are only needed for snippets, and only when there are hits.
    Xapian::MSet highlights;
    const bool snippets = !mset.empty() && request.snippet_length > 0;
    if (snippets) {
        Xapian::Enquire highlighter(db);
        const Xapian::Query highlighted = highlight_query(query, builder.wildcards());
        highlighter.set_query(highlighted);
        highlights = highlighter.get_mset(0, 0);
        highlight(highlighted, builder.wildcards());
    }
    // Only the hits of this page are read: their records and snippets (the MSet holds no more).
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        response.hits.push_back(make_hit(it.get_document(), it.get_rank() + 1,  // get_rank() counts the offset
                                         it.get_weight(), it.get_percent(), snippets ? &highlights : nullptr,
                                         request));
        response.hits.back().similar = it.get_collapse_count();
        response.hits.back().index = index_of(*it);
    }
    if (counter) response.facets = counter->counts(request.facet_values, &response.facets_left_out);
    // Facets count documents, near-duplicates too (a spy sees each match before collapsing, and
    // Xapian's uncollapsed estimate does not count those).
    response.documents_matched = counter ? counter->documents() : response.total_estimate;
    if (request.related > 0 && response.total_upper > 0)
        response.related = related_terms(db, enquire, mset, query, request);
    if (request.sort == SortOrder::Relevance && response.total_upper < SearchResponse::kFewMatches)
        add_partial_matches(db, request, query_text, expanded, builder, query, response);
    return response;
}

std::unique_ptr<const facets::FacetTable> Searcher::facet_table(const Xapian::Database& db) const {
    try {
        return facets::FacetTable::open(store_.live_database(), db);
    } catch (const std::exception&) {
        return nullptr;  // no table: the counter reads the values, as right and slower
    }
}

const Xapian::Stem& Searcher::stemmer(std::string_view lang) {
    auto it = stemmers_.find(lang);
    if (it == stemmers_.end()) it = stemmers_.emplace(std::string(lang), analysis::stemmer_for(lang)).first;
    return it->second;
}

void Searcher::highlight(const Xapian::Query& highlighted, const std::vector<std::string>& wildcards) {
    snippet_queries_.clear();
    snippet_stemmers_.clear();
    highlighted_terms_.clear();
    highlighted_wildcards_ = wildcards;
    // The stems of the free text only: a field's stem (title:grot is ZSgrot, its prefix a capital)
    // never meets a word of the body, and a capital among the stems made the snippet finder look
    // up every word of every hit (title:grot, ten hits: 8.1 of 13.7 million instructions).
    for (auto t = highlighted.get_unique_terms_begin(); t != highlighted.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        if (term.starts_with(analysis::kStemPrefix) && !analysis::is_field_stem(term)) highlighted_terms_.push_back(term);
    }
}

const SnippetQuery& Searcher::snippet_query(std::string_view lang, const Xapian::MSet& highlights) {
    auto it = snippet_queries_.find(lang);
    if (it == snippet_queries_.end())
        it = snippet_queries_
                 .emplace(std::string(lang), kb::snippet_query(highlights, highlighted_terms_, highlighted_wildcards_,
                                                               snippet_stemmer(lang)))
                 .first;
    return it->second;
}

const Xapian::Stem& Searcher::snippet_stemmer(std::string_view lang) {
    auto it = snippet_stemmers_.find(lang);
    if (it != snippet_stemmers_.end()) return it->second;
    // Wildcards are matched against the words of the text, whatever their stems: every word is stemmed.
    if (!highlighted_wildcards_.empty()) return snippet_stemmers_.emplace(std::string(lang), stemmer(lang)).first->second;
    std::vector<std::string> stems;
    for (const auto& term : highlighted_terms_) stems.push_back(term.substr(analysis::kStemPrefix.size()));
    return snippet_stemmers_.emplace(std::string(lang), analysis::highlighting_stemmer(stemmer(lang), stems))
        .first->second;
}

SearchHit Searcher::make_hit(const Xapian::Document& xdoc, std::size_t rank, double score, int percent,
                             const Xapian::MSet* highlights, const SearchRequest& request) {
    SearchHit hit;
    hit.doc = stored_document(xdoc);
    hit.rank = rank;
    hit.score = score;
    hit.percent = percent;
    if (highlights) add_snippet(hit, *highlights, request);
    // The snippet stands for the body, which no printer of hits shows: dropped here, the ten
    // bodies of a page no longer stay in memory together (most of a search's heap, and each of
    // its pages a fault on first touch).
    hit.doc.body = std::string();
    return hit;
}

void Searcher::add_snippet(SearchHit& hit, const Xapian::MSet& highlights, const SearchRequest& request) {
    const std::string& source = hit.doc.body.empty() ? hit.doc.summary : hit.doc.body;
    // The highlight markers must not occur in the text itself; a copy is made only to remove them.
    std::string cleaned;
    if (source.find(kMarkStart[0]) != std::string::npos || source.find(kMarkEnd[0]) != std::string::npos) {
        cleaned = source;
        std::replace_if(cleaned.begin(), cleaned.end(), [](char c) { return c == kMarkStart[0] || c == kMarkEnd[0]; }, ' ');
    }
    const std::string& text = cleaned.empty() ? source : cleaned;
    const Xapian::Stem& stem = snippet_stemmer(analysis::analysis_of_label(hit.doc.lang));
    // No SNIPPET_BACKGROUND_MODEL: it looks up the frequency of every distinct word of the text,
    // first as an unprefixed term (which a stems-only index never has: each of those lookups
    // lands on the last block of the term table and evicts the block the stem's lookup needs,
    // so both are read from disk again) and then as a stem. A search for 7 hits among 3,000
    // records made 1,793 reads with it and 34 without. The window with the most query words is kept.
    // A long text is cut to the part where the query's words weigh most before Xapian reads it.
    const std::string raw =
        region_snippet(highlights, text, request.snippet_length, stem,
                       snippet_query(analysis::analysis_of_label(hit.doc.lang), highlights), {kMarkStart, kMarkEnd, kOmit});
    decode_snippet(raw, hit.snippet, hit.highlights);
}

// Plain OR ranks a document that repeats one word above one that has them all; so documents
// with all the words come first, whatever their weight, and the others follow ranked by how
// many of the words they have, then by weight.
void Searcher::add_partial_matches(Xapian::Database& db, const SearchRequest& request, const std::string& query_text,
                                   const std::string& expanded, QueryBuilder& builder, const Xapian::Query& all,
                                   SearchResponse& response) {
    if (analysis::ablated(analysis::Feature::Partial)) return;
    if (free_word_count(query_text) < 2) return;
    for (const auto& token : split_query_tokens(query_text))
        if (is_query_operator(token)) return;  // the user said how the words combine
    Xapian::Query any =
        with_filters(builder, with_synonyms(builder, query_text, expanded, Xapian::Query::OP_OR), request.filters);
    const std::size_t all_count = response.total_upper;
    const std::size_t want = request.offset + request.limit;
    if (want <= all_count) return;
    // The few documents with all the words are left out by docid, not with AND_NOT: the right
    // side of AND_NOT is unweighted, and Xapian 1.4.22 fails an unweighted word that is in every
    // document once a document was deleted (see filter_term_query).
    Xapian::Enquire all_enquire(db);
    all_enquire.set_query(all);
    std::set<Xapian::docid> have_all;
    const Xapian::MSet all_mset = all_enquire.get_mset(0, SearchResponse::kFewMatches);
    for (auto it = all_mset.begin(); it != all_mset.end(); ++it) have_all.insert(*it);
    struct LeaveOut : Xapian::MatchDecider {
        const std::set<Xapian::docid>& ids;
        explicit LeaveOut(const std::set<Xapian::docid>& ids) : ids(ids) {}
        bool operator()(const Xapian::Document& doc) const override { return ids.count(doc.get_docid()) == 0; }
    } leave_out(have_all);
    Xapian::Enquire enquire(db);
    enquire.set_query(any);
    if (request.collapse) enquire.set_collapse_key(collapse_slot(db));
    // The best by weight, twice the page and at least 40, are ranked again by how many words
    // they have. Xapian stops early once a document can no longer enter the set it keeps, and
    // the smaller the set the sooner: 200 whatever the page made a three-word search whose words
    // no document has together 1.8 times quest's time (1.5 times with 40), and ranked the
    // judged set's two- and three-word queries no better (tests/relevance).
    const Xapian::doccount candidates = std::max<Xapian::doccount>(40, 2 * static_cast<Xapian::doccount>(want));
    Xapian::MSet mset = enquire.get_mset(0, candidates, 0, nullptr, &leave_out);
    response.partial_total = mset.get_matches_estimated();
    struct Candidate {
        std::size_t words;
        double weight;
        int percent;
        Xapian::MSetIterator it;
    };
    // How many of the query's words each candidate has, from the words' posting lists walked once
    // in docid order: asking Enquire for each candidate's matching terms read its whole term list
    // (200 candidates, 200 term lists).
    std::vector<Xapian::docid> ids;
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    std::sort(ids.begin(), ids.end());
    std::unordered_map<Xapian::docid, std::size_t> words_in;
    for (auto t = any.get_unique_terms_begin(); t != any.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        if (term.rfind(analysis::kStemPrefix, 0) != 0 || builder.boost_terms().count(term)) continue;
        Xapian::PostingIterator p = db.postlist_begin(term);
        for (Xapian::docid id : ids) {
            p.skip_to(id);
            if (p == db.postlist_end(term)) break;
            if (*p == id) ++words_in[id];
        }
    }
    std::vector<Candidate> ranked;
    for (auto it = mset.begin(); it != mset.end(); ++it)
        ranked.push_back({words_in[*it], it.get_weight(), it.get_percent(), it});
    std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
        return a.words != b.words ? a.words > b.words : a.weight > b.weight;
    });
    const std::size_t first = request.offset > all_count ? request.offset - all_count : 0;
    const bool snippets = request.snippet_length > 0 && first < ranked.size() && response.hits.size() < request.limit;
    Xapian::MSet highlights;
    if (snippets) {
        Xapian::Enquire highlighter(db);
        const Xapian::Query highlighted = highlight_query(any, builder.wildcards());
        highlighter.set_query(highlighted);
        highlights = highlighter.get_mset(0, 0);
        // The snippets' words and stemmers follow this result set (the search for all the words
        // may have had no hits, and then no snippets to set them up).
        highlight(highlighted, builder.wildcards());
    }
    for (std::size_t i = first; i < ranked.size() && response.hits.size() < request.limit; ++i) {
        SearchHit hit = make_hit(ranked[i].it.get_document(), all_count + i + 1, ranked[i].weight,
                                 ranked[i].percent, snippets ? &highlights : nullptr, request);
        hit.partial = true;
        hit.similar = ranked[i].it.get_collapse_count();
        hit.index = index_of(*ranked[i].it);
        response.hits.push_back(std::move(hit));
    }
}

namespace {

// Terms worth suggesting: free-text stems (no field prefix such as title's ZS), not stop words,
// not numbers, not in the query, and written out in some best hit (a compound part that only
// makes its compound findable has wdf 0 there and is left out).
class RelatedDecider : public Xapian::ExpandDecider {
public:
    RelatedDecider(std::set<std::string> written, std::set<std::string> query_terms)
        : written_(std::move(written)), query_terms_(std::move(query_terms)) {}
    bool operator()(const std::string& term) const override {
        const std::string_view z = analysis::kStemPrefix;
        if (term.size() < z.size() + 3 || term.compare(0, z.size(), z) != 0) return false;
        const unsigned char first = static_cast<unsigned char>(term[z.size()]);
        if (std::isupper(first) || std::isdigit(first)) return false;
        if (analysis::all_stop_words()(term.substr(z.size()))) return false;
        return written_.count(term) > 0 && query_terms_.count(term) == 0;
    }

private:
    std::set<std::string> written_, query_terms_;
};

// The words of a text, lowercased (letters and digits; any byte of a multi-byte letter counts).
template <typename Visit>
void for_each_word(const std::string& text, Visit visit) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto word_byte = [&](std::size_t k) {
            const auto c = static_cast<unsigned char>(text[k]);
            return std::isalnum(c) || c >= 0x80;
        };
        while (i < text.size() && !word_byte(i)) ++i;
        std::size_t j = i;
        while (j < text.size() && word_byte(j)) ++j;
        if (j > i) visit(Xapian::Unicode::tolower(text.substr(i, j - i)));
        i = j;
    }
}

}  // namespace

// Xapian's relevance feedback: the best hits are taken as relevant, and the terms that are
// frequent in them and rare elsewhere come out on top of the ESet.
std::vector<RelatedTerm> Searcher::related_terms(Xapian::Database& db, Xapian::Enquire& enquire,
                                                 const Xapian::MSet& mset, const Xapian::Query& query,
                                                 const SearchRequest& request) {
    constexpr Xapian::doccount kFeedbackDocs = 10;
    // The first page's hits when they are enough, else the first ten of the same ranking.
    Xapian::MSet best = request.offset == 0 && request.limit >= kFeedbackDocs ? mset : enquire.get_mset(0, kFeedbackDocs);
    Xapian::RSet rset;
    std::set<std::string> written;
    // Stem -> how often each form of it is written in those hits, to show a word, not a stem.
    std::map<std::string, std::map<std::string, std::size_t>> forms;
    Xapian::doccount used = 0;
    for (auto it = best.begin(); it != best.end() && used < kFeedbackDocs; ++it, ++used) {
        rset.add_document(*it);
        for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t)
            if (t.get_wdf() > 0) written.insert(*t);
        const Document doc = stored_document(it.get_document());
        const std::string text = doc.title + "\n" + doc.summary + "\n" + doc.body;
        const Xapian::Stem& stem = stemmer(analysis::analysis_of_label(doc.lang));
        std::string term(analysis::kStemPrefix);
        for_each_word(text, [&](const std::string& word) {
            term.resize(analysis::kStemPrefix.size());
            term += stem(word);
            ++forms[term][word];
        });
    }
    std::set<std::string> query_terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
    RelatedDecider decider(std::move(written), std::move(query_terms));
    // Ask for more than needed: two stems can share their commonest written form.
    Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(request.related * 2), rset, &decider);
    std::vector<RelatedTerm> related;
    std::set<std::string> shown;
    for (auto e = eset.begin(); e != eset.end() && related.size() < request.related; ++e) {
        std::string word = (*e).substr(analysis::kStemPrefix.size());
        if (auto f = forms.find(*e); f != forms.end() && !f->second.empty())
            word = std::max_element(f->second.begin(), f->second.end(), [](const auto& a, const auto& b) {
                       return a.second < b.second;
                   })->first;
        if (shown.insert(word).second) related.push_back({word, e.get_weight()});
    }
    return related;
}

// A word is known when the index has it, or an inflection of it, or all its compound parts.
std::string Searcher::spelling_suggestion(Xapian::Database& db, const std::string& query) {
    if (analysis::ablated(analysis::Feature::Spelling)) return {};
    auto known = [&](const std::string& word) {
        for (auto lang : analysis::kLanguages)
            if (db.term_exists(analysis::stem_term(stemmer(lang), word))) return true;
        return false;
    };
    std::vector<std::string> tokens = split_query_tokens(query);
    bool changed = false;
    for (const auto& word : plain_query_words(query)) {
        const std::string folded = analysis::fold_word(word);
        if (folded.size() < 3 || known(folded) || thesaurus().knows(folded)) continue;
        const auto parts = analysis::ablated(analysis::Feature::Compounds)
                               ? std::vector<std::string>{}
                               : analysis::CompoundSplitter::dutch().split(folded);
        spelling_without_remote_ = has_remote();
        std::string better;
        if (!parts.empty() && std::all_of(parts.begin(), parts.begin() + 2, known)) {
            // Known through its parts; still, the whole word of the index one edit away is what
            // the user more likely meant (tijdszone: tijdzone), and the query looks for it too.
            better = nearby_whole_word(db, folded);
            if (better.empty()) continue;
        } else {
            try {
                better = db.get_spelling_suggestion(folded, 2);
            } catch (const Xapian::UnimplementedError&) {
                return {};  // a remote index: Xapian's remote protocol carries no spelling dictionary
            }
        }
        if (better.empty() || better == folded || !known(better)) continue;
        for (auto& token : tokens) {
            const std::size_t at = token.find(word);
            if (at == std::string::npos) continue;
            token.replace(at, word.size(), better);
            changed = true;
            break;
        }
    }
    if (!changed) return {};
    return fmt::format("{}", fmt::join(tokens, " "));
}

Document Searcher::get(const std::string& id) {
    return read([&](Xapian::Database& db) {
        const std::string term = schema::id_term(id);
        auto it = db.postlist_begin(term);
        if (it == db.postlist_end(term)) throw NotFoundError(fmt::format("no document with id '{}'", id));
        return stored_document(db.get_document(*it));
    });
}

FoundDocument Searcher::find(const std::string& reference, const std::filesystem::path& cwd) {
    return read([&](Xapian::Database& db) { return find_document(db, reference, cwd); });
}

std::vector<Xapian::docid> Searcher::matching_ids(Xapian::Database& db, const std::string& query_text) {
    std::vector<Xapian::docid> ids;
    if (query_text.find_first_not_of(" \t\n") == std::string::npos) {
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) ids.push_back(*it);
        return ids;
    }
    check_query_size(query_text);
    QueryBuilder builder(db);
    builder.set_near_words(false);  // a script's match, as typed (as --exact)
    Xapian::Enquire enquire(db);
    enquire.set_query(builder.build(thesaurus().expand(query_text)));
    // Without weights every match ties, and ties come in docid order: the order the record
    // values are read in. (Ranked by weight, a later docid could come first and be looked for
    // behind the value cursor.)
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    return ids;
}

Document Searcher::decode_record(const std::string& record) {
    try {
        return document_from_record(record);
    } catch (const nlohmann::json::exception& e) {
        throw IndexError(fmt::format("a stored record in the index cannot be read: {}", e.what()));
    }
}

}  // namespace kb

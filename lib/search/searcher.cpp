#include "search/searcher.h"

#include <algorithm>
#include <fmt/format.h>
#include <memory>

#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/language.h"
#include "analysis/stemmer.h"
#include "error.h"
#include "index/analyzer.h"
#include "index/schema.h"
#include "search/query_builder.h"

namespace kb {

namespace {

// Private markers for Xapian's snippet highlighting; removed from the text before use.
const std::string kMarkStart = "\x02";
const std::string kMarkEnd = "\x03";

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

}  // namespace

Searcher::Searcher(const IndexStore& store) : store_(store), db_(store.open_for_reading()) {}

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
            return response;
        });
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError(fmt::format("cannot parse the query '{}': {}", request.query, e.get_msg()));
    } catch (const Xapian::WildcardError& e) {
        throw QueryError(wildcard_too_broad_message(request.query, e));
    }
}

SearchResponse Searcher::run(Xapian::Database& db, const SearchRequest& request, const std::string& query_text) {
    QueryBuilder builder(db);
    Xapian::Query query = builder.build(query_text);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    switch (request.sort) {
        case SortOrder::Relevance: break;
        case SortOrder::DateNewest: enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true); break;
        case SortOrder::DateOldest: enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false); break;
    }
    Xapian::ValueCountMatchSpy by_type(schema::kTypeSlot), by_lang(schema::kLangSlot), by_format(schema::kFormatSlot),
        by_date(schema::kDateSlot);
    // Examining the first thousand matches makes the count exact for most queries at little cost.
    Xapian::doccount check_at_least =
        static_cast<Xapian::doccount>(std::max<std::size_t>(request.offset + request.limit, 1000));
    if (request.facets) {
        for (auto* spy : {&by_type, &by_lang, &by_format, &by_date}) enquire.add_matchspy(spy);
        check_at_least = db.get_doccount();  // facet counts must cover every match
    }
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit), check_at_least);
    SearchResponse response;
    response.total_estimate = mset.get_matches_estimated();
    response.total_lower = mset.get_matches_lower_bound();
    response.total_upper = mset.get_matches_upper_bound();
    Xapian::MSet highlights;
    if (!mset.empty()) {  // the highlighter's statistics are only needed for snippets
        Xapian::Enquire highlighter(db);
        highlighter.set_query(highlight_query(query, builder.wildcards()));
        highlights = highlighter.get_mset(0, 0);
    }
    for (auto it = mset.begin(); it != mset.end(); ++it)
        response.hits.push_back(make_hit(it.get_document(), it.get_rank() + 1,  // get_rank() counts the offset
                                         it.get_weight(), it.get_percent(), highlights, request));
    if (request.facets) {
        auto collect = [](Xapian::ValueCountMatchSpy& spy, std::map<std::string, std::uint64_t>& out) {
            for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
                if (!(*v).empty()) out[*v] += v.get_termfreq();
        };
        collect(by_type, response.facets["type"]);
        collect(by_lang, response.facets["lang"]);
        collect(by_format, response.facets["format"]);
        for (auto v = by_date.values_begin(); v != by_date.values_end(); ++v)
            if ((*v).size() >= 4) response.facets["year"][(*v).substr(0, 4)] += v.get_termfreq();
    }
    if (request.sort == SortOrder::Relevance && response.total_upper < SearchResponse::kFewMatches)
        add_partial_matches(db, request, query_text, builder, query, response);
    return response;
}

SearchHit Searcher::make_hit(const Xapian::Document& xdoc, std::size_t rank, double score, int percent,
                             const Xapian::MSet& highlights, const SearchRequest& request) {
    SearchHit hit;
    hit.doc = stored_document(xdoc);
    hit.rank = rank;
    hit.score = score;
    hit.percent = percent;
    std::string text = hit.doc.body.empty() ? hit.doc.summary : hit.doc.body;
    // The highlight markers must not occur in the text itself.
    std::replace_if(text.begin(), text.end(), [](char c) { return c == kMarkStart[0] || c == kMarkEnd[0]; }, ' ');
    const std::string lang = analysis::analysis_language(hit.doc.lang, text);
    std::string raw = highlights.snippet(text, request.snippet_length, analysis::stemmer_for(lang),
                                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                         kMarkStart, kMarkEnd, "…");
    decode_snippet(raw, hit.snippet, hit.highlights);
    return hit;
}

// Plain OR ranks a document that repeats one word above one that has them all; so documents
// with all the words come first, whatever their weight, and the others follow ranked by how
// many of the words they have, then by weight.
void Searcher::add_partial_matches(Xapian::Database& db, const SearchRequest& request, const std::string& query_text,
                                   QueryBuilder& builder, const Xapian::Query& all, SearchResponse& response) {
    const std::vector<std::string> words = plain_query_words(query_text);
    if (words.size() < 2) return;
    for (const auto& token : split_query_tokens(query_text))
        if (is_query_operator(token)) return;  // the user said how the words combine
    Xapian::Query any = builder.build(query_text, Xapian::Query::OP_OR);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, any, all));
    const std::size_t all_count = response.total_upper;
    const std::size_t want = request.offset + request.limit;
    if (want <= all_count) return;
    constexpr Xapian::doccount kCandidates = 200;
    Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(kCandidates, static_cast<Xapian::doccount>(want)));
    response.partial_total = mset.get_matches_estimated();
    struct Candidate {
        std::size_t words;
        double weight;
        int percent;
        Xapian::MSetIterator it;
    };
    std::vector<Candidate> ranked;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::size_t n = 0;
        for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t)
            if ((*t).rfind(analysis::kStemPrefix, 0) == 0) ++n;
        ranked.push_back({n, it.get_weight(), it.get_percent(), it});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
        return a.words != b.words ? a.words > b.words : a.weight > b.weight;
    });
    Xapian::Enquire highlighter(db);
    highlighter.set_query(highlight_query(any, builder.wildcards()));
    Xapian::MSet highlights = highlighter.get_mset(0, 0);
    const std::size_t first = request.offset > all_count ? request.offset - all_count : 0;
    for (std::size_t i = first; i < ranked.size() && response.hits.size() < request.limit; ++i) {
        SearchHit hit = make_hit(ranked[i].it.get_document(), all_count + i + 1, ranked[i].weight,
                                 ranked[i].percent, highlights, request);
        hit.partial = true;
        response.hits.push_back(std::move(hit));
    }
}

// A word is known when the index has it, or an inflection of it, or all its compound parts.
std::string Searcher::spelling_suggestion(Xapian::Database& db, const std::string& query) {
    auto known = [&](const std::string& word) {
        for (auto lang : analysis::kLanguages) {
            Xapian::Stem stem = analysis::stemmer_for(lang);
            std::string term(analysis::kStemPrefix);
            term += stem(word);
            if (db.term_exists(term)) return true;
        }
        return false;
    };
    std::vector<std::string> tokens = split_query_tokens(query);
    bool changed = false;
    for (const auto& word : plain_query_words(query)) {
        const std::string folded = analysis::fold_word(word);
        if (folded.size() < 3 || known(folded)) continue;
        const auto parts = analysis::CompoundSplitter::dutch().split(folded);
        if (!parts.empty() && std::all_of(parts.begin(), parts.begin() + 2, known)) continue;
        const std::string better = db.get_spelling_suggestion(folded, 2);
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
    QueryBuilder builder(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(builder.build(query_text));
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
        return document_from_json(nlohmann::json::parse(record));
    } catch (const nlohmann::json::exception& e) {
        throw IndexError(fmt::format("a stored record in the index cannot be read: {}", e.what()));
    }
}

}  // namespace kb

#include "search/query_builder.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/ablation.h"
#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/stemmer.h"
#include "error.h"
#include "index/schema.h"
#include "text/date.h"

namespace kb {

namespace {

// NEAR, ADJ, NEAR/n, ADJ/n.
bool is_proximity_operator(std::string_view word) {
    return word == "NEAR" || word == "ADJ" ||
           ((word.rfind("NEAR/", 0) == 0 || word.rfind("ADJ/", 0) == 0) && word.size() > 4);
}

// EN, OF, NIET: the Dutch for AND, OR, NOT (capitals only, as Xapian's own); "" for any other word.
std::string_view english_operator(std::string_view word) {
    if (word == "EN") return "AND";
    if (word == "OF") return "OR";
    if (word == "NIET") return "NOT";
    return {};
}

bool is_operator(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || is_proximity_operator(word) ||
           !english_operator(word).empty();
}

// The whitespace-separated tokens of a query, and back: the parser reads any run of spaces as one.
std::vector<std::string> split_tokens(const std::string& query) {
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while ((i = query.find_first_not_of(" \t\n", i)) != std::string::npos) {
        std::size_t j = query.find_first_of(" \t\n", i);
        if (j == std::string::npos) j = query.size();
        tokens.push_back(query.substr(i, j - i));
        i = j;
    }
    return tokens;
}

std::string join_tokens(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& token : tokens) {
        if (!out.empty()) out += ' ';
        out += token;
    }
    return out;
}

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                                  Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;

// Normalises a filter value the way the index stored it, so tag:"NAP 1325" finds tag nap1325.
class FilterFieldProcessor : public Xapian::FieldProcessor {
public:
    FilterFieldProcessor(const Xapian::Database& db, std::string_view prefix) : db_(db), prefix_(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return filter_term_query(db_, schema::boolean_term(prefix_, value));
    }

private:
    Xapian::Database db_;
    std::string prefix_;
};

// Field name under which a rewritten wildcard reaches its processor: "vred*" becomes
// "kbwildcard:vred" and "title:vred*" becomes "kbwildcardtitle:vred".
constexpr std::string_view kWildcardField = "kbwildcard";

// Xapian's own wildcards expand over unstemmed terms, which a stems-only index does not have.
// This one expands over the stems that start with the typed letters, and adds the stem of the
// typed word itself, so "vrouwen*" finds vrouwen (stem vrouw) as well as vrouwenrechten.
class WildcardProcessor : public Xapian::FieldProcessor {
public:
    WildcardProcessor(std::string prefix, Xapian::Stem stemmer) : prefix_(std::move(prefix)), stemmer_(std::move(stemmer)) {}
    Xapian::Query operator()(const std::string& marked) override {
        // rewrite_wildcards() adds "_" after the word; see there.
        const std::string word = !marked.empty() && marked.back() == '_' ? marked.substr(0, marked.size() - 1) : marked;
        const std::string base = std::string(analysis::kStemPrefix) + prefix_;
        // Past the limit Xapian throws WildcardError when the query runs (Searcher reports it).
        return Xapian::Query(Xapian::Query::OP_OR,
                             Xapian::Query(Xapian::Query::OP_WILDCARD, base + word, kMaxWildcardExpansion,
                                           Xapian::Query::WILDCARD_LIMIT_ERROR),
                             Xapian::Query(base + stemmer_(word)));
    }

private:
    std::string prefix_;
    Xapian::Stem stemmer_;
};

bool is_word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

bool probabilistic_field(std::string_view name) {
    const schema::Field* f = schema::query_field(name);
    return f && f->kind == schema::FieldKind::Text;
}

// The field name under which a checked date period reaches the range processor:
// "year:2015..2019" becomes "kbdate:20150101..20191231".
constexpr std::string_view kDateRangeField = "kbdate:";

// `name` as the user typed it (year or jaar, date or datum).
std::string date_form_hint(const schema::Field& f, std::string_view name) {
    if (f.facet == schema::FacetForm::Year)
        return fmt::format("write {0}:2019, a range {0}:2015..2019, or an open one {0}:2015.. or {0}:..2019", name);
    return fmt::format("write {0}:2019, {0}:2019-03 or {0}:2019-03-08, or a range such as {0}:2015..2019 or "
                       "{0}:2019-03-01..2019-06-30 (either end may be left open: {0}:2015..)",
                       name);
}

}  // namespace

int quote_marks(std::string_view token) {
    int n = 0;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '"') ++n;
        else if (token.compare(i, 3, "\xe2\x80\x9c") == 0 || token.compare(i, 3, "\xe2\x80\x9d") == 0) ++n;
    }
    return n;
}

std::string rewrite_wildcards(const std::string& query, std::vector<std::string>* words) {
    const std::vector<std::string> tokens = split_tokens(query);
    std::vector<std::string> out_tokens;
    std::size_t wildcard_count = 0;
    bool in_phrase = false;
    std::string group_field;  // inside title:( ... ), the field of the group
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const std::string& token = tokens[t];
        std::string rewritten = token;
        const int quotes = quote_marks(token);
        // [+-(]* [field:][(] word * [),.;:!?]*
        const std::size_t lead = token.find_first_not_of("+-(");
        const std::size_t end = token.find_last_not_of("),.;:!?");
        std::string field_here;
        if (lead != std::string::npos) {
            const std::size_t colon = token.find(':', lead);
            if (colon != std::string::npos && probabilistic_field(std::string_view(token).substr(lead, colon - lead)))
                field_here = token.substr(lead, colon - lead);
        }
        const bool opens_group = !field_here.empty() && token.compare(lead + field_here.size() + 1, 1, "(") == 0;
        if (quotes == 0 && !in_phrase && lead != std::string::npos && end != std::string::npos && end > lead &&
            token[end] == '*') {
            std::size_t word_start = lead;
            std::string field = group_field;
            if (!field_here.empty()) {
                field = field_here;
                word_start = lead + field_here.size() + 1 + (opens_group ? 1 : 0);
            }
            std::string word = word_start < end ? token.substr(word_start, end - word_start) : std::string();
            while (!word.empty() && word.back() == '*') word.pop_back();  // vred** is vred*
            const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
                return is_word_char(static_cast<unsigned char>(c));
            });
            if (plain && token.find(':', word_start) == std::string::npos) {
                const bool near_op = (t > 0 && is_proximity_operator(tokens[t - 1])) ||
                                     (t + 1 < tokens.size() && is_proximity_operator(tokens[t + 1]));
                if (near_op)
                    throw QueryError(fmt::format("'{}': a wildcard cannot be used with NEAR or ADJ; use AND, or spell "
                                                 "the words out",
                                                 token));
                // The trailing "_" keeps Xapian's stop list away from the word (over*, men*).
                rewritten = token.substr(0, lead) + (opens_group ? field + ":(" : std::string()) +
                            std::string(kWildcardField) + field + ":" + word + "_" + token.substr(end + 1);
                if (words) words->push_back(word);
                if (++wildcard_count > kMaxWildcards)
                    throw QueryError(fmt::format("the query has more than {} wildcards (words with *); search for "
                                                 "fewer at a time",
                                                 kMaxWildcards));
            }
        }
        if (quotes % 2 == 1) in_phrase = !in_phrase;
        if (opens_group)
            group_field = token.find(')', lead) == std::string::npos ? field_here : std::string();
        else if (token.find(')') != std::string::npos)
            group_field.clear();
        out_tokens.push_back(std::move(rewritten));
    }
    return join_tokens(out_tokens);
}

std::string wildcard_too_broad_message(const std::string& query, const Xapian::WildcardError& error) {
    // Xapian names the pattern with the index's term prefix ("Wildcard Zvred* expands to more
    // than 1000 terms"); the typed wildcard is the longest one the pattern ends with.
    const std::string message = error.get_msg();
    const std::size_t star = message.find('*');
    const std::string pattern = star == std::string::npos ? std::string() : message.substr(0, star);
    std::vector<std::string> words;
    rewrite_wildcards(normalize_query_case(query), &words);
    std::string culprit;
    for (const auto& word : words)
        if (pattern.ends_with(word) && word.size() > culprit.size()) culprit = word;
    const std::string which = culprit.empty() ? "a wildcard" : fmt::format("the wildcard '{}*'", culprit);
    return fmt::format("cannot run the query '{}': {} matches more than {} different words (the limit); put more "
                       "letters before the * (vrede* rather than v*), or search one field (title:{}*)",
                       query, which, kMaxWildcardExpansion, culprit.empty() ? "vred" : culprit);
}

std::string normalize_query_case(const std::string& query) {
    std::vector<std::string> tokens = split_tokens(query);
    bool in_phrase = false;
    for (auto& word : tokens) {
        const bool phrase_word = in_phrase;
        if (quote_marks(word) % 2 == 1) in_phrase = !in_phrase;
        // File paths are case-sensitive: source:/bron: values stay as typed.
        const std::size_t lead = std::min(word.find_first_not_of("+-("), word.size());
        const std::size_t colon = word.find(':', lead);
        const schema::Field* field =
            colon == std::string::npos ? nullptr : schema::query_field(std::string_view(word).substr(lead, colon - lead));
        if (field && field->exact_case) continue;
        if (!phrase_word && !english_operator(word).empty())
            word = english_operator(word);
        else if (!is_operator(word) || (phrase_word && !english_operator(word).empty()))
            word = Xapian::Unicode::tolower(word);
    }
    return join_tokens(tokens);
}

std::string rewrite_dates(const std::string& query) {
    std::vector<std::string> tokens = split_tokens(query);
    bool in_phrase = false;
    for (auto& token : tokens) {
        const bool phrase_word = in_phrase;
        if (quote_marks(token) % 2 == 1) in_phrase = !in_phrase;
        if (phrase_word) continue;
        const std::size_t lead = token.find_first_not_of("+-(");
        const std::size_t colon = lead == std::string::npos ? std::string::npos : token.find(':', lead);
        if (colon == std::string::npos) continue;
        const schema::Field* field = schema::query_field(std::string_view(token).substr(lead, colon - lead));
        if (!field || field->kind != schema::FieldKind::Date) continue;
        const std::size_t end = token.find_last_not_of(')');
        const std::string value = end == std::string::npos || end < colon ? std::string() : token.substr(colon + 1, end - colon);
        const bool years = field->facet == schema::FacetForm::Year;
        const std::string typed = token.substr(lead, end == std::string::npos ? std::string::npos : end - lead + 1);
        auto refuse = [&](std::string_view why) {
            throw QueryError(fmt::format("'{}' {}; {}", typed, why, date_form_hint(*field, std::string_view(token).substr(lead, colon - lead))));
        };
        if (value.find_first_of("<>=") != std::string::npos)
            refuse("compares with < or >, which kb does not support");
        std::string first, last, unused;
        const std::size_t dots = value.find("..");
        if (dots == std::string::npos) {
            if (!text::parse_period(value, years, first, last))
                refuse(years ? "is not a year" : "is not a date kb understands");
        } else {
            const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
            if (from.empty() && to.empty()) refuse("has no start and no end");
            if (!from.empty() && !text::parse_period(from, years, first, unused))
                refuse(fmt::format("starts with '{}', which is not {}", from, years ? "a year" : "a date kb understands"));
            if (!to.empty() && !text::parse_period(to, years, unused, last))
                refuse(fmt::format("ends with '{}', which is not {}", to, years ? "a year" : "a date kb understands"));
            if (!first.empty() && !last.empty() && first > last) refuse("ends before it starts");
        }
        // Xapian cannot put + or - before a range: a range is a filter anyway (+), and -range is
        // NOT range.
        std::string before = token.substr(0, lead);
        const bool negated = before.find('-') != std::string::npos;
        std::erase_if(before, [](char c) { return c == '+' || c == '-'; });
        token = (negated ? "NOT " : "") + before + std::string(kDateRangeField) + first + ".." + last +
                token.substr(end + 1);
    }
    return join_tokens(tokens);
}

namespace {

// A word a user typed: letters (any script) only, no field, operator or quote.
bool plain_word(std::string_view token) {
    if (token.empty() || is_operator(token)) return false;
    return std::all_of(token.begin(), token.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalpha(u) || u >= 0x80;
    });
}

// Walks the tokens outside quoted phrases, with brackets and punctuation around a word set aside.
template <typename Visit>
void for_each_free_token(std::vector<std::string>& tokens, Visit visit) {
    bool in_phrase = false;
    for (auto& token : tokens) {
        const int quotes = quote_marks(token);
        if (quotes == 0 && !in_phrase) {
            const std::size_t lead = token.find_first_not_of("(");
            const std::size_t end = token.find_last_not_of("),.;!?");
            if (lead != std::string::npos && end != std::string::npos && end >= lead)
                visit(token, lead, token.substr(lead, end - lead + 1));
        }
        if (quotes % 2 == 1) in_phrase = !in_phrase;
    }
}

// The same, for the plain words alone.
template <typename Visit>
void for_each_free_word(std::vector<std::string>& tokens, Visit visit) {
    for_each_free_token(tokens, [&](std::string& token, std::size_t lead, const std::string& word) {
        if (plain_word(word)) visit(token, lead, word);
    });
}

// A plain word, or plain words joined by hyphens: e-mail, VN-Veiligheidsraad (not -geweld, nor e-).
bool hyphen_joined_words(std::string_view word) {
    for (std::size_t at = 0; at <= word.size();) {
        const std::size_t dash = std::min(word.find('-', at), word.size());
        if (dash == at || !plain_word(word.substr(at, dash - at))) return false;
        at = dash + 1;
    }
    return true;
}

// Two words typed apart that the lexicon reads as one compound (vrouwen organisaties, bestands
// systeem): the compound's term, when the index has it. The two words already match the
// documents that use the compound, through the parts indexed at its position, but a part carries
// no weight (DocumentAnalyzer::add_compound_parts), so without this the pages about
// bestandssystemen ranked below any page that says bestand and systeem somewhere.
std::vector<std::string> joined_compound_terms(const std::string& query, const Xapian::Database& db) {
    std::vector<std::string> terms;
    if (analysis::ablated(analysis::Feature::Compounds)) return terms;
    const std::vector<std::string> tokens = split_tokens(query);
    std::optional<Xapian::Stem> dutch;
    bool in_phrase = false;
    int depth = 0;  // inside brackets, which may belong to a field (title:(...)) or a minus
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (quote_marks(tokens[i]) % 2 == 1) in_phrase = !in_phrase;
        if (!in_phrase)
            for (char c : tokens[i]) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (in_phrase || depth != 0 || !plain_word(tokens[i]) || !plain_word(tokens[i + 1])) continue;
        const std::string joined = analysis::fold_word(tokens[i]) + analysis::fold_word(tokens[i + 1]);
        if (analysis::CompoundSplitter::dutch().split(joined).empty()) continue;
        if (!dutch) dutch = analysis::stemmer_for("nl");
        const std::string term = analysis::stem_term(*dutch, joined);
        if (db.term_exists(term) && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    }
    return terms;
}

}  // namespace

std::vector<std::string> split_query_tokens(const std::string& query) { return split_tokens(query); }

bool is_query_operator(std::string_view token) { return is_operator(token); }

std::string nearby_whole_word(const Xapian::Database& db, const std::string& folded) {
    const Xapian::Stem dutch = analysis::stemmer_for("nl");
    auto indexed = [&](const std::string& word) { return db.term_exists(analysis::stem_term(dutch, word)); };
    if (indexed(folded)) return {};
    std::string near;
    try {
        near = db.get_spelling_suggestion(folded, 1);
    } catch (const Xapian::UnimplementedError&) {
        return {};  // a remote index carries no spelling dictionary
    }
    return !near.empty() && near != folded && indexed(near) ? near : std::string();
}

std::string expand_compounds(const std::string& query, const std::function<std::string(const std::string&)>& near_word) {
    if (analysis::ablated(analysis::Feature::Compounds)) return query;
    std::vector<std::string> tokens = split_tokens(query);
    for_each_free_word(tokens, [&near_word](std::string& token, std::size_t lead, const std::string& word) {
        // A word too short to split need not load the lexicon (a one-word search often is).
        const std::string folded = analysis::fold_word(word);
        if (folded.size() < analysis::CompoundSplitter::kShortestCompound) return;
        const auto parts = analysis::CompoundSplitter::dutch().split(folded);
        if (parts.size() < 2) return;
        std::string alternatives = word + " OR \"" + parts[0] + " " + parts[1] + "\"";
        if (near_word && !analysis::ablated(analysis::Feature::Spelling))
            if (const std::string near = near_word(folded); !near.empty()) alternatives += " OR " + near;
        token = token.substr(0, lead) + "(" + alternatives + ")" + token.substr(lead + word.size());
    });
    return join_tokens(tokens);
}

std::vector<std::string> plain_query_words(const std::string& query) {
    std::vector<std::string> tokens = split_tokens(query);
    std::vector<std::string> words;
    for_each_free_word(tokens, [&](std::string&, std::size_t, const std::string& word) { words.push_back(word); });
    return words;
}

std::size_t free_word_count(const std::string& query) {
    std::vector<std::string> tokens = split_tokens(query);
    std::size_t count = 0;
    for_each_free_token(tokens, [&](std::string&, std::size_t, const std::string& word) {
        count += hyphen_joined_words(word);
    });
    return count;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db) {}

Xapian::Query filter_term_query(const Xapian::Database& db, const std::string& term) {
    const Xapian::doccount all = db.get_doccount();
    if (all > 0 && db.get_termfreq(term) == all) return Xapian::Query::MatchAll;
    return Xapian::Query(term);
}

bool unweighted_match_is_safe(const Xapian::Database& db) {
    return db.size() == 1 && db.get_lastdocid() == db.get_doccount();
}

void check_query_size(std::string_view query) {
    if (query.size() > kMaxQueryBytes)
        throw QueryError(fmt::format("the query is {} KB long; at most {} KB are searched: search for its key words",
                                     (query.size() + 1023) / 1024, kMaxQueryBytes / 1024));
    std::size_t words = 0;
    for (std::size_t at = 0; (at = query.find_first_not_of(" \t\r\n", at)) != std::string_view::npos;) {
        ++words;
        at = query.find_first_of(" \t\r\n", at);
        if (at == std::string_view::npos) break;
    }
    if (words > kMaxQueryWords)
        throw QueryError(fmt::format("the query has {} words; at most {} are searched: search for its key words",
                                     words, kMaxQueryWords));
}

Xapian::Query QueryBuilder::build(const std::string& raw, Xapian::Query::op default_op) {
    wildcards_.clear();
    std::function<std::string(const std::string&)> near_word;
    if (near_words_)
        near_word = [this](const std::string& folded) {
            auto it = near_words_found_.find(folded);
            if (it == near_words_found_.end()) it = near_words_found_.emplace(folded, nearby_whole_word(db_, folded)).first;
            return it->second;
        };
    const std::string query =
        expand_compounds(rewrite_wildcards(rewrite_dates(normalize_query_case(raw)), &wildcards_), near_word);
    if (query.find_first_not_of(" \t\n") == std::string::npos) return Xapian::Query::MatchAll;

    // Each document was analysed in exactly one language (one XAN term), so a language without
    // documents needs no parse, and a parse that every analysed language shares needs no filter:
    // (Q FILTER nl) OR (Q FILTER en) is Q. In a one-language index a one-word query is then the
    // bare term, as quest runs it; the filtered form cost a common word at 100,000 documents
    // half as much again in the matcher.
    const Xapian::doccount all = db_.get_doccount();
    std::vector<Xapian::doccount> analysed;
    for (auto lang : analysis::kLanguages)
        analysed.push_back(db_.get_termfreq(std::string(schema::kAnalysisPrefix) + std::string(lang)));
    const bool any_analysed = std::any_of(analysed.begin(), analysed.end(), [](auto n) { return n > 0; });
    std::vector<Xapian::Query> parses, filtered;
    Xapian::doccount covered = 0;
    // Range processors are owned by the parser through release().
    for (std::size_t l = 0; l < std::size(analysis::kLanguages); ++l) {
        const std::string_view lang = analysis::kLanguages[l];
        // Still parsed in an empty index, so that a malformed query is refused there too.
        if (any_analysed && analysed[l] == 0) continue;
        covered += analysed[l];
        Xapian::QueryParser parser;
        parser.set_database(db_);
        parser.set_stemmer(analysis::stemmer_for(lang));
        parser.set_stemming_strategy(analysis::kQueryStemming);
        parser.set_stopper(&analysis::stopper_for(lang));
        parser.set_default_op(default_op);
        // The parser's own wildcards and partial words are off (kParserFlags), but should they be
        // turned on they get the same bound as ours.
        parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                                 Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
        for (const auto& field : schema::kFields) {
            if (!schema::is_query_field(field)) continue;
            for (std::string_view name : {field.name, field.dutch}) {
                if (field.kind == schema::FieldKind::Filter || field.kind == schema::FieldKind::Both) {
                    // A document holds several tags, so tag:a tag:b asks for both (a grouping of
                    // its own for each filter); it holds one type, so type:a soort:b asks for either.
                    const std::string grouping = field.multiple ? std::string() : std::string(field.name);
                    parser.add_boolean_prefix(std::string(name), (new FilterFieldProcessor(db_, field.prefix))->release(),
                                              &grouping);
                } else if (field.kind == schema::FieldKind::Text) {
                    parser.add_prefix(std::string(name), std::string(field.prefix));
                    parser.add_prefix(std::string(kWildcardField) + std::string(name),
                                      (new WildcardProcessor(std::string(field.prefix), analysis::stemmer_for(lang)))
                                          ->release());
                }
            }
        }
        parser.add_prefix(std::string(kWildcardField),
                          (new WildcardProcessor("", analysis::stemmer_for(lang)))->release());
        // Every date and year condition arrives here checked and widened by rewrite_dates(). A
        // document has one date, so two conditions mean either (as two types do).
        const std::string date_group(schema::field("date").name);
        parser.add_rangeprocessor(
            (new Xapian::RangeProcessor(schema::field("date").slot, std::string(kDateRangeField)))->release(),
            &date_group);
        try {
            // Each document is matched under the language it was analysed in, so negations and
            // stems agree with how its terms were made.
            parses.push_back(parser.parse_query(query, kParserFlags));
            filtered.emplace_back(Xapian::Query::OP_FILTER, parses.back(),
                                  filter_term_query(db_, std::string(schema::kAnalysisPrefix) + std::string(lang)));
        } catch (const Xapian::QueryParserError& e) {
            throw QueryError(fmt::format("cannot parse the query '{}': {}", raw, e.get_msg()));
        }
    }
    const bool one_parse = std::all_of(parses.begin(), parses.end(), [&](const Xapian::Query& q) {
        return q.get_description() == parses.front().get_description();
    });
    Xapian::Query parsed = any_analysed && covered == all && one_parse
                               ? parses.front()
                               : Xapian::Query(Xapian::Query::OP_OR, filtered.begin(), filtered.end());
    // Weight only: the documents that use a compound typed apart rank by it as well, counted as
    // the two words it stands for (a part alone weighs nothing).
    const std::vector<std::string> compounds = joined_compound_terms(normalize_query_case(raw), db_);
    if (compounds.empty()) return parsed;
    boost_terms_.insert(compounds.begin(), compounds.end());
    const Xapian::Query joined(Xapian::Query::OP_OR, compounds.begin(), compounds.end());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, joined, 2.0));
}

}  // namespace kb

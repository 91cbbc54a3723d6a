#include "search/query_builder.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <memory>
#include <vector>

#include "analysis/stemmer.h"
#include "error.h"
#include "index/schema.h"

namespace kb {

namespace {

bool is_operator(const std::string& word) {
    if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ")
        return true;
    return (word.rfind("NEAR/", 0) == 0 || word.rfind("ADJ/", 0) == 0) && word.size() > 4;
}

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                                  Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;

// Normalises a filter value the way the index stored it, so tag:"NAP 1325" finds tag nap1325.
class FilterFieldProcessor : public Xapian::FieldProcessor {
public:
    explicit FilterFieldProcessor(std::string_view prefix) : prefix_(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::boolean_term(prefix_, value));
    }

private:
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
    Xapian::Query operator()(const std::string& word) override {
        const std::string base = std::string(analysis::kStemPrefix) + prefix_;
        return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_WILDCARD, base + word),
                             Xapian::Query(base + stemmer_(word)));
    }

private:
    std::string prefix_;
    Xapian::Stem stemmer_;
};

bool is_word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

}  // namespace

std::string rewrite_wildcards(const std::string& query) {
    std::string out;
    out.reserve(query.size());
    bool in_phrase = false;
    std::size_t i = 0;
    while (i < query.size()) {
        if (query[i] == ' ' || query[i] == '\t' || query[i] == '\n') {
            out += query[i++];
            continue;
        }
        std::size_t j = query.find_first_of(" \t\n", i);
        if (j == std::string::npos) j = query.size();
        const std::string token = query.substr(i, j - i);
        i = j;
        const bool quoted = token.find('"') != std::string::npos;
        if (quoted) {
            if (std::count(token.begin(), token.end(), '"') % 2 == 1) in_phrase = !in_phrase;
            out += token;
            continue;
        }
        // [+-(]* [field:] word * [)]*
        std::size_t lead = token.find_first_not_of("+-(");
        std::size_t end = token.find_last_not_of(')');
        if (in_phrase || lead == std::string::npos || end == std::string::npos || end < lead ||
            token[end] != '*') {
            out += token;
            continue;
        }
        std::string core = token.substr(lead, end - lead);  // without the '*'
        std::string field;
        if (auto colon = core.find(':'); colon != std::string::npos) {
            field = core.substr(0, colon);
            core = core.substr(colon + 1);
            bool known = false;
            for (const auto& f : schema::kQueryFields) known = known || (!f.boolean && f.name == field);
            if (!known) {
                out += token;
                continue;
            }
        }
        if (core.empty() || !std::all_of(core.begin(), core.end(), [](char c) { return is_word_char(static_cast<unsigned char>(c)); })) {
            out += token;
            continue;
        }
        out += token.substr(0, lead);
        out += kWildcardField;
        out += field;
        out += ':';
        out += core;
        out += token.substr(end + 1);
    }
    return out;
}

std::string normalize_query_case(const std::string& query) {
    std::string out;
    out.reserve(query.size());
    std::size_t i = 0;
    while (i < query.size()) {
        if (query[i] == ' ' || query[i] == '\t' || query[i] == '\n') {
            out += query[i++];
            continue;
        }
        std::size_t j = i;
        while (j < query.size() && query[j] != ' ' && query[j] != '\t' && query[j] != '\n') ++j;
        std::string word = query.substr(i, j - i);
        // File paths are case-sensitive: source:/bron: values stay as typed.
        const bool path = word.rfind("source:", 0) == 0 || word.rfind("bron:", 0) == 0;
        out += is_operator(word) || path ? word : Xapian::Unicode::tolower(word);
        i = j;
    }
    return out;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db) {}

Xapian::Query QueryBuilder::build(const std::string& raw) {
    const std::string query = rewrite_wildcards(normalize_query_case(raw));
    if (query.find_first_not_of(" \t\n") == std::string::npos) return Xapian::Query::MatchAll;

    std::vector<Xapian::Query> parses;
    // Range processors are owned by the parser through release().
    for (auto lang : analysis::kLanguages) {
        Xapian::QueryParser parser;
        parser.set_database(db_);
        parser.set_stemmer(analysis::stemmer_for(lang));
        parser.set_stemming_strategy(analysis::kQueryStemming);
        parser.set_stopper(&analysis::query_stopper());
        parser.set_default_op(Xapian::Query::OP_AND);
        for (const auto& field : schema::kQueryFields) {
            if (field.boolean)
                parser.add_boolean_prefix(std::string(field.name),
                                          (new FilterFieldProcessor(field.prefix))->release());
            else
                parser.add_prefix(std::string(field.name), std::string(field.prefix));
        }
        parser.add_prefix(std::string(kWildcardField),
                          (new WildcardProcessor("", analysis::stemmer_for(lang)))->release());
        for (const auto& field : schema::kQueryFields)
            if (!field.boolean)
                parser.add_prefix(std::string(kWildcardField) + std::string(field.name),
                                  (new WildcardProcessor(std::string(field.prefix), analysis::stemmer_for(lang)))->release());
        for (auto date_field : schema::kDateFields)
            parser.add_rangeprocessor(
                (new Xapian::DateRangeProcessor(schema::kDateSlot, std::string(date_field)))->release());
        try {
            // Each document is matched under the language it was analysed in, so negations and
            // stems agree with how its terms were made.
            parses.emplace_back(Xapian::Query::OP_FILTER, parser.parse_query(query, kParserFlags),
                                Xapian::Query(std::string(schema::kAnalysisPrefix) + std::string(lang)));
        } catch (const Xapian::QueryParserError& e) {
            throw QueryError(fmt::format("cannot parse the query '{}': {}", raw, e.get_msg()));
        }
    }
    return Xapian::Query(Xapian::Query::OP_OR, parses.begin(), parses.end());
}

}  // namespace kb

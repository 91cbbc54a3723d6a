#include "search/query_builder.h"

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
                                  Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                  Xapian::QueryParser::FLAG_PURE_NOT;

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

}  // namespace

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
    const std::string query = normalize_query_case(raw);
    if (query.find_first_not_of(" \t\n") == std::string::npos) return Xapian::Query::MatchAll;

    std::vector<Xapian::Query> parses;
    // Range processors are owned by the parser through release().
    for (auto lang : analysis::kLanguages) {
        Xapian::QueryParser parser;
        parser.set_database(db_);
        parser.set_stemmer(analysis::stemmer_for(lang));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_stopper(&analysis::query_stopper());
        parser.set_default_op(Xapian::Query::OP_AND);
        for (const auto& field : schema::kQueryFields) {
            if (field.boolean)
                parser.add_boolean_prefix(std::string(field.name),
                                          (new FilterFieldProcessor(field.prefix))->release());
            else
                parser.add_prefix(std::string(field.name), std::string(field.prefix));
        }
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

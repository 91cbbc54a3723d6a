#include "search/thesaurus.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <system_error>

#include "analysis/folding.h"
#include "error.h"
#include "fs/replacement_file.h"
#include "search/query_builder.h"

namespace kb {

namespace {

// The domain's names in both languages, with their abbreviations. Each line is one group.
constexpr const char* kShippedGroups[] = {
    "VN, Verenigde Naties, UN, United Nations",
    "NAP, Nationaal Actieplan, National Action Plan",
    "NAP 1325, Nationaal Actieplan 1325, National Action Plan 1325",
    "WPS, Women Peace and Security, Vrouwen Vrede en Veiligheid",
    "VNVR, VN-Veiligheidsraad, Veiligheidsraad, UNSC, Security Council, UN Security Council",
    "UNSCR 1325, resolutie 1325, resolution 1325",
    "SGBV, seksueel en gendergerelateerd geweld, sexual and gender-based violence",
    "CEDAW, VN-Vrouwenverdrag, Vrouwenverdrag",
    "EU, Europese Unie, European Union",
    "NAVO, NATO",
    "ngo, niet-gouvernementele organisatie, non-governmental organisation, non-governmental organization",
    "mensenrechtenverdedigers, human rights defenders",
    "vredesonderhandelingen, vredesbesprekingen, peace negotiations, peace talks",
    "vredesopbouw, peacebuilding",
    "gendergelijkheid, gender equality",
    "geweld tegen vrouwen, violence against women",
    // Countries the Dutch and English documents on conflict and peace name differently: a search
    // for "syrie" should also find the English report on Syria. (Abbreviations such as VS or US
    // are left out: "us" is an English word.)
    "Syrië, Syria",
    "Jemen, Yemen",
    "Libië, Libya",
    "Irak, Iraq",
    "Soedan, Sudan",
    "Zuid-Soedan, South Sudan",
    "Somalië, Somalia",
    "Ethiopië, Ethiopia",
    "Oekraïne, Ukraine",
    "Libanon, Lebanon",
    "Jordanië, Jordan",
    "Tunesië, Tunisia",
    "Egypte, Egypt",
    "Marokko, Morocco",
    "Democratische Republiek Congo, DR Congo, Democratic Republic of the Congo",
    "Centraal-Afrikaanse Republiek, Central African Republic",
    "Palestijnse Gebieden, Palestinian Territories",
    "Myanmar, Birma, Burma",
    "Nederland, Netherlands",
};

// A user's file bigger than this is a mistake, not a thesaurus.
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;

// A letter or digit of ASCII, or any byte of a UTF-8 sequence (std::isalnum asks the locale, a
// call a byte that every search's thesaurus load paid for).
bool word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

std::string trim(const std::string& s) {
    const std::size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::vector<std::string> split_terms(const std::string& line) {
    std::vector<std::string> terms;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        std::string term = trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!synonym_key(term).empty()) terms.push_back(std::move(term));
        if (comma == std::string::npos) return terms;
        start = comma + 1;
    }
}

// A query token cut into the brackets before it, the part that may be a term, and the brackets
// and punctuation after it.
struct TokenParts {
    std::string lead, core, trail;
};

TokenParts cut(const std::string& token) {
    TokenParts p;
    const std::size_t a = token.find_first_not_of('(');
    if (a == std::string::npos) return {token, "", ""};
    const std::size_t b = token.find_last_not_of("),.;!?");
    if (b == std::string::npos || b < a) return {token, "", ""};
    return {token.substr(0, a), token.substr(a, b - a + 1), token.substr(b + 1)};
}

// Letters, digits and inner hyphens only: a word or hyphenated word a term can match.
bool plain_core(const std::string& core) {
    if (core.empty() || core.front() == '-' || core.back() == '-' || is_query_operator(core)) return false;
    return std::all_of(core.begin(), core.end(), [](char c) { return word_byte(static_cast<unsigned char>(c)) || c == '-'; });
}

}  // namespace

std::string synonym_key(const std::string& term) {
    std::string key;
    const std::string_view text(term);
    for (std::size_t i = 0; i < text.size();) {
        // Spaces, hyphens and any other mark separate words.
        if (!word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && word_byte(static_cast<unsigned char>(text[end]))) ++end;
        if (!key.empty()) key += ' ';
        key += analysis::fold_word(text.substr(i, end - i));
        i = end;
    }
    return key;
}

Thesaurus::Thesaurus(std::vector<SynonymGroup> groups) : groups_(std::move(groups)) {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
        for (const auto& term : groups_[g].terms) {
            const std::string key = synonym_key(term);
            if (key.empty()) continue;
            auto& list = groups_of_[key];
            if (std::find(list.begin(), list.end(), g) == list.end()) list.push_back(g);
            longest_ = std::max<std::size_t>(longest_, std::count(key.begin(), key.end(), ' ') + 1);
        }
    }
}

std::vector<SynonymGroup> Thesaurus::shipped_groups() {
    std::vector<SynonymGroup> groups;
    for (const char* line : kShippedGroups) groups.push_back({split_terms(line), true});
    return groups;
}

Thesaurus Thesaurus::load(const std::filesystem::path& user_file) {
    std::vector<SynonymGroup> groups = shipped_groups();
    std::error_code ec;
    if (std::filesystem::exists(user_file, ec)) {
        auto mine = read_synonym_file(user_file);
        groups.insert(groups.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
    }
    return Thesaurus(std::move(groups));
}

bool Thesaurus::knows(const std::string& term) const { return groups_of_.count(synonym_key(term)) > 0; }

std::string Thesaurus::expand(const std::string& query) const {
    if (groups_of_.empty()) return query;
    const std::vector<std::string> tokens = split_query_tokens(query);
    // The OR of every term of the groups `key` belongs to; multi-word terms as phrases.
    auto alternatives = [&](const std::string& key) {
        std::set<std::string> seen;
        std::string out;
        for (std::size_t g : groups_of_.at(key))
            for (const auto& term : groups_[g].terms) {
                const std::string k = synonym_key(term);
                if (k.empty() || !seen.insert(k).second) continue;
                if (!out.empty()) out += " OR ";
                out += k.find(' ') == std::string::npos ? k : "\"" + k + "\"";
            }
        return out;
    };
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < tokens.size()) {
        const TokenParts first = cut(tokens[i]);
        if (quote_marks(tokens[i]) > 0) {
            // A quoted phrase: expanded only when it is a term as a whole.
            std::size_t j = i;
            int quotes = quote_marks(tokens[i]);
            while (quotes % 2 == 1 && j + 1 < tokens.size()) quotes += quote_marks(tokens[++j]);
            std::string text = tokens[i];
            for (std::size_t k = i + 1; k <= j; ++k) text += " " + tokens[k];
            const TokenParts whole = cut(text);
            const std::string& c = whole.core;
            std::string key;
            if (c.size() >= 2 && c.front() == '"' && c.back() == '"' && quote_marks(c) == 2)
                key = synonym_key(c.substr(1, c.size() - 2));
            if (!key.empty() && groups_of_.count(key)) {
                out.push_back(whole.lead + "(" + alternatives(key) + ")" + whole.trail);
            } else {
                for (std::size_t k = i; k <= j; ++k) out.push_back(tokens[k]);
            }
            i = j + 1;
            continue;
        }
        bool done = false;
        if (plain_core(first.core)) {
            // The longest run of plain tokens, joined only by spaces, that is a term.
            std::vector<TokenParts> run{first};
            while (run.size() < longest_ && i + run.size() < tokens.size() && run.back().trail.empty()) {
                TokenParts next = cut(tokens[i + run.size()]);
                if (!next.lead.empty() || !plain_core(next.core) || quote_marks(tokens[i + run.size()]) > 0) break;
                run.push_back(std::move(next));
            }
            for (std::size_t n = run.size(); n >= 1 && !done; --n) {
                std::string words;
                for (std::size_t k = 0; k < n; ++k) words += (k ? " " : "") + run[k].core;
                const std::string key = synonym_key(words);
                if (!groups_of_.count(key)) continue;
                // Words typed apart keep their own meaning too (all of them, anywhere), beside
                // the phrases: a synonym must widen a query, never narrow it.
                const std::string apart = n > 1 ? " OR (" + words + ")" : "";
                out.push_back(first.lead + "(" + alternatives(key) + apart + ")" + run[n - 1].trail);
                i += n;
                done = true;
            }
        }
        if (!done) out.push_back(tokens[i++]);
    }
    std::string joined;
    for (const auto& t : out) joined += (joined.empty() ? "" : " ") + t;
    return joined;
}

std::filesystem::path synonyms_file(const std::filesystem::path& index_root) { return index_root / "synonyms.txt"; }

std::vector<SynonymGroup> read_synonym_file(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes)
        throw IndexError(fmt::format("the synonyms file {} is larger than 1 MiB: keep one group of synonyms per "
                                     "line, or move it away to search without it",
                                     path.string()));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IndexError(fmt::format("cannot read the synonyms file {}: check its permissions, or move it away to "
                                     "search without it",
                                     path.string()));
    std::vector<SynonymGroup> groups;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const std::string text = trim(line);
        if (text.empty() || text.front() == '#') continue;
        std::vector<std::string> terms = split_terms(text);
        if (terms.size() < 2)
            throw IndexError(fmt::format("the synonyms file {} line {}: a group needs at least two terms separated "
                                         "by commas ('UN, United Nations'); fix the line or delete it",
                                         path.string(), number));
        groups.push_back({std::move(terms), false});
    }
    return groups;
}

const SynonymGroup& add_synonym_group(std::vector<SynonymGroup>& groups, const std::vector<std::string>& terms) {
    SynonymGroup merged;
    std::set<std::string> keys;
    auto take = [&](const std::string& term) {
        if (keys.insert(synonym_key(term)).second) merged.terms.push_back(term);
    };
    std::vector<SynonymGroup> rest;
    for (auto& group : groups) {
        const bool shares = std::any_of(group.terms.begin(), group.terms.end(), [&](const std::string& t) {
            return std::any_of(terms.begin(), terms.end(),
                               [&](const std::string& n) { return synonym_key(n) == synonym_key(t); });
        });
        if (shares)
            for (const auto& t : group.terms) take(t);
        else
            rest.push_back(std::move(group));
    }
    for (const auto& t : terms)
        if (!synonym_key(t).empty()) take(t);
    rest.push_back(std::move(merged));
    groups = std::move(rest);
    return groups.back();
}

bool remove_synonym(std::vector<SynonymGroup>& groups, const std::string& term) {
    const std::string key = synonym_key(term);
    bool removed = false;
    for (auto& group : groups) {
        const auto before = group.terms.size();
        std::erase_if(group.terms, [&](const std::string& t) { return synonym_key(t) == key; });
        removed = removed || group.terms.size() != before;
    }
    std::erase_if(groups, [](const SynonymGroup& g) { return g.terms.size() < 2; });
    return removed;
}

void write_synonym_file(const std::filesystem::path& path, const std::vector<SynonymGroup>& groups) {
    std::string text =
        "# Synonyms of this knowledge base, read by every `kb search` (and `kb export` with a query).\n"
        "# One group per line, its terms separated by commas; a search for any term of a group also\n"
        "# finds the others (terms of several words as phrases). Lines starting with # are ignored.\n"
        "# Edit by hand or with `kb synonyms add|remove`; `kb synonyms list` shows kb's own groups too.\n";
    for (const auto& group : groups) {
        std::string line;
        for (const auto& term : group.terms) line += (line.empty() ? "" : ", ") + term;
        text += line + "\n";
    }
    files::ReplacementFile file(path, 0644, files::Permissions::Keep);
    file.write_all(text);
    file.commit();
}

}  // namespace kb

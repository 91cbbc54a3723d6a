#include "analysis/compound_splitter.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include "analysis/stop_words.h"

namespace kb::analysis {

namespace {

// The shortest head and tail a compound may be split into. Shorter parts are mostly letters
// that happen to spell a word (beamer -> be + amer, kwartaal -> kwart + aal).
constexpr std::size_t kMinHead = 4;
constexpr std::size_t kMinTail = 4;
constexpr std::size_t kMinWord = kMinHead + kMinTail;
constexpr int kMaxDepth = 3;
// A noun the lexicon does not flag as a compound part still counts as one from this length.
constexpr std::size_t kMinUnflaggedPart = 5;

// Particles and prefixes make derivations, not compounds (ondergrond is no kind of grond,
// bijlage has nothing to do with lage). The lexicon rarely lets them begin a compound; these
// guard against the entries that do.
constexpr std::array<std::string_view, 30> kNotParts = {
    "aan",   "achter", "binnen", "boven", "buiten", "daar",  "door",   "hier",  "mede",  "naar",
    "naast", "neder",  "onder",  "over",  "rond",   "samen", "tegen",  "terug", "tussen", "voor",
    "voort", "waar",   "weder",  "weer",  "heid",   "schap", "lijk",   "baar",  "loos",   "zaam",
};

bool is_guarded(std::string_view word) {
    auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), word) != list.end(); };
    return in(kNotParts) || in(dutch_stop_words()) || in(english_stop_words());
}

bool plain_letters(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The roles that the two-letter flags of Debian's nl.aff give a word (FLAG long).
std::uint8_t roles_from_flags(std::string_view flags) {
    std::uint8_t roles = CompoundSplitter::kKnown;
    for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
        const std::string_view f = flags.substr(i, 2);
        if (f == "Ca" || f == "CA" || f == "Ce") roles |= CompoundSplitter::kBegins;
        else if (f == "Ch" || f == "Cd") roles |= CompoundSplitter::kBeginsWithS;
        else if (f == "Zb" || f == "Ze") roles |= CompoundSplitter::kBeginsWithEn;
        else if (f == "Cc") roles |= CompoundSplitter::kEnds;
        if (f[0] == 'Z') roles |= CompoundSplitter::kNoun;
    }
    return roles;
}

}  // namespace

const CompoundSplitter& CompoundSplitter::dutch() {
    static const CompoundSplitter splitter = from_file(std::string(kDefaultLexicon));
    return splitter;
}

CompoundSplitter CompoundSplitter::from_file(const std::string& path) {
    CompoundSplitter splitter;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return splitter;
    // Read whole and indexed by views into the text: this runs at the start of every search.
    auto text = std::make_shared<std::string>(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
    in.seekg(0);
    in.read(text->data(), static_cast<std::streamsize>(text->size()));
    text->resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    // nl.dic spells ij as the one letter U+0133 (its .aff converts on input and output), so
    // without this every word with ij (partij, prijs, tijd, lijst: one entry in thirteen) would
    // be unknown. Both are two bytes: replaced in place.
    for (std::size_t at = 0; (at = text->find("\xC4\xB3", at)) != std::string::npos; at += 2) {
        (*text)[at] = 'i';
        (*text)[at + 1] = 'j';
    }
    splitter.text_ = text;
    splitter.roles_.reserve(text->size() / 16);
    std::string_view rest(*text);
    bool first = true;
    while (!rest.empty()) {
        const std::size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        if (first) {  // a .dic file starts with its entry count
            first = false;
            if (std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        }
        const std::size_t slash = line.find('/');
        std::string_view word = line.substr(0, slash);
        std::string_view flags = slash == std::string_view::npos ? std::string_view() : line.substr(slash + 1);
        flags = flags.substr(0, flags.find_first_of(" \t\r"));
        // Proper names (capitals), abbreviations and multi-word entries are no compound parts.
        if (word.size() < 3 || !plain_letters(word)) continue;
        splitter.roles_.emplace_back(word, roles_from_flags(flags));
    }
    splitter.finish_loading();
    return splitter;
}

CompoundSplitter CompoundSplitter::from_words(const std::vector<std::pair<std::string, std::uint8_t>>& words) {
    CompoundSplitter splitter;
    auto text = std::make_shared<std::string>();
    for (const auto& [w, r] : words) *text += w;
    splitter.text_ = text;
    std::size_t at = 0;
    for (const auto& [w, r] : words) {
        splitter.roles_.emplace_back(std::string_view(*text).substr(at, w.size()), r);
        at += w.size();
    }
    splitter.finish_loading();
    return splitter;
}

void CompoundSplitter::finish_loading() {
    auto by_word = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(roles_.begin(), roles_.end(), by_word)) std::stable_sort(roles_.begin(), roles_.end(), by_word);
    // One entry per word, with the roles of all its lines (doel the noun and doel the verb).
    std::size_t out = 0;
    for (std::size_t i = 0; i < roles_.size(); ++i) {
        if (out > 0 && roles_[out - 1].first == roles_[i].first)
            roles_[out - 1].second |= roles_[i].second;
        else
            roles_[out++] = roles_[i];
    }
    roles_.resize(out);
}

std::uint8_t CompoundSplitter::roles(std::string_view word) const {
    auto it = std::lower_bound(roles_.begin(), roles_.end(), word,
                               [](const auto& entry, std::string_view w) { return entry.first < w; });
    return it != roles_.end() && it->first == word ? it->second : 0;
}

bool CompoundSplitter::begins(std::string_view word) const {
    const std::uint8_t r = roles(word);
    return (r & kBegins) || ((r & kNoun) && word.size() >= kMinUnflaggedPart);
}

bool CompoundSplitter::ends(std::string_view word) const {
    const std::uint8_t r = roles(word);
    return (r & kEnds) || ((r & kNoun) && word.size() >= kMinUnflaggedPart);
}

std::string CompoundSplitter::head_lemma(std::string_view part, int depth) const {
    if (part.size() < kMinHead || is_guarded(part)) return {};
    if (begins(part)) return std::string(part);
    // Linking elements: vredes-, gezins- (-s-); vrouwen-, mensen- (the -en plural).
    if (part.ends_with("s") && (roles(part.substr(0, part.size() - 1)) & kBeginsWithS))
        return std::string(part.substr(0, part.size() - 1));
    if (part.ends_with("en") && part.size() >= kMinHead + 2) {
        std::string_view lemma = part.substr(0, part.size() - 2);
        if (roles(lemma) & kBeginsWithEn) return std::string(lemma);
        // rechten -> recht; bedden -> bed (a doubled consonant).
        const std::size_t n = lemma.size();
        if (n >= 2 && lemma[n - 1] == lemma[n - 2] && (roles(lemma.substr(0, n - 1)) & kBeginsWithEn))
            return std::string(lemma.substr(0, n - 1));
    }
    // A head that is a compound itself: mensenrechten(verdedigers).
    if (depth < kMaxDepth && part.size() >= kMinWord) {
        for (std::size_t cut = part.size() - kMinHead; cut >= kMinHead; --cut)
            if (!head_lemma(part.substr(0, cut), depth + 1).empty() &&
                !head_lemma(part.substr(cut), depth + 1).empty())
                return std::string(part);
    }
    return {};
}

bool CompoundSplitter::tail_ok(std::string_view part, int depth) const {
    if (part.size() < kMinTail || is_guarded(part)) return false;
    if (ends(part)) return true;
    // The lexicon holds lemmas; the text has plurals and other inflections.
    auto ends_as = [&](std::string_view suffix) {
        if (part.size() < suffix.size() + kMinTail || !part.ends_with(suffix)) return false;
        std::string stem(part.substr(0, part.size() - suffix.size()));
        if (ends(stem)) return true;
        const std::size_t n = stem.size();
        // plannen -> plan (a doubled consonant), jaren -> jaar (a vowel written once).
        if (n >= 2 && stem[n - 1] == stem[n - 2] && ends(std::string_view(stem).substr(0, n - 1)))
            return true;
        if (n >= 2 && std::string_view("aeou").find(stem[n - 2]) != std::string_view::npos) {
            std::string doubled = stem.substr(0, n - 1) + stem[n - 2] + stem[n - 1];
            if (ends(doubled)) return true;
        }
        return false;
    };
    for (std::string_view suffix : {"s", "en", "n", "e", "er", "ers", "ere", "st", "ste"})
        if (ends_as(suffix)) return true;
    // Derivations hunspell makes with affix rules instead of listing them: gelijkheid (gelijk).
    for (std::string_view suffix : {"heid", "heden"})
        if (part.size() >= suffix.size() + kMinTail && part.ends_with(suffix) &&
            (roles(part.substr(0, part.size() - suffix.size())) & kKnown))
            return true;
    // A tail that is a compound itself: (mensen)(rechtenverdedigers).
    if (depth < kMaxDepth) {
        std::vector<std::string> parts;
        split_into(part, depth + 1, parts);
        return !parts.empty();
    }
    return false;
}

void CompoundSplitter::split_into(std::string_view word, int depth, std::vector<std::string>& out) const {
    if (word.size() < kMinWord || !plain_letters(word)) return;
    // The longest head that is a word of the lexicon (beleid + maatregelen, not beleidsmaat +
    // regelen); failing that, the longest that is a compound (mensenrechten + verdedigers).
    for (int pass = 0; pass < 2; ++pass)
    for (std::size_t cut = word.size() - kMinTail; cut >= kMinHead; --cut) {
        const std::string_view head = word.substr(0, cut);
        const std::string_view tail = word.substr(cut);
        if (!tail_ok(tail, depth)) continue;
        std::string lemma = head_lemma(head, pass == 0 ? kMaxDepth : depth);
        if (lemma.empty()) continue;
        auto add = [&](std::string part) {
            if (std::find(out.begin(), out.end(), part) == out.end()) out.push_back(std::move(part));
        };
        add(lemma);
        add(std::string(tail));
        // Then the parts of the parts, so mensenrechtenverdedigers is also found by rechten.
        std::vector<std::string> head_parts, tail_parts;
        if (depth < kMaxDepth) {
            split_into(lemma, depth + 1, head_parts);
            split_into(tail, depth + 1, tail_parts);
        }
        // mens + rechtenverdedigers also gives mensenrechten: the word without the tail's tail.
        if (tail_parts.size() >= 2) add(std::string(word.substr(0, word.size() - tail_parts[1].size())));
        for (auto& s : head_parts) add(std::move(s));
        for (auto& s : tail_parts) add(std::move(s));
        return;
    }
}

std::vector<std::string> CompoundSplitter::split(std::string_view word) const {
    std::vector<std::string> out;
    if (roles_.empty()) return out;
    split_into(word, 0, out);
    return out;
}

}  // namespace kb::analysis

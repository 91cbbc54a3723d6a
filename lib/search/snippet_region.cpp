#include "search/snippet_region.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <unordered_map>
#include <xapian.h>

#include "analysis/stemmer.h"

namespace kb {

namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool is_sentence_end(char c) { return c == '.' || c == '?' || c == '!'; }

struct Char {
    unsigned code;
    std::size_t size;  // bytes
};

bool is_continuation(std::string_view text, std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
}

// A character of two bytes or more (or a byte that starts none); see char_at().
[[gnu::noinline]] Char wide_char_at(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0xC2 || byte > 0xF4) return {byte, 1};
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]) & 0x3Fu; };
    if (byte < 0xE0) {
        if (!is_continuation(text, i + 1)) return {byte, 1};
        return {(byte & 0x1Fu) << 6 | at(1), 2};
    }
    if (!is_continuation(text, i + 1) || !is_continuation(text, i + 2)) return {byte, 1};
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (byte < 0xF0) {
        if (byte == 0xE0 && second < 0xA0) return {byte, 1};  // overlong
        return {(byte & 0x0Fu) << 12 | at(1) << 6 | at(2), 3};
    }
    if (!is_continuation(text, i + 3) || (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second >= 0x90))
        return {byte, 1};
    return {(byte & 0x07u) << 18 | at(1) << 12 | at(2) << 6 | at(3), 4};
}

// The character at text[i]. A byte that does not start a well-formed sequence is read as the
// character of that number, as Xapian's Utf8Iterator reads it.
inline Char char_at(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) return {byte, 1};
    return wide_char_at(text, i);
}

constexpr std::array<bool, 128> kAsciiWordChars = [] {
    std::array<bool, 128> table{};
    for (unsigned c = 0; c < 128; ++c)
        table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return table;
}();

inline bool is_word_char(unsigned c) {
    if (c < 0x80) return kAsciiWordChars[c];
    return Xapian::Unicode::is_wordchar(c);
}

inline void append_lower(std::string& word, unsigned c) {
    if (c < 0x80) {
        word += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(c));
    }
}

// Xapian reads initials (U.N.) in ASCII capitals only.
bool is_ascii_upper(unsigned c) { return c >= 'A' && c <= 'Z'; }

bool is_digit(unsigned c) {
    if (c < 0x80) return c >= '0' && c <= '9';
    return Xapian::Unicode::get_category(c) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

constexpr unsigned kDropped = 0xFFFFFFFF;  // an infix that joins words but is not kept

bool is_invisible_joiner(unsigned c) { return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF; }

// What joins two runs of word characters into one word, as Xapian's term generator has it: an
// apostrophe (typographic ones become '), '&' (AT&T), a middle dot; between digits, the
// separators of numbers (3.14, 1,000). 0 when `c` does not join.
unsigned joining(unsigned c, bool between_digits) {
    if (is_invisible_joiner(c)) return kDropped;
    if (between_digits) {
        switch (c) {
            case ',': case '.': case ';': case 0x037E: case 0x0589: case 0x060D: case 0x07F8: case 0x2044:
            case 0xFE10: case 0xFE13: case 0xFE14:
                return c;
            default:
                return 0;
        }
    }
    if (c == '\'' || c == '&' || c == 0x00B7 || c == 0x05F4 || c == 0x2027) return c;
    if (c == 0x2019 || c == 0x201B) return '\'';
    return 0;
}

// A word as for_each_word() reads it: spelled out (lower-cased), or, when the reader has said
// that it need not be, only counted, in the bytes its lower-cased spelling would take.
class WordSpelling {
public:
    void start(bool spelled) {
        spelled_ = spelled;
        word_.clear();
        size_ = 0;
    }
    bool spelled() const { return spelled_; }
    std::size_t size() const { return spelled_ ? word_.size() : size_; }
    const std::string& word() const { return word_; }
    void append_ascii_run(const char* run, std::size_t n) {
        if (!spelled_) {
            size_ += n;
            return;
        }
        const std::size_t from = word_.size();
        word_.append(run, n);
        for (std::size_t k = from; k < word_.size(); ++k)
            if (word_[k] >= 'A' && word_[k] <= 'Z') word_[k] = static_cast<char>(word_[k] + ('a' - 'A'));
    }
    void append_lower(unsigned c) {
        if (spelled_) return kb::append_lower(word_, c);
        if (c < 0x80) {
            ++size_;
            return;
        }
        std::string lowered;
        kb::append_lower(lowered, c);
        size_ += lowered.size();
    }
    void append_utf8(unsigned c) {
        if (spelled_) return Xapian::Unicode::append_utf8(word_, c);
        char buffer[4];
        size_ += Xapian::Unicode::to_utf8(c, buffer);
    }
    void append_byte(char c) {
        if (spelled_) word_ += c;
        else ++size_;
    }
    void resize(std::size_t n) {
        if (spelled_) word_.resize(n);
        else size_ = n;
    }

private:
    std::string word_;
    std::size_t size_ = 0;
    bool spelled_ = true;
};

// Calls `on_word(word, end)` for each word of `text`, with the byte offset just past it,
// splitting the text into words by the rules of Xapian 1.4's term generator, which its snippet
// generator uses (initials such as U.N. make one word, and so do the joins of joining(), and up
// to three trailing + or # as in C++); like that generator it skips words of over 64 bytes.
// `spell(first)` says whether a word that starts with the character `first` is wanted spelled
// out: `word` is then the word lower-cased, and otherwise empty (a word of one letter is always
// spelled out). Most words of a text are not, and counting them costs a third of spelling them.
template <typename Spell, typename OnWord>
void for_each_word(std::string_view text, Spell&& spell, OnWord&& on_word) {
    constexpr std::size_t kMaxWord = 64;
    static const std::string kUnspelled;
    const std::size_t n = text.size();
    WordSpelling word;
    std::size_t i = 0;
    const auto emit = [&](unsigned first) {
        if (word.size() > kMaxWord) return;
        if (word.spelled()) return on_word(word.word(), i);
        if (word.size() == 1) {  // one ASCII letter or digit
            word.start(true);
            word.append_lower(first);
            return on_word(word.word(), i);
        }
        on_word(kUnspelled, i);
    };
    while (true) {
        Char c{0, 0};
        while (i < n && !is_word_char((c = char_at(text, i)).code)) i += c.size;
        if (i >= n) return;
        const unsigned first = c.code;
        if (is_ascii_upper(c.code)) {
            // Initials: capitals each followed by a dot, read as one word.
            word.start(true);
            std::size_t p = i;
            while (true) {
                const Char letter = char_at(text, p);
                word.append_lower(letter.code);
                p += letter.size;
                if (p >= n || text[p] != '.' || ++p >= n || !is_ascii_upper(char_at(text, p).code)) break;
            }
            if (word.size() > 1 && (p >= n || !is_word_char(char_at(text, p).code))) {
                i = p;
                emit(first);
                continue;
            }
        }
        word.start(spell(first));
        bool at_end = false;
        while (true) {
            unsigned previous = 0;
            while (true) {  // c is a word character
                if (c.code < 0x80) {
                    // A run of ASCII word characters at once: most of a Dutch or English text.
                    std::size_t end = i;
                    while (end < n && static_cast<unsigned char>(text[end]) < 0x80 &&
                           kAsciiWordChars[static_cast<unsigned char>(text[end])])
                        ++end;
                    word.append_ascii_run(text.data() + i, end - i);
                    previous = static_cast<unsigned char>(text[end - 1]);
                    i = end;
                } else {
                    word.append_lower(c.code);
                    previous = c.code;
                    i += c.size;
                }
                if (i >= n) {
                    at_end = true;
                    break;
                }
                c = char_at(text, i);
                if (!is_word_char(c.code)) break;
            }
            if (at_end) break;
            const std::size_t next_at = i + c.size;
            if (next_at >= n) break;
            const Char next = char_at(text, next_at);
            if (!is_word_char(next.code)) break;
            const unsigned join = joining(c.code, is_digit(previous) && is_digit(next.code));
            if (join == 0) break;
            if (join != kDropped) word.append_utf8(join);
            c = next;
            i = next_at;
        }
        if (!at_end) {
            // C++, C#: kept only when no word character follows.
            const std::size_t length = word.size();
            int suffixes = 0;
            while (i < n && (text[i] == '+' || text[i] == '#')) {
                if (++suffixes > 3) {
                    word.resize(length);
                    break;
                }
                word.append_byte(text[i++]);
            }
            if (i < n && is_word_char(char_at(text, i).code)) word.resize(length);
        }
        emit(first);
    }
}

// Xapian escapes these three in a snippet.
std::string unescape_xml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            if (s.substr(i, 5) == "&amp;") { out += '&'; i += 5; continue; }
            if (s.substr(i, 4) == "&lt;") { out += '<'; i += 4; continue; }
            if (s.substr(i, 4) == "&gt;") { out += '>'; i += 4; continue; }
        }
        out += s[i++];
    }
    return out;
}

bool has_sentence_end(std::string_view s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (is_sentence_end(s[i]) && is_ascii_space(s[i + 1])) return true;
    return false;
}

}  // namespace

SnippetQuery snippet_query(const Xapian::MSet& results, const std::vector<std::string>& terms,
                           const std::vector<std::string>& wildcards, const Xapian::Stem& stemmer) {
    SnippetQuery query;
    std::unordered_map<std::string, int> index;
    // Xapian's snippet generator weighs a word by its weight in the results plus the largest such
    // weight, made a little larger so that a word of weight 0 still counts; a wildcard by the
    // largest weight plus the smallest.
    double least = 0, most = 0;
    bool first = true;
    for (const auto& term : terms) {
        if (!term.starts_with(analysis::kStemPrefix) || analysis::is_field_stem(term)) continue;
        const double weight = results.get_termweight(term);
        if (!index.emplace(term, static_cast<int>(query.weights.size())).second) continue;
        query.weights.push_back(weight);
        // As Xapian's: the smallest weight above 0 (a word no document holds weighs 0).
        if (weight > 0) {
            least = first ? weight : std::min(least, weight);
            first = false;
        }
        most = std::max(most, weight);
    }
    const double base = most == 0.0 ? 1.0 : most * 1.015625;
    for (double& weight : query.weights) weight += base;
    const std::size_t stems = query.weights.size();
    // A word is looked up only when its beginning can begin a match (see StemStarts).
    std::vector<std::string> stems_of_terms;
    for (const auto& [term, i] : index) stems_of_terms.push_back(term.substr(analysis::kStemPrefix.size()));
    query.starts = analysis::StemStarts(stems_of_terms, wildcards);
    for (std::size_t i = 0; i < wildcards.size(); ++i) query.weights.push_back(base + least);
    query.lookup = [index = std::move(index), &stemmer, wildcards, stems, term = std::string(analysis::kStemPrefix)](
                       const std::string& word) mutable {
        const std::string stem = stemmer(word);
        if (!stem.empty()) {
            term.resize(analysis::kStemPrefix.size());
            term += stem;
            if (auto found = index.find(term); found != index.end()) return found->second;
        }
        for (std::size_t i = 0; i < wildcards.size(); ++i)
            if (word.starts_with(wildcards[i])) return static_cast<int>(stems + i);
        return -1;
    };
    return query;
}

SnippetWindow best_snippet_window(std::string_view text, std::size_t length, const SnippetQuery& query) {
    struct Word {
        std::size_t end;
        int term;
    };
    // As Xapian: the window spans (begin, end], begin being the end of the word before it, and
    // may be one byte longer than asked for, for the space between words.
    const std::size_t span = length + 1;
    std::deque<Word> window;
    std::vector<double> weight = query.weights;  // each halved while one use of its word is in the window
    double sum = 0, best_sum = 0;
    std::size_t begin = 0;
    TextSpan best;
    bool found = false;
    const auto spell = [&](unsigned first) { return query.starts.may_start_with(first); };
    for_each_word(text, spell, [&](const std::string& word, std::size_t end) {
        const int term = !word.empty() && query.starts.may_meet(word) ? query.lookup(word) : -1;
        window.push_back({end, term});
        if (term >= 0) {
            found = true;
            sum += weight[static_cast<std::size_t>(term)];
            weight[static_cast<std::size_t>(term)] /= 2;
        }
        while (end - begin > span) {
            const Word& first = window.front();
            if (first.term >= 0) {
                weight[static_cast<std::size_t>(first.term)] *= 2;
                sum -= weight[static_cast<std::size_t>(first.term)];
            }
            begin = first.end;
            window.pop_front();
            if (window.empty()) break;
        }
        if (sum >= best_sum) {
            best_sum = sum;
            best = {begin, end};
        }
    });
    return {best, found};
}

TextSpan snippet_region(std::string_view text, TextSpan window, std::size_t margin) {
    constexpr std::size_t kWiden = 64;
    std::size_t begin = window.begin > margin ? window.begin - margin : 0;
    std::size_t end = std::min(text.size(), window.end + margin);
    for (std::size_t n = 0; begin > 0 && !is_ascii_space(text[begin - 1]) && n < kWiden; ++n) --begin;
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    for (std::size_t n = 0; end < text.size() && !is_ascii_space(text[end]) && n < kWiden; ++n) ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return {begin, end};
}

std::string mark_region_cuts(const std::string& raw, std::string_view text, TextSpan region, const std::string& omit,
                             std::string_view markers) {
    std::string_view core = raw;
    const bool omit_before = core.starts_with(omit);
    if (omit_before) core.remove_prefix(omit.size());
    const bool omit_after = core.ends_with(omit);
    if (omit_after) core.remove_suffix(omit.size());
    std::string plain;
    for (char c : core)
        if (markers.find(c) == std::string_view::npos) plain += c;
    plain = unescape_xml(plain);
    const std::string_view part = text.substr(region.begin, region.end - region.begin);
    const std::size_t at = plain.empty() ? std::string_view::npos : part.find(plain);
    if (at == std::string_view::npos) return raw;

    std::string out = raw;
    // Xapian starts without a mark at a sentence's start, which it finds before the snippet, or at
    // the start of what it was given, which here may be mid-sentence.
    if (region.begin > 0 && !omit_before && !has_sentence_end(part.substr(0, at))) {
        std::size_t before = region.begin;
        while (before > 0 && is_ascii_space(text[before - 1])) --before;
        if (before > 0 && !is_sentence_end(text[before - 1])) out.insert(0, omit);
    }
    // Xapian ends without a mark at a sentence's end, or at the end of what it was given.
    if (region.end < text.size() && !omit_after) {
        const std::string_view rest = part.substr(at + plain.size());
        const bool reached_edge = std::none_of(rest.begin(), rest.end(), [](char c) {
            const auto b = static_cast<unsigned char>(c);
            return b >= 0x80 || std::isalnum(b);
        });
        std::size_t last = plain.size();
        while (last > 0 && is_ascii_space(plain[last - 1])) --last;
        if (reached_edge && last > 0 && !is_sentence_end(plain[last - 1])) out += omit;
    }
    return out;
}

std::string region_snippet(const Xapian::MSet& results, const std::string& text, std::size_t length,
                           const Xapian::Stem& stemmer, const SnippetQuery& query, const SnippetMarks& marks) {
    constexpr unsigned kFlags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
    if (text.size() > 4 * length + 256) {
        const SnippetWindow window = best_snippet_window(text, length, query);
        const TextSpan region = snippet_region(text, window.span, snippet_margin(length));
        if (region.begin > 0 || region.end < text.size()) {
            const std::string raw = results.snippet(text.substr(region.begin, region.end - region.begin), length,
                                                    stemmer, kFlags, marks.start, marks.end, marks.omit);
            // Should Xapian read a word otherwise than best_snippet_window() did, so that the region
            // holds no word it highlights, it reads the whole text after all.
            if (!window.matched || raw.find(marks.start) != std::string::npos)
                return mark_region_cuts(raw, text, region, marks.omit, marks.start + marks.end);
        }
    }
    return results.snippet(text, length, stemmer, kFlags, marks.start, marks.end, marks.omit);
}

}  // namespace kb

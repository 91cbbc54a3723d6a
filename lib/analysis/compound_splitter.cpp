#include "analysis/compound_splitter.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "analysis/folding.h"
#include "analysis/lexicon_cache.h"
#include "analysis/stop_words.h"
#include "text/hash.h"

namespace kb::analysis {

namespace {

// The shortest head and tail a compound may be split into. Shorter parts are mostly letters
// that happen to spell a word (beamer -> be + amer, kwartaal -> kwart + aal).
constexpr std::size_t kMinHead = 4;
constexpr std::size_t kMinTail = 4;
constexpr std::size_t kMinWord = kMinHead + kMinTail;
static_assert(kMinWord == CompoundSplitter::kShortestCompound);
constexpr int kMaxDepth = 3;
// Longer words are not split: the longest compounds in use have about 40 letters, and the search
// for splits grows with a power of the length (a 64-letter run of vrouwen took a second).
constexpr std::size_t kMaxWord = 60;
// A noun the lexicon does not flag as a compound part still counts as one from this length.
constexpr std::size_t kMinUnflaggedPart = 5;
// Bounds on what the lexicon file may hold: nl.dic is 2.5 MB, its longest entry under 100 bytes.
constexpr std::streamoff kMaxLexiconBytes = 256 << 20;
constexpr std::size_t kMaxEntry = 255;

// Particles and prefixes make derivations, not compounds (ondergrond is no kind of grond,
// bijlage has nothing to do with lage). The lexicon rarely lets them begin a compound; these
// guard against the entries that do.
constexpr std::array<std::string_view, 30> kNotParts = {
    "aan",   "achter", "binnen", "boven", "buiten", "daar",  "door",   "hier",  "mede",  "naar",
    "naast", "neder",  "onder",  "over",  "rond",   "samen", "tegen",  "terug", "tussen", "voor",
    "voort", "waar",   "weder",  "weer",  "heid",   "schap", "lijk",   "baar",  "loos",   "zaam",
};

bool is_guarded(std::string_view word) {
    // Asked for every cut of every word split: a hash set, not three lists of 30 to 150 words.
    static const std::unordered_set<std::string_view> guarded = [] {
        std::unordered_set<std::string_view> all(kNotParts.begin(), kNotParts.end());
        all.insert(dutch_stop_words().begin(), dutch_stop_words().end());
        all.insert(english_stop_words().begin(), english_stop_words().end());
        return all;
    }();
    return guarded.count(word) != 0;
}

bool plain_letters(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The roles that the two-letter flags of Debian's nl.aff give a word (FLAG long).
std::uint16_t roles_from_flags(std::string_view flags) {
    std::uint16_t roles = CompoundSplitter::kKnown;
    for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
        const std::string_view f = flags.substr(i, 2);
        if (f == "Ca" || f == "CA" || f == "Ce") roles |= CompoundSplitter::kBegins;
        else if (f == "Ch" || f == "Cd") roles |= CompoundSplitter::kBeginsWithS;
        else if (f == "Zb" || f == "Ze") roles |= CompoundSplitter::kBeginsWithEn;
        else if (f == "Cc") roles |= CompoundSplitter::kEnds;
        else if (f == "Cx") roles |= CompoundSplitter::kOnlyInCompound;
        if (f == "Za" || f == "Cd") roles |= CompoundSplitter::kPluralS;
        if (f[0] == 'Z') roles |= CompoundSplitter::kNoun;
        if (f[0] == 'Y') roles |= CompoundSplitter::kDiminutive;
        if (f[0] == 'A') roles |= CompoundSplitter::kAdjective;
        if (f == "V3" || f == "Vp" || f == "Vq") roles |= CompoundSplitter::kVerbStem;
        else if (f == "Vi") roles |= CompoundSplitter::kInfinitive;
        else if (f == "Ve") roles |= CompoundSplitter::kParticiple;
    }
    return roles;
}

// Maps from parts of words, looked up by string_view, so a lookup makes no string (most are hits,
// and longer parts than fit in a std::string's own buffer cost an allocation each).
struct PartHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return static_cast<std::size_t>(text::fnv1a64(s)); }
};
template <typename Value>
using PartMemo = std::unordered_map<std::string, Value, PartHash, std::equal_to<>>;

// What the parts of the word being split turned out to be, per depth: the same part is asked
// about from many cuts, and without this a long word took seconds. One per thread, because the
// splitter is shared by the indexing threads; emptied at every split().
struct SplitMemo {
    PartMemo<std::string> heads[kMaxDepth + 2];
    PartMemo<bool> tails[kMaxDepth + 2];
    // An empty map is left alone: clear() zeroes every bucket, and the buckets a long word grew
    // stay (one split of three in a text is of a word that asks nothing at some depths).
    void clear() {
        for (auto& m : heads)
            if (!m.empty()) m.clear();
        for (auto& m : tails)
            if (!m.empty()) m.clear();
    }
};
thread_local SplitMemo split_memo;

}  // namespace

const CompoundSplitter& CompoundSplitter::dutch() {
    static const CompoundSplitter splitter = LexiconCache::load(std::string(kDefaultLexicon));
    return splitter;
}

CompoundSplitter CompoundSplitter::from_file(const std::string& path) {
    CompoundSplitter splitter;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return splitter;
    // Read whole and indexed by offsets into the text.
    const std::streamoff size = in.tellg();
    if (size <= 0 || size > kMaxLexiconBytes) return splitter;
    auto table = std::make_shared<Table>();
    std::string& text = table->words;
    text.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    // nl.dic spells ij as the one letter U+0133 (its .aff converts on input and output), so
    // without this every word with ij (partij, prijs, tijd, lijst: one entry in thirteen) would
    // be unknown. Both are two bytes: replaced in place.
    for (std::size_t at = 0; (at = text.find("\xC4\xB3", at)) != std::string::npos; at += 2) {
        text[at] = 'i';
        text[at + 1] = 'j';
    }
    table->make(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    // Entries with other letters than a-z (financiën, coördinatie), folded as the text is, kept
    // aside and appended once the whole file is read (the loop reads the text through a view).
    std::string folded_text;
    std::vector<std::pair<std::size_t, std::uint16_t>> folded_entries;  // (end in folded_text, roles)
    std::string_view rest(text);
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
        if (word.size() < 3 || word.size() > kMaxEntry) continue;
        const bool ascii_capital = std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!is_folded_ascii(word) && !ascii_capital) {
            std::string folded = fold_word(word);
            if (plain_letters(folded) && folded.size() <= kMaxEntry) {
                folded_text += folded;
                folded_entries.emplace_back(folded_text.size(), roles_from_flags(flags));
            }
            continue;
        }
        // Proper names (capitals), abbreviations and multi-word entries are no compound parts.
        if (!plain_letters(word)) continue;
        table->insert(static_cast<std::uint32_t>(word.data() - text.data()), static_cast<std::uint16_t>(word.size()),
                      roles_from_flags(flags));
    }
    std::size_t at = text.size();
    text += folded_text;
    for (const auto& [end, roles] : folded_entries) {
        const std::size_t begin = at;
        at = text.size() - folded_text.size() + end;
        table->insert(static_cast<std::uint32_t>(begin), static_cast<std::uint16_t>(at - begin), roles);
    }
    splitter.adopt(std::move(table));
    return splitter;
}

CompoundSplitter CompoundSplitter::from_words(const std::vector<std::pair<std::string, std::uint16_t>>& words) {
    CompoundSplitter splitter;
    auto table = std::make_shared<Table>();
    table->make(words.size());
    for (const auto& [w, r] : words) table->words += w;
    std::size_t at = 0;
    for (const auto& [w, r] : words) {
        if (!w.empty() && w.size() <= kMaxEntry)
            table->insert(static_cast<std::uint32_t>(at), static_cast<std::uint16_t>(w.size()), r);
        at += w.size();
    }
    splitter.adopt(std::move(table));
    return splitter;
}

void CompoundSplitter::Table::make(std::size_t entries) {
    std::size_t size = 16;
    while (size < 2 * entries) size *= 2;
    slots.assign(size, Slot{});
    filter.assign(kFilterWords, 0);
    count = 0;
}

struct CompoundSplitter::SplitCache {
    static constexpr std::size_t kShards = 16;  // so that threads seldom wait for each other
    static constexpr std::size_t kShardBound = 200000 / kShards;
    struct Shard {
        std::mutex mutex;
        PartMemo<std::vector<std::string>> parts;
    };
    std::array<Shard, kShards> shards;
    Shard& shard_of(std::string_view word) { return shards[PartHash{}(word) % kShards]; }
};

std::shared_ptr<CompoundSplitter::SplitCache> CompoundSplitter::new_split_cache() {
    return std::make_shared<SplitCache>();
}

void CompoundSplitter::adopt(std::shared_ptr<const Table> table) {
    words_ = table->words.data();
    words_size_ = table->words.size();
    slots_ = table->slots.data();
    slot_count_ = table->slots.size();
    filter_ = table->filter.size() == kFilterWords ? table->filter.data() : nullptr;
    count_ = table->count;
    storage_ = std::move(table);
}

namespace {
// FNV-1a (short words, few bytes each), its high bits folded into the low ones the mask keeps.
std::size_t slot_hash(std::uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)); }
// The filter's two bits of a word: from bits of the hash the slot index hardly uses.
constexpr std::size_t kFilterBits = CompoundSplitter::kFilterWords * 64;
std::size_t filter_bit1(std::uint64_t h) { return static_cast<std::size_t>(h >> 43) % kFilterBits; }
std::size_t filter_bit2(std::uint64_t h) { return static_cast<std::size_t>((h >> 21) ^ (h * 0x9E3779B97F4A7C15ULL >> 40)) % kFilterBits; }
bool bit_set(const std::uint64_t* filter, std::size_t bit) { return (filter[bit / 64] >> (bit % 64)) & 1u; }
}  // namespace

void CompoundSplitter::Table::insert(std::uint32_t offset, std::uint16_t length, std::uint16_t roles) {
    const std::string_view word(words.data() + offset, length);
    const std::size_t mask = slots.size() - 1;
    const std::uint64_t h = text::fnv1a64(word);
    for (std::size_t bit : {filter_bit1(h), filter_bit2(h)}) filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
    for (std::size_t i = slot_hash(h) & mask;; i = (i + 1) & mask) {
        Slot& slot = slots[i];
        if (slot.length == 0) {
            slot = Slot{offset, length, roles};
            ++count;
            return;
        }
        // One entry per word, with the roles of all its lines (doel the noun and doel the verb).
        if (slot.length == length && std::memcmp(words.data() + slot.offset, word.data(), length) == 0) {
            slot.roles |= roles;
            return;
        }
    }
}

std::uint16_t CompoundSplitter::roles(std::string_view word) const {
    if (slot_count_ == 0 || word.empty() || word.size() > kMaxEntry) return 0;
    const std::uint64_t h = text::fnv1a64(word);
    if (filter_ && (!bit_set(filter_, filter_bit1(h)) || !bit_set(filter_, filter_bit2(h)))) return 0;
    const std::size_t mask = slot_count_ - 1;
    // At most one round of the table, and no word read past the end: a mapped cache file is
    // checked when it is opened, and these bounds hold even so.
    std::size_t i = slot_hash(h) & mask;
    for (std::size_t probes = 0; probes < slot_count_; ++probes, i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.length == 0) return 0;
        if (slot.length == word.size() && slot.offset + std::size_t{slot.length} <= words_size_ &&
            std::memcmp(words_ + slot.offset, word.data(), word.size()) == 0)
            return slot.roles;
    }
    return 0;
}

bool CompoundSplitter::begins(std::string_view word) const {
    const std::uint16_t r = roles(word);
    return (r & kBegins) || ((r & kNoun) && word.size() >= kMinUnflaggedPart);
}

bool CompoundSplitter::takes_linking_s(std::string_view word) const {
    // The lexicon's -s- flags miss nouns that take it (rechtsstaat, rechtspraak).
    const std::uint16_t r = roles(word);
    return (r & kBeginsWithS) || ((r & kNoun) && word.size() >= kMinHead && !is_guarded(word));
}

bool CompoundSplitter::ends(std::string_view word) const {
    const std::uint16_t r = roles(word);
    return (r & kEnds) || ((r & kNoun) && word.size() >= kMinUnflaggedPart);
}

namespace {

// The lemmas an inflected form may come from, most likely first: plannen -> plan (a doubled
// consonant), jaren -> jaar (a long vowel written once before one consonant), brieven -> brief,
// prijzen -> prijs (v and z before an ending are f and s in the lemma). Only an ending that
// starts with a vowel changes the spelling of the lemma: ministers is no teer + s.
// At most four, kept in place: asked for every ending of every cut, a vector cost an allocation.
struct LemmaCandidates {
    std::array<std::string, 4> items;
    std::size_t count = 0;
    void add(std::string s) { items[count++] = std::move(s); }
    const std::string* begin() const { return items.data(); }
    const std::string* end() const { return items.data() + count; }
};

LemmaCandidates lemma_candidates(std::string_view stem, bool vowel_ending = true) {
    LemmaCandidates out;
    const std::size_t n = stem.size();
    if (n < 2) return out;
    out.add(std::string(stem));
    if (!vowel_ending) return out;
    if (stem[n - 1] == stem[n - 2]) out.add(std::string(stem.substr(0, n - 1)));
    std::string devoiced(stem);
    if (stem[n - 1] == 'v') devoiced[n - 1] = 'f';
    if (stem[n - 1] == 'z') devoiced[n - 1] = 's';
    // A long vowel written once: a, e, o, u between consonants (not ie, ou, eu: two letters already).
    const char v = devoiced[n - 2];
    const bool single_vowel = std::string_view("aeou").find(v) != std::string_view::npos &&
                              (n < 3 || std::string_view("aeiouy").find(devoiced[n - 3]) == std::string_view::npos);
    std::string long_vowel = single_vowel ? devoiced.substr(0, n - 1) + v + devoiced[n - 1] : std::string();
    if (devoiced != stem) out.add(std::move(devoiced));
    if (single_vowel) out.add(std::move(long_vowel));
    return out;
}

}  // namespace

std::string CompoundSplitter::linked_lemma(std::string_view part, bool only_in_compound) const {
    // kinder- (kind), zonne- (zon) only for forms the lexicon marks as compound-only;
    // dieren- (dier), meisjes- (meisje), leraren- (leraar), getuigen- (getuige) for all.
    static constexpr std::string_view kLinks[] = {"en", "s", "n", "er", "e"};
    const std::size_t min_lemma = only_in_compound ? 3 : kMinHead;
    for (std::string_view link : kLinks) {
        if ((link == "er" || link == "e") && !only_in_compound) continue;
        if (!part.ends_with(link) || part.size() < link.size() + min_lemma) continue;
        for (const auto& lemma : lemma_candidates(part.substr(0, part.size() - link.size()), link[0] == 'e'))
            if (lemma.size() >= min_lemma && (roles(lemma) & kKnown) && !is_guarded(lemma)) return lemma;
    }
    return {};
}

std::string CompoundSplitter::head_lemma(std::string_view part, int depth) const {
    if (part.size() < kMinHead) return {};
    auto& memo = split_memo.heads[depth];
    if (auto it = memo.find(part); it != memo.end()) return it->second;
    std::string lemma = find_head_lemma(part, depth);
    memo.emplace(std::string(part), lemma);
    return lemma;
}

std::string CompoundSplitter::find_head_lemma(std::string_view part, int depth) const {
    if (part.size() < kMinHead || is_guarded(part)) return {};
    const std::uint16_t r = roles(part);
    // A form listed only to begin compounds stands for another word: kinder- (kind), and a
    // plural listed as a first part without being a noun itself: dieren- (dier), rechten- (recht).
    if ((r & kOnlyInCompound) || ((r & kBegins) && !(r & kNoun))) {
        const bool only_in_compound = (r & kOnlyInCompound) != 0;
        std::string lemma = linked_lemma(part, only_in_compound);
        // zonne- -> zon: the lexicon vouches for the form, any word will do as its lemma.
        const std::uint16_t wanted = only_in_compound ? kKnown : (kNoun | kBegins | kBeginsWithS | kBeginsWithEn | kEnds);
        if (!lemma.empty() && (roles(lemma) & wanted)) return lemma;
    }
    if (begins(part)) return std::string(part);
    // Linking elements: vredes-, gezins- (-s-); vrouwen-, mensen- (the -en plural).
    if (part.ends_with("s") && takes_linking_s(part.substr(0, part.size() - 1)))
        return std::string(part.substr(0, part.size() - 1));
    if (part.ends_with("en") && part.size() >= 2 + 3) {
        std::string_view lemma = part.substr(0, part.size() - 2);
        if (lemma.size() >= kMinHead && (roles(lemma) & kBeginsWithEn)) return std::string(lemma);
        // bommen -> bom (a doubled consonant; the lexicon names it an -en head, so it may be short).
        const std::size_t n = lemma.size();
        if (n >= 4 && lemma[n - 1] == lemma[n - 2] && (roles(lemma.substr(0, n - 1)) & kBeginsWithEn))
            return std::string(lemma.substr(0, n - 1));
        // rechten -> recht; leraren -> leraar; kolen -> kool.
        for (const auto& candidate : lemma_candidates(lemma))
            if (candidate.size() >= kMinHead && (roles(candidate) & kNoun) && !is_guarded(candidate)) return candidate;
    }
    // getuigen- -> getuige: the -n plural of a noun in -e.
    if (part.ends_with("en") && (roles(part.substr(0, part.size() - 1)) & kNoun))
        return std::string(part.substr(0, part.size() - 1));
    // A head that is a compound itself: mensenrechten(verdedigers).
    if (depth < kMaxDepth && part.size() >= kMinWord) {
        for (std::size_t cut = part.size() - kMinHead; cut >= kMinHead; --cut)
            if (!head_lemma(part.substr(0, cut), depth + 1).empty() &&
                !head_lemma(part.substr(cut), depth + 1).empty())
                return std::string(part);
    }
    return {};
}

bool CompoundSplitter::inflected_tail(std::string_view part) const {
    // The lexicon holds lemmas; the text has plurals and other inflections.
    // The last letter first: a word ends in one of these at most, and ends_with() was a memcmp call.
    const char last = part.empty() ? '\0' : part.back();
    for (std::string_view suffix : {"s", "en", "n", "e", "er", "ers", "ere", "st", "ste"}) {
        if (last != suffix.back() || part.size() <= suffix.size() || !part.ends_with(suffix)) continue;
        const bool vowel_ending = suffix[0] == 'e';
        for (const auto& lemma : lemma_candidates(part.substr(0, part.size() - suffix.size()), vowel_ending))
            if (lemma.size() >= kMinTail && ends(lemma)) return true;
    }
    // Diminutives, which hunspell makes with affix rules: kopje, kaartjes, kastjes.
    for (std::string_view suffix : {"je", "jes", "tje", "tjes", "pje", "pjes", "etje", "etjes"}) {
        if (last != suffix.back() || part.size() < suffix.size() + 3 || !part.ends_with(suffix)) continue;
        for (const auto& lemma : lemma_candidates(part.substr(0, part.size() - suffix.size())))
            if ((roles(lemma) & kDiminutive) && ends(lemma) && !is_guarded(lemma)) return true;
    }
    // Derivations hunspell makes with affix rules instead of listing them: gelijkheid (gelijk);
    // not a suffix on a suffix (kwetsbaarheid is no compound of kwets and baarheid).
    for (std::string_view suffix : {"heid", "heden"}) {
        if (last != suffix.back() || part.size() < suffix.size() + kMinTail || !part.ends_with(suffix)) continue;
        const std::string_view base = part.substr(0, part.size() - suffix.size());
        if ((roles(base) & kKnown) && !is_guarded(base)) return true;
    }
    return false;
}

bool CompoundSplitter::tail_ok(std::string_view part, int depth) const {
    if (part.size() < kMinTail) return false;
    auto& memo = split_memo.tails[depth];
    if (auto it = memo.find(part); it != memo.end()) return it->second;
    const bool ok = find_tail(part, depth);
    memo.emplace(std::string(part), ok);
    return ok;
}

bool CompoundSplitter::find_tail(std::string_view part, int depth) const {
    if (is_guarded(part)) return false;
    if (ends(part) || inflected_tail(part)) return true;
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
    // Dutch compounds put their main word last. So first the longest tail that is one word of
    // the lexicon, after any head, also a compound one (beleids + maatregelen, not beleidsmaat +
    // regelen; mensenrechten + verdedigers; geld + automaat, not geldauto + maat); failing that,
    // the longest head that is a word of the lexicon, then the longest that is a compound.
    for (int pass = 0; pass < 3; ++pass) {
        const bool simple_tail = pass == 0;
        const std::size_t first = simple_tail ? kMinHead : word.size() - kMinTail;
        const std::size_t last = simple_tail ? word.size() - kMinTail : kMinHead;
        for (std::size_t cut = first;; cut = simple_tail ? cut + 1 : cut - 1) {
            const std::string_view head = word.substr(0, cut);
            const std::string_view tail = word.substr(cut);
            const bool tail_fits = simple_tail ? tail_ok(tail, kMaxDepth) : tail_ok(tail, depth);
            std::string lemma;
            if (tail_fits) lemma = head_lemma(head, pass == 1 ? kMaxDepth : depth);
            // leven+sloop or levens+loop, parlement+sleden or parlements+leden: a tail that starts
            // with s after a head that takes a linking s is read as linking s and the rest.
            if (!lemma.empty() && simple_tail && tail.size() > kMinTail && tail[0] == 's' &&
                lemma == head && takes_linking_s(head) && tail_ok(tail.substr(1), kMaxDepth))
                continue;  // the next cut, one letter on (never past the last: the tail is longer than kMinTail)
            if (!lemma.empty()) {
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
            if (cut == last) break;
        }
    }
}

std::vector<std::string> CompoundSplitter::split(std::string_view word) const {
    std::vector<std::string> out;
    if (count_ == 0 || word.size() > kMaxWord || word.size() < kMinWord) return out;
    SplitCache::Shard* shard = splits_ ? &splits_->shard_of(word) : nullptr;
    if (shard) {
        std::lock_guard lock(shard->mutex);
        if (auto it = shard->parts.find(word); it != shard->parts.end()) return it->second;
    }
    split_memo.clear();
    split_into(word, 0, out);  // outside the lock
    if (shard) {
        std::lock_guard lock(shard->mutex);
        if (shard->parts.size() >= SplitCache::kShardBound) shard->parts.clear();  // refills with the common words
        shard->parts.emplace(std::string(word), out);
    }
    return out;
}

}  // namespace kb::analysis

#include "analysis/stemmer.h"

#include <algorithm>
#include <fmt/format.h>
#include <string_view>
#include <unordered_map>
#include <utf8proc.h>
#include <vector>
#include <xapian.h>

#include "analysis/ablation.h"
#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/lexicon_cache.h"
#include "analysis/stop_words.h"
#include "text/hash.h"

namespace kb::analysis {

namespace {

bool has(const CompoundSplitter& lexicon, std::string_view word, std::uint16_t roles) {
    return (lexicon.roles(word) & roles) != 0;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// Remembers the stems of recent words: word frequencies are Zipf-like, so most words of a text
// were stemmed before, and a lookup is several times cheaper than running the Snowball
// algorithm again (stemming was 16% of the instructions of a JSON Lines import). Not
// thread-safe, like every Xapian::Stem: each analyzer has its own.
//
// Every word is folded first (NFC, case, diacritics: see folding.h), here, so that the indexer,
// the query parser and the snippet highlighter, which all call the stemmer, fold alike.
class CachedStemmer : public Xapian::StemImplementation {
public:
    explicit CachedStemmer(WordSink* sink) : sink_(sink) {}
    std::string operator()(const std::string& word) override {
        auto it = cache_.find(word);
        if (it == cache_.end()) {
            if (cache_.size() >= kMaxEntries) cache_.clear();  // simple bound; refills with the common words
            Entry entry;
            entry.folded = fold_word(word);
            entry.stem = stem(entry.folded);
            it = cache_.emplace(word, std::move(entry)).first;
        }
        Entry& entry = it->second;
        if (sink_ && sink_->active && entry.listed_in != sink_->document) {
            entry.listed_in = sink_->document;
            sink_->words.push_back(entry.folded);
        }
        return entry.stem;
    }

protected:
    virtual std::string stem(const std::string& word) = 0;

private:
    // Larger than the vocabulary of most collections (20,000 JSON Lines records of the bench have
    // 144,000 distinct spellings): a bound of 100,000 emptied the cache partway through a build.
    static constexpr std::size_t kMaxEntries = 400000;
    struct Entry {
        std::string folded, stem;
        std::uint64_t listed_in = 0;  // the WordSink document that last listed it
    };
    WordSink* sink_;
    std::unordered_map<std::string, Entry> cache_;  // word as written -> its entry
};

// Porter's Dutch stemmer (Xapian 1.4's "dutch") with fixes, each measured on the word lists in
// tests/fixtures/dutch (test_dutch_words prints the figures). Kraaij-Pohlmann joined as many
// pairs but strips ge- and more suffixes (geweld -> wel, gebed -> bed, gezin -> zin), which only
// a list of exceptions per word could undo; Porter's faults are few and follow rules:
// - plurals it leaves apart: -ies, -ieën and -iën (strategieën, olie/oliën), -s after a vowel
//   (vredes, ziektes, bureaus, meisjes), doubled consonants other than kk/dd/tt (plannen),
//   v and z before an ending (brieven, prijzen), a long vowel written once in an open syllable
//   when the lexicon knows the long form (financiële -> financieel, problemen -> probleem);
// - words it joins that a reader keeps apart: a long vowel undoubled (boom and bom, zaak and
//   zak, maan and man), a final s that belongs to the word (mens -> men, nieuws -> nieuw, eens
//   -> een), -heid (overheid -> over, eenheid -> een; so veiligheid stays apart from veilig) and
//   -ing (regering -> reger, vereniging -> veren), which make new words from old ones.
// The lexicon is the hunspell-nl word list the compound splitter loads; without it the fixes
// that ask it do nothing, and the analysis signature says so.
class DutchStemmer : public CachedStemmer {
public:
    using CachedStemmer::CachedStemmer;
    std::string get_description() const override { return "dutch+fixes"; }

protected:
    std::string stem(const std::string& word) override {
        if (ablated(Feature::StemFixes)) return porter_(word);
        const CompoundSplitter& lexicon = CompoundSplitter::dutch();
        auto has = [&](std::string_view w, std::uint16_t roles) { return analysis::has(lexicon, w, roles); };
        std::string w = word;
        if (std::string base = lexicon_base(word, lexicon); !base.empty()) w = std::move(base);
        const std::size_t n = w.size();
        if (n >= 6 && w.ends_with("ieen")) w.resize(n - 2);  // strategieen -> strategie
        else if (n >= 5 && w.ends_with("ien") && has(w.substr(0, n - 1), CompoundSplitter::kNoun))
            w.resize(n - 1);  // olien -> olie
        else if (n >= 6 && w.ends_with("ies")) w.resize(n - 1);  // resoluties -> resolutie
        // -heid and -ing make words of their own: kept, with their plurals joined.
        if (w.size() >= 7 && w.ends_with("heid")) return w;
        if (w.size() >= 8 && w.ends_with("heden")) return w.substr(0, w.size() - 5) + "heid";
        if (w.size() >= 6 && w.ends_with("ing")) return w;
        if (w.size() >= 8 && w.ends_with("ingen")) return w.substr(0, w.size() - 2);

        const std::size_t m = w.size();
        if (m >= 4 && w.back() == 's' && is_vowel(w[m - 2])) {
            // vredes, ziektes, bureaus: the plural (or genitive) of a word the lexicon lists.
            const std::string base = w.substr(0, m - 1);
            const bool plural = (!has(w, CompoundSplitter::kKnown) || has(base, CompoundSplitter::kPluralS)) &&
                                has(base, CompoundSplitter::kKnown);
            if (plural || w.ends_with("jes")) w = base;
        } else if (m >= 4 && w.back() == 's' && w[m - 2] != 'j' && has(w, CompoundSplitter::kKnown) &&
                   !has(w.substr(0, m - 1), CompoundSplitter::kPluralS)) {
            // mens, kans, nieuws, eens: the s is part of the word. Stemmed as its -en form would
            // be (mensen -> mens), which Porter leaves whole.
            w += "en";
        } else if (m >= 5 && w.ends_with("en") && has(w.substr(0, m - 1), CompoundSplitter::kPluralS)) {
            w.pop_back();  // gemeenten -> gemeente, as gemeentes
        }
        // deken, molen, toren, ziekte: a noun whose plural adds -s keeps its -en or -e, which are
        // part of the word (Porter would make deken dek and toren tor).
        if (w.size() >= 4 && (w.ends_with("en") || w.ends_with("e")) && has(w, CompoundSplitter::kPluralS)) return w;

        std::string porter = porter_(w);
        // Porter writes a long vowel once (boom -> bom): when it removed nothing else, keep it.
        const std::size_t k = porter.size();
        if (k + 1 == w.size() && k >= 2 && w.compare(0, k - 1, porter, 0, k - 1) == 0 && w[k - 1] == w[k - 2] &&
            w.back() == porter.back())
            return w;
        if (k >= 3 && porter[k - 1] == porter[k - 2] && !is_vowel(porter[k - 1])) {
            porter.pop_back();  // a doubled consonant at the end is written once: plannen -> plann -> plan
        } else if (k >= 3 && k < w.size() && is_vowel(w[k]) && !is_vowel(porter[k - 1]) &&
                   std::string_view("aeou").find(porter[k - 2]) != std::string_view::npos) {
            // An ending took the vowel of an open syllable away (financiele -> financiel, bomen ->
            // bom): the long form, when the lexicon has it as a noun or adjective (so regels
            // keeps regel, and dagen is no form of daag, a verb's stem).
            std::string longer = porter.substr(0, k - 1) + porter[k - 2] + porter[k - 1];
            std::string devoiced = longer;
            if (devoiced.back() == 'v') devoiced.back() = 'f';
            if (devoiced.back() == 'z') devoiced.back() = 's';
            constexpr std::uint16_t kLemma = CompoundSplitter::kNoun | CompoundSplitter::kAdjective | CompoundSplitter::kEnds;
            if (has(devoiced, kLemma)) return devoiced;
            if (has(longer, kLemma)) return longer;
        }
        // v and z before an ending are f and s at the end of a word: brieven -> brief, prijzen -> prijs.
        if (!porter.empty() && porter.back() == 'v') porter.back() = 'f';
        else if (!porter.empty() && porter.back() == 'z') porter.back() = 's';
        return porter;
    }

private:
    // Verb forms and comparatives that Porter leaves apart from their word: werkt, werkte and
    // gewerkt from werken, kopieert from kopiëren, kleiner from klein. hunspell-nl lists a verb's
    // stem, infinitive and participle, each with the flags of its paradigm, and makes the other
    // forms with affix rules: a verb form is read back to the infinitive it was made from (an
    // unlisted comparative to its adjective), which stem() then treats as before. Words the
    // lexicon lists as anything but a verb's stem or participle keep their stems. "" when the
    // word is no such form.
    static std::string lexicon_base(const std::string& w, const CompoundSplitter& lexicon) {
        auto has = [&](std::string_view x, std::uint16_t roles) { return analysis::has(lexicon, x, roles); };
        const std::size_t n = w.size();
        if (n < 4) return {};
        // Participles: gewerkt, gesorteerde, hernoemd, beschermd; not one that is a noun in its own
        // right (geweld, gedicht: the lexicon lets them make compounds), nor one whose meaning as
        // an adjective moved away from its verb's.
        static constexpr std::string_view kMovedParticiples[] = {"bekend",  "bepaald", "beroemd", "verkeerd",
                                                                 "beleefd", "bezorgd", "gewend"};
        constexpr std::uint16_t kCompoundPart = CompoundSplitter::kBegins | CompoundSplitter::kBeginsWithS |
                                                CompoundSplitter::kBeginsWithEn | CompoundSplitter::kEnds;
        std::string_view p(w);
        if (p.back() == 'e' && has(p.substr(0, n - 1), CompoundSplitter::kParticiple)) p.remove_suffix(1);
        if ((p.back() == 'd' || p.back() == 't') && has(p, CompoundSplitter::kParticiple) && !has(p, kCompoundPart) &&
            std::find(std::begin(kMovedParticiples), std::end(kMovedParticiples), p) == std::end(kMovedParticiples)) {
            // The verb whose regular participle this is: with its ge- first (gebeurd is gebeuren's,
            // not beuren's), and a stem in -t or -d takes no second one (geplant is planten's,
            // not plannen's: that would be gepland).
            for (const bool drop_ge : {false, true}) {
                if (drop_ge && !(p.size() > 4 && p.starts_with("ge"))) continue;
                for (const bool drop_last : {true, false}) {
                    std::string_view stem = p.substr(drop_ge ? 2 : 0);
                    if (drop_last) stem.remove_suffix(1);
                    if (stem.size() < 2 || !has(stem, CompoundSplitter::kVerbStem)) continue;
                    std::string infinitive = infinitive_of(stem, lexicon);
                    if (infinitive.empty() || regular_participle(stem, infinitive, drop_ge) != p) continue;
                    return infinitive;
                }
            }
        }
        // A verb's stem that is no noun or adjective as well (kopieer, sorteer; not boot, staal).
        if (has(w, CompoundSplitter::kVerbStem) &&
            !has(w, CompoundSplitter::kInfinitive | CompoundSplitter::kNoun | CompoundSplitter::kAdjective))
            return infinitive_of(w, lexicon);
        // A word the lexicon lists as more than a bare form is itself (stelt is a noun as well).
        if (lexicon.roles(w) & ~CompoundSplitter::kKnown) return {};
        // A plural or an inflection of a noun or adjective is no verb form: lasten (last), not las + ten.
        if (w.ends_with("en") && has(std::string_view(w).substr(0, n - 2), CompoundSplitter::kNoun)) return {};
        if (w.ends_with("e") && has(std::string_view(w).substr(0, n - 1), CompoundSplitter::kNoun | CompoundSplitter::kAdjective))
            return {};
        // The present (werkt, gaat) and the past (werkte, werkten, beschermde).
        for (std::string_view suffix : {"t", "de", "te", "den", "ten"}) {
            if (!w.ends_with(suffix) || n < suffix.size() + 2) continue;
            const std::string_view stem = std::string_view(w).substr(0, n - suffix.size());
            if (has(stem, CompoundSplitter::kVerbStem)) return infinitive_of(stem, lexicon);
        }
        if (w.ends_with("aat") || w.ends_with("oot")) {  // ga -> gaat, sla -> slaat
            const std::string_view stem = std::string_view(w).substr(0, n - 2);
            if (has(stem, CompoundSplitter::kVerbStem)) return infinitive_of(stem, lexicon);
        }
        // Comparatives: kleiner, kleinere, zwakker (zwak), groter (groot).
        for (std::string_view suffix : {"er", "ere"}) {
            if (!w.ends_with(suffix) || n < suffix.size() + 3) continue;
            const std::string base = w.substr(0, n - suffix.size());
            const std::size_t b = base.size();
            for (const std::string& candidate :
                 {base, base[b - 1] == base[b - 2] ? base.substr(0, b - 1) : std::string(),
                  base.substr(0, b - 1) + base[b - 2] + base[b - 1]}) {
                if (!candidate.empty() && has(candidate, CompoundSplitter::kAdjective)) return candidate;
            }
        }
        return {};
    }

    // The regular participle of a verb's stem, by 't kofschip: a stem that ends in t, k, f, s, ch
    // or p takes -t (gewerkt), unless its infinitive voices the f or s (geleefd: leven); one in
    // -t or -d takes nothing more (geplant); any other takes -d (gesorteerd, hernoemd).
    static std::string regular_participle(std::string_view stem, std::string_view infinitive, bool with_ge) {
        std::string out = with_ge ? "ge" : "";
        out += stem;
        const char last = stem.back();
        if (last == 't' || last == 'd') return out;
        const bool voiced = infinitive.ends_with("ven") || infinitive.ends_with("zen");
        const bool voiceless = std::string_view("tkfspx").find(last) != std::string_view::npos || stem.ends_with("ch");
        out += voiceless && !voiced ? 't' : 'd';
        return out;
    }

    // The infinitive of a verb's stem, as the lexicon lists it, or "": werk -> werken, stem ->
    // stemmen, maak -> maken, kopieer -> kopieren, geef -> geven, kies -> kiezen, ga -> gaan.
    static std::string infinitive_of(std::string_view stem, const CompoundSplitter& lexicon) {
        const std::size_t n = stem.size();
        if (n < 2) return {};
        const std::string plain(stem);
        // f and s at the end of a stem are v and z before the ending when the infinitive says so.
        std::string voiced = plain;
        if (voiced.back() == 'f') voiced.back() = 'v';
        else if (voiced.back() == 's') voiced.back() = 'z';
        // A short vowel in a closed syllable doubles the consonant after it (stel -> stellen, not
        // stelen; kus -> kussen); an unstressed one does not (verwijder -> verwijderen).
        const bool short_vowel = n >= 3 && !is_vowel(plain[n - 1]) && is_vowel(plain[n - 2]) && !is_vowel(plain[n - 3]);
        std::vector<std::string> candidates;
        if (short_vowel) candidates.push_back(plain + plain.back() + "en");
        candidates.push_back(plain + "en");
        for (const std::string& base : {plain, voiced}) {
            // A long vowel is written once in an open syllable: maak -> maken, kopieer -> kopieren.
            if (n >= 3 && base[n - 2] == base[n - 3] && std::string_view("aeou").find(base[n - 2]) != std::string_view::npos)
                candidates.push_back(base.substr(0, n - 2) + base.substr(n - 1) + "en");
            if (base != plain) candidates.push_back(base + "en");
        }
        candidates.push_back(plain + "n");   // doe -> doen, zie -> zien
        candidates.push_back(plain + "an");  // ga -> gaan, sta -> staan
        for (const auto& candidate : candidates)
            if (has(lexicon, candidate, CompoundSplitter::kInfinitive)) return candidate;
        return {};
    }

    // "dutch" means Porter's algorithm in Xapian 1.4 (it means Kraaij-Pohlmann in 2.0);
    // analysis_signature() records it so an upgrade is caught, not silently mixed.
    Xapian::Stem porter_{"dutch"};
};

class EnglishStemmer : public CachedStemmer {
public:
    using CachedStemmer::CachedStemmer;
    std::string get_description() const override { return "english"; }

protected:
    std::string stem(const std::string& word) override { return porter2_(word); }

private:
    Xapian::Stem porter2_{"english"};
};

// Stop words looked up in a sorted array of views into the static lists. Xapian's SimpleStopper
// keeps a std::set of strings that every process built again: 244 allocations and 15 KB of heap,
// paid for by each search in page faults (the heap's pages are touched once each).
class WordListStopper : public Xapian::Stopper {
public:
    explicit WordListStopper(std::initializer_list<const std::vector<std::string_view>*> lists) {
        for (const auto* list : lists) words_.insert(words_.end(), list->begin(), list->end());
        std::sort(words_.begin(), words_.end());
        words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
    }
    bool operator()(const std::string& word) const override {
        return std::binary_search(words_.begin(), words_.end(), std::string_view(word));
    }
    std::string get_description() const override { return fmt::format("WordListStopper({} words)", words_.size()); }

private:
    std::vector<std::string_view> words_;
};

class HighlightingStemmer : public Xapian::StemImplementation {
public:
    HighlightingStemmer(Xapian::Stem full, StemStarts starts) : full_(std::move(full)), starts_(starts) {}
    std::string operator()(const std::string& word) override {
        if (!starts_.may_meet(word)) return {};
        return full_(word);
    }
    std::string get_description() const override { return "highlighting " + full_.get_description(); }

private:
    Xapian::Stem full_;
    StemStarts starts_;
};

}  // namespace

bool keeps_stem_start(std::string_view word, std::string_view stem) {
    return stem.empty() || StemStarts({std::string(stem)}, {}).may_meet(word);
}

StemStarts::StemStarts(const std::vector<std::string>& stems, const std::vector<std::string>& wildcards)
    : every_word_(false) {
    auto add = [&](const std::string& start, std::size_t length) {
        const unsigned char first = start.empty() ? 0 : static_cast<unsigned char>(start[0]);
        if (first < 'a' || first > 'z') return false;
        starts_[first] = true;
        // Only lowercase ASCII letters: a key ends before anything else (which a word may fold to).
        std::size_t n = 1;
        while (n < length && n < start.size() && start[n] >= 'a' && start[n] <= 'z') ++n;
        keys_.push_back(start.substr(0, n));
        return true;
    };
    for (const auto& stem : stems)
        if (!add(stem, std::clamp<std::size_t>(stem.size() < 2 ? 1 : stem.size() - 2, 1, kLongestKey))) {
            every_word_ = true;
            return;
        }
    for (const auto& wildcard : wildcards)
        if (!add(wildcard, 1)) {
            every_word_ = true;
            return;
        }
}

Xapian::Stem highlighting_stemmer(const Xapian::Stem& full, const std::vector<std::string>& stems) {
    const StemStarts starts(stems, {});
    if (starts.every_word()) return full;
    return Xapian::Stem(new HighlightingStemmer(full, starts));
}

void WordSink::distinct() {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
}

Xapian::Stem stemmer_for(std::string_view lang, WordSink* sink) {
    if (lang == "en") return Xapian::Stem(new EnglishStemmer(sink));
    return Xapian::Stem(new DutchStemmer(sink));
}

const Xapian::Stopper& stopper_for(std::string_view lang) {
    static const WordListStopper none({});
    if (ablated(Feature::StopWords)) return none;
    static const WordListStopper dutch({&dutch_stop_words()}), english({&english_stop_words()});
    return lang == "en" ? english : dutch;
}

const Xapian::Stopper& all_stop_words() {
    static const WordListStopper both({&dutch_stop_words(), &english_stop_words()});
    return both;
}

namespace {

// Computed from behaviour: a change in folding, stemming, stop words or compound splitting
// (a new lexicon, a new Xapian) changes how these words are analysed, and so the signature.
std::string computed_signature() {
    static constexpr std::string_view kProbes[] = {
        "vrouwenorganisaties", "vredesonderhandelingen", "mensenrechtenverdedigers", "gezinsgeweld",
        "ondergrond", "bijlage", "regering", "strategieën", "financiële", "financieel", "seksuele",
        "actieplannen", "vredes", "coördinatie", "Coo\u0308rdinatie", "naïve", "Zürich", "resoluties",
        "organisaties", "geweld", "veiligheid", "women", "peacekeeping", "rights", "defenders", "ß",
        // the rules that ask the lexicon (so an index built without hunspell-nl is told apart)
        "mens", "boom", "overheid", "regering", "deken", "vredes", "problemen", "prijzen", "kinderopvang",
        "zonnepanelen", "rechtsstaat", "partijleider", "financiën",
        // verb forms and comparatives read back through the lexicon's paradigms
        "kopieert", "gesorteerde", "hernoemd", "gesteld", "kopieer", "werkte", "kleiner", "bekend",
        // the ij ligature spelled out
        "gel\u0133kheid", "\u0132sselmeer",
    };
    std::string trace;
    for (auto lang : kLanguages) {
        Xapian::Stem stem = stemmer_for(lang);
        for (auto probe : kProbes) trace += stem(std::string(probe)) + ' ';
    }
    for (auto probe : kProbes)
        for (const auto& part : CompoundSplitter::dutch().split(fold_word(probe))) trace += part + '+';
    for (auto list : {&dutch_stop_words(), &english_stop_words()})
        for (auto w : *list) trace += std::string(w) + ',';
    return fmt::format("nl={};en={};terms=stems+parts;fold=utf8proc;probes={:016x};xapian={}",
                       stemmer_for("nl").get_description(), stemmer_for("en").get_description(),
                       text::fnv1a64(trace), XAPIAN_MAJOR_VERSION);
}

}  // namespace

std::string analysis_signature() {
    static const std::string signature = [] {
        // Features turned off for a measurement: such an index is never mixed with a normal one.
        if (const std::string ablation = ablation_signature(); !ablation.empty())
            return computed_signature() + ";" + ablation;
        return LexiconCache::signature(std::string(CompoundSplitter::kDefaultLexicon),
                                       fmt::format("xapian {} utf8proc {}", Xapian::version_string(), utf8proc_version()),
                                       computed_signature);
    }();
    return signature;
}

}  // namespace kb::analysis

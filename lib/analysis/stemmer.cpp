#include "analysis/stemmer.h"

#include <fmt/format.h>
#include <unordered_map>

#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/stop_words.h"
#include "text/hash.h"

namespace kb::analysis {

namespace {

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
            std::string folded = fold_word(word);
            std::string stemmed = stem(folded);
            it = cache_.emplace(word, std::make_pair(std::move(folded), std::move(stemmed))).first;
        }
        if (sink_ && sink_->active) sink_->words.insert(it->second.first);
        return it->second.second;
    }

protected:
    virtual std::string stem(const std::string& word) = 0;

private:
    static constexpr std::size_t kMaxEntries = 100000;
    WordSink* sink_;
    std::unordered_map<std::string, std::pair<std::string, std::string>> cache_;  // word -> folded, stem
};

// Xapian 1.4's "dutch" (Porter) leaves -ies plurals apart from their -ie singulars
// (resoluties/resolutie, organisaties/organisatie, commissies/commissie), which matters in
// policy texts. Dropping the plural s before stemming joins them without Kraaij-Pohlmann's
// over-stemming (geweld -> wel).
class DutchStemmer : public CachedStemmer {
public:
    using CachedStemmer::CachedStemmer;
    std::string get_description() const override { return "dutch+ies"; }

protected:
    std::string stem(const std::string& word) override {
        if (word.size() >= 6 && word.compare(word.size() - 3, 3, "ies") == 0)
            return porter_(word.substr(0, word.size() - 1));
        return porter_(word);
    }

private:
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

// Stoppers cannot be copied or moved: build them in place, once, and share them read-only.
const Xapian::SimpleStopper& build_stopper(Xapian::SimpleStopper& stopper,
                                           std::initializer_list<const std::vector<std::string_view>*> lists) {
    for (const auto* list : lists)
        for (auto w : *list) stopper.add(std::string(w));
    return stopper;
}

}  // namespace

Xapian::Stem stemmer_for(std::string_view lang, WordSink* sink) {
    if (lang == "en") return Xapian::Stem(new EnglishStemmer(sink));
    return Xapian::Stem(new DutchStemmer(sink));
}

const Xapian::Stopper& stopper_for(std::string_view lang) {
    static Xapian::SimpleStopper dutch, english;
    static const Xapian::SimpleStopper& d = build_stopper(dutch, {&dutch_stop_words()});
    static const Xapian::SimpleStopper& e = build_stopper(english, {&english_stop_words()});
    return lang == "en" ? e : d;
}

const Xapian::Stopper& all_stop_words() {
    static Xapian::SimpleStopper both;
    static const Xapian::SimpleStopper& b = build_stopper(both, {&dutch_stop_words(), &english_stop_words()});
    return b;
}

std::string analysis_signature() {
    // Computed from behaviour: a change in folding, stemming, stop words or compound splitting
    // (a new lexicon, a new Xapian) changes how these words are analysed, and so the signature.
    static const std::string signature = [] {
        static constexpr std::string_view kProbes[] = {
            "vrouwenorganisaties", "vredesonderhandelingen", "mensenrechtenverdedigers", "gezinsgeweld",
            "ondergrond", "bijlage", "regering", "strategieën", "financiële", "financieel", "seksuele",
            "actieplannen", "vredes", "coördinatie", "Coo\u0308rdinatie", "naïve", "Zürich", "resoluties",
            "organisaties", "geweld", "veiligheid", "women", "peacekeeping", "rights", "defenders", "ß",
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
    }();
    return signature;
}

}  // namespace kb::analysis

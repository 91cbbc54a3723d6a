#include "analysis/stemmer.h"

#include <fmt/format.h>
#include <unordered_map>

#include "analysis/stop_words.h"

namespace kb::analysis {

namespace {

// Remembers the stems of recent words: word frequencies are Zipf-like, so most words of a text
// were stemmed before, and a lookup is several times cheaper than running the Snowball
// algorithm again (stemming was 16% of the instructions of a JSON Lines import). Not
// thread-safe, like every Xapian::Stem: each analyzer has its own.
class CachedStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override {
        if (auto it = cache_.find(word); it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxEntries) cache_.clear();  // simple bound; refills with the common words
        return cache_.emplace(word, stem(word)).first->second;
    }

protected:
    virtual std::string stem(const std::string& word) = 0;

private:
    static constexpr std::size_t kMaxEntries = 100000;
    std::unordered_map<std::string, std::string> cache_;
};

// Xapian 1.4's "dutch" (Porter) leaves -ies plurals apart from their -ie singulars
// (resoluties/resolutie, organisaties/organisatie, commissies/commissie), which matters in
// policy texts. Dropping the plural s before stemming joins them without Kraaij-Pohlmann's
// over-stemming (geweld -> wel).
class DutchStemmer : public CachedStemmer {
public:
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

Xapian::Stem stemmer_for(std::string_view lang) {
    if (lang == "en") return Xapian::Stem(new EnglishStemmer);
    return Xapian::Stem(new DutchStemmer);
}

const Xapian::Stopper& stopper_for(std::string_view lang) {
    static Xapian::SimpleStopper dutch, english;
    static const Xapian::SimpleStopper& d = build_stopper(dutch, {&dutch_stop_words()});
    static const Xapian::SimpleStopper& e = build_stopper(english, {&english_stop_words()});
    return lang == "en" ? e : d;
}

const Xapian::Stopper& query_stopper() {
    static Xapian::SimpleStopper both;
    static const Xapian::SimpleStopper& b = build_stopper(both, {&dutch_stop_words(), &english_stop_words()});
    return b;
}

std::string analysis_signature() {
    return fmt::format("nl={};en={};terms=stems;stopwords=kb1;xapian={}", stemmer_for("nl").get_description(),
                       stemmer_for("en").get_description(), XAPIAN_MAJOR_VERSION);
}

}  // namespace kb::analysis

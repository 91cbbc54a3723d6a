// lib/analysis against word lists written for kb (tests/fixtures/dutch): how well compounds are
// split and how well the Dutch stemmer joins what a reader joins and keeps apart what a reader
// keeps apart. Prints precision and recall (ctest -V, or run kb_unit_tests), and fails when they
// drop below floors set a little under today's figures. KB_SHOW_MISSES=1 lists every miss.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <xapian.h>

#include "analysis/compound_splitter.h"
#include "analysis/folding.h"
#include "analysis/stemmer.h"

using namespace kb::analysis;

namespace {

// The rows of a list: tab-separated fields, without comment lines (#) and blank lines.
std::vector<std::vector<std::string>> read_list(const std::string& name) {
    const std::string path = std::string(KB_FIXTURES) + "/dutch/" + name;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            fields.push_back(line.substr(start, tab - start));
        fields.push_back(line.substr(start));
        rows.push_back(std::move(fields));
    }
    return rows;
}

bool show_misses() {
    const char* v = std::getenv("KB_SHOW_MISSES");
    return v && *v && std::string(v) != "0";
}

struct Score {
    std::size_t relevant = 0;   // compounds, or pairs that must meet
    std::size_t found = 0;      // splits made, or pairs given one stem
    std::size_t correct = 0;    // right splits, or meeting pairs that must meet
    double precision() const { return found ? static_cast<double>(correct) / static_cast<double>(found) : 1.0; }
    double recall() const { return relevant ? static_cast<double>(correct) / static_cast<double>(relevant) : 1.0; }
};

void print_row(const std::string& name, const Score& s) {
    std::printf("  %-26s precision %.3f  recall %.3f  (%zu right of %zu made, %zu expected)\n", name.c_str(),
                s.precision(), s.recall(), s.correct, s.found, s.relevant);
    std::fflush(stdout);
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "+") + p;
    return out;
}

// A word counts as split right when the splitter's first two parts are the listed head and tail;
// any split of a word from the non-compound list is a false positive.
Score score_splitter(const CompoundSplitter& splitter) {
    Score s;
    const bool verbose = show_misses();
    for (const auto& row : read_list("compounds.tsv")) {
        REQUIRE_MESSAGE(row.size() == 3, "compounds.tsv: want word, head, tail: " << row[0]);
        const auto parts = splitter.split(fold_word(row[0]));
        ++s.relevant;
        if (parts.empty()) {
            if (verbose) std::cout << "  not split: " << row[0] << '\n';
            continue;
        }
        ++s.found;
        if (parts.size() >= 2 && parts[0] == fold_word(row[1]) && parts[1] == fold_word(row[2]))
            ++s.correct;
        else if (verbose)
            std::cout << "  wrong split: " << row[0] << " -> " << join(parts) << '\n';
    }
    for (const auto& row : read_list("non_compounds.txt")) {
        const auto parts = splitter.split(fold_word(row[0]));
        if (parts.empty()) continue;
        ++s.found;
        if (verbose) std::cout << "  split a non-compound: " << row[0] << " -> " << join(parts) << '\n';
    }
    return s;
}

using StemFunction = std::function<std::string(const std::string&)>;

// A pair that must meet and does is a hit; a pair that must stay apart and meets is a false one.
Score score_stemmer(const std::string& name, const StemFunction& stem) {
    Score s;
    const bool verbose = show_misses();
    for (const auto& row : read_list("stem_pairs_meet.tsv")) {
        REQUIRE_MESSAGE(row.size() == 2, "stem_pairs_meet.tsv: want two words: " << row[0]);
        ++s.relevant;
        const std::string a = stem(row[0]), b = stem(row[1]);
        if (a == b) {
            ++s.found;
            ++s.correct;
        } else if (verbose) {
            std::cout << "  " << name << " keeps apart " << row[0] << "/" << row[1] << ": " << a << " " << b << '\n';
        }
    }
    for (const auto& row : read_list("stem_pairs_apart.tsv")) {
        REQUIRE_MESSAGE(row.size() == 2, "stem_pairs_apart.tsv: want two words: " << row[0]);
        const std::string a = stem(row[0]);
        if (a == stem(row[1])) {
            ++s.found;
            if (verbose) std::cout << "  " << name << " joins " << row[0] << "/" << row[1] << ": " << a << '\n';
        }
    }
    return s;
}

StemFunction plain_xapian(const std::string& algorithm) {
    auto stemmer = std::make_shared<Xapian::Stem>(algorithm);
    return [stemmer](const std::string& word) { return (*stemmer)(fold_word(word)); };
}

}  // namespace

TEST_CASE("word lists: the lists are as large as the issue asks") {
    CHECK(read_list("compounds.tsv").size() >= 300);
    CHECK(read_list("non_compounds.txt").size() >= 300);
    CHECK(read_list("stem_pairs_meet.tsv").size() >= 300);
    CHECK(read_list("stem_pairs_apart.tsv").size() >= 300);
}

TEST_CASE("word lists: compound splitting, precision and recall") {
    const CompoundSplitter& splitter = CompoundSplitter::dutch();
    REQUIRE_MESSAGE(splitter.lexicon_size() > 0, "no Dutch lexicon at " << CompoundSplitter::kDefaultLexicon
                                                                       << ": install hunspell-nl (scripts/setup.sh)");
    const Score s = score_splitter(splitter);
    std::printf("compound splitting (compounds.tsv, non_compounds.txt):\n");
    print_row("kb CompoundSplitter", s);

    // A rough speed, not asserted: every listed word split once by a splitter of its own, whose
    // cache of splits is empty (the splitter runs once per distinct word of an indexing run).
    std::vector<std::string> words;
    for (const auto& row : read_list("compounds.tsv")) words.push_back(fold_word(row[0]));
    for (const auto& row : read_list("non_compounds.txt")) words.push_back(fold_word(row[0]));
    const CompoundSplitter fresh = CompoundSplitter::from_file(std::string(CompoundSplitter::kDefaultLexicon));
    std::size_t parts = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& w : words) parts += fresh.split(w).size();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("  splitter speed: %.0f words/s (%zu words in %.3f s, %zu parts)\n",
                static_cast<double>(words.size()) / seconds, words.size(), seconds, parts);

    // Floors a little under today's figures (precision 0.981, recall 0.949; before the fixes of
    // issue 9's word-list work: 0.941 and 0.785).
    CHECK(s.precision() >= 0.97);
    CHECK(s.recall() >= 0.93);
}

TEST_CASE("word lists: threads splitting at once get what one thread alone gets, cached or not") {
    const CompoundSplitter& shared = CompoundSplitter::dutch();
    REQUIRE(shared.lexicon_size() > 0);
    std::vector<std::string> words;
    for (const auto& row : read_list("compounds.tsv")) words.push_back(fold_word(row[0]));
    for (const auto& row : read_list("non_compounds.txt")) words.push_back(fold_word(row[0]));
    // The answers of a splitter no other thread touches, and whose cache starts empty.
    const CompoundSplitter alone = CompoundSplitter::from_file(std::string(CompoundSplitter::kDefaultLexicon));
    std::vector<std::vector<std::string>> expected;
    for (const auto& w : words) expected.push_back(alone.split(w));
    for (std::size_t i = 0; i < words.size(); ++i) CHECK(alone.split(words[i]) == expected[i]);  // from its cache
    // Four threads at once, each through the list from another point, twice (ThreadSanitizer
    // runs this test too).
    std::vector<std::vector<std::vector<std::string>>> got(4, std::vector<std::vector<std::string>>(words.size()));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 2; ++round)
                for (std::size_t k = 0; k < words.size(); ++k) {
                    const std::size_t i = (k + t * words.size() / 4) % words.size();
                    got[t][i] = shared.split(words[i]);
                }
        });
    for (auto& thread : threads) thread.join();
    for (std::size_t t = 0; t < got.size(); ++t)
        for (std::size_t i = 0; i < words.size(); ++i) CHECK_MESSAGE(got[t][i] == expected[i], words[i]);
}

TEST_CASE("word lists: stemming, precision and recall, kb against plain Xapian") {
    Xapian::Stem kb_stemmer = stemmer_for("nl");
    const Score kb = score_stemmer("kb", [&](const std::string& w) { return kb_stemmer(w); });
    const Score dutch = score_stemmer("dutch", plain_xapian("dutch"));
    const Score kp = score_stemmer("kraaij_pohlmann", plain_xapian("kraaij_pohlmann"));
    std::printf("stem pairs (stem_pairs_meet.tsv, stem_pairs_apart.tsv), every word folded first:\n");
    print_row("kb stemmer_for(\"nl\")", kb);
    print_row("xapian dutch", dutch);
    print_row("xapian kraaij_pohlmann", kp);

    // Floors a little under today's figures (precision 0.970, recall 0.941 with verb forms read
    // back to their infinitive; 0.966 and 0.880 on the lists before verb pairs were added, without;
    // Porter with only the -ies rule had 0.682 and 0.628), and the reason kb has its own rules: it
    // beats both.
    CHECK(kb.precision() >= 0.95);
    CHECK(kb.recall() >= 0.92);
    CHECK(kb.precision() > std::max(dutch.precision(), kp.precision()));
    CHECK(kb.recall() > std::max(dutch.recall(), kp.recall()));
}

TEST_CASE("word lists: the traps the issue names, one by one") {
    const CompoundSplitter& splitter = CompoundSplitter::dutch();
    REQUIRE(splitter.lexicon_size() > 0);
    auto split = [&](const char* w) { return splitter.split(fold_word(w)); };
    auto main_parts = [&](const char* w) {
        auto parts = split(w);
        parts.resize(std::min<std::size_t>(parts.size(), 2));
        return join(parts);
    };
    for (const char* word : {"ondergrond", "bijlage", "beamer", "regering", "verdrag"}) {
        CAPTURE(word);
        CHECK(split(word).empty());
    }
    CHECK(main_parts("vredesonderhandelingen") == "vrede+onderhandelingen");
    CHECK(main_parts("gezinsgeweld") == "gezin+geweld");
    CHECK(main_parts("vrouwenorganisaties") == "vrouw+organisaties");
    CHECK(main_parts("gendergelijkheid") == "gender+gelijkheid");
    // The rules behind those: a tail in s after a head that takes a linking s is read as the
    // linking s (not parlement + sleden, leven + sloop); the main word comes last.
    CHECK(main_parts("parlementsleden") == "parlement+leden");
    CHECK(main_parts("levensloop") == "leven+loop");
    CHECK(main_parts("geldautomaat") == "geld+automaat");
    const auto defenders = split("mensenrechtenverdedigers");
    CHECK(std::find(defenders.begin(), defenders.end(), "verdedigers") != defenders.end());

    Xapian::Stem nl = stemmer_for("nl");
    CHECK(nl("strategie") == nl("strategieën"));
    CHECK(nl("financieel") == nl("financiële"));
    CHECK(nl("seksueel") == nl("seksuele"));
    CHECK(nl("actieplan") == nl("actieplannen"));
    CHECK(nl("vrede") == nl("vredes"));
    CHECK(nl("geweld") != nl("wel"));
    // Verb forms meet their infinitive (the judged queries sorteert, kopieert, hernoemd); a
    // participle that is a noun or moved away from its verb does not.
    CHECK(nl("sorteert") == nl("sorteren"));
    CHECK(nl("gesorteerde") == nl("sorteren"));
    CHECK(nl("kopieert") == nl("kopiëren"));
    CHECK(nl("kopieerden") == nl("kopiëren"));
    CHECK(nl("hernoemd") == nl("hernoemen"));
    CHECK(nl("gesteld") == nl("stellen"));
    CHECK(nl("kleiner") == nl("klein"));
    CHECK(nl("geweld") != nl("wellen"));
    CHECK(nl("bekend") != nl("bekennen"));
    CHECK(nl("lasten") == nl("last"));
    // A participle belongs to the verb whose regular participle it is: gebeurd to gebeuren (not
    // beuren), geplant not to plannen (that is gepland).
    CHECK(nl("gebeurd") == nl("gebeuren"));
    CHECK(nl("gebeurd") != nl("beuren"));
    CHECK(nl("geloofd") == nl("geloven"));
    CHECK(nl("geplant") != nl("plannen"));
    CHECK(nl("organisatie") != nl("organiseren"));
}

TEST_CASE("word lists: a long word is split in bounded time, and beyond 60 letters not at all") {
    const CompoundSplitter& splitter = CompoundSplitter::dutch();
    REQUIRE(splitter.lexicon_size() > 0);
    auto repeated = [](const std::string& unit, std::size_t letters) {
        std::string w;
        while (w.size() < letters) w += unit;
        w.resize(letters);
        return w;
    };
    // 60 letters of real parts still split (in under a millisecond: c0e6f5a took 0.46 s for 64).
    CHECK_FALSE(splitter.split(repeated("vredes", 60)).empty());
    CHECK(splitter.split(repeated("vredes", 66)).empty());  // would split without the limit
    CHECK(splitter.split(repeated("vrouwen", 245)).empty());
}

TEST_CASE("highlighting: every stem keeps its word's start, over the whole lexicon") {
    // highlighting_stemmer skips the words whose beginning no query stem shares (StemStarts);
    // that is only right while no stem starts otherwise than its word, but for its last two
    // letters. Checked on hunspell-nl's words, as written, capitalised and with common endings,
    // through both languages' stemmers.
    std::ifstream dic{std::string(CompoundSplitter::kDefaultLexicon)};
    REQUIRE_MESSAGE(dic.good(), "no Dutch lexicon at " << CompoundSplitter::kDefaultLexicon
                                                       << ": apt-get install hunspell-nl");
    const Xapian::Stem dutch = stemmer_for("nl"), english = stemmer_for("en");
    std::size_t words = 0, broken = 0;
    std::string line, example;
    std::getline(dic, line);  // the count
    while (std::getline(dic, line)) {
        const std::string word = line.substr(0, line.find('/'));
        if (word.empty()) continue;
        std::string capitalised = word;
        capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
        std::vector<std::string> forms{capitalised, capitalised + "en"};
        for (const char* ending : {"", "en", "s", "e", "er", "heden", "ing", "ies", "ieen", "ele", "ed", "ly", "t", "de", "te", "den"})
            forms.push_back(word + ending);
        for (const auto& form : forms) {
            for (const auto* stem : {&dutch, &english}) {
                ++words;
                if (!keeps_stem_start(form, (*stem)(form))) {
                    ++broken;
                    if (example.size() < 2000) example += form + " -> " + (*stem)(form) + "; ";
                }
            }
        }
    }
    MESSAGE("stemmed " << words << " forms, " << broken << " changed their start: " << example);
    CHECK(words > 1200000);
    CHECK(broken == 0);
}

TEST_CASE("highlighting: only the words that can meet a query stem are stemmed") {
    const Xapian::Stem dutch = stemmer_for("nl");
    const Xapian::Stem highlighting = highlighting_stemmer(dutch, {"vrouw", "geweld", "tf"});
    CHECK(highlighting("Vrouwen") == dutch("Vrouwen"));
    CHECK(highlighting("gewelddadig") == dutch("gewelddadig"));
    CHECK(highlighting("Vrouwelijke") == dutch("Vrouwelijke"));  // starts as "vrouw" does: stemmed
    CHECK(highlighting("vrede").empty());  // "vre": no stem starts so
    CHECK(highlighting("gewoon").empty());  // "gew", but not "gewe"
    CHECK(highlighting("TV") == dutch("TV"));
    CHECK(highlighting("Vr\xC3\xB6uw") == dutch("Vr\xC3\xB6uw"));  // not ASCII where it differs: stemmed
    // Stems of one letter count: "aing" stems to "a".
    CHECK(highlighting_stemmer(stemmer_for("en"), {"a"})("aing") == "a");
    CHECK(highlighting("oorlog").empty());
    CHECK(highlighting("organisaties").empty());
    CHECK(highlighting("één") == dutch("één"));      // not two ASCII letters: stemmed
    // A stem that starts with a digit or another letter: every word is stemmed then.
    const Xapian::Stem all = highlighting_stemmer(dutch, {"vrouw", "1325"});
    CHECK(all("organisaties") == dutch("organisaties"));
}

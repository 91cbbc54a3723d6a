// lib/search/snippet_region: the cheap pass that picks the part of a long text Xapian's snippet
// generator reads must read words as Xapian does, and must leave Xapian's snippet as it was.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>
#include <xapian.h>

#include "analysis/stemmer.h"
#include "search/snippet_region.h"
#include "../support/xapian_words.h"

using kb::SnippetQuery;
using kb::TextSpan;

namespace {

// The words of `text` in order, as the snippet finder reads them.
std::vector<std::string> finder_words(const std::string& text) {
    std::vector<std::string> words;
    SnippetQuery query;
    query.lookup = [&](const std::string& word) {
        words.push_back(word);
        return -1;
    };
    kb::best_snippet_window(text, 100, query);
    return words;
}

// Text made of pieces that exercise the term generator's rules.
std::string random_text(std::mt19937& rng, std::size_t pieces) {
    static const std::vector<std::string> kPieces = {
        "vrouwen", "Vrede", "VEILIGHEID", "programma's", "AT&T", "U.N.", "N.A.V.O.", "C++", "C#", "a+++", "3.14",
        "1,000", "2019;2020", "naïeve", "Coördinatie", "ÉÉN", "straße", "e-mail", "geweld_", "x’y", "o'", "'s",
        "zero\u200bwidth", "middle\u00b7dot", "\xff", "\xc3", "\xe0\x80\x80", "日本語", "α.β", "A.b", "Q.", " ", " ",
        " ", "\n", ". ", ", ", "! ", "? ", "(", ")", "\"", "-", "&", "'", "’", "…", "—", "·", "+", "#", ".", ","};
    std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
    std::string text;
    for (std::size_t i = 0; i < pieces; ++i) text += kPieces[pick(rng)];
    return text;
}

}  // namespace

TEST_CASE("the snippet finder splits text into the words Xapian's term generator makes") {
    std::mt19937 rng(1325);
    for (int i = 0; i < 3000; ++i) {
        const std::string text = random_text(rng, 1 + static_cast<std::size_t>(i % 40));
        INFO("text: " << text);
        CHECK(finder_words(text) == kb::testing::xapian_words(text));
    }
    // Words of over 64 bytes are skipped by both.
    const std::string long_word(70, 'a');
    CHECK(finder_words("kort " + long_word + " kort") == kb::testing::xapian_words("kort " + long_word + " kort"));
}

TEST_CASE("words the query cannot meet are passed over without changing a window") {
    // The finder spells out only the words whose first letter a query stem may have; the others
    // it only measures. The words it looks up must be those of Xapian's reading that may meet,
    // and every window must end where it ends when every word is spelled out.
    std::mt19937 rng(2000);
    const std::vector<std::string> stems = {"vrouw", "vred"};
    // And words near the 64 bytes past which Xapian skips a word, measured lower-cased: the
    // Kelvin sign (3 bytes) lower-cases to k (1 byte).
    const std::string kelvin = "\u212A";
    const std::vector<std::string> edges = {
        "vrouwen " + std::string(70, 'a') + " vrede " + std::string(64, 'b') + " vrouwen",
        "vrede " + std::string(63, 'a') + kelvin + " x vrouwen " + std::string(62, 'a') + kelvin + kelvin + " vrede",
        "vrouwen " + std::string(61, 'c') + "+++ vrede " + std::string(60, 'd') + "'" + std::string(3, 'e') + " vrouwen"};
    int windows_with_a_match = 0;
    for (int i = 0; i < 3000 + static_cast<int>(edges.size()); ++i) {
        const std::string text =
            i < 3000 ? random_text(rng, 1 + static_cast<std::size_t>(i % 60)) : edges[static_cast<std::size_t>(i - 3000)];
        INFO("text: " << text);
        std::vector<std::string> looked_up;
        const auto lookup = [&](const std::string& word) {
            looked_up.push_back(word);
            return word.starts_with("vrouw") ? 0 : word.starts_with("vred") ? 1 : -1;
        };
        SnippetQuery every;
        every.lookup = lookup;
        every.weights = {2.0, 1.0};
        SnippetQuery some = every;
        some.starts = kb::analysis::StemStarts(stems, {});
        REQUIRE_FALSE(some.starts.every_word());
        const std::size_t length = 5 + static_cast<std::size_t>(i % 30);
        const kb::SnippetWindow all = kb::best_snippet_window(text, length, every);
        looked_up.clear();
        const kb::SnippetWindow passed_over = kb::best_snippet_window(text, length, some);
        CHECK(passed_over.span.begin == all.span.begin);
        CHECK(passed_over.span.end == all.span.end);
        CHECK(passed_over.matched == all.matched);
        if (all.matched) ++windows_with_a_match;
        std::vector<std::string> expected;
        for (const auto& word : kb::testing::xapian_words(text))
            if (some.starts.may_meet(word)) expected.push_back(word);
        CHECK(looked_up == expected);
    }
    CHECK(windows_with_a_match > 300);
}

TEST_CASE("a field's stems (title:, author:) are no words of the text to look for") {
    CHECK(kb::analysis::is_field_stem("ZSgrot"));
    CHECK(kb::analysis::is_field_stem("ZAjansen"));
    CHECK_FALSE(kb::analysis::is_field_stem("Zgrot"));
    CHECK_FALSE(kb::analysis::is_field_stem("Z2019"));
    CHECK_FALSE(kb::analysis::is_field_stem("Z"));
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    doc.add_term("ZSgrot");
    doc.add_term("Zgrot");
    db.add_document(doc);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("ZSgrot"), Xapian::Query("Zgrot")));
    const Xapian::MSet results = enquire.get_mset(0, 1);
    const Xapian::Stem stemmer("dutch");
    // A capital among the stems would make every word of the text one to look up.
    const SnippetQuery title_only = kb::snippet_query(results, {"ZSgrot"}, {}, stemmer);
    CHECK_FALSE(title_only.starts.every_word());
    CHECK(title_only.weights.empty());
    CHECK_FALSE(title_only.starts.may_meet("grotten"));
    const SnippetQuery both = kb::snippet_query(results, {"ZSgrot", "Zgrot"}, {}, stemmer);
    CHECK(both.weights.size() == 1);
    CHECK(both.lookup("grot") == 0);
}

TEST_CASE("the best window holds the most weight; of equal windows the later") {
    SnippetQuery query;
    query.weights = {1.0, 1.0};
    query.lookup = [](const std::string& word) { return word == "vrede" ? 0 : word == "vrouwen" ? 1 : -1; };
    const std::string filler = " de het een en van in op te dat die";
    const std::string text = "vrede" + filler + filler + filler + " vrouwen vrede" + filler + filler + filler + " vrede";
    const TextSpan window = kb::best_snippet_window(text, 40, query).span;
    const std::string both = text.substr(window.begin, window.end - window.begin);
    CHECK(both.find("vrouwen vrede") != std::string::npos);
    CHECK(window.end - window.begin <= 41);

    const std::string twice = "vrede" + filler + filler + filler + " vrede" + filler;
    const TextSpan later = kb::best_snippet_window(twice, 20, query).span;
    CHECK(later.begin > 40);

    // No query word: the last window, as Xapian picks it.
    const std::string none = "niets" + filler + filler;
    const kb::SnippetWindow last = kb::best_snippet_window(none, 20, query);
    CHECK_FALSE(last.matched);
    CHECK(last.span.end == none.size());
}

TEST_CASE("a snippet cut from a region is marked where the document goes on") {
    const std::string text = "Eerste zin hier. Tweede zin met woord daar en meer tekst die volgt";
    const std::size_t woord = text.find("woord");
    const std::size_t daar_end = text.find(" en");
    // Xapian saw "woord daar" as the whole text: no marks of its own.
    CHECK(kb::mark_region_cuts("\x02woord\x03 daar", text, {woord, daar_end}, "…", "\x02\x03") ==
          "…\x02woord\x03 daar…");
    // The region starts a sentence, and ends the text: nothing to add.
    const std::size_t tweede = text.find("Tweede");
    CHECK(kb::mark_region_cuts("Tweede zin met \x02woord\x03 daar en meer tekst die volgt", text, {tweede, text.size()},
                               "…", "\x02\x03") == "Tweede zin met \x02woord\x03 daar en meer tekst die volgt");
    // Xapian found the sentence start inside the region, and cut the end itself.
    CHECK(kb::mark_region_cuts("Tweede zin met \x02woord\x03…", text, {text.find("hier"), text.size() - 6}, "…",
                               "\x02\x03") == "Tweede zin met \x02woord\x03…");
    // Escaped text is found in the region as it is in the document.
    const std::string escaped = "Begin van iets. A & B < C met woord erin en nog veel meer";
    CHECK(kb::mark_region_cuts("A &amp; B &lt; C met \x02woord\x03", escaped, {escaped.find("A &"), escaped.find(" erin")},
                               "…", "\x02\x03") == "A &amp; B &lt; C met \x02woord\x03…");
}

TEST_CASE("a region's snippet is the one Xapian makes of the whole text") {
    static const std::vector<std::string> kWords = {
        "vrouwen", "vrede", "veiligheid", "resolutie", "actieplan", "geweld", "programma's", "organisaties",
        "mensenrechten", "de", "het", "een", "en", "van", "in", "op", "met", "voor", "die", "dat", "niet",
        "rapport", "beleid", "conflict", "onderhandelingen", "deelname", "Nederland", "VN", "ministerie"};
    std::mt19937 rng(30);
    std::uniform_int_distribution<std::size_t> word(0, kWords.size() - 1);
    std::uniform_int_distribution<int> punctuation(0, 11);
    const auto sentence_text = [&](std::size_t words) {
        std::string text;
        for (std::size_t i = 0; i < words; ++i) {
            text += kWords[word(rng)];
            const int p = punctuation(rng);
            text += p == 0 ? ". " : p == 1 ? ", " : p == 2 ? "\n\n" : p == 3 ? "? " : " ";
        }
        return text;
    };

    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Xapian::Stem stemmer("dutch");
    std::vector<std::string> texts;
    for (int i = 0; i < 200; ++i) texts.push_back(sentence_text(30 + static_cast<std::size_t>(i % 50)));
    kb::testing::index_texts(db, texts, stemmer);
    db.commit();

    int compared = 0, same = 0, regions = 0;
    for (int q = 0; q < 60; ++q) {
        std::vector<std::string> terms;
        std::vector<Xapian::Query> leaves;
        for (int n = 0; n <= q % 3; ++n) {
            std::string term(kb::analysis::kStemPrefix);
            term += stemmer(Xapian::Unicode::tolower(kWords[word(rng)]));
            terms.push_back(term);
            leaves.emplace_back(term);
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
        const Xapian::MSet results = enquire.get_mset(0, 0);
        const SnippetQuery query = kb::snippet_query(results, terms, {}, stemmer);
        for (int t = 0; t < 10; ++t) {
            const std::string text = sentence_text(300 + static_cast<std::size_t>(t * 80));
            const std::size_t length = q % 2 ? 240 : 100;
            const std::string whole = results.snippet(text, length, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE, "[", "]", "…");
            const std::string cut = kb::region_snippet(results, text, length, stemmer, query, {"[", "]", "…"});
            const TextSpan region = kb::snippet_region(text, kb::best_snippet_window(text, length, query).span,
                                                     kb::snippet_margin(length));
            if (region.end - region.begin < text.size()) ++regions;
            ++compared;
            if (whole == cut) {
                ++same;
            } else {
                INFO("whole: " << whole);
                INFO("cut:   " << cut);
                // Where Xapian's choice rests on a tie of equal windows, the part may break it
                // otherwise; the snippet still highlights as much.
                CHECK(std::count(whole.begin(), whole.end(), '[') == std::count(cut.begin(), cut.end(), '['));
            }
        }
    }
    // A document that matched by its title alone: no word of the text is highlighted, and Xapian
    // shows its last window, read from the region that holds it.
    {
        std::string terms_none = std::string(kb::analysis::kStemPrefix) + "zzzz";
        std::vector<std::string> terms{terms_none};
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(terms_none));
        const Xapian::MSet results = enquire.get_mset(0, 0);
        const SnippetQuery query = kb::snippet_query(results, terms, {}, stemmer);
        const std::string text = sentence_text(600);
        const std::string whole = results.snippet(text, 200, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE, "[", "]", "…");
        CHECK(kb::region_snippet(results, text, 200, stemmer, query, {"[", "]", "…"}) == whole);
        CHECK_FALSE(kb::best_snippet_window(text, 200, query).matched);
    }
    MESSAGE("same snippet for " << same << " of " << compared << " texts; " << regions << " cut to a region");
    CHECK(regions > compared / 2);
    CHECK(same >= compared * 95 / 100);
}

TEST_CASE("a one-letter query word is found although its stem begins with another letter") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Xapian::Stem stemmer = kb::analysis::stemmer_for("nl");  // kb's: it makes "v" "f"
    kb::testing::index_texts(db, {"v en w", "de stad", "het land"}, stemmer);
    std::string term(kb::analysis::kStemPrefix);
    term += stemmer("v");
    REQUIRE(term != "Zv");  // the case: "v" stems to "f"
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    const Xapian::MSet results = enquire.get_mset(0, 0);
    const SnippetQuery query = kb::snippet_query(results, {term}, {}, stemmer);
    std::string filler;
    while (filler.size() < 800) filler += "de stad en het land. ";
    const std::string text = filler + "punt v hier " + filler;
    const std::string cut = kb::region_snippet(results, text, 100, stemmer, query, {"[", "]", "…"});
    CHECK(cut.find("[v]") != std::string::npos);
    CHECK(cut == results.snippet(text, 100, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE, "[", "]", "…"));
}

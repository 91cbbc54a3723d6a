// libFuzzer target: the snippet finder (lib/search/snippet_region) over any text. It must read the
// words Xapian's term generator reads, and a snippet cut from its region must highlight no fewer
// words than Xapian's snippet of the whole text: anything else aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <xapian.h>

#include "analysis/stemmer.h"
#include "search/snippet_region.h"
#include "../support/xapian_words.h"

namespace {

struct Fixture {
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    Xapian::Stem stemmer{"dutch"};
    Xapian::MSet results;
    std::vector<std::string> terms;
    Fixture() {
        kb::testing::index_texts(db, {"vrouwen en vrede", "vrede en veiligheid", "het actieplan"}, stemmer);
        for (const char* word : {"vrede", "vrouwen"}) terms.push_back(std::string(kb::analysis::kStemPrefix) + stemmer(word));
        // As kb's highlight query: the stems and the wildcard ORed.
        std::vector<Xapian::Query> leaves(terms.begin(), terms.end());
        leaves.emplace_back(Xapian::Query::OP_WILDCARD, "actie", 0, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
        results = enquire.get_mset(0, 0);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> words;
    kb::SnippetQuery recorder;
    recorder.lookup = [&](const std::string& word) {
        words.push_back(word);
        return -1;
    };
    kb::best_snippet_window(text, 40, recorder);
    if (words != kb::testing::xapian_words(text)) __builtin_trap();

    // As kb gives a text to the snippet code: without the bytes it marks highlights with.
    std::string marked = text;
    std::replace_if(marked.begin(), marked.end(), [](char c) { return c == '\x02' || c == '\x03'; }, ' ');
    const kb::SnippetQuery query = kb::snippet_query(fixture.results, fixture.terms, {"actie"}, fixture.stemmer);
    const std::string cut = kb::region_snippet(fixture.results, marked, 20, fixture.stemmer, query, {"\x02", "\x03", "…"});
    const std::string whole =
        fixture.results.snippet(marked, 20, fixture.stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE, "\x02", "\x03", "…");
    // Ties between windows of equal weight may fall otherwise, and Xapian's pass over a whole text
    // sometimes ends on a window without a match where its pass over the region highlights one
    // (found by this target: a page with "vrede" among runs of control characters, at any
    // length); but the region's snippet must never highlight less.
    if (std::count(cut.begin(), cut.end(), '\x02') < std::count(whole.begin(), whole.end(), '\x02')) __builtin_trap();
    return 0;
}

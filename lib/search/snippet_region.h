// Where in a long text a snippet belongs, found cheaply, so that Xapian's snippet generator reads
// that part alone.
//
// Xapian's MSet::snippet() reads the whole text, about 100 instructions a character: on a page of
// ten hits of 4,600 characters each that was a sixth of a search's instructions and 2.3 ms of its
// 14.8. One pass here (a few instructions a character for ASCII text; a word is looked up only
// when the lookup says its first letter can meet a query word) finds the window Xapian would
// choose, and Xapian is then given that window with a margin either side.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>
#include <xapian.h>

#include "analysis/stemmer.h"

namespace kb {

// A window of the text, as byte offsets [begin, end).
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// What the finder needs to know of the query: for a word of the text, lower-cased as Xapian
// lower-cases it, the index in `weights` of the query word it is, or -1.
struct SnippetQuery {
    std::function<int(const std::string& word)> lookup;
    std::vector<double> weights;
    // The words worth looking up: those whose beginning a query word's may be (StemStarts).
    analysis::StemStarts starts;
};

// The query of `results` as Xapian's snippet generator sees it: `terms` (the query's terms, of
// which those with the stem prefix Z count, met by a word whose stem by `stemmer` they are) and
// `wildcards` (met by a word that starts with one), weighed as that generator weighs them. The
// stemmer is kept by reference.
SnippetQuery snippet_query(const Xapian::MSet& results, const std::vector<std::string>& terms,
                           const std::vector<std::string>& wildcards, const Xapian::Stem& stemmer);

struct SnippetWindow {
    TextSpan span;
    bool matched = false;  // whether any word of the text is a query word
};

// The window of at most `length` bytes whose query words weigh most, scored as Xapian 1.4 scores
// a snippet: a word's weight counts once, each further use of it in the same window half the
// one before, and of equal windows the later wins (so the text's last window when no word of it
// is a query word, as for a document that matched by its title alone).
SnippetWindow best_snippet_window(std::string_view text, std::size_t length, const SnippetQuery& query);

// The part of `text` to hand Xapian: `window` with `margin` bytes either side, widened to
// whitespace (so no word or character is cut) by up to 64 bytes.
TextSpan snippet_region(std::string_view text, TextSpan window, std::size_t margin);

// The margin region_snippet() gives a window of a snippet of `length` bytes: a quarter of the
// length either side is context enough for Xapian to choose as it would over the whole text (599
// of 600 alike in the unit test; an eighth missed a highlight), and reads half what a whole
// length either side did.
constexpr std::size_t snippet_margin(std::size_t length) { return length / 4; }

// Xapian marks a cut with `omit` ("…") except at the ends of the text it was given, which for a
// region need not be the ends of the document. Given Xapian's snippet of text[region] (`raw`,
// with its highlight `markers` and the escaping of &, < and >), adds the mark where the snippet
// reaches an edge of the region that is neither an end of the text nor of a sentence.
std::string mark_region_cuts(const std::string& raw, std::string_view text, TextSpan region, const std::string& omit,
                             std::string_view markers);

struct SnippetMarks {
    std::string start, end;  // around each highlighted word
    std::string omit;        // where the text is cut
};

// Xapian's exhaustive snippet of `text` (MSet::snippet with SNIPPET_EXHAUSTIVE), read from the
// best region alone when the text is over four snippets long.
std::string region_snippet(const Xapian::MSet& results, const std::string& text, std::size_t length,
                           const Xapian::Stem& stemmer, const SnippetQuery& query, const SnippetMarks& marks);

}  // namespace kb

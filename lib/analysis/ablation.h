// Measurement switch: KB_ABLATE turns analysis features off, one at a time, so the relevance
// run can show what each is worth (tests/relevance/ablation.sh). Not a user feature.
#pragma once
#include <string>
#include <string_view>

namespace kb::analysis {

enum class Feature : unsigned {
    Folding = 1,     // diacritics kept (case still folds)
    Compounds = 2,   // no compound parts, in the index or in queries
    StemFixes = 4,   // Porter's Dutch stemmer as Xapian has it
    Spelling = 8,    // no spelling dictionary in the index, no suggestions or corrected searches
    Partial = 16,    // no partial matches after the full ones
    StopWords = 32,  // queries keep every word
    Language = 64,   // language from metadata only, else Dutch; the text is not read
};

// Names as KB_ABLATE takes them: "folding", "compounds", "stemfixes", "spelling", "partial",
// "stopwords", "language".
std::string_view feature_name(Feature f);

// True when KB_ABLATE (a comma-separated list of names, read once) turns `f` off. The only reader
// of KB_ABLATE; throws kb::Error for a name it does not know, so a typo never measures "all on".
bool ablated(Feature f);

// "" when nothing is ablated, else "ablate=compounds,spelling" (part of the analysis signature,
// so an ablated index is never opened by a normal kb, nor the other way round).
std::string ablation_signature();

}  // namespace kb::analysis

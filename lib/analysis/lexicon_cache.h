// The Dutch lexicon, compiled once and mapped at every start of kb. Building the hash table from
// hunspell-nl's word list took 20 ms or more, a third of a one-word search; a mapped file costs a
// few page faults for the words a run looks up.
#pragma once
#include <functional>
#include <string>

#include "analysis/compound_splitter.h"

namespace kb::analysis {

class LexiconCache {
public:
    // The splitter over the .dic file `dic`: mapped from the user's cache when a file made for this
    // .dic and this kb binary is there, else built from `dic` and saved for the next run (quietly:
    // a cache that cannot be written only costs the build). The cache is
    // $XDG_CACHE_HOME/kennisbank (else ~/.cache/kennisbank); only a folder and files that belong
    // to the user and that nobody else may write are used.
    static CompoundSplitter load(const std::string& dic);

    // The analysis signature for this kb binary, this .dic and the library versions named in
    // `libraries`: read from the same cache when an earlier run computed it, else `compute()`d
    // and saved. Computing it stems and splits some fifty probes with a cold lexicon, a tenth of
    // a one-word search, and every command that opens an index needs it.
    static std::string signature(const std::string& dic, const std::string& libraries,
                                 const std::function<std::string()>& compute);
};

}  // namespace kb::analysis

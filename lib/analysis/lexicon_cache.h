// The Dutch lexicon, compiled once and mapped at every start of kb. Building the hash table from
// hunspell-nl's word list took 20 ms or more, a third of a one-word search; a mapped file costs a
// few page faults for the words a run looks up.
#pragma once
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
};

}  // namespace kb::analysis

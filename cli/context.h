// What every subcommand shares: global options, where output goes, and how to reach the index.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "index/index_store.h"
#include "render/terminal.h"

namespace kb::cli {

struct Context {
    // --index PATH, repeatable for search: the first is the index, the others are searched with it.
    std::vector<std::string> index_options;
    std::string directory;      // -C DIR: act as if started there (main changes to it)
    std::string color = "auto"; // --color auto|always|never
    bool quiet = false;         // -q: no summaries or progress

    // Set by the chosen subcommand's parse callback; run by main once parsing succeeded.
    std::function<int()> action;

    IndexStore store() const;
    // The second and later --index (folders, or tcp://HOST:PORT), then those that indexes.txt
    // in the first index's folder lists (for search, export and stats).
    std::vector<std::string> other_indexes() const;
    Terminal terminal() const { return Terminal(color); }
};

}  // namespace kb::cli

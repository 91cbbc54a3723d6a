// What every subcommand shares: global options, where output goes, and how to reach the index.
#pragma once
#include <functional>
#include <string>

#include "index/index_store.h"
#include "render/terminal.h"

namespace kb::cli {

struct Context {
    std::string index_option;   // --index PATH
    std::string directory;      // -C DIR: act as if started there (main changes to it)
    std::string color = "auto"; // --color auto|always|never
    bool quiet = false;         // -q: no summaries or progress

    // Set by the chosen subcommand's parse callback; run by main once parsing succeeded.
    std::function<int()> action;

    IndexStore store() const;
    Terminal terminal() const { return Terminal(color); }
};

}  // namespace kb::cli

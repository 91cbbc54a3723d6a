// What every subcommand shares: global options, where output goes, and how to reach the index.
#pragma once
#include <CLI/CLI.hpp>
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

    // The subcommand the command line names, found before parsing; empty when it names none for
    // certain (kb --help, a typo) or wants them all (completion). Only that subcommand adds its
    // options: building every subcommand's options cost each `kb search` 0.7 ms of about 13
    // (heap and code pages touched at start-up; tests/bench/bench_search.sh).
    std::string command;
    bool adds_options(const CLI::App& subcommand) const {
        return command.empty() || command == subcommand.get_name();
    }

    // Set by the chosen subcommand's parse callback; run by main once parsing succeeded.
    std::function<int()> action;

    IndexStore store() const;
    // The second and later --index (folders, or tcp://HOST:PORT), then those that indexes.txt
    // in the first index's folder lists (for search, export and stats).
    std::vector<std::string> other_indexes() const;
    Terminal terminal() const { return Terminal(color); }
};

}  // namespace kb::cli

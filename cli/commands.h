// Each subcommand lives in its own file and registers itself here.
#pragma once
#include <CLI/CLI.hpp>

#include "context.h"

namespace kb::cli {

void register_add(CLI::App& app, Context& ctx);
void register_search(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_show(CLI::App& app, Context& ctx);
void register_stats(CLI::App& app, Context& ctx);
void register_remove(CLI::App& app, Context& ctx);
void register_rebuild(CLI::App& app, Context& ctx);
void register_synonyms(CLI::App& app, Context& ctx);
void register_completion(CLI::App& app, Context& ctx);

// The arguments (without the program name) with each query word that starts with "-" (vrouwen
// -geweld) made a positional argument of `kb search` and `kb export`, when it is not one of their
// options nor of kb's (-n, -q, -C): the query syntax's minus word, as the README promises.
std::vector<std::string> protect_minus_words(const CLI::App& app, std::vector<std::string> args);

}  // namespace kb::cli

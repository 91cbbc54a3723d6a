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

}  // namespace kb::cli

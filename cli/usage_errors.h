// Usage errors in one form: "kb: error: <what>", a hint where kb can guess what was meant, and
// exit 2, whether CLI11 or kb itself finds the mistake.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kb::cli {

// The message CLI11 prints for a parse error (CLI::App::failure_message).
std::string usage_error_message(const CLI::App* app, const CLI::Error& e);

// The first word of the command line that is not a global option or its value: the subcommand
// the user asked for, if it is one. nullopt when there is none (or only after --).
std::optional<std::string_view> command_word(int argc, const char* const* argv);

// When the first word of the command line that is not a global option is not a subcommand:
// "'serach' is not a kb command; did you mean 'search'?" (the closest by edit distance, if close).
std::optional<std::string> unknown_command_error(const CLI::App& app, int argc, const char* const* argv);

}  // namespace kb::cli

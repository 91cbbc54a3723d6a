#include "usage_errors.h"

#include <fmt/format.h>
#include <string_view>

#include "text/edit_distance.h"

namespace kb::cli {

namespace {

// Global options that take a value in the next word (see main.cpp).
constexpr std::string_view kGlobalOptionsWithValue[] = {"--index", "-C", "--color"};
// Farther than this and a suggestion is more likely wrong than helpful.
constexpr std::size_t kMaxSuggestionDistance = 2;

bool takes_value(std::string_view arg) {
    for (auto option : kGlobalOptionsWithValue)
        if (arg == option) return true;
    return false;
}

// The subcommand that was being parsed when the error came, or null.
const CLI::App* chosen_subcommand(const CLI::App* app) {
    const auto chosen = app->get_subcommands();
    return chosen.empty() ? nullptr : chosen.front();
}

}  // namespace

std::string usage_error_message(const CLI::App* app, const CLI::Error& e) {
    const CLI::App* sub = chosen_subcommand(app);
    std::string message = fmt::format("kb: error: {}\n", e.what());
    // `kb search vrouwen -geweld`: the shell hands -geweld over as an option, which CLI11 reports
    // as an unexpected argument (its error names are not stable across versions; the text is).
    const bool unexpected_dash = std::string_view(e.what()).find("expected: -") != std::string_view::npos;
    if (sub && (sub->get_name() == "search" || sub->get_name() == "export") && unexpected_dash)
        message += fmt::format(
            "kb: a query word that starts with '-' looks like an option: put the query after --, as in\n"
            "    kb {0} -- vrouwen -geweld\n"
            "or quote the whole query: kb {0} 'vrouwen -geweld'\n",
            sub->get_name());
    message += sub ? fmt::format("kb: see `kb {} --help`\n", sub->get_name()) : "kb: see `kb --help`\n";
    return message;
}

std::optional<std::string_view> command_word(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") return std::nullopt;
        if (takes_value(arg)) {
            ++i;
            continue;
        }
        if (arg.starts_with("-")) continue;  // a flag, or --opt=value; CLI11 judges it
        return arg;
    }
    return std::nullopt;
}

std::optional<std::string> unknown_command_error(const CLI::App& app, int argc, const char* const* argv) {
    if (const std::optional<std::string_view> word = command_word(argc, argv)) {
        const std::string_view arg = *word;
        const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
        std::string best;
        std::size_t best_distance = kMaxSuggestionDistance + 1;
        for (const CLI::App* sub : subcommands) {
            if (sub->get_name() == arg) return std::nullopt;
            const std::size_t distance = text::edit_distance(arg, sub->get_name());
            const bool prefix = arg.size() >= 2 && sub->get_name().starts_with(arg);
            if (prefix || distance < best_distance) {
                best = sub->get_name();
                best_distance = prefix ? 0 : distance;
            }
        }
        std::string message = fmt::format("'{}' is not a kb command", arg);
        if (!best.empty()) message += fmt::format("; did you mean '{}'?", best);
        return message + " (see `kb --help` for the commands)";
    }
    return std::nullopt;
}

}  // namespace kb::cli

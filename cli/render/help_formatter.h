// Help text that fits in 80 columns, whatever the width of an option's name and default.
#pragma once
#include <CLI/CLI.hpp>

namespace kb::cli {

inline constexpr std::size_t kHelpWidth = 80;

// CLI11's own layout, with every line longer than kHelpWidth wrapped at spaces: an option's
// description continues under the description, any other line under its own first word.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
};

}  // namespace kb::cli

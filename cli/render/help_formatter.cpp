#include "render/help_formatter.h"

#include <sstream>

#include "render/text_wrap.h"

namespace kb::cli {

namespace {

// Where the continuation of a long help line starts: under an option's description (the text
// after the first run of two or more spaces past the option's name), else under the line's text.
std::size_t continuation_column(const std::string& line) {
    const std::size_t text = line.find_first_not_of(' ');
    if (text == std::string::npos) return 0;
    if (line[text] == '-' || text > 0) {
        const std::size_t gap = line.find("  ", text);
        if (gap != std::string::npos) {
            const std::size_t description = line.find_first_not_of(' ', gap);
            if (description != std::string::npos && description < kHelpWidth / 2) return description;
        }
    }
    return text;
}

}  // namespace

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
    const std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
    std::istringstream lines(help);
    std::string out, line;
    while (std::getline(lines, line)) {
        if (display_width(line) <= kHelpWidth) {
            out += line + '\n';
            continue;
        }
        const std::size_t column = continuation_column(line);
        const std::string indent(column, ' ');
        out += wrapped(std::string_view(line).substr(column), kHelpWidth, line.substr(0, column), indent,
                       [](std::string_view s) { return std::string(s); });
    }
    return out;
}

}  // namespace kb::cli

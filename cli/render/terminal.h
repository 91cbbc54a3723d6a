// Terminal manners: colour only on a TTY, NO_COLOR and --color honoured, progress on stderr.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kb::cli {

class Terminal {
public:
    explicit Terminal(const std::string& color_option);

    bool stdout_color() const { return stdout_color_; }
    bool stderr_color() const { return stderr_color_; }
    bool stderr_is_tty() const { return stderr_tty_; }
    // Columns to wrap text output at: $COLUMNS, else the size of the terminal on stdout, else 80.
    std::size_t width() const { return width_; }

    // Wraps text in an ANSI style when colour is on for that stream; the text itself is passed
    // through terminal_text() (single line) first, colour or not.
    std::string bold(std::string_view s, bool for_stderr = false) const;
    std::string dim(std::string_view s, bool for_stderr = false) const;
    std::string highlight(std::string_view s) const;  // matched words in snippets
    std::string red(std::string_view s, bool for_stderr = true) const;
    std::string yellow(std::string_view s, bool for_stderr = true) const;

private:
    bool stdout_color_ = false;
    bool stderr_color_ = false;
    bool stderr_tty_ = false;
    std::size_t width_ = kDefaultWidth;

    // When the width cannot be known (a pipe, a file): what a terminal has by default.
    static constexpr std::size_t kDefaultWidth = 80;
};

// "kb: error: <message>" on stderr. Every line kb writes to stderr goes through these three,
// which pass the message through terminal_text(): messages quote file names and document text.
void print_error(const Terminal& term, std::string_view message);
void print_warning(const Terminal& term, std::string_view message);
// "kb: <message>": summaries (added ..., exported ...).
void print_note(std::string_view message);

}  // namespace kb::cli

#include "render/terminal.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <charconv>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "render/terminal_text.h"

namespace kb::cli {

namespace {

// Narrower than this and nothing reads well; wider is still honoured.
constexpr std::size_t kMinWidth = 20;
constexpr std::size_t kMaxWidth = 10000;

std::size_t terminal_width(std::size_t fallback) {
    // COLUMNS first, as ls and git do: a script can ask for a width, and a pager's user has set it.
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        std::size_t value = 0;
        const std::string_view text(columns);
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value > 0)
            return std::clamp(value, kMinWidth, kMaxWidth);
    }
    winsize size{};
    if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return std::clamp<std::size_t>(size.ws_col, kMinWidth, kMaxWidth);
    return fallback;
}

}  // namespace

Terminal::Terminal(const std::string& option) {
    width_ = terminal_width(kDefaultWidth);
    const bool out_tty = ::isatty(STDOUT_FILENO) == 1;
    stderr_tty_ = ::isatty(STDERR_FILENO) == 1;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    const bool allowed = !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
    if (option == "always") {
        stdout_color_ = stderr_color_ = true;
    } else if (option == "never") {
        stdout_color_ = stderr_color_ = false;
    } else {
        stdout_color_ = out_tty && allowed;
        stderr_color_ = stderr_tty_ && allowed;
    }
}

// What is styled is data (titles, names, matched words): it is made visible first, so the only
// escape sequences that reach the terminal are the style's own.
static std::string wrap(bool on, std::string_view code, std::string_view s) {
    if (!on) return terminal_text(s);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, terminal_text(s));
}

std::string Terminal::bold(std::string_view s, bool e) const { return wrap(e ? stderr_color_ : stdout_color_, "1", s); }
std::string Terminal::dim(std::string_view s, bool e) const { return wrap(e ? stderr_color_ : stdout_color_, "2", s); }
std::string Terminal::highlight(std::string_view s) const { return wrap(stdout_color_, "1;31", s); }
std::string Terminal::red(std::string_view s, bool e) const { return wrap(e ? stderr_color_ : stdout_color_, "31", s); }
std::string Terminal::yellow(std::string_view s, bool e) const { return wrap(e ? stderr_color_ : stdout_color_, "33", s); }

void print_error(const Terminal& term, std::string_view message) {
    std::fputs(fmt::format("kb: {} {}\n", term.red("error:"), terminal_text(message)).c_str(), stderr);
}

void print_warning(const Terminal& term, std::string_view message) {
    std::fputs(fmt::format("kb: {} {}\n", term.yellow("warning:"), terminal_text(message)).c_str(), stderr);
}

void print_note(std::string_view message) {
    std::fputs(fmt::format("kb: {}\n", terminal_text(message)).c_str(), stderr);
}

}  // namespace kb::cli

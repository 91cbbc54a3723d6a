// Long output on a terminal goes through a pager, as git and man do; piped output never does.
#pragma once
#include <string>

namespace kb::cli {

// Writes `text` to stdout, through the pager when `wanted` and stdout is a terminal: $PAGER
// (run by /bin/sh), else `less -FRX` (quits at once when the text fits on one screen, keeps
// colour, leaves the text on the screen). When the pager cannot be started, `text` is printed as is.
void print_paged(const std::string& text, bool wanted);

}  // namespace kb::cli

#include "render/pager.h"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace kb::cli {

namespace {

// The shell's status for a command it could not find or run.
constexpr int kCommandNotFound = 127;
constexpr int kCommandNotExecutable = 126;

std::string pager_command() {
    const char* pager = std::getenv("PAGER");
    return pager && *pager ? pager : "less -FRX";
}

}  // namespace

void print_paged(const std::string& text, bool wanted) {
    if (wanted && ::isatty(STDOUT_FILENO) == 1) {
        std::fflush(stdout);
        if (FILE* pipe = ::popen(pager_command().c_str(), "w")) {
            // A pager the reader quits early closes the pipe: EPIPE (SIGPIPE is ignored), not an error.
            std::fwrite(text.data(), 1, text.size(), pipe);
            const int status = ::pclose(pipe);
            const bool ran = status != -1 && !(WIFEXITED(status) && (WEXITSTATUS(status) == kCommandNotFound ||
                                                                       WEXITSTATUS(status) == kCommandNotExecutable));
            if (ran) return;
        }
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
}

}  // namespace kb::cli

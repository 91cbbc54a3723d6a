#include "render/output.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <streambuf>
#include <unistd.h>

#include "exit_codes.h"

namespace kb::cli {

namespace {

int first_write_error = 0;  // errno of the first write to stdout that failed

ssize_t write_stdout(void*, const char* data, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(STDOUT_FILENO, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (first_write_error == 0) first_write_error = n < 0 ? errno : EIO;
            return 0;  // stdio marks the stream as failed
        }
        done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
}

// std::cout (help texts, and any future use) goes through C stdio's stdout as well: one
// buffer, one order, and one place that sees write errors.
class StdioBuf : public std::streambuf {
protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        return std::fputc(traits_type::to_char_type(c), stdout) == EOF ? traits_type::eof() : c;
    }
    std::streamsize xsputn(const char* data, std::streamsize size) override {
        return static_cast<std::streamsize>(std::fwrite(data, 1, static_cast<std::size_t>(size), stdout));
    }
    int sync() override { return std::fflush(stdout) == 0 ? 0 : -1; }
};

}  // namespace

void install_stdout_guard() {
    std::signal(SIGPIPE, SIG_IGN);
    cookie_io_functions_t io{};
    io.write = write_stdout;
    if (FILE* guarded = ::fopencookie(nullptr, "w", io)) {
        // On a terminal stdout stays line-buffered, as the C library would have it.
        if (::isatty(STDOUT_FILENO) == 1) std::setvbuf(guarded, nullptr, _IOLBF, BUFSIZ);
        stdout = guarded;  // glibc's stdout is an ordinary variable, documented as assignable
        static StdioBuf cout_buffer;
        std::cout.rdbuf(&cout_buffer);
    }
}

bool stdout_failed() { return std::ferror(stdout) != 0 || first_write_error != 0; }

int finish_stdout(const Terminal& term) {
    std::cout.flush();
    if (std::fflush(stdout) == 0 && !std::ferror(stdout) && first_write_error == 0) return kExitOk;
    const int error = first_write_error != 0 ? first_write_error : EIO;
    if (error == EPIPE) return kExitBrokenPipe;  // the reader had all it wanted: nothing to report
    print_error(term, fmt::format("cannot write output: {}", std::strerror(error)));
    return kExitOutput;
}

}  // namespace kb::cli

// Honest output: a command whose stdout could not be written must not exit 0.
//
// main() calls install_stdout_guard() first and finish_stdout() when the command has run. A reader
// that went away (EPIPE: `kb search x | head -1`) ends kb quietly with exit 141, as SIGPIPE
// would; any other write error (a full disk, /dev/full, EIO) is reported once and exits 74.
#pragma once
#include "render/terminal.h"

namespace kb::cli {

// Ignores SIGPIPE (so a closed pipe is an EPIPE we can report) and routes C stdio's stdout,
// and std::cout through it, via a writer that remembers why a write failed: stdio keeps only
// the error flag, and errno is long gone by the time the command ends.
void install_stdout_guard();

// True once a write to stdout has failed (long copies stop early).
bool stdout_failed();

// Flushes std::cout and stdout. Returns kExitOk when everything written reached stdout,
// kExitBrokenPipe (printing nothing) when the reader went away, or kExitOutput after printing
// "cannot write output: <reason>".
int finish_stdout(const Terminal& term);

}  // namespace kb::cli

// Exit codes of kb, documented in `kb --help` and the README. Scripts rely on them: never renumber.
#pragma once

namespace kb::cli {

enum ExitCode : int {
    kExitOk = 0,             // success
    kExitNoMatch = 1,        // search, export or show found nothing
    kExitUsage = 2,          // bad option or argument (or a show reference naming several documents)
    kExitPartial = 3,        // add: some inputs failed, the rest were indexed
    kExitQuerySyntax = 4,    // the query cannot be parsed, or a wildcard is too broad
    kExitIndex = 5,          // index missing, unreadable or built with other settings
    kExitWouldDrop = 6,      // rebuild stopped before the swap: it would lose documents (live index kept)
    kExitInternal = 70,      // unexpected failure (EX_SOFTWARE)
    kExitOutput = 74,        // output could not be written (disk full, I/O error) (EX_IOERR)
    kExitLocked = 75,        // another kb process is writing the index (EX_TEMPFAIL): retry later
    kExitBrokenPipe = 141,   // stdout was closed by the reader (128 + SIGPIPE, as a shell reports it)
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0   success\n"
    "  1   nothing found (search, export, show)\n"
    "  2   usage error: a bad option or argument, an unknown command, or a show URL\n"
    "      or path that names several documents\n"
    "  3   some inputs failed; the others were indexed (add)\n"
    "  4   the query cannot be parsed, or a wildcard matches too many words\n"
    "  5   index missing, unreadable, built with other settings, or not safe to use\n"
    "      (name it with --index)\n"
    "  6   rebuild stopped before the swap: it would drop documents\n"
    "      (see --max-drop, --allow-drop)\n"
    "  70  internal error\n"
    "  74  output could not be written (disk full, I/O error)\n"
    "  75  the index is locked by another writer; try again later\n"
    "  141 stdout was closed early (a pipe into head): nothing else went wrong\n";

}  // namespace kb::cli

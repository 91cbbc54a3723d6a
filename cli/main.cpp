// kb: the Kennisbank command line. A thin client of the library: parse, run, map errors to exit codes.
#include <csignal>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <unistd.h>
#include <iostream>
#include <sstream>
#include <fmt/format.h>
#include <xapian.h>

#include "commands.h"
#include "context.h"
#include "error.h"
#include "exit_codes.h"
#include "render/help_formatter.h"
#include "render/output.h"
#include "render/terminal_text.h"
#include "usage_errors.h"

using namespace kb::cli;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define KB_SANITIZED 1
#endif
#endif
#ifndef KB_SANITIZED
#define KB_SANITIZED 0
#endif

// The facet table is read through a shared mapping (lib/index/facet_table.h). kb only ever
// replaces it by rename, but should another program cut the file short while it is mapped, the
// pages past its new end raise SIGBUS: say so and exit with the index's code, instead of dying
// with a bus error. Nothing is written to the index from that mapping, so nothing is lost.
static void on_bus_error(int) {
    static const char kMessage[] =
        "kb: error: a file of the index (the facet table, kb-facets) was cut short while kb was reading "
        "it; another program is changing the index folder. Run the command again; kb rewrites the "
        "table on its next add, remove or rebuild\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(kExitIndex);
}

// Runs the chosen command and maps the library's typed errors to exit codes. `raised` tells a
// code the command returned from one an error caused.
static int run_action(Context& ctx, const Terminal& term, bool& raised) {
    try {
        const int code = ctx.action ? ctx.action() : kExitUsage;
        raised = false;
        return code;
    } catch (const kb::QueryError& e) {
        print_error(term, fmt::format("{} (see `kb search --help` for the query syntax)", e.what()));
        return kExitQuerySyntax;
    } catch (const kb::OutputError& e) {
        print_error(term, e.what());
        return kExitOutput;
    } catch (const kb::IndexLockedError& e) {
        print_error(term, e.what());
        return kExitLocked;
    } catch (const kb::NotFoundError& e) {
        print_error(term, e.what());
        return kExitNoMatch;
    } catch (const kb::AmbiguousReferenceError& e) {
        print_error(term, e.what());
        return kExitUsage;
    } catch (const kb::IndexError& e) {
        print_error(term, e.what());
        return kExitIndex;
    } catch (const kb::InputError& e) {
        print_error(term, e.what());
        return kExitPartial;
    } catch (const kb::Error& e) {
        print_error(term, e.what());
        return kExitUsage;
    } catch (const Xapian::Error& e) {
        print_error(term, fmt::format("unexpected index error: {}", e.get_description()));
        return kExitInternal;
    } catch (const std::exception& e) {
        print_error(term, fmt::format("unexpected error: {}", e.what()));
        return kExitInternal;
    }
}

int main(int argc, char** argv) {
    // `kb add -` reads stdin by line, and unsynchronised iostreams read it in blocks, not per
    // character. Only there: unsynchronising allocates six stream buffers (120 KB) that every
    // other command, a search among them, would pay for in page faults.
    if (const auto word = command_word(argc, argv); word && *word == "add") std::ios::sync_with_stdio(false);
    // After the line above, which would give std::cout a buffer of its own again.
    install_stdout_guard();
    std::signal(SIGBUS, on_bus_error);
    CLI::App app{
        "kb — Kennisbank: index HTML, XML and JSON documents and search them with Dutch and English stemming.\n"};
    app.name("kb");
    // Before the subcommands are added: they take the parent's formatter when they are made.
    app.formatter(std::make_shared<HelpFormatter>());
    app.failure_message(usage_error_message);
    app.fallthrough();
    app.require_subcommand(1);
    Context ctx;
    app.add_option("--index", ctx.index_options,
                   "Index folder to use (default: $KB_INDEX, else index/ in the nearest enclosing folder that has "
                   "one and belongs to you, else $XDG_DATA_HOME/kennisbank/index or "
                   "~/.local/share/kennisbank/index). kb search, export and stats take it again for more "
                   "indexes, read together: folders, or tcp://HOST:PORT served by xapian-tcpsrv (or list "
                   "them in indexes.txt in the index folder)")
        ->type_name("PATH")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("-C", ctx.directory, "Run as if kb was started in DIR")->type_name("DIR");
    app.add_option("--color", ctx.color, "Colour: auto (only on a terminal, off with NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
    app.add_flag("-q,--quiet", ctx.quiet, "No summaries, warnings or progress on stderr (errors still shown)");
    // The Xapian version is the one loaded at run time: what reads and writes the index.
    app.set_version_flag("--version", [] { return fmt::format("kb {} (Xapian {})", KB_VERSION, Xapian::version_string()); },
                         "Print kb's version and the Xapian library's, then exit");
    app.footer(std::string("\nExamples:\n"
                           "  kb add corpus/                          index a folder (recursively)\n"
                           "  kb search vrouwen vredesonderhandelingen\n"
                           "  kb search 'title:resolutie AND year:2019' --format json\n"
                           "  kb export 'tag:nap1325' --format csv --output nap.csv\n"
                           "  kb SUBCOMMAND --help                    options of one subcommand\n\n") +
               kExitCodeHelp);

    using Register = void (*)(CLI::App&, Context&);
    constexpr std::pair<std::string_view, Register> kCommands[] = {
        {"add", register_add},         {"search", register_search},   {"export", register_export},
        {"show", register_show},       {"stats", register_stats},     {"remove", register_remove},
        {"rebuild", register_rebuild}, {"synonyms", register_synonyms},
        {"completion", register_completion},  // last: it reads the options every other command registered
    };
    // The others are named and described (for help and "did you mean"), without their options.
    if (const auto word = command_word(argc, argv); word && *word != "completion")
        for (const auto& [name, add] : kCommands)
            if (name == *word) ctx.command = name;
    for (const auto& [name, add] : kCommands) add(app, ctx);

    // CLI11 would only say "A subcommand is required" for a mistyped one.
    if (auto unknown = unknown_command_error(app, argc, argv)) {
        print_error(Terminal("never"), *unknown);
        return kExitUsage;
    }
    try {
        // CLI11 reads the arguments from the back.
        std::vector<std::string> args = protect_minus_words(app, std::vector<std::string>(argv + 1, argv + argc));
        std::reverse(args.begin(), args.end());
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        // --help and --version print on stdout. A usage error quotes what was typed, which may be
        // a pasted file name or query: it reaches stderr only through terminal_text().
        std::ostringstream usage_error;
        int code = app.exit(e, std::cout, usage_error);
        std::fputs(terminal_text(usage_error.str(), TextLayout::MultiLine).c_str(), stderr);
        const int output = finish_stdout(Terminal(ctx.color));
        return code != 0 ? kExitUsage : output;
    }

    const Terminal term = ctx.terminal();
    if (ctx.index_options.size() > 1 && !app.got_subcommand("search") && !app.got_subcommand("export") &&
        !app.got_subcommand("stats")) {
        print_error(term, fmt::format("--index is given {} times, but only kb search, export and stats read several "
                                      "indexes: name one",
                                      ctx.index_options.size()));
        return kExitUsage;
    }
    // -C DIR: everything (index lookup, input paths, --output) is relative to DIR, as with git -C.
    if (!ctx.directory.empty() && ::chdir(ctx.directory.c_str()) != 0) {
        print_error(term, fmt::format("cannot change to {}: {}", ctx.directory, std::strerror(errno)));
        return kExitUsage;
    }
    // What the command returns stands unless stdout lost output; an error the command raised
    // stands in any case (stdout is still flushed, and a write error on it still reported).
    bool raised = true;
    const int code = run_action(ctx, term, raised);
    const int output = finish_stdout(term);
    const int result = output != kExitOk && !raised ? output : code;
#if KB_SANITIZED
    return result;  // LeakSanitizer checks at exit
#else
    // Every command's objects are gone by now (indexes closed, locks released, files renamed in
    // place, the pager waited for) and stdout is flushed. Tearing down the rest (the mapped
    // lexicon, caches, CLI11's objects) would only cost time: 0.4 ms of a 12 ms search.
    std::fflush(nullptr);
    std::_Exit(result);
#endif
}


// Range checks for every numeric option: a value out of range is a usage error (exit 2) that
// names the option and the allowed range, before any work starts.
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace kb::cli {

// A whole number in [min, max], written in decimal digits only. CLI11 alone would read "-5" into
// an unsigned option as 18446744073709551611, and "010" as octal 8; this validator refuses signs,
// fractions, hex and overflow, and hands CLI11 the number in plain decimal.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// A finite decimal number in [min, max] (NaN and infinity are refused).
CLI::Validator decimal_number(double min, double max);

// The most worker threads --jobs accepts: 4 per core (at least 4). More threads than that only
// contend for the cores, and each one costs a stack, buffers and, for a bulk build, a shard.
std::size_t max_jobs();
// The default --jobs: one per core.
std::size_t default_jobs();

// The limits of the other numeric options, shared by the subcommands that have them.
inline constexpr std::uint64_t kMaxBatch = 1'000'000;        // --batch documents per commit
inline constexpr std::uint64_t kMaxWaitSeconds = 86'400;     // --wait: a day
inline constexpr std::uint64_t kMaxLimit = 100'000;          // search --limit (kb export has none)
inline constexpr std::uint64_t kMaxOffset = 1'000'000'000;   // search --offset
inline constexpr std::uint64_t kMaxSnippetLength = 10'000;   // search --snippet-length

}  // namespace kb::cli

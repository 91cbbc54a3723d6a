#include "option_ranges.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <thread>

namespace kb::cli {

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
    const std::string range = fmt::format("a whole number from {} to {}", min, max);
    return CLI::Validator(
        [min, max, range](std::string& value) -> std::string {
            std::uint64_t number = 0;
            const char* end = value.data() + value.size();
            const auto [stop, error] = std::from_chars(value.data(), end, number);
            if (value.empty() || error != std::errc() || stop != end || number < min || number > max)
                return fmt::format("'{}' is not {}", value, range);
            value = std::to_string(number);  // what CLI11 converts: no leading zeros it would read as octal
            return {};
        },
        range);
}

CLI::Validator decimal_number(double min, double max) {
    const std::string range = fmt::format("a number from {} to {}", min, max);
    return CLI::Validator(
        [min, max, range](std::string& value) -> std::string {
            char* stop = nullptr;
            const double number = value.empty() ? NAN : std::strtod(value.c_str(), &stop);
            if (value.empty() || stop != value.c_str() + value.size() || !std::isfinite(number) || number < min ||
                number > max)
                return fmt::format("'{}' is not {}", value, range);
            return {};
        },
        range);
}

std::size_t max_jobs() {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(4, 4 * cores);
}

std::size_t default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace kb::cli

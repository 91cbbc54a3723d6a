#include "testing/kill_point.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

namespace kb {

namespace {

struct KillTarget {
    std::string name;
    unsigned long long nth = 0;  // 0: disarmed
};

// The environment is read once, by whichever thread gets here first (a function-local static
// is initialised thread-safely). A malformed value disarms the hook rather than guessing.
KillTarget read_target() {
    KillTarget target;
    const char* spec = std::getenv("KB_TEST_KILL_AT");
    if (!spec) return target;
    const std::string text(spec);
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return target;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text.c_str() + colon + 1, &end, 10);
    if (end == text.c_str() + colon + 1 || *end != '\0') return target;
    target.name = text.substr(0, colon);
    target.nth = n;
    return target;
}

struct PauseTarget {
    std::string name;
    unsigned long long every = 0;  // 0: disarmed
    unsigned long long ms = 0;
};

// KB_TEST_PAUSE_AT=NAME:N:MS; malformed disarms, as for the kill hook.
PauseTarget read_pause() {
    PauseTarget target;
    const char* spec = std::getenv("KB_TEST_PAUSE_AT");
    if (!spec) return target;
    const std::string text(spec);
    const auto second = text.rfind(':');
    if (second == std::string::npos || second == 0) return target;
    const auto first = text.rfind(':', second - 1);
    if (first == std::string::npos || first == 0) return target;
    char* end = nullptr;
    const unsigned long long every = std::strtoull(text.c_str() + first + 1, &end, 10);
    if (end != text.c_str() + second) return target;
    const unsigned long long ms = std::strtoull(text.c_str() + second + 1, &end, 10);
    if (end == text.c_str() + second + 1 || *end != '\0') return target;
    target.name = text.substr(0, first);
    target.every = every;
    target.ms = ms;
    return target;
}

}  // namespace

void pause_point(std::string_view name) {
    static const PauseTarget target = read_pause();
    if (target.every == 0 || name != target.name) return;
    static std::atomic<unsigned long long> reached{0};
    if ((reached.fetch_add(1) + 1) % target.every == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(target.ms));
}

void kill_point(std::string_view name) {
    static const KillTarget target = read_target();
    if (target.nth == 0 || name != target.name) return;
    // Shard threads reach "shard-commit" concurrently: the count must not lose a visit.
    static std::atomic<unsigned long long> reached{0};
    if (reached.fetch_add(1) + 1 == target.nth) std::raise(SIGKILL);
}

FacetCeiling facet_ceiling() {
    const char* mode = std::getenv("KB_TEST_FACETS");
    if (!mode) return FacetCeiling::Off;
    const std::string_view m(mode);
    return m == "visit"    ? FacetCeiling::Visit
           : m == "read"   ? FacetCeiling::Read
           : m == "values" ? FacetCeiling::Values
                           : FacetCeiling::Off;
}

}  // namespace kb

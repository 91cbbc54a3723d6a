#include "testing/kill_point.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

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

}  // namespace

void kill_point(std::string_view name) {
    static const KillTarget target = read_target();
    if (target.nth == 0 || name != target.name) return;
    // Shard threads reach "shard-commit" concurrently: the count must not lose a visit.
    static std::atomic<unsigned long long> reached{0};
    if (reached.fetch_add(1) + 1 == target.nth) std::raise(SIGKILL);
}

}  // namespace kb

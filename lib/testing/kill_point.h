// Test-only crash hook: lets the end-to-end tests kill kb at an exact place instead of at a
// random moment (see README, "Crash safety"). Does nothing unless KB_TEST_KILL_AT is set.
#pragma once
#include <string_view>

namespace kb {

// Marks a place where a crash must leave the index sound. With KB_TEST_KILL_AT=NAME:N in the
// environment, the N-th time (counted over all threads) a point called NAME is reached the
// process raises SIGKILL on itself, as `kill -9` would; with it unset this only compares once.
void kill_point(std::string_view name);

}  // namespace kb

// Test-only hooks. The crash hook lets the end-to-end tests kill kb at an exact place instead of at a
// random moment (see README, "Crash safety"). Does nothing unless KB_TEST_KILL_AT is set.
#pragma once
#include <string_view>

namespace kb {

// Marks a place where a crash must leave the index sound. With KB_TEST_KILL_AT=NAME:N in the
// environment, the N-th time (counted over all threads) a point called NAME is reached the
// process raises SIGKILL on itself, as `kill -9` would; with it unset this only compares once.
void kill_point(std::string_view name);

// Marks a place where a test needs kb to be slow, so that another process overtakes it for
// certain (a writer committing beside a long read). With KB_TEST_PAUSE_AT=NAME:N:MS, every N-th
// time NAME is reached the thread sleeps MS milliseconds; unset, this only compares once.
void pause_point(std::string_view name);

// The search benchmark's ceiling for facets (tests/bench/search_timer.py --ceiling): with
// KB_TEST_FACETS=visit the facet counter returns at once for each match it is shown, with =read
// it reads the match's packed facet value and stops there. What the matcher and the value reads
// cost, without the counting: the counts are then wrong. With =values it counts right, but from
// the packed values, as without a facet table (index/facet_table.h), for a before-and-after in one
// run; so do visit and read. Unset (or anything else), Off.
enum class FacetCeiling { Off, Visit, Read, Values };
FacetCeiling facet_ceiling();

}  // namespace kb

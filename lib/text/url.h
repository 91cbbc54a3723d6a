// One spelling per web address, so that the same page typed or linked differently is one key.
#pragma once
#include <string>
#include <string_view>

namespace kb::text {

// `url` with what does not change the page taken off: surrounding spaces, the #fragment, a
// trailing slash after the path, an http/https difference and a leading "www."; scheme and
// host lowercased (the path keeps its case: servers may treat it as significant).
// Returns "" when `url` is not an absolute http(s) address.
std::string canonical_url(std::string_view url);

}  // namespace kb::text

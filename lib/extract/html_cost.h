// A linear-time estimate of the work an HTML5 tree builder (gumbo) does on a page, so that pages
// built to make it quadratic are caught before they are parsed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kb {

// Where and why a page went over its work budget.
struct HtmlCostOverrun {
    bool over = false;
    std::size_t offset = 0;  // byte at which the estimate passed the budget
    std::string reason;      // "markup nested 1,200 elements deep", ...
};

// gumbo's cost per token grows with its stack of open elements and its list of active formatting
// elements: scope checks, "reconstruct the active formatting elements", the adoption agency. This
// pass tokenizes the page as HTML5 does (attribute quoting, comments, raw-text elements) and keeps
// a model of both lists that errs on the large side, adding their sizes at every token. It stops
// as soon as the sum passes `budget`, so its own cost is linear in the page too.
HtmlCostOverrun estimate_html_cost(std::string_view html, std::uint64_t budget);

// The budget kb allows a page of `bytes` bytes: linear in its size.
std::uint64_t html_cost_budget(std::size_t bytes);

}  // namespace kb

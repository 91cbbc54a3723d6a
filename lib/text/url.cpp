#include "text/url.h"

#include <algorithm>
#include <cctype>

namespace kb::text {

namespace {

std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string canonical_url(std::string_view url) {
    while (!url.empty() && is_space(url.front())) url.remove_prefix(1);
    while (!url.empty() && is_space(url.back())) url.remove_suffix(1);
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const std::string scheme = lowered(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return {};
    std::string_view rest = url.substr(scheme_end + 3);
    if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const std::size_t path_start = rest.find_first_of("/?");
    std::string host = lowered(rest.substr(0, path_start));
    if (host.empty()) return {};
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    std::string_view path = path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
    // "/a/" and "/a" are one page on every site kb has seen; a query string keeps its slash.
    if (path.find('?') == std::string_view::npos)
        while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    // One scheme for both: the same page served over http and https is still one page.
    std::string out = "https://";
    out += host;
    out += path;
    return out;
}

}  // namespace kb::text

#include "context.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#include "error.h"
#include "fs/trust.h"
#include "search/searcher.h"

namespace kb::cli {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// The per-user default: $XDG_DATA_HOME/kennisbank/index, else ~/.local/share/kennisbank/index.
// Never a shared folder such as /tmp, where another user could create the index first.
fs::path default_index() {
    const std::string xdg = env("XDG_DATA_HOME");
    const std::string home = env("HOME");
    fs::path data;
    if (!xdg.empty() && fs::path(xdg).is_absolute())  // the XDG spec ignores a relative one
        data = xdg;
    else if (!home.empty())
        data = fs::path(home) / ".local" / "share";
    else
        throw IndexError(
            "no index named, and neither HOME nor XDG_DATA_HOME is set to say where yours would be; kb does not "
            "fall back to a shared folder like /tmp, where another user could create it first. Name one with "
            "--index PATH or KB_INDEX=PATH");
    const fs::path index = data / "kennisbank" / "index";
    // The nearest folder that exists decides who could create or change what kb creates below it.
    const fs::path existing = files::nearest_existing(index);
    if (std::string why = files::why_not_trusted(existing); !why.empty())
        throw IndexError(fmt::format(
            "kb will not use the default index {}: {} is not safe ({}), so another user could create or change it. "
            "Name an index of yours with --index PATH or KB_INDEX=PATH",
            index.string(), existing.string(), why));
    return index;
}

}  // namespace

std::vector<std::string> Context::other_indexes() const {
    std::vector<std::string> out;
    if (index_options.size() > 1) out.assign(index_options.begin() + 1, index_options.end());
    const fs::path root = store().root();
    for (auto& listed : OtherIndex::listed_in(root))
        // A list that names its own folder would search every document twice.
        if (std::find(out.begin(), out.end(), listed) == out.end() && fs::path(listed) != root.lexically_normal())
            out.push_back(std::move(listed));
    return out;
}

IndexStore Context::store() const {
    // main() has already changed to -C DIR, so relative paths and the lookup start there.
    if (!index_options.empty()) {
        if (index_options.front().starts_with("tcp://"))
            throw IndexError(fmt::format("the first --index must be a local folder; a remote index ({}) is searched "
                                         "beside it: kb search --index LOCAL --index {}",
                                         index_options.front(), index_options.front()));
        return IndexStore(fs::absolute(index_options.front()));
    }
    if (const std::string named = env("KB_INDEX"); !named.empty()) return IndexStore(fs::absolute(named));
    if (auto found = find_enclosing_index(fs::current_path())) {
        // Found, not named: someone else's index in a parent folder must not receive your writes
        // or answer your searches.
        IndexStore store(*found);
        if (std::string why = why_index_not_trusted(store); !why.empty())
            throw IndexError(fmt::format(
                "kb found the index {} in a parent folder but will not use it: {}. If it is yours and you trust "
                "it, name it with --index {} or KB_INDEX={}",
                found->string(), why, found->string(), found->string()));
        return store;
    }
    return IndexStore(default_index());
}

}  // namespace kb::cli

#include "context.h"

#include <filesystem>

namespace kb::cli {

IndexStore Context::store() const {
    std::filesystem::path start = directory.empty() ? std::filesystem::current_path() : std::filesystem::path(directory);
    std::string explicit_path = index_option;
    if (!explicit_path.empty() && !directory.empty() && std::filesystem::path(explicit_path).is_relative())
        explicit_path = (std::filesystem::path(directory) / explicit_path).string();
    return IndexStore(resolve_index_path(explicit_path, start));
}

}  // namespace kb::cli

#include "context.h"

#include <filesystem>

namespace kb::cli {

IndexStore Context::store() const {
    // main() has already changed to -C DIR, so relative paths and the lookup start there.
    return IndexStore(resolve_index_path(index_option, std::filesystem::current_path()));
}

}  // namespace kb::cli

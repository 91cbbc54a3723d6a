// A folder of its own under the system's temporary folder for one test, removed with everything in
// it when the test is done.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace kb::testing {

struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("kb-unit-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace kb::testing

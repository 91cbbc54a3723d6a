// The memory allocator of kb's C++ code, libxapian's and libstdc++'s included.
#pragma once

namespace kb::cli {

// "mimalloc" or "glibc": which allocator serves this process's C++ allocations.
//
// An import (kb add, kb rebuild) is a pipeline of threads that allocate and free millions of
// small strings and map nodes (the analysers' terms, Xapian's change buffers), and glibc's malloc
// took a fifth of its time; those commands use mimalloc (Debian's libmimalloc2.0) when it is
// installed and KB_ALLOCATOR is not "system". Every other command keeps glibc's: mimalloc's first
// allocations touch more pages, which a 10 ms search would pay for.
//
// The choice is made at the process's first `operator new`, from /proc/self/cmdline, so that
// one allocator serves every C++ allocation and each is freed by the one that made it. The
// library is opened RTLD_LOCAL: C code (libc, zlib) keeps glibc's malloc and free.
const char* allocator_name();

}  // namespace kb::cli

// kb's operator new and delete: the allocator of its C++ code, libxapian's and libstdc++'s included.
//
// An import (kb add, kb rebuild) is a pipeline of threads that allocate and free millions of
// small strings and map nodes (the analysers' terms, Xapian's change buffers), and glibc's malloc
// took a fifth of its time; those commands use mimalloc (Debian's libmimalloc2.0) when it is
// installed and KB_ALLOCATOR is not "system". Every other command keeps glibc's: mimalloc's first
// allocations touch more pages, which a 10 ms search would pay for. Their heap continues on
// transparent huge pages instead (continue_heap_on_huge_pages), unless KB_ALLOCATOR is "system".
//
// The choice is made at the process's first `operator new`, from /proc/self/cmdline, so that
// one allocator serves every C++ allocation and each is freed by the one that made it. The
// library is opened RTLD_LOCAL: C code (libc, zlib) keeps glibc's malloc and free.

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <new>
#include <sys/mman.h>
#include <unistd.h>

#include "usage_errors.h"

// Sanitizer builds (KB_SYSTEM_ALLOCATOR) define none of this: their own allocator watches every
// allocation.
#if !defined(KB_SYSTEM_ALLOCATOR)

namespace {

// mimalloc's entry points once chosen; all null while glibc serves.
struct Mimalloc {
    void* (*malloc)(std::size_t) = nullptr;
    void* (*malloc_aligned)(std::size_t, std::size_t) = nullptr;
    void (*free)(void*) = nullptr;
};

// Whether this process imports: its subcommand (as main() will read it) is add or rebuild.
// Runs inside the first operator new, during static initialisation: it allocates nothing.
bool imports() {
    static char text[4096];
    const int fd = ::open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::size_t size = 0;
    for (ssize_t n; size < sizeof text - 1 && (n = ::read(fd, text + size, sizeof text - 1 - size)) > 0;)
        size += static_cast<std::size_t>(n);
    ::close(fd);
    text[size] = '\0';
    // The arguments, each ended by a NUL; the first words are enough to find the subcommand.
    const char* argv[64];
    int argc = 0;
    for (std::size_t at = 0; at < size && argc < 64; at += std::strlen(text + at) + 1) argv[argc++] = text + at;
    const auto word = kb::cli::command_word(argc, argv);
    return word && (*word == "add" || *word == "rebuild");
}

// Every other command is over in milliseconds, and on a virtual machine each page it touches
// for the first time is a page fault of some 10 us: a search's 350 KB of heap cost it 0.9 ms,
// a tenth of its time. So glibc's heap is made to continue at the next 2 MiB boundary, in 4 MiB
// that the kernel may back with two transparent huge pages (one fault each). The gap below the
// boundary is taken by one allocation that is never used or freed: its pages are never touched.
// Without huge pages (THP off, none free) the kernel falls back to small pages, as before.
void continue_heap_on_huge_pages() {
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    constexpr std::uintptr_t span = 2 * huge;
    // Allocations up to 32 MiB (the most glibc's own sliding threshold reaches) stay in the heap,
    // not each its own mapping faulted in anew, and the heap is trimmed only past 64 MiB free:
    // trimming would give the huge pages back, only to fault small ones in again.
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
    // The top chunk (the heap's free end) runs from `top` to the break.
    const auto end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    const std::size_t free_at_top = ::mallinfo2().keepcost;
    if (end == static_cast<std::uintptr_t>(-1) || free_at_top == 0 || free_at_top > end) return;
    const std::uintptr_t top = end - free_at_top;
    // (Over glibc's largest cached size, so that it merges back into the top chunk when freed.)
    const std::size_t request = free_at_top > 4096 ? free_at_top : 4096;
    const std::uintptr_t boundary = (top + request + 8192 + huge - 1) & ~(huge - 1);
    // 1. A request the top chunk cannot serve makes glibc grow the break past boundary + span.
    //    glibc writes only below the boundary: a page touched there before the advice below
    //    would keep its 2 MiB in small pages.
    ::mallopt(M_TOP_PAD, static_cast<int>(boundary + span - top));
    void* grow = std::malloc(request);
    ::mallopt(M_TOP_PAD, 128 * 1024);  // glibc's default again
    if (!grow) return;
    const auto grown = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    const bool ours = reinterpret_cast<std::uintptr_t>(grow) == top + 16 && grown >= boundary + span;
    if (ours) ::madvise(reinterpret_cast<void*>(boundary), span, MADV_HUGEPAGE);
    std::free(grow);  // back into the top chunk
    if (!ours) return;
    // 2. The gap: a chunk is its request plus an 8-byte header, rounded up to 16 bytes, so this
    //    one ends at the boundary, where the top chunk now begins.
    void* gap = std::malloc(boundary - top - 8);
    if (reinterpret_cast<std::uintptr_t>(gap) != top + 16) std::free(gap);  // from elsewhere: no use
    // else never freed
}

Mimalloc choose() {
    Mimalloc mi;
    if (const char* choice = std::getenv("KB_ALLOCATOR"); choice && std::strcmp(choice, "system") == 0) return mi;
    if (!imports()) {
        continue_heap_on_huge_pages();
        return mi;
    }
    // mimalloc reads its options when it is loaded. An import frees and reuses memory all the
    // way through: by default mimalloc hands freed pages back to the system after 25 ms, and
    // every reuse then faults them in again (57,000 page faults on 3,000 pages, 24,000 with
    // these two, 6% less CPU); the second asks for transparent huge pages where the kernel
    // grants them on request. A value the user set wins.
    ::setenv("MIMALLOC_ALLOW_DECOMMIT", "0", 0);
    ::setenv("MIMALLOC_LARGE_OS_PAGES", "1", 0);
    void* library = ::dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) return mi;
    Mimalloc found;
    found.malloc = reinterpret_cast<void* (*)(std::size_t)>(::dlsym(library, "mi_malloc"));
    found.malloc_aligned = reinterpret_cast<void* (*)(std::size_t, std::size_t)>(::dlsym(library, "mi_malloc_aligned"));
    found.free = reinterpret_cast<void (*)(void*)>(::dlsym(library, "mi_free"));
    if (!found.malloc || !found.malloc_aligned || !found.free) return mi;
    return found;
}

// Chosen at the first operator new, which static initialisation calls before any thread exists;
// never changed after.
const Mimalloc& allocator() {
    static bool chosen = false;
    static Mimalloc mi;
    if (!chosen) {
        mi = choose();
        chosen = true;
    }
    return mi;
}

void* allocate(std::size_t size, std::size_t alignment) noexcept {
    if (size == 0) size = 1;
    const Mimalloc& mi = allocator();
    if (mi.malloc)
        return alignment > alignof(std::max_align_t) ? mi.malloc_aligned(size, alignment) : mi.malloc(size);
    if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
    // aligned_alloc wants a multiple of the alignment.
    return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
    for (;;) {
        if (void* p = allocate(size, alignment)) return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

void release(void* p) noexcept {
    if (!p) return;
    const Mimalloc& mi = allocator();
    if (mi.free)
        mi.free(p);
    else
        std::free(p);
}

}  // namespace

void* operator new(std::size_t size) { return allocate_or_throw(size, alignof(std::max_align_t)); }
void* operator new[](std::size_t size) { return allocate_or_throw(size, alignof(std::max_align_t)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size, alignof(std::max_align_t)); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size, alignof(std::max_align_t)); }
void* operator new(std::size_t size, std::align_val_t al) { return allocate_or_throw(size, static_cast<std::size_t>(al)); }
void* operator new[](std::size_t size, std::align_val_t al) { return allocate_or_throw(size, static_cast<std::size_t>(al)); }
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
    return allocate(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
    return allocate(size, static_cast<std::size_t>(al));
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
#endif

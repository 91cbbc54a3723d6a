// Finds the one document a person means by what they copied from the results: an id, a URL or a
// source path (with #n for the n-th document of a file that holds several).
#pragma once
#include <filesystem>
#include <string>
#include <xapian.h>

#include "document.h"

namespace kb {

// How a reference was matched, for the line that tells the user.
enum class ReferenceKind { Id, Url, Source };
// "id", "URL", "source path".
const char* describe(ReferenceKind kind);

struct FoundDocument {
    Document doc;
    ReferenceKind matched_by;
};

// Tries, in order: the id as typed; PATH#n (PATH relative to `cwd` or absolute: the id kb gives the
// n-th record of a file when it has no id of its own); the canonical URL; the source path. Throws
// NotFoundError when nothing matches, AmbiguousReferenceError when a URL or path names several
// documents (listing their ids, or PATH#n, to pick one).
FoundDocument find_document(const Xapian::Database& db, const std::string& reference, const std::filesystem::path& cwd);

}  // namespace kb

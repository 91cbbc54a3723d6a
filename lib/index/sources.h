// The index's table of sources: every folder, file named on the command line and stream that was
// added, with the options it was added with. `add` writes it; `rebuild` replays it exactly;
// `rebuild`, `remove --missing` and `add --prune` decide what is really gone through it.
//
// Each source is one metadata entry ("kb.source:" + path), so a million named files cost a
// million small entries, not one huge value rewritten on every run.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <xapian.h>

namespace kb {

struct Source {
    enum class Kind { Folder, File, Stream };
    Kind kind = Kind::Folder;
    std::string path;  // absolute, exactly the bytes given ("-" for stdin)
    std::string format = "auto";
    std::vector<std::string> include, exclude;  // folders only
    bool hidden = false;                        // folders only
    bool follow_symlinks = false;               // folders only: links leading outside it too
    std::vector<std::string> tags;
    std::string type, lang;
    std::string id_field;     // JSON records: the field holding the id (--id-field)
    bool require_id = false;  // JSON records without an id are refused (--require-id)
    std::vector<std::string> field_map;  // JSON records: "FIELD=PATH" (--map)

    bool operator==(const Source&) const = default;
};

const char* kind_name(Source::Kind kind);
nlohmann::json to_json(const Source& source);
Source source_from_json(const nlohmann::json& j);

// The metadata key and value that record one source.
std::pair<std::string, std::string> source_metadata(const Source& source);

// Every recorded source, sorted by path. Indexes from before the table (a "kb.roots" list of
// folders) are read too.
std::vector<Source> read_sources(const Xapian::Database& db);
// Adds or replaces one source (by kind and path); not committed here.
void record_source(Xapian::WritableDatabase& db, const Source& source);
// Forgets one source; false if it was not recorded. Not committed here.
bool forget_source(Xapian::WritableDatabase& db, const Source& source);

// What the file system says about a path now. Only "missing" (ENOENT or ENOTDIR on lstat) means
// gone: permission denied, I/O errors and the like mean "cannot tell", and kb then keeps what it has.
struct PathState {
    enum Kind { Present, Missing, Unreadable } kind = Present;
    std::string reason;  // for Unreadable and Missing: strerror text
};
PathState probe_path(const std::string& path);

// Whether `path` is `folder` or inside it (by path components, not by string prefix alone).
bool path_is_under(const std::string& path, const std::string& folder);

// Whether a stored document was read from a file (rather than a stream or a restored record):
// only those can be "gone" when their file is.
bool read_from_file(const Xapian::Document& xdoc);

// The one rule for "really gone", used by rebuild, `remove --missing` and `add --prune`: the
// documents of `source` were read from a file, and that file is missing now.
bool source_is_gone(const Xapian::Database& db, const std::string& source);

}  // namespace kb

#include "search/document_lookup.h"

#include <charconv>
#include <fmt/format.h>
#include <vector>

#include "error.h"
#include "index/analyzer.h"
#include "index/schema.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

// Ids listed in an ambiguity message: enough to pick from, short enough to read.
constexpr std::size_t kListedIds = 10;

std::vector<Xapian::docid> documents_with(const Xapian::Database& db, const std::string& term) {
    std::vector<Xapian::docid> ids;
    if (term.empty()) return ids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) ids.push_back(*it);
    return ids;
}

// Sources are stored as absolute, lexically normal paths (as kb add names them).
std::string stored_source(const std::string& path, const fs::path& cwd) {
    if (path.empty() || path == "-") return path;
    fs::path p(path);
    if (p.is_relative()) p = cwd / p;
    return p.lexically_normal().string();
}

[[noreturn]] void ambiguous(const Xapian::Database& db, const std::string& reference, const char* what,
                            const std::vector<Xapian::docid>& ids, bool by_position) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < ids.size() && i < kListedIds; ++i) names.push_back(stored_document(db.get_document(ids[i])).id);
    if (ids.size() > kListedIds) names.push_back(fmt::format("and {} more", ids.size() - kListedIds));
    throw AmbiguousReferenceError(fmt::format(
        "'{}' is the {} of {} documents: name one by its id ({}){}", reference, what, ids.size(),
        fmt::join(names, ", "), by_position ? " (records without an id of their own are PATH#N)" : ""));
}

}  // namespace

const char* describe(ReferenceKind kind) {
    switch (kind) {
        case ReferenceKind::Id: return "id";
        case ReferenceKind::Url: return "URL";
        case ReferenceKind::Source: return "source path";
    }
    return "";
}

FoundDocument find_document(const Xapian::Database& db, const std::string& reference, const fs::path& cwd) {
    auto one = [&](Xapian::docid id, ReferenceKind kind) { return FoundDocument{stored_document(db.get_document(id)), kind}; };
    if (auto ids = documents_with(db, schema::id_term(reference)); !ids.empty()) return one(ids.front(), ReferenceKind::Id);

    // PATH#n: ids of records in a multi-document file are often exactly that, with the absolute path.
    if (const std::size_t hash = reference.rfind('#'); hash != std::string::npos && hash + 1 < reference.size()) {
        const std::string number = reference.substr(hash + 1);
        std::size_t n = 0;
        const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), n);
        if (error == std::errc() && end == number.data() + number.size() && n > 0) {
            const std::string source = stored_source(reference.substr(0, hash), cwd);
            if (auto ids = documents_with(db, schema::id_term(fmt::format("{}#{}", source, n))); !ids.empty())
                return one(ids.front(), ReferenceKind::Id);
            auto ids = documents_with(db, schema::boolean_term(schema::kSourcePrefix, source));
            if (!ids.empty())
                throw NotFoundError(fmt::format("'{}' holds {} documents, but none has the id {}#{}: name one by its id "
                                                "(`kb show {}` lists them)",
                                                reference.substr(0, hash), ids.size(), source, n, reference.substr(0, hash)));
        }
    }

    if (auto ids = documents_with(db, schema::url_term(reference)); !ids.empty()) {
        if (ids.size() > 1) ambiguous(db, reference, "URL", ids, false);
        return one(ids.front(), ReferenceKind::Url);
    }
    const std::string source = stored_source(reference, cwd);
    if (auto ids = documents_with(db, schema::boolean_term(schema::kSourcePrefix, source)); !ids.empty()) {
        if (ids.size() > 1) ambiguous(db, reference, "source file", ids, true);
        return one(ids.front(), ReferenceKind::Source);
    }
    throw NotFoundError(fmt::format(
        "no document has the id, URL or source path '{}'; `kb search` shows each result's id", reference));
}

}  // namespace kb

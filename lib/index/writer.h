// The one writer of an index: upserts by id, skips unchanged documents, commits in batches.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

#include "index/analyzer.h"
#include "index/document_sink.h"
#include "index/facet_table.h"
#include "index/index_store.h"
#include "index/spelling.h"

namespace kb {

struct WriterOptions {
    double wait_seconds = 5.0;    // how long to wait for another writer to finish
    std::size_t batch_size = 1000;  // documents per commit (measured best on Xapian 1.4)
    bool dry_run = false;         // count what would change, write nothing
};

class IndexWriter : public DocumentSink {
public:
    // Takes the write lock, then opens the live database (creating the index if there is none).
    // Throws IndexLockedError or IndexError.
    IndexWriter(const IndexStore& store, WriterOptions options);
    // With a lock the caller already holds (to decide, under the lock, how to write).
    IndexWriter(const IndexStore& store, WriterOptions options, std::unique_ptr<WriteLock> lock);
    // Commits what is pending: a run that stops early keeps every document it finished.
    ~IndexWriter() override;

    UpsertOutcome upsert(PreparedDocument&& doc) override;
    // Removes the document with this id; false if there was none.
    bool remove(const std::string& id) override;
    // Commits pending changes now.
    void commit() override;
    // The last commit of a run: commits, then brings the facet table up to date (from the one it
    // started with and the documents it changed when that was current, else by a whole pass over
    // the index; so once per run, not per batch).
    void finish();
    // Called after each file or record: commits once batch_size changes are pending.
    void end_of_input() override;

    // The stored file signature of the documents from `source`, if any, to skip an unchanged file.
    std::optional<std::string> file_signature(const std::string& source) override;
    // Ids of the documents whose source is `source` (a file can hold several documents).
    std::vector<std::string> ids_from_source(const std::string& source) override;
    std::uint64_t count_from_source(const std::string& source) override;
    void mark_file_stale(const std::string& source) override;
    bool commits_midway() const override { return true; }
    void file_complete(const std::string& source, const std::string& signature) override;
    std::optional<std::string> source_of(const std::string& id) override;
    // Every distinct source file the index holds documents from.
    std::vector<std::string> sources();

    Xapian::WritableDatabase& database() { return db_; }

private:
    void changed();
    void set_file_signature(const std::string& source, const std::string& signature);
    // Notes the documents indexed by `term` as changed (before they are replaced or removed).
    void note_changed(const std::string& term);
    // The words a stored document gave the dictionary, found again by an analyzer made when
    // a document is first replaced or removed.
    std::string stored_words(const Xapian::Document& stored);

    WriterOptions options_;
    std::unique_ptr<WriteLock> lock_;
    Xapian::WritableDatabase db_;
    std::filesystem::path folder_;  // db_'s
    std::unique_ptr<const facets::FacetTable> facet_base_;
    // Every document this writer added, replaced or removed, for the facet table. Any new way of
    // writing a document must add its docid here too (update() catches only unnamed additions).
    std::vector<Xapian::docid> changed_docids_;
    SpellingChanges spelling_;  // applied at each commit
    std::unique_ptr<DocumentAnalyzer> analyzer_;
    std::size_t pending_ = 0;
};

// The file signature that makes the next run read a source again (it had lines that failed).
inline constexpr std::string_view kStaleFileSignature = "stale";
// Stores `signature` as the file signature of `source`, on its first document, where
// file_signature() reads it. False when the source has no document or already has it.
bool store_file_signature(Xapian::WritableDatabase& db, const std::string& source, const std::string& signature);

// Writes `db`'s facet table into its folder: updated from `base` and the documents `changed` since
// when there is a base, else read whole (facets::FacetTable::update and write). A failure only
// leaves the old one, which readers then ignore (index/facet_table.h).
void write_facet_table(const std::filesystem::path& folder, const Xapian::Database& db,
                       const facets::FacetTable* base = nullptr, const std::vector<Xapian::docid>& changed = {});

// Translates a Xapian error into the library's own types (lock -> IndexLockedError, ...).
[[noreturn]] void rethrow_xapian_error(const Xapian::Error& e, const std::string& context);

}  // namespace kb

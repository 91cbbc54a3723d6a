#include "index/writer.h"

#include <fmt/format.h>

#include "error.h"
#include "index/duplicates.h"
#include "index/facet_table.h"
#include "index/schema.h"
#include "testing/kill_point.h"
#include "text/date.h"

namespace kb {

void rethrow_xapian_error(const Xapian::Error& e, const std::string& context) {
    if (std::string_view(e.get_type()) == "DatabaseLockError")
        throw IndexLockedError(fmt::format("{}: the index is locked by another writer ({})", context, e.get_msg()));
    throw IndexError(fmt::format("{}: {}", context, e.get_description()));
}

static Xapian::WritableDatabase open_writable(const IndexStore& store) {
    try {
        if (!store.exists()) {
            auto path = store.new_database_path();
            Xapian::WritableDatabase fresh(path.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
            IndexStore::stamp(fresh);
            fresh.commit();
            fresh.close();
            store.switch_to(path);
        }
        Xapian::WritableDatabase db(store.live_database().string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        IndexStore::check_compatible(db, store.root());
        return db;
    } catch (const Xapian::Error& e) {
        rethrow_xapian_error(e, fmt::format("cannot open the index at {} for writing", store.root().string()));
    }
}

IndexWriter::IndexWriter(const IndexStore& store, WriterOptions options)
    : IndexWriter(store, options, std::make_unique<WriteLock>(store, options.wait_seconds)) {}

IndexWriter::IndexWriter(const IndexStore& store, WriterOptions options, std::unique_ptr<WriteLock> lock)
    : options_(options),
      lock_(std::move(lock)),
      db_(open_writable(store)),
      folder_(store.live_database()),
      // The table of the revision this writer starts from, if current: finish() updates it.
      facet_base_(facets::FacetTable::open(folder_, db_)) {}

IndexWriter::~IndexWriter() {
    try {
        commit();
    } catch (...) {
        // A destructor must not throw; the last committed batch stays intact.
    }
}

UpsertOutcome IndexWriter::upsert(PreparedDocument&& doc) {
    try {
        Xapian::PostingIterator it = db_.postlist_begin(doc.id_term);
        if (it != db_.postlist_end(doc.id_term)) {
            Xapian::Document existing = db_.get_document(*it);
            // Same content from another file (a moved file or record) is an update: the
            // document must follow its new source, or pruning the old one would delete it.
            Xapian::TermIterator term = existing.termlist_begin();
            if (!doc.source_term.empty()) term.skip_to(doc.source_term);
            const bool same_source =
                doc.source_term.empty() || (term != existing.termlist_end() && *term == doc.source_term);
            if (same_source && existing.get_value(schema::kHashSlot) == doc.hash) {
                // Same content in a touched file: store the new file signature so the next run
                // can skip the file without reading it.
                const std::string signature = doc.xapian.get_value(schema::kFileSlot);
                if (!options_.dry_run && signature != existing.get_value(schema::kFileSlot)) {
                    existing.add_value(schema::kFileSlot, signature);
                    db_.replace_document(*it, existing);
                    changed();
                }
                return UpsertOutcome::Unchanged;
            }
            if (!options_.dry_run) {
                spelling_.remove(stored_words(existing));
                spelling_.add(doc.spelling_words);
                note_changed(doc.id_term);  // the one replaced (the first), and any others, deleted
                const Xapian::docid written = db_.replace_document(doc.id_term, doc.xapian);
                mark_shared_duplicates(db_, doc.duplicate_term, written);
                changed();
                kill_point("upsert");
            }
            return UpsertOutcome::Updated;
        }
        if (!options_.dry_run) {
            spelling_.add(doc.spelling_words);
            const Xapian::docid written = db_.replace_document(doc.id_term, doc.xapian);
            changed_docids_.push_back(written);
            mark_shared_duplicates(db_, doc.duplicate_term, written);
            changed();
            kill_point("upsert");
        }
        return UpsertOutcome::Added;
    } catch (const Xapian::Error& e) {
        rethrow_xapian_error(e, "cannot write to the index");
    }
}

bool IndexWriter::remove(const std::string& id) {
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return false;
    if (!options_.dry_run) {
        spelling_.remove(stored_words(db_.get_document(*it)));
        // A removed document is never matched again (Xapian does not reuse docids), so its entry
        // would only take room: dropped.
        note_changed(term);
        db_.delete_document(term);
        changed();
    }
    return true;
}

void IndexWriter::changed() { ++pending_; }

void IndexWriter::note_changed(const std::string& term) {
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) changed_docids_.push_back(*it);
}

std::string IndexWriter::stored_words(const Xapian::Document& stored) {
    if (!analyzer_) analyzer_ = std::make_unique<DocumentAnalyzer>();
    return analyzer_->spelling_words(stored);
}

void IndexWriter::end_of_input() {
    // Commits only between inputs, so every file is in the index whole or not at all.
    if (pending_ >= options_.batch_size) commit();
}

void IndexWriter::commit() {
    if (options_.dry_run) return;
    try {
        if (pending_ > 0) {
            db_.set_metadata(std::string(schema::kLastUpdateKey), text::utc_now());
        }
        spelling_.apply(db_);
        db_.commit();
        pending_ = 0;
        kill_point("commit");
    } catch (const Xapian::Error& e) {
        rethrow_xapian_error(e, "cannot commit to the index");
    }
}

void IndexWriter::finish() {
    commit();
    if (!options_.dry_run) write_facet_table(folder_, db_, facet_base_.get(), changed_docids_);
}

void write_facet_table(const std::filesystem::path& folder, const Xapian::Database& db,
                       const facets::FacetTable* base, const std::vector<Xapian::docid>& changed) {
    try {
        if (base)
            facets::FacetTable::update(folder, db, *base, changed);
        else
            facets::FacetTable::write(folder, db);
    } catch (const std::exception&) {
        // Only a cache, written after the commit: whatever stops it (a full disk, too little
        // memory) must not fail the command, or a bulk build. Searches then count from the values.
    } catch (const Xapian::Error&) {
    }
}

std::optional<std::string> IndexWriter::file_signature(const std::string& source) {
    const std::string term = schema::boolean_term(schema::kSourcePrefix, source);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    return db_.get_document(*it).get_value(schema::kFileSlot);
}

std::vector<std::string> IndexWriter::ids_from_source(const std::string& source) {
    std::vector<std::string> ids;
    const std::string term = schema::boolean_term(schema::kSourcePrefix, source);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
        ids.push_back(stored_document(db_.get_document(*it)).id);
    return ids;
}

std::uint64_t IndexWriter::count_from_source(const std::string& source) {
    return db_.get_termfreq(schema::boolean_term(schema::kSourcePrefix, source));
}

std::optional<std::string> IndexWriter::source_of(const std::string& id) {
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    return stored_document(db_.get_document(*it)).source;
}

void IndexWriter::mark_file_stale(const std::string& source) {
    set_file_signature(source, std::string(kStaleFileSignature));
}

void IndexWriter::file_complete(const std::string& source, const std::string& signature) {
    set_file_signature(source, signature);
}

void IndexWriter::set_file_signature(const std::string& source, const std::string& signature) {
    if (!options_.dry_run && store_file_signature(db_, source, signature)) changed();
}

bool store_file_signature(Xapian::WritableDatabase& db, const std::string& source, const std::string& signature) {
    const std::string term = schema::boolean_term(schema::kSourcePrefix, source);
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return false;
    Xapian::Document doc = db.get_document(*it);
    if (doc.get_value(schema::kFileSlot) == signature) return false;
    doc.add_value(schema::kFileSlot, signature);
    db.replace_document(*it, doc);
    return true;
}

std::vector<std::string> IndexWriter::sources() {
    std::vector<std::string> out;
    const std::string prefix(schema::kSourcePrefix);
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
        auto post = db_.postlist_begin(*it);
        if (post == db_.postlist_end(*it)) continue;
        out.push_back(stored_document(db_.get_document(*post)).source);
    }
    return out;
}

}  // namespace kb

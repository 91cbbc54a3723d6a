#include "ingest/rebuild.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_set>

#include "error.h"
#include "index/bulk_builder.h"
#include "index/schema.h"
#include "index/sources.h"
#include "index/writer.h"
#include "text/date.h"
#include "text/hash.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

// Counts writes from several ingesters into one summary, and remembers which ids were produced
// again (as 64-bit hashes: a million ids in 8 MB; a collision needs ~4 billion of them).
class Tally : public IngestObserver {
public:
    explicit Tally(IngestObserver& outer) : outer_(outer) {}
    void on_event(const IngestEvent& e) override {
        const bool written = e.kind == IngestEventKind::Added || e.kind == IngestEventKind::Updated ||
                             e.kind == IngestEventKind::Unchanged;
        if (written && !e.id.empty()) produced.insert(text::fnv1a64(e.id));
        // A file skipped now (emptied, grown past --max-file-size, turned into something kb does
        // not read) keeps what it had, as kb add keeps it: nothing says its documents are gone.
        if (e.kind == IngestEventKind::Skipped && !e.file.empty()) skipped.insert(e.file);
        outer_.on_event(e);
    }
    void on_progress(const IngestCounts& c, std::uint64_t files, std::uint64_t total) override {
        IngestCounts sum = base;
        sum.added += c.added;
        sum.updated += c.updated;
        sum.unchanged += c.unchanged;
        sum.bytes += c.bytes;
        outer_.on_progress(sum, files_base + files, total);
    }
    void absorb(Ingester& ingester) {
        const IngestCounts& c = ingester.finish();
        base.added += c.added;
        base.updated += c.updated;
        base.unchanged += c.unchanged;
        base.skipped += c.skipped;
        base.failed += c.failed;
        base.removed += c.removed;
        base.bytes += c.bytes;
        seen.insert(ingester.seen_sources().begin(), ingester.seen_sources().end());
        failed.insert(ingester.failed_sources().begin(), ingester.failed_sources().end());
    }
    bool was_produced(const std::string& id) const { return produced.count(text::fnv1a64(id)) > 0; }

    IngestCounts base;
    std::uint64_t files_base = 0;
    std::unordered_set<std::uint64_t> produced;
    std::set<std::string> seen;    // files read in this rebuild
    std::set<std::string> failed;  // files (and folders) that failed, whole or in part
    std::set<std::string> skipped;  // files skipped (their old documents are kept)

private:
    IngestObserver& outer_;
};

IngestOptions options_for(const Source& s, const IngestOptions& base) {
    IngestOptions o = base;
    o.format = parse_format_name(s.format);
    o.include = s.include;
    o.exclude = s.exclude;
    o.hidden = s.hidden;
    o.follow_symlinks = s.follow_symlinks;
    o.add_tags = s.tags;
    o.type = s.type;
    o.lang = s.lang;
    o.id_field = s.id_field;
    o.require_id = s.require_id;
    o.field_map = s.field_map;
    return o;
}

// The bulk build behind a view of the live index: which source holds each id there. Where two
// sources yield one id, the rebuild must keep the version the index holds (the last one added,
// perhaps a correction sent on stdin), not whichever source it happens to read last; and a page
// whose canonical URL another file claimed keeps its path as id, as kb add decided. So a document
// whose id the live index has from another source is held back (divert), and written only if
// that source no longer yields the id and its stored record is not kept either.
class RebuildSink : public DocumentSink {
public:
    RebuildSink(BulkBuilder& builder, const Xapian::Database& old) : builder_(builder) {
        const std::string source_prefix(schema::kSourcePrefix);
        std::unordered_map<Xapian::docid, std::uint32_t> source_of_doc;
        for (auto term = old.allterms_begin(source_prefix); term != old.allterms_end(source_prefix); ++term) {
            auto post = old.postlist_begin(*term);
            if (post == old.postlist_end(*term)) continue;
            const Xapian::Document first = old.get_document(*post);
            const std::string source = stored_document(first).source;
            sources_.push_back(source);
            // What becomes of the holder's own version, known now for all but files still there.
            if (source == "-" || !read_from_file(first))
                holder_.push_back(Holder::Kept);  // a stream's or restored records: kept in step 3
            else if (probe_path(source).kind == PathState::Missing)
                holder_.push_back(Holder::Gone);  // its file is gone: another source may take the id
            else
                holder_.push_back(Holder::File);
            for (; post != old.postlist_end(*term); ++post)
                source_of_doc[*post] = static_cast<std::uint32_t>(sources_.size() - 1);
        }
        const std::string id_prefix(schema::kIdPrefix);
        for (auto term = old.allterms_begin(id_prefix); term != old.allterms_end(id_prefix); ++term) {
            auto post = old.postlist_begin(*term);
            if (post == old.postlist_end(*term)) continue;
            if (auto it = source_of_doc.find(*post); it != source_of_doc.end())
                owner_[text::fnv1a64(*term)] = it->second;
        }
    }

    UpsertOutcome upsert(PreparedDocument&& doc) override { return builder_.upsert(std::move(doc)); }
    bool remove(const std::string& id) override { return builder_.remove(id); }
    void commit() override { builder_.commit(); }
    void end_of_input() override { builder_.end_of_input(); }
    std::optional<std::string> file_signature(const std::string& source) override {
        return builder_.file_signature(source);
    }
    std::vector<std::string> ids_from_source(const std::string& source) override {
        return builder_.ids_from_source(source);
    }
    std::uint64_t count_from_source(const std::string& source) override { return builder_.count_from_source(source); }
    std::optional<std::string> source_of(const std::string& id) override {
        const auto holder = holder_of(id);
        if (!holder) return std::nullopt;
        return sources_[*holder];
    }
    bool divert(const std::string& id, const std::string& source, PreparedDocument& doc) override {
        const auto holder = holder_of(id);
        if (!holder || sources_[*holder] == source) return false;
        switch (holder_[*holder]) {
            case Holder::Gone: return false;  // written at once: a renamed file streams as before
            case Holder::Kept: return true;   // dropped: the stored record is the index's version
            case Holder::File: break;         // held until step 3 knows whether the holder still has it
        }
        held_[id] = Held{source, std::move(doc)};  // a later one of the same id wins, as in kb add
        return true;
    }
    void mark_file_stale(const std::string& source) override { builder_.mark_file_stale(source); }
    bool commits_midway() const override { return builder_.commits_midway(); }
    void file_complete(const std::string& source, const std::string& signature) override {
        builder_.file_complete(source, signature);
    }

    struct Held {
        std::string source;
        PreparedDocument doc;
    };
    // Documents held back, by id.
    std::map<std::string, Held>& held() { return held_; }

private:
    // The index into sources_ of the source that holds `id` in the live index, if any.
    std::optional<std::uint32_t> holder_of(const std::string& id) const {
        const auto it = owner_.find(text::fnv1a64(schema::id_term(id)));
        if (it == owner_.end()) return std::nullopt;
        return it->second;
    }

    BulkBuilder& builder_;
    enum class Holder : std::uint8_t { Kept, Gone, File };
    std::vector<std::string> sources_;
    std::vector<Holder> holder_;  // of each of sources_
    std::unordered_map<std::uint64_t, std::uint32_t> owner_;  // hash of the id term -> sources_
    std::map<std::string, Held> held_;
};

// A folder that exists but cannot be listed (permission, I/O error) is as unreadable as one that
// cannot be reached: its documents must not count as deleted.
PathState probe_source(const Source& s) {
    PathState st = probe_path(s.path);
    if (st.kind != PathState::Present) return st;
    std::error_code ec;
    if (s.kind == Source::Kind::Folder) {
        if (!fs::is_directory(s.path, ec)) return {PathState::Unreadable, "not a folder any more"};
        DIR* dir = ::opendir(s.path.c_str());
        if (!dir) return {PathState::Unreadable, std::strerror(errno)};
        ::closedir(dir);
    } else if (!fs::is_regular_file(s.path, ec)) {
        return {PathState::Unreadable, "not a regular file any more"};
    }
    return st;
}

// Indexes from before the source table recorded only folders: files named one by one are found
// through their documents (read from a file that still exists, outside every recorded folder).
void add_legacy_file_sources(const Xapian::Database& old, std::vector<Source>& sources) {
    const std::string key_prefix(schema::kSourceKeyPrefix);
    if (old.metadata_keys_begin(key_prefix) != old.metadata_keys_end(key_prefix)) return;
    const std::string prefix(schema::kSourcePrefix);
    std::vector<Source> found;
    for (auto term = old.allterms_begin(prefix); term != old.allterms_end(prefix); ++term) {
        auto post = old.postlist_begin(*term);
        if (post == old.postlist_end(*term)) continue;
        const Xapian::Document first = old.get_document(*post);
        if (!read_from_file(first)) continue;
        const std::string path = stored_document(first).source;
        if (path == "-" || probe_path(path).kind != PathState::Present) continue;
        if (std::any_of(sources.begin(), sources.end(), [&](const Source& s) {
                return s.kind == Source::Kind::Folder && path_is_under(path, s.path);
            }))
            continue;
        const IngestOptions o = Ingester::apply_run_options({}, first.get_value(schema::kRunOptionsSlot));
        Source s;
        s.kind = Source::Kind::File;
        s.path = path;
        s.format = format_name(o.format);
        s.tags = o.add_tags;
        s.type = o.type;
        s.lang = o.lang;
        s.id_field = o.id_field;
        s.require_id = o.require_id;
        s.field_map = o.field_map;
        found.push_back(std::move(s));
    }
    sources.insert(sources.end(), found.begin(), found.end());
}

bool covered_by(const std::string& path, const std::vector<Source>& sources) {
    return std::any_of(sources.begin(), sources.end(), [&](const Source& s) {
        return s.kind == Source::Kind::Folder ? path_is_under(path, s.path)
                                              : s.kind == Source::Kind::File && s.path == path;
    });
}

bool under_any(const std::string& path, const std::set<std::string>& folders) {
    return std::any_of(folders.begin(), folders.end(), [&](const std::string& f) { return path_is_under(path, f); });
}

std::string describe_problems(const std::vector<SourceProblem>& problems) {
    std::string list;
    for (std::size_t i = 0; i < problems.size() && i < 5; ++i)
        list += fmt::format("{}{} {} is {} ({})", i ? "; " : "", problems[i].kind, problems[i].path,
                            problems[i].state, problems[i].reason);
    if (problems.size() > 5) list += fmt::format("; and {} more", problems.size() - 5);
    return list;
}

}  // namespace

RebuildSummary rebuild_index(const IndexStore& store, const RebuildOptions& options, IngestObserver& observer) {
    if (!store.exists())
        throw IndexError(fmt::format("no index at {} to rebuild: create one with `kb add PATH...`", store.root().string()));
    WriteLock lock(store, options.wait_seconds);
    RebuildSummary summary;
    summary.started_at = text::utc_now();
    summary.stale_removed = remove_stale_databases(store);

    // The old index is read for its sources and stored records only, so an index built with
    // other analysis settings can be rebuilt (that is how one upgrades it).
    Xapian::Database old;
    std::vector<Source> sources;
    try {
        old = store.open_live();
        sources = read_sources(old);
        add_legacy_file_sources(old, sources);
        summary.documents_before = old.get_doccount();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store.root().string(), e.get_description()));
    }

    // 1. Every recorded source must be there. One that is not (an unmounted share, a renamed
    //    folder, a permission change) stops the rebuild before anything is built, unless the
    //    caller allows the loss: then a missing source is forgotten with its documents, and an
    //    unreadable one keeps its documents (nobody can tell they are gone).
    std::vector<Source> readable, kept;
    std::set<std::string> missing_sources, unreadable_sources;
    for (const auto& s : sources) {
        if (s.kind == Source::Kind::Stream) {
            kept.push_back(s);
            continue;
        }
        const PathState st = probe_source(s);
        if (st.kind == PathState::Present) {
            readable.push_back(s);
            kept.push_back(s);
            continue;
        }
        summary.source_problems.push_back(
            {s.path, kind_name(s.kind), st.kind == PathState::Missing ? "missing" : "unreadable", st.reason});
        if (st.kind == PathState::Missing) {
            missing_sources.insert(s.path);
        } else {
            unreadable_sources.insert(s.path);
            kept.push_back(s);
        }
    }
    if (!summary.source_problems.empty() && !options.allow_drop) {
        summary.refused = true;
        summary.refusal = fmt::format(
            "{}: the rebuild would drop the documents read from there, so it stopped and the live index is unchanged. Mount or "
            "restore the source and run again; or forget it with `kb remove --source PATH`, or rebuild with "
            "--allow-drop to drop what is missing",
            describe_problems(summary.source_problems));
        summary.finished_at = text::utc_now();
        return summary;
    }
    for (const auto& path : unreadable_sources)
        observer.on_event({IngestEventKind::Failed, path, {}, "cannot read this source; its documents are kept", {}});

    BulkBuilder builder(store, options.jobs, options.batch);
    RebuildSink sink(builder, old);
    Tally tally(observer);
    IngestOptions base;
    base.jobs = options.jobs;
    base.skip_unchanged_files = false;

    // 2. The folders, walked again with the options they were added with (new files come in), and
    //    the files named one by one, each read again with its own options.
    for (const auto& s : readable) {
        if (s.kind != Source::Kind::Folder) continue;
        Ingester ingester(sink, options_for(s, base), tally);
        ingester.add_path(s.path);
        tally.absorb(ingester);
    }
    for (const auto& s : readable) {
        if (s.kind != Source::Kind::File || tally.seen.count(s.path)) continue;
        Ingester ingester(sink, options_for(s, base), tally);
        ingester.add_path(s.path);
        tally.absorb(ingester);
    }

    // 3. Every old document that was not produced again is kept (re-analysed from its stored
    //    record) unless it is really gone: its file was read whole and no longer holds it, or its
    //    file no longer exists inside a source that does, or its whole source is missing and the
    //    caller allowed that. Streams, restored records, and files that failed or could not be
    //    read keep what they had.
    std::map<std::pair<std::string, std::string>, std::uint64_t> dropped;
    std::vector<Xapian::docid> from_records;
    std::set<std::string> kept_ids;  // of from_records
    std::uint64_t kept_from_failed = 0;
    try {
        const std::string prefix(schema::kSourcePrefix);
        for (auto term = old.allterms_begin(prefix); term != old.allterms_end(prefix); ++term) {
            auto post = old.postlist_begin(*term);
            if (post == old.postlist_end(*term)) continue;
            const Xapian::Document first = old.get_document(*post);
            const std::string source = stored_document(first).source;
            const bool from_file = source != "-" && read_from_file(first);
            const bool failed = tally.failed.count(source) || tally.skipped.count(source) ||
                                under_any(source, tally.failed) ||
                                unreadable_sources.count(source) || under_any(source, unreadable_sources);
            std::string gone;  // why this source's unproduced documents are dropped, or empty
            if (from_file && !failed) {
                if (missing_sources.count(source) || under_any(source, missing_sources))
                    gone = "its source is missing (--allow-drop)";
                else if (tally.seen.count(source))
                    gone = "no longer in its file";
                else if (covered_by(source, readable) && probe_path(source).kind == PathState::Missing)
                    gone = "its file was deleted";
            }
            for (; post != old.postlist_end(*term); ++post) {
                const Xapian::Document doc = old.get_document(*post);
                const std::string id = stored_document(doc).id;
                if (tally.was_produced(id)) continue;
                if (!gone.empty()) {
                    // Gone from here, but another source yields it: it moved there (below).
                    if (sink.held().count(id)) continue;
                    ++dropped[{source, gone}];
                    ++summary.dropped;
                } else {
                    from_records.push_back(*post);
                    kept_ids.insert(id);
                    if (failed) ++kept_from_failed;
                }
            }
        }
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store.root().string(), e.get_description()));
    }
    for (const auto& [key, count] : dropped) summary.dropped_by_source.push_back({key.first, key.second, count});
    summary.kept_from_failed = kept_from_failed;

    // 4. A rebuild that would drop a large share of the index is more likely a mistake (a share
    //    mounted empty, a folder emptied by accident) than a wish: stop before building further.
    const double share =
        summary.documents_before ? static_cast<double>(summary.dropped) / summary.documents_before : 0.0;
    if (!options.allow_drop && summary.dropped > 0 && share > options.max_drop) {
        summary.refused = true;
        summary.refusal = fmt::format(
            "the rebuild would drop {} of {} documents ({:.1f}%, more than --max-drop {:g}%), so it stopped and the "
            "live index is unchanged. If those files really are gone, run again with --allow-drop (or a higher "
            "--max-drop), or remove them first with `kb remove --missing`",
            summary.dropped, summary.documents_before, share * 100, options.max_drop * 100);
        summary.counts = tally.base;
        summary.finished_at = text::utc_now();
        return summary;  // the builder's destructor deletes the partial build
    }

    // What was held back is written where the index's own version is neither yielded again by
    // its source nor kept from its stored record: the id moved to the other source.
    for (auto& [id, held] : sink.held()) {
        if (tally.was_produced(id) || kept_ids.count(id)) continue;
        const UpsertOutcome outcome = builder.upsert(std::move(held.doc));
        tally.base.added += outcome == UpsertOutcome::Added;
        tally.base.updated += outcome == UpsertOutcome::Updated;
        tally.base.unchanged += outcome == UpsertOutcome::Unchanged;
        tally.on_event({outcome == UpsertOutcome::Added ? IngestEventKind::Added : IngestEventKind::Updated, held.source,
                        id, {}, {}});
    }
    {
        Ingester ingester(builder, base, tally);
        for (Xapian::docid id : from_records) {
            const Xapian::Document doc = old.get_document(id);
            ingester.add_record(stored_document(doc), doc.get_value(schema::kFileSlot),
                                doc.get_value(schema::kRunOptionsSlot));
        }
        const std::uint64_t before = tally.base.documents();
        tally.absorb(ingester);
        summary.from_records = tally.base.documents() - before;
    }
    summary.counts = tally.base;

    std::vector<std::pair<std::string, std::string>> metadata;
    for (const auto& s : kept) metadata.push_back(source_metadata(s));
    for (const auto& path : missing_sources) summary.forgotten_sources.push_back(path);
    summary.database = builder.finish(options.compact, metadata);
    store.switch_to(summary.database);
    summary.documents_after = store.open_for_reading().get_doccount();
    summary.finished_at = text::utc_now();
    return summary;
}

}  // namespace kb

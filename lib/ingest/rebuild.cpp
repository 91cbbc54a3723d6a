#include "ingest/rebuild.h"

#include <fmt/format.h>
#include <map>
#include <set>

#include "error.h"
#include "index/bulk_builder.h"
#include "index/schema.h"
#include "index/source_roots.h"
#include "index/writer.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

bool under(const std::string& path, const std::vector<SourceRoot>& roots) {
    for (const auto& r : roots) {
        std::string dir = r.path;
        if (!dir.empty() && dir.back() != '/') dir += '/';
        if (path.rfind(dir, 0) == 0) return true;
    }
    return false;
}

// Counts writes from several ingesters into one summary.
class Tally : public IngestObserver {
public:
    explicit Tally(IngestObserver& outer) : outer_(outer) {}
    void on_event(const IngestEvent& e) override {
        if (e.kind == IngestEventKind::Failed || e.kind == IngestEventKind::Skipped) unreadable.insert(e.file);
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
    void absorb(const IngestCounts& c, std::uint64_t files) {
        base.added += c.added;
        base.updated += c.updated;
        base.unchanged += c.unchanged;
        base.skipped += c.skipped;
        base.failed += c.failed;
        base.removed += c.removed;
        base.bytes += c.bytes;
        files_base += files;
    }
    IngestCounts base;
    std::uint64_t files_base = 0;
    std::set<std::string> unreadable;  // files that failed: their last good records are kept

private:
    IngestObserver& outer_;
};

}  // namespace

RebuildSummary rebuild_index(const IndexStore& store, const RebuildOptions& options, IngestObserver& observer) {
    if (!store.exists())
        throw IndexError(fmt::format("no index at {} to rebuild: create one with `kb add PATH...`", store.root().string()));
    WriteLock lock(store, options.wait_seconds);
    RebuildSummary summary;
    summary.stale_removed = remove_stale_databases(store);

    // The old index is read for its sources and stored records only, so an index built with
    // other analysis settings can be rebuilt (that is how one upgrades it).
    Xapian::Database old;
    std::vector<SourceRoot> roots;
    try {
        old = Xapian::Database(store.stub_path().string(), Xapian::DB_BACKEND_STUB);
        roots = read_roots(old);
        summary.documents_before = old.get_doccount();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store.root().string(), e.get_description()));
    }

    BulkBuilder builder(store, options.jobs, options.batch);
    Tally tally(observer);
    std::set<std::string> seen;
    IngestOptions base;
    base.jobs = options.jobs;
    base.skip_unchanged_files = false;

    // 1. The folders, walked again with the options they were added with: new files come in,
    //    vanished ones drop out.
    for (const auto& root : roots) {
        if (!fs::is_directory(root.path)) continue;
        IngestOptions o = base;
        o.format = parse_format_name(root.format);
        o.include = root.include;
        o.exclude = root.exclude;
        o.hidden = root.hidden;
        o.add_tags = root.tags;
        o.type = root.type;
        o.lang = root.lang;
        Ingester ingester(builder, o, tally);
        ingester.add_path(root.path);
        tally.absorb(ingester.finish(), 0);
        seen.insert(ingester.seen_sources().begin(), ingester.seen_sources().end());
    }

    // 2. Every other source the index knows: files named one by one are read again with their
    //    own options; documents from stdin, or whose file is gone and no folder covers, are
    //    re-analysed from their stored records, so nothing that has no file behind it is lost.
    std::map<std::string, std::vector<std::string>> files_by_options;
    std::vector<Xapian::docid> from_records;
    try {
        const std::string prefix(schema::kSourcePrefix);
        for (auto term = old.allterms_begin(prefix); term != old.allterms_end(prefix); ++term) {
            auto post = old.postlist_begin(*term);
            if (post == old.postlist_end(*term)) continue;
            Xapian::Document first = old.get_document(*post);
            const std::string source = stored_document(first).source;
            if (seen.count(source)) continue;
            // Only documents that were read from this very file are read from it again; a record
            // restored from an export keeps its original source but was never read from it.
            std::error_code ec;
            if (source != "-" && !first.get_value(schema::kFileSlot).empty() && fs::is_regular_file(source, ec)) {
                files_by_options[first.get_value(schema::kRunOptionsSlot)].push_back(source);
                continue;
            }
            const bool gone_from_folder = source != "-" && !fs::exists(source, ec) && under(source, roots);
            for (; post != old.postlist_end(*term); ++post) {
                if (gone_from_folder)
                    ++summary.dropped;
                else
                    from_records.push_back(*post);
            }
        }
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("cannot read the index at {}: {}", store.root().string(), e.get_description()));
    }
    for (const auto& [run_options, files] : files_by_options) {
        Ingester ingester(builder, Ingester::apply_run_options(base, run_options), tally);
        for (const auto& f : files) ingester.add_path(f);
        tally.absorb(ingester.finish(), 0);
    }
    // Files that cannot be read now keep the version the old index has, as `kb add` does.
    for (const auto& file : tally.unreadable) {
        const std::string term = schema::boolean_term(schema::kSourcePrefix, file);
        for (auto post = old.postlist_begin(term); post != old.postlist_end(term); ++post)
            from_records.push_back(*post);
    }
    {
        Ingester ingester(builder, base, tally);
        for (Xapian::docid id : from_records) ingester.add_record(stored_document(old.get_document(id)));
        const IngestCounts& c = ingester.finish();
        summary.from_records = c.documents();
        tally.absorb(c, 0);
    }
    summary.counts = tally.base;

    summary.database = builder.finish(options.compact, {{std::string(schema::kRootsKey), roots_metadata(roots)}});
    store.switch_to(summary.database);
    summary.documents_after = store.open_for_reading().get_doccount();
    return summary;
}

}  // namespace kb

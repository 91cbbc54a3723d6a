#include "render/ingest_reporter.h"

#include <fmt/format.h>

namespace kb::cli {

IngestReporter::IngestReporter(const Terminal& term, bool quiet, bool progress)
    : term_(term), quiet_(quiet), progress_(term, progress && !quiet) {}

void IngestReporter::on_event(const IngestEvent& e) {
    if (e.kind == IngestEventKind::Failed) {
        failures_.push_back(e);
        progress_.clear();
        const std::string where = e.position.empty() ? e.file : fmt::format("{} ({})", e.file, e.position);
        print_error(term_, fmt::format("{}: {}", where, e.reason));
    } else if (e.kind == IngestEventKind::Warning) {
        warnings_.push_back(e);
        if (!quiet_) {
            progress_.clear();
            print_warning(term_, fmt::format("{}: {}", e.file, e.reason));
        }
    } else if (e.kind == IngestEventKind::Skipped) {
        skips_.push_back(e);
        if (!quiet_) {
            progress_.clear();
            print_warning(term_, fmt::format("skipped {}: {}", e.file, e.reason));
        }
    }
}

void IngestReporter::on_progress(const IngestCounts& counts, std::uint64_t files, std::uint64_t total) {
    progress_.update(counts.documents(), files, total, counts.bytes);
}

nlohmann::json IngestReporter::to_json(const std::vector<IngestEvent>& events) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : events) out.push_back({{"file", e.file}, {"position", e.position}, {"reason", e.reason}});
    return out;
}

}  // namespace kb::cli

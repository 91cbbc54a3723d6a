// What `kb add` and `kb rebuild` show while they work: one line per failure or skip on stderr,
// the progress line, and the lists of problems for the JSON report.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "ingest/ingester.h"
#include "render/progress.h"
#include "render/terminal.h"

namespace kb::cli {

class IngestReporter : public IngestObserver {
public:
    IngestReporter(const Terminal& term, bool quiet, bool progress);

    void on_event(const IngestEvent& e) override;
    void on_progress(const IngestCounts& counts, std::uint64_t files, std::uint64_t total) override;
    // Erases the progress line before the summary.
    void done() { progress_.clear(); }

    // [{"file", "position", "reason"}, ...] for the JSON reports.
    nlohmann::json failures_json() const { return to_json(failures_); }
    nlohmann::json skips_json() const { return to_json(skips_); }
    nlohmann::json warnings_json() const { return to_json(warnings_); }

private:
    static nlohmann::json to_json(const std::vector<IngestEvent>& events);

    const Terminal& term_;
    bool quiet_;
    Progress progress_;
    std::vector<IngestEvent> failures_, skips_, warnings_;
};

}  // namespace kb::cli

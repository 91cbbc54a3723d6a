// The ceiling for JSON Lines import on this machine: the least work any Xapian 1.4 indexer must do
// for the benchmark records, with none of kb's own (no language guess, no upsert, no content hash,
// no stored record beyond the raw line, no values, no ordering). T threads each parse every T-th
// line, run a TermGenerator with the Dutch stemmer and positions (as kb does) over title, summary
// and body, and add to their own database, committing every 1000 documents; with T > 1 the
// databases are merged with Xapian's compactor at the end, as kb's bulk build does.
//
// usage: xapian_ceiling THREADS FILE.jsonl OUTDIR   -> prints "docs seconds docs/s"
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>
#include <xapian.h>

namespace {

std::string field(const nlohmann::json& record, const char* name) {
    auto it = record.find(name);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t index_part(const std::string& file, const std::string& db_path, unsigned part, unsigned parts) {
    std::ifstream in(file);
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("dutch"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    std::string line;
    std::size_t n = 0, added = 0;
    while (std::getline(in, line)) {
        if (n++ % parts != part) continue;
        const auto record = nlohmann::json::parse(line);
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(field(record, "title"), 3);
        generator.increase_termpos(100);
        generator.index_text(field(record, "summary"), 2);
        generator.increase_termpos(100);
        generator.index_text(field(record, "body"));
        doc.add_boolean_term("Q" + field(record, "id"));
        doc.set_data(line);
        generator.set_document(Xapian::Document());
        db.add_document(doc);
        if (++added % 1000 == 0) db.commit();
    }
    db.commit();
    return added;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: xapian_ceiling THREADS FILE.jsonl OUTDIR\n";
        return 2;
    }
    const unsigned threads = static_cast<unsigned>(std::max(1, std::atoi(argv[1])));
    const std::string file = argv[2], out = argv[3];
    std::filesystem::remove_all(out);
    std::filesystem::create_directories(out);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::size_t> counts(threads);
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back([&, t] { counts[t] = index_part(file, out + "/part" + std::to_string(t), t, threads); });
    for (auto& w : workers) w.join();
    if (threads > 1) {
        Xapian::Database all;
        for (unsigned t = 0; t < threads; ++t) all.add_database(Xapian::Database(out + "/part" + std::to_string(t)));
        all.compact(out + "/merged");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t docs = 0;
    for (auto c : counts) docs += c;
    std::printf("%zu %.2f %.0f\n", docs, seconds, docs / seconds);
    return 0;
}

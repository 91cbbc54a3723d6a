// The ceiling for the spelling dictionary of an import: what Xapian 1.4 alone spends filing a
// vocabulary in its spelling table, with none of kb's own work (no collecting of words, no summing
// per batch). Reads the words and frequencies of the dictionary of an index kb built, and writes
// them again into new databases, as kb's bulk build does at its end:
//   one thread: every word into one database, one commit;
//   T threads: each a share of the words (by a hash of the word) into a database of its own,
//              then Xapian's compactor merges the T spelling tables.
// The words go in byte order, as kb hands them over.
//
// usage: spelling_ceiling DATABASE OUTDIR [THREADS]
//   -> prints "words W; 1 thread S s; T threads S s (of which merge S s)"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <xapian.h>

namespace {

using Words = std::vector<std::pair<std::string, Xapian::termcount>>;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void write_words(const Words& words, const std::string& path) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS);
    for (const auto& [word, freq] : words) db.add_spelling(word, freq);
    db.commit();
    db.close();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: spelling_ceiling DATABASE OUTDIR [THREADS]\n");
        return 2;
    }
    const std::filesystem::path out = argv[2];
    const unsigned threads = argc > 3 ? static_cast<unsigned>(std::max(1, std::atoi(argv[3]))) : 2;
    std::filesystem::create_directories(out);

    Words words;
    {
        Xapian::Database source(argv[1]);
        for (auto it = source.spellings_begin(); it != source.spellings_end(); ++it)
            words.emplace_back(*it, it.get_termfreq());
    }
    std::sort(words.begin(), words.end());

    auto start = Clock::now();
    write_words(words, (out / "one").string());
    const double one = seconds_since(start);

    std::vector<Words> shares(threads);
    for (const auto& w : words) shares[std::hash<std::string>{}(w.first) % threads].push_back(w);
    start = Clock::now();
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back([&, t] { write_words(shares[t], (out / ("share" + std::to_string(t))).string()); });
    for (auto& w : workers) w.join();
    const auto merge_start = Clock::now();
    Xapian::Database all;
    for (unsigned t = 0; t < threads; ++t) all.add_database(Xapian::Database((out / ("share" + std::to_string(t))).string()));
    all.compact((out / "merged").string());
    const double merge = seconds_since(merge_start);
    const double parallel = seconds_since(start);

    std::printf("words %zu; 1 thread %.2f s; %u threads %.2f s (of which merge %.2f s)\n", words.size(), one, threads,
                parallel, merge);
    return 0;
}

// libFuzzer target: the query builder over a small index of Dutch and English documents (on disk,
// with their spelling dictionary), and the match it builds. A syntax error must be a
// kb::QueryError; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <xapian.h>

#include "document.h"
#include "error.h"
#include "index/analyzer.h"
#include "search/query_builder.h"

namespace {

// On disk: the in-memory backend has no spelling dictionary. Removed at a normal exit; a crash
// or timeout leaves the folder (libFuzzer ends the process without running atexit handlers).
Xapian::WritableDatabase make_index() {
    static std::string folder = [] {
        char name[] = "/tmp/kb-fuzz-query.XXXXXX";
        if (!::mkdtemp(name)) std::abort();
        return std::string(name);
    }();
    std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(folder, ec);
    });
    Xapian::WritableDatabase db(folder + "/db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    kb::DocumentAnalyzer analyzer;
    const char* const rows[][4] = {
        {"nl-1", "Vrouwen aan de vredestafel", "Vrouwenorganisaties in conflictgebieden onderhandelen over vrede.", "nl"},
        {"nl-2", "Nationaal actieplan 1325", "Het vierde actieplan voor vrouwen, vrede en veiligheid.", "nl"},
        {"en-1", "Women human rights defenders", "Resolutions on women, peace and security since 2000.", "en"},
    };
    for (const auto& row : rows) {
        kb::Document doc;
        doc.id = row[0];
        doc.source = std::string("/fuzz/") + row[0];
        doc.format = "json";
        doc.title = row[1];
        doc.body = row[2];
        doc.lang = row[3];
        doc.date = "2019-03-08";
        doc.tags = {"nap1325"};
        doc.type = "report";
        kb::PreparedDocument prepared = analyzer.prepare(doc);
        db.replace_document(prepared.id_term, prepared.xapian);
        // The spelling dictionary too, which a compound the index lacks is looked up in.
        for (std::size_t at = 0, end; at < prepared.spelling_words.size(); at = end + 1) {
            end = prepared.spelling_words.find('\n', at);
            if (end == std::string::npos) end = prepared.spelling_words.size();
            if (end > at) db.add_spelling(prepared.spelling_words.substr(at, end - at));
        }
    }
    db.commit();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Xapian::WritableDatabase db = make_index();
    const std::string query(reinterpret_cast<const char*>(data), size);
    try {
        kb::QueryBuilder builder(db);
        Xapian::Enquire enquire(db);
        enquire.set_query(builder.build(query));
        enquire.get_mset(0, 10);
    } catch (const kb::QueryError&) {
        // A query that cannot be parsed is reported to the user: a correct answer.
    }
    return 0;
}

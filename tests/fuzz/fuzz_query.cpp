// libFuzzer target: the query builder over a small in-memory index of Dutch and English documents,
// and the match it builds. A syntax error must be a kb::QueryError; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <xapian.h>

#include "document.h"
#include "error.h"
#include "index/analyzer.h"
#include "search/query_builder.h"

namespace {

Xapian::WritableDatabase make_index() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
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

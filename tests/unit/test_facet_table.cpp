// index/facet_table: the facet table counts what the documents' values count, and a reader uses
// it only for the database revision it was built from, never when it is damaged.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "../support/temp_dir.h"
#include "document.h"
#include "index/analyzer.h"
#include "index/facet_table.h"
#include "index/schema.h"
#include "index/writer.h"
#include "search/searcher.h"

namespace fs = std::filesystem;
using namespace kb;

namespace {

using testing::TempDir;

Document record(int n) {
    Document d;
    d.id = "d-" + std::to_string(n);
    d.title = "Vrouwen, vrede en veiligheid " + std::to_string(n);
    d.body = "Het actieplan en de vrouwenorganisaties, deel " + std::to_string(n) + ".";
    d.lang = n % 5 == 0 ? "en" : "nl";
    d.format = "jsonl";
    d.source = "/tmp/facets.jsonl#" + std::to_string(n);
    d.type = n % 3 == 0 ? "report" : "policy";
    d.date = std::to_string(2010 + n % 7) + "-03-01";
    d.tags = {"nap1325"};
    if (n % 2) d.tags.push_back("CEDAW");
    if (n % 4 == 0) d.authors = {AuthorName("Cordaid"), AuthorName::person("Vries", "Anna de")};
    return d;
}

// The facets of every document, counted from the table and from the values.
std::pair<FacetCounter::Counts, FacetCounter::Counts> both_counts(const Xapian::Database& db,
                                                                  const facets::FacetTable& table) {
    FacetCounter from_table(&table), from_values;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&from_table);
    enquire.add_matchspy(&from_values);
    enquire.get_mset(0, 0, db.get_doccount());
    CHECK(from_table.documents() == db.get_doccount());
    return {from_table.counts(), from_values.counts()};
}

// Every document's facets counted from the live database's table, which must be current, once
// it is checked that its values count the same; and the table's number of values.
struct Counted {
    FacetCounter::Counts counts;
    std::uint32_t value_count = 0;
};
Counted counted_from_table(const IndexStore& store) {
    Xapian::Database db = store.open_for_reading();
    const auto table = facets::FacetTable::open(store.live_database(), db);
    REQUIRE(table);
    const auto [from_table, from_values] = both_counts(db, *table);
    CHECK(from_table == from_values);
    return {from_table, table->value_count()};
}

void write_index(const IndexStore& store, int from, int to) {
    IndexWriter writer(store, WriterOptions{});
    DocumentAnalyzer analyzer;
    for (int n = from; n < to; ++n) {
        Document d = record(n);
        writer.upsert(analyzer.prepare(d));
    }
    writer.finish();
}

}  // namespace

TEST_CASE("facet table: counts what the values count, with gaps in the docids and old documents") {
    TempDir dir;
    IndexStore store(dir.path);
    write_index(store, 0, 40);
    {
        IndexWriter writer(store, WriterOptions{});
        CHECK(writer.remove("d-3"));
        CHECK(writer.remove("d-39"));  // the last docid: the table ends before the database's end
        writer.commit();
        // A document written before the packed value existed: its facets only in their own slots.
        Xapian::Document old = writer.database().get_document(1);
        old.remove_value(schema::kFacetsSlot);
        writer.database().add_document(old);
        writer.finish();
    }
    const FacetCounter::Counts from_table = counted_from_table(store).counts;
    // And the values are right, not just equal: 39 documents, one of them (d-0) twice.
    CHECK(from_table.at("tag").at("nap1325") == 39);
    CHECK(from_table.at("tag").at("cedaw") == 18);  // odd n below 40, less d-3 and d-39
    CHECK(from_table.at("author").at("Cordaid") == 11);  // n % 4 == 0, d-0 twice
    CHECK(from_table.at("type").at("report") == 13);  // n % 3 == 0 below 40 less d-3 and d-39, + d-0
    CHECK(from_table.at("year").at("2010") == 7);  // n % 7 == 0: 0, 7, ..., 35, + d-0
}

TEST_CASE("facet table: used only for the revision it was built from") {
    TempDir dir;
    IndexStore store(dir.path);
    write_index(store, 0, 10);
    const fs::path folder = store.live_database();
    CHECK(facets::FacetTable::open(folder, store.open_for_reading()));
    {
        // A commit without finish(): as a writer killed before it rewrote the table.
        IndexWriter writer(store, WriterOptions{});
        DocumentAnalyzer analyzer;
        Document d = record(10);
        writer.upsert(analyzer.prepare(d));
        writer.commit();
    }
    CHECK_FALSE(facets::FacetTable::open(folder, store.open_for_reading()));
    // So the searcher counts the new document from its values.
    Searcher searcher(store);
    SearchRequest request;
    request.query = "vrouwen";
    request.facets = true;
    CHECK(searcher.search(request).facets.at("tag").at("nap1325") == 11);
    write_index(store, 11, 12);
    CHECK(counted_from_table(store).counts.at("tag").at("nap1325") == 12);
    // Another database's table is not this one's, even at the same revision.
    TempDir other_dir;
    IndexStore other(other_dir.path);
    write_index(other, 0, 12);
    CHECK_FALSE(facets::FacetTable::open(folder, other.open_for_reading()));
}

TEST_CASE("facet table: a damaged or planted file is not used") {
    TempDir dir;
    IndexStore store(dir.path);
    write_index(store, 0, 20);
    const fs::path folder = store.live_database();
    const fs::path file = folder / facets::FacetTable::kFileName;
    Xapian::Database db = store.open_for_reading();
    REQUIRE(facets::FacetTable::open(folder, db));
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto put = [&](const std::string& content) {
        fs::remove(file);
        std::ofstream(file, std::ios::binary) << content;
    };
    SUBCASE("cut short") {
        put(bytes.substr(0, bytes.size() - 1));
        CHECK_FALSE(facets::FacetTable::open(folder, db));
    }
    SUBCASE("one byte more") {
        put(bytes + "x");
        CHECK_FALSE(facets::FacetTable::open(folder, db));
    }
    SUBCASE("offsets that go back or past the numbers: those documents are not counted") {
        std::string bad = bytes;
        const std::uint32_t huge = 0xFFFFFFF0u;
        std::memcpy(bad.data() + 96 + 4 * 5, &huge, 4);  // document 5's first offset, past every number
        put(bad);
        const auto table = facets::FacetTable::open(folder, db);
        REQUIRE(table);
        std::vector<std::uint32_t> counts(table->value_count(), 0);
        auto total = [&] {
            std::uint64_t sum = 0;
            for (auto c : counts) sum += c;
            return sum;
        };
        table->count(4, counts);  // ends at the bad offset
        table->count(5, counts);  // starts there
        CHECK(total() == 0);
        table->count(6, counts);
        CHECK(total() > 0);
    }
    SUBCASE("the end of the offsets is checked when the file is opened") {
        std::string bad = bytes;
        std::uint32_t doc_limit = 0;
        std::memcpy(&doc_limit, bad.data() + 80, 4);
        const std::uint32_t one = 1;
        std::memcpy(bad.data() + 96 + 4 * std::size_t{doc_limit}, &one, 4);
        put(bad);
        CHECK_FALSE(facets::FacetTable::open(folder, db));
    }
    SUBCASE("a value outside the strings is not shown") {
        std::string bad = bytes;
        std::uint32_t doc_limit = 0, value_count = 0, id_count = 0;
        std::memcpy(&doc_limit, bad.data() + 80, 4);
        std::memcpy(&value_count, bad.data() + 84, 4);
        std::memcpy(&id_count, bad.data() + 88, 4);
        REQUIRE(value_count > 1);
        const std::size_t values_at = 96 + 4 * (std::size_t{doc_limit} + 1) + 4 * std::size_t{id_count};
        const std::uint32_t far = 0x7FFFFFFFu;
        std::memcpy(bad.data() + values_at + 4, &far, 4);  // value 0's offset into the strings
        put(bad);
        const auto table = facets::FacetTable::open(folder, db);
        REQUIRE(table);
        CHECK_FALSE(table->value(0));
        CHECK(table->value(1));
        CHECK_FALSE(table->value(value_count));
    }
    SUBCASE("a number past the values is skipped, not followed") {
        std::string bad = bytes;
        std::uint32_t doc_limit = 0;
        std::memcpy(&doc_limit, bad.data() + 80, 4);
        const std::uint32_t huge = 0xFFFFFFF0u;
        std::memcpy(bad.data() + 96 + 4 * (std::size_t{doc_limit} + 1), &huge, 4);  // the first number
        put(bad);
        const auto table = facets::FacetTable::open(folder, db);
        REQUIRE(table);
        std::vector<std::uint32_t> counts(table->value_count(), 0);
        for (Xapian::docid d = 0; d < doc_limit + 5; ++d) table->count(d, counts);
        std::uint64_t total = 0;
        for (auto c : counts) total += c;
        CHECK(total > 0);
    }
    SUBCASE("a symlink to a good table") {
        fs::rename(file, folder / "elsewhere");
        fs::create_symlink(folder / "elsewhere", file);
        CHECK_FALSE(facets::FacetTable::open(folder, db));
    }
    SUBCASE("a killed writer's file aside is removed by the next, a symlink's target kept") {
        std::ofstream(folder / "kb-facets.tmp-left") << "half a table";
        std::ofstream(dir.path / "precious") << "a user's file";
        fs::create_symlink(dir.path / "precious", folder / "kb-facets.tmp-link");
        write_index(store, 20, 21);
        CHECK_FALSE(fs::exists(folder / "kb-facets.tmp-left"));
        CHECK_FALSE(fs::is_symlink(folder / "kb-facets.tmp-link"));
        CHECK(fs::exists(dir.path / "precious"));
        CHECK(facets::FacetTable::open(folder, store.open_for_reading()));
    }
    SUBCASE("rewritten by the next writer") {
        put("garbage");
        CHECK_FALSE(facets::FacetTable::open(folder, db));
        write_index(store, 20, 21);
        CHECK(facets::FacetTable::open(folder, store.open_for_reading()));
    }
}

TEST_CASE("facet table: thousands of values in one field, as a large knowledge base's authors") {
    TempDir dir;
    IndexStore store(dir.path);
    {
        IndexWriter writer(store, WriterOptions{});
        DocumentAnalyzer analyzer;
        for (int n = 0; n < 600; ++n) {
            Document d = record(n);
            // 6,000 authors, more than the writer's cache of values seen has places (4,096), many
            // of the same length.
            d.authors.clear();
            for (int k = 0; k < 10; ++k) d.authors.emplace_back("Auteur " + std::to_string(n * 10 + k) + " x");
            d.authors.emplace_back("Cordaid");
            writer.upsert(analyzer.prepare(d));
        }
        writer.finish();
    }
    const FacetCounter::Counts from_table = counted_from_table(store).counts;
    CHECK(from_table.at("author").size() == 6001);
    CHECK(from_table.at("author").at("Cordaid") == 600);
    CHECK(from_table.at("author").at("Auteur 4321 x") == 1);
}

TEST_CASE("facet table: a writer updates the table it started with, and writes it whole when it must") {
    TempDir dir;
    IndexStore store(dir.path);
    write_index(store, 0, 30);
    DocumentAnalyzer analyzer;
    {
        IndexWriter writer(store, WriterOptions{});
        Document d = record(4);
        d.tags = {"uniek"};
        writer.upsert(analyzer.prepare(d));
        writer.finish();
    }
    const std::uint32_t before = counted_from_table(store).value_count;
    {
        IndexWriter writer(store, WriterOptions{});
        Document changed = record(4);
        changed.tags = {"gewijzigd"};
        changed.type = "news";
        writer.upsert(analyzer.prepare(changed));
        Document added = record(100);
        added.tags = {"nieuw"};
        writer.upsert(analyzer.prepare(added));
        CHECK(writer.remove("d-7"));
        writer.finish();
    }
    const Counted updated = counted_from_table(store);
    CHECK(updated.counts.at("tag").at("gewijzigd") == 1);
    CHECK(updated.counts.at("tag").at("nieuw") == 1);
    CHECK(updated.counts.at("tag").count("uniek") == 0);
    CHECK(updated.counts.at("type").at("news") == 1);
    CHECK(updated.counts.at("tag").at("nap1325") == 28);  // 30, less d-4 (changed) and d-7 (d-100 has only "nieuw")
    // Updated, not rewritten: the numbers stay, "uniek" among them, and three new ones follow.
    CHECK(updated.value_count == before + 3);
    {
        // A document the writer was not told of (written through database()): a whole pass.
        IndexWriter writer(store, WriterOptions{});
        Xapian::Document copy = writer.database().get_document(1);
        writer.database().add_document(copy);
        writer.finish();
    }
    CHECK(counted_from_table(store).value_count == before + 2);  // rewritten: "uniek" is gone
}

TEST_CASE("facet counts: only the most frequent values when asked, from the table and from the values") {
    TempDir dir;
    IndexStore store(dir.path);
    write_index(store, 0, 40);
    Xapian::Database db = store.open_for_reading();
    const auto table = facets::FacetTable::open(store.live_database(), db);
    REQUIRE(table);
    FacetCounter from_table(table.get()), from_values;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&from_table);
    enquire.add_matchspy(&from_values);
    enquire.get_mset(0, 0, db.get_doccount());
    const FacetCounter::Counts all = from_values.counts();
    REQUIRE(all.at("year").size() == 7);
    for (const FacetCounter* counter : {&from_table, &from_values}) {
        for (std::size_t top : {1, 3, 7, 8}) {
            CAPTURE(top);
            std::map<std::string, std::uint64_t> left_out;
            const FacetCounter::Counts some = counter->counts(top, &left_out);
            for (const auto& entry : all) {
                const std::string& field = entry.first;  // not a structured binding: CAPTURE is a lambda
                const auto& values = entry.second;
                CAPTURE(field);
                // The expected: the field's values by count, then value, the first `top` of them.
                std::vector<std::pair<std::string, std::uint64_t>> ranked(values.begin(), values.end());
                std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
                ranked.resize(std::min(top, ranked.size()));
                const std::map<std::string, std::uint64_t> expected(ranked.begin(), ranked.end());
                CHECK(some.at(field) == expected);
                const std::uint64_t cut = values.size() > top ? values.size() - top : 0;
                CHECK((left_out.count(field) ? left_out.at(field) : 0) == cut);
            }
        }
        CHECK(counter->counts(0) == all);  // 0: every value
    }
}

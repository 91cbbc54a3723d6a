// lib/document_reader: the one-pass reader of stored records must read every record exactly as
// nlohmann's parser and document_from_json() do, and leave to them whatever it does not know.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "document.h"
#include "text/exact_json.h"

using kb::Document;

namespace {

std::string random_string(std::mt19937& rng, std::size_t max_pieces) {
    static const std::vector<std::string> kPieces = {
        "vrouwen", " ", "Vrede", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", std::string("\x01", 1),
        std::string("\0", 1), "\x1f", "é", "ë", "€", "😀", "日本", "\u2028", "{", "}", "[", "]", ":", ",", "u0041", "\\u"};
    std::uniform_int_distribution<std::size_t> count(0, max_pieces);
    std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
    std::string s;
    for (std::size_t n = count(rng); n > 0; --n) s += kPieces[pick(rng)];
    return s;
}

Document random_document(std::mt19937& rng) {
    Document d;
    d.id = random_string(rng, 4);
    if (rng() % 8 == 0) d.id += "\xff\xfe";  // not UTF-8: stored exactly as id_hex
    d.source = random_string(rng, 3);
    if (rng() % 8 == 0) d.source += "\xc3";
    d.format = "json";
    d.title = random_string(rng, 8);
    d.summary = random_string(rng, 8);
    d.body = random_string(rng, 60);
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
        switch (rng() % 4) {
            case 0: d.authors.emplace_back(random_string(rng, 3)); break;
            case 1: d.authors.push_back(kb::AuthorName::person(random_string(rng, 2), random_string(rng, 2))); break;
            case 2: d.authors.push_back(kb::AuthorName::person(random_string(rng, 2), "")); break;
            default: d.authors.emplace_back(""); break;
        }
    }
    d.date = rng() % 2 ? "2019-03-08" : "";
    d.lang = rng() % 2 ? "nl" : "en";
    d.type = random_string(rng, 2);
    d.url = random_string(rng, 3);
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) d.tags.push_back(random_string(rng, 2));
    for (auto& [key, value] : kb::publication_fields(d))
        if (rng() % 3 == 0) *value = random_string(rng, 3);
    if (rng() % 3 == 0) d.extra = {{random_string(rng, 2), random_string(rng, 3)}, {"n", rng() % 1000}};
    if (rng() % 5 == 0) d.extra["list"] = {random_string(rng, 2), 1.5, false, nullptr, nlohmann::json::object()};
    return d;
}

// As the index stores a record.
std::string stored(const Document& d) { return kb::text::dump_lenient(kb::to_json(d)); }

}  // namespace

TEST_CASE("stored records read in one pass as the JSON parser reads them") {
    std::mt19937 rng(1820);
    for (int i = 0; i < 3000; ++i) {
        const std::string record = stored(random_document(rng));
        CAPTURE(record);
        const auto fast = kb::read_record(record);
        REQUIRE(fast.has_value());
        CHECK(*fast == kb::document_from_json(nlohmann::json::parse(record)));
    }
}

TEST_CASE("the record reader leaves what it does not know to the JSON parser") {
    Document d = kb::document_from_json(nlohmann::json{{"id", "a"}});
    d.extra = {{"pages_total", 12}, {"department", "BZ"}, {"nested", {{"a", {1, 2.5, nullptr, true, "x"}}}}};
    const std::string with_extra = stored(d);
    REQUIRE(kb::read_record(with_extra).has_value());  // extra fields, read by nlohmann
    CHECK(*kb::read_record(with_extra) == d);
    CHECK(kb::read_record(R"({"id":"a","extra":[1]})")->extra == nlohmann::json::object());
    CHECK_FALSE(kb::read_record(R"({"id":"a","extra":{"x":tru}})").has_value());
    CHECK_FALSE(kb::read_record(R"({"id":"a","title":3})").has_value());
    CHECK_FALSE(kb::read_record(R"({"id":"a","unknown":"x"})").has_value());
    CHECK_FALSE(kb::read_record(R"({"id":"a"} x)").has_value());
    CHECK_FALSE(kb::read_record(R"({"id":"\ud800"})").has_value());
    CHECK_FALSE(kb::read_record("{\"id\":\"a\xff\"}").has_value());
    CHECK(kb::read_record(R"( { "id" : "a\u00e9\ud83d\ude00" , "tags" : [ ] } )")->id == "a\u00e9\U0001F600");

    // Damaged records: whatever the parser refuses, the reader refuses too; what both read, they
    // read alike.
    std::mt19937 rng(2242);
    int refused = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string record = stored(random_document(rng));
        std::uniform_int_distribution<std::size_t> at(0, record.size() - 1);
        switch (i % 3) {
            case 0: record.resize(at(rng)); break;
            case 1: record[at(rng)] = static_cast<char>(rng() % 256); break;
            default: record.erase(at(rng), 1); break;
        }
        CAPTURE(record);
        const auto fast = kb::read_record(record);
        std::optional<Document> full;
        try {
            full = kb::document_from_json(nlohmann::json::parse(record));
        } catch (const nlohmann::json::exception&) {
            ++refused;
        }
        if (!full) CHECK_FALSE(fast.has_value());
        if (full && fast) CHECK(*fast == *full);
    }
    CHECK(refused > 1000);
}

TEST_CASE("the record reader finds what ends a run of plain bytes at every position of a word") {
    // It scans eight bytes at a time: each byte that ends a run, or makes the string non-ASCII,
    // is put at every offset of the first 24 bytes of a body, and the reader must agree with the
    // parser on each.
    const std::vector<std::string> kEnders = {std::string("\x01", 1), "\x1f", "\x7f", " ", "\\\"", "\\\\", "\\n",
                                              "\xc3\xa9", "\xff", "\"", std::string("\0", 1)};
    for (const std::string& ender : kEnders) {
        for (std::size_t at = 0; at < 24; ++at) {
            std::string body(40, 'a');
            body.insert(at, ender);
            const std::string record = "{\"id\":\"x\",\"body\":\"" + body + "\"}";
            CAPTURE(record);
            std::optional<Document> full;
            try {
                full = kb::document_from_json(nlohmann::json::parse(record));
            } catch (const nlohmann::json::exception&) {
            }
            const auto fast = kb::read_record(record);
            CHECK(fast.has_value() == full.has_value());
            if (full && fast) CHECK(*fast == *full);
        }
    }
}

// lib/search/thesaurus: matching forms, query expansion (words, runs of words, phrases, what is
// left as typed), the user's groups (merge, remove) and the file's errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "error.h"
#include "search/thesaurus.h"

namespace fs = std::filesystem;
using namespace kb;

namespace {

Thesaurus small() {
    return Thesaurus({{{"VN", "Verenigde Naties", "UN", "United Nations"}, true},
                      {{"VNVR", "VN-Veiligheidsraad"}, true},
                      {{"coördinatie", "afstemming"}, false}});
}

}  // namespace

TEST_CASE("synonym keys: lowercase, folded, hyphens and spaces as one space") {
    CHECK(synonym_key("VN-Veiligheidsraad") == "vn veiligheidsraad");
    CHECK(synonym_key("  Verenigde   Naties ") == "verenigde naties");
    CHECK(synonym_key("Coördinatie") == "coordinatie");
    CHECK(synonym_key("\"(*)\"") == "");
}

TEST_CASE("a word expands to its group, multi-word terms as phrases") {
    const Thesaurus t = small();
    CHECK(t.expand("UN vrouwen") == "(vn OR \"verenigde naties\" OR un OR \"united nations\") vrouwen");
    CHECK(t.expand("vnvr") == "(vnvr OR \"vn veiligheidsraad\")");
    CHECK(t.expand("VN-Veiligheidsraad") == "(vnvr OR \"vn veiligheidsraad\")");
    CHECK(t.expand("coordinatie") == "(coordinatie OR afstemming)");  // accents optional
    CHECK(t.expand("vrede") == "vrede");
}

TEST_CASE("a run of words that is a term also keeps the words apart") {
    const Thesaurus t = small();
    CHECK(t.expand("verenigde naties") ==
          "(vn OR \"verenigde naties\" OR un OR \"united nations\" OR (verenigde naties))");
    CHECK(t.expand("\"United Nations\"") == "(vn OR \"verenigde naties\" OR un OR \"united nations\")");
    // A quoted phrase that is more than a term stays as typed.
    CHECK(t.expand("\"de verenigde naties\"") == "\"de verenigde naties\"");
}

TEST_CASE("brackets and punctuation around a term stay where they were") {
    const Thesaurus t = small();
    CHECK(t.expand("(un OR vrede)") == "((vn OR \"verenigde naties\" OR un OR \"united nations\") OR vrede)");
}

TEST_CASE("words with + or -, fields, wildcards and operators are left as typed") {
    const Thesaurus t = small();
    CHECK(t.expand("vrede -un") == "vrede -un");
    CHECK(t.expand("+un") == "+un");
    CHECK(t.expand("title:un") == "title:un");
    CHECK(t.expand("un*") == "un*");
    CHECK(t.expand("vrede OR oorlog") == "vrede OR oorlog");
}

TEST_CASE("the shipped thesaurus holds the domain's groups") {
    const Thesaurus t(Thesaurus::shipped_groups());
    for (const char* term : {"VN", "United Nations", "NAP", "Nationaal Actieplan", "WPS", "Vrouwen Vrede en Veiligheid",
                             "VNVR", "Security Council", "SGBV", "seksueel en gendergerelateerd geweld", "CEDAW",
                             "VN-Vrouwenverdrag"})
        CHECK_MESSAGE(t.knows(term), term);
}

TEST_CASE("the shipped thesaurus joins the Dutch and English names of countries") {
    const Thesaurus t(Thesaurus::shipped_groups());
    CHECK(t.expand("syrie") == "(syrie OR syria)");  // typed without its trema
    CHECK(t.expand("Yemen") == "(jemen OR yemen)");
    CHECK(t.expand("zuid-soedan") == "(\"zuid soedan\" OR \"south sudan\")");
    CHECK(t.expand("us") == "us");
}

TEST_CASE("user groups: add merges with a group that shares a term; remove drops a group left alone") {
    std::vector<SynonymGroup> groups{{{"GBV", "gender-based violence"}, false}, {{"a", "b"}, false}};
    const SynonymGroup merged = add_synonym_group(groups, {"gendergerelateerd geweld", "gbv"});
    CHECK(merged.terms == std::vector<std::string>{"GBV", "gender-based violence", "gendergerelateerd geweld"});
    CHECK(groups.size() == 2);
    CHECK(remove_synonym(groups, "a"));
    CHECK(groups.size() == 1);  // {b} alone is no group
    CHECK_FALSE(remove_synonym(groups, "nothing"));
}

TEST_CASE("the user's file: written, read back, and errors name the file and line") {
    const fs::path dir = fs::temp_directory_path() / ("kb-unit-thesaurus-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = synonyms_file(dir);
    write_synonym_file(file, {{{"GBV", "gender-based violence"}, false}});
    const auto groups = read_synonym_file(file);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].terms == std::vector<std::string>{"GBV", "gender-based violence"});
    const Thesaurus loaded = Thesaurus::load(file);
    CHECK(loaded.knows("gbv"));
    CHECK(loaded.knows("UN"));  // the shipped groups come too
    std::ofstream(file) << "# comment\n\nUN, VN\nalleen\n";
    try {
        read_synonym_file(file);
        FAIL("a one-term line must be refused");
    } catch (const IndexError& e) {
        CHECK(std::string(e.what()).find("synonyms.txt line 4") != std::string::npos);
    }
    fs::remove_all(dir);
    CHECK(Thesaurus::load(file).groups().size() == Thesaurus::shipped_groups().size());  // no file: none of yours
}

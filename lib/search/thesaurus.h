// Words and phrases that mean the same to a researcher of this domain (VN, Verenigde Naties, UN,
// United Nations): a Dutch-English thesaurus shipped with kb plus the knowledge base's own file,
// through which queries are expanded.
//
// The expansion rewrites the query text, before it is parsed: "un vrouwen" becomes
// "(un OR vn OR \"verenigde naties\" OR \"united nations\") vrouwen". Xapian's synonym table was
// the other way; it was not taken because (1) its keys are single terms, stemmed by one stemmer,
// while kb parses every query once per language with a different stemmer and stores stems only,
// so one entry would be needed per language and stem; (2) a multi-word entry is only matched as
// a key (FLAG_AUTO_MULTIWORD_SYNONYMS) and its expansions would have to be spelled as stemmed
// terms, not as phrases the parser stems itself; (3) the table lives inside the database, so a
// user's entry would have to be written by a writer and carried through every rebuild, while a
// text file beside the database is read by every search and survives any rebuild untouched.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kb {

// Terms that a query for any one of them should also find. Each term is a word, a phrase
// ("Verenigde Naties") or a hyphenated word ("VN-Veiligheidsraad"), as a person writes it.
struct SynonymGroup {
    std::vector<std::string> terms;
    bool shipped = false;  // part of kb, not of the user's file
};

// The matching form of a term: lowercase, without diacritics, hyphens and runs of spaces as one
// space ("VN-Veiligheidsraad" -> "vn veiligheidsraad"). Empty for a term with nothing to match.
std::string synonym_key(const std::string& term);

class Thesaurus {
public:
    explicit Thesaurus(std::vector<SynonymGroup> groups = {});
    // The groups kb ships (Dutch and English, for the women, peace and security domain).
    static std::vector<SynonymGroup> shipped_groups();
    // The shipped groups followed by those of `user_file` (none when it does not exist).
    // Throws IndexError naming the file and line of an entry it cannot read.
    static Thesaurus load(const std::filesystem::path& user_file);

    const std::vector<SynonymGroup>& groups() const { return groups_; }
    // Whether a word or phrase is a term of some group.
    bool knows(const std::string& term) const;
    // The query with every known word, run of words or quoted phrase replaced by an OR of the
    // terms of its groups (multi-word terms as phrases). Words inside other phrases, after a
    // field name, with + or - or a wildcard, and operators are left as typed.
    std::string expand(const std::string& query) const;

private:
    std::vector<SynonymGroup> groups_;
    std::map<std::string, std::vector<std::size_t>> groups_of_;  // synonym_key -> groups
    std::size_t longest_ = 1;                                    // words in the longest key
};

// The knowledge base's own synonyms: synonyms.txt in the index folder, beside the databases, so
// that a rebuild (which only ever replaces the db-* folders) keeps it as it is.
std::filesystem::path synonyms_file(const std::filesystem::path& index_root);

// The user's thesaurus file: UTF-8 text, one group per line, its terms separated by commas;
// blank lines and lines starting with '#' are ignored. Throws IndexError (file and line) for a
// line with fewer than two terms, and for a file that cannot be read.
std::vector<SynonymGroup> read_synonym_file(const std::filesystem::path& path);
// Adds a group to the user's groups: merged into every group that already shares a term with it
// (so each term stays in one group), else appended. Returns the merged group.
const SynonymGroup& add_synonym_group(std::vector<SynonymGroup>& groups, const std::vector<std::string>& terms);
// Takes `term` out of the user's groups (a group left with one term goes too); false when no
// group had it.
bool remove_synonym(std::vector<SynonymGroup>& groups, const std::string& term);
// Writes the groups (with a header that explains the format) in place of `path`, atomically.
// Throws FileError.
void write_synonym_file(const std::filesystem::path& path, const std::vector<SynonymGroup>& groups);

}  // namespace kb

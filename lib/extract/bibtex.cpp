// BibTeX and biblatex (.bib), as JabRef, Zotero and kb's own export write it: one document per
// entry, read into the fields kb's BibTeX export writes, so an export read back gives the same
// metadata. Text outside entries is a comment, as BibTeX has it; @string macros are expanded,
// @comment and @preamble skipped. LaTeX in values is turned into the text it prints (accents,
// escaped specials, case-protecting braces).
#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <optional>

#include "error.h"
#include "export/reference_types.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "text/utf8.h"

namespace kb {

namespace {

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.' || c == '+' ||
           c == '/' || c == '\'' || static_cast<unsigned char>(c) >= 0x80;
}

// The Unicode letter that a LaTeX accent command over `base` prints ("\"o" -> ö); empty if none.
std::string accented(char accent, std::string_view base) {
    static const std::map<std::string, std::string> kAccents = {
        {"\"a", "ä"}, {"\"e", "ë"}, {"\"i", "ï"}, {"\"o", "ö"}, {"\"u", "ü"}, {"\"y", "ÿ"}, {"\"A", "Ä"},
        {"\"E", "Ë"}, {"\"I", "Ï"}, {"\"O", "Ö"}, {"\"U", "Ü"}, {"'a", "á"},  {"'e", "é"},  {"'i", "í"},
        {"'o", "ó"},  {"'u", "ú"},  {"'y", "ý"},  {"'c", "ć"},  {"'n", "ń"},  {"'s", "ś"},  {"'z", "ź"},
        {"'A", "Á"},  {"'E", "É"},  {"'I", "Í"},  {"'O", "Ó"},  {"'U", "Ú"},  {"`a", "à"},  {"`e", "è"},
        {"`i", "ì"},  {"`o", "ò"},  {"`u", "ù"},  {"`A", "À"},  {"`E", "È"},  {"^a", "â"},  {"^e", "ê"},
        {"^i", "î"},  {"^o", "ô"},  {"^u", "û"},  {"^E", "Ê"},  {"~n", "ñ"},  {"~a", "ã"},  {"~o", "õ"},
        {"~N", "Ñ"},  {"cc", "ç"},  {"cC", "Ç"},  {"cs", "ş"},  {"vs", "š"},  {"vc", "č"},  {"vz", "ž"},
        {"vr", "ř"},  {"ve", "ě"},  {"vS", "Š"},  {"vC", "Č"},  {"vZ", "Ž"},  {"Ho", "ő"},  {"Hu", "ű"},
        {"=a", "ā"},  {"=e", "ē"},  {"=o", "ō"},  {"ka", "ą"},  {"ke", "ę"},  {".z", "ż"},  {"ra", "å"},
        {"\"\\i", "ï"}, {"'\\i", "í"}, {"`\\i", "ì"}, {"^\\i", "î"},
    };
    auto it = kAccents.find(std::string(1, accent) + std::string(base));
    return it == kAccents.end() ? std::string() : it->second;
}

// Letters written as commands without an argument: \ss, \o, \ae ...
std::string letter_command(std::string_view name) {
    static const std::map<std::string_view, std::string_view> kLetters = {
        {"ss", "ß"}, {"o", "ø"}, {"O", "Ø"}, {"ae", "æ"}, {"AE", "Æ"}, {"oe", "œ"}, {"OE", "Œ"}, {"aa", "å"},
        {"AA", "Å"}, {"l", "ł"}, {"L", "Ł"}, {"i", "ı"}, {"textbackslash", "\\"}, {"textasciitilde", "~"},
        {"textasciicircum", "^"}, {"textendash", "–"}, {"textemdash", "—"}, {"euro", "€"}, {"textregistered", "®"},
        {"dots", "…"}, {"ldots", "…"}, {"textquoteright", "’"}, {"textquoteleft", "‘"},
    };
    auto it = kLetters.find(name);
    return it == kLetters.end() ? std::string() : std::string(it->second);
}

// The text a LaTeX value prints: accents and escapes resolved, braces dropped, "~" a space.
std::string latex_to_text(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        const char c = v[i];
        if (c == '{' || c == '}') {
            ++i;
            continue;
        }
        if (c == '~') {
            out += ' ';
            ++i;
            continue;
        }
        if (c != '\\' || i + 1 >= v.size()) {
            out += c;
            ++i;
            continue;
        }
        const char next = v[i + 1];
        if (std::string_view("&%$#_{} ").find(next) != std::string_view::npos) {
            out += next;
            i += 2;
            continue;
        }
        if (std::string_view("\"'`^~=.").find(next) != std::string_view::npos ||
            ((next == 'c' || next == 'v' || next == 'H' || next == 'k' || next == 'r') && i + 2 < v.size() &&
             (v[i + 2] == '{' || v[i + 2] == ' '))) {
            // \"o, \"{o}, {\"o}, \c{c}, \v s, \'{\i}
            std::size_t j = i + 2;
            while (j < v.size() && v[j] == ' ') ++j;
            std::string base;
            if (j < v.size() && v[j] == '{') {
                const std::size_t close = v.find('}', j);
                if (close != std::string_view::npos) {
                    base = std::string(v.substr(j + 1, close - j - 1));
                    j = close + 1;
                }
            } else if (j + 1 < v.size() && v[j] == '\\' && v[j + 1] == 'i') {
                base = "\\i";
                j += 2;
            } else if (j < v.size()) {
                base = std::string(1, v[j]);
                ++j;
            }
            if (const std::string letter = accented(next, base); !letter.empty()) {
                out += letter;
                i = j;
                continue;
            }
            out += base;  // an accent kb does not know: the bare letter, still searchable
            i = j;
            continue;
        }
        // \command or \command{}: a known letter or symbol, else dropped (its argument stays).
        std::size_t j = i + 1;
        while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j]))) ++j;
        const std::string_view name = v.substr(i + 1, j - i - 1);
        if (j + 1 < v.size() && v[j] == '{' && v[j + 1] == '}') j += 2;
        else if (j < v.size() && v[j] == ' ' && !name.empty()) ++j;  // "\ss " ends the command
        out += letter_command(name);
        i = j == i + 1 ? i + 2 : j;
    }
    return out;
}

// Splits `v` outside braces where `separator(i)` gives the length of a separator at i (0: none).
template <typename Separator>
std::vector<std::string> split_outside_braces(std::string_view v, Separator separator) {
    std::vector<std::string> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '{') ++depth;
        else if (v[i] == '}') --depth;
        else if (const std::size_t length = depth == 0 ? separator(i) : 0; length > 0) {
            parts.emplace_back(v.substr(start, i - start));
            start = i + length;
            i += length - 1;
        }
    }
    parts.emplace_back(v.substr(start));
    return parts;
}

// Names are joined by " and ".
std::vector<std::string> split_names(std::string_view v) {
    auto space = [&](std::size_t i) { return std::isspace(static_cast<unsigned char>(v[i])) != 0; };
    return split_outside_braces(v, [&](std::size_t i) -> std::size_t {
        return space(i) && i + 4 < v.size() && fields::ascii_lower(v.substr(i + 1, 3)) == "and" && space(i + 4) ? 5 : 0;
    });
}

// The parts of a name, or keywords, at commas.
std::vector<std::string> split_commas(std::string_view v) {
    return split_outside_braces(v, [&](std::size_t i) -> std::size_t { return v[i] == ',' ? 1 : 0; });
}

// "{Ministerie van Buitenlandse Zaken}" is an organisation; "Family, Given", "Family, Jr, Given"
// and "Given Family" are people.
AuthorName author_of(std::string_view raw) {
    std::string name = text::collapse_whitespace(raw);
    if (name.empty() || name == "others") return {};
    if (name.size() > 2 && name.front() == '{' && name.back() == '}') {
        int depth = 0;
        bool whole = true;  // the first brace closes at the end: "{A} and {B}" is not one group
        for (std::size_t i = 0; i < name.size(); ++i) {
            depth += name[i] == '{' ? 1 : name[i] == '}' ? -1 : 0;
            if (depth == 0 && i + 1 < name.size()) whole = false;
        }
        if (whole) return AuthorName(text::collapse_whitespace(latex_to_text(name)));
    }
    const std::vector<std::string> parts = split_commas(name);
    if (parts.size() >= 2) {
        const std::string family = text::collapse_whitespace(latex_to_text(parts[0]));
        const std::string given = text::collapse_whitespace(latex_to_text(parts.back()));
        return AuthorName::person(family, given);
    }
    // "Given Family": the last word (a braced group counts as one) is the family name.
    int depth = 0;
    std::size_t last_space = std::string::npos;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '{') ++depth;
        else if (name[i] == '}') --depth;
        else if (name[i] == ' ' && depth == 0) last_space = i;
    }
    if (last_space == std::string::npos) return AuthorName::person(text::collapse_whitespace(latex_to_text(name)), "");
    return AuthorName::person(text::collapse_whitespace(latex_to_text(name.substr(last_space + 1))),
                              text::collapse_whitespace(latex_to_text(name.substr(0, last_space))));
}

int month_number(std::string_view m) {
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::string lower = fields::ascii_lower(text::collapse_whitespace(m));
    if (!lower.empty() && std::all_of(lower.begin(), lower.end(), ::isdigit) && lower.size() <= 2) {
        const int n = std::stoi(lower);
        return n >= 1 && n <= 12 ? n : 0;
    }
    for (int i = 0; i < 12; ++i)
        if (lower.size() >= 3 && lower.compare(0, 3, kMonths[i]) == 0) return i + 1;
    return 0;
}

// A URL or DOI is verbatim (no LaTeX); kb's export writes its braces as %7B and %7D.
std::string verbatim(std::string_view raw) {
    std::string v = text::collapse_whitespace(raw);
    for (auto [from, to] : {std::pair{"%7B", "{"}, std::pair{"%7D", "}"}})
        for (std::size_t at; (at = v.find(from)) != std::string::npos;) v.replace(at, 3, to);
    return v;
}

struct Entry {
    std::string type, key;
    std::vector<std::pair<std::string, std::string>> fields;  // lowercased name, raw value
    std::uint64_t line = 0;
};

class Parser {
public:
    Parser(std::string_view text, const std::string& source) : s_(text), source_(source) {}

    std::vector<Entry> entries() {
        std::vector<Entry> out;
        while (true) {
            const std::size_t at = s_.find('@', pos_);
            if (at == std::string_view::npos) break;
            pos_ = at + 1;
            const std::uint64_t line = line_at(at);
            const std::string type = fields::ascii_lower(identifier());
            skip_space();
            if (type.empty() || pos_ >= s_.size() || (s_[pos_] != '{' && s_[pos_] != '(')) {
                continue;  // an @ in a comment, an e-mail address between entries
            }
            const char close = s_[pos_] == '{' ? '}' : ')';
            ++pos_;
            if (type == "comment" || type == "preamble") {
                skip_group(close, line);
                continue;
            }
            if (type == "string") {
                skip_space();
                const std::string name = fields::ascii_lower(identifier());
                skip_space();
                expect('=', line, "after the @string name");
                macros_[name] = value(line);
                skip_space();
                expect(close, line, "to end the @string");
                continue;
            }
            Entry e;
            e.type = type;
            e.line = line;
            skip_space();
            const std::size_t key_start = pos_;
            while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != close && s_[pos_] != '\n') ++pos_;
            e.key = text::collapse_whitespace(s_.substr(key_start, pos_ - key_start));
            while (true) {
                skip_space();
                if (pos_ < s_.size() && s_[pos_] == ',') {
                    ++pos_;
                    skip_space();
                }
                if (pos_ >= s_.size())
                    throw InputError(source_, fmt::format("the entry @{}{{{} that starts here is not closed", type, e.key),
                                     line);
                if (s_[pos_] == close) {
                    ++pos_;
                    break;
                }
                const std::string name = fields::ascii_lower(identifier());
                if (name.empty())
                    throw InputError(source_, fmt::format("a field name was expected in @{}{{{}", type, e.key),
                                     line_at(pos_));
                skip_space();
                expect('=', line_at(pos_), fmt::format("after the field name '{}'", name));
                e.fields.emplace_back(name, value(line));
            }
            out.push_back(std::move(e));
        }
        return out;
    }

private:
    std::uint64_t line_at(std::size_t at) {
        for (; counted_ < at && counted_ < s_.size(); ++counted_)
            if (s_[counted_] == '\n') ++line_;
        return line_;
    }
    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    std::string identifier() {
        const std::size_t start = pos_;
        while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
        return std::string(s_.substr(start, pos_ - start));
    }
    void expect(char c, std::uint64_t line, const std::string& where) {
        if (pos_ >= s_.size() || s_[pos_] != c)
            throw InputError(source_, fmt::format("'{}' expected {}", c, where), line_at(std::min(pos_, s_.size())));
        ++pos_;
        (void)line;
    }
    // Skips to the brace or parenthesis that closes a group opened before pos_.
    void skip_group(char close, std::uint64_t line) {
        int depth = 0;
        for (; pos_ < s_.size(); ++pos_) {
            if (s_[pos_] == '{') ++depth;
            else if (s_[pos_] == '}' && depth > 0) --depth;
            else if (s_[pos_] == close && depth == 0) {
                ++pos_;
                return;
            }
        }
        throw InputError(source_, "an @comment or @preamble that is not closed", line);
    }
    // {...}, "...", a number or a macro, joined by #.
    std::string value(std::uint64_t entry_line) {
        std::string out;
        while (true) {
            skip_space();
            if (pos_ >= s_.size()) throw InputError(source_, "a field value was expected", line_at(s_.size()));
            const char c = s_[pos_];
            if (c == '{' || c == '"') {
                const std::size_t start = ++pos_;
                int depth = 0;
                for (; pos_ < s_.size(); ++pos_) {
                    if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
                        ++pos_;
                        continue;
                    }
                    if (s_[pos_] == '{') ++depth;
                    else if (s_[pos_] == '}') {
                        if (depth == 0 && c == '{') break;
                        --depth;
                        if (depth < 0)
                            throw InputError(source_, "a '}' that closes nothing in a quoted value", line_at(pos_));
                    } else if (s_[pos_] == '"' && c == '"' && depth == 0) {
                        break;
                    }
                }
                if (pos_ >= s_.size())
                    throw InputError(source_, "a value whose braces or quotes are not closed (it starts here)",
                                     line_at(start));
                out += s_.substr(start, pos_ - start);
                ++pos_;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                const std::size_t start = pos_;
                while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
                out += s_.substr(start, pos_ - start);
            } else {
                const std::string name = fields::ascii_lower(identifier());
                if (name.empty())
                    throw InputError(source_, fmt::format("a value was expected, not '{}'", c), line_at(pos_));
                if (auto it = macros_.find(name); it != macros_.end()) out += it->second;
                else if (const int m = month_number(name); m > 0 && name.size() == 3) out += std::to_string(m);
                else out += name;  // an undefined macro: BibTeX warns and uses nothing; its name at least
            }
            // @string{b = a # a} doubles a value; thirty such lines would fill any memory.
            if (out.size() > limit_)
                throw InputError(source_, fmt::format("@string macros expand to more than {} bytes", limit_),
                                 line_at(std::min(pos_, s_.size())));
            skip_space();
            if (pos_ < s_.size() && s_[pos_] == '#') {
                ++pos_;
                continue;
            }
            (void)entry_line;
            return out;
        }
    }

    std::string_view s_;
    const std::string& source_;
    std::size_t pos_ = 0, counted_ = 0;
    std::uint64_t line_ = 1;
    std::map<std::string, std::string> macros_;
    // No value is longer than the file itself, however its macros are used.
    const std::size_t limit_ = s_.size() + 1024;
};

Document document_of(const Entry& e, const std::string& source) {
    Document d;
    d.format = "bibtex";
    d.id = e.key;
    std::string year, month, date, kind, editors;
    auto text_of = [](const std::string& raw) { return text::collapse_whitespace(latex_to_text(raw)); };
    for (const auto& [name, raw] : e.fields) {
        if (name == "title") d.title = text_of(raw);
        else if (name == "author") {
            for (const auto& n : split_names(raw))
                if (AuthorName a = author_of(n); !a.empty()) d.authors.push_back(std::move(a));
        } else if (name == "year") year = text::collapse_whitespace(raw);
        else if (name == "month") month = raw;
        else if (name == "date") date = text::collapse_whitespace(raw);
        else if (name == "abstract") d.summary = text_of(raw);
        else if (name == "keywords") {
            // Split at , and ; outside braces: kb's export braces a tag that holds one.
            std::string list = raw;
            int depth = 0;
            for (char& c : list) {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (c == ';' && depth == 0) c = ',';
            }
            for (const auto& k : split_commas(list))
                if (std::string tag = text::collapse_whitespace(latex_to_text(k)); !tag.empty())
                    fields::add_unique(d.tags, tag);
        } else if (name == "url") d.url = verbatim(raw);
        else if (name == "doi") d.doi = verbatim(raw);
        else if (name == "journal" || name == "journaltitle") d.container_title = text_of(raw);
        else if ((name == "booktitle" || name == "series") && d.container_title.empty()) d.container_title = text_of(raw);
        else if (name == "volume") d.volume = text_of(raw);
        else if (name == "pages") {
            std::string pages = text_of(raw);
            for (std::size_t at; (at = pages.find("--")) != std::string::npos;) pages.replace(at, 2, "-");
            for (std::size_t at; (at = pages.find("–")) != std::string::npos;) pages.replace(at, std::string("–").size(), "-");
            d.pages = pages;
        } else if (name == "publisher" || name == "institution" || name == "organization" || name == "school") {
            if (d.publisher.empty()) d.publisher = text_of(raw);
        } else if (name == "language" || name == "langid") d.lang = text_of(raw);
        else if (name == "type") kind = text_of(raw);
        else d.extra["bibtex:" + name] = text_of(raw);
    }
    // kb's export writes kb's own type in "type" when the entry type does not name it back.
    d.type = !kind.empty() ? fields::ascii_lower(kind) : reference_types::kb_type_from_bibtex(e.type);
    if (d.type.empty()) {
        // Entry types of biblatex and older BibTeX styles that kb's export does not write.
        static const std::map<std::string, std::string> kAliases = {
            {"report", "report"}, {"mastersthesis", "thesis"}, {"thesis", "thesis"}, {"inbook", "chapter"},
            {"conference", "paper"}, {"www", "webpage"}, {"electronic", "webpage"}, {"dataset", "dataset"}};
        if (auto it = kAliases.find(e.type); it != kAliases.end()) d.type = it->second;
    }
    if (!date.empty() && date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, ::isdigit)) {
        d.date = date.substr(0, std::min<std::size_t>(date.size(), 10));
    } else if (year.size() == 4 && std::all_of(year.begin(), year.end(), ::isdigit)) {
        d.date = year;
        if (const int m = month_number(month); m > 0) d.date += fmt::format("-{:02d}", m);
    }
    if (d.doi.starts_with("https://doi.org/")) d.doi = d.doi.substr(16);
    if (d.title.empty() && d.summary.empty())
        throw InputError(source, fmt::format("the entry @{}{{{} has neither a title nor an abstract", e.type, e.key),
                         e.line);
    if (d.id.empty()) throw InputError(source, fmt::format("an @{} entry without a citation key", e.type), e.line);
    return d;
}

}  // namespace

bool looks_like_bibtex(std::string_view s) {
    // Comment lines first (JabRef writes "% Encoding: UTF-8"), then "@type{" or "@type(".
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i < s.size() && s[i] == '%') {
            const std::size_t nl = s.find('\n', i);
            if (nl == std::string_view::npos) return false;
            i = nl + 1;
            continue;
        }
        break;
    }
    if (i >= s.size() || s[i] != '@') return false;
    std::size_t j = i + 1;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
    return j > i + 1 && j < s.size() && (s[j] == '{' || s[j] == '(');
}

std::vector<Document> extract_bibtex(std::string_view bytes, const std::string& source) {
    const std::string_view body = text::strip_bom(bytes);
    if (auto bad = text::first_invalid_utf8(body)) {
        const auto lc = fields::line_column(body, *bad);
        throw InputError(source, "invalid UTF-8 (BibTeX files are read as UTF-8)", lc.line, lc.column,
                         static_cast<std::int64_t>(*bad));
    }
    Parser parser(body, source);
    std::vector<Document> docs;
    for (const Entry& e : parser.entries()) docs.push_back(document_of(e, source));
    if (docs.empty()) throw InputError(source, "no BibTeX entries (@article{...}, @report{...}, ...)");
    return docs;
}

}  // namespace kb

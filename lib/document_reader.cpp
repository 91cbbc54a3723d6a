// A one-pass reader for the records to_json() writes. A search page decodes ten stored records,
// and nlohmann's parser spent about 45 instructions a byte on them (it copies each character of
// a long body twice, one at a time); this reads a string by scanning for its closing quote.
#include <cstdint>
#include <cstring>
#include <optional>

#include "document.h"
#include "text/utf8.h"

namespace kb {

namespace {

class RecordReader {
public:
    explicit RecordReader(std::string_view text) : text_(text) {}

    std::optional<Document> read() {
        Document doc;
        std::string id_hex, source_hex;
        bool has_id_hex = false, has_source_hex = false;
        if (!consume('{')) return std::nullopt;
        if (!consume('}')) {
            do {
                std::string key;
                if (!string(key) || !consume(':')) return std::nullopt;
                if (key == "authors") {
                    if (!authors(doc.authors)) return std::nullopt;
                } else if (key == "tags") {
                    if (!strings(doc.tags)) return std::nullopt;
                } else if (key == "extra") {
                    // Fields outside the Document's own, few and short: nlohmann reads them.
                    skip_space();
                    const std::size_t begin = at_;
                    if (!skip_value(0)) return std::nullopt;
                    try {
                        nlohmann::json extra = nlohmann::json::parse(text_.substr(begin, at_ - begin));
                        doc.extra = extra.is_object() ? std::move(extra) : nlohmann::json::object();
                    } catch (const nlohmann::json::exception&) {
                        return std::nullopt;
                    }
                } else if (key == "id_hex") {
                    if (!string(id_hex)) return std::nullopt;
                    has_id_hex = true;
                } else if (key == "source_hex") {
                    if (!string(source_hex)) return std::nullopt;
                    has_source_hex = true;
                } else if (std::string* field = string_field(doc, key)) {
                    if (!string(*field)) return std::nullopt;
                } else {
                    return std::nullopt;  // a key this reader does not know: the full parser decides
                }
            } while (consume(','));
            if (!consume('}')) return std::nullopt;
        }
        skip_space();
        if (at_ != text_.size()) return std::nullopt;
        if (has_id_hex) doc.id = from_hex(id_hex);
        if (has_source_hex) doc.source = from_hex(source_hex);
        return doc;
    }

private:
    static std::string* string_field(Document& doc, std::string_view key) {
        if (key == "body") return &doc.body;
        if (key == "title") return &doc.title;
        if (key == "summary") return &doc.summary;
        if (key == "id") return &doc.id;
        if (key == "source") return &doc.source;
        if (key == "format") return &doc.format;
        if (key == "date") return &doc.date;
        if (key == "lang") return &doc.lang;
        if (key == "type") return &doc.type;
        if (key == "url") return &doc.url;
        for (auto& [name, value] : publication_fields(doc))
            if (key == name) return value;
        return nullptr;
    }

    // As get_exact() reads it.
    static std::string from_hex(const std::string& hex) {
        auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        std::string out;
        out.reserve(hex.size() / 2);
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
        return out;
    }

    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\t' || text_[at_] == '\r'))
            ++at_;
    }

    bool consume(char c) {
        skip_space();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }

    bool peek(char c) {
        skip_space();
        return at_ < text_.size() && text_[at_] == c;
    }

    bool hex4(unsigned& value) {
        if (text_.size() - at_ < 4) return false;
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
            else return false;
        }
        return true;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | cp >> 6);
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | cp >> 12);
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | cp >> 18);
            out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Whether any of the eight bytes in `v` is a quote, a backslash or a control character (below
    // 0x20), which end a run of plain string bytes. Each test sets a byte's high bit where it
    // holds: x - 1 borrows into the high bit only from a zero byte, and a byte below 0x20 is
    // one whose value minus 0x20 borrows, among bytes whose own high bit is clear.
    static constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    static constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    static bool ends_run(std::uint64_t v) {
        const auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; };
        const std::uint64_t below_space = (v - 0x20 * kOnes) & ~v & kHighBits;
        return (zero_byte(v ^ ('"' * kOnes)) | zero_byte(v ^ ('\\' * kOnes)) | below_space) != 0;
    }

    // A JSON string into `out`. Refuses what nlohmann's parser refuses: raw control characters,
    // unknown escapes, lone surrogates and bytes that are not UTF-8.
    bool string(std::string& out) {
        if (!consume('"')) return false;
        out.clear();
        bool ascii = true;
        while (true) {
            const std::size_t begin = at_;
            // Eight bytes at a time while none of them ends the run: a record is mostly its body,
            // and a page of ten hits reads some 50 KB of them.
            while (text_.size() - at_ >= 8) {
                std::uint64_t v;
                std::memcpy(&v, text_.data() + at_, 8);
                if (ends_run(v)) break;
                ascii = ascii && (v & kHighBits) == 0;
                at_ += 8;
            }
            while (at_ < text_.size()) {
                const auto c = static_cast<unsigned char>(text_[at_]);
                if (c == '"' || c == '\\' || c < 0x20) break;
                ascii = ascii && c < 0x80;
                ++at_;
            }
            out.append(text_.data() + begin, at_ - begin);
            if (at_ >= text_.size() || static_cast<unsigned char>(text_[at_]) < 0x20) return false;
            if (text_[at_++] == '"') break;
            if (at_ >= text_.size()) return false;
            switch (text_[at_++]) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = 0;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        unsigned low = 0;
                        if (text_.substr(at_, 2) != "\\u") return false;
                        at_ += 2;
                        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        return false;
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    return false;
            }
        }
        return ascii || !text::first_invalid_utf8(out);
    }

    // Moves past one JSON value of any kind, checking its shape only (nlohmann checks the rest).
    bool skip_value(int depth) {
        constexpr int kMaxDepth = 256;
        skip_space();
        if (at_ >= text_.size() || depth > kMaxDepth) return false;
        const char c = text_[at_];
        if (c == '"') {
            std::string ignored;
            return string(ignored);
        }
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++at_;
            if (consume(close)) return true;
            do {
                if (c == '{') {
                    std::string key;
                    if (!string(key) || !consume(':')) return false;
                }
                if (!skip_value(depth + 1)) return false;
            } while (consume(','));
            return consume(close);
        }
        const std::size_t begin = at_;
        while (at_ < text_.size() && std::strchr("0123456789+-.eEtruefalsn", text_[at_]) != nullptr && text_[at_] != '\0')
            ++at_;
        return at_ > begin;
    }

    bool strings(std::vector<std::string>& out) {
        out.clear();
        if (!consume('[')) return false;
        if (consume(']')) return true;
        do {
            if (!string(out.emplace_back())) return false;
        } while (consume(','));
        return consume(']');
    }

    // Strings (literal names) or {"family", "given"} objects, as author_to_json() writes them,
    // read as authors_field() reads them.
    bool authors(std::vector<AuthorName>& out) {
        out.clear();
        if (!consume('[')) return false;
        if (consume(']')) return true;
        do {
            if (peek('"')) {
                std::string name;
                if (!string(name)) return false;
                out.emplace_back(std::move(name));
                continue;
            }
            if (!consume('{')) return false;
            std::string family, given, literal;
            if (!consume('}')) {
                do {
                    std::string key, value;
                    if (!string(key) || !consume(':') || !string(value)) return false;
                    if (key == "family") family = std::move(value);
                    else if (key == "given") given = std::move(value);
                    else if (key == "literal") literal = std::move(value);
                    else return false;
                } while (consume(','));
                if (!consume('}')) return false;
            }
            AuthorName a = AuthorName::person(std::move(family), std::move(given));
            if (a.empty()) a = AuthorName(std::move(literal));
            if (!a.empty()) out.push_back(std::move(a));
        } while (consume(','));
        return consume(']');
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace

std::optional<Document> read_record(std::string_view record) { return RecordReader(record).read(); }

Document document_from_record(std::string_view record) {
    if (std::optional<Document> doc = read_record(record)) return std::move(*doc);
    return document_from_json(nlohmann::json::parse(record));
}

}  // namespace kb

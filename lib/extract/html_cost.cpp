// The model follows the "in body" rules of the HTML5 tree builder closely enough to know the size
// of gumbo's two lists, and where it is unsure it keeps elements rather than dropping them: it may
// overestimate a page's cost, never underestimate it. Element names are kept as 64-bit hashes.
#include "extract/html_cost.h"

#include <array>
#include <cstring>
#include <fmt/format.h>
#include <unordered_map>
#include <vector>

namespace kb {

namespace {

// What the tree builder does with an element, by name.
enum TagFlag : std::uint32_t {
    kVoid = 1u << 0,         // never on the stack (br, img, ...)
    kRawText = 1u << 1,      // its content is text up to its end tag (script, style, title, ...)
    kPlaintext = 1u << 2,    // the rest of the page is text
    kFormatting = 1u << 3,   // goes on the list of active formatting elements (a, b, font, ...)
    kSpecial = 1u << 4,      // the HTML "special" category: stops the end-tag and adoption-agency walks
    kScope = 1u << 5,        // bounds "has an element in scope"
    kButtonScope = 1u << 6,  // also bounds button scope
    kListScope = 1u << 7,    // also bounds list-item scope (ol, ul)
    kTableScope = 1u << 8,   // bounds table scope (html, table, template)
    kImpliedEnd = 1u << 9,   // closed by "generate implied end tags" (p, li, dd, option, rb, ...)
    kMarker = 1u << 10,      // pushes a marker onto the formatting list (td, th, caption, object, ...)
    kClosesP = 1u << 11,     // a start tag that first closes an open <p>
    kHeading = 1u << 12,     // h1-h6
    kForeignRoot = 1u << 13, // svg, math: what follows is foreign content
    kSelect = 1u << 14,
    kCell = 1u << 15,        // td, th
    kTableRow = 1u << 16,    // tr
    kTableSection = 1u << 17,  // tbody, thead, tfoot
    kTable = 1u << 18,
    kListItem = 1u << 19,    // li
    kDefItem = 1u << 20,     // dd, dt
    kRubyText = 1u << 21,    // rb, rp, rt, rtc
    kRuby = 1u << 22,
    kOption = 1u << 23,      // option, optgroup
    kForeign = 1u << 24,     // set on elements pushed inside svg or math, not a name property
    kNobr = 1u << 25,
    kA = 1u << 26,
    kButton = 1u << 27,
};

constexpr std::uint64_t hash_name(std::string_view name) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the lowercased name
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return h;
}

const std::unordered_map<std::uint64_t, std::uint32_t>& tag_table() {
    static const auto table = [] {
        std::unordered_map<std::uint64_t, std::uint32_t> t;
        auto set = [&](std::initializer_list<std::string_view> names, std::uint32_t flags) {
            for (auto n : names) t[hash_name(n)] |= flags;
        };
        set({"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
             "isindex", "keygen", "link", "menuitem", "meta", "param", "source", "track", "wbr"},
            kVoid);
        set({"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"}, kRawText);
        set({"plaintext"}, kPlaintext);
        set({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"},
            kFormatting);
        set({"address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body",
             "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt",
             "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
             "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "isindex",
             "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes",
             "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "section", "select", "source",
             "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title",
             "tr", "track", "ul", "wbr", "xmp", "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject",
             "desc"},
            kSpecial);
        // Foreign integration points bound scope too; counting them in HTML as well only makes the
        // model pop less, which errs on the safe side.
        set({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "mi", "mo", "mn",
             "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title"},
            kScope | kButtonScope | kListScope);
        set({"button"}, kButtonScope | kButton);
        set({"ol", "ul"}, kListScope);
        set({"html", "table", "template"}, kTableScope);
        set({"dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"}, kImpliedEnd);
        set({"applet", "marquee", "object", "td", "th", "caption", "template"}, kMarker);
        set({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
             "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
             "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext",
             "table", "hr", "li", "dd", "dt", "xmp"},
            kClosesP);
        set({"h1", "h2", "h3", "h4", "h5", "h6"}, kHeading);
        set({"svg", "math"}, kForeignRoot);
        set({"select"}, kSelect);
        set({"td", "th"}, kCell);
        set({"tr"}, kTableRow);
        set({"tbody", "thead", "tfoot"}, kTableSection);
        set({"table"}, kTable);
        set({"li"}, kListItem);
        set({"dd", "dt"}, kDefItem);
        set({"rb", "rp", "rt", "rtc"}, kRubyText);
        set({"ruby"}, kRuby);
        set({"option", "optgroup"}, kOption);
        set({"nobr"}, kNobr);
        set({"a"}, kA);
        return t;
    }();
    return table;
}

std::uint32_t flags_of(std::uint64_t name) {
    const auto& t = tag_table();
    const auto it = t.find(name);
    return it == t.end() ? 0 : it->second;
}

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Element {
    std::uint64_t name;
    std::uint32_t flags;
    std::uint32_t serial;  // identifies the element for the formatting list
};

struct FormattingEntry {
    std::uint64_t name = 0;
    std::uint64_t attributes = 0;  // hash of the attribute text, for the "Noah's Ark" rule
    std::uint32_t serial = 0;      // the element this entry stands for
    bool marker = false;
};

constexpr std::uint32_t kNoSerial = 0xFFFFFFFFu;
constexpr std::size_t npos = static_cast<std::size_t>(-1);

class TreeModel {
public:
    explicit TreeModel(std::uint64_t budget) : budget_(budget) {}

    bool over() const { return work_ > budget_; }
    std::size_t deepest() const { return deepest_; }

    // One token's share of scope checks and list scans.
    void charge(std::uint64_t tokens, bool scans_stack) {
        const std::uint64_t per = 1 + (scans_stack ? stack_.size() + list_.size() : 0);
        work_ += tokens * per;
    }

    void text(std::size_t length) {
        if (length == 0) return;
        // Every character is a token; with formatting elements listed, each one looks them up on the stack.
        charge(length, !list_.empty());
        reconstruct();
    }

    void start_tag(std::uint64_t name, std::uint64_t attributes, bool self_closing) {
        const std::uint32_t f = flags_of(name);
        charge(1, true);
        static const std::uint64_t html = hash_name("html"), head = hash_name("head"), body = hash_name("body");
        if (name == html || name == head || name == body) return;  // merged into the existing ones
        if (f & kVoid) {
            reconstruct();
            return;
        }
        if (foreign_open_ > 0 && self_closing) return;  // acknowledged in SVG and MathML: never pushed
        if (f & kClosesP) close_p_in_button_scope();
        if (f & kListItem) close_list_item(kListItem);
        if (f & kDefItem) close_list_item(kDefItem);
        if ((f & kHeading) && !stack_.empty() && (stack_.back().flags & kHeading)) pop_from(stack_.size() - 1);
        if (f & kButton) {
            if (const std::size_t at = in_scope(name, kScope); at != npos) pop_from(at);
        }
        if ((f & kOption) && !stack_.empty() && (stack_.back().flags & kOption)) pop_from(stack_.size() - 1);
        if ((f & kRubyText) && in_scope_flag(kRuby, kScope) != npos) generate_implied_end_tags();
        if (f & kA) {
            // An open <a> is closed by the adoption agency first.
            if (find_formatting(name) != npos) adoption_agency(name);
        }
        if (f & kNobr) {
            if (in_scope(name, kScope) != npos) adoption_agency(name);
        }
        if (f & kTable) {
            // A table directly inside a table (not in a cell) closes the first one.
            const std::size_t ctx = nearest(kTable | kMarker | kTableScope);
            if (ctx != npos && (stack_[ctx].flags & kTable)) pop_from(ctx);
        }
        if (f & (kCell | kTableRow | kTableSection)) {
            const std::size_t ctx = nearest(kTable | kCell | kTableScope);
            if (ctx == npos || !(stack_[ctx].flags & (kTable | kCell))) return;  // outside a table: ignored
            if (stack_[ctx].flags & kCell) pop_from(ctx);  // a new cell or row closes the open cell
            if (f & kCell) {
                // Implied <tbody> and <tr> around a cell.
                if (stack_.empty() || !(stack_.back().flags & kTableRow)) {
                    if (stack_.empty() || !(stack_.back().flags & kTableSection)) push(hash_name("tbody"), 0);
                    push(hash_name("tr"), 0);
                }
            } else if (f & kTableRow) {
                if (!stack_.empty() && (stack_.back().flags & kTableRow)) pop_from(stack_.size() - 1);
                if (stack_.empty() || !(stack_.back().flags & kTableSection)) push(hash_name("tbody"), 0);
            } else {
                const std::size_t table = nearest(kTable);
                if (table != npos) pop_from(table + 1);
            }
        }
        if (!(f & (kClosesP | kTable | kCell | kTableRow | kTableSection))) reconstruct();
        push(name, attributes);
    }

    void end_tag(std::uint64_t name) {
        const std::uint32_t f = flags_of(name);
        charge(1, true);
        if (f & kFormatting) {
            adoption_agency(name);
            return;
        }
        if (name == hash_name("p")) {
            if (const std::size_t at = in_scope(name, kButtonScope); at != npos) pop_from(at);
            return;
        }
        if (f & kListItem) {
            if (const std::size_t at = in_scope(name, kListScope); at != npos) pop_from(at);
            return;
        }
        if (f & kHeading) {
            if (const std::size_t at = in_scope_flag(kHeading, kScope); at != npos) pop_from(at);
            return;
        }
        if (f & (kCell | kTableRow | kTableSection | kTable)) {
            if (const std::size_t at = in_scope(name, kTableScope); at != npos) pop_from(at);
            return;
        }
        if (name == hash_name("form") || name == hash_name("body") || name == hash_name("html")) return;
        if (name == hash_name("br")) {  // </br> is read as <br>
            reconstruct();
            return;
        }
        if (f & kSpecial) {
            if (const std::size_t at = in_scope(name, kScope); at != npos) pop_from(at);
            return;
        }
        any_other_end_tag(name);
    }

private:
    void push(std::uint64_t name, std::uint64_t attributes) {
        const std::uint32_t serial = push_element(name);
        const std::uint32_t f = stack_.back().flags;
        if ((f & kMarker) && !(f & kForeign)) list_.push_back({0, 0, kNoSerial, true});
        if ((f & kFormatting) && !(f & kForeign)) add_formatting(name, attributes, serial);
        deepest_ = std::max(deepest_, stack_.size() + list_.size());
    }

    // Puts an element on the stack only; returns its serial.
    std::uint32_t push_element(std::uint64_t name, std::size_t at = npos) {
        std::uint32_t f = flags_of(name);
        if (foreign_open_ > 0) f |= kForeign;
        if (f & (kForeign | kForeignRoot)) ++foreign_open_;
        if (f & kSelect) ++select_open_;
        const std::uint32_t serial = static_cast<std::uint32_t>(alive_.size());
        alive_.push_back(1);
        if (at >= stack_.size())
            stack_.push_back({name, f, serial});
        else
            stack_.insert(stack_.begin() + static_cast<std::ptrdiff_t>(at), Element{name, f, serial});
        deepest_ = std::max(deepest_, stack_.size() + list_.size());
        return serial;
    }

    void add_formatting(std::uint64_t name, std::uint64_t attributes, std::uint32_t serial) {
        // Noah's Ark: at most three identical entries after the last marker; the oldest goes.
        std::size_t same = 0, oldest = npos;
        for (std::size_t i = list_.size(); i-- > 0;) {
            if (list_[i].marker) break;
            if (list_[i].name == name && list_[i].attributes == attributes) {
                ++same;
                oldest = i;
            }
        }
        charge(1, true);
        if (same >= 3) list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(oldest));
        list_.push_back({name, attributes, serial, false});
    }

    // Removes stack_[at] and everything above it.
    void pop_from(std::size_t at) {
        while (stack_.size() > at) remove_at(stack_.size() - 1);
    }

    // Bookkeeping for an element leaving the stack.
    void forget(const Element& e) {
        alive_[e.serial] = 0;
        if (e.flags & (kForeign | kForeignRoot)) --foreign_open_;
        if (e.flags & kSelect) --select_open_;
    }

    void remove_at(std::size_t at) {
        const Element e = stack_[at];
        forget(e);
        stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(at));
        if ((e.flags & kMarker) && !(e.flags & kForeign)) {
            // Closing a cell, caption, object, ... clears the formatting list back to its marker.
            while (!list_.empty()) {
                const bool marker = list_.back().marker;
                list_.pop_back();
                if (marker) break;
            }
        }
    }

    bool on_stack(const FormattingEntry& e) const { return !e.marker && alive_[e.serial]; }

    std::size_t index_on_stack(std::uint32_t serial) const {
        for (std::size_t i = stack_.size(); i-- > 0;)
            if (stack_[i].serial == serial) return i;
        return npos;
    }

    // The topmost element called `name` if no element with a `boundary` flag is above it.
    std::size_t in_scope(std::uint64_t name, std::uint32_t boundary) const {
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].name == name) return i;
            if (stack_[i].flags & boundary) return npos;
        }
        return npos;
    }
    std::size_t in_scope_flag(std::uint32_t flag, std::uint32_t boundary) const {
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].flags & flag) return i;
            if (stack_[i].flags & boundary) return npos;
        }
        return npos;
    }
    std::size_t nearest(std::uint32_t flags) const {
        for (std::size_t i = stack_.size(); i-- > 0;)
            if (stack_[i].flags & flags) return i;
        return npos;
    }

    void close_p_in_button_scope() {
        if (const std::size_t at = in_scope(hash_name("p"), kButtonScope); at != npos) pop_from(at);
    }

    // <li> closes an open <li> (and <dd>/<dt> one another) unless a special element other than
    // address, div or p stands between.
    void close_list_item(std::uint32_t kind) {
        static const std::uint64_t address = hash_name("address"), div = hash_name("div"), p = hash_name("p");
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].flags & kind) {
                pop_from(i);
                return;
            }
            const std::uint64_t n = stack_[i].name;
            if ((stack_[i].flags & kSpecial) && n != address && n != div && n != p) return;
        }
    }

    void generate_implied_end_tags() {
        while (!stack_.empty() && (stack_.back().flags & kImpliedEnd)) pop_from(stack_.size() - 1);
    }

    void any_other_end_tag(std::uint64_t name) {
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].name == name) {
                pop_from(i);
                return;
            }
            if (stack_[i].flags & kSpecial) return;
        }
    }

    // The last formatting entry named `name` after the last marker.
    std::size_t find_formatting(std::uint64_t name) const {
        for (std::size_t i = list_.size(); i-- > 0;) {
            if (list_[i].marker) return npos;
            if (list_[i].name == name) return i;
        }
        return npos;
    }

    // Reopens the formatting elements that were closed by other elements (each as a new element).
    void reconstruct() {
        if (list_.empty() || list_.back().marker || on_stack(list_.back())) return;
        std::size_t first = list_.size() - 1;
        while (first > 0 && !list_[first - 1].marker && !on_stack(list_[first - 1])) --first;
        charge(list_.size() - first, true);
        for (std::size_t i = first; i < list_.size(); ++i) list_[i].serial = push_element(list_[i].name);
    }

    // The adoption agency algorithm, as far as it changes the sizes of the two lists.
    void adoption_agency(std::uint64_t name) {
        for (int outer = 0; outer < 8; ++outer) {
            charge(1, true);
            const std::size_t entry = find_formatting(name);
            if (entry == npos) {
                if (outer == 0) any_other_end_tag(name);
                return;
            }
            const std::size_t at = index_on_stack(list_[entry].serial);
            if (at == npos) {
                list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(entry));
                return;
            }
            for (std::size_t i = stack_.size(); i-- > at + 1;)
                if (stack_[i].flags & kScope) return;  // not in scope: ignored
            std::size_t furthest = npos;
            for (std::size_t i = at + 1; i < stack_.size(); ++i)
                if (stack_[i].flags & kSpecial) {
                    furthest = i;
                    break;
                }
            if (furthest == npos) {
                pop_from(at);
                const std::size_t e = find_formatting(name);
                if (e != npos) list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(e));
                return;
            }
            // Elements between the formatting element and the furthest block that are not
            // themselves formatting elements leave the stack; the formatting element moves below
            // the furthest block as a new element.
            // One pass that keeps the survivors in order: removing them one by one would make a
            // single adoption quadratic in the depth.
            std::size_t kept = at + 1;
            for (std::size_t i = at + 1; i < furthest; ++i) {
                if (stack_[i].flags & kFormatting) {
                    stack_[kept++] = stack_[i];
                } else {
                    forget(stack_[i]);
                }
            }
            stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(kept),
                         stack_.begin() + static_cast<std::ptrdiff_t>(furthest));
            furthest = kept;
            const FormattingEntry old = list_[entry];
            list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(entry));
            remove_at(at);
            --furthest;
            const std::uint32_t serial = push_element(name, furthest + 1);
            list_.insert(list_.begin() + static_cast<std::ptrdiff_t>(std::min(entry, list_.size())),
                         FormattingEntry{name, old.attributes, serial, false});
        }
    }

    std::uint64_t budget_;
    std::uint64_t work_ = 0;
    std::vector<Element> stack_;
    std::vector<FormattingEntry> list_;
    std::vector<std::uint8_t> alive_;  // by serial: is the element on the stack
    std::size_t deepest_ = 0;
    int foreign_open_ = 0;
    int select_open_ = 0;

public:
    // Raw text is only raw when the tree builder switches the tokenizer: not in SVG or MathML,
    // and not in a <select>, which ignores such tags. There the model reads on as markup.
    bool raw_text_allowed() const { return foreign_open_ == 0 && select_open_ == 0; }
};

// Case-insensitive: does `s` at `i` hold "</name" followed by a delimiter?
bool end_tag_at(std::string_view s, std::size_t i, std::string_view name) {
    if (i + 2 + name.size() > s.size() || s[i] != '<' || s[i + 1] != '/') return false;
    for (std::size_t k = 0; k < name.size(); ++k) {
        char c = s[i + 2 + k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != name[k]) return false;
    }
    const std::size_t after = i + 2 + name.size();
    return after == s.size() || is_space(s[after]) || s[after] == '/' || s[after] == '>';
}

}  // namespace

std::uint64_t html_cost_budget(std::size_t bytes) {
    // 200 units per byte: a page whose elements nest 200 deep everywhere, which costs gumbo about
    // 0.7 s per MB (3.5 ns a unit), four times a plain page. Real pages nest a few dozen deep. The
    // floor lets small pages nest deeply (4,000 levels of <div><span>).
    return 8'000'000ull + 200ull * bytes;
}

HtmlCostOverrun estimate_html_cost(std::string_view s, std::uint64_t budget) {
    TreeModel model(budget);
    const std::size_t n = s.size();
    std::size_t i = 0;
    auto overrun = [&](std::size_t at) {
        return HtmlCostOverrun{true, at,
                               fmt::format("markup costs too much to parse (elements nest or reopen up to {} deep)",
                                           model.deepest())};
    };
    while (i < n) {
        const void* hit = std::memchr(s.data() + i, '<', n - i);
        const std::size_t lt = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data()) : n;
        model.text(lt - i);
        if (model.over()) return overrun(i);
        if (lt >= n) break;
        i = lt;
        const char c = i + 1 < n ? s[i + 1] : '\0';
        if (c == '!') {
            if (s.substr(i, 4) == "<!--") {
                // "<!-->" and "<!--->" end at once; otherwise at "-->" or "--!>".
                std::size_t end;
                if (s.substr(i + 4, 1) == ">") end = i + 5;
                else if (s.substr(i + 4, 2) == "->") end = i + 6;
                else {
                    // "--!>" is looked for only before the next "-->": searching the whole rest of
                    // the page for it at every comment would be quadratic.
                    const std::size_t a = s.find("-->", i + 4);
                    const std::size_t b = s.substr(0, a == npos ? n : a).find("--!>", i + 4);
                    end = b != npos ? b + 4 : a != npos ? a + 3 : n;
                }
                i = end;
            } else {
                const std::size_t gt = s.find('>', i + 2);  // doctype, CDATA, bogus comment
                i = gt == npos ? n : gt + 1;
            }
            model.charge(1, false);
            continue;
        }
        if (c == '?') {
            const std::size_t gt = s.find('>', i + 2);
            i = gt == npos ? n : gt + 1;
            model.charge(1, false);
            continue;
        }
        const bool closing = c == '/';
        std::size_t p = i + (closing ? 2 : 1);
        if (p >= n || !is_alpha(s[p])) {
            if (closing) {
                // "</>" is dropped; "</3" and the like are bogus comments.
                const std::size_t gt = s.find('>', p);
                i = gt == npos ? n : gt + 1;
            } else {
                model.text(1);  // a lone '<' is text
                i = i + 1;
            }
            continue;
        }
        const std::size_t name_start = p;
        while (p < n && !is_space(s[p]) && s[p] != '/' && s[p] != '>') ++p;
        const std::string_view name = s.substr(name_start, p - name_start);
        // Attributes, as the HTML5 tokenizer reads them: quotes only open a value after '='.
        const std::size_t attributes_start = p;
        bool self_closing = false, complete = false;
        while (p < n) {
            const char ch = s[p];
            if (is_space(ch)) {
                ++p;
            } else if (ch == '>') {
                complete = true;
                break;
            } else if (ch == '/') {
                ++p;
                if (p < n && s[p] == '>') {
                    self_closing = true;
                    complete = true;
                    break;
                }
            } else {
                // An attribute name: anything up to whitespace, '/', '>' or '=' (quotes included).
                ++p;
                while (p < n && !is_space(s[p]) && s[p] != '/' && s[p] != '>' && s[p] != '=') ++p;
                while (p < n && is_space(s[p])) ++p;
                if (p < n && s[p] == '=') {
                    ++p;
                    while (p < n && is_space(s[p])) ++p;
                    if (p < n && (s[p] == '"' || s[p] == '\'')) {
                        const std::size_t close = s.find(s[p], p + 1);
                        p = close == npos ? n : close + 1;
                    } else {
                        while (p < n && !is_space(s[p]) && s[p] != '>') ++p;
                    }
                }
            }
        }
        if (!complete) break;  // a tag cut off by the end of the page is dropped
        const std::uint64_t name_hash = hash_name(name);
        const std::string_view attributes = s.substr(attributes_start, p - attributes_start);
        i = p + 1;
        if (closing) {
            model.end_tag(name_hash);
        } else {
            model.start_tag(name_hash, hash_name(attributes), self_closing);
            const std::uint32_t f = flags_of(name_hash);
            if ((f & kPlaintext) && model.raw_text_allowed()) {
                model.text(n - i);
                i = n;
            } else if ((f & kRawText) && model.raw_text_allowed()) {
                // Skip to "</name"; its end tag is then read as an ordinary end tag.
                std::string lower(name);
                for (auto& ch : lower)
                    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
                std::size_t j = i;
                while (j < n) {
                    const void* next = std::memchr(s.data() + j, '<', n - j);
                    if (!next) {
                        j = n;
                        break;
                    }
                    j = static_cast<std::size_t>(static_cast<const char*>(next) - s.data());
                    if (end_tag_at(s, j, lower)) break;
                    ++j;
                }
                model.charge(1, false);
                i = j;
            }
        }
        if (model.over()) return overrun(i);
    }
    return {};
}

}  // namespace kb

// Compares gumbo and libxml2's HTML parser on the same pages: speed, and how each copes with broken markup.
// A standalone program, not part of the CMake build. Build (tests/bench/html_parsers.sh does this):
//
//   g++ -std=c++20 -O2 -o html_parsers tests/bench/html_parsers.cpp -lgumbo $(pkg-config --cflags --libs libxml-2.0)
//
// Usage: html_parsers [-n REPEATS] [--outline] FILE...
//
// For every file, each parser parses the bytes REPEATS times (parse + visible text of <body> + free) and the
// figures are summed into MB/s per parser (CPU time, so a busy machine skews them less). Both get the
// raw bytes: libxml2 reads <meta charset> itself, gumbo assumes UTF-8 (kb converts before parsing; the fixtures' legacy bytes only touch non-ASCII letters).
//
// Recovery: a file may list phrases its visible text must contain, in a comment anywhere in it:
//   <!-- expect: first phrase | second phrase -->
// and the program reports which phrases each parser's text lacks. For files named broken-*.html (or all
// files with --outline) it prints a compact outline of each parser's <body> tree, so that the ways they
// repair the markup can be compared. Finally it times synthetic deeply nested pages.
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kLibxmlOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string collapse(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool skipped(std::string_view tag) {
    return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "head" ||
           tag == "title";
}

bool block(std::string_view tag) {
    static const char* const kBlocks[] = {"p",  "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                          "br", "tr",  "td", "th", "table", "blockquote", "section", "article",
                                          "dt", "dd",  "pre", "figcaption", "main", "header", "footer", "nav",
                                          "aside", "body", "html", "form", "dl", "hr"};
    for (const char* b : kBlocks)
        if (tag == b) return true;
    return false;
}

// ----------------------------------------------------------------------------------------- gumbo

std::string_view gumbo_tag(const GumboElement& e) {
    if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
    GumboStringPiece piece = e.original_tag;
    gumbo_tag_from_original_text(&piece);
    return std::string_view(piece.data, piece.length);
}

const GumboNode* gumbo_find(const GumboNode* n, GumboTag tag) {
    if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
    if (n->v.element.tag == tag) return n;
    const GumboVector& c = n->v.element.children;
    for (unsigned i = 0; i < c.length; ++i)
        if (const GumboNode* f = gumbo_find(static_cast<const GumboNode*>(c.data[i]), tag)) return f;
    return nullptr;
}

void gumbo_text(const GumboNode* n, std::string& out) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
        out += n->v.text.text;
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    const std::string_view tag = gumbo_tag(n->v.element);
    if (skipped(tag)) return;
    const bool b = block(tag);
    if (b) out += ' ';
    const GumboVector& c = n->v.element.children;
    for (unsigned i = 0; i < c.length; ++i) gumbo_text(static_cast<const GumboNode*>(c.data[i]), out);
    if (b) out += ' ';
}

void gumbo_outline(const GumboNode* n, std::string& out) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        std::string t = collapse(n->v.text.text);
        if (t.size() > 14) t = t.substr(0, 12) + "..";
        out += '"' + t + '"';
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    out += gumbo_tag(n->v.element);
    const GumboVector& c = n->v.element.children;
    std::string inner;
    for (unsigned i = 0; i < c.length; ++i) {
        std::string piece;
        gumbo_outline(static_cast<const GumboNode*>(c.data[i]), piece);
        if (piece.empty()) continue;
        if (!inner.empty()) inner += ' ';
        inner += piece;
    }
    if (!inner.empty()) out += "(" + inner + ")";
}

struct GumboResult {
    std::string text, outline;
};

// A bump allocator with a free that does nothing, as lib/extract/html.cpp gives gumbo: the tree is dropped
// in one go instead of node by node (gumbo never reallocs, so nothing breaks).
struct Arena {
    std::vector<std::unique_ptr<char[]>> blocks;
    char* next = nullptr;
    std::size_t left = 0;
    static void* allocate(void* self, std::size_t n) {
        auto* a = static_cast<Arena*>(self);
        n = (n + 15) & ~std::size_t{15};
        if (n > a->left) {
            const std::size_t size = std::max<std::size_t>(n, 256 * 1024);
            a->blocks.emplace_back(new char[size]);
            a->next = a->blocks.back().get();
            a->left = size;
        }
        void* p = a->next;
        a->next += n;
        a->left -= n;
        return p;
    }
    static void release(void*, void*) {}
};

GumboResult run_gumbo(std::string_view bytes, bool outline, bool arena = false) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    Arena a;
    if (arena) {
        options.allocator = &Arena::allocate;
        options.deallocator = &Arena::release;
        options.userdata = &a;
    }
    GumboOutput* out = gumbo_parse_with_options(&options, bytes.data(), bytes.size());
    GumboResult r;
    const GumboNode* body = gumbo_find(out->root, GUMBO_TAG_BODY);
    const GumboNode* from = body ? body : out->root;
    r.text.reserve(bytes.size() / 2);
    gumbo_text(from, r.text);
    if (outline) gumbo_outline(from, r.outline);
    if (!arena) gumbo_destroy_output(&options, out);
    return r;
}

// --------------------------------------------------------------------------------------- libxml2

std::string_view xml_tag(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

const xmlNode* xml_find(const xmlNode* n, std::string_view tag) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (xml_tag(n) == tag) return n;
        if (const xmlNode* f = xml_find(n->children, tag)) return f;
    }
    return nullptr;
}

void xml_text(const xmlNode* n, std::string& out) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) out += reinterpret_cast<const char*>(n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    const std::string_view tag = xml_tag(n);
    if (skipped(tag)) return;
    const bool b = block(tag);
    if (b) out += ' ';
    for (const xmlNode* c = n->children; c; c = c->next) xml_text(c, out);
    if (b) out += ' ';
}

void xml_outline(const xmlNode* n, std::string& out) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        std::string t = collapse(n->content ? reinterpret_cast<const char*>(n->content) : "");
        if (t.empty()) return;
        if (t.size() > 14) t = t.substr(0, 12) + "..";
        out += '"' + t + '"';
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    out += xml_tag(n);
    std::string inner;
    for (const xmlNode* c = n->children; c; c = c->next) {
        std::string piece;
        xml_outline(c, piece);
        if (piece.empty()) continue;
        if (!inner.empty()) inner += ' ';
        inner += piece;
    }
    if (!inner.empty()) out += "(" + inner + ")";
}

struct XmlResult {
    std::string text, outline;
    bool parsed = false;
};

XmlResult run_libxml2(std::string_view bytes, bool outline, int extra_options = 0) {
    XmlResult r;
    htmlDocPtr doc = htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "page.html", nullptr,
                                    kLibxmlOptions | extra_options);
    if (!doc) return r;
    r.parsed = true;
    const xmlNode* root = xmlDocGetRootElement(doc);
    const xmlNode* body = root ? xml_find(root, "body") : nullptr;
    const xmlNode* from = body ? body : root;
    r.text.reserve(bytes.size() / 2);
    if (from) xml_text(from, r.text);
    // Content that libxml2 leaves outside <body> (after </html>, say) is visible text too.
    if (body)
        for (const xmlNode* n = body->next; n; n = n->next) xml_text(n, r.text);
    if (outline && from) xml_outline(from, r.outline);
    xmlFreeDoc(doc);
    return r;
}

void silent_errors(void*, const char*, ...) {}

// ------------------------------------------------------------------------------------------ misc

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> expectations(std::string_view bytes) {
    std::vector<std::string> out;
    std::size_t p = 0;
    while ((p = bytes.find("<!-- expect:", p)) != std::string_view::npos) {
        p += 12;
        const std::size_t end = bytes.find("-->", p);
        std::string_view list = bytes.substr(p, end == std::string_view::npos ? std::string_view::npos : end - p);
        std::size_t start = 0;
        for (std::size_t i = 0; i <= list.size(); ++i)
            if (i == list.size() || list[i] == '|') {
                std::string phrase = collapse(list.substr(start, i - start));
                if (!phrase.empty()) out.push_back(phrase);
                start = i + 1;
            }
    }
    return out;
}

std::string missing(const std::string& text, const std::vector<std::string>& phrases) {
    const std::string t = collapse(text);
    std::string out;
    for (const auto& p : phrases)
        if (t.find(p) == std::string::npos) out += (out.empty() ? "" : ", ") + ("\"" + p + "\"");
    return out;
}

// CPU time of the process, not wall time: the figures stay comparable on a busy machine.
double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds(const std::function<void()>& f) {
    const double t0 = cpu_now();
    f();
    return cpu_now() - t0;
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = 100;
    bool all_outlines = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-n" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--outline")
            all_outlines = true;
        else
            files.push_back(a);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s [-n REPEATS] [--outline] FILE...\n", argv[0]);
        return 2;
    }
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, silent_errors);

    std::printf("%-42s %8s %8s %8s %8s  %s\n", "file", "bytes", "gumbo", "g+arena", "libxml2",
                "MB/s; phrases recovered (gumbo / libxml2)");
    double total_bytes = 0, gumbo_time = 0, arena_time = 0, xml_time = 0;
    std::size_t gumbo_found = 0, xml_found = 0, expected = 0;
    std::vector<std::string> reports;
    for (const auto& path : files) {
        const std::string bytes = read_file(path);
        if (bytes.empty()) continue;
        const std::string name = base_name(path);
        const bool outline = all_outlines || name.rfind("broken-", 0) == 0;

        std::size_t sink = 0;
        const double tg = seconds([&] {
            for (int r = 0; r < repeats; ++r) sink += run_gumbo(bytes, false).text.size();
        });
        const double ta = seconds([&] {
            for (int r = 0; r < repeats; ++r) sink += run_gumbo(bytes, false, true).text.size();
        });
        const double tx = seconds([&] {
            for (int r = 0; r < repeats; ++r) sink += run_libxml2(bytes, false).text.size();
        });
        const double mb = static_cast<double>(bytes.size()) * repeats / 1e6;
        total_bytes += mb;
        gumbo_time += tg;
        arena_time += ta;
        xml_time += tx;

        const GumboResult g = run_gumbo(bytes, outline);
        const XmlResult x = run_libxml2(bytes, outline);
        const std::vector<std::string> phrases = expectations(bytes);
        std::string recovered = "-";
        if (!phrases.empty()) {
            const std::string mg = missing(g.text, phrases), mx = missing(x.text, phrases);
            const auto count = [&](const std::string& m) {
                return phrases.size() - (m.empty() ? 0 : std::count(m.begin(), m.end(), ',') + 1);
            };
            gumbo_found += count(mg);
            xml_found += count(mx);
            expected += phrases.size();
            recovered = std::to_string(count(mg)) + "/" + std::to_string(phrases.size()) + " / " +
                        std::to_string(count(mx)) + "/" + std::to_string(phrases.size());
            if (!mg.empty()) reports.push_back(name + ": gumbo lost " + mg);
            if (!mx.empty()) reports.push_back(name + ": libxml2 lost " + mx);
        }
        std::printf("%-42s %8zu %8.1f %8.1f %8.1f  %s%s\n", name.c_str(), bytes.size(), mb / tg, mb / ta, mb / tx,
                    recovered.c_str(), sink == 0 ? " (no text)" : "");
        if (outline) {
            std::string r = name + " trees " + (g.outline == x.outline ? "agree" : "differ") + ":\n";
            r += "    gumbo:   " + g.outline + "\n";
            r += "    libxml2: " + (x.parsed ? x.outline : std::string("(no document)"));
            reports.push_back(r);
        }
    }
    std::printf("\nall files: %.1f MB per parser; gumbo %.1f MB/s, gumbo with an arena %.1f MB/s, libxml2 %.1f MB/s"
                " (CPU time: parse + body text + free)\n",
                total_bytes, total_bytes / gumbo_time, total_bytes / arena_time, total_bytes / xml_time);
    if (expected > 0)
        std::printf("known phrases recovered: gumbo %zu/%zu, libxml2 %zu/%zu\n", gumbo_found, expected, xml_found,
                    expected);
    if (!reports.empty()) {
        std::printf("\n");
        for (const auto& r : reports) std::printf("%s\n", r.c_str());
    }

    // Deep nesting: a page of d nested <div>s around one phrase.
    std::printf("\ndeep nesting (one parse each):\n%8s %12s %14s %14s %16s\n", "depth", "gumbo s", "gumbo text",
                "libxml2 s", "libxml2 text");
    for (int depth : {100, 300, 1000, 5000, 20000}) {
        std::string page = "<html><body>";
        for (int i = 0; i < depth; ++i) page += "<div>";
        page += "deep phrase";
        for (int i = 0; i < depth; ++i) page += "</div>";
        page += "<p>after the nesting</p></body></html>";
        GumboResult g;
        XmlResult x, xh;
        const double tg = seconds([&] { g = run_gumbo(page, false); });
        const double tx = seconds([&] { x = run_libxml2(page, false); });
        run_libxml2(page, false);
        xh = run_libxml2(page, false, XML_PARSE_HUGE);
        const auto ok = [](const std::string& t) {
            const std::string c = collapse(t);
            const bool a = c.find("deep phrase") != std::string::npos, b = c.find("after the nesting") != std::string::npos;
            return std::string(a && b ? "all" : a ? "deep only" : b ? "after only" : "none");
        };
        std::printf("%8d %12.4f %14s %14.4f %16s%s\n", depth, tg, ok(g.text).c_str(), tx, ok(x.text).c_str(),
                    ok(xh.text) != ok(x.text) ? (" (with XML_PARSE_HUGE: " + ok(xh.text) + ")").c_str() : "");
    }
    xmlCleanupParser();
    return 0;
}

// XML extractor: feeds (RSS 1.0/2.0, Atom), Dublin Core and OAI-PMH records, XHTML, generic XML.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <pugixml.hpp>

#include "error.h"
#include "extract/extractor.h"
#include "extract/fields.h"
#include "text/date.h"
#include "text/utf8.h"
#include "text/wide_encoding.h"

namespace kb {

namespace {

using nlohmann::json;

constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss09Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";
constexpr std::string_view kOaiNs = "http://www.openarchives.org/OAI/2.0/";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// ---- names and namespaces -------------------------------------------------------------------

std::string_view local_name(const pugi::xml_node& n) {
    std::string_view name = n.name();
    const auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Prefixes are arbitrary, so elements are compared by namespace URI, found by looking up the
// xmlns declaration for the element's prefix on it and its ancestors.
std::string_view namespace_of(const pugi::xml_node& n) {
    std::string_view name = n.name();
    const auto colon = name.find(':');
    const std::string_view prefix = colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    if (prefix == "xml") return kXmlNs;
    const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (pugi::xml_node p = n; p && p.type() == pugi::node_element; p = p.parent())
        if (auto a = p.attribute(attr.c_str())) return a.value();
    return {};
}

bool is_dc_ns(std::string_view ns) { return ns == kDcNs || ns == kDcTermsNs; }

// RSS core elements carry no namespace (2.0) or the RSS 1.0 / 0.9 namespace.
bool is_rss_ns(std::string_view ns) { return ns.empty() || ns == kRss10Ns || ns == kRss09Ns; }

pugi::xml_node child_named(const pugi::xml_node& parent, std::string_view local) {
    for (auto c : parent.children())
        if (c.type() == pugi::node_element && local_name(c) == local) return c;
    return {};
}

bool has_dc_children(const pugi::xml_node& n) {
    for (auto c : n.children())
        if (c.type() == pugi::node_element && is_dc_ns(namespace_of(c))) return true;
    return false;
}

// ---- text -----------------------------------------------------------------------------------

// Visits the subtree below `root` in document order without recursion (hostile files can nest
// deeply). `visit` returns false to skip a node's children.
template <class Visit>
void walk(const pugi::xml_node& root, Visit&& visit) {
    pugi::xml_node n = root.first_child();
    while (n) {
        if (visit(n) && n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n != root && !n.next_sibling()) n = n.parent();
        if (n == root) break;
        n = n.next_sibling();
    }
}

// All text and CDATA below `node`, a space between text nodes so words in neighbouring
// elements never run together; `skip` (if set) is left out with its subtree.
std::string text_of(const pugi::xml_node& node, const pugi::xml_node& skip = {}) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
        return text::collapse_whitespace(node.value());
    std::string out;
    walk(node, [&](const pugi::xml_node& n) {
        if (skip && n == skip) return false;
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            out += n.value();
            out += ' ';
        }
        return true;
    });
    return text::collapse_whitespace(out);
}

// An Atom text construct: type="html" holds escaped markup, "xhtml" inline elements.
std::string atom_text(const pugi::xml_node& n) {
    const std::string type = fields::ascii_lower(n.attribute("type").value());
    if (type == "html" || type == "text/html") return fields::strip_tags(text_of(n));
    return text_of(n);
}

// The first candidate that normalises; when none does, the first raw value is kept in extra.
void set_date(Document& d, std::initializer_list<std::string_view> candidates) {
    if (!d.date.empty()) return;
    std::string_view first_raw;
    for (auto raw : candidates) {
        if (raw.empty()) continue;
        if (first_raw.empty()) first_raw = raw;
        d.date = text::normalize_date(raw);
        if (!d.date.empty()) return;
    }
    if (!first_raw.empty()) d.extra["date_raw"] = std::string(first_raw);
}

void set_lang(Document& d, const std::string& raw) {
    if (raw.empty() || !d.lang.empty()) return;
    d.lang = fields::normalize_lang(raw);
    if (d.lang.empty()) d.extra["lang_raw"] = raw;
}

// RSS <author> is "jan@example.org (Jan Jansen)": the name is the useful part.
std::string rss_author(const std::string& raw) {
    const auto open = raw.find('(');
    const auto close = raw.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1) {
        const auto name = fields::trim(std::string_view(raw).substr(open + 1, close - open - 1));
        if (!name.empty()) return std::string(name);
    }
    return raw;
}

// A GUID is a safe id when it is a URL or otherwise obviously globally unique. A short counter
// such as "42" would collide with other feeds' items, even when isPermaLink (which defaults to
// true) claims it is a link.
bool usable_guid(const std::string& guid) {
    if (guid.empty()) return false;
    if (fields::looks_like_url(guid)) return true;
    return guid.find(':') != std::string::npos || guid.size() >= 16;  // urn:, tag:, UUIDs
}

// ---- RSS ------------------------------------------------------------------------------------

Document rss_item(const pugi::xml_node& item, const std::string& feed_title, const std::string& feed_lang) {
    Document d;
    std::string link, guid, description, encoded, date_raw, dc_date;
    bool permalink = true;
    for (auto c : item.children()) {
        if (c.type() != pugi::node_element) continue;
        const auto ns = namespace_of(c);
        const auto ln = local_name(c);
        if (is_rss_ns(ns)) {
            if (ln == "title" && d.title.empty()) d.title = text_of(c);
            else if (ln == "link" && link.empty()) link = text_of(c);
            else if (ln == "guid" && guid.empty()) {
                guid = text_of(c);
                permalink = !fields::iequals(fields::trim(c.attribute("isPermaLink").value()), "false");
            } else if (ln == "description" && description.empty()) description = text_of(c);
            else if (ln == "pubDate" && date_raw.empty()) date_raw = text_of(c);
            else if (ln == "category") fields::add_unique(d.tags, text_of(c));
            else if (ln == "author") fields::add_unique(d.authors, rss_author(text_of(c)));
        } else if (ns == kContentNs && ln == "encoded" && encoded.empty()) {
            encoded = text_of(c);
        } else if (is_dc_ns(ns)) {
            if (ln == "creator") fields::add_unique(d.authors, text_of(c));
            else if (ln == "date" && dc_date.empty()) dc_date = text_of(c);
            else if (ln == "subject") fields::add_unique(d.tags, text_of(c));
            else if (ln == "language") set_lang(d, text_of(c));
            else if (ln == "type" && d.type.empty()) d.type = fields::ascii_lower(text_of(c));
        }
    }
    // Descriptions and content:encoded routinely hold escaped HTML.
    d.summary = fields::strip_tags(description);
    d.body = fields::strip_tags(encoded);
    d.url = link;
    if (d.url.empty() && permalink && fields::looks_like_url(guid)) d.url = guid;
    if (usable_guid(guid)) {
        d.id = guid;
    } else {
        if (fields::looks_like_url(d.url)) d.id = d.url;  // a relative link names no one item
        if (!guid.empty()) d.extra["guid"] = guid;
    }
    set_date(d, {date_raw, dc_date});
    set_lang(d, std::string(fields::trim(item.attribute("xml:lang").value())));
    set_lang(d, feed_lang);
    if (d.type.empty()) d.type = "news";
    if (!feed_title.empty()) d.extra["feed_title"] = feed_title;
    return d;
}

std::vector<Document> extract_rss(const pugi::xml_node& root) {
    const pugi::xml_node channel = child_named(root, "channel");
    std::string feed_title, feed_lang;
    if (channel) {
        for (auto c : channel.children()) {
            if (c.type() != pugi::node_element) continue;
            const auto ln = local_name(c);
            if (ln == "title" && feed_title.empty()) feed_title = text_of(c);
            else if (ln == "language" && feed_lang.empty()) feed_lang = text_of(c);
        }
    }
    if (feed_lang.empty()) feed_lang = fields::trim(channel.attribute("xml:lang").value());
    if (feed_lang.empty()) feed_lang = fields::trim(root.attribute("xml:lang").value());
    std::vector<Document> docs;
    // RSS 2.0 nests items in the channel; RSS 1.0 makes them siblings of it.
    for (const auto& parent : {channel, root}) {
        if (!parent) continue;
        for (auto c : parent.children())
            if (c.type() == pugi::node_element && local_name(c) == "item" && is_rss_ns(namespace_of(c)))
                docs.push_back(rss_item(c, feed_title, feed_lang));
    }
    return docs;
}

// ---- Atom -----------------------------------------------------------------------------------

std::vector<AuthorName> atom_authors(const pugi::xml_node& parent) {
    std::vector<AuthorName> out;
    for (auto c : parent.children())
        if (c.type() == pugi::node_element && local_name(c) == "author" && namespace_of(c) == kAtomNs)
            fields::add_unique(out, text_of(child_named(c, "name")));
    return out;
}

std::vector<Document> extract_atom(const pugi::xml_node& feed) {
    std::string feed_title;
    if (auto t = child_named(feed, "title")) feed_title = atom_text(t);
    const std::string feed_lang(fields::trim(feed.attribute("xml:lang").value()));
    const auto feed_authors = atom_authors(feed);
    std::vector<Document> docs;
    for (auto entry : feed.children()) {
        if (entry.type() != pugi::node_element || local_name(entry) != "entry" || namespace_of(entry) != kAtomNs)
            continue;
        Document d;
        std::string published, updated, alternate, bare_link;
        for (auto c : entry.children()) {
            if (c.type() != pugi::node_element || namespace_of(c) != kAtomNs) continue;
            const auto ln = local_name(c);
            if (ln == "id" && d.id.empty()) d.id = text_of(c);
            else if (ln == "title" && d.title.empty()) d.title = atom_text(c);
            else if (ln == "link") {
                const std::string_view rel = fields::trim(c.attribute("rel").value());
                const std::string href(fields::trim(c.attribute("href").value()));
                if (rel == "alternate" && alternate.empty()) alternate = href;
                else if (rel.empty() && bare_link.empty()) bare_link = href;
            } else if (ln == "published" && published.empty()) published = text_of(c);
            else if (ln == "updated" && updated.empty()) updated = text_of(c);
            else if (ln == "category") fields::add_unique(d.tags, std::string(fields::trim(c.attribute("term").value())));
            else if (ln == "summary" && d.summary.empty()) d.summary = atom_text(c);
            else if (ln == "content" && d.body.empty() && !c.attribute("src")) d.body = atom_text(c);
        }
        d.url = !alternate.empty() ? alternate : bare_link;
        d.authors = atom_authors(entry);
        if (d.authors.empty()) d.authors = feed_authors;  // Atom: feed authors apply to every entry without one
        set_date(d, {published, updated});
        set_lang(d, std::string(fields::trim(entry.attribute("xml:lang").value())));
        set_lang(d, feed_lang);
        d.type = "news";
        if (!feed_title.empty()) d.extra["feed_title"] = feed_title;
        docs.push_back(std::move(d));
    }
    return docs;
}

// ---- Dublin Core ----------------------------------------------------------------------------

struct DcRecord {
    Document doc;
    std::string plain_id;  // the first identifier that is not a URL
};

void add_extra(std::map<std::string, std::vector<std::string>>& extra, std::string_view key, std::string value) {
    if (!value.empty()) extra[std::string(key)].push_back(std::move(value));
}

// Maps the DC / DCTERMS children of `container`; anything else it holds becomes the body.
DcRecord from_dc(const pugi::xml_node& container) {
    DcRecord r;
    Document& d = r.doc;
    std::map<std::string, std::vector<std::string>> extra;
    std::vector<std::string> creators, contributors;
    // Candidate dates by element, most specific publication date first.
    static constexpr std::string_view kDateOrder[] = {"issued", "date", "created", "available", "dateAccepted",
                                                      "dateSubmitted", "modified"};
    std::map<std::string, std::vector<std::string>> dates;
    std::string body, abstract;
    for (auto c : container.children()) {
        if (c.type() != pugi::node_element) continue;
        if (!is_dc_ns(namespace_of(c))) {
            body += text_of(c) + ' ';
            continue;
        }
        const std::string ln(local_name(c));
        std::string v = text_of(c);
        if (v.empty()) continue;
        if (ln == "title") {
            if (d.title.empty()) d.title = std::move(v);
            else add_extra(extra, "alternative", std::move(v));
        } else if (ln == "creator") {
            creators.push_back(std::move(v));
        } else if (ln == "contributor") {
            contributors.push_back(std::move(v));
        } else if (std::find(std::begin(kDateOrder), std::end(kDateOrder), ln) != std::end(kDateOrder)) {
            dates[ln].push_back(std::move(v));
        } else if (ln == "language") {
            if (d.lang.empty()) d.lang = fields::normalize_lang(v);
            if (d.lang.empty() || fields::normalize_lang(v) != d.lang) add_extra(extra, ln, std::move(v));
        } else if (ln == "subject") {
            fields::add_unique(d.tags, std::move(v));
        } else if (ln == "type") {
            if (d.type.empty()) d.type = fields::ascii_lower(v);
            else add_extra(extra, ln, std::move(v));
        } else if (ln == "identifier") {
            if (d.url.empty() && fields::looks_like_url(v)) d.url = std::move(v);
            else if (r.plain_id.empty() && !fields::looks_like_url(v)) r.plain_id = std::move(v);
            else add_extra(extra, ln, std::move(v));
        } else if (ln == "description") {
            if (d.summary.empty()) d.summary = std::move(v);
            else add_extra(extra, ln, std::move(v));
        } else if (ln == "abstract" && abstract.empty()) {
            abstract = std::move(v);
        } else if (ln == "publisher" && d.publisher.empty()) {
            d.publisher = std::move(v);
        } else {
            // A second publisher, rights, source, coverage, relation, format and any other DC term.
            add_extra(extra, ln, std::move(v));
        }
    }
    if (d.summary.empty()) d.summary = std::move(abstract);
    else add_extra(extra, "abstract", std::move(abstract));
    for (auto& a : creators) fields::add_unique(d.authors, std::move(a));
    for (auto& a : contributors) fields::add_unique(d.authors, std::move(a));
    // The first date that normalises wins; the others stay in extra under their own names.
    for (auto key : kDateOrder) {
        auto it = dates.find(std::string(key));
        if (it == dates.end()) continue;
        for (auto& v : it->second) {
            if (d.date.empty()) {
                d.date = text::normalize_date(v);
                if (!d.date.empty()) continue;
            }
            add_extra(extra, key, std::move(v));
        }
    }
    if (fields::looks_like_url(d.url)) d.id = d.url;
    d.body = text::collapse_whitespace(body);
    for (auto& [key, values] : extra) {
        if (values.empty()) continue;
        if (values.size() == 1) d.extra[key] = values.front();
        else d.extra[key] = values;
    }
    return r;
}

// Sets the id (the URL identifier, else `fallback`, else the local identifier) and keeps a local
// identifier that did not become the id in extra.identifier, ahead of any others.
void settle_dc_id(DcRecord& r, const std::string& fallback) {
    Document& d = r.doc;
    if (d.id.empty()) d.id = !fallback.empty() ? fallback : r.plain_id;
    if (r.plain_id.empty() || d.id == r.plain_id) return;
    json& x = d.extra["identifier"];
    if (x.is_null()) x = r.plain_id;
    else if (x.is_string()) x = json::array({r.plain_id, x});
    else x.insert(x.begin(), r.plain_id);
}

// ---- Generic XML ----------------------------------------------------------------------------

bool name_in(std::string_view lower_name, std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (lower_name == n) return true;
    return false;
}

// The predictable fallback: a title element, all text as body, and fields by well-known names.
Document generic(const pugi::xml_node& root) {
    Document d;
    pugi::xml_node title_el;
    // Real title names first, so an <author><name> before the <title> is not taken for it.
    for (auto names : {std::initializer_list<std::string_view>{"title", "titel", "headline", "kop"},
                       std::initializer_list<std::string_view>{"name", "naam"}}) {
        walk(root, [&](const pugi::xml_node& n) {
            if (title_el) return false;
            if (n.type() != pugi::node_element || !name_in(fields::ascii_lower(local_name(n)), names)) return true;
            // An empty element has no text below it either, so there is nothing more to find inside.
            if (!text_of(n).empty()) title_el = n;
            return false;
        });
        if (title_el) break;
    }
    if (title_el) d.title = text_of(title_el);
    d.body = text_of(root, title_el);

    std::string date_raw, lang_raw;
    // A matched element is not searched further, so nested look-alikes cannot make this quadratic.
    walk(root, [&](const pugi::xml_node& n) {
        if (n.type() != pugi::node_element) return true;
        const std::string ln = fields::ascii_lower(local_name(n));
        if (name_in(ln, {"date", "datum", "published", "issued", "pubdate"})) {
            if (date_raw.empty()) date_raw = text_of(n);
        } else if (name_in(ln, {"author", "auteur", "creator"})) {
            fields::add_unique(d.authors, text_of(n));
        } else if (name_in(ln, {"lang", "language", "taal"})) {
            if (lang_raw.empty()) lang_raw = text_of(n);
        } else if (name_in(ln, {"keyword", "tag", "subject", "trefwoord"})) {
            fields::add_unique(d.tags, text_of(n));
        } else if (name_in(ln, {"keywords", "tags", "subjects", "trefwoorden"}) &&
                   !n.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; })) {
            // A flat list in one element: "a, b; c".
            std::string v = text_of(n);
            std::replace(v.begin(), v.end(), ';', ',');
            for (auto& t : fields::split_list(v, ',')) fields::add_unique(d.tags, std::move(t));
        } else if (name_in(ln, {"summary", "abstract", "samenvatting", "description"})) {
            if (d.summary.empty()) d.summary = text_of(n);
        } else if (name_in(ln, {"url", "link"})) {
            if (d.url.empty()) d.url = text_of(n);
            if (d.url.empty()) d.url = fields::trim(n.attribute("href").value());
        } else if (name_in(ln, {"type", "soort"})) {
            if (d.type.empty()) d.type = fields::ascii_lower(text_of(n));
        } else {
            return true;
        }
        return false;
    });
    set_date(d, {date_raw});
    set_lang(d, std::string(fields::trim(root.attribute("xml:lang").value())));
    set_lang(d, lang_raw);
    return d;
}

// ---- Officiële publicaties -------------------------------------------------------------------

// The XML of the Dutch official publications: the proceedings of parliament (Handelingen: root
// <officiele-publicatie> holding <handelingen>, or <handeling> before 2011) and parliamentary
// papers (Kamerstukken: letters, motions, bills, in <kamerstuk>). Metadata comes as
// <meta name="DC.title" content="..."/> elements (<metadata> in the separate metadata file).
bool is_officiele_publicatie(const pugi::xml_node& root) {
    const std::string name = fields::ascii_lower(local_name(root));
    if (name == "officiele-publicatie") return true;
    if (!name_in(name, {"handeling", "handelingen", "kamerstuk"})) return false;
    // Those names alone are too common: the publications' paragraphs are <al> elements.
    bool paragraphs = false;
    walk(root, [&](const pugi::xml_node& n) {
        if (paragraphs) return false;
        if (n.type() == pugi::node_element && local_name(n) == "al") paragraphs = true;
        return !paragraphs;
    });
    return paragraphs;
}

// The first element below `root` with this local name, or an empty node.
pugi::xml_node first_named(const pugi::xml_node& root, std::string_view name) {
    pugi::xml_node found;
    walk(root, [&](const pugi::xml_node& n) {
        if (found) return false;
        if (n.type() == pugi::node_element && local_name(n) == name) found = n;
        return !found;
    });
    return found;
}

// The text of the first element named `name` below `n`.
std::string element_text_of(const pugi::xml_node& n, std::string_view name) {
    const pugi::xml_node found = first_named(n, name);
    return found ? text_of(found) : std::string();
}

Document officiele_publicatie(const pugi::xml_node& root) {
    Document d;
    // name -> (scheme, content), in document order
    std::multimap<std::string, std::pair<std::string, std::string>> meta;
    pugi::xml_node meta_block;  // left out of the body
    walk(root, [&](const pugi::xml_node& n) {
        if (n.type() != pugi::node_element) return true;
        const auto ln = local_name(n);
        if ((ln == "meta" || ln == "metadata") && n.attribute("name")) {
            meta.emplace(n.attribute("name").value(),
                         std::pair{std::string(n.attribute("scheme").value()),
                                   text::collapse_whitespace(n.attribute("content").value())});
            if (!meta_block && n.parent() != root) meta_block = n.parent();
            return false;
        }
        return true;
    });
    auto first = [&](std::initializer_list<std::string_view> names) {
        for (auto name : names)
            for (auto [it, end] = meta.equal_range(std::string(name)); it != end; ++it)
                if (!it->second.second.empty()) return it->second.second;
        return std::string();
    };
    auto element_text = [&](std::string_view name) {
        const pugi::xml_node n = first_named(root, name);
        return n ? text_of(n) : std::string();
    };

    d.id = first({"DC.identifier", "dcterms:identifier"});
    const bool proceedings = first_named(root, "spreekbeurt") || first_named(root, "handelingen") ||
                             fields::ascii_lower(local_name(root)) == "handeling";
    // Handelingen: the agenda item's title ("Vragen van het lid ... over ..."); papers: the
    // document's own title, else the whole DC title (dossier; document).
    const std::string item = element_text("item-titel");
    d.title = !item.empty() ? item : first({"OVERHEIDop.documenttitel", "DC.title"});
    if (d.title.empty()) d.title = element_text("titel");
    set_date(d, {first({"OVERHEIDop.datumVergadering"}), first({"DCTERMS.issued"}), first({"DCTERMS.available"}),
                 first({"DC.date"}), element_text("datum")});
    set_lang(d, first({"DC.language", "DCTERMS.language"}));
    if (d.lang.empty()) d.lang = "nl";
    d.publisher = first({"DC.creator"});

    // The speakers, with their parties: people as authors, parties as tags.
    std::vector<std::string> speakers;
    walk(root, [&](const pugi::xml_node& n) {
        if (n.type() != pugi::node_element || local_name(n) != "spreker") return true;
        std::string family = text::collapse_whitespace(
            element_text_of(n, "voorvoegsels") + " " + element_text_of(n, "achternaam"));
        if (family.empty()) family = element_text_of(n, "naam");
        std::string party = element_text_of(n, "politiek");
        if (party.empty()) party = element_text_of(n, "partij");
        if (!family.empty()) {
            fields::add_unique(d.authors, AuthorName::person(family, element_text_of(n, "voornaam")));
            fields::add_unique(speakers, party.empty() ? family : family + " (" + party + ")");
        }
        if (!party.empty()) fields::add_unique(d.tags, party);
        return false;
    });
    for (auto [it, end] = meta.equal_range("OVERHEIDop.indiener"); it != end; ++it)
        if (!it->second.second.empty()) fields::add_unique(d.authors, AuthorName(it->second.second));

    // The kind of paper (motie, brief, amendement...) as its type; proceedings are "handelingen".
    for (auto [it, end] = meta.equal_range("DC.type"); it != end; ++it)
        if (it->second.first.find("KamerstukTypen") != std::string::npos && !it->second.second.empty())
            d.type = fields::ascii_lower(it->second.second);
    if (d.type.empty()) d.type = proceedings ? "handelingen" : first_named(root, "kamerstuk") ? "kamerstuk" : "";

    // The document number, which is how parliament cites a paper ("35925-VII, nr. 31").
    std::string dossier = first({"OVERHEIDop.dossiernummer"});
    if (dossier.empty()) dossier = element_text("dossiernummer");
    std::string number = first({"OVERHEIDop.ondernummer"});
    if (number.empty()) number = element_text("ondernummer");
    d.container_title = first({"OVERHEIDop.dossiertitel"});
    const std::string year = first({"OVERHEIDop.vergaderjaar"});
    if (!dossier.empty()) d.extra["op:dossiernummer"] = dossier;
    if (!number.empty()) d.extra["op:ondernummer"] = number;
    if (!year.empty()) d.extra["op:vergaderjaar"] = year;
    if (!speakers.empty()) d.extra["op:sprekers"] = speakers;
    for (auto [it, end] = meta.equal_range("OVERHEIDop.behandeldDossier"); it != end; ++it)
        d.extra["op:behandeld"].push_back(it->second.second);
    // A summary that says what the document is, in the words it is cited by (searchable).
    std::string summary;
    if (!dossier.empty())
        summary = fmt::format("Kamerstuk {}{}", dossier, number.empty() ? "" : ", nr. " + number);
    else if (proceedings)
        summary = fmt::format("Handelingen{}{}", d.publisher.empty() ? "" : " " + d.publisher,
                              year.empty() ? "" : ", vergaderjaar " + year);
    if (!d.container_title.empty()) summary += (summary.empty() ? "" : ": ") + d.container_title;
    if (!speakers.empty()) summary += fmt::format("{}Sprekers: {}.", summary.empty() ? "" : ". ", fmt::join(speakers, ", "));
    d.summary = summary;
    d.body = text_of(root, meta_block);
    return d;
}

// ---- OAI-PMH --------------------------------------------------------------------------------

// One <record>: deleted records yield nothing; DC metadata is mapped as DC, anything else generically.
std::optional<Document> oai_record(const pugi::xml_node& record) {
    const pugi::xml_node header = child_named(record, "header");
    if (fields::iequals(fields::trim(header.attribute("status").value()), "deleted")) return std::nullopt;
    pugi::xml_node metadata_root;
    if (auto metadata = child_named(record, "metadata"))
        metadata_root = metadata.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; });
    if (!metadata_root) return std::nullopt;
    const std::string oai_id = text_of(child_named(header, "identifier"));
    const std::string datestamp = text_of(child_named(header, "datestamp"));
    Document d;
    if (has_dc_children(metadata_root)) {
        DcRecord r = from_dc(metadata_root);
        // A URL identifier beats the OAI identifier, which beats a local one.
        settle_dc_id(r, oai_id);
        d = std::move(r.doc);
    } else {
        d = generic(metadata_root);
        if (d.id.empty()) d.id = oai_id;
    }
    if (!oai_id.empty() && d.id != oai_id) d.extra["oai_identifier"] = oai_id;
    if (!datestamp.empty()) d.extra["oai_datestamp"] = datestamp;
    return d;
}

std::vector<Document> extract_oai(const pugi::xml_node& root) {
    std::vector<Document> docs;
    for (auto verb : root.children()) {
        if (verb.type() != pugi::node_element) continue;
        const auto ln = local_name(verb);
        if (ln != "ListRecords" && ln != "GetRecord") continue;
        for (auto rec : verb.children())
            if (rec.type() == pugi::node_element && local_name(rec) == "record")
                if (auto d = oai_record(rec)) docs.push_back(std::move(*d));
    }
    return docs;
}

// ---- input ----------------------------------------------------------------------------------

// The encoding named in an XML declaration ("" when there is none).
std::string declared_encoding(std::string_view s) {
    if (!s.starts_with("<?xml")) return {};
    const auto end = s.find("?>");
    if (end == std::string_view::npos || end > 1024) return {};
    const std::string_view decl = s.substr(0, end);
    auto pos = decl.find("encoding");
    if (pos == std::string_view::npos) return {};
    pos += 8;
    while (pos < decl.size() && (decl[pos] == ' ' || decl[pos] == '\t' || decl[pos] == '\r' || decl[pos] == '\n' ||
                                 decl[pos] == '='))
        ++pos;
    if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return {};
    const auto close = decl.find(decl[pos], pos + 1);
    if (close == std::string_view::npos) return {};
    return fields::ascii_lower(fields::trim(decl.substr(pos + 1, close - pos - 1)));
}

// pugixml's messages are terse; say which tag is wrong where we can tell. `offset` may be moved
// to the start of the offending end tag.
std::string parse_reason(const pugi::xml_parse_result& result, std::string_view input, std::size_t& offset) {
    switch (result.status) {
        case pugi::status_end_element_mismatch: {
            const auto lt = input.rfind('<', std::min(offset, input.size()));
            if (lt != std::string_view::npos && lt + 1 < input.size() && input[lt + 1] == '/') {
                auto name_end = input.find_first_of(" \t\r\n>", lt + 2);
                if (name_end == std::string_view::npos) name_end = input.size();
                offset = lt;
                return fmt::format("end tag </{}> does not match the open element",
                                   input.substr(lt + 2, name_end - lt - 2));
            }
            return "unexpected end of file: an element is not closed";
        }
        case pugi::status_no_document_element:
            return "no root element";
        default: {
            std::string reason = result.description();
            if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') reason[0] = static_cast<char>(reason[0] - 'A' + 'a');
            return reason;
        }
    }
}

bool is_utf8_label(std::string_view enc) {
    return enc.empty() || enc == "utf-8" || enc == "utf8" || enc == "us-ascii" || enc == "ascii";
}

}  // namespace

std::vector<Document> extract_xml(std::string_view bytes, const std::string& source) {
    if (const auto wide = text::detect_wide_encoding(bytes); wide.encoding != text::WideEncoding::None)
        return extract_xml(text::wide_to_utf8(bytes, wide), source);  // UTF-16/32: read as the UTF-8 it becomes
    const std::string_view body = text::strip_bom(bytes);
    const std::size_t bom = bytes.size() - body.size();

    // Legacy single-byte encodings are converted up front, so pugixml always sees UTF-8 and every
    // offset it reports is an offset into `input`.
    std::string converted;
    std::string_view input = body;
    std::string encoding = declared_encoding(body);
    // Real UTF-16/32 has NUL bytes (and was decoded above); a NUL-free file declaring it is UTF-8
    // with a wrong label (some exporters write one), or was decoded from UTF-16/32 already.
    if ((encoding.starts_with("utf-16") || encoding.starts_with("utf-32") || encoding.starts_with("ucs")) &&
        body.find('\0') == std::string_view::npos)
        encoding = "utf-8";
    if (!is_utf8_label(encoding)) {
        auto utf8 = text::to_utf8(body, encoding);
        if (!utf8)
            throw InputError(source, fmt::format("unsupported encoding \"{}\" (kb reads UTF-8, ISO-8859-1 and "
                                                 "windows-1252)",
                                                 encoding));
        converted = std::move(*utf8);
        input = converted;
    } else if (auto bad = text::first_invalid_utf8(body)) {
        const auto lc = fields::line_column(body, *bad);
        throw InputError(source, "invalid UTF-8", lc.line, lc.column, static_cast<std::int64_t>(bom + *bad));
    }

    pugi::xml_document doc;
    // parse_default does not expand DTD entities, so entity bombs and external entities are inert.
    const auto result = doc.load_buffer(input.data(), input.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
        const std::string reason = parse_reason(result, input, offset);
        const auto lc = fields::line_column(input, offset);
        throw InputError(source, reason, lc.line, lc.column);
    }

    const pugi::xml_node root = doc.document_element();
    const auto root_name = local_name(root);
    const auto root_ns = namespace_of(root);

    if (fields::iequals(root_name, "html") || root_ns == kXhtmlNs) return extract_html(bytes, source);

    std::vector<Document> docs;
    if (root_name == "rss" && root_ns.empty()) {
        docs = extract_rss(root);
    } else if (root_name == "RDF" && root_ns == kRdfNs && (child_named(root, "channel") || child_named(root, "item"))) {
        docs = extract_rss(root);
    } else if (root_name == "feed" && (root_ns == kAtomNs || (root_ns.empty() && child_named(root, "entry")))) {
        docs = extract_atom(root);
    } else if (root_name == "OAI-PMH" && root_ns == kOaiNs) {
        docs = extract_oai(root);
    } else if (root_name == "record" && child_named(root, "header") && child_named(root, "metadata")) {
        // A single OAI record saved on its own.
        if (auto d = oai_record(root)) docs.push_back(std::move(*d));
    } else if (is_officiele_publicatie(root)) {
        docs.push_back(officiele_publicatie(root));
    } else if (has_dc_children(root)) {
        DcRecord r = from_dc(root);
        settle_dc_id(r, {});
        docs.push_back(std::move(r.doc));
    } else if (root_name == "RDF" && root_ns == kRdfNs &&
               root.find_child([](pugi::xml_node c) { return has_dc_children(c); })) {
        // RDF/XML with one rdf:Description per described resource.
        for (auto c : root.children()) {
            if (c.type() != pugi::node_element || !has_dc_children(c)) continue;
            DcRecord r = from_dc(c);
            if (r.doc.url.empty() && fields::looks_like_url(c.attribute("rdf:about").value()))
                r.doc.url = r.doc.id = c.attribute("rdf:about").value();
            settle_dc_id(r, {});
            docs.push_back(std::move(r.doc));
        }
    } else {
        docs.push_back(generic(root));
    }
    for (auto& d : docs) {
        d.source = source;
        d.format = "xml";
    }
    return docs;
}

}  // namespace kb

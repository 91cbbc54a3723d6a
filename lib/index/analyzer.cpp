#include "index/analyzer.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "analysis/ablation.h"
#include "analysis/compound_splitter.h"
#include "analysis/language.h"
#include "analysis/stemmer.h"
#include "index/duplicates.h"
#include "index/facet_values.h"
#include "index/schema.h"
#include "text/date.h"
#include "text/hash.h"
#include "text/url.h"
#include "text/utf8.h"

namespace kb {

namespace {

// Keeps phrases and NEAR from matching across two fields.
constexpr Xapian::termpos kFieldGap = 100;
// Words the spelling dictionary learns: shorter ones are mostly abbreviations, longer ones noise.
constexpr std::size_t kMinSpellingWord = 3;
constexpr std::size_t kMaxSpellingWord = 40;
// The language guess reads at most this much of the body.
constexpr std::size_t kLanguageSample = 16 * 1024;

// The values of one field of the table, as the document holds them; none when empty.
std::vector<std::string> field_values(const Document& doc, std::string_view name) {
    auto one = [](const std::string& value) {
        return value.empty() ? std::vector<std::string>{} : std::vector<std::string>{value};
    };
    if (name == "title") return one(doc.title);
    if (name == "summary") return one(doc.summary);
    if (name == "author") return display_names(doc.authors);
    if (name == "tag") return doc.tags;
    if (name == "body") return one(doc.body);
    if (name == "type") return one(doc.type);
    if (name == "lang") return one(doc.lang);
    if (name == "format") return one(doc.format);
    if (name == "source") return one(doc.source);
    if (name == "url") return one(doc.url);
    if (name == "date" || name == "year") {
        // Only dates that start with a year are searchable by date (normalize_date makes them so).
        const bool dated = doc.date.size() >= 4 && std::all_of(doc.date.begin(), doc.date.begin() + 4, ::isdigit);
        return dated ? one(doc.date) : std::vector<std::string>{};
    }
    return {};  // id: its term is made apart (long ids are hashed)
}

// A field's value slot: the value in its facet form; several values joined, each once.
void add_slot_value(Xapian::Document& x, const schema::Field& field, const std::vector<std::string>& values) {
    std::vector<std::string> forms;
    for (const auto& value : values) {
        std::string form;
        switch (field.facet) {
            case schema::FacetForm::Lowercase: form = Xapian::Unicode::tolower(value); break;
            case schema::FacetForm::Folded: form = schema::filter_value(field.prefix, value); break;
            case schema::FacetForm::None:
            case schema::FacetForm::Year: form = field.kind == schema::FieldKind::Date ? text::date_to_yyyymmdd(value) : value; break;
            case schema::FacetForm::AsWritten: {
                const auto first = value.find_first_not_of(" \t\n");
                if (first != std::string::npos) form = value.substr(first, value.find_last_not_of(" \t\n") - first + 1);
                break;
            }
        }
        // The separator cannot be part of a value.
        std::replace(form.begin(), form.end(), schema::kListSeparator, ' ');
        if (!form.empty() && std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(std::move(form));
    }
    if (forms.empty()) return;
    std::string joined = forms.front();
    for (std::size_t i = 1; i < forms.size(); ++i) (joined += schema::kListSeparator) += forms[i];
    x.add_value(field.slot, joined);
}

}  // namespace

// Stems only, as Elasticsearch's Dutch analyzer does: half the terms of Xapian's default
// (unstemmed words with positions plus stems without) made indexing about 1.5x faster.
DocumentAnalyzer::DocumentAnalyzer()
    : dutch_(analysis::stemmer_for("nl", &words_)), english_(analysis::stemmer_for("en", &words_)) {
    generator_.set_stemming_strategy(analysis::kIndexStemming);
}

PreparedDocument DocumentAnalyzer::prepare(Document& doc, const std::string& file_signature) {
    // The language is read from the content (HTML extraction has taken the page furniture out),
    // with the title and summary first so that short documents have something to go on.
    std::string sample;
    sample.reserve(doc.title.size() + doc.summary.size() + std::min<std::size_t>(doc.body.size(), kLanguageSample) + 2);
    sample.append(doc.title).append("\n").append(doc.summary).append("\n");
    sample.append(doc.body, 0, kLanguageSample);
    const analysis::LanguageDecision language = analysis::decide_language(doc.lang, sample);
    const std::string& lang = language.analysis;
    doc.lang = language.label;

    PreparedDocument out;
    Xapian::Document& x = out.xapian;
    const Xapian::Stem& stemmer = lang == "en" ? english_ : dutch_;
    index_text_fields(doc, x, stemmer);
    if (lang == "nl" && !analysis::ablated(analysis::Feature::Compounds)) add_compound_parts(x, stemmer);
    out.spelling_words = collected_spelling_words();

    out.id_term = schema::id_term(doc.id);
    x.add_boolean_term(out.id_term);
    x.add_boolean_term(std::string(schema::kAnalysisPrefix) + lang);
    if (std::string url = schema::url_term(doc.url); !url.empty()) x.add_boolean_term(url);
    for (const auto& field : schema::kFields) {
        if (field.kind == schema::FieldKind::Filter)
            for (const auto& value : field_values(doc, field.name)) x.add_boolean_term(schema::boolean_term(field.prefix, value));
        if (field.slot != schema::kNoSlot && field.facet != schema::FacetForm::Year)
            add_slot_value(x, field, field_values(doc, field.name));
    }
    x.add_value(schema::kFacetsSlot, facets::pack(x));  // after the slots it packs
    if (!doc.source.empty()) out.source_term = schema::boolean_term(schema::field("source").prefix, doc.source);
    out.hash = content_hash(doc);
    x.add_value(schema::kHashSlot, out.hash);
    out.duplicate_term = duplicate_term(duplicate_key(doc));
    if (!out.duplicate_term.empty()) {
        x.add_boolean_term(out.duplicate_term);
        x.add_value(schema::kEveryDuplicateSlot, collapse_key(out.duplicate_term));
    }
    if (!file_signature.empty()) x.add_value(schema::kFileSlot, file_signature);
    x.add_value(schema::kIndexedSlot, text::utc_now());
    x.add_value(schema::kRecordSlot, to_json(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return out;
}

void DocumentAnalyzer::index_text_fields(const Document& doc, Xapian::Document& x, const Xapian::Stem& stemmer) {
    generator_.set_document(x);
    generator_.set_termpos(0);
    generator_.set_stemmer(stemmer);
    words_.start();
    for (const auto& field : schema::kFields) {
        if (field.kind != schema::FieldKind::Text && field.kind != schema::FieldKind::Both) continue;
        for (const auto& value : field_values(doc, field.name)) {
            if (field.kind == schema::FieldKind::Both) {
                x.add_boolean_term(schema::boolean_term(field.prefix, value));
            } else if (!field.prefix.empty()) {
                // Searchable on its own (title:word), unweighted; the free text carries the weight.
                generator_.index_text(value, 1, std::string(field.prefix));
                generator_.increase_termpos(kFieldGap);
            }
            if (field.weight > 0) {
                generator_.index_text(value, field.weight);
                generator_.increase_termpos(kFieldGap);
            }
        }
    }
    words_.active = false;
    words_.distinct();
    // Let go of the document now: Xapian's handles are reference-counted without atomics, so the
    // generator must not share it with the writer thread it is handed to.
    generator_.set_document(Xapian::Document());
}

std::string DocumentAnalyzer::collected_spelling_words() const {
    std::string out;
    // Ablated, the index has no dictionary at all: what building one costs (tests/bench/bench_add.sh).
    if (analysis::ablated(analysis::Feature::Spelling)) return out;
    for (const auto& w : words_.words)  // sorted by distinct()
        if (w.size() >= kMinSpellingWord && w.size() <= kMaxSpellingWord &&
            std::none_of(w.begin(), w.end(), [](unsigned char c) { return c >= '0' && c <= '9'; }))
            (out += w) += '\n';
    return out;
}

std::string DocumentAnalyzer::spelling_words(const Xapian::Document& stored) {
    if (std::string listed = stored.get_value(schema::kSpellingSlot); !listed.empty()) return listed;
    const Document doc = stored_document(stored);
    // The label decide_language gave it says which analysis prepare() ran.
    const Xapian::Stem& stemmer = analysis::analysis_of_label(doc.lang) == "en" ? english_ : dutch_;
    Xapian::Document scratch;
    index_text_fields(doc, scratch, stemmer);
    return collected_spelling_words();
}

void DocumentAnalyzer::add_compound_parts(Xapian::Document& x, const Xapian::Stem& stemmer) {
    for (const auto& word : words_.words) {
        if (word.size() < analysis::CompoundSplitter::kShortestCompound) continue;
        // The splitter keeps the splits it made, for every thread (CompoundSplitter::SplitCache).
        const std::vector<std::string> parts = analysis::CompoundSplitter::dutch().split(word);
        if (parts.empty()) continue;
        // Free-text terms only: title: and author: searches stay with the words as written.
        const std::string term = analysis::stem_term(stemmer, word);
        Xapian::TermIterator t = x.termlist_begin();
        t.skip_to(term);
        if (t == x.termlist_end() || *t != term) continue;
        std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
        for (const auto& part : parts) {
            const std::string part_term = analysis::stem_term(stemmer, part);
            if (part_term == term) continue;
            // wdf 0: the part makes the document match, but only a word as written adds weight,
            // so documents with "geweld" rank above those with only "gezinsgeweld".
            for (auto pos : positions) x.add_posting(part_term, pos, 0);
        }
    }
}

void reassign_id(PreparedDocument& prepared, const std::string& new_id) {
    Document doc = stored_document(prepared.xapian);
    prepared.xapian.remove_term(prepared.id_term);
    doc.id = new_id;
    prepared.id_term = schema::id_term(new_id);
    prepared.xapian.add_boolean_term(prepared.id_term);
    prepared.hash = content_hash(doc);
    prepared.xapian.add_value(schema::kHashSlot, prepared.hash);
    prepared.xapian.add_value(schema::kRecordSlot,
                              to_json(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string duplicate_key(const Document& doc) {
    if (std::string url = text::canonical_url(doc.url); !url.empty()) return "url:" + url;
    // The id, source, date and tags are left out: a copy saved under another name, or filed
    // again with other tags, is still the same text.
    std::string text;
    for (const std::string* field : {&doc.title, &doc.summary, &doc.body}) {
        text += Xapian::Unicode::tolower(text::collapse_whitespace(*field));
        text += '\n';
    }
    if (text.find_first_not_of('\n') == std::string::npos) return {};
    return fmt::format("text:{:016x}", text::fnv1a64(text));
}

std::string stored_record(const Xapian::Document& xdoc) {
    std::string record = xdoc.get_value(schema::kRecordSlot);
    if (record.empty()) record = xdoc.get_data();  // format 1 kept it there; read by rebuild to upgrade
    return record;
}

Document stored_document(const Xapian::Document& xdoc) { return document_from_record(stored_record(xdoc)); }

}  // namespace kb

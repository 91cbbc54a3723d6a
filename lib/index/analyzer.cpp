#include "index/analyzer.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "analysis/compound_splitter.h"
#include "analysis/language.h"
#include "analysis/stemmer.h"
#include "index/schema.h"
#include "text/date.h"

namespace kb {

namespace {

// Keeps phrases and NEAR from matching across two fields.
constexpr Xapian::termpos kFieldGap = 100;
// Words the spelling dictionary learns: shorter ones are mostly abbreviations, longer ones noise.
constexpr std::size_t kMinSpellingWord = 3;
constexpr std::size_t kMaxSpellingWord = 40;

}  // namespace

// Stems only, as Elasticsearch's Dutch analyzer does: half the terms of Xapian's default
// (unstemmed words with positions plus stems without) made indexing about 1.5x faster.
DocumentAnalyzer::DocumentAnalyzer()
    : dutch_(analysis::stemmer_for("nl", &words_)), english_(analysis::stemmer_for("en", &words_)) {
    generator_.set_stemming_strategy(analysis::kIndexStemming);
}

PreparedDocument DocumentAnalyzer::prepare(Document& doc, const std::string& file_signature) {
    const std::string lang =
        analysis::analysis_language(doc.lang, doc.body.empty() ? doc.summary : doc.body);
    if (doc.lang.empty())
        doc.lang = lang;
    else
        doc.lang = analysis::normalize_language(doc.lang);

    PreparedDocument out;
    Xapian::Document& x = out.xapian;
    generator_.set_document(x);
    generator_.set_termpos(0);
    const Xapian::Stem& stemmer = lang == "en" ? english_ : dutch_;
    generator_.set_stemmer(stemmer);
    words_.words.clear();
    words_.active = true;

    // Title: searchable on its own (title:) and weighted up in free text.
    generator_.index_text(doc.title, 1, std::string(schema::kTitlePrefix));
    generator_.increase_termpos(kFieldGap);
    generator_.index_text(doc.title, schema::kTitleWeight);
    generator_.increase_termpos(kFieldGap);
    generator_.index_text(doc.summary, schema::kSummaryWeight);
    generator_.increase_termpos(kFieldGap);
    for (const auto& author : doc.authors) {
        generator_.index_text(author, 1, std::string(schema::kAuthorPrefix));
        generator_.increase_termpos(kFieldGap);
        generator_.index_text(author);
        generator_.increase_termpos(kFieldGap);
    }
    for (const auto& tag : doc.tags) {
        x.add_boolean_term(schema::boolean_term(schema::kTagPrefix, tag));
        generator_.index_text(tag);
        generator_.increase_termpos(kFieldGap);
    }
    generator_.index_text(doc.body);
    words_.active = false;
    if (lang == "nl") add_compound_parts(x, stemmer);
    std::vector<std::string> spelling_words;
    spelling_words.reserve(words_.words.size());
    for (const auto& w : words_.words)
        if (w.size() >= kMinSpellingWord && w.size() <= kMaxSpellingWord &&
            std::none_of(w.begin(), w.end(), [](unsigned char c) { return c >= '0' && c <= '9'; }))
            spelling_words.push_back(w);
    std::sort(spelling_words.begin(), spelling_words.end());
    // Let go of the document now: Xapian's handles are reference-counted without atomics, so the
    // generator must not share it with the writer thread it is handed to.
    generator_.set_document(Xapian::Document());

    out.id_term = schema::id_term(doc.id);
    x.add_boolean_term(out.id_term);
    x.add_boolean_term(std::string(schema::kAnalysisPrefix) + lang);
    if (!doc.lang.empty()) x.add_boolean_term(schema::boolean_term(schema::kLangPrefix, doc.lang));
    if (!doc.type.empty()) x.add_boolean_term(schema::boolean_term(schema::kTypePrefix, doc.type));
    if (!doc.format.empty()) x.add_boolean_term(schema::boolean_term(schema::kFormatPrefix, doc.format));
    if (std::string url = schema::url_term(doc.url); !url.empty()) x.add_boolean_term(url);
    if (!doc.source.empty()) {
        out.source_term = schema::boolean_term(schema::kSourcePrefix, doc.source);
        x.add_boolean_term(out.source_term);
    }
    if (doc.date.size() >= 4 && std::all_of(doc.date.begin(), doc.date.begin() + 4, ::isdigit)) {
        x.add_boolean_term(schema::boolean_term(schema::kYearPrefix, doc.date.substr(0, 4)));
        x.add_value(schema::kDateSlot, text::date_to_yyyymmdd(doc.date));
        x.add_value(schema::kYearSlot, Xapian::sortable_serialise(std::stoi(doc.date.substr(0, 4))));
    }
    x.add_value(schema::kFormatSlot, doc.format);
    x.add_value(schema::kLangSlot, doc.lang);
    if (!doc.type.empty()) x.add_value(schema::kTypeSlot, Xapian::Unicode::tolower(doc.type));
    out.hash = content_hash(doc);
    x.add_value(schema::kHashSlot, out.hash);
    if (!file_signature.empty()) x.add_value(schema::kFileSlot, file_signature);
    x.add_value(schema::kIndexedSlot, text::utc_now());
    x.add_value(schema::kRecordSlot, to_json(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    std::string spelling;
    for (const auto& w : spelling_words) (spelling += w) += '\n';
    x.add_value(schema::kSpellingSlot, spelling);
    return out;
}

const std::vector<std::string>& DocumentAnalyzer::parts_of(const std::string& word) {
    auto it = parts_cache_.find(word);
    if (it != parts_cache_.end()) return it->second;
    if (parts_cache_.size() >= 200000) parts_cache_.clear();  // a bound; refills with the common words
    return parts_cache_.emplace(word, analysis::CompoundSplitter::dutch().split(word)).first->second;
}

void DocumentAnalyzer::add_compound_parts(Xapian::Document& x, const Xapian::Stem& stemmer) {
    const std::string z(analysis::kStemPrefix);
    for (const auto& word : words_.words) {
        const auto& parts = parts_of(word);
        if (parts.empty()) continue;
        // Free-text terms only: title: and author: searches stay with the words as written.
        const std::string term = z + stemmer(word);
        Xapian::TermIterator t = x.termlist_begin();
        t.skip_to(term);
        if (t == x.termlist_end() || *t != term) continue;
        std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
        for (const auto& part : parts) {
            const std::string part_term = z + stemmer(part);
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

Document stored_document(const Xapian::Document& xdoc) {
    std::string record = xdoc.get_value(schema::kRecordSlot);
    if (record.empty()) record = xdoc.get_data();  // format 1 kept it there; read by rebuild to upgrade
    return document_from_json(nlohmann::json::parse(record));
}

}  // namespace kb

#include "analysis/ablation.h"

#include <array>
#include <cstdlib>
#include <fmt/format.h>

#include "error.h"

namespace kb::analysis {

namespace {

constexpr std::array<Feature, 7> kFeatures{Feature::Folding,  Feature::Compounds, Feature::StemFixes,
                                           Feature::Spelling, Feature::Partial,   Feature::StopWords,
                                           Feature::Language};

unsigned read_ablations() {
    const char* env = std::getenv("KB_ABLATE");
    if (!env) return 0;
    const std::string_view list(env);
    unsigned mask = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i < list.size() && list[i] != ',') continue;
        const std::string_view name = list.substr(start, i - start);
        start = i + 1;
        if (name.empty()) continue;
        bool known = false;
        for (Feature f : kFeatures)
            if (name == feature_name(f)) {
                mask |= static_cast<unsigned>(f);
                known = true;
            }
        if (!known)
            throw Error(fmt::format("KB_ABLATE: unknown feature '{}'; use a comma-separated list of folding, "
                                    "compounds, stemfixes, spelling, partial, stopwords, language, or unset it",
                                    name));
    }
    return mask;
}

unsigned ablations() {
    static const unsigned mask = read_ablations();
    return mask;
}

}  // namespace

std::string_view feature_name(Feature f) {
    switch (f) {
        case Feature::Folding: return "folding";
        case Feature::Compounds: return "compounds";
        case Feature::StemFixes: return "stemfixes";
        case Feature::Spelling: return "spelling";
        case Feature::Partial: return "partial";
        case Feature::StopWords: return "stopwords";
        case Feature::Language: return "language";
    }
    return "";
}

bool ablated(Feature f) { return (ablations() & static_cast<unsigned>(f)) != 0; }

std::string ablation_signature() {
    std::string names;
    for (Feature f : kFeatures)
        if (ablated(f)) {
            if (!names.empty()) names += ',';
            names += feature_name(f);
        }
    return names.empty() ? names : "ablate=" + names;
}

}  // namespace kb::analysis

// Picks the analysis language of a document: its declared language when the text does not
// contradict it, else a guess from its words.
#pragma once
#include <string>
#include <string_view>

namespace kb::analysis {

// Normalises a language tag or name ("nl-NL", "nld", "Dutch", "en_GB", "eng") to a 2-letter code;
// returns the lowercased primary subtag for other languages and "" for nothing.
std::string normalize_language(std::string_view tag);

// The evidence a text gives for Dutch and for English (see language.cpp for what counts).
struct LanguageEvidence {
    int dutch = 0;
    int english = 0;
    int words = 0;
    // "nl" or "en" when one side has enough evidence to speak of, else "".
    std::string likely() const;
    // True when the text says so clearly enough to overrule a declared language.
    bool decisive() const;
};

// Weighs the words of the first 16 KB of `text`.
LanguageEvidence language_evidence(std::string_view text);

// Guesses "nl" or "en" from a text; "" when there is too little to go on.
std::string guess_language(std::string_view text);

// What kb decides about a document's language.
struct LanguageDecision {
    std::string analysis;  // the analysis the index uses: "nl" or "en"
    std::string label;     // what the document is labelled with (lang: filter): may be "de", "fr", or ""
    bool overruled = false;  // the declared nl/en contradicted by the text
};

// Metadata first when present and plausible: a declared "nl" or "en" holds unless the text is
// decisively the other language (a CMS template's lang="en" over Dutch content). Other declared
// languages are kept as labels and analysed with the default (Dutch). Undeclared: the guess, else
// Dutch. `text` should be the document's content without page furniture (HTML extraction strips it).
LanguageDecision decide_language(std::string_view declared, std::string_view text);

// The analysis of a stored document, read from the label decide_language gave it: English for
// "en", Dutch for every other label (decide_language analyses nothing else). Reading the text
// again would cost a language guess per search hit, and could disagree with the index.
std::string_view analysis_of_label(std::string_view label);

}  // namespace kb::analysis

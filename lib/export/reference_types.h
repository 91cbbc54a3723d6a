// How kb's document types ("report", "news", ...) correspond to the item types of reference
// managers: CSL-JSON, RIS and BibTeX for export, CSL-JSON and schema.org for import.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb::reference_types {

// The CSL type for a kb type; "document" when there is no closer one (then `genre` says which).
std::string csl_type(std::string_view kb_type);
// Whether csl_type() of `kb_type` reads back as `kb_type`; if not, exports add it as CSL "genre".
bool csl_round_trips(std::string_view kb_type);
// The kb type of a CSL item: its genre (or none) for a generic "document", the kb name of a known
// CSL type, else the CSL type itself.
std::string kb_type_from_csl(std::string_view csl_type, std::string_view genre);
// The kb type of a schema.org @type (ScholarlyArticle -> article, Report -> report,
// NewsArticle -> news); other @types are kept as they are.
std::string kb_type_from_schema_org(std::string_view schema_type);

// The RIS TY code for a kb type ("GEN" when none is closer).
std::string ris_type(std::string_view kb_type);
// The kb type of a RIS TY code.
std::string kb_type_from_ris(std::string_view ris_type);

// The BibTeX entry type for a kb type ("misc" when none is closer).
std::string bibtex_type(std::string_view kb_type);
// The kb type of a BibTeX entry type.
std::string kb_type_from_bibtex(std::string_view entry_type);

// "2020-05-01" -> {2020, 5, 1}; "2020" -> {2020}; {} for no date.
std::vector<int> date_parts(std::string_view iso_date);
// "33-47", "33–47" or "33--47" -> {"33", "47"}; "12" -> {"12", ""}.
std::pair<std::string, std::string> page_range(std::string_view pages);

}  // namespace kb::reference_types

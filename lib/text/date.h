// Normalises the date spellings found in documents to ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).
#pragma once
#include <string>
#include <string_view>

namespace kb::text {

// Accepts ISO 8601 (with or without time), RFC 822 ("Mon, 08 Mar 2021 10:00:00 +0100"),
// "8 maart 2021" / "8 March 2021", "08-03-2021" (day first, the Dutch order) and "2021/03/08".
// Returns "" when nothing sensible is found.
std::string normalize_date(std::string_view raw);

// "2021-03-08" -> "20210308"; a partial date is padded with 01 ("2021-03" -> "20210301"); "" stays "".
std::string date_to_yyyymmdd(std::string_view iso);

// The current time as ISO 8601 UTC ("2026-11-29T21:51:49Z").
std::string utc_now();

}  // namespace kb::text

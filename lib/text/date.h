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

// A period a user names in a query, as the first and last day it covers (YYYYMMDD): "2019" is
// 20190101..20191231, "2019-03" 20190301..20190331, "2019-03-08" that day. Returns false for
// anything else, impossible dates (2019-13, 2019-02-30) included. `years_only` accepts "2019" only.
bool parse_period(std::string_view text, bool years_only, std::string& first, std::string& last);

// The current time as ISO 8601 UTC ("2026-11-29T21:51:49Z").
std::string utc_now();

}  // namespace kb::text

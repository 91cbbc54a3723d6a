#include "text/date.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <fmt/chrono.h>
#include <cctype>
#include <fmt/format.h>
#include <vector>

namespace kb::text {

namespace {

struct MonthName {
    const char* name;
    int month;
};

// English and Dutch month names and their usual abbreviations.
constexpr std::array<MonthName, 30> kMonths{{
    {"january", 1}, {"januari", 1}, {"february", 2}, {"februari", 2}, {"march", 3}, {"maart", 3},
    {"april", 4},   {"may", 5},     {"mei", 5},      {"june", 6},     {"juni", 6},   {"july", 7},
    {"juli", 7},    {"august", 8},  {"augustus", 8}, {"september", 9}, {"october", 10}, {"oktober", 10},
    {"november", 11}, {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"mrt", 3}, {"apr", 4},
    {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9}, {"oct", 10},
}};

int month_from_name(std::string word) {
    for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!word.empty() && word.back() == '.') word.pop_back();
    for (const auto& m : kMonths)
        if (word == m.name) return m.month;
    if (word == "okt") return 10;
    if (word == "nov") return 11;
    if (word == "dec") return 12;
    if (word == "sept") return 9;
    return 0;
}

struct Token {
    std::string text;
    bool numeric;
};

std::vector<Token> tokenize(std::string_view raw) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < raw.size()) {
        unsigned char c = raw[i];
        if (std::isdigit(c)) {
            std::size_t j = i;
            while (j < raw.size() && std::isdigit(static_cast<unsigned char>(raw[j]))) ++j;
            out.push_back({std::string(raw.substr(i, j - i)), true});
            i = j;
        } else if (std::isalpha(c)) {
            std::size_t j = i;
            while (j < raw.size() && (std::isalpha(static_cast<unsigned char>(raw[j])) || raw[j] == '.')) ++j;
            out.push_back({std::string(raw.substr(i, j - i)), false});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

std::string compose(int y, int m, int d) {
    if (y < 1000 || y > 2999) return {};
    if (m < 1 || m > 12) return fmt::format("{:04d}", y);
    if (d < 1 || d > 31) return fmt::format("{:04d}-{:02d}", y, m);
    return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

}  // namespace

std::string normalize_date(std::string_view raw) {
    // ISO 8601 first: YYYY[-MM[-DD]][Thh:mm...]
    auto digits = [&](std::size_t pos, std::size_t n) {
        if (pos + n > raw.size()) return -1;
        int v = 0;
        for (std::size_t k = pos; k < pos + n; ++k) {
            if (!std::isdigit(static_cast<unsigned char>(raw[k]))) return -1;
            v = v * 10 + (raw[k] - '0');
        }
        return v;
    };
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
    if (int y = digits(0, 4); y >= 0 && (raw.size() == 4 || raw[4] == '-' || raw[4] == '/')) {
        if (raw.size() == 4) return compose(y, 0, 0);
        int m = digits(5, 2);
        if (m < 0) return compose(y, 0, 0);
        if (raw.size() == 7 || (raw.size() > 7 && raw[7] != raw[4])) return compose(y, m, 0);
        int d = digits(8, 2);
        return compose(y, m, d < 0 ? 0 : d);
    }
    // Otherwise: tokens. A month name decides the order; all-numeric dates are day first.
    auto tokens = tokenize(raw);
    int year = 0, month = 0, day = 0;
    std::vector<int> numbers;
    for (const auto& t : tokens) {
        if (t.numeric) {
            if (t.text.size() == 4 && year == 0)
                year = std::stoi(t.text);
            else if (t.text.size() <= 2)
                numbers.push_back(std::stoi(t.text));
            else if (year != 0)
                break;  // a time such as 100000 after the year: stop
        } else if (month == 0) {
            month = month_from_name(t.text);
        }
        if (year && month && !numbers.empty()) break;
    }
    if (year == 0) return {};
    if (month != 0) {
        day = numbers.empty() ? 0 : numbers.front();
    } else if (numbers.size() >= 2) {
        day = numbers[0];
        month = numbers[1];
    }
    return compose(year, month, day);
}

std::string date_to_yyyymmdd(std::string_view iso) {
    if (iso.size() < 4) return {};
    std::string out(iso.substr(0, 4));
    out += iso.size() >= 7 ? std::string(iso.substr(5, 2)) : "01";
    out += iso.size() >= 10 ? std::string(iso.substr(8, 2)) : "01";
    return out;
}

bool parse_period(std::string_view text, bool years_only, std::string& first, std::string& last) {
    const bool digits_only =
        std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
    if (!digits_only || (text.size() != 4 && text.size() != 7 && text.size() != 10)) return false;
    if (years_only && text.size() != 4) return false;
    auto number = [&](std::size_t pos, std::size_t n) {
        int v = 0;
        for (std::size_t k = pos; k < pos + n; ++k) {
            if (text[k] == '-') return -1;
            v = v * 10 + (text[k] - '0');
        }
        return v;
    };
    const int y = number(0, 4);
    if (y < 0) return false;
    if (text.size() == 4) {
        first = fmt::format("{:04d}0101", y);
        last = fmt::format("{:04d}1231", y);
        return true;
    }
    if (text[4] != '-') return false;
    const int m = number(5, 2);
    if (m < 1 || m > 12) return false;
    const unsigned days = static_cast<unsigned>(
        std::chrono::year_month_day_last(std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) /
                                         std::chrono::last)
            .day());
    if (text.size() == 7) {
        first = fmt::format("{:04d}{:02d}01", y, m);
        last = fmt::format("{:04d}{:02d}{:02d}", y, m, days);
        return true;
    }
    if (text[7] != '-') return false;
    const int d = number(8, 2);
    if (d < 1 || static_cast<unsigned>(d) > days) return false;
    first = last = fmt::format("{:04d}{:02d}{:02d}", y, m, d);
    return true;
}

std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                       fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

}  // namespace kb::text

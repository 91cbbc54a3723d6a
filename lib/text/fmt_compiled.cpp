// fmt's compiled part (what libfmt.so holds), built into kb from the installed headers.
//
// Every kb process mapped and relocated libfmt.so for a few functions: one shared object fewer is
// about 0.15 ms of each `kb search` on the benchmark machine (README, "Search"). Including fmt
// from its headers alone (FMT_HEADER_ONLY) would compile format-inl.h into every source file,
// which made a full build 2.5 minutes slower; here it is compiled once. The headers declare the
// functions that this file defines; the templates that the headers leave to the library are
// instantiated below, for char (kb formats no wide strings).
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

// Shortest round-trip digits of floating-point numbers ("{}" of a double).
template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
// The locale, for the "L" format flag and for dates (fmt/chrono.h).
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;

}  // namespace detail
FMT_END_NAMESPACE

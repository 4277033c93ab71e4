// Fuzz target: the unit parsers of core/units.h, every one on the same text ("800G", "$1,200",
// "0.35 dB/km" ...). Besides crashes it checks what the header promises: an accepted value is
// finite, at most 1e15, not negative where the dimension forbids it, and format() writes it back
// in a form parse_*() accepts again, within the printed precision.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "opticplan/core/units.h"

using namespace opticplan;

namespace {

void require(bool ok, const char* what, std::string_view text) {
  if (ok) return;
  std::fprintf(stderr, "%s for input \"%.*s\"\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

// `resolution`: the largest rounding format() may do at this value (half its last printed digit).
template <class Q>
void check(Result<Q> (*parse)(std::string_view), std::string_view text, bool may_be_negative,
           double (*resolution)(double)) {
  const auto r = parse(text);
  if (!r) {
    require(!r.error().empty(), "empty error message", text);
    return;
  }
  const double v = r->value();
  require(std::isfinite(v) && std::fabs(v) <= 1e15, "accepted value out of range", text);
  require(may_be_negative || v >= 0, "accepted a negative value", text);
  if constexpr (requires(Q q) { format(q); }) {
    const std::string shown = format(*r);
    const auto back = parse(shown);
    require(back.ok(), ("format() wrote \"" + shown + "\", which does not parse back").c_str(), text);
    require(std::fabs(back->value() - v) <= resolution(v) + 1e-9 * std::fabs(v),
            ("format() wrote \"" + shown + "\", which parses to another value").c_str(), text);
  }
}

double rate_res(double v) { return v >= 1000 ? 0.5 : v < 1 ? 0.5e-6 : 0.5e-3; }
double power_res(double v) { return v >= 1000 ? 0.5 : 0.5e-3; }
double money_res(double) { return 0.005; }
double db_res(double) { return 0.005; }
double length_res(double v) { return v >= 1000 ? 0.5 : 0.005; }
double milli_res(double) { return 0.5e-3; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(parse_data_rate, text, false, rate_res);
  check(parse_power, text, false, power_res);
  check(parse_money, text, false, money_res);
  check(parse_db, text, true, db_res);
  check(parse_dbm, text, true, db_res);
  check(parse_length, text, false, length_res);
  check(parse_symbol_rate, text, false, milli_res);
  check(parse_frequency, text, false, milli_res);
  check(parse_attenuation, text, false, milli_res);
  check(parse_dispersion, text, true, nullptr);  // no format() for these three
  check(parse_area, text, false, nullptr);
  check(parse_accumulated_dispersion, text, false, nullptr);
  return 0;
}

#include "opticplan/core/units.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>

namespace opticplan {
namespace {

struct UnitSpelling {
  std::string_view spelling;
  double scale;  // multiply the written number by this to get the base unit
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads a leading decimal number ("1,200.5", "-3", "2e3"); thousands separators must group by 3.
// Returns the number of characters consumed, 0 if there is no valid number.
size_t read_number(std::string_view s, double& out) {
  size_t i = 0;
  std::string clean;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
  const size_t int_start = i;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')) ++i;
  // A trailing comma belongs to the text after the number, not to it.
  while (i > int_start && s[i - 1] == ',') --i;
  const std::string_view int_part = s.substr(int_start, i - int_start);
  if (int_part.find(',') != std::string_view::npos) {
    // Groups: 1-3 digits, then ",ddd" groups.
    size_t first = int_part.find(',');
    if (first == 0 || first > 3) return 0;
    if ((int_part.size() - first) % 4 != 0) return 0;
    for (size_t k = first; k < int_part.size(); k += 4) {
      if (int_part[k] != ',') return 0;
      for (size_t d = 1; d <= 3; ++d)
        if (int_part[k + d] < '0' || int_part[k + d] > '9') return 0;
    }
  }
  bool seen_digit = false;
  for (char c : int_part)
    if (c != ',') {
      clean += c;
      seen_digit = true;
    }
  if (i < s.size() && s[i] == '.') {
    clean += s[i++];
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      clean += s[i++];
      seen_digit = true;
    }
  }
  if (!seen_digit) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && s[j] >= '0' && s[j] <= '9') {
      clean.append(s.substr(i, j - i));
      i = j;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') clean += s[i++];
    }
  }
  const char* first = clean.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, clean.data() + clean.size(), out);
  if (ptr != clean.data() + clean.size()) return 0;
  // Too large (or too small) for a double: a number all the same, which the caller refuses as out of range.
  if (ec == std::errc::result_out_of_range)
    out = clean[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  else if (ec != std::errc())
    return 0;
  return i;
}

struct Dimension {
  std::string_view what;      // "a length"
  std::string_view examples;  // "\"500 m\" or \"2 km\""
  bool allow_negative;
  std::initializer_list<UnitSpelling> units;
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

Result<double> parse_with(std::string_view text, const Dimension& dim) {
  const std::string_view s = trim(text);
  const std::string expected =
      std::string("expected ") + std::string(dim.what) + " such as " + std::string(dim.examples);
  double number = 0;
  const size_t used = read_number(s, number);
  if (used == 0) return fail(expected + ", got " + quoted(text));
  const std::string_view unit = trim(s.substr(used));
  if (unit.empty()) return fail(quoted(text) + " has no unit; " + expected);
  for (const auto& u : dim.units) {
    if (u.spelling == unit) {
      const double v = number * u.scale;
      if (!std::isfinite(v) || std::fabs(v) > 1e15) return fail(quoted(text) + " is out of range; " + expected);
      if (!dim.allow_negative && v < 0) return fail(quoted(text) + " is negative; " + expected);
      return v == 0 ? 0.0 : v;
    }
  }
  std::string known;
  for (const auto& u : dim.units) known += (known.empty() ? "" : ", ") + std::string(u.spelling);
  return fail("unknown unit " + quoted(unit) + " in " + quoted(text) + "; " + expected + " (units: " + known + ")");
}

template <class Q>
Result<Q> as(Result<double> r) {
  if (!r) return fail(r.error());
  return Q(*r);
}

}  // namespace

Result<DataRate> parse_data_rate(std::string_view text) {
  static const Dimension d{"a data rate",
                           "\"800G\" or \"1.6T\"",
                           false,
                           {{"G", 1},
                            {"Gb/s", 1},
                            {"Gbps", 1},
                            {"GbE", 1},
                            {"T", 1000},
                            {"Tb/s", 1000},
                            {"Tbps", 1000},
                            {"M", 1e-3},
                            {"Mb/s", 1e-3},
                            {"Mbps", 1e-3}}};
  return as<DataRate>(parse_with(text, d));
}

Result<Power> parse_power(std::string_view text) {
  static const Dimension d{
      "a power", "\"14 W\" or \"350 mW\"", false, {{"W", 1}, {"mW", 1e-3}, {"kW", 1e3}, {"MW", 1e6}}};
  return as<Power>(parse_with(text, d));
}

Result<Money> parse_money(std::string_view text) {
  static const Dimension d{"an amount of money",
                           "\"$650\" or \"1,200 USD\"",
                           false,
                           {{"USD", 1}, {"kUSD", 1e3}, {"k USD", 1e3}, {"M USD", 1e6}, {"B USD", 1e9}}};
  static const Dimension dollar{
      "an amount of money", "\"$650\" or \"$16.5B\"", false, {{"k", 1e3}, {"M", 1e6}, {"B", 1e9}}};
  const std::string_view s = trim(text);
  if (!s.empty() && s.front() == '$') {
    std::string_view rest = trim(s.substr(1));
    double number = 0;
    const size_t used = read_number(rest, number);
    if (used == 0) return fail("expected an amount of money such as \"$650\" or \"1,200 USD\", got " + quoted(text));
    if (used == rest.size()) {
      if (!std::isfinite(number) || number > 1e15) return fail(quoted(text) + " is out of range");
      if (number < 0) return fail(quoted(text) + " is negative; expected an amount of money such as \"$650\"");
      return Money(number);
    }
    auto r = parse_with(rest, dollar);
    if (r) return Money(*r);
    // Quote what the user wrote, dollar sign included.
    std::string msg = r.error();
    for (size_t at = msg.find(quoted(rest)); at != std::string::npos; at = msg.find(quoted(rest), at + text.size()))
      msg.replace(at, quoted(rest).size(), quoted(text));
    return fail(msg);
  }
  return as<Money>(parse_with(text, d));
}

Result<Decibel> parse_db(std::string_view text) {
  static const Dimension d{"a ratio in decibels", "\"3.0 dB\"", true, {{"dB", 1}}};
  return as<Decibel>(parse_with(text, d));
}

Result<PowerDbm> parse_dbm(std::string_view text) {
  static const Dimension d{"a power level", "\"-2 dBm\"", true, {{"dBm", 1}}};
  return as<PowerDbm>(parse_with(text, d));
}

Result<Length> parse_length(std::string_view text) {
  static const Dimension d{"a length",
                           "\"500 m\" or \"2 km\"",
                           false,
                           {{"m", 1}, {"km", 1000}, {"cm", 0.01}, {"mm", 0.001}, {"um", 1e-6}, {"nm", 1e-9}}};
  return as<Length>(parse_with(text, d));
}

Result<SymbolRate> parse_symbol_rate(std::string_view text) {
  static const Dimension d{
      "a symbol rate", "\"59.84 GBd\"", false, {{"GBd", 1}, {"Gbaud", 1}, {"GBaud", 1}, {"MBd", 1e-3}}};
  return as<SymbolRate>(parse_with(text, d));
}

Result<Frequency> parse_frequency(std::string_view text) {
  static const Dimension d{
      "a frequency", "\"75 GHz\" or \"193.1 THz\"", false, {{"GHz", 1}, {"THz", 1000}, {"MHz", 1e-3}}};
  return as<Frequency>(parse_with(text, d));
}

Result<Attenuation> parse_attenuation(std::string_view text) {
  static const Dimension d{"an attenuation", "\"0.35 dB/km\"", false, {{"dB/km", 1}, {"dB/m", 1000}}};
  return as<Attenuation>(parse_with(text, d));
}

Result<Dispersion> parse_dispersion(std::string_view text) {
  static const Dimension d{
      "a dispersion coefficient", "\"16.7 ps/nm/km\"", true, {{"ps/nm/km", 1}, {"ps/(nm km)", 1}, {"ps/(nm*km)", 1}}};
  return as<Dispersion>(parse_with(text, d));
}

Result<Area> parse_area(std::string_view text) {
  static const Dimension d{
      "an effective area", "\"80 um2\"", false, {{"um2", 1}, {"um^2", 1}, {"\xC2\xB5m2", 1}, {"\xC2\xB5m\xC2\xB2", 1}}};
  return as<Area>(parse_with(text, d));
}

Result<AccumulatedDispersion> parse_accumulated_dispersion(std::string_view text) {
  static const Dimension d{"an accumulated dispersion", "\"2400 ps/nm\"", false, {{"ps/nm", 1}, {"ns/nm", 1000}}};
  return as<AccumulatedDispersion>(parse_with(text, d));
}

std::string format_number(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

double round_to(double v, int digits) {
  const double k = std::pow(10.0, digits);
  const double r = std::round(v * k) / k;
  return r == 0 ? 0.0 : r;
}

std::string format(DataRate v) {
  if (v.value() >= 1000) return format_number(v.value() / 1000, 3) + "T";
  if (v.value() > 0 && v.value() < 1) return format_number(v.value() * 1000, 3) + "M";
  return format_number(v.value(), 3) + "G";
}
std::string format(Power v) {
  if (v.value() >= 1000) return format_number(v.value() / 1000, 3) + " kW";
  return format_number(v.value(), 3) + " W";
}
std::string format(Money v) {
  const bool whole = std::fabs(v.value() - std::round(v.value())) < 0.005;
  std::string digits = format_number(std::fabs(v.value()), whole ? 0 : 2);
  if (!whole && digits.find('.') != std::string::npos && digits.size() - digits.find('.') == 2) digits += '0';
  const size_t dot = digits.find('.');
  std::string intpart = digits.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
  for (int i = static_cast<int>(intpart.size()) - 3; i > 0; i -= 3) intpart.insert(static_cast<size_t>(i), ",");
  return (v.value() < 0 ? "-$" : "$") + intpart + frac;
}
std::string format(Decibel v) { return format_number(v.value(), 2) + " dB"; }
std::string format(PowerDbm v) { return format_number(v.value(), 2) + " dBm"; }
std::string format(Length v) {
  if (v.value() >= 1000) return format_number(v.value() / 1000, 3) + " km";
  return format_number(v.value(), 2) + " m";
}
std::string format(SymbolRate v) { return format_number(v.value(), 3) + " GBd"; }
std::string format(Frequency v) { return format_number(v.value(), 3) + " GHz"; }
std::string format(Attenuation v) { return format_number(v.value(), 3) + " dB/km"; }

}  // namespace opticplan

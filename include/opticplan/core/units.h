// Units as types.
//
// A Quantity<Tag> is a double in one fixed base unit per dimension (Gb/s, W, USD, dB, dBm, m, GBd,
// GHz, dB/km, ps/nm/km, um^2). Quantities of different dimensions do not mix by accident; dividing
// two of the same dimension gives a plain ratio. Human forms ("800G", "1.6T", "2 km", "14 W",
// "$650", "0.35 dB/km") are parsed once, at the edge, by the parse_* functions, which return an
// error that says what was expected. A bare number where a unit is required is an error.
// format() writes each quantity back in a human form that parse_* accepts.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "opticplan/core/result.h"

namespace opticplan {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double base_value) : v_(base_value) {}
  constexpr double value() const { return v_; }

  constexpr Quantity operator+(Quantity o) const { return Quantity(v_ + o.v_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(v_ - o.v_); }
  constexpr Quantity operator-() const { return Quantity(-v_); }
  constexpr Quantity& operator+=(Quantity o) {
    v_ += o.v_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    v_ -= o.v_;
    return *this;
  }
  constexpr Quantity operator*(double k) const { return Quantity(v_ * k); }
  constexpr Quantity operator/(double k) const { return Quantity(v_ / k); }
  constexpr double operator/(Quantity o) const { return v_ / o.v_; }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  double v_ = 0;
};
template <class Tag>
constexpr Quantity<Tag> operator*(double k, Quantity<Tag> q) {
  return q * k;
}

// Base units, one per dimension.
using DataRate = Quantity<struct DataRateTag>;                            // Gb/s
using Power = Quantity<struct PowerTag>;                                  // W
using Money = Quantity<struct MoneyTag>;                                  // USD
using Decibel = Quantity<struct DecibelTag>;                              // dB (a ratio)
using PowerDbm = Quantity<struct PowerDbmTag>;                            // dBm (an absolute power level)
using Length = Quantity<struct LengthTag>;                                // m
using SymbolRate = Quantity<struct SymbolRateTag>;                        // GBd
using Frequency = Quantity<struct FrequencyTag>;                          // GHz
using Attenuation = Quantity<struct AttenuationTag>;                      // dB/km
using Dispersion = Quantity<struct DispersionTag>;                        // ps/(nm km)
using Area = Quantity<struct AreaTag>;                                    // um^2
using AccumulatedDispersion = Quantity<struct AccumulatedDispersionTag>;  // ps/nm

constexpr DataRate gbps(double v) { return DataRate(v); }
constexpr Power watts(double v) { return Power(v); }
constexpr Money usd(double v) { return Money(v); }
constexpr Decibel db(double v) { return Decibel(v); }
constexpr PowerDbm dbm(double v) { return PowerDbm(v); }
constexpr Length meters(double v) { return Length(v); }
constexpr Length km(double v) { return Length(v * 1000.0); }
constexpr SymbolRate gbaud(double v) { return SymbolRate(v); }
constexpr Frequency ghz(double v) { return Frequency(v); }
constexpr Attenuation db_per_km(double v) { return Attenuation(v); }
constexpr Dispersion ps_per_nm_km(double v) { return Dispersion(v); }
constexpr Area um2(double v) { return Area(v); }

// Loss of a fibre of the given length.
constexpr Decibel operator*(Attenuation a, Length l) { return Decibel(a.value() * l.value() / 1000.0); }

Result<DataRate> parse_data_rate(std::string_view text);       // "800G", "1.6T", "100 Gb/s"
Result<Power> parse_power(std::string_view text);              // "14 W", "350 mW", "10.2 kW"
Result<Money> parse_money(std::string_view text);              // "$650", "$1,200", "650 USD", "$16.5B"
Result<Decibel> parse_db(std::string_view text);               // "3.0 dB", "-1 dB"
Result<PowerDbm> parse_dbm(std::string_view text);             // "-2 dBm"
Result<Length> parse_length(std::string_view text);            // "500 m", "2 km"
Result<SymbolRate> parse_symbol_rate(std::string_view text);   // "59.84 GBd"
Result<Frequency> parse_frequency(std::string_view text);      // "75 GHz", "193.1 THz"
Result<Attenuation> parse_attenuation(std::string_view text);  // "0.35 dB/km"
Result<Dispersion> parse_dispersion(std::string_view text);    // "16.7 ps/nm/km"
Result<Area> parse_area(std::string_view text);                // "80 um2"
Result<AccumulatedDispersion> parse_accumulated_dispersion(std::string_view text);  // "2400 ps/nm"

// Human forms, shortest that round-trips at the shown precision.
std::string format(DataRate v);     // "800G", "1.6T"
std::string format(Power v);        // "14 W", "0.35 W"
std::string format(Money v);        // "$650", "$1,250.50"
std::string format(Decibel v);      // "3 dB"
std::string format(PowerDbm v);     // "-2 dBm"
std::string format(Length v);       // "500 m", "1.2 km"
std::string format(SymbolRate v);   // "59.84 GBd"
std::string format(Frequency v);    // "75 GHz"
std::string format(Attenuation v);  // "0.4 dB/km"

// A number with at most `digits` decimals and no trailing zeros: 1.5, 2, 0.35.
std::string format_number(double v, int digits = 3);

// Rounds to `digits` decimals, so that derived values print cleanly in JSON (1.98, not 1.9800000000000002).
double round_to(double v, int digits = 6);

}  // namespace opticplan

// Calendar: dates, ISO weeks and quarters, and the dense period grids the engines plan on.
//
// A Date is a day count since 1970-01-01 (proleptic Gregorian). IsoWeek follows ISO 8601: weeks
// start on Monday and week 1 is the week holding January 4th, so a year has 52 or 53 weeks and
// "2026-W01" starts on 2025-12-29. Quarter is a calendar quarter. parse_period() reads the forms a
// scenario may use ("2026-03-31", "2026-W14", "2026Q3", "2026-Q3") and returns the first day of
// the period it names. A PeriodGrid maps dates to dense period indices for the engines.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "opticplan/core/result.h"

namespace opticplan {

struct Date {
  int32_t days = 0;  // since 1970-01-01
  constexpr auto operator<=>(const Date&) const = default;
};

Date make_date(int year, unsigned month, unsigned day);
void split_date(Date d, int& year, unsigned& month, unsigned& day);
unsigned iso_weekday(Date d);  // 1 = Monday .. 7 = Sunday
std::string format(Date d);    // "2026-03-31"

struct IsoWeek {
  int year = 0;
  int week = 0;  // 1..52 or 53
  constexpr auto operator<=>(const IsoWeek&) const = default;
};

int weeks_in_iso_year(int year);
Date monday_of(IsoWeek w);
IsoWeek iso_week_of(Date d);
std::string format(IsoWeek w);  // "2026-W14"

struct Quarter {
  int year = 0;
  int q = 0;  // 1..4
  constexpr auto operator<=>(const Quarter&) const = default;
};

Date first_day(Quarter q);
Quarter quarter_of(Date d);
std::string format(Quarter q);  // "2026Q3"

enum class Granularity { kDay, kWeek, kQuarter };

// A period named by a scenario, with its grain and first day.
struct Period {
  Granularity grain = Granularity::kDay;
  Date start;
};

Result<Date> parse_date(std::string_view text);         // "2026-03-31"
Result<IsoWeek> parse_iso_week(std::string_view text);  // "2026-W14"
Result<Quarter> parse_quarter(std::string_view text);   // "2026Q3" or "2026-Q3"
Result<Period> parse_period(std::string_view text);     // any of the three
Result<int> parse_year(std::string_view text);          // "2026" (2000..2100)

// Consecutive periods of one grain from a start; index(date) gives the dense period index.
class PeriodGrid {
 public:
  PeriodGrid(Granularity grain, Date start, int count);
  Granularity grain() const { return grain_; }
  int count() const { return count_; }
  Date start(int index) const;
  // The period holding `d`, or -1 before the grid / `count()` after it.
  int index(Date d) const;
  // The signed distance in periods from the grid's first period to the one holding `d`: negative
  // before the grid, count() or more after it (what index() clamps).
  int offset(Date d) const;
  std::string label(int index) const;  // "2026-W14", "2026Q3" or "2026-03-31"
  int year(int index) const;           // the calendar year a period counts in (an ISO week: its Thursday's)

 private:
  Granularity grain_;
  Date start_;
  int count_;
};

}  // namespace opticplan

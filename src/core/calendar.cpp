#include "opticplan/core/calendar.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace opticplan {
namespace ch = std::chrono;

Date make_date(int year, unsigned month, unsigned day) {
  const ch::year_month_day ymd{ch::year{year}, ch::month{month}, ch::day{day}};
  return Date{static_cast<int32_t>(ch::sys_days{ymd}.time_since_epoch().count())};
}

void split_date(Date d, int& year, unsigned& month, unsigned& day) {
  const ch::year_month_day ymd{ch::sys_days{ch::days{d.days}}};
  year = static_cast<int>(ymd.year());
  month = static_cast<unsigned>(ymd.month());
  day = static_cast<unsigned>(ymd.day());
}

unsigned iso_weekday(Date d) { return ch::weekday{ch::sys_days{ch::days{d.days}}}.iso_encoding(); }

std::string format(Date d) {
  int y;
  unsigned m, day;
  split_date(d, y, m, day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, day);
  return buf;
}

namespace {
Date monday_of_week1(int year) {
  const Date jan4 = make_date(year, 1, 4);
  return Date{jan4.days - static_cast<int32_t>(iso_weekday(jan4) - 1)};
}

// Parses exactly `width` digits at s[pos]; false if they are not there.
bool digits(std::string_view s, size_t pos, size_t width, int& out) {
  if (pos + width > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

constexpr int kMinYear = 1970, kMaxYear = 2200;

std::string range_note() { return " (years " + std::to_string(kMinYear) + ".." + std::to_string(kMaxYear) + ")"; }
}  // namespace

int weeks_in_iso_year(int year) { return iso_week_of(make_date(year, 12, 28)).week; }

Date monday_of(IsoWeek w) { return Date{monday_of_week1(w.year).days + 7 * (w.week - 1)}; }

IsoWeek iso_week_of(Date d) {
  int y;
  unsigned m, day;
  split_date(d, y, m, day);
  // The ISO year is the year of this week's Thursday.
  const Date thursday{d.days + 4 - static_cast<int32_t>(iso_weekday(d))};
  split_date(thursday, y, m, day);
  const Date w1 = monday_of_week1(y);
  return IsoWeek{y, (d.days - w1.days) / 7 + 1};
}

std::string format(IsoWeek w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", w.year, w.week);
  return buf;
}

Date first_day(Quarter q) { return make_date(q.year, static_cast<unsigned>(3 * (q.q - 1) + 1), 1); }

Quarter quarter_of(Date d) {
  int y;
  unsigned m, day;
  split_date(d, y, m, day);
  return Quarter{y, static_cast<int>((m - 1) / 3 + 1)};
}

std::string format(Quarter q) { return std::to_string(q.year) + "Q" + std::to_string(q.q); }

Result<Date> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' || !digits(s, 8, 2, d))
    return fail("expected a date such as \"2026-03-31\", got \"" + std::string(s) + "\"");
  if (y < kMinYear || y > kMaxYear) return fail("date \"" + std::string(s) + "\" is out of range" + range_note());
  const ch::year_month_day ymd{ch::year{y}, ch::month{static_cast<unsigned>(m)}, ch::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return fail("\"" + std::string(s) + "\" is not a calendar date");
  return make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Result<IsoWeek> parse_iso_week(std::string_view s) {
  int y, w;
  if (s.size() != 8 || !digits(s, 0, 4, y) || s[4] != '-' || s[5] != 'W' || !digits(s, 6, 2, w))
    return fail("expected an ISO week such as \"2026-W14\", got \"" + std::string(s) + "\"");
  if (y < kMinYear || y > kMaxYear) return fail("week \"" + std::string(s) + "\" is out of range" + range_note());
  if (w < 1 || w > weeks_in_iso_year(y))
    return fail("week \"" + std::string(s) + "\" does not exist: " + std::to_string(y) + " has " +
                std::to_string(weeks_in_iso_year(y)) + " ISO weeks");
  return IsoWeek{y, w};
}

Result<int> parse_year(std::string_view s) {
  int y = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
  if (ec != std::errc() || end != s.data() + s.size() || y < 2000 || y > 2100)
    return fail("expected a year from 2000 to 2100, got \"" + std::string(s) + "\"");
  return y;
}

Result<Quarter> parse_quarter(std::string_view s) {
  int y, q;
  const bool dash = s.size() == 7 && s[4] == '-';
  const size_t qpos = dash ? 5 : 4;
  if ((s.size() != 6 && !dash) || !digits(s, 0, 4, y) || s[qpos] != 'Q' || !digits(s, qpos + 1, 1, q))
    return fail("expected a quarter such as \"2026Q3\", got \"" + std::string(s) + "\"");
  if (y < kMinYear || y > kMaxYear) return fail("quarter \"" + std::string(s) + "\" is out of range" + range_note());
  if (q < 1 || q > 4) return fail("quarter \"" + std::string(s) + "\" does not exist: quarters are Q1..Q4");
  return Quarter{y, q};
}

Result<Period> parse_period(std::string_view s) {
  if (s.find('W') != std::string_view::npos) {
    auto w = parse_iso_week(s);
    if (!w) return fail(w.error());
    return Period{Granularity::kWeek, monday_of(*w)};
  }
  if (s.find('Q') != std::string_view::npos) {
    auto q = parse_quarter(s);
    if (!q) return fail(q.error());
    return Period{Granularity::kQuarter, first_day(*q)};
  }
  auto d = parse_date(s);
  if (!d)
    return fail("expected a date (\"2026-03-31\"), an ISO week (\"2026-W14\") or a quarter (\"2026Q3\"), got \"" +
                std::string(s) + "\"");
  return Period{Granularity::kDay, *d};
}

PeriodGrid::PeriodGrid(Granularity grain, Date start, int count) : grain_(grain), start_(start), count_(count) {
  if (grain_ == Granularity::kWeek) start_ = monday_of(iso_week_of(start));
  if (grain_ == Granularity::kQuarter) start_ = first_day(quarter_of(start));
}

Date PeriodGrid::start(int index) const {
  switch (grain_) {
    case Granularity::kDay: return Date{start_.days + index};
    case Granularity::kWeek: return Date{start_.days + 7 * index};
    case Granularity::kQuarter: {
      const Quarter q0 = quarter_of(start_);
      const int n = (q0.year * 4 + q0.q - 1) + index;
      return first_day(Quarter{n / 4, n % 4 + 1});
    }
  }
  return start_;
}

int PeriodGrid::index(Date d) const {
  if (d < start_) return -1;
  const int i = offset(d);
  return i < count_ ? i : count_;
}

int PeriodGrid::offset(Date d) const {
  const int days = d.days - start_.days;
  const auto floor_div = [](int a, int b) { return a / b - (a % b != 0 && a < 0 ? 1 : 0); };
  switch (grain_) {
    case Granularity::kDay: return days;
    case Granularity::kWeek: return floor_div(days, 7);
    case Granularity::kQuarter: {
      const Quarter a = quarter_of(start_), b = quarter_of(d);
      return (b.year * 4 + b.q) - (a.year * 4 + a.q);
    }
  }
  return 0;
}

int PeriodGrid::year(int index) const {
  Date d = start(index);
  if (grain_ == Granularity::kWeek) d.days += 3;  // 2026-W01 starts on 2025-12-29, a Monday
  int y = 0;
  unsigned m = 0, day = 0;
  split_date(d, y, m, day);
  return y;
}

std::string PeriodGrid::label(int index) const {
  const Date d = start(index);
  switch (grain_) {
    case Granularity::kDay: return format(d);
    case Granularity::kWeek: return format(iso_week_of(d));
    case Granularity::kQuarter: return format(quarter_of(d));
  }
  return format(d);
}

}  // namespace opticplan

#include "opticplan/core/calendar.h"

#include <gtest/gtest.h>

using namespace opticplan;

TEST(Calendar, IsoWeeksFollowIso8601) {
  // 2026-W01 starts on Monday 2025-12-29 (the week holding 2026-01-04, a Sunday).
  EXPECT_EQ(format(monday_of(IsoWeek{2026, 1})), "2025-12-29");
  EXPECT_EQ(format(monday_of(IsoWeek{2026, 14})), "2026-03-30");
  EXPECT_EQ(weeks_in_iso_year(2026), 53);  // 2026 starts on a Thursday
  EXPECT_EQ(weeks_in_iso_year(2025), 52);
  EXPECT_EQ(weeks_in_iso_year(2020), 53);  // leap year starting on a Wednesday
  EXPECT_EQ(format(iso_week_of(make_date(2027, 1, 1))), "2026-W53");
  EXPECT_EQ(format(iso_week_of(make_date(2024, 12, 30))), "2025-W01");
  for (int d = make_date(2020, 1, 1).days; d < make_date(2030, 1, 1).days; ++d) {
    const IsoWeek w = iso_week_of(Date{d});
    ASSERT_GE(d, monday_of(w).days);
    ASSERT_LT(d, monday_of(w).days + 7);
  }
}

TEST(Calendar, Parsing) {
  EXPECT_EQ(*parse_iso_week("2026-W14"), (IsoWeek{2026, 14}));
  EXPECT_FALSE(parse_iso_week("2025-W53"));
  EXPECT_NE(parse_iso_week("2025-W53").error().find("2025 has 52 ISO weeks"), std::string::npos);
  EXPECT_EQ(*parse_quarter("2026Q3"), (Quarter{2026, 3}));
  EXPECT_EQ(*parse_quarter("2026-Q3"), (Quarter{2026, 3}));
  EXPECT_FALSE(parse_quarter("2026Q5"));
  EXPECT_EQ(format(*parse_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_FALSE(parse_date("1800-01-01"));
  EXPECT_FALSE(parse_date("2026/03/31"));
  auto p = parse_period("2026Q3");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->grain, Granularity::kQuarter);
  EXPECT_EQ(format(p->start), "2026-07-01");
}

TEST(Calendar, PeriodGrid) {
  PeriodGrid weeks(Granularity::kWeek, make_date(2026, 1, 1), 104);
  EXPECT_EQ(weeks.label(0), "2026-W01");
  EXPECT_EQ(weeks.index(make_date(2026, 1, 5)), 1);
  EXPECT_EQ(weeks.index(make_date(2025, 12, 1)), -1);
  EXPECT_EQ(weeks.index(make_date(2030, 1, 1)), 104);
  // offset() keeps what index() clamps: dates before the grid stay apart (placing dates of orders).
  EXPECT_EQ(weeks.offset(make_date(2025, 12, 28)), -1);
  EXPECT_EQ(weeks.offset(make_date(2025, 12, 1)), -4);
  EXPECT_EQ(weeks.offset(make_date(2030, 1, 1)), 209);
  EXPECT_EQ(weeks.offset(make_date(2026, 1, 8)), 1);
  PeriodGrid quarters(Granularity::kQuarter, make_date(2024, 2, 10), 16);
  EXPECT_EQ(quarters.label(0), "2024Q1");
  EXPECT_EQ(quarters.label(5), "2025Q2");
  EXPECT_EQ(quarters.index(make_date(2026, 12, 31)), 11);
}

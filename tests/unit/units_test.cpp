#include "opticplan/core/units.h"

#include <gtest/gtest.h>

using namespace opticplan;

TEST(Units, DataRates) {
  EXPECT_DOUBLE_EQ(parse_data_rate("800G")->value(), 800);
  EXPECT_DOUBLE_EQ(parse_data_rate("1.6T")->value(), 1600);
  EXPECT_DOUBLE_EQ(parse_data_rate("100 Gb/s")->value(), 100);
  EXPECT_DOUBLE_EQ(parse_data_rate("400Gbps")->value(), 400);
  EXPECT_EQ(format(gbps(1600)), "1.6T");
  EXPECT_EQ(format(gbps(800)), "800G");
  EXPECT_FALSE(parse_data_rate("800"));
  EXPECT_NE(parse_data_rate("800").error().find("has no unit"), std::string::npos);
  EXPECT_FALSE(parse_data_rate("-800G"));
  EXPECT_FALSE(parse_data_rate("fast"));
}

TEST(Units, Lengths) {
  EXPECT_DOUBLE_EQ(parse_length("2 km")->value(), 2000);
  EXPECT_DOUBLE_EQ(parse_length("1.2km")->value(), 1200);
  EXPECT_DOUBLE_EQ(parse_length("500 m")->value(), 500);
  EXPECT_NEAR(parse_length("1310 nm")->value(), 1.31e-6, 1e-15);
  EXPECT_EQ(format(meters(1200)), "1.2 km");
  EXPECT_EQ(format(meters(30)), "30 m");
  auto bad = parse_length("2 miles");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("unknown unit \"miles\""), std::string::npos);
  EXPECT_FALSE(parse_length("-3 m"));
}

TEST(Units, PowerMoneyAndDecibels) {
  EXPECT_DOUBLE_EQ(parse_power("14 W")->value(), 14);
  EXPECT_DOUBLE_EQ(parse_power("350 mW")->value(), 0.35);
  EXPECT_DOUBLE_EQ(parse_power("10.2 kW")->value(), 10200);
  EXPECT_DOUBLE_EQ(parse_money("$650")->value(), 650);
  EXPECT_DOUBLE_EQ(parse_money("$1,200")->value(), 1200);
  EXPECT_DOUBLE_EQ(parse_money("1,200 USD")->value(), 1200);
  EXPECT_DOUBLE_EQ(parse_money("$16.5B")->value(), 16.5e9);
  EXPECT_FALSE(parse_money("$1,20"));
  EXPECT_FALSE(parse_money("$12,0000"));
  EXPECT_FALSE(parse_money("650"));
  EXPECT_EQ(format(usd(1250.5)), "$1,250.50");
  EXPECT_EQ(format(usd(1234567)), "$1,234,567");
  EXPECT_DOUBLE_EQ(parse_db("-1.5 dB")->value(), -1.5);
  EXPECT_DOUBLE_EQ(parse_dbm("-2 dBm")->value(), -2);
  EXPECT_FALSE(parse_db("3 dBm"));
  EXPECT_DOUBLE_EQ(parse_attenuation("0.35 dB/km")->value(), 0.35);
  EXPECT_DOUBLE_EQ(parse_symbol_rate("59.84 GBd")->value(), 59.84);
  EXPECT_DOUBLE_EQ(parse_frequency("193.1 THz")->value(), 193100);
  EXPECT_DOUBLE_EQ(parse_area("80 um2")->value(), 80);
  EXPECT_DOUBLE_EQ(parse_dispersion("16.7 ps/nm/km")->value(), 16.7);
}

TEST(Units, OutOfRangeAndGarbage) {
  EXPECT_FALSE(parse_length("1e400 m"));
  EXPECT_FALSE(parse_length("1e20 km"));
  EXPECT_FALSE(parse_length(""));
  EXPECT_FALSE(parse_length("m"));
  EXPECT_FALSE(parse_length(".m"));
  EXPECT_FALSE(parse_power("nan W"));
}

TEST(Units, Arithmetic) {
  const Decibel loss = db_per_km(0.4) * km(1.2) + db(0.75) * 2;
  EXPECT_NEAR(loss.value(), 1.98, 1e-12);
  EXPECT_DOUBLE_EQ(watts(16) / watts(8), 2.0);
  EXPECT_LT(meters(500), km(1));
  EXPECT_EQ(format_number(1.9800000000000002), "1.98");
  EXPECT_DOUBLE_EQ(round_to(1.9800000000000002, 6), 1.98);
}

#include "scenario/read_supply/spread.h"

#include <gtest/gtest.h>

#include <numeric>

using opticplan::supply::detail::spread;

TEST(Spread, EvenSharesAddUpToTheTotal) {
  const auto q = spread(10, {1, 1, 1}, 3);
  EXPECT_EQ(q, (std::vector<int64_t>{3, 4, 3}));  // cumulative rounding: 3.33 -> 3, 6.67 -> 7, 10
}

TEST(Spread, WeightsAndZeros) {
  EXPECT_EQ(spread(100, {0, 3, 1}, 4), (std::vector<int64_t>{0, 75, 25}));
  EXPECT_EQ(spread(0, {1, 2}, 3), (std::vector<int64_t>{0, 0}));
  EXPECT_TRUE(spread(5, {}, 1).empty());
}

TEST(Spread, SharesOfOneKeepTheTotal) {
  // A demand split: shares that add up to 1 (as read), total exact.
  const auto q = spread(1'000'001, {0.7, 0.2, 0.1}, 1.0);
  EXPECT_EQ(std::accumulate(q.begin(), q.end(), int64_t{0}), 1'000'001);
  EXPECT_EQ(q[0], 700'001);
}

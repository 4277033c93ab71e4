// results::JsonWriter writes what nlohmann's dump(2) prints, byte for byte, and the streamed plan
// result (run::PlanRun::write_json) is the built one (json()) as the CLI prints it.
#include "opticplan/results/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "opticplan/run/run.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/supply/generate.h"

using namespace opticplan;
using nlohmann::ordered_json;

namespace {

std::string written(const ordered_json& j, results::JsonLayout layout = results::JsonLayout::kIndented) {
  std::ostringstream out;
  {
    results::JsonWriter w(out, layout);
    w.value(j);
  }
  return out.str();
}

}  // namespace

TEST(JsonWriter, PrintsWhatDumpPrints) {
  const ordered_json values[] = {
      nullptr,
      true,
      0,
      -1,
      std::numeric_limits<int64_t>::min(),
      std::numeric_limits<uint64_t>::max(),
      1.5,
      1e300,
      -0.0,
      0.1,
      std::nan(""),
      "",
      "plain",
      "quote \" and \\ and \n\t\x01\x7f",
      "n\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80",
      ordered_json::array(),
      ordered_json::object(),
      ordered_json::array({ordered_json::array(), ordered_json::object()}),
      {{"b", 1}, {"a", {{"x", ordered_json::array({1, "two", nullptr, 3.25})}, {"y", ordered_json::object()}}}},
      ordered_json::array({{{"k", "v"}}, ordered_json::array({ordered_json::array({1})})}),
  };
  for (const auto& j : values) {
    EXPECT_EQ(written(j), j.dump(2)) << j.dump();
    EXPECT_EQ(written(j, results::JsonLayout::kCompact), j.dump()) << j.dump();
  }
}

TEST(JsonWriter, PiecesAndObserverSeeWhatIsWritten) {
  std::ostringstream out;
  std::vector<std::string> seen;
  {
    results::JsonWriter w(out);
    w.observe([&](std::string_view s) { seen.emplace_back(s); });
    w.begin_object();
    w.field("a", "x");
    w.key("b");
    w.begin_array();
    w.integer(1);
    w.begin_object();
    w.end_object();
    w.value(ordered_json{{"c", "y"}});
    w.end_array();
    w.field("n", int64_t{2});
    w.end_object();
  }
  const ordered_json same = {{"a", "x"}, {"b", {1, ordered_json::object(), {{"c", "y"}}}}, {"n", 2}};
  EXPECT_EQ(out.str(), same.dump(2));
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "x", "b", "c", "y", "n"}));
}

// A generated network with supply at 60% of demand: late and short orders with their causes.
TEST(JsonWriter, StreamedPlanIsTheBuiltPlan) {
  supply::GenOptions o;
  o.orders = 1500;
  o.items = 60;
  o.periods = 30;
  o.tightness = 0.6;
  Scenario sc;
  sc.supply = supply::generate_supply(o);
  for (const auto& options : {run::PlanOptions{}, run::PlanOptions{.planner = run::Planner::kHeuristic,
                                                  .objective = supply::Objective::kFill}}) {
    auto planned = run::plan(sc, options);
    ASSERT_TRUE(planned);
    std::ostringstream out, compact;
    planned->write_json(out);
    EXPECT_EQ(out.str(), planned->json().dump(2) + "\n");
    planned->write_json(compact, results::JsonLayout::kCompact);
    EXPECT_EQ(compact.str(), planned->json().dump());
  }
}

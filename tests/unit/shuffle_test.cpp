// A plan must not depend on the order of entries in its file (issue 16): every list of a scenario's
// supply section (customers, lines, items, suppliers, agreements, inventory, requirements, groups,
// orders, demand) is shuffled, the file written beside copies of its data files, and the plan of
// the shuffled file must be the plan of the original, byte for byte, by both planners; for the
// shipped market scenario, its simulation too.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "opticplan/results/market_results.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/planner.h"

using namespace opticplan;
namespace fs = std::filesystem;

namespace {

// The file with every list under supply: in a shuffled order (mt19937 from `seed`).
std::string shuffled(const fs::path& file, unsigned seed) {
  YAML::Node root = YAML::LoadFile(file.string());
  std::mt19937 g(seed);
  // Rebuilt from clones: yaml-cpp would write a node it meets twice as an anchor and an alias.
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& top : root) {
    if (top.first.as<std::string>() != "supply") {
      out[top.first.as<std::string>()] = YAML::Clone(top.second);
      continue;
    }
    YAML::Node supply(YAML::NodeType::Map);
    for (const auto& entry : top.second) {
      if (!entry.second.IsSequence()) {
        supply[entry.first.as<std::string>()] = YAML::Clone(entry.second);
        continue;
      }
      // Indices are shuffled, not nodes: assigning a YAML::Node writes into the node it refers to.
      std::vector<size_t> order(entry.second.size());
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::shuffle(order.begin(), order.end(), g);
      YAML::Node list(YAML::NodeType::Sequence);
      for (const size_t k : order) list.push_back(YAML::Clone(entry.second[k]));
      supply[entry.first.as<std::string>()] = list;
    }
    out["supply"] = supply;
  }
  YAML::Emitter e;
  e << out;
  return e.c_str();
}

Scenario load(const fs::path& file) {
  Diagnostics diag;
  LoadOptions options;
  options.shipped_catalog = true;
  Scenario sc = load_scenario(file.string(), options, diag);
  EXPECT_TRUE(diag.ok()) << file << ":\n" << diag.str();
  return sc;
}

// The plan text of `file` and of the same file shuffled with `seed`, the shuffled one written in a
// copy of the file's folder (its CSV and XLSX files beside it); by the LP planner with `lp`.
std::pair<std::string, std::string> plans(const fs::path& file, unsigned seed, bool lp = false) {
  const fs::path dir = fs::temp_directory_path() / ("opticplan-shuffle-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : fs::directory_iterator(file.parent_path()))
    if (f.is_regular_file()) fs::copy_file(f.path(), dir / f.path().filename());
  const fs::path copy = dir / file.filename();
  std::ofstream(copy) << shuffled(file, seed);
  const Scenario a = load(file), b = load(copy);
  fs::remove_all(dir);
  if (!a.supply || !b.supply) return {"no supply", "in " + file.string()};
  const auto plan = [lp](const supply::Model& m) {
    if (!lp) return results::plan_text(m, supply::plan_heuristic(m));
    auto p = supply::plan_lp(m);
    return p ? results::plan_text(m, *p) : p.error();
  };
  return {plan(*a.supply), plan(*b.supply)};
}

}  // namespace

TEST(Shuffle, EveryPlanCaseGivesTheSamePlanInAnyOrder) {
  int cases = 0;
  for (const auto& dir : fs::directory_iterator(fs::path(OPTICPLAN_CASES_DIR) / "plan")) {
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() != ".yaml") continue;
      if (!YAML::LoadFile(f.path().string())["supply"]) continue;  // a what-if overlay, say
      for (unsigned seed : {1u, 2u, 3u}) {
        const auto [original, reordered] = plans(f.path(), seed);
        EXPECT_EQ(original, reordered) << f.path() << " shuffled with seed " << seed;
      }
      // The LP's plan too, shadow prices included (its rows and columns follow the model's ids,
      // canonical.h, so its pivots do not follow the file).
      const auto [original, reordered] = plans(f.path(), 4, true);
      EXPECT_EQ(original, reordered) << f.path() << " shuffled with seed 4, LP planner";
      ++cases;
    }
  }
  EXPECT_GE(cases, 15);  // the folder holds about twenty: a glob that finds none must fail
}

// The story: moving a buyer's demand block, or listing 1.6T before 800G, changed who got
// scarce supply in the shipped market. Now the whole simulation is the same.
TEST(Shuffle, TheShippedMarketIsTheSameInAnyOrder) {
  const fs::path file = fs::path(OPTICPLAN_REPO_DIR) / "data/scenarios/ai-optics-2026.yaml";
  const fs::path dir = fs::temp_directory_path() / ("opticplan-shuffle-market-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path copy = dir / file.filename();
  std::ofstream(copy) << shuffled(file, 7);
  Scenario a = load(file), b = load(copy);
  fs::remove_all(dir);
  ASSERT_TRUE(a.supply && a.market && b.supply && b.market);
  a.market->runs = b.market->runs = 20;
  const auto ra = market::simulate_market(*a.supply, *a.market, 2);
  const auto rb = market::simulate_market(*b.supply, *b.market, 1);
  EXPECT_EQ(results::market_text(ra, *a.market, *a.supply), results::market_text(rb, *b.market, *b.supply));
}

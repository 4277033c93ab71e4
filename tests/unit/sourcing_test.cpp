// The sourcing engine's properties (issue 19): diversification is credited only where disruptions
// are independent, a dearer lateness never shrinks the agreement, no risk means the cheapest
// feasible allocation, scorecards are the hand calculation, and neither threads nor file order
// change the answer.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "opticplan/results/source_results.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/source/generate.h"
#include "opticplan/source/scorecard.h"
#include "opticplan/source/sourcing.h"
#include "source/saa.h"
#include "source/second_stage.h"

namespace opticplan::source {
namespace {

constexpr int kPeriods = 4;

std::vector<double> every(double v) { return std::vector<double>(kPeriods, v); }

Problem one_item(double need, double lateness) {
  Problem p;
  for (int t = 0; t < kPeriods; ++t) p.periods.push_back("2026Q" + std::to_string(t + 1));
  p.items = {"osfp-1.6t"};
  p.need = {every(need)};
  p.lateness_cost = {lateness};
  p.shortage_cost = {lateness * kPeriods};
  p.risk.scenarios = 80;
  p.risk.evaluation = 1500;
  p.risk.seed = 11;
  p.risk.frontier = {0};
  return p;
}

void add_supplier(Problem& p, const std::string& id, double price, double capacity, Disruption d = {},
                  std::vector<int> upstream = {}) {
  Supplier s;
  s.id = id;
  s.disruption = d;
  s.disruption_given = true;
  p.suppliers.push_back(s);
  Offer o;
  o.supplier = static_cast<int>(p.suppliers.size()) - 1;
  o.item = 0;
  o.price = every(price);
  o.spot_price = every(0);
  o.capacity = every(capacity);
  o.spot_capacity = every(0);
  o.upstream = std::move(upstream);
  p.offers.push_back(o);
}

Disruption outage(double probability, double depth = 1) {
  Disruption d;
  d.probability = probability;
  d.depth.a = depth;
  return d;
}

double total(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

Decision all_from(const Problem& p, size_t offer) {
  Decision d;
  d.reserve.assign(p.offers.size(), every(0));
  d.reserve[offer] = p.need[0];
  d.qualify.assign(p.offers.size(), false);
  return d;
}

TEST(Sourcing, ASplitBetweenIndependentSuppliersIsOnTimeMoreOftenThanEitherAlone) {
  Problem p = one_item(10000, 400);
  add_supplier(p, "maker-a", 600, 10000, outage(0.15));
  add_supplier(p, "maker-b", 600, 10000, outage(0.15));
  auto s = source(p);
  ASSERT_TRUE(s.ok()) << s.error();
  const Decision& d = s->recommended.decision;
  EXPECT_GT(total(d.reserve[0]), 0);
  EXPECT_GT(total(d.reserve[1]), 0);
  const double split = s->recommended.evaluation.p_on_time;
  EXPECT_GT(split, evaluate(p, all_from(p, 0), p.risk.evaluation).p_on_time + 0.05);
  EXPECT_GT(split, evaluate(p, all_from(p, 1), p.risk.evaluation).p_on_time + 0.05);
}

TEST(Sourcing, SuppliersOnOneUpstreamVendorEarnNoDiversificationCredit) {
  Problem p = one_item(10000, 400);
  p.upstream.push_back({"eml-vendor", "eml", outage(0.15, 0.5)});
  add_supplier(p, "maker-a", 600, 20000, {}, {0});
  add_supplier(p, "maker-b", 601, 20000, {}, {0});
  auto s = source(p);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_GT(total(s->recommended.decision.reserve[0]), 0);
  EXPECT_EQ(total(s->recommended.decision.reserve[1]), 0) << "the dearer supplier protects against nothing";
  bool said = false;
  for (const auto& line : s->insights) said = said || line.find("both depend on eml-vendor") != std::string::npos;
  EXPECT_TRUE(said);
}

// The agreement's supplier is the one that can be reserved; the other sells spot only. (With a
// second supplier to reserve from, a dearer lateness can move volume from a risky supplier's
// agreement to the other supplier for diversification: docs/sourcing-format.md.)
TEST(Sourcing, ADearerLatenessNeverShrinksTheAgreement) {
  double before = -1;
  for (double lateness : {50.0, 200.0, 1000.0, 5000.0}) {
    Problem p = one_item(10000, lateness);
    add_supplier(p, "maker-a", 600, 20000, outage(0.2, 0.5));
    add_supplier(p, "spot-seller", 650, 0, outage(0.1, 1));
    p.offers[1].spot_price = every(900);
    p.offers[1].spot_capacity = every(3000);
    p.agreements.push_back({"lta-a", 0, 14000, 550, 0.5, 100});
    auto s = source(p);
    ASSERT_TRUE(s.ok()) << s.error();
    const double agreed = total(s->recommended.decision.agreed[0]);
    EXPECT_GE(agreed, before) << "lateness " << lateness;
    before = agreed;
  }
  EXPECT_GT(before, 0);
}

TEST(Sourcing, WithoutRiskTheAnswerIsTheCheapestFeasibleAllocation) {
  Problem p = one_item(8000, 2000);
  add_supplier(p, "dear", 700, 10000);
  add_supplier(p, "cheap", 500, 4000);
  add_supplier(p, "middle", 550, 5000);
  auto s = source(p);
  ASSERT_TRUE(s.ok()) << s.error();
  // Stock costs nothing, so a unit may come a period early: the allocation is the total per maker.
  const Decision& d = s->recommended.decision;
  EXPECT_EQ(total(d.reserve[1]), 16000);
  EXPECT_EQ(total(d.reserve[2]), 16000);
  EXPECT_EQ(total(d.reserve[0]), 0);
  EXPECT_DOUBLE_EQ(s->recommended.evaluation.p_on_time, 1);
  EXPECT_DOUBLE_EQ(s->recommended.evaluation.expected_cost, 4 * (4000 * 500 + 4000 * 550));
  EXPECT_DOUBLE_EQ(s->recommended.evaluation.cvar, s->recommended.evaluation.expected_cost);
}

TEST(Sourcing, ScorecardsAreTheHandCalculation) {
  // Four lines of one supplier and item: on time in full; late by 10 days; on time but 25% short;
  // early and in full. Lead times 30, 40, 20, 25 days.
  std::vector<DeliveryRecord> lines = {
      {0, 0, 100, 100, 30, 30, 0},
      {0, 0, 200, 200, 40, 50, 10},
      {0, 0, 400, 300, 60, 60, 40},
      {0, 0, 100, 100, 90, 85, 60},
  };
  std::vector<QualityRecord> lots = {{0, 0, 600, 1}, {0, 0, 400, 1}};
  const auto cards = scorecards(lines, lots);
  ASSERT_EQ(cards.size(), 1U);
  const Scorecard& c = cards[0];
  EXPECT_EQ(c.lines, 4);
  EXPECT_DOUBLE_EQ(c.otif, 0.5);
  EXPECT_DOUBLE_EQ(c.fill_rate, (100 + 300 + 100) / 800.0);  // the late line's 200 units were not on time
  EXPECT_DOUBLE_EQ(c.days_late_mean, 2.5);
  EXPECT_DOUBLE_EQ(c.days_late_p90, 10);
  EXPECT_DOUBLE_EQ(*c.lead_time_mean, (30 + 40 + 20 + 25) / 4.0);
  EXPECT_DOUBLE_EQ(*c.lead_time_p90, 40);
  EXPECT_DOUBLE_EQ(c.short_share, (1 + 0.25) / 2);
  EXPECT_DOUBLE_EQ(*c.trend, 0);  // first half (by promised day) 1 of 2, second half 1 of 2
  EXPECT_DOUBLE_EQ(*c.dppm, 2000);
  EXPECT_NEAR(*c.dppm_low, 548.64, 0.01);  // Wilson 95%: 2 failed of 1,000
  EXPECT_NEAR(*c.dppm_high, 7262.81, 0.01);

  // Fed to the risk model: a yield of 1 - 2000e-6, and a disruption of probability 1 - OTIF.
  Problem p = one_item(100, 10);
  add_supplier(p, "maker-a", 600, 200);
  p.suppliers[0].disruption_given = false;
  const Problem q = with_history(p, cards);
  EXPECT_DOUBLE_EQ(q.offers[0].yield, 0.998);
  EXPECT_DOUBLE_EQ(q.suppliers[0].disruption.probability, 0.5);
  EXPECT_DOUBLE_EQ(q.suppliers[0].disruption.depth.a, 0.625);
}

TEST(Sourcing, ThreadsDoNotChangeTheEvaluation) {
  Problem p = one_item(10000, 400);
  add_supplier(p, "maker-a", 600, 10000, outage(0.15));
  add_supplier(p, "maker-b", 620, 10000, outage(0.1, 0.6));
  Decision d = all_from(p, 0);
  d.reserve[1] = every(3000);
  const Evaluation one = evaluate(p, d, 1200, 1), two = evaluate(p, d, 1200, 2);
  EXPECT_EQ(one.expected_cost, two.expected_cost);
  EXPECT_EQ(one.cvar, two.cvar);
  EXPECT_EQ(one.p_on_time, two.p_on_time);
}

// A driver's cost is the recommendation evaluated with the process calm (its probability 0)
// against it as sampled, on the same futures: source() reuses the sampled result on every future
// the process did not strike, which must give what evaluating the calm problem whole gives.
TEST(Sourcing, DriversAreTheCalmProblemsEvaluatedWhole) {
  Problem p = generate_sourcing(6, 3, 8, 7);
  p.risk.scenarios = 40;
  p.risk.evaluation = 300;
  p.risk.frontier = {0};
  const auto s = source(p, 2);
  ASSERT_TRUE(s) << s.error();
  const Decision& d = s->recommended.decision;
  const Evaluation reference = evaluate(p, d, 300, 1);
  ASSERT_EQ(s->drivers.size(), p.upstream.size() + p.suppliers.size());
  int struck = 0;
  for (const Driver& driver : s->drivers) {
    Problem calm = p;
    for (auto& u : calm.upstream)
      if (driver.source == "upstream " + u.id) u.disruption.probability = 0;
    for (auto& x : calm.suppliers)
      if (driver.source == "supplier " + x.id) x.disruption.probability = 0;
    const Evaluation e = evaluate(calm, d, 300, 1);
    EXPECT_NEAR(driver.cost, reference.expected_cost - e.expected_cost, 1e-9 * reference.expected_cost)
        << driver.source;
    EXPECT_NEAR(driver.p_on_time_loss, e.p_on_time - reference.p_on_time, 1e-12) << driver.source;
    struck += driver.cost > 0 ? 1 : 0;
  }
  EXPECT_GT(struck, 3);  // the comparison covers processes that cost something
}

// Flipped qualifications are solved in copies of their items' parts, two at a time: the SAA is
// left as it was, and each plan is the one pinning its binary and solving gives.
TEST(Sourcing, FlippedQualificationsLeaveTheSaaAsItWas) {
  Problem p = generate_sourcing(8, 6, 6, 3);
  size_t unqualified = 0;
  for (const Offer& o : p.offers) unqualified += o.qualified ? 0 : 1;
  ASSERT_GT(unqualified, 1U);
  detail::Saa saa(p, 30), fresh(p, 30);
  saa.set_threads(2);
  saa.set_weight(0);
  fresh.set_weight(0);
  for (size_t b = 0; b < saa.binaries(); ++b) {
    saa.fix(b, false);
    fresh.fix(b, false);
  }
  ASSERT_TRUE(saa.solve());
  const double before = saa.objective();
  const Decision kept = saa.decision();
  std::vector<std::pair<size_t, bool>> flips;
  for (size_t b = 0; b < unqualified; ++b) flips.emplace_back(b, true);
  const auto flipped = saa.decisions_with(flips);
  EXPECT_EQ(saa.objective(), before);
  EXPECT_EQ(saa.decision().reserve, kept.reserve);
  ASSERT_EQ(flipped.size(), unqualified);
  for (size_t b = 0; b < unqualified; ++b) {
    ASSERT_TRUE(flipped[b]);
    fresh.fix(b, true);
    ASSERT_TRUE(fresh.solve());
    const Decision want = fresh.decision();
    EXPECT_EQ(flipped[b]->qualify, want.qualify);
    double got = 0, expect = 0;  // alternative optima may split differently: the same total
    for (size_t o = 0; o < p.offers.size(); ++o)
      for (size_t t = 0; t < p.periods.size(); ++t) {
        got += flipped[b]->reserve[o][t] * p.offers[o].price[t];
        expect += want.reserve[o][t] * p.offers[o].price[t];
      }
    EXPECT_NEAR(got, expect, 1e-6 * std::max(1.0, expect));
    fresh.fix(b, false);
  }
  ASSERT_TRUE(saa.solve());
  EXPECT_EQ(saa.objective(), before);
}

// Threads solve the per-item parts and the flipped qualifications side by side: the answer is
// the same, to the bit, as on one thread.
TEST(Sourcing, ThreadsDoNotChangeTheDecision) {
  Problem p = generate_sourcing(8, 6, 6, 3);
  p.risk.scenarios = 30;
  p.risk.evaluation = 300;
  p.risk.frontier = {0, 1};
  const auto one = source(p, 1), two = source(p, 2);
  ASSERT_TRUE(one && two);
  ASSERT_EQ(one->frontier.size(), two->frontier.size());
  for (size_t k = 0; k < one->frontier.size(); ++k) {
    EXPECT_EQ(one->frontier[k].decision.reserve, two->frontier[k].decision.reserve);
    EXPECT_EQ(one->frontier[k].decision.qualify, two->frontier[k].decision.qualify);
    EXPECT_EQ(one->frontier[k].evaluation.expected_cost, two->frontier[k].evaluation.expected_cost);
  }
  ASSERT_EQ(one->qualifications.size(), two->qualifications.size());
  EXPECT_GT(one->qualifications.size(), 1U);
  for (size_t k = 0; k < one->qualifications.size(); ++k)
    EXPECT_EQ(one->qualifications[k].value, two->qualifications[k].value);
  ASSERT_EQ(one->drivers.size(), two->drivers.size());
  for (size_t k = 0; k < one->drivers.size(); ++k) EXPECT_EQ(one->drivers[k].cost, two->drivers[k].cost);
}

// The exact second stage of an item alone (steepest descent, no LP) costs what the LP finds, and
// leaves the same units late, on random generated problems, decisions and futures.
TEST(Sourcing, ExactSecondStageEqualsTheLp) {
  int compared = 0, short_futures = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const Problem p = generate_sourcing(6, 4, 8, seed);
    std::mt19937_64 g(seed);
    Decision d;
    for (const Offer& o : p.offers) {
      d.reserve.emplace_back();
      for (double cap : o.capacity) d.reserve.back().push_back(std::floor(cap * static_cast<double>(g() % 100) / 140));
      d.qualify.push_back(g() % 2 == 0);
    }
    for (const Agreement& a : p.agreements) {
      d.agreed.emplace_back(p.periods.size(), std::floor(a.volume * static_cast<double>(g() % 100) / 100));
      d.signed_agreement.push_back(g() % 2 == 0);
    }
    detail::SecondStage exact(p, d), lp(p, d, false);
    for (uint64_t k = 0; k < 150; ++k) {
      const auto future = sample_future(p, k);
      const detail::FutureCost a = exact.solve(future), b = lp.solve(future);
      EXPECT_NEAR(a.cost, b.cost, 1e-7 * std::max(1.0, std::abs(b.cost))) << "seed " << seed << " future " << k;
      EXPECT_NEAR(a.late, b.late, 1e-6 * std::max(1.0, b.late)) << "seed " << seed << " future " << k;
      EXPECT_EQ(a.on_time, b.on_time) << "seed " << seed << " future " << k;
      short_futures += b.on_time ? 0 : 1;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 900);
  EXPECT_GT(short_futures, 100);  // the comparison covers futures with spot buys and lateness
}

// The SAA adds a future's CVaR row only once its optimum breaks it. Its objective must still be
// the expected cost plus the weight times the CVaR of every in-sample future's cost: a tail future
// whose row was left out would be charged nothing above the value at risk, and the objective would
// fall short of it.
TEST(Sourcing, TheLazyCvarRowsChargeTheWholeTail) {
  int solved = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    Problem p = generate_sourcing(6, 4, 8, seed);
    p.risk.cvar_level = seed % 2 == 0 ? 0.9 : 0.75;
    detail::Saa saa(p, 60);
    for (double w : {0.25, 1.0, 4.0, 16.0}) {
      saa.set_weight(w);
      ASSERT_TRUE(saa.solve()) << "seed " << seed << " weight " << w;
      const double want = saa.expected_cost() + w * saa.cvar();
      EXPECT_NEAR(saa.objective(), want, 1e-7 * std::abs(want)) << "seed " << seed << " weight " << w;
      EXPECT_GT(saa.cvar(), saa.expected_cost()) << "seed " << seed;  // the tail costs more than the mean
      ++solved;
    }
  }
  EXPECT_EQ(solved, 16);
}

// A positive weight is solved by cuts (an L-shaped method): the master's first stage against each
// item's second stages with the first stage fixed. It must reach the whole LP's optimum, with the
// binaries free and pinned, and decide the same whatever the thread count (each item's evaluation
// is its own LP). A wrong cut (sign, scale, a future's dual in another's) moves the objective.
TEST(Sourcing, TheDecompositionReachesTheWholeLpsOptimum) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    Problem p = generate_sourcing(8, 4, 8, seed);
    p.risk.cvar_level = seed == 2 ? 0.75 : 0.9;
    detail::Saa cuts(p, 40), one_thread(p, 40), whole(p, 40);
    cuts.set_threads(2);
    whole.set_decomposed(false);
    ASSERT_GT(cuts.binaries(), 0U);
    for (double w : {0.25, 1.0, 4.0}) {
      for (int pins = 0; pins < 3; ++pins) {  // free, all off, all on
        for (detail::Saa* s : {&cuts, &one_thread, &whole}) {
          s->set_weight(w);
          for (size_t b = 0; b < s->binaries(); ++b)
            s->fix(b, pins == 0 ? std::nullopt : std::optional<bool>(pins == 2));
          ASSERT_TRUE(s->solve()) << "seed " << seed << " weight " << w << " pins " << pins;
        }
        const double want = whole.objective();
        EXPECT_NEAR(cuts.objective(), want, 1e-7 * std::abs(want))
            << "seed " << seed << " weight " << w << " pins " << pins;
        EXPECT_NEAR(cuts.expected_cost() + w * cuts.cvar(), want, 1e-7 * std::abs(want)) << "seed " << seed;
        EXPECT_EQ(cuts.decision().reserve, one_thread.decision().reserve) << "seed " << seed << " weight " << w;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 27);
}

// A hand case: two periods short 100 each cumulative, spot at 5 in period 1 (saves 10 + 30 per
// unit) and at 50 in period 0 (saves 10 + 30 + 10, not its price).
TEST(Sourcing, ExactSecondStageHandCase) {
  const detail::LineCost c = detail::line_second_stage({100, 100, 100}, {10, 10, 30}, {{1, 5, 60}, {0, 50, 1000}});
  EXPECT_DOUBLE_EQ(c.spot, 300);
  EXPECT_EQ(c.backlog, (std::vector<double>{100, 40, 40}));
  EXPECT_DOUBLE_EQ(c.lateness, 100 * 10 + 40 * 10 + 40 * 30);
}

std::string scenario_text(bool reversed) {
  std::string a = R"(    - id: maker-a
      disruption: {probability: 0.1, depth: 0.5}
      offers: [{item: osfp, price: "$600", capacity: 8000, upstream: [dsp-x]}]
)";
  std::string b = R"(    - id: maker-b
      offers: [{item: osfp, price: "$610", capacity: 8000, spot_price: "$800", spot_capacity: 1000, upstream: [dsp-x, eml-y]}]
)";
  std::string up = reversed
                       ? "[{id: eml-y, disruption: {probability: 0.05}}, {id: dsp-x, disruption: {probability: 0.02}}]"
                       : "[{id: dsp-x, disruption: {probability: 0.02}}, {id: eml-y, disruption: {probability: 0.05}}]";
  return "sourcing:\n  calendar: {start: 2026Q1, periods: 4}\n"
         "  items: [{id: osfp, lateness_cost: \"$300\", needs: {2026Q2: 9000, 2026Q4: 9000}}]\n"
         "  upstream: " +
         up + "\n  suppliers:\n" + (reversed ? b + a : a + b) +
         "  risk: {scenarios: 40, evaluation: 600, seed: 5, frontier: [0, 1]}\n";
}

TEST(Sourcing, TheOrderOfEntriesInTheFileDoesNotChangeTheAnswer) {
  std::string out[2];
  for (int r = 0; r < 2; ++r) {
    Diagnostics diag;
    const Scenario sc = load_scenario_text(scenario_text(r == 1), "s.yaml", {}, diag);
    ASSERT_TRUE(diag.ok()) << diag.items().front().message;
    auto s = source(*sc.sourcing);
    ASSERT_TRUE(s.ok()) << s.error();
    out[r] = results::source_json(*sc.sourcing, *s).dump();
  }
  EXPECT_EQ(out[0], out[1]);
}

}  // namespace
}  // namespace opticplan::source

// The sourcing decision: the SAA's first stage at each CVaR weight (binaries by rounding the
// relaxation, then flipping one at a time while that lowers the in-sample objective), evaluated
// out of sample with the baselines, what each qualification is worth, and which disruptions cost
// the recommendation most.
#include "opticplan/source/sourcing.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "futures.h"
#include "opticplan/core/table.h"
#include "opticplan/core/units.h"
#include "opticplan/source/scorecard.h"
#include "saa.h"
#include "second_stage.h"
#include "side_by_side.h"

namespace opticplan::source {

namespace {

constexpr int kChunk = 256;         // futures per evaluation chunk (the unit of threading)
constexpr int kScreening = 1000;    // futures that price a qualification or a disruption source
constexpr double kImproves = 1e-9;  // a flip must lower the objective by this share to count
constexpr double kWhole = 1e-6;     // a relaxed binary this close to 0 or 1 is taken as whole

Decision empty_decision(const Problem& p) {
  Decision d;
  const size_t periods = p.periods.size();
  d.reserve.assign(p.offers.size(), std::vector<double>(periods, 0.0));
  d.agreed.assign(p.agreements.size(), std::vector<double>(periods, 0.0));
  d.signed_agreement.assign(p.agreements.size(), false);
  d.qualify.assign(p.offers.size(), false);
  return d;
}

struct Decided {
  Decision decision;
  double objective = 0, expected = 0, relaxed = 0;
};

Result<Decided> decide(detail::Saa& saa, double weight) {
  saa.set_weight(weight);
  for (size_t b = 0; b < saa.binaries(); ++b) saa.fix(b, std::nullopt);
  if (!saa.solve()) return fail(Code::kInternal, "the sourcing LP found no optimum (CLP)");
  Decided out;
  out.relaxed = saa.objective();
  std::vector<bool> pinned, fractional;
  for (size_t b = 0; b < saa.binaries(); ++b) {
    const double v = saa.binary_value(b);
    pinned.push_back(v >= 0.5);
    fractional.push_back(v > kWhole && v < 1 - kWhole);
  }
  for (size_t b = 0; b < saa.binaries(); ++b) saa.fix(b, pinned[b]);
  if (!saa.solve()) return fail(Code::kInternal, "the sourcing LP found no optimum (CLP)");
  double best = saa.objective();
  bool stale = false;  // the LP's solution is of a flip that was undone
  for (size_t b = 0; b < saa.binaries(); ++b) {
    if (!fractional[b]) continue;  // the relaxation chose it whole: rounding agrees with it
    saa.fix(b, !pinned[b]);
    if (saa.solve() && saa.objective() < best - kImproves * std::max(1.0, std::abs(best))) {
      best = saa.objective();
      pinned[b] = !pinned[b];
      stale = false;
      continue;
    }
    saa.fix(b, pinned[b]);
    stale = true;
  }
  if (stale && !saa.solve()) return fail(Code::kInternal, "the sourcing LP found no optimum (CLP)");
  out.objective = saa.objective();
  out.expected = saa.expected_cost();
  out.decision = saa.decision();
  return out;
}

// Reserves `amount` of offer o's capacity for a need due in period `due`: that period first, then
// earlier ones (held as stock), then later ones (late). Returns what it found.
double take(const Problem& p, Decision& d, size_t o, size_t due, double amount) {
  const size_t periods = p.periods.size();
  double left = amount;
  std::vector<size_t> order;
  for (size_t s = due + 1; s-- > 0;) order.push_back(s);
  for (size_t s = due + 1; s < periods; ++s) order.push_back(s);
  for (size_t s : order) {
    if (left <= 0) break;
    if (!p.offers[o].qualified) continue;
    const double x = std::min(left, p.offers[o].capacity[s] - d.reserve[o][s]);
    if (x <= 0) continue;
    d.reserve[o][s] += x;
    left -= x;
  }
  return amount - left;
}

// Each need split evenly over `offers` (water-filling what one cannot take onto the others).
void fill(const Problem& p, Decision& d, size_t item, const std::vector<size_t>& offers) {
  for (size_t t = 0; t < p.periods.size(); ++t) {
    double left = p.need[item][t];
    std::vector<size_t> active = offers;
    while (left > 1e-9 && !active.empty()) {
      const double share = left / static_cast<double>(active.size());
      std::vector<size_t> still;
      for (size_t o : active) {
        const double got = take(p, d, o, t, share);
        left -= got;
        if (got >= share - 1e-9) still.push_back(o);
      }
      active = still;
    }
  }
}

double mean_price(const Offer& o) {
  double s = 0;
  for (double x : o.price) s += x;
  return o.price.empty() ? 0 : s / static_cast<double>(o.price.size());
}

double total_capacity(const Offer& o) {
  double s = 0;
  for (double x : o.capacity) s += x;
  return s;
}

void round_units(Decision& d) {
  for (auto& row : d.reserve)
    for (double& x : row) x = std::floor(x + 0.5);
}

std::vector<Option> baselines(const Problem& p) {
  Option cheapest{"cheapest only", empty_decision(p), {}};
  Option single{"single source", empty_decision(p), {}};
  Option even{"even split", empty_decision(p), {}};
  for (size_t i = 0; i < p.items.size(); ++i) {
    std::vector<size_t> offers;
    for (size_t o = 0; o < p.offers.size(); ++o)
      if (static_cast<size_t>(p.offers[o].item) == i && p.offers[o].qualified) offers.push_back(o);
    if (offers.empty()) continue;
    const size_t low = *std::min_element(offers.begin(), offers.end(), [&](size_t a, size_t b) {
      return mean_price(p.offers[a]) < mean_price(p.offers[b]);
    });
    const size_t big = *std::min_element(offers.begin(), offers.end(), [&](size_t a, size_t b) {
      const double ca = total_capacity(p.offers[a]), cb = total_capacity(p.offers[b]);
      return ca != cb ? ca > cb : mean_price(p.offers[a]) < mean_price(p.offers[b]);
    });
    fill(p, cheapest.decision, i, {low});
    fill(p, single.decision, i, {big});
    fill(p, even.decision, i, offers);
  }
  std::vector<Option> out{cheapest, single, even};
  for (auto& o : out) round_units(o.decision);
  return out;
}

Evaluation summarise(const std::vector<detail::FutureCost>& results, double level, double fixed) {
  Evaluation e;
  e.first_stage_cost = fixed;
  const auto n = static_cast<double>(results.size());
  std::vector<double> costs;
  size_t on_time = 0;
  for (const auto& r : results) {
    costs.push_back(r.cost);
    e.expected_cost += r.cost;
    e.expected_late += r.late;
    on_time += r.on_time ? 1U : 0U;
  }
  e.expected_cost /= n;
  e.expected_late /= n;
  e.p_on_time = static_cast<double>(on_time) / n;
  double var = 0;
  for (double c : costs) var += (c - e.expected_cost) * (c - e.expected_cost);
  e.std_error = n > 1 ? std::sqrt(var / (n - 1) / n) : 0;
  std::sort(costs.begin(), costs.end());
  const auto at = [&](double q) {
    const auto rank = static_cast<size_t>(std::ceil(q * n));
    return costs[std::clamp<size_t>(rank, 1, costs.size()) - 1];
  };
  e.cost_p10 = at(0.1);
  e.cost_p50 = at(0.5);
  e.cost_p90 = at(0.9);
  const double value_at_risk = at(level);
  double tail = 0;
  for (double c : costs) tail += std::max(0.0, c - value_at_risk);
  e.cvar = value_at_risk + tail / ((1 - level) * n);
  return e;
}

// The caller's control: whether it cancelled, and the futures evaluated out of those planned.
class Tracker {
 public:
  explicit Tracker(Control c) : c_(std::move(c)) {}
  bool cancelled() const { return c_.cancel != nullptr && c_.cancel->load(); }
  void plan(int64_t futures) { total_ += futures; }
  int rank() const { return c_.rank; }
  int processes() const { return std::max(1, c_.processes); }
  // Every process's results in each one's (see Control).
  void share(std::vector<detail::FutureCost>& results) const {
    if (processes() <= 1 || !c_.share) return;
    std::vector<double> values;
    values.reserve(results.size() * 3);
    for (const auto& r : results) values.insert(values.end(), {r.cost, r.late, r.on_time ? 1.0 : 0.0});
    c_.share(values);
    for (size_t k = 0; k < results.size(); ++k)
      results[k] = {values[3 * k], values[3 * k + 1], values[3 * k + 2] > 0.5};
  }
  void done(int64_t futures) {
    if (!c_.progress || total_ <= 0) return;
    std::lock_guard lock(mu_);  // so that the shares reported only grow
    done_ += futures;
    c_.progress(std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)));
  }

 private:
  Control c_;
  std::mutex mu_;
  int64_t total_ = 0, done_ = 0;
};

// The recommendation with each unqualified offer's qualification flipped, the rest re-optimised,
// in the order of the offers. The SAA holds the recommendation and is left holding it.
Result<std::vector<Decision>> flip_qualifications(const Problem& p, detail::Saa& saa, const Decision& recommended) {
  std::vector<std::pair<size_t, bool>> flips;
  for (size_t o = 0; o < p.offers.size(); ++o)
    if (!p.offers[o].qualified) flips.emplace_back(flips.size(), !recommended.qualify[o]);
  std::vector<Decision> out;
  for (auto& d : saa.decisions_with(flips)) {
    if (!d) return fail(Code::kInternal, "the sourcing LP found no optimum (CLP)");
    out.push_back(std::move(*d));
  }
  return out;
}

// Runs work(first, end) on the blocks of `count` futures this process evaluates, on `threads`
// threads; work returns the evaluations it made, for the progress.
template <class Work>
void for_blocks(int count, int threads, Tracker& tracker, const Work& work) {
  const int chunks = (count + kChunk - 1) / kChunk;
  // This process's chunks: every processes-th, from its rank.
  const int rank = tracker.rank(), processes = tracker.processes();
  const int mine = chunks > rank ? (chunks - rank + processes - 1) / processes : 0;
  detail::side_by_side(static_cast<size_t>(mine), threads, [&](size_t n) {
    if (tracker.cancelled()) return;
    const int c = rank + static_cast<int>(n) * processes;
    tracker.done(work(c * kChunk, std::min(count, (c + 1) * kChunk)));
  });
}

uint64_t evaluation_future(const Problem& p, int k) {
  return static_cast<uint64_t>(p.risk.scenarios) + static_cast<uint64_t>(k);
}

std::vector<std::vector<detail::FutureCost>> no_results(size_t decisions, int count) {
  return std::vector<std::vector<detail::FutureCost>>(
      decisions, std::vector<detail::FutureCost>(static_cast<size_t>(count), {0, 0, false}));
}

// Every decision on the same `count` futures, each future sampled once for all of them: sampling
// seeds a generator per disruption process, which cost as much as a decision's second stage.
std::vector<Evaluation> evaluate_all(const Problem& p, const std::vector<const Decision*>& decisions, int count,
                                     int threads, Tracker& tracker) {
  auto results = no_results(decisions.size(), count);
  for_blocks(count, threads, tracker, [&](int first, int end) {
    std::vector<std::unique_ptr<detail::SecondStage>> stages;
    stages.reserve(decisions.size());
    for (const Decision* d : decisions) stages.push_back(std::make_unique<detail::SecondStage>(p, *d));
    for (int k = first; k < end; ++k) {
      const auto avail = sample_future(p, evaluation_future(p, k));
      for (size_t j = 0; j < stages.size(); ++j) results[j][static_cast<size_t>(k)] = stages[j]->solve(avail);
    }
    return static_cast<int64_t>(end - first) * static_cast<int64_t>(decisions.size());
  });
  std::vector<Evaluation> out;
  for (size_t j = 0; j < decisions.size(); ++j) {
    tracker.share(results[j]);
    out.push_back(summarise(results[j], p.risk.cvar_level, detail::first_stage_cost(p, *decisions[j])));
  }
  return out;
}

// A disruption process (an upstream vendor or a supplier) whose cost the drivers report.
struct Process {
  std::string name;
  bool upstream = false;
  size_t index = 0;
};

// The decision on `count` futures as sampled (first), then with each process calm in turn (its
// probability 0), on the same futures: a future in which the process did not strike is the same
// future calm, and keeps the sampled result rather than being solved again.
std::vector<Evaluation> evaluate_calm(const Problem& p, const Decision& d, const std::vector<Process>& calm, int count,
                                      int threads, Tracker& tracker) {
  auto results = no_results(1 + calm.size(), count);
  for_blocks(count, threads, tracker, [&](int first, int end) {
    // The calm futures in their own stage: the sampled ones' stage sees the futures in order, as
    // every other evaluation of the decision does.
    detail::SecondStage sampled(p, d), calmed(p, d);
    for (int k = first; k < end; ++k) {
      const auto at = static_cast<size_t>(k);
      detail::Draws draws = detail::draw_future(p, evaluation_future(p, k));
      results[0][at] = sampled.solve(detail::arrivals(p, draws));
      for (size_t j = 0; j < calm.size(); ++j) {
        auto& left = (calm[j].upstream ? draws.upstream : draws.suppliers)[calm[j].index];
        if (!detail::struck(left)) {
          results[j + 1][at] = results[0][at];
          continue;
        }
        std::vector<double> kept(left.size(), 1.0);
        std::swap(kept, left);
        results[j + 1][at] = calmed.solve(detail::arrivals(p, draws));
        std::swap(kept, left);
      }
    }
    return static_cast<int64_t>(end - first) * static_cast<int64_t>(1 + calm.size());
  });
  std::vector<Evaluation> out;
  const double fixed = detail::first_stage_cost(p, d);
  for (auto& r : results) {
    tracker.share(r);
    out.push_back(summarise(r, p.risk.cvar_level, fixed));
  }
  return out;
}

std::string money(double x) {
  return std::string(x < 0 ? "-$" : "$") + grouped(static_cast<int64_t>(std::llround(std::abs(x))));
}
std::string percent(double x) { return format_number(x * 100, 1) + "%"; }

std::vector<std::string> insights(const Problem& p, const Sourcing& s) {
  std::vector<std::string> out;
  const Decision& d = s.recommended.decision;
  // Splits that share an upstream vendor: diversification in name only.
  for (size_t i = 0; i < p.items.size(); ++i) {
    // One line per upstream vendor that two or more of the item's suppliers (qualified, or to be)
    // depend on: whether or not the recommendation splits between them, the split buys nothing
    // against that vendor.
    std::vector<size_t> candidates;
    for (size_t o = 0; o < p.offers.size(); ++o)
      if (static_cast<size_t>(p.offers[o].item) == i && (p.offers[o].qualified || d.qualify[o]))
        candidates.push_back(o);
    for (size_t u = 0; u < p.upstream.size(); ++u) {
      if (!p.upstream[u].disruption.any()) continue;
      std::vector<std::string> names;
      for (size_t o : candidates) {
        const auto& ups = p.offers[o].upstream;
        if (std::find(ups.begin(), ups.end(), static_cast<int>(u)) != ups.end())
          names.push_back(p.suppliers[static_cast<size_t>(p.offers[o].supplier)].id);
      }
      if (names.size() < 2) continue;
      std::string list;
      for (size_t k = 0; k < names.size(); ++k)
        list += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
      out.push_back(list + (names.size() == 2 ? " both" : " all") + " depend on " + p.upstream[u].id + " for " +
                    p.items[i] + ": splitting " + (names.size() == 2 ? "between" : "among") +
                    " them buys no protection against it");
    }
  }
  if (!s.drivers.empty() && s.drivers.front().cost > 0)
    out.push_back("the disruptions that cost most are at " + s.drivers.front().source + ": " +
                  money(s.drivers.front().cost) + " of expected cost and " +
                  format_number(s.drivers.front().p_on_time_loss * 100, 1) + " points of on-time probability");
  for (const auto& q : s.qualifications) {
    const Offer& o = p.offers[static_cast<size_t>(q.offer)];
    out.push_back(std::string(q.recommended ? "qualify " : "do not qualify ") +
                  p.suppliers[static_cast<size_t>(o.supplier)].id + " for " + p.items[static_cast<size_t>(o.item)] +
                  ": it is worth " + money(q.value) + " in expected cost (on time " + percent(q.p_on_time_with) +
                  " with it, " + percent(q.p_on_time_without) + " without)");
  }
  for (const auto& b : s.baselines) {
    const Evaluation &r = s.recommended.evaluation, &e = b.evaluation;
    out.push_back("against " + b.name + ": expected cost " + money(r.expected_cost - e.expected_cost) + ", on time " +
                  percent(r.p_on_time) + " against " + percent(e.p_on_time));
  }
  return out;
}

}  // namespace

Evaluation evaluate(const Problem& p, const Decision& d, int count, int threads) {
  Tracker none{Control{}};
  return evaluate_all(p, {&d}, count, threads, none)[0];
}

Result<Sourcing> source(const Problem& input, int threads, const Control& control) {
  if (input.periods.empty()) return fail(Code::kBadInput, "a sourcing problem needs at least one period", "periods");
  if (input.risk.scenarios < 1 || input.risk.evaluation < 1)
    return fail(Code::kBadInput, "needs at least one scenario and one evaluation future", "risk");
  Tracker tracker(control);
  const auto stopped = [&](const Error& why) {
    return tracker.cancelled() ? fail(Code::kCancelled, "cancelled") : Result<Sourcing>(why);
  };
  Sourcing out;
  out.scorecards = scorecards(input.deliveries, input.quality);
  const Problem p = with_history(input, out.scorecards);
  const int evaluation = p.risk.evaluation, screening = std::min(evaluation, kScreening);
  std::vector<double> weights = p.risk.frontier;
  weights.push_back(p.risk.cvar_weight);
  std::sort(weights.begin(), weights.end());
  weights.erase(std::unique(weights.begin(), weights.end()), weights.end());
  out.baselines = baselines(p);
  std::vector<Process> processes;  // the drivers' candidates
  for (size_t u = 0; u < p.upstream.size(); ++u)
    if (p.upstream[u].disruption.any()) processes.push_back({"upstream " + p.upstream[u].id, true, u});
  for (size_t s = 0; s < p.suppliers.size(); ++s)
    if (p.suppliers[s].disruption.any()) processes.push_back({"supplier " + p.suppliers[s].id, false, s});
  const auto unqualified = std::count_if(p.offers.begin(), p.offers.end(), [](const Offer& o) { return !o.qualified; });
  tracker.plan(static_cast<int64_t>(weights.size() + out.baselines.size()) * evaluation +
               (1 + unqualified + static_cast<int64_t>(processes.size())) * screening);

  detail::Saa saa(p, p.risk.scenarios, control.cancel);
  saa.set_threads(threads);
  out.lp_rows = saa.rows();
  out.lp_columns = saa.columns();
  const auto same = [](const Decision& a, const Decision& b) {
    return a.reserve == b.reserve && a.agreed == b.agreed && a.signed_agreement == b.signed_agreement &&
           a.qualify == b.qualify;
  };
  // The frontier's distinct plans and the baselines, evaluated together once every weight is solved.
  std::vector<const Decision*> plans;
  std::vector<size_t> plan_of;    // [frontier point] its index in plans
  std::vector<Decision> flipped;  // [unqualified offer] the recommendation with its qualification flipped
  for (double w : weights) {
    auto dec = decide(saa, w);
    if (!dec) return stopped(dec.status());
    out.frontier.push_back({w, dec->expected, {}, dec->decision});
    if (w != p.risk.cvar_weight) continue;
    out.in_sample_cost = dec->expected;
    out.in_sample_objective = dec->objective;
    out.lower_bound = dec->relaxed;
    // What each qualification is worth, while the SAA holds the recommendation (its weight and
    // pins): the best plan with it against the best plan without it.
    auto other = flip_qualifications(p, saa, dec->decision);
    if (!other) return stopped(other.status());
    flipped = std::move(*other);
  }
  for (const FrontierPoint& f : out.frontier) {
    // Neighbouring weights often choose the same plan: its evaluation is the same.
    const auto seen = std::find_if(plans.begin(), plans.end(), [&](const Decision* d) { return same(*d, f.decision); });
    plan_of.push_back(static_cast<size_t>(seen - plans.begin()));
    if (seen == plans.end())
      plans.push_back(&f.decision);
    else
      tracker.done(evaluation);
  }
  const size_t distinct = plans.size();
  for (const Option& b : out.baselines) plans.push_back(&b.decision);
  const std::vector<Evaluation> evaluated = evaluate_all(p, plans, evaluation, threads, tracker);
  for (size_t k = 0; k < out.frontier.size(); ++k) {
    FrontierPoint& f = out.frontier[k];
    f.evaluation = evaluated[plan_of[k]];
    if (f.weight == p.risk.cvar_weight) out.recommended = {"recommended", f.decision, f.evaluation};
  }
  for (size_t k = 0; k < out.baselines.size(); ++k) out.baselines[k].evaluation = evaluated[distinct + k];

  // The recommendation on the screening futures, as sampled and with each disruption process calm.
  const std::vector<Evaluation> calm =
      evaluate_calm(p, out.recommended.decision, processes, screening, threads, tracker);
  const Evaluation& reference = calm[0];
  std::vector<const Decision*> screened;
  screened.reserve(flipped.size());
  for (const Decision& d : flipped) screened.push_back(&d);
  const std::vector<Evaluation> screen = evaluate_all(p, screened, screening, threads, tracker);
  for (size_t o = 0, k = 0; o < p.offers.size(); ++o) {
    if (p.offers[o].qualified) continue;
    const bool chosen = out.recommended.decision.qualify[o];
    const Evaluation &other = screen[k++], &with = chosen ? reference : other, &without = chosen ? other : reference;
    out.qualifications.push_back(
        {static_cast<int>(o), chosen, without.expected_cost - with.expected_cost, with.p_on_time, without.p_on_time});
  }
  // Which disruptions cost most: each removed in turn, on the same futures.
  for (size_t j = 0; j < processes.size(); ++j) {
    const Evaluation& e = calm[j + 1];
    out.drivers.push_back(
        {processes[j].name, reference.expected_cost - e.expected_cost, e.p_on_time - reference.p_on_time});
  }
  if (tracker.cancelled()) return fail(Code::kCancelled, "cancelled");
  std::stable_sort(out.drivers.begin(), out.drivers.end(),
                   [](const Driver& x, const Driver& y) { return x.cost > y.cost; });
  out.insights = insights(p, out);
  return out;
}

}  // namespace opticplan::source

// Sourcing: a buyer's choice of module suppliers, volumes and agreements under supply risk.
//
// A Problem states what the buyer needs (units per item and period, or a cluster that goes live
// when its last module arrives), the suppliers that offer each item (price, spot premium,
// capacity, qualification, the upstream laser and DSP vendors they depend on), the agreements on
// offer, and the risk: disruptions per upstream vendor and per supplier. Suppliers that share an
// upstream vendor are disrupted together; that correlation is what a split must be judged by.
//
// source() decides by sample-average approximation (SAA): one linear program over `scenarios`
// sampled futures chooses the first stage (volume reserved per offer and period, agreement sizes,
// which second sources to qualify) and, per sampled future, the second stage (spot buys at a
// premium, lateness). It minimises expected cost + weight x CVaR(level) of cost, by CLP. Then the
// first stage is evaluated out of sample on `evaluation` further futures (threads give the same
// result byte for byte), against three baselines, and a sweep of the CVaR weight gives the
// efficient frontier: expected cost against the probability of being on time.
//
// Contract: ids are dense and sorted by name (the reader sorts), so the plan does not depend on the
// order of entries in a file. Futures are drawn from `seed` and their index alone. Costs are in the
// problem's currency; volumes are units per period; results are rounded to whole units and cents.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "opticplan/core/result.h"
#include "opticplan/market/distribution.h"

namespace opticplan::source {

// A disruption process: in each period not already disrupted, one starts with `probability`; it
// removes `depth` (a share, drawn per event) of output for `duration` periods (drawn per event,
// rounded, at least 1).
struct Disruption {
  double probability = 0;
  market::Distribution depth;     // fixed 1 unless given
  market::Distribution duration;  // periods; fixed 1 unless given
  bool any() const { return probability > 0; }
};

struct Upstream {  // a laser, DSP or other vendor that suppliers depend on
  std::string id, kind;
  Disruption disruption;
};

// One supplier's offer of one item.
struct Offer {
  int supplier = 0, item = 0;
  std::vector<double> price;          // per unit, per period (reserved volume)
  std::vector<double> spot_price;     // per unit, per period (bought after the future is known)
  std::vector<double> capacity;       // units per period it will reserve for the buyer
  std::vector<double> spot_capacity;  // units per period it sells spot
  bool qualified = true;
  int qualify_periods = 0;  // when not qualified: periods from the start until it can ship
  double qualify_cost = 0;
  std::vector<int> upstream;  // Upstream ids
  double yield = 1;           // good share of delivered units
  bool yield_given = false;   // else from the scorecard's DPPM, when there is one
};

struct Supplier {
  std::string id;
  Disruption disruption;          // its own (plant, logistics)
  bool disruption_given = false;  // else from its scorecard, when there is one
};

// A take-or-pay agreement on offer: reserve up to `volume` a period at `price` over its term
// (periods first..last); reserving less than min_take x volume in a term period once signed costs
// `penalty` a unit short.
struct Agreement {
  std::string id;
  int offer = 0;
  double volume = 0, price = 0, min_take = 0, penalty = 0;
  int first = 0, last = 1 << 30;  // the term, periods inclusive
  bool in_term(int t) const { return t >= first && t <= last; }
};

// A cluster goes live when its last module arrives: it needs `units` of each item by `go_live`,
// and each period after that it is not live costs `idle_cost` (its GPUs idle). A share of it can
// run when a share of every item has arrived: the live share of a period is at most the share of
// each item delivered. The share still idle at the horizon's end costs idle_cost for as many
// periods again as the horizon has.
struct Cluster {
  std::string name;
  int go_live = 0;
  double idle_cost = 0;       // per period
  std::vector<double> units;  // [item] units it needs by go-live (also in Problem::need)
};

struct Risk {
  int scenarios = 200;     // sampled futures the decision is optimised on
  int evaluation = 10000;  // further futures it is evaluated on
  uint64_t seed = 1;
  double cvar_level = 0.9;                         // CVaR of the worst (1 - level) share of futures
  double cvar_weight = 0;                          // the recommendation's weight on CVaR
  std::vector<double> frontier = {0, 0.25, 1, 4};  // weights swept for the frontier
};

// History (scorecard.h computes the scorecards): one delivered order line, one tested lot.
struct DeliveryRecord {
  int supplier = 0, item = 0;
  double quantity = 0, delivered = 0;
  int promised = 0, delivered_on = 0;  // days since 1970-01-01
  std::optional<int> ordered;
};

struct QualityRecord {
  int supplier = 0, item = 0;
  double tested = 0, failed = 0;
};

struct Scorecard {
  int supplier = 0, item = 0;
  int lines = 0, lots = 0;
  double otif = 0, fill_rate = 0;
  double days_late_mean = 0, days_late_p90 = 0;
  std::optional<double> lead_time_mean, lead_time_p90;
  std::optional<double> dppm, dppm_low, dppm_high;  // when lots were tested
  std::optional<double> trend;                      // when there are at least 4 lines
  double short_share = 0;                           // mean share missed by the lines that were not on time in full
};

struct Problem {
  std::vector<std::string> periods;  // labels
  std::vector<std::string> items;
  std::vector<std::vector<double>> need;  // [item][period] units due
  std::vector<double> lateness_cost;      // [item] per unit per period late
  // [item] per unit still short at the horizon's end, on top of its lateness (the reader's default:
  // lateness for as many periods again as the horizon has, as if it came a horizon later)
  std::vector<double> shortage_cost;
  std::optional<Cluster> cluster;
  std::vector<Supplier> suppliers;
  std::vector<Upstream> upstream;
  std::vector<Offer> offers;  // sorted by (item, supplier)
  std::vector<Agreement> agreements;
  std::vector<DeliveryRecord> deliveries;  // history (scorecard.h)
  std::vector<QualityRecord> quality;
  Risk risk;
  std::vector<std::pair<std::string, std::string>> sources;  // (what, `source:` text), for provenance
};

// A first-stage decision.
struct Decision {
  std::vector<std::vector<double>> reserve;  // [offer][period] units reserved at the offer's price
  std::vector<std::vector<double>> agreed;   // [agreement][period] units under the agreement
  std::vector<bool> signed_agreement;        // [agreement]
  std::vector<bool> qualify;                 // [offer] qualification started (unqualified offers)
};

// A decision's cost and service over a set of futures.
struct Evaluation {
  double expected_cost = 0, cvar = 0;
  double cost_p10 = 0, cost_p50 = 0, cost_p90 = 0;
  double p_on_time = 0;         // share of futures with every need met in its period (cluster: live on time)
  double expected_late = 0;     // unit-periods late (cluster: idle periods)
  double std_error = 0;         // of expected_cost
  double first_stage_cost = 0;  // qualification and agreement penalties
};

struct Option {  // one decision, named, with its out-of-sample evaluation
  std::string name;
  Decision decision;
  Evaluation evaluation;
};

struct FrontierPoint {
  double weight = 0;
  double in_sample_cost = 0;
  Evaluation evaluation;
  Decision decision;
};

struct QualificationValue {  // what qualifying one second source is worth (out of sample)
  int offer = 0;
  bool recommended = false;
  double value = 0;  // expected cost without it minus with it (out of sample, same futures)
  double p_on_time_with = 0, p_on_time_without = 0;
};

struct Driver {        // a disruption source and what it costs the recommendation
  std::string source;  // "upstream eml-x" or "supplier maker-a"
  double cost = 0;     // expected cost it adds (evaluation with it removed, same futures)
  double p_on_time_loss = 0;
};

struct Sourcing {
  Option recommended;
  double in_sample_cost = 0;       // the recommendation's expected cost on the SAA's futures
  double in_sample_objective = 0;  // its expected cost + weight x CVaR there
  double lower_bound = 0;          // of that objective: the relaxation's (binaries free in [0, 1])
  std::vector<Option> baselines;   // cheapest only, single source, even split
  std::vector<FrontierPoint> frontier;
  std::vector<QualificationValue> qualifications;
  std::vector<Driver> drivers;        // largest first
  std::vector<std::string> insights;  // in words
  std::vector<Scorecard> scorecards;
  int lp_rows = 0, lp_columns = 0;
};

// What a caller (the service's runs) may do while source() runs: stop it, and follow it.
// `cancel` is checked within the LP's iterations and between blocks of 256 futures; once set,
// source() returns a kCancelled error. `progress` receives the share of the futures it will
// evaluate that it has evaluated (0 to 1, never lower than before), from any of its threads.
//
// Processes that share the evaluation (MPI ranks, which the caller sets up; the engine knows no
// MPI): every process runs source() on the same problem, and this one evaluates only the blocks of
// 256 futures b with b % processes == rank. `share`, which every process calls in the same order
// (source() is deterministic), must make each process's values the element-wise sum over the
// processes (an all-reduce): each value is set by one process and zero in the others, so the sum
// is exact, and every process ends with the figures one process alone would have.
struct Control {
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(double)> progress;
  int rank = 0, processes = 1;
  std::function<void(std::vector<double>&)> share = {};
};

// Thread safety: pure; `threads` splits the evaluation and the SAA's independent per-item LPs,
// and never changes the result.
Result<Sourcing> source(const Problem& p, int threads = 1, const Control& control = {});

// One future: the share of each offer's reserved and spot volume that arrives good, [offer][period]
// (its supplier's and upstream vendors' disruptions, times its yield). Future `index` is the same
// on every machine; the optimisation uses futures [0, scenarios), the evaluation the ones after.
std::vector<std::vector<double>> sample_future(const Problem& p, uint64_t index);

// A decision's cost and service on the evaluation futures [scenarios, scenarios + count).
Evaluation evaluate(const Problem& p, const Decision& d, int count, int threads = 1);

}  // namespace opticplan::source

// Market simulation: the supply plan of a whole market, many times over under uncertainty.
//
// A market scenario is a `supply:` section at market scale (buyers as customers with their demand
// per period, module makers as lines, component vendors as suppliers, long-term agreements) plus a
// `market:` section that says how to read and vary it (docs/market-format.md):
//   - classes group items into what the market reports (400G, 800G, 1.6T, ...): an average selling
//     price per year (anchors), whether the class counts as "800G and above", and the fraction of
//     its value that counts in the market value (e.g. the AI share of 400G);
//   - erosion: in years after the last anchor, a class's price falls each period by a yearly rate
//     between `loose` (no backlog) and `tight` (backlog at `full_at` x the period's demand or more):
//     scarcity slows price erosion;
//   - inputs: named uncertain inputs, each a distribution (distribution.h) that scales demand, a
//     supplier's or line's capacity or a price, or sets a class's AI fraction or an erosion rate;
//     plus blanket lognormal noise on every customer's demand and every capacity;
//   - events: conditions whose probability over the runs is reported;
//   - runs and a seed: run r draws from its own generator (seed, r), so results do not depend on
//     how runs are spread over threads or MPI ranks.
// Each run is planned by the fast planner (supply/planner.h): unmet demand carries forward as late
// orders (backlog). The base run sets every input to its median and adds no noise; each headline
// figure is reported as P10/P50/P90 over the runs (nearest rank) with the base run beside it. The
// tornado sets one input at a time to its P10 and P90 (the others at their medians) and reports how
// far the focus year's market value moves.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/market/distribution.h"
#include "opticplan/supply/model.h"

namespace opticplan::market {

// The spec's own tables (MarketSpec) are indexed by these; the supply model's by supply::ItemId etc.
using ClassId = Id<struct ClassTag>;
using InputId = Id<struct InputTag>;
using EventId = Id<struct EventTag>;

struct PriceClass {
  std::string id;
  std::vector<supply::ItemId> items;           // supply items in this class
  std::vector<std::pair<int, double>> prices;  // (year, USD) anchors, ascending
  bool high_speed = false;                     // counts as 800G and above
  double ai_fraction = 1;                      // share of its value counted in the market value
};

// What an input acts on. Scale targets multiply (demand, capacity, price) in the periods from
// `first` to `last`; set targets replace a parameter.
struct Target {
  enum class Kind : unsigned char {
    kCustomerDemand,
    kRequirementDemand,
    kItemDemand,
    kClassDemand,
    kSupplier,
    kLine,
    kPrice,  // scale
    kAiFraction,
    kErosionLoose,
    kErosionTight  // set
  };
  Kind kind = Kind::kCustomerDemand;
  // What it acts on: a customer, requirement, item, supplier or line of the supply model, or a
  // class (demand: orders whose first choice is in it; price; AI fraction); nothing for the erosion
  // rates. A variant so that each is held as its own typed id; the kind still says which (three
  // kinds name a class) and decides how it acts.
  std::variant<std::monostate, supply::CustomerId, supply::RequirementId, supply::ItemId, supply::SupplierId,
               supply::LineId, ClassId>
      of;
  int first = 0, last = 0;
  bool scales() const { return kind < Kind::kAiFraction; }
};

struct Input {
  std::string id, name, source;
  Target target;
  Distribution dist;
};

struct Event {
  enum class Kind : unsigned char { kShort, kShipments, kValue, kShare };
  std::string id, name;
  Kind kind = Kind::kShort;
  std::vector<supply::ItemId> items;  // kShort: the bought items whose shortage counts
  int after = 0;                      // kShort: a shortage in a period after this one
  ClassId cls;                        // kShipments: the class
  int year = 0;                       // kShipments, kValue, kShare
  double threshold = 0;
  bool below = true;  // below the threshold (else above)
};

struct MarketSpec {
  IdVec<ClassTag, PriceClass> classes;
  IdVec<InputTag, Input> inputs;
  IdVec<EventTag, Event> events;
  int runs = 100;
  uint64_t seed = 1;
  int focus_year = 0;  // the tornado's year (default: the calendar's last)
  double demand_sd = 0, supply_sd = 0, premium = 0;
  double erosion_loose = 0, erosion_tight = 0, erosion_full_at = 0.3;
  std::vector<supply::SourceNote> sources;  // the market section's own `source:` texts (inputs keep theirs)
};

struct Band {
  double p10 = 0, p50 = 0, p90 = 0, base = 0;
};

struct TornadoBar {
  InputId input;
  double low_input = 0, high_input = 0;  // the input at its P10 and P90
  double low = 0, high = 0;              // the focus year's market value with it there (USD)
  double swing() const { return high > low ? high - low : low - high; }
};

// Per class, input and event: in the spec's order (the position of its ClassId, InputId, EventId).
struct MarketResult {
  int runs = 0;
  std::vector<std::string> periods, classes;
  std::vector<int> years;
  // Per year.
  std::vector<Band> value;                      // [year] market value, USD (AI fractions applied)
  std::vector<std::vector<Band>> class_value;   // [class][year] USD, whole class
  std::vector<std::vector<Band>> class_units;   // [class][year] units shipped
  std::vector<Band> high_speed_share;           // [year] units of 800G+ / all units
  std::vector<Band> year_backlog;               // [year] units due and undelivered at year end
  std::vector<std::string> buyers;              // the supply model's customers
  std::vector<std::vector<Band>> buyer_demand;  // [buyer * classes + class][year] units due in the year
  std::vector<std::vector<Band>> buyer_units;   // [buyer * classes + class][year] units delivered in it
  // Per period.
  std::vector<std::vector<Band>> shipments;  // [class][period] units
  std::vector<Band> period_value;            // [period] USD
  std::vector<Band> backlog;                 // [period] units due and not yet delivered
  std::vector<Band> wait;                    // [period] unit-weighted periods late of deliveries
  std::vector<std::string> binding;          // [period] the named constraint whose relief (+10%, base run)
                                             // ships the most more units in the period, or ""
  std::vector<double> binding_gain;          // [period] those more units
  std::vector<double> binding_frequency;     // [period] share of runs that name it as a cause there
  // Long-term agreements over the calendar: [agreement] {reserved, used by the holder, released}.
  std::vector<std::string> agreement_ids;
  std::vector<std::vector<Band>> agreements;
  // Inputs, events, sensitivities.
  std::vector<Band> inputs;               // [input] the drawn values
  std::vector<double> event_probability;  // [event] share of runs in which it happened
  std::vector<bool> event_base;           // [event] whether it happens in the base run
  int focus_year = 0;
  std::vector<TornadoBar> tornado;  // widest swing first
};

// Called from time to time with the runs done so far (from a worker thread).
using Progress = std::function<void(int done, int total)>;

// The simulation in two halves, so that runs can be spread over threads here and over processes
// (MPI) by a driver: run() computes the figures of the given runs as one flat block each;
// reduce() turns the blocks of all runs, in run order, into the result.
// Thread safety: immutable after construction; run() is const and may be called concurrently
// (each call, and each of its threads, works on its own copy of the supply model), and so may
// reduce(). The model and spec passed to the constructor must outlive it.
class MarketSimulation {
 public:
  MarketSimulation(const supply::Model& model, const MarketSpec& spec);
  ~MarketSimulation();
  MarketSimulation(const MarketSimulation&) = delete;
  MarketSimulation& operator=(const MarketSimulation&) = delete;

  size_t block_size() const;  // doubles per run
  // Figures of runs first, first + stride, ... below spec.runs, on `threads` threads, appended to
  // `out` in that order.
  void run(int first, int stride, int threads, std::vector<double>& out, const Progress& progress = {}) const;
  MarketResult reduce(const std::vector<double>& all_runs) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs the whole simulation on `threads` threads (at least 1); deterministic for any thread count.
MarketResult simulate_market(const supply::Model& model, const MarketSpec& spec, int threads,
                             const Progress& progress = {});

}  // namespace opticplan::market

// The run facade: one entry point per command, the only way the shells (the CLI, the service, the
// coming Python bindings) run an engine on a scenario.
//
// Each entry point takes a loaded Scenario (scenario/scenario.h) and typed options, runs the
// engines, and returns a typed run that writes itself as the command's JSON (with the scenario's
// inputs and sources, results/provenance.h), text and CSV. A shell only parses its input, calls
// one entry point and writes what comes back, so the CLI and the service cannot compute a command
// differently. Failures are values: Result's Code says bad input (a missing section, with the
// section in Error::field; the shell says "the file" or "the scenario" has none), internal (the
// LP solver failed) or cancelled.
//
// Lifetime: a run refers to the Scenario it was computed from (its catalog and supply model name
// the ids the writers print); keep the Scenario alive while the run is used.
// Thread safety: entry points are pure functions of their arguments; distinct calls may run
// concurrently on distinct or shared (const) scenarios. A run is immutable once returned.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "opticplan/core/result.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/link/check.h"
#include "opticplan/market/market.h"
#include "opticplan/results/fabric_results.h"
#include "opticplan/results/json_writer.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/select/select.h"
#include "opticplan/source/sourcing.h"
#include "opticplan/supply/diff.h"
#include "opticplan/supply/mrp.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/plan.h"

namespace opticplan::run {

using Json = nlohmann::ordered_json;

// `opticplan select`: the modules that can carry one link, ranked, and why the others cannot.
struct SelectRun {
  const Scenario* scenario;
  catalog::Selection selection;
  Json json() const;
  std::string text() const;
  std::string csv() const;
};
SelectRun select(const Scenario& sc, const catalog::Requirement& requirement);

// `opticplan link check`: the scenario's links: and dci: entries. Bad input when it has none.
struct LinkRun {
  const Scenario* scenario;
  link::LinkChecks checks;
  Json json() const;
  std::string text() const;
  std::string csv() const;
};
Result<LinkRun> check_links(const Scenario& sc);

// `opticplan fabric`: one cluster sized, with its bill of materials. Bad input when the design
// cannot be built (the message says why; no field) or, for the scenario's own cluster, when it has
// none (field "cluster").
struct FabricRun {
  const Scenario* scenario;
  fabric::Fabric fabric;
  std::optional<fabric::Tco> tco = std::nullopt;  // when asked for
  Json json() const;
  std::string text() const;
  void write_link_list(std::ostream& out) const;  // every link as CSV (`--links FILE`)
};
// With `tco`, also the total cost of ownership of its optics (fabric/tco.h).
Result<FabricRun> build_fabric(const Scenario& sc, const fabric::ClusterInput& cluster,
                               const std::optional<fabric::TcoOptions>& tco = std::nullopt);
Result<FabricRun> build_fabric(const Scenario& sc, const std::optional<fabric::TcoOptions>& tco = std::nullopt);

// `opticplan fabric compare`: the scenario's cluster and each of its variants: side by side.
struct FabricCompareRun {
  const Scenario* scenario;
  std::vector<results::FabricVariant> designs;  // "base" first, then the variants in file order
  Json json() const;
  std::string text() const;
};
Result<FabricCompareRun> compare_fabrics(const Scenario& sc,
                                         const std::optional<fabric::TcoOptions>& tco = std::nullopt);

// `opticplan plan`: the supply plan by the fast planner or the LP, and optionally the fast
// planner's gap to the LP optimum on the objective (compare), or to a bound at any order count (bound).
enum class Planner : unsigned char { kHeuristic, kLp };
const char* planner_name(Planner p);                          // "heuristic", "lp"
std::optional<Planner> parse_planner(std::string_view name);  // the inverse
struct PlanOptions {
  Planner planner = Planner::kHeuristic;
  supply::Objective objective = supply::Objective::kLateness;
  bool compare = false;                       // also solve the LP and measure the fast planner against it
  const std::atomic<bool>* cancel = nullptr;  // stops either planner once set (the service's cancel)
  std::function<void(double)> progress{};     // the fast planner's share of orders planned, 0..1
  bool bound = false;  // instead of compare: solve the aggregate relaxation (any size), measure the fast planner
};
struct PlanRun {
  const Scenario* scenario;
  supply::Plan plan;
  std::optional<supply::PlanComparison> comparison;
  Json json() const;
  // json() as json().dump(2) prints it, and a newline, written as it is built: a 100,000-order
  // plan's JSON (90 MB of text, 250 MB as a Json) is never held whole. kCompact writes what
  // json().dump() prints (56 MB), as the service stores it.
  void write_json(std::ostream& out, results::JsonLayout layout = results::JsonLayout::kIndented) const;
  std::string text() const;
  std::string csv() const;
};
Result<PlanRun> plan(const Scenario& sc, const PlanOptions& options = {});

// `opticplan plan --mrp`: the unconstrained plan (supply/mrp.h): what to buy and make, and when,
// for every due date, and where that asks more than is offered.
struct MrpRun {
  const Scenario* scenario;
  supply::MrpPlan plan;
  Json json() const;
  std::string text() const;
  std::string csv() const;  // the planned orders
};
Result<MrpRun> mrp(const Scenario& sc);

// `opticplan compare BASE WHATIF`: both planned by the fast planner, and what moved.
struct CompareRun {
  const Scenario* base;
  const Scenario* what_if;
  supply::PlanDiff diff;
  Json json() const;
  std::string text() const;
};
Result<CompareRun> compare(const Scenario& base, const Scenario& what_if);

// `opticplan quote`: one new order promised on the plan of the scenario's orders.
struct QuoteRun {
  const Scenario* scenario;
  supply::Order order;
  supply::OrderPlan schedule;
  Json json() const;
  std::string text() const;
};
Result<QuoteRun> quote(const Scenario& sc, supply::Order order);

// `opticplan market`: the Monte Carlo simulation. The result does not depend on `threads`, nor on
// whether `cancel` is given: with a cancel flag the runs go in interleaved chunks of at most 64
// runs, so that a cancel is seen within 64 runs (the result is then a kCancelled error), and the
// chunks are put back in run order before the reduction, byte for byte the same result.
struct MarketOptions {
  std::optional<int> runs;       // default: the scenario's
  std::optional<uint64_t> seed;  // default: the scenario's
  int threads = 1;
  market::Progress progress;  // (runs done, runs in all), from the calling or a worker thread
  const std::atomic<bool>* cancel = nullptr;
};
struct MarketRun {
  const Scenario* scenario;
  market::MarketSpec spec;
  market::MarketResult result;
  Json json() const;
  std::string text() const;
};
// The spec a market run will use: the scenario's, with the options' runs and seed.
Result<market::MarketSpec> market_spec(const Scenario& sc, const MarketOptions& options);
Result<MarketRun> simulate_market(const Scenario& sc, const MarketOptions& options);
// A result computed elsewhere (e.g. gathered over MPI ranks) as a run, to write it.
MarketRun market_run_of(const Scenario& sc, market::MarketSpec spec, market::MarketResult result);

// `opticplan market --what-if`: a base and a what-if, each run with the same options.
struct MarketCompareRun {
  MarketRun base, what_if;
  Json json() const;
  std::string text() const;
};

// `opticplan source`: the buyer's sourcing decision under supply risk (source/sourcing.h): the
// recommended split, agreements and qualifications, evaluated out of sample against baselines,
// with the efficient frontier. Bad input when the scenario has no sourcing: section. The result
// does not depend on `threads`.
struct SourceOptions {
  std::optional<int> scenarios, evaluation;  // default: the scenario's risk:
  std::optional<uint64_t> seed;
  std::optional<double> cvar_weight;
  int threads = 1;
  const std::atomic<bool>* cancel = nullptr;  // stops it once set (the service's cancel): a kCancelled error
  std::function<void(double)> progress;       // the share of its futures evaluated, 0 to 1
  // MPI ranks sharing the evaluation (source::Control says how); the caller sets MPI up.
  int rank = 0, processes = 1;
  std::function<void(std::vector<double>&)> share = {};
};
struct SourceRun {
  const Scenario* scenario;
  source::Problem problem;  // as solved (the options applied)
  source::Sourcing sourcing;
  Json json() const;
  std::string text() const;
  std::string csv() const;  // the recommended reservations
};
Result<SourceRun> source(const Scenario& sc, const SourceOptions& options = {});

// `opticplan run`: everything the scenario asks for: its select: requirements, its links: and dci:
// checks, its cluster:, its supply: plan (fast planner), its sourcing: decision.
struct ScenarioRun {
  const Scenario* scenario;
  std::vector<SelectRun> selections;
  std::optional<LinkRun> links;
  std::vector<FabricRun> fabrics;
  std::optional<PlanRun> plan;
  std::optional<SourceRun> sourcing;
  Json json() const;
  std::string text() const;
};
// Bad input when a cluster cannot be built (the error's field is "cluster").
Result<ScenarioRun> run_scenario(const Scenario& sc);

}  // namespace opticplan::run

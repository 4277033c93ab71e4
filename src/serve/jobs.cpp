#include "opticplan/serve/jobs.h"

#include <algorithm>

#include "opticplan/catalog/lint.h"
#include "opticplan/fabric/fabric.h"
#include "opticplan/market/market.h"
#include "opticplan/results/fabric_results.h"
#include "opticplan/results/link_results.h"
#include "opticplan/results/market_results.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/results/provenance.h"
#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/serve/order_request.h"
#include "opticplan/serve/stored_scenario.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/supply/planner.h"
#include "opticplan/scenario/read_supply.h"

namespace opticplan::serve {

using nlohmann::ordered_json;

namespace {

// The committed orders added to a plan run's model (as the promising desk plans them: after the
// scenario's orders, in commit order). Orders that no longer read against this version are left out.
void add_committed(Scenario& sc, const std::vector<Commitment>& committed) {
  for (const auto& c : committed) {
    if (c.released) continue;
    Diagnostics d;
    if (auto req = parse_order_request(c.request, "commitment-" + c.id + ".json", sc, d)) {
      req->order.id = c.id;
      sc.supply->orders.push_back(std::move(req->order));
    }
  }
}

// The scenario's inputs and sources, as the CLI adds them to its --json results.
ordered_json with_provenance(ordered_json result, const Scenario& sc, bool supply, bool market) {
  results::add_provenance(result, sc, supply, market);
  return result;
}

Result<ordered_json> market_run(const Scenario& sc, const ordered_json& options, RunControl& control) {
  market::MarketSpec spec = *sc.market;
  if (options.contains("runs")) spec.runs = options["runs"].get<int>();
  if (options.contains("seed")) spec.seed = options["seed"].get<uint64_t>();
  market::MarketSimulation sim(*sc.supply, spec);
  const size_t block = sim.block_size();
  // Runs in interleaved chunks (chunk c holds runs c, c + C, ...), so that a cancel is seen between
  // chunks and progress moves; the blocks are put back in run order for reduce(), so the result is
  // the CLI's, byte for byte. Chunks of at most 64 runs: a cancel waits for 64 runs at most, not
  // for a twentieth of a million.
  const int chunks = std::max(1, (spec.runs + 63) / 64);
  std::vector<std::vector<double>> parts(static_cast<size_t>(chunks));
  int done = 0;
  for (int c = 0; c < chunks; ++c) {
    if (control.cancel) return fail("cancelled");
    sim.run(c, chunks, 1, parts[static_cast<size_t>(c)]);
    done += static_cast<int>(parts[static_cast<size_t>(c)].size() / block);
    control.progress = static_cast<double>(done) / spec.runs;
  }
  std::vector<double> all(static_cast<size_t>(spec.runs) * block);
  for (int r = 0; r < spec.runs; ++r) {
    const auto& part = parts[static_cast<size_t>(r % chunks)];
    std::copy_n(part.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r / chunks) * block), block,
                all.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * block));
  }
  return results::market_json(sim.reduce(all), spec, *sc.supply);
}

}  // namespace

Result<ordered_json> compute_run(Scenario& sc, const std::vector<Commitment>& committed, const std::string& kind,
                                 const ordered_json& options, RunControl& control) {
  if (kind == "fabric") {
    if (sc.clusters.empty()) return fail("the scenario has no cluster: section");
    if (!sc.variants.empty()) {
      std::vector<results::FabricVariant> designs;
      designs.push_back({"base", fabric::build_fabric(sc.catalog, sc.clusters.front())});
      for (const auto& [name, input] : sc.variants) designs.push_back({name, fabric::build_fabric(sc.catalog, input)});
      return with_provenance(results::fabric_compare_json(sc.catalog, designs), sc, false, false);
    }
    auto f = fabric::build_fabric(sc.catalog, sc.clusters.front());
    if (!f) return fail(f.error());
    return with_provenance(results::fabric_json(sc.catalog, *f), sc, false, false);
  }
  if (kind == "link") {
    if (sc.links.empty() && sc.dci.empty()) return fail("the scenario has no links: or dci: entries to check");
    const auto rep = link::check_links(sc.catalog, sc.links, sc.dci);
    return with_provenance(results::link_json(sc.catalog, rep), sc, false, false);
  }
  if (kind == "plan") {
    if (!sc.supply) return fail("the scenario has no supply: section");
    add_committed(sc, committed);
    if (options.value("planner", "heuristic") == "lp") {
      const std::string obj = options.value("objective", "lateness");
      const auto objective = obj == "fill" ? supply::Objective::kFill : obj == "revenue" ? supply::Objective::kRevenue : supply::Objective::kLateness;
      auto p = supply::plan_lp(*sc.supply, objective);
      if (!p) return fail(p.error());
      return with_provenance(results::plan_json(*sc.supply, *p), sc, true, false);
    }
    return with_provenance(results::plan_json(*sc.supply, supply::plan_heuristic(*sc.supply)), sc, true, false);
  }
  if (kind == "market") {
    if (!sc.market) return fail("the scenario has no market: section");
    auto m = market_run(sc, options, control);
    if (!m) return m;
    return with_provenance(std::move(*m), sc, true, true);
  }
  return fail("unknown kind \"" + kind + "\"");
}

JobRunner::JobRunner(Store& store, int workers) : store_(store) {
  for (int k = 0; k < workers; ++k) workers_.emplace_back([this] { work(); });
}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [_, c] : live_) c->cancel = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void JobRunner::recover() {
  for (const int64_t id : store_.runs_with_status("running"))
    store_.set_run_status(id, "failed", 0, "interrupted: the server stopped while this run was running; start it again");
  std::lock_guard lock(mu_);
  for (const int64_t id : store_.runs_with_status("queued")) {
    queue_.push_back(id);
    live_[id] = std::make_shared<RunControl>();
  }
  cv_.notify_all();
}

int64_t JobRunner::start(const std::string& scenario, int version, const std::string& kind, const ordered_json& options) {
  const int64_t id = store_.add_run(scenario, version, kind, options.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
  {
    std::lock_guard lock(mu_);
    queue_.push_back(id);
    live_[id] = std::make_shared<RunControl>();
  }
  cv_.notify_one();
  return id;
}

std::optional<double> JobRunner::progress(int64_t run) {
  std::lock_guard lock(mu_);
  auto it = live_.find(run);
  if (it == live_.end()) return std::nullopt;
  return it->second->progress.load();
}

bool JobRunner::cancel(int64_t run) {
  std::lock_guard lock(mu_);
  auto it = live_.find(run);
  if (it == live_.end()) return false;
  it->second->cancel = true;
  return true;
}

void JobRunner::work() {
  for (;;) {
    int64_t id = 0;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    try {
      execute(id);
    } catch (const std::exception& e) {
      try {
        store_.set_run_status(id, "failed", 0, std::string("internal error: ") + e.what());
      } catch (...) {
      }
    }
    std::lock_guard lock(mu_);
    live_.erase(id);
  }
}

void JobRunner::execute(int64_t id) {
  std::shared_ptr<RunControl> control;
  {
    std::lock_guard lock(mu_);
    control = live_.at(id);
  }
  const auto run = store_.run(id);
  if (!run) return;  // its scenario was deleted
  if (control->cancel) {
    store_.set_run_status(id, "cancelled", 0, "");
    return;
  }
  store_.set_run_status(id, "running", 0, "");
  const auto v = store_.version(run->scenario, run->version);
  if (!v) {
    store_.set_run_status(id, "failed", 0, "the scenario version is gone");
    return;
  }
  Diagnostics diag;
  Scenario sc = load_stored_scenario(run->scenario, v->format, v->text, diag);
  if (!diag.ok()) {
    store_.set_run_status(id, "failed", 0, diag.str());
    return;
  }
  const ordered_json options = ordered_json::parse(run->options, nullptr, false);
  auto result = compute_run(sc, store_.commitments(run->scenario), run->kind, options.is_object() ? options : ordered_json::object(), *control);
  if (control->cancel) {
    store_.set_run_status(id, "cancelled", control->progress, "");
  } else if (!result) {
    store_.set_run_status(id, "failed", 0, result.error());
  } else {
    store_.set_run_result(id, result->dump());
  }
}

}  // namespace opticplan::serve

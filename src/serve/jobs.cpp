#include "opticplan/serve/jobs.h"

#include <algorithm>
#include <sstream>

#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/serve/order_request.h"
#include "opticplan/serve/stored_scenario.h"

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

}  // namespace

const char* run_kind_name(RunKind k) {
  switch (k) {
    case RunKind::kFabric: return "fabric";
    case RunKind::kLink: return "link";
    case RunKind::kPlan: return "plan";
    case RunKind::kMarket: return "market";
  }
  return "?";
}

std::optional<RunKind> parse_run_kind(std::string_view name) {
  for (RunKind k : {RunKind::kFabric, RunKind::kLink, RunKind::kPlan, RunKind::kMarket})
    if (name == run_kind_name(k)) return k;
  return std::nullopt;
}

RunOptions RunOptions::from_json(const ordered_json& stored) {
  RunOptions o;
  if (!stored.is_object()) return o;
  if (auto it = stored.find("planner"); it != stored.end() && it->is_string())
    o.plan.planner = run::parse_planner(it->get<std::string>()).value_or(run::Planner::kHeuristic);
  if (auto it = stored.find("objective"); it != stored.end() && it->is_string())
    o.plan.objective = supply::parse_objective(it->get<std::string>()).value_or(supply::Objective::kLateness);
  if (auto it = stored.find("runs"); it != stored.end() && it->is_number_integer()) o.runs = it->get<int>();
  if (auto it = stored.find("seed"); it != stored.end() && it->is_number_integer()) o.seed = it->get<uint64_t>();
  return o;
}

Result<std::string> compute_run(Scenario& sc, const std::vector<Commitment>& committed, RunKind kind,
                                const RunOptions& options, RunControl& control) {
  // A missing section is said of "the scenario" here (the CLI says "the file").
  const auto failed = [](const Error& e) { return fail(e.code, (e.field.empty() ? "" : "the scenario ") + e.message); };
  switch (kind) {
    case RunKind::kFabric: {
      if (!sc.variants.empty()) {
        auto r = run::compare_fabrics(sc);
        return r ? Result<std::string>(r->json().dump()) : failed(r.status());
      }
      auto r = run::build_fabric(sc);
      return r ? Result<std::string>(r->json().dump()) : failed(r.status());
    }
    case RunKind::kLink: {
      auto r = run::check_links(sc);
      return r ? Result<std::string>(r->json().dump()) : failed(r.status());
    }
    case RunKind::kPlan: {
      if (sc.supply) add_committed(sc, committed);
      auto r = run::plan(sc, run::PlanOptions{options.plan.planner, options.plan.objective, false, &control.cancel});
      if (!r) return failed(r.status());
      std::ostringstream out;
      r->write_json(out, results::JsonLayout::kCompact);
      return std::move(out).str();
    }
    case RunKind::kMarket: {
      run::MarketOptions mo;
      mo.runs = options.runs;
      mo.seed = options.seed;
      mo.cancel = &control.cancel;
      mo.progress = [&control](int done, int total) { control.progress = static_cast<double>(done) / total; };
      auto r = run::simulate_market(sc, mo);
      return r ? Result<std::string>(r->json().dump()) : failed(r.status());
    }
  }
  return fail(Code::kInternal, "unknown run kind");
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
    store_.set_run_status(id, "failed", 0,
                          "interrupted: the server stopped while this run was running; start it again");
  std::lock_guard lock(mu_);
  for (const int64_t id : store_.runs_with_status("queued")) {
    queue_.push_back(id);
    live_[id] = std::make_shared<RunControl>();
  }
  cv_.notify_all();
}

int64_t JobRunner::start(const std::string& scenario, int version, RunKind kind, const ordered_json& options) {
  const int64_t id = store_.add_run(scenario, version, run_kind_name(kind),
                                    options.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
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
    return_free_memory();  // a run of a large scenario frees hundreds of MB on this thread
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
  auto v = store_.version(run->scenario, run->version);
  if (!v) {
    store_.set_run_status(id, "failed", 0, "the scenario version is gone");
    return;
  }
  Diagnostics diag;
  Scenario sc = load_stored_scenario(run->scenario, v->format, v->text, diag);
  v.reset();  // the text (12 MB for 100,000 orders) is not needed while the run computes
  if (!diag.ok()) {
    store_.set_run_status(id, "failed", 0, diag.str());
    return;
  }
  const auto kind = parse_run_kind(run->kind);
  if (!kind) {
    store_.set_run_status(id, "failed", 0, "unknown run kind \"" + run->kind + "\"");
    return;
  }
  const RunOptions options = RunOptions::from_json(ordered_json::parse(run->options, nullptr, false));
  auto result = compute_run(sc, store_.commitments(run->scenario), *kind, options, *control);
  if (control->cancel) {
    store_.set_run_status(id, "cancelled", control->progress, "");
  } else if (!result) {
    store_.set_run_status(id, "failed", 0, result.error());
  } else {
    store_.set_run_result(id, std::move(*result));
  }
}

}  // namespace opticplan::serve

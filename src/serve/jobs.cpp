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
    case RunKind::kSource: return "source";
  }
  return "?";
}

std::optional<RunKind> parse_run_kind(std::string_view name) {
  for (RunKind k : {RunKind::kFabric, RunKind::kLink, RunKind::kPlan, RunKind::kMarket, RunKind::kSource})
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
  if (auto it = stored.find("bound"); it != stored.end() && it->is_boolean()) o.plan.bound = it->get<bool>();
  if (auto it = stored.find("runs"); it != stored.end() && it->is_number_integer()) o.runs = it->get<int>();
  if (auto it = stored.find("seed"); it != stored.end() && it->is_number_integer()) o.seed = it->get<uint64_t>();
  if (auto it = stored.find("scenarios"); it != stored.end() && it->is_number_integer()) o.scenarios = it->get<int>();
  if (auto it = stored.find("evaluation"); it != stored.end() && it->is_number_integer()) o.evaluation = it->get<int>();
  if (auto it = stored.find("cvar_weight"); it != stored.end() && it->is_number()) o.cvar_weight = it->get<double>();
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
      // 0.1 once loaded (execute() sets it), then the share of orders the fast planner has planned.
      auto r = run::plan(
          sc, run::PlanOptions{options.plan.planner, options.plan.objective, false, &control.cancel,
                               [&control](double done) { control.progress = 0.1 + 0.85 * done; }, options.plan.bound});
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
      // 0.1 once loaded (execute() sets it), then with the runs done: the bar never goes back.
      mo.progress = [&control](int done, int total) {
        control.progress = 0.1 + 0.9 * static_cast<double>(done) / total;
      };
      auto r = run::simulate_market(sc, mo);
      return r ? Result<std::string>(r->json().dump()) : failed(r.status());
    }
    case RunKind::kSource: {
      run::SourceOptions so;
      so.scenarios = options.scenarios;
      so.evaluation = options.evaluation;
      so.seed = options.seed;
      so.cvar_weight = options.cvar_weight;
      so.cancel = &control.cancel;
      so.progress = [&control](double done) { control.progress = 0.1 + 0.9 * done; };  // as a market's
      auto r = run::source(sc, so);
      return r ? Result<std::string>(r->json().dump()) : failed(r.status());
    }
  }
  return fail(Code::kInternal, "unknown run kind");
}

JobRunner::JobRunner(Store& store, int workers, JobLimits limits) : store_(store), limits_(limits) {
  for (int k = 0; k < workers; ++k) workers_.emplace_back([this] { work(); });
  if (workers > 0) watchdog_ = std::thread([this] { watch(); });
}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [_, c] : live_) c->cancel = true;
  }
  cv_.notify_all();
  watch_cv_.notify_all();
  for (auto& t : workers_) t.join();
  if (watchdog_.joinable()) watchdog_.join();
}

void JobRunner::recover() {
  for (const int64_t id : store_.runs_with_status("running"))
    store_.set_run_status(id, "failed", 0,
                          "interrupted: the server stopped while this run was running; start it again");
  std::vector<std::pair<int64_t, int64_t>> queued;  // (run, owner), read before taking the lock
  for (const int64_t id : store_.runs_with_status("queued"))
    if (const auto row = store_.run(id)) queued.emplace_back(id, row->owner);
  std::lock_guard lock(mu_);
  for (const auto& [id, owner] : queued) enqueue(id, owner);
  cv_.notify_all();
}

std::optional<int64_t> JobRunner::start(const std::string& scenario, int version, RunKind kind,
                                        const ordered_json& options, int64_t owner) {
  {
    std::lock_guard lock(mu_);
    Owner& o = owners_[owner];
    if (static_cast<int>(o.queued.size()) + o.reserved >= limits_.max_queued) return std::nullopt;
    ++o.reserved;
  }
  int64_t id = 0;
  try {
    id = store_.add_run(scenario, version, run_kind_name(kind),
                        options.dump(-1, ' ', false, ordered_json::error_handler_t::replace), owner);
  } catch (...) {
    std::lock_guard lock(mu_);
    --owners_[owner].reserved;
    throw;
  }
  {
    std::lock_guard lock(mu_);
    --owners_[owner].reserved;
    enqueue(id, owner);
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

void JobRunner::enqueue(int64_t id, int64_t owner) {
  owners_[owner].queued.push_back(id);
  auto control = std::make_shared<RunControl>();
  control->owner = owner;
  live_[id] = std::move(control);
}

std::optional<int64_t> JobRunner::next() {
  Owner* best = nullptr;
  for (auto& [_, o] : owners_) {
    if (o.queued.empty()) continue;
    if (!best || o.running < best->running || (o.running == best->running && o.served < best->served)) best = &o;
  }
  if (!best) return std::nullopt;
  const int64_t id = best->queued.front();
  best->queued.pop_front();
  ++best->running;
  best->served = ++turns_;
  auto& control = *live_.at(id);
  control.running = true;
  control.started = std::chrono::steady_clock::now();
  return id;
}

void JobRunner::work() {
  for (;;) {
    int64_t id = 0;
    {
      std::unique_lock lock(mu_);
      std::optional<int64_t> picked;
      cv_.wait(lock, [&] { return stopping_ || (picked = next()).has_value(); });
      if (stopping_) {
        if (picked) live_.erase(*picked);  // stays queued in the store; recover() takes it again
        return;
      }
      id = *picked;
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
    const auto it = live_.find(id);
    if (it != live_.end()) {
      auto o = owners_.find(it->second->owner);
      if (o != owners_.end() && --o->second.running == 0 && o->second.queued.empty() && o->second.reserved == 0)
        owners_.erase(o);
      live_.erase(it);
    }
  }
}

void JobRunner::watch() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    watch_cv_.wait_for(lock, std::chrono::milliseconds(200));
    const auto now = std::chrono::steady_clock::now();
    for (auto& [_, c] : live_)
      if (c->running && now - c->started > std::chrono::seconds(limits_.max_seconds)) {
        c->timed_out = true;
        c->cancel = true;
      }
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
  v.reset();                // the text (12 MB for 100,000 orders) is not needed while the run computes
  control->progress = 0.1;  // loaded: what follows is the computation, which sees the cancel
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
  if (control->timed_out) {
    store_.set_run_status(id, "failed", control->progress,
                          "stopped after " + std::to_string(limits_.max_seconds) +
                              " s: a run may compute at most that long on this server (--max-run-seconds)");
  } else if (control->cancel) {
    store_.set_run_status(id, "cancelled", control->progress, "");
  } else if (!result) {
    store_.set_run_status(id, "failed", 0, result.error());
  } else {
    store_.set_run_result(id, std::move(*result));
  }
}

}  // namespace opticplan::serve

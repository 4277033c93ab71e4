// Jobs: runs (fabric, link, plan, market, source) as background work, with progress and cancellation.
//
// start() stores a queued run and hands it to a worker thread; the worker loads the scenario
// version the run names, computes the same result JSON the CLI prints with --json, and stores it
// (status done), or stores why it failed. Progress lives in memory while a run is running: 0.1
// once the scenario is loaded, then a plan moves with its orders planned, a market with its runs
// done, a sourcing run with its futures evaluated (other kinds stay at 0.1 until done). A
// cancelled run stops at its next check (between blocks of market runs) and is stored as
// cancelled. A plan run plans the scenario's orders and then its committed orders, as order
// promising does. recover() at start re-queues queued runs and marks runs that were running when
// the server died as failed.
//
// Fairness and bounds: each run belongs to the token that asked for it. A free worker takes the
// oldest queued run of the owner with the fewest runs running, and among those the owner served
// longest ago, so one user's hundred runs cannot keep another's one waiting behind them. An owner
// may have at most `max_queued` runs queued (start() refuses more), and a run that computes longer
// than `max_seconds` is stopped (every run kind checks its cancel flag: the planners between
// orders, the LP between iterations, the market between blocks of runs, sourcing within its LP and
// between blocks of futures) and stored as failed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "opticplan/core/result.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/serve/store.h"

namespace opticplan::serve {

struct RunControl {
  std::atomic<bool> cancel{false};
  std::atomic<bool> timed_out{false};  // cancelled by the time limit, not by a user
  std::atomic<double> progress{0};
  int64_t owner = 0;
  bool running = false;  // these two under the runner's lock
  std::chrono::steady_clock::time_point started;
};

// What the operator allows (opticplan serve --max-queued-runs, --max-run-seconds).
struct JobLimits {
  int max_queued = 20;     // queued runs per owner
  int max_seconds = 1800;  // a run's computing time
};

// What a run computes; stored by name ("fabric", "link", "plan", "market", "source").
enum class RunKind : unsigned char { kFabric, kLink, kPlan, kMarket, kSource };
const char* run_kind_name(RunKind k);
std::optional<RunKind> parse_run_kind(std::string_view name);

// A run's options, as stored with it: plan {planner, objective}; market {runs, seed}; source
// {scenarios, evaluation, seed, cvar_weight}.
struct RunOptions {
  run::PlanOptions plan;
  std::optional<int> runs;
  std::optional<uint64_t> seed;
  std::optional<int> scenarios, evaluation;
  std::optional<double> cvar_weight;
  // From the options object stored with the run (checked by the API when the run was asked for).
  static RunOptions from_json(const nlohmann::ordered_json& stored);
};

// Computes a run's result through the run facade (run/run.h), as the CLI does with --json, and
// returns it as the compact JSON text the store keeps (a plan's is written as it is built, never
// held as a tree: 56 MB of text for 100,000 orders, not 250 MB more as an ordered_json).
// An error (no cluster: section, an LP failure, cancelled) comes back as the error value.
Result<std::string> compute_run(Scenario& sc, const std::vector<Commitment>& committed, RunKind kind,
                                const RunOptions& options, RunControl& control);

// Thread safety: every public member may be called concurrently (the API's HTTP threads do);
// the workers share the Store, which is itself safe for concurrent use.
class JobRunner {
 public:
  // workers: threads that execute runs; 0 stores runs as queued and never executes them (fuzzing).
  JobRunner(Store& store, int workers, JobLimits limits = {});
  ~JobRunner();  // cancels what runs, then joins the workers
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void recover();
  // `options` as the client gave them, checked (RunOptions::from_json reads them when the run starts).
  // nullopt: the owner has limits().max_queued runs queued already (nothing is stored).
  std::optional<int64_t> start(const std::string& scenario, int version, RunKind kind,
                               const nlohmann::ordered_json& options, int64_t owner);
  const JobLimits& limits() const { return limits_; }
  // The live progress of a running run (or nullopt when it is not running here).
  std::optional<double> progress(int64_t run);
  // Asks a queued or running run to stop; false when it is not queued or running here.
  bool cancel(int64_t run);

 private:
  void work();
  void watch();                             // the time limit
  std::optional<int64_t> next();            // under mu_: the fair pick, or nullopt when nothing is queued
  void enqueue(int64_t id, int64_t owner);  // under mu_: queued, with its control
  void execute(int64_t run);
  Store& store_;
  const JobLimits limits_;
  std::mutex mu_;
  std::condition_variable cv_;        // workers wait here for a run
  std::condition_variable watch_cv_;  // the watchdog waits here, for its period or the end
  struct Owner {
    std::deque<int64_t> queued;
    int reserved = 0;  // runs being stored by start(), counted against max_queued
    int running = 0;
    uint64_t served = 0;  // the turn it was last served (0: never)
  };
  std::map<int64_t, Owner> owners_;
  uint64_t turns_ = 0;
  std::map<int64_t, std::shared_ptr<RunControl>> live_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread watchdog_;
};

}  // namespace opticplan::serve

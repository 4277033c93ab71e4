// Jobs: runs (fabric, link, plan, market) as background work, with progress and cancellation.
//
// start() stores a queued run and hands it to a worker thread; the worker loads the scenario
// version the run names, computes the same result JSON the CLI prints with --json, and stores it
// (status done), or stores why it failed. Progress lives in memory while a run is running (the
// market reports runs done; other kinds are 0 until done). A cancelled run stops at its next
// check (between blocks of market runs) and is stored as cancelled. A plan run plans the scenario's
// orders and then its committed orders, as order promising does. recover() at start re-queues
// queued runs and marks runs that were running when the server died as failed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
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
  std::atomic<double> progress{0};
};

// What a run computes; stored by name ("fabric", "link", "plan", "market").
enum class RunKind : unsigned char { kFabric, kLink, kPlan, kMarket };
const char* run_kind_name(RunKind k);
std::optional<RunKind> parse_run_kind(std::string_view name);

// A run's options, as stored with it: plan {planner, objective}; market {runs, seed}.
struct RunOptions {
  run::PlanOptions plan;
  std::optional<int> runs;
  std::optional<uint64_t> seed;
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
  JobRunner(Store& store, int workers);
  ~JobRunner();  // cancels what runs, then joins the workers
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void recover();
  // `options` as the client gave them, checked (RunOptions::from_json reads them when the run starts).
  int64_t start(const std::string& scenario, int version, RunKind kind, const nlohmann::ordered_json& options);
  // The live progress of a running run (or nullopt when it is not running here).
  std::optional<double> progress(int64_t run);
  // Asks a queued or running run to stop; false when it is not queued or running here.
  bool cancel(int64_t run);

 private:
  void work();
  void execute(int64_t run);
  Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int64_t> queue_;
  std::map<int64_t, std::shared_ptr<RunControl>> live_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace opticplan::serve

// `opticplan market`: the Monte Carlo simulation, on threads or over MPI ranks, alone or against a
// what-if.
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>

#include "../commands.h"
#include "../mpi.h"
#include "../progress.h"
#include "opticplan/run/run.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file, what_if;
  int runs = 0, threads = 1;
  int64_t seed = -1;
  bool mpi = false;
};

run::MarketOptions options_of(const Flags& f) {
  run::MarketOptions o;
  if (f.runs) o.runs = f.runs;
  if (f.seed >= 0) o.seed = static_cast<uint64_t>(f.seed);
  o.threads = f.threads;
  return o;
}

// The base run, here or spread over the MPI ranks; nullopt with `rc` set when this process is done
// (a failure, or an MPI rank other than 0, which prints nothing).
std::optional<run::MarketRun> base_run(const Flags& f, const Scenario& sc, const market::MarketSpec& spec, int& rc) {
  if (f.mpi) {
    market::MarketResult result;
    const int rank = run_market_mpi(*sc.supply, spec, f.threads, result);
    if (rank < 0) {
      std::cerr << "error: --mpi: this opticplan was built without MPI (install libopenmpi-dev and rebuild)\n";
      rc = kExitBadInput;
      return std::nullopt;
    }
    rc = kExitOk;
    if (rank > 0) return std::nullopt;  // rank 0 prints
    return run::market_run_of(sc, spec, std::move(result));
  }
  run::MarketOptions options = options_of(f);
  options.progress = terminal_progress("runs");
  auto r = run::simulate_market(sc, options);
  if (!r) {
    rc = report_failure(f.file, r.status());
    return std::nullopt;
  }
  return std::move(*r);
}

int simulate(const Flags& f, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(f.file, flags, diag);
  const auto spec = run::market_spec(sc, options_of(f));
  if (diag.ok() && !spec) add_missing_section(diag, f.file, spec.status());
  Scenario wi;
  if (!f.what_if.empty()) {
    wi = load(f.what_if, flags, diag);
    const auto what_if_spec = run::market_spec(wi, options_of(f));
    if (diag.ok() && !what_if_spec) add_missing_section(diag, f.what_if, what_if_spec.status(), "the what-if");
  }
  if (int rc = report_problems(diag)) return rc;
  int rc = kExitOk;
  auto base = base_run(f, sc, *spec, rc);
  if (!base) return rc;
  if (f.what_if.empty()) return write_run(out, *base);
  run::MarketOptions options = options_of(f);
  options.progress = terminal_progress("what-if runs");
  auto what_if = run::simulate_market(wi, options);
  if (!what_if) return report_failure(f.what_if, what_if.status());
  return write_run(out, run::MarketCompareRun{std::move(*base), std::move(*what_if)});
}

}  // namespace

void add_market(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("market", "Simulate a market: its supply plan many times under uncertainty");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  cmd->add_option("scenario", f->file, "Scenario with supply: and market: sections")->required()->type_name("FILE");
  cmd->add_option("--runs", f->runs, "Monte Carlo runs (default: the scenario's)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", f->seed, "Seed (default: the scenario's)")->check(CLI::Range(int64_t{0}, INT64_MAX));
  cmd->add_option("--threads", f->threads, "Threads (results do not depend on it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--what-if", f->what_if,
                  "A what-if scenario (it includes FILE and overrides some inputs): runs both, prints the change")
      ->type_name("FILE");
  cmd->add_flag("--mpi", f->mpi,
                "Spread the runs over the MPI ranks this was started with (mpirun -n N opticplan market --mpi ...); "
                "rank 0 prints");
  flags->add(cmd);
  out->add_flags(cmd, false);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, f, flags, out] { chosen = [f, flags, out] { return simulate(*f, *flags, *out); }; });
}

}  // namespace opticplan::app

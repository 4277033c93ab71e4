// `opticplan source`: which suppliers, how much and under what agreement, under supply risk.
#include <cstdint>
#include <iostream>
#include <memory>

#include "../commands.h"
#include "../mpi.h"
#include "opticplan/run/run.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file;
  int scenarios = 0, evaluation = 0, threads = 1;
  int64_t seed = -1;
  double cvar_weight = -1;
  bool mpi = false;
};

int decide(const Flags& f, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(f.file, flags, diag);
  if (int rc = report_problems(diag)) return rc;
  run::SourceOptions o;
  if (f.scenarios) o.scenarios = f.scenarios;
  if (f.evaluation) o.evaluation = f.evaluation;
  if (f.seed >= 0) o.seed = static_cast<uint64_t>(f.seed);
  if (f.cvar_weight >= 0) o.cvar_weight = f.cvar_weight;
  o.threads = f.threads;
  if (f.mpi) {  // every rank decides; each evaluates its share of the futures; rank 0 writes
    int rc = kExitOk;
    const int rank = with_mpi([&](int me, int processes, const AllReduce& sum) {
      o.rank = me;
      o.processes = processes;
      o.share = sum;
      auto r = run::source(sc, o);
      if (me == 0) rc = r ? write_run(out, *r) : report_failure(f.file, r.status());
    });
    if (rank >= 0) return rank == 0 ? rc : kExitOk;
    std::cerr << "error: --mpi: this opticplan was built without MPI (install libopenmpi-dev and rebuild)\n";
    return kExitBadInput;
  }
  auto r = run::source(sc, o);
  if (!r) return report_failure(f.file, r.status());
  return write_run(out, *r);
}

}  // namespace

void add_source(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand(
      "source", "Choose suppliers, volumes, agreements and second sources for a buyer, under supply risk");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  cmd->add_option("scenario", f->file, "Scenario with a sourcing: section")->required()->type_name("FILE");
  cmd->add_option("--scenarios", f->scenarios, "Sampled futures to optimise on (default: the scenario's)")
      ->check(CLI::Range(1, 5000));
  cmd->add_option("--evaluation", f->evaluation, "Futures to evaluate on (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", f->seed, "Seed (default: the scenario's)")->check(CLI::Range(int64_t{0}, INT64_MAX));
  cmd->add_option("--cvar-weight", f->cvar_weight, "Weight of CVaR in the recommendation (default: the scenario's)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--threads", f->threads, "Threads (results do not depend on it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--mpi", f->mpi,
                "Spread the out-of-sample evaluation over the MPI ranks this was started with "
                "(mpirun -n N opticplan source --mpi ...); the output is the same as one process's");
  flags->add(cmd);
  out->add_flags(cmd, true);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, f, flags, out] { chosen = [f, flags, out] { return decide(*f, *flags, *out); }; });
}

}  // namespace opticplan::app

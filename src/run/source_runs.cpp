// The facade's sourcing command.
#include "opticplan/results/provenance.h"
#include "opticplan/results/source_results.h"
#include "opticplan/run/run.h"

namespace opticplan::run {

Result<SourceRun> source(const Scenario& sc, const SourceOptions& options) {
  if (!sc.sourcing) return fail(Code::kBadInput, "has no sourcing: section", "sourcing");
  source::Problem p = *sc.sourcing;
  if (options.scenarios) p.risk.scenarios = *options.scenarios;
  if (options.evaluation) p.risk.evaluation = *options.evaluation;
  if (options.seed) p.risk.seed = *options.seed;
  if (options.cvar_weight) p.risk.cvar_weight = *options.cvar_weight;
  auto s =
      source::source(p, options.threads,
                     source::Control{options.cancel, options.progress, options.rank, options.processes, options.share});
  if (!s) return s.status();
  return SourceRun{&sc, std::move(p), std::move(*s)};
}

Json SourceRun::json() const {
  Json j = results::source_json(problem, sourcing);
  j["scenario"] = scenario->name;
  results::add_provenance(j, *scenario, false, false);
  return j;
}
std::string SourceRun::text() const { return results::source_text(problem, sourcing); }
std::string SourceRun::csv() const { return results::source_csv(problem, sourcing); }

}  // namespace opticplan::run

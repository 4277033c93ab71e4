// `opticplan select`: one link's requirement from flags, the modules that can carry it, ranked.
#include <memory>
#include <optional>

#include "../commands.h"
#include "opticplan/doc/flags.h"
#include "opticplan/doc/reader.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/read_select.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string speed, length, fiber = "smf", form_factor, max_power, margin, attenuation, rank = "cost";
  int connectors = 2, splices = 0, year = 2026;
  double cost_weight = 0.5;
  std::vector<std::string> allow, deny;
};

void add_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--speed", f.speed, "Link speed, e.g. 800G")->required();
  cmd->add_option("--length", f.length, "Link length, e.g. 1.2km or 30m")->required();
  cmd->add_option("--fiber", f.fiber, "smf, mmf (= OM4), OM3, OM4 or OM5")->capture_default_str();
  cmd->add_option("--form-factor", f.form_factor, "Required cage, e.g. OSFP or QSFP-DD");
  cmd->add_option("--max-power", f.max_power, "Power cap per module, e.g. 15W");
  cmd->add_option("--connectors", f.connectors, "Mated connector pairs in the channel")->capture_default_str();
  cmd->add_option("--splices", f.splices, "Fusion splices in the channel")->capture_default_str();
  cmd->add_option("--margin", f.margin, "Design margin to keep, e.g. 1dB");
  cmd->add_option("--attenuation", f.attenuation, "Fibre attenuation, e.g. 0.35dB/km (default by band)");
  cmd->add_option("--allow", f.allow, "Allow an implementation refused by default: lpo, lro (repeatable)");
  cmd->add_option("--deny", f.deny,
                  "Refuse an implementation: eml, siph, vcsel, dml, coherent, dsp, lpo, lro, dac, acc, aec, aoc");
  cmd->add_option("--rank", f.rank, "cost, power or mix")->capture_default_str();
  cmd->add_option("--cost-weight", f.cost_weight, "Weight of cost in --rank mix (0..1)")->capture_default_str();
  cmd->add_option("--year", f.year, "Year of the prices to rank by")->capture_default_str();
}

// The requirement, read by the same reader a scenario's `select:` uses, so flags and files accept
// the same values with the same messages.
std::optional<catalog::Requirement> read_requirement(const Flags& f, Diagnostics& diag) {
  FlagDoc req;
  req.add("speed", f.speed).add("length", f.length).add("fiber", f.fiber);
  req.add_if("form_factor", f.form_factor).add_if("max_power", f.max_power);
  req.add_if("margin", f.margin).add_if("attenuation", f.attenuation);
  req.add("connectors", std::to_string(f.connectors), false).add("splices", std::to_string(f.splices), false);
  if (!f.allow.empty()) req.add_list("allow", f.allow);
  if (!f.deny.empty()) req.add_list("deny", f.deny);
  req.add("rank", f.rank).add("cost_weight", format_number(f.cost_weight, 6), false);
  req.add("year", std::to_string(f.year), false);
  const size_t before = diag.size();
  std::optional<catalog::Requirement> requirement;
  {
    MapReader r(req.node(), "", diag);
    requirement = catalog::read_requirement(r);
  }
  req.relabel(diag, before);
  return requirement;
}

}  // namespace

void add_select(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("select", "Rank the modules that can carry one link, and say why others cannot");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  add_flags(cmd, *f);
  flags->add(cmd);
  out->add_flags(cmd, true);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, f, flags, out] {
    chosen = [f, flags, out] {
      Diagnostics diag;
      Scenario sc = load("", *flags, diag);
      const auto requirement = read_requirement(*f, diag);
      if (int rc = report_problems(diag)) return rc;
      return write_run(*out, run::select(sc, *requirement));
    };
  });
}

}  // namespace opticplan::app

// The facade's design commands: select, link check, fabric, fabric compare, and `run`.
#include <ostream>

#include "opticplan/results/fabric_results.h"
#include "opticplan/results/link_results.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/results/provenance.h"
#include "opticplan/results/select_results.h"
#include "opticplan/results/source_results.h"
#include "opticplan/run/run.h"

namespace opticplan::run {

namespace {
Json with_provenance(Json j, const Scenario& sc, bool supply) {
  results::add_provenance(j, sc, supply, false);
  return j;
}
}  // namespace

SelectRun select(const Scenario& sc, const catalog::Requirement& requirement) {
  return {&sc, catalog::select(sc.catalog, requirement)};
}
Json SelectRun::json() const { return with_provenance(results::select_json(selection), *scenario, false); }
std::string SelectRun::text() const { return results::select_text(selection); }
std::string SelectRun::csv() const { return results::select_csv(selection); }

Result<LinkRun> check_links(const Scenario& sc) {
  if (sc.links.empty() && sc.dci.empty())
    return fail(Code::kBadInput, "has no links: or dci: entries to check", "links");
  return LinkRun{&sc, link::check_links(sc.catalog, sc.links, sc.dci)};
}
Json LinkRun::json() const { return with_provenance(results::link_json(scenario->catalog, checks), *scenario, false); }
std::string LinkRun::text() const { return results::link_text(scenario->catalog, checks); }
std::string LinkRun::csv() const { return results::link_csv(scenario->catalog, checks); }

Result<FabricRun> build_fabric(const Scenario& sc, const fabric::ClusterInput& cluster,
                               const std::optional<fabric::TcoOptions>& tco) {
  auto f = fabric::build_fabric(sc.catalog, cluster);
  if (!f) return fail(Code::kBadInput, f.error());
  FabricRun r{&sc, std::move(*f), std::nullopt};
  if (tco) {
    auto t = fabric::total_cost_of_ownership(sc.catalog, r.fabric, *tco);
    if (!t) return fail(Code::kBadInput, t.error());
    r.tco = std::move(*t);
  }
  return r;
}
Result<FabricRun> build_fabric(const Scenario& sc, const std::optional<fabric::TcoOptions>& tco) {
  if (sc.clusters.empty()) return fail(Code::kBadInput, "has no cluster: section", "cluster");
  return build_fabric(sc, sc.clusters.front(), tco);
}
Json FabricRun::json() const {
  auto j = results::fabric_json(scenario->catalog, fabric);
  if (tco) j["tco"] = results::tco_json(*tco);
  return with_provenance(std::move(j), *scenario, false);
}
std::string FabricRun::text() const {
  return results::fabric_text(scenario->catalog, fabric) + (tco ? results::tco_text(*tco) : std::string());
}
void FabricRun::write_link_list(std::ostream& out) const { results::write_link_list(out, scenario->catalog, fabric); }

Result<FabricCompareRun> compare_fabrics(const Scenario& sc, const std::optional<fabric::TcoOptions>& tco) {
  if (sc.clusters.empty() || sc.variants.empty())
    return fail(Code::kBadInput, "needs a cluster: section and variants: of it", "variants");
  FabricCompareRun r{&sc, {}};
  // Each design, and beside one that left the SU size at a default that idles half its leaves,
  // the same design with the full SU (fabric/leaf_sizing.h): the choice, side by side.
  const auto add = [&](const std::string& name, const fabric::ClusterInput& input) {
    r.designs.push_back({name, fabric::build_fabric(sc.catalog, input)});
    const auto& built = r.designs.back().fabric;
    if (!built || !built->leaf_sizing || !built->leaf_sizing->full) return;
    fabric::ClusterInput full = input;
    full.spec.nodes_per_su = built->leaf_sizing->full->nodes_per_su;
    full.spec.nodes_per_su_given = true;
    r.designs.push_back({name + " (nodes_per_su " + std::to_string(full.spec.nodes_per_su) + ")",
                         fabric::build_fabric(sc.catalog, full)});
  };
  add("base", sc.clusters.front());
  for (const auto& [name, input] : sc.variants) add(name, input);
  if (tco)
    for (auto& d : r.designs) {
      if (!d.fabric || !d.fabric->bom) continue;
      auto t = fabric::total_cost_of_ownership(sc.catalog, *d.fabric, *tco);
      if (t) d.tco = std::move(*t);
    }
  return r;
}
Json FabricCompareRun::json() const {
  return with_provenance(results::fabric_compare_json(scenario->catalog, designs), *scenario, false);
}
std::string FabricCompareRun::text() const { return results::fabric_compare_text(scenario->catalog, designs); }

Result<ScenarioRun> run_scenario(const Scenario& sc) {
  ScenarioRun r{&sc, {}, {}, {}, {}, {}};
  for (const auto& req : sc.selections) r.selections.push_back(select(sc, req));
  if (!sc.links.empty() || !sc.dci.empty()) r.links = LinkRun{&sc, link::check_links(sc.catalog, sc.links, sc.dci)};
  for (const auto& cluster : sc.clusters) {
    auto f = build_fabric(sc, cluster);
    if (!f) return fail(Code::kBadInput, f.error(), "cluster");
    r.fabrics.push_back(std::move(*f));
  }
  if (sc.supply) {
    auto p = plan(sc);
    if (!p) return p.status();
    r.plan = std::move(*p);
  }
  if (sc.sourcing) {
    auto s = source(sc);
    if (!s) return s.status();
    r.sourcing = std::move(*s);
  }
  return r;
}

Json ScenarioRun::json() const {
  Json j;
  j["schema"] = "opticplan.run";
  j["version"] = 1;
  j["scenario"] = scenario->name;
  j["selections"] = Json::array();
  for (const auto& s : selections) j["selections"].push_back(results::select_json(s.selection));
  if (links) j["links"] = results::link_json(scenario->catalog, links->checks);
  // One fabric key: a scenario holds at most one cluster: section.
  for (const auto& f : fabrics) j["fabric"] = results::fabric_json(scenario->catalog, f.fabric);
  if (plan) j["plan"] = results::plan_json(*scenario->supply, plan->plan);
  if (sourcing) j["source"] = results::source_json(sourcing->problem, sourcing->sourcing);
  results::add_provenance(j, *scenario, true, false);
  return j;
}

std::string ScenarioRun::text() const {
  std::string out;
  if (!scenario->name.empty()) out += "# " + scenario->name + "\n\n";
  bool first = true;
  for (const auto& s : selections) {
    out += (first ? "" : "\n") + s.text();
    first = false;
  }
  if (links) out += (first ? "" : "\n") + links->text();
  for (const auto& f : fabrics) out += "\n" + f.text();
  if (plan) out += "\n" + results::plan_text(*scenario->supply, plan->plan);
  if (sourcing) out += (first && !plan && fabrics.empty() ? "" : "\n") + sourcing->text();
  return out;
}

}  // namespace opticplan::run

// `opticplan catalog [list|show|validate]`: the optics catalog, listed, one entry whole, or checked.
// The catalog has no run of its own: listing is reading, so the results writers are called here.
#include <algorithm>
#include <iostream>
#include <memory>

#include "../commands.h"
#include "opticplan/doc/reader.h"
#include "opticplan/results/catalog_results.h"

namespace opticplan::app {
namespace {

const std::vector<std::string> kKinds = {"components", "pmds",     "transceivers", "cables",
                                         "cpo",        "switches", "nics",         "servers"};

struct ListFlags {
  results::CatalogFilter filter;
  std::string speed;
  Output out;
};

int list(const CatalogFlags& flags, ListFlags& f) {
  Diagnostics diag;
  Scenario sc = load("", flags, diag);
  if (!f.filter.kind.empty() && std::find(kKinds.begin(), kKinds.end(), f.filter.kind) == kKinds.end())
    diag.error(Location{"command line", 0, 0}, "--kind",
               "unknown kind \"" + f.filter.kind + "\"" + did_you_mean(f.filter.kind, kKinds) +
                   "; kinds: components, pmds, transceivers, cables, cpo, switches, nics, servers");
  if (!f.speed.empty()) {
    DataRate s;
    if (flag_quantity("--speed", f.speed, parse_data_rate, s, diag)) f.filter.speed = s;
  }
  if (int rc = report_problems(diag)) return rc;
  if (f.out.json)
    print_json(results::catalog_list_json(sc.catalog, f.filter));
  else if (f.out.csv)
    std::cout << results::catalog_table(sc.catalog, f.filter).csv();
  else
    std::cout << results::catalog_table(sc.catalog, f.filter).text();
  return kExitOk;
}

int show(const CatalogFlags& flags, const std::string& id, const Output& out) {
  Diagnostics diag;
  Scenario sc = load("", flags, diag);
  if (int rc = report_problems(diag)) return rc;
  auto j = results::entry_json(sc.catalog, id);
  if (!j) {
    std::vector<std::string> ids;
    const auto listing = results::catalog_list_json(sc.catalog, {});
    for (const auto& row : listing["entries"]) ids.push_back(row["id"]);
    std::cerr << "error: no catalog entry has id \"" << id << "\"" << did_you_mean(id, ids) << "\n";
    return kExitBadInput;
  }
  if (out.json)
    print_json(*j);
  else
    std::cout << results::entry_text(*j);
  return kExitOk;
}

int validate(const CatalogFlags& flags) {
  Diagnostics diag;
  Scenario sc = load("", flags, diag);
  if (int rc = report_problems(diag)) return rc;
  const auto& c = sc.catalog;
  std::cout << "catalog ok: " << c.entry_count() << " entries (" << c.transceivers.size() << " transceivers, "
            << c.pmds.size() << " PMDs, " << c.cables.size() << " cables, " << c.cpos.size() << " CPO engines, "
            << c.switches.size() << " switches, " << c.nics.size() << " NICs, " << c.servers.size() << " servers, "
            << c.components.size() << " components) from " << sc.files.size() << " files; every number has a source ("
            << c.sources.size() << " sources)\n";
  return kExitOk;
}

}  // namespace

void add_catalog(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("catalog", "List, show and validate the optics catalog");
  cmd->require_subcommand(0, 1);
  auto flags = std::make_shared<CatalogFlags>();
  auto f = std::make_shared<ListFlags>();
  flags->add(cmd);
  const Chosen list_fn = [flags, f] { return list(*flags, *f); };
  auto* list_cmd = cmd->add_subcommand("list", "List entries (the default)");
  auto* show_cmd = cmd->add_subcommand("show", "Show one entry whole, with the source of each number");
  auto* validate_cmd = cmd->add_subcommand("validate", "Check the catalog: units, references, sources of every number");
  // --catalog may come before or after the subcommand name.
  for (auto* c : {list_cmd, show_cmd, validate_cmd}) flags->add(c);
  for (auto* c : {cmd, list_cmd}) {
    c->add_option("--kind", f->filter.kind,
                  "Only this kind: components, pmds, transceivers, cables, cpo, switches, nics, servers");
    c->add_option("--filter", f->filter.text, "Only entries whose id or name contains this text");
    c->add_option("--speed", f->speed, "Only entries of this speed, e.g. 800G");
    f->out.add_flags(c, true);
  }
  list_cmd->callback([&chosen, list_fn] { chosen = list_fn; });
  auto id = std::make_shared<std::string>();
  auto show_out = std::make_shared<Output>();
  show_cmd->add_option("id", *id, "Entry id")->required();
  show_out->add_flags(show_cmd, false);
  show_cmd->callback(
      [&chosen, flags, id, show_out] { chosen = [flags, id, show_out] { return show(*flags, *id, *show_out); }; });
  validate_cmd->callback([&chosen, flags] { chosen = [flags] { return validate(*flags); }; });
  cmd->callback([&chosen, cmd, list_fn] {
    if (cmd->get_subcommands().empty()) chosen = list_fn;
  });
}

}  // namespace opticplan::app

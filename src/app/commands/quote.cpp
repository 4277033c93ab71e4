// `opticplan quote`: one new order from flags, promised on the plan of the scenario's orders.
#include <memory>
#include <optional>

#include "../commands.h"
#include "opticplan/doc/flags.h"
#include "opticplan/doc/reader.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/read_supply.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file, id = "quote", customer, item, requirement, quantity, due, max_lateness;
  int priority = 0;
  bool whole = false;
};

void add_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("scenario", f.file, "Scenario file with a supply: section (its orders are the committed plan)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--customer", f.customer, "Customer id")->required();
  cmd->add_option("--item", f.item, "Item id (or --requirement)");
  cmd->add_option("--requirement", f.requirement, "Requirement id: any alternate the customer qualified");
  cmd->add_option("--quantity", f.quantity, "Units")->required();
  cmd->add_option("--due", f.due, "Desired period, e.g. 2026-W14")->required();
  cmd->add_option("--priority", f.priority, "Priority (default 1)");
  cmd->add_option("--max-lateness", f.max_lateness, "Periods the order may be late");
  cmd->add_flag("--whole", f.whole, "The order may not be split");
  cmd->add_option("--id", f.id, "Order id to show")->capture_default_str();
}

// The order, read by the reader of a scenario's orders against its supply model.
std::optional<supply::Order> read_flag_order(const Flags& f, const Scenario& sc, Diagnostics& diag) {
  FlagDoc d;
  d.add("id", f.id).add("customer", f.customer).add_if("item", f.item).add_if("requirement", f.requirement);
  d.add("quantity", f.quantity, false).add("due", f.due);
  if (f.priority) d.add("priority", std::to_string(f.priority), false);
  if (!f.max_lateness.empty()) d.add("max_lateness", f.max_lateness, false);
  if (f.whole) d.add("partial", "false", false);
  std::optional<supply::Order> order;
  {
    MapReader r(d.node(), "", diag);
    order = supply::read_order(r, *sc.supply, sc.catalog);
  }
  d.relabel(diag, 0);
  return order;
}

int quote(const Flags& f, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(f.file, flags, diag);
  if (int rc = report_problems(diag)) return rc;
  // Without a supply: there is no model to read the order against; the run then says so.
  std::optional<supply::Order> order;
  if (sc.supply) order = read_flag_order(f, sc, diag);
  if (int rc = report_problems(diag)) return rc;
  auto quoted = run::quote(sc, order ? std::move(*order) : supply::Order{});
  if (!quoted) return report_failure(f.file, quoted.status());
  return write_run(out, *quoted);
}

}  // namespace

void add_quote(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand(
      "quote", "Promise a new order on a scenario's plan: its earliest schedule, and why not earlier");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  add_flags(cmd, *f);
  flags->add(cmd);
  out->add_flags(cmd, false);
  out->add_report_flags(cmd);
  cmd->callback([&chosen, f, flags, out] { chosen = [f, flags, out] { return quote(*f, *flags, *out); }; });
}

}  // namespace opticplan::app

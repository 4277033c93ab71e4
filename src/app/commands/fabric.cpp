// `opticplan fabric` (one cluster, from a file or flags) and `opticplan fabric compare` (a
// cluster and its variants: side by side).
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "../commands.h"
#include "opticplan/doc/flags.h"
#include "opticplan/doc/reader.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/read_fabric.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file, server, sw, spine_switch, core_switch, tiers, grouping, policy;
  std::string nic_leaf_length, leaf_spine_length, spine_core_length, links, spine_distance, leaf_placement, nic_speed,
      port_speed;
  int servers_per_rack = 0;
  std::vector<std::string> allow, deny;
  int64_t gpus = 0, servers = 0, sus = 0;
  int nodes_per_su = 0, nodes_per_leaf = 0, reserved_slots = -1, management_links = -1, planes = 0;
  int nic_leaf_connectors = -1, leaf_spine_connectors = -1, spine_core_connectors = -1, year = 0, pod_leaves = 0;
  bool plain = false;
  double oversubscription = 0, spine_oversubscription = 0;
};

void add_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("file", f.file, "A scenario with a cluster: section")->type_name("FILE");
  cmd->add_option("--gpus", f.gpus, "GPU count");
  cmd->add_option("--servers", f.servers, "Server count (instead of --gpus)");
  cmd->add_option("--sus", f.sus, "Scalable units (instead of --gpus)");
  cmd->add_option("--server", f.server, "Server model, e.g. dgx-h100");
  cmd->add_option("--switch", f.sw, "Leaf switch model, e.g. qm9700 (spines and cores too unless given)");
  cmd->add_option("--spine-switch", f.spine_switch, "Spine switch model");
  cmd->add_option("--core-switch", f.core_switch, "Core switch model");
  cmd->add_option("--tiers", f.tiers, "2, 3 or auto (default: the fewest that reach)");
  cmd->add_option("--nodes-per-su", f.nodes_per_su, "Servers per scalable unit (default 32)");
  cmd->add_option("--nodes-per-leaf", f.nodes_per_leaf, "Servers per leaf, when a leaf serves less than an SU");
  cmd->add_option("--reserved-slots", f.reserved_slots, "Server slots given to fabric management (NVIDIA UFM: 1)");
  cmd->add_option("--management-links", f.management_links, "Fabric-manager links to the leaves");
  cmd->add_option("--planes", f.planes, "Network planes the NIC ports split across (default 1)");
  cmd->add_option("--oversubscription", f.oversubscription, "Leaf down:up ratio (default 1)");
  cmd->add_option("--spine-oversubscription", f.spine_oversubscription, "Spine down:up ratio, three tiers (default 1)");
  cmd->add_option("--spine-grouping", f.grouping,
                  "plane (one spine mesh per plane, default) or rail (one per rail and plane)");
  cmd->add_option("--policy", f.policy, "Media choice per tier: cost (default) or power");
  cmd->add_option("--allow", f.allow, "Allow an implementation refused by default: lpo, lro (repeatable)");
  cmd->add_option("--deny", f.deny,
                  "Refuse an implementation: eml, siph, vcsel, dml, dsp, lpo, lro, dac, acc, aec, aoc");
  cmd->add_option("--nic-leaf-length", f.nic_leaf_length, "Cabling length NIC to leaf (default 30m)");
  cmd->add_option("--leaf-spine-length", f.leaf_spine_length, "Cabling length leaf to spine (default 150m)");
  cmd->add_option("--spine-core-length", f.spine_core_length, "Cabling length spine to core (default 500m)");
  cmd->add_option("--nic-leaf-connectors", f.nic_leaf_connectors, "Mated connector pairs NIC to leaf (default 2)");
  cmd->add_option("--leaf-spine-connectors", f.leaf_spine_connectors,
                  "Mated connector pairs leaf to spine (default 2)");
  cmd->add_option("--spine-core-connectors", f.spine_core_connectors,
                  "Mated connector pairs spine to core (default 2)");
  cmd->add_option("--year", f.year, "Year of the prices (default 2026)");
  cmd->add_option("--servers-per-rack", f.servers_per_rack,
                  "Nodes per rack (default 4 for 8-GPU servers, 18 trays for NVL72)");
  cmd->add_flag("--plain", f.plain, "A plain (non-rail) fat tree: each node's rails on one leaf");
  cmd->add_option("--nic-speed", f.nic_speed, "Run the compute NICs at this speed, e.g. 800G (default: their own)");
  cmd->add_option("--port-speed", f.port_speed,
                  "Run the switches in this port mode, e.g. 400G: an SN5600 as 128 x 400G (default: native)");
  cmd->add_option("--pod-leaves", f.pod_leaves, "Three tiers: leaves per pod (default: a spine's down ports)");
  cmd->add_option("--spine-distance", f.spine_distance, "From the row ends to the spine room (default 30m)");
  cmd->add_option("--leaf-placement", f.leaf_placement, "end_of_row (default) or middle_of_row");
  cmd->add_option("--links", f.links, "Write the link list (every link: ends, ports, length, medium) to this CSV file")
      ->type_name("FILE");
}

// The total cost of ownership's inputs (fabric/tco.h), for fabric and fabric compare.
struct TcoFlags {
  int years = 0;  // 0: not asked for
  fabric::TcoOptions o;
  void add(CLI::App* cmd) {
    cmd->add_option("--tco", years, "Total cost of ownership of the optics over this many years")
        ->check(CLI::Range(1, 30))
        ->type_name("YEARS");
    cmd->add_option("--kwh-price", o.usd_per_kwh, "--tco: electricity, USD per kWh")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--pue", o.pue, "--tco: power usage effectiveness")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 3.0));
    cmd->add_option("--spares-availability", o.availability,
                    "--tco: probability that the spares last through a replenishment lead time")
        ->capture_default_str()
        ->check(CLI::Range(0.5, 0.999999));
    cmd->add_option("--spares-lead-time", o.lead_time_weeks, "--tco: weeks to replenish a spare")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 104.0));
    cmd->add_option("--swap-hours", o.swap_hours, "--tco: hours a failed pluggable's links are down")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1000.0));
    cmd->add_option("--switch-repair-hours", o.switch_repair_hours,
                    "--tco: hours a failed co-packaged engine's ports are down")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 10000.0));
    cmd->add_option("--cpo-ports-per-engine", o.cpo_ports_per_engine, "--tco: ports one co-packaged engine serves")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
  }
  std::optional<fabric::TcoOptions> options() const {
    if (years == 0) return std::nullopt;
    fabric::TcoOptions out = o;
    out.years = years;
    return out;
  }
};

// The cluster from flags, read by the reader of a file's cluster: section. A number flag left at
// its default is not given, so the reader's default applies.
std::optional<fabric::ClusterInput> read_flag_cluster(const Flags& f, const Scenario& sc, Diagnostics& diag) {
  FlagDoc d;
  d.flag("switch", "--switch").flag("scalable_units", "--sus");
  d.add_if("server", f.server).add_if("switch", f.sw).add_if("spine_switch", f.spine_switch);
  d.add_if("core_switch", f.core_switch).add_if("tiers", f.tiers).add_if("spine_grouping", f.grouping);
  d.add_if("policy", f.policy).add_if("nic_leaf_length", f.nic_leaf_length);
  d.add_if("leaf_spine_length", f.leaf_spine_length).add_if("spine_core_length", f.spine_core_length);
  if (!f.allow.empty()) d.add_list("allow", f.allow);
  if (!f.deny.empty()) d.add_list("deny", f.deny);
  const auto num = [&](const std::string& key, auto v, bool given) {
    if (given) d.add(key, format_number(static_cast<double>(v), 6), false);
  };
  num("gpus", f.gpus, f.gpus != 0);
  num("servers", f.servers, f.servers != 0);
  num("scalable_units", f.sus, f.sus != 0);
  num("nodes_per_su", f.nodes_per_su, f.nodes_per_su != 0);
  num("nodes_per_leaf", f.nodes_per_leaf, f.nodes_per_leaf != 0);
  num("reserved_slots", f.reserved_slots, f.reserved_slots >= 0);
  num("management_links", f.management_links, f.management_links >= 0);
  num("planes", f.planes, f.planes != 0);
  num("oversubscription", f.oversubscription, f.oversubscription != 0);
  num("spine_oversubscription", f.spine_oversubscription, f.spine_oversubscription != 0);
  num("nic_leaf_connectors", f.nic_leaf_connectors, f.nic_leaf_connectors >= 0);
  num("leaf_spine_connectors", f.leaf_spine_connectors, f.leaf_spine_connectors >= 0);
  num("spine_core_connectors", f.spine_core_connectors, f.spine_core_connectors >= 0);
  num("year", f.year, f.year != 0);
  num("servers_per_rack", f.servers_per_rack, f.servers_per_rack != 0);
  num("pod_leaves", f.pod_leaves, f.pod_leaves != 0);
  d.add_if("spine_distance", f.spine_distance).add_if("leaf_placement", f.leaf_placement);
  d.add_if("nic_speed", f.nic_speed).add_if("port_speed", f.port_speed);
  if (f.plain) d.add("rail_optimized", "false", false);
  const size_t before = diag.size();
  std::optional<fabric::ClusterInput> input;
  {
    MapReader r(d.node(), "", diag);
    input = fabric::read_cluster(r, sc.catalog);
  }
  d.relabel(diag, before);
  return input;
}

int build(const Flags& f, const TcoFlags& tco, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  const bool quick = !f.server.empty() || !f.sw.empty();
  if (quick == !f.file.empty()) {
    diag.error(Location{"command line", 0, 0}, "",
               "give a FILE with a cluster: section, or --server and --switch with a size");
    return report_problems(diag);
  }
  Scenario sc = load(f.file, flags, diag);
  std::optional<fabric::ClusterInput> input;
  if (quick) input = read_flag_cluster(f, sc, diag);
  if (int rc = report_problems(diag)) return rc;
  auto built = quick ? run::build_fabric(sc, *input, tco.options()) : run::build_fabric(sc, tco.options());
  if (!built) return report_failure(f.file, built.status());
  if (!f.links.empty()) {
    std::ofstream csv(f.links, std::ios::binary);
    if (csv) built->write_link_list(csv);
    if (!csv) {
      std::cerr << "error: cannot write the link list to \"" << f.links << "\"\n";
      return kExitBadInput;
    }
  }
  return write_run(out, *built);
}

int compare(const std::string& file, const TcoFlags& tco, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  Scenario sc = load(file, flags, diag);
  if (int rc = report_problems(diag)) return rc;
  auto designs = run::compare_fabrics(sc, tco.options());
  if (!designs) return report_failure(file, designs.status());
  return write_run(out, *designs);
}

}  // namespace

void add_fabric(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("fabric", "Size a GPU cluster's scale-out fabric: switches and links per tier");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  add_flags(cmd, *f);
  auto tco = std::make_shared<TcoFlags>();
  tco->add(cmd);
  flags->add(cmd);
  out->add_flags(cmd, false);
  out->add_report_flags(cmd);
  // fabric compare FILE: the cluster and its variants side by side.
  auto* compare_cmd =
      cmd->add_subcommand("compare", "The same cluster under several designs (the file's variants:) side by side");
  auto compare_file = std::make_shared<std::string>();
  auto compare_out = std::make_shared<Output>();
  compare_cmd->add_option("file", *compare_file, "A scenario with cluster: and variants:")
      ->required()
      ->type_name("FILE");
  flags->add(compare_cmd);
  auto compare_tco = std::make_shared<TcoFlags>();
  compare_tco->add(compare_cmd);
  compare_out->add_flags(compare_cmd, false);
  compare_out->add_report_flags(compare_cmd);
  compare_cmd->callback([&chosen, compare_file, compare_tco, flags, compare_out] {
    chosen = [compare_file, compare_tco, flags, compare_out] {
      return compare(*compare_file, *compare_tco, *flags, *compare_out);
    };
  });
  cmd->callback([&chosen, cmd, f, tco, flags, out] {
    if (!cmd->get_subcommands().empty()) return;
    chosen = [f, tco, flags, out] { return build(*f, *tco, *flags, *out); };
  });
}

}  // namespace opticplan::app

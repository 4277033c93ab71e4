#include "commands.h"

#include "mpi_market.h"
#include "progress.h"
#include "serve_commands.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "opticplan/catalog/lint.h"
#include "opticplan/scenario/read_select.h"
#include "opticplan/scenario/read_fabric.h"
#include "opticplan/scenario/read_link.h"
#include "opticplan/results/fabric_results.h"
#include "opticplan/report/html_report.h"
#include "opticplan/results/market_results.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/results/provenance.h"
#include "opticplan/market/generate.h"
#include "opticplan/supply/generate.h"
#include "opticplan/supply/lp_planner.h"
#include "opticplan/scenario/write_supply.h"
#include "opticplan/scenario/read_supply.h"
#include "opticplan/supply/planner.h"
#include "opticplan/results/catalog_results.h"
#include "opticplan/results/link_results.h"
#include "opticplan/results/select_results.h"
#include "opticplan/doc/reader.h"
#include "opticplan/scenario/scenario.h"

namespace opticplan::app {
namespace {

using nlohmann::ordered_json;

// A result built at most once, for the report writers and --json alike (building one scans the
// whole result for its sources).
class Once {
 public:
  explicit Once(std::function<ordered_json()> build) : build_(std::move(build)) {}
  const ordered_json& operator()() const {
    if (!value_) value_ = build_();
    return *value_;
  }

 private:
  std::function<ordered_json()> build_;
  mutable std::optional<ordered_json> value_;
};

// Prints diagnostics and returns the bad-input exit code, or 0 when there were none.
int report_problems(const Diagnostics& diag) {
  if (diag.ok()) return kExitOk;
  std::cerr << diag.str();
  std::cerr << diag.size() << (diag.size() == 1 ? " problem" : " problems") << " found\n";
  return kExitBadInput;
}

void print_json(const ordered_json& j) { std::cout << j.dump(2) << "\n"; }

// Flags shared by the commands that load a catalog.
struct CatalogFlags {
  std::vector<std::string> files;
  bool no_shipped = false;
  void add(CLI::App* cmd) {
    cmd->add_option("--catalog", files, "Extra catalog file(s) that add or override entries (repeatable)")
        ->type_name("FILE");
    cmd->add_flag("--no-shipped-catalog", no_shipped, "Do not load the shipped catalog (data/catalog)");
  }
  LoadOptions options() const { return LoadOptions{!no_shipped, files}; }
};

Scenario load(const std::string& path, const CatalogFlags& flags, Diagnostics& diag) {
  Scenario sc = load_scenario(path, flags.options(), diag);
  if (diag.ok()) catalog::lint_catalog(sc.catalog, diag);
  spdlog::debug("loaded {} files: {} catalog entries", sc.files.size(), sc.catalog.entry_count());
  return sc;
}

// Parses a flag value with a unit parser, reporting a CLI-located error.
template <class Q>
bool flag_quantity(const std::string& flag, const std::string& text, Result<Q> (*parse)(std::string_view), Q& out,
                   Diagnostics& diag) {
  auto r = parse(text);
  if (!r) {
    diag.error(Location{"command line", 0, 0}, flag, r.error());
    return false;
  }
  out = *r;
  return true;
}

// Builds a small document from command-line flags, so that flags are read by the same readers
// (and fail with the same messages) as scenario files.
class FlagDoc {
 public:
  FlagDoc() : file_(std::make_shared<const std::string>("command line")) {
    root_.kind = Node::Kind::kMapping;
    root_.file = file_;
  }
  // `flag` is how the user wrote the option, so that messages name it rather than the field.
  FlagDoc& flag(const std::string& key, const std::string& flag_name) {
    flags_.emplace_back(key, flag_name);
    return *this;
  }
  FlagDoc& add(const std::string& key, const std::string& value, bool quoted = true) {
    if (std::none_of(flags_.begin(), flags_.end(), [&](const auto& f) { return f.first == key; })) {
      std::string name = "--" + key;
      std::replace(name.begin(), name.end(), '_', '-');
      flags_.emplace_back(key, name);
    }
    Member m;
    m.key = key;
    m.value = scalar(value, quoted);
    root_.members.push_back(std::move(m));
    return *this;
  }
  FlagDoc& add_if(const std::string& key, const std::string& value) {
    if (!value.empty()) add(key, value);
    return *this;
  }
  FlagDoc& add_list(const std::string& key, const std::vector<std::string>& values) {
    Member m;
    m.key = key;
    m.value.kind = Node::Kind::kSequence;
    m.value.file = file_;
    for (const auto& v : values) m.value.items.push_back(scalar(v, false));
    root_.members.push_back(std::move(m));
    return *this;
  }
  FlagDoc& add_map(const std::string& key, FlagDoc sub) {
    Member m;
    m.key = key;
    m.value = std::move(sub.root_);
    root_.members.push_back(std::move(m));
    return *this;
  }
  const Node& node() const { return root_; }

  // Renames the field paths of the diagnostics from index `from` on to the flags they came from.
  void relabel(Diagnostics& diag, size_t from) const {
    for (size_t i = from; i < diag.size(); ++i) {
      Diagnostic& d = diag.at(i);
      if (d.where.file != "command line") continue;
      const size_t end = d.path.find_first_of(".[");
      const std::string head = d.path.substr(0, end);
      for (const auto& [key, name] : flags_)
        if (key == head) d.path = name + (end == std::string::npos ? "" : d.path.substr(end));
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> flags_;
  Node scalar(const std::string& v, bool quoted) const {
    Node n;
    n.kind = Node::Kind::kScalar;
    n.text = v;
    n.quoted = quoted;
    n.file = file_;
    return n;
  }
  std::shared_ptr<const std::string> file_;
  Node root_;
};

}  // namespace

void Output::add_flags(CLI::App* cmd, bool csv_allowed) {
  auto* j = cmd->add_flag("--json", json, "Write JSON (stable schema, see docs/json-schemas.md)");
  if (csv_allowed) cmd->add_flag("--csv", csv, "Write CSV rows")->excludes(j);
}

void Output::add_report_flags(CLI::App* cmd) {
  cmd->add_option("--report", report, "Also write a self-contained HTML report with charts (docs/reports.md)")->type_name("FILE");
  cmd->add_option("--xlsx", xlsx, "Also write the report's tables as an XLSX workbook")->type_name("FILE");
  cmd->add_option("--csv-dir", csv_dir, "Also write the report's tables as CSV files into this directory")->type_name("DIR");
}

int Output::write_reports(const std::function<ordered_json()>& make) const {
  const report::ReportOutputs outs{report, xlsx, csv_dir};
  if (!outs.any()) return kExitOk;
  if (const std::string e = report::write_report_outputs(make(), outs); !e.empty()) {
    std::cerr << "error: " << e << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

void Commands::add_to(CLI::App& app) {
  // validate
  {
    auto* cmd = app.add_subcommand("validate", "Check scenario or catalog files without running them");
    auto files = std::make_shared<std::vector<std::string>>();
    auto flags = std::make_shared<CatalogFlags>();
    cmd->add_option("files", *files, "Scenario or catalog files (YAML or JSON)")->required()->type_name("FILE");
    flags->add(cmd);
    cmd->callback([this, files, flags] {
      chosen_ = [files, flags] {
        int worst = kExitOk;
        for (const auto& f : *files) {
          Diagnostics diag;
          Scenario sc = load(f, *flags, diag);
          if (int rc = report_problems(diag)) {
            worst = rc;
            continue;
          }
          std::cout << f << ": ok (" << sc.files.size() << " files, " << sc.catalog.entry_count() << " catalog entries, "
                    << sc.selections.size() << (sc.selections.size() == 1 ? " selection, " : " selections, ")
                    << sc.links.size() << (sc.links.size() == 1 ? " link, " : " links, ") << sc.dci.size()
                    << (sc.dci.size() == 1 ? " DCI route)\n" : " DCI routes)\n");
        }
        return worst;
      };
    });
  }
  // catalog
  {
    auto* cmd = app.add_subcommand("catalog", "List, show and validate the optics catalog");
    cmd->require_subcommand(0, 1);
    auto flags = std::make_shared<CatalogFlags>();
    auto filter = std::make_shared<results::CatalogFilter>();
    auto speed = std::make_shared<std::string>();
    auto out = std::make_shared<Output>();
    flags->add(cmd);
    auto list_fn = [flags, filter, speed, out] {
      Diagnostics diag;
      Scenario sc = load("", *flags, diag);
      static const std::vector<std::string> kinds = {"components", "pmds", "transceivers", "cables", "cpo",
                                                      "switches",   "nics", "servers"};
      if (!filter->kind.empty() && std::find(kinds.begin(), kinds.end(), filter->kind) == kinds.end())
        diag.error(Location{"command line", 0, 0}, "--kind",
                   "unknown kind \"" + filter->kind + "\"" + did_you_mean(filter->kind, kinds) +
                       "; kinds: components, pmds, transceivers, cables, cpo, switches, nics, servers");
      if (!speed->empty()) {
        DataRate s;
        if (flag_quantity("--speed", *speed, parse_data_rate, s, diag)) filter->speed = s;
      }
      if (int rc = report_problems(diag)) return rc;
      if (out->json) print_json(results::catalog_list_json(sc.catalog, *filter));
      else if (out->csv) std::cout << results::catalog_table(sc.catalog, *filter).csv();
      else std::cout << results::catalog_table(sc.catalog, *filter).text();
      return kExitOk;
    };
    auto* list = cmd->add_subcommand("list", "List entries (the default)");
    auto* show = cmd->add_subcommand("show", "Show one entry whole, with the source of each number");
    auto* validate = cmd->add_subcommand("validate", "Check the catalog: units, references, sources of every number");
    // --catalog may come before or after the subcommand name.
    for (auto* c : {list, show, validate}) flags->add(c);
    for (auto* c : {cmd, list}) {
      c->add_option("--kind", filter->kind, "Only this kind: components, pmds, transceivers, cables, cpo, switches, nics, servers");
      c->add_option("--filter", filter->text, "Only entries whose id or name contains this text");
      c->add_option("--speed", *speed, "Only entries of this speed, e.g. 800G");
      out->add_flags(c, true);
    }
    list->callback([this, list_fn] { chosen_ = list_fn; });
    auto id = std::make_shared<std::string>();
    auto show_out = std::make_shared<Output>();
    show->add_option("id", *id, "Entry id")->required();
    show_out->add_flags(show, false);
    show->callback([this, flags, id, show_out] {
      chosen_ = [flags, id, show_out] {
        Diagnostics diag;
        Scenario sc = load("", *flags, diag);
        if (int rc = report_problems(diag)) return rc;
        auto j = results::entry_json(sc.catalog, *id);
        if (!j) {
          std::vector<std::string> ids;
          const auto listing = results::catalog_list_json(sc.catalog, {});
          for (const auto& row : listing["entries"]) ids.push_back(row["id"]);
          std::cerr << "error: no catalog entry has id \"" << *id << "\"" << did_you_mean(*id, ids) << "\n";
          return kExitBadInput;
        }
        if (show_out->json) print_json(*j);
        else std::cout << results::entry_text(*j);
        return kExitOk;
      };
    });
    validate->callback([this, flags] {
      chosen_ = [flags] {
        Diagnostics diag;
        Scenario sc = load("", *flags, diag);
        if (int rc = report_problems(diag)) return rc;
        const auto& c = sc.catalog;
        std::cout << "catalog ok: " << c.entry_count() << " entries (" << c.transceivers.size() << " transceivers, "
                  << c.pmds.size() << " PMDs, " << c.cables.size() << " cables, " << c.cpos.size() << " CPO engines, "
                  << c.switches.size() << " switches, " << c.nics.size() << " NICs, " << c.servers.size()
                  << " servers, " << c.components.size() << " components) from " << sc.files.size()
                  << " files; every number has a source (" << c.sources.size() << " sources)\n";
        return kExitOk;
      };
    });
    cmd->callback([this, cmd, list_fn] {
      if (cmd->get_subcommands().empty()) chosen_ = list_fn;
    });
  }
  // select
  {
    auto* cmd = app.add_subcommand("select", "Rank the modules that can carry one link, and say why others cannot");
    struct Flags {
      std::string speed, length, fiber = "smf", form_factor, max_power, margin, attenuation, rank = "cost";
      int connectors = 2, splices = 0, year = 2026;
      double cost_weight = 0.5;
      std::vector<std::string> allow, deny;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("--speed", f->speed, "Link speed, e.g. 800G")->required();
    cmd->add_option("--length", f->length, "Link length, e.g. 1.2km or 30m")->required();
    cmd->add_option("--fiber", f->fiber, "smf, mmf (= OM4), OM3, OM4 or OM5")->capture_default_str();
    cmd->add_option("--form-factor", f->form_factor, "Required cage, e.g. OSFP or QSFP-DD");
    cmd->add_option("--max-power", f->max_power, "Power cap per module, e.g. 15W");
    cmd->add_option("--connectors", f->connectors, "Mated connector pairs in the channel")->capture_default_str();
    cmd->add_option("--splices", f->splices, "Fusion splices in the channel")->capture_default_str();
    cmd->add_option("--margin", f->margin, "Design margin to keep, e.g. 1dB");
    cmd->add_option("--attenuation", f->attenuation, "Fibre attenuation, e.g. 0.35dB/km (default by band)");
    cmd->add_option("--allow", f->allow, "Allow an implementation refused by default: lpo, lro (repeatable)");
    cmd->add_option("--deny", f->deny, "Refuse an implementation: eml, siph, vcsel, dml, coherent, dsp, lpo, lro, dac, acc, aec, aoc");
    cmd->add_option("--rank", f->rank, "cost, power or mix")->capture_default_str();
    cmd->add_option("--cost-weight", f->cost_weight, "Weight of cost in --rank mix (0..1)")->capture_default_str();
    cmd->add_option("--year", f->year, "Year of the prices to rank by")->capture_default_str();
    flags->add(cmd);
    out->add_flags(cmd, true);
    out->add_report_flags(cmd);
    cmd->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        Scenario sc = load("", *flags, diag);
        // Build the requirement through the same reader a scenario's `select:` uses, so flags and
        // files accept the same values with the same messages.
        FlagDoc req;
        req.add("speed", f->speed).add("length", f->length).add("fiber", f->fiber);
        req.add_if("form_factor", f->form_factor).add_if("max_power", f->max_power);
        req.add_if("margin", f->margin).add_if("attenuation", f->attenuation);
        req.add("connectors", std::to_string(f->connectors), false).add("splices", std::to_string(f->splices), false);
        if (!f->allow.empty()) req.add_list("allow", f->allow);
        if (!f->deny.empty()) req.add_list("deny", f->deny);
        req.add("rank", f->rank).add("cost_weight", format_number(f->cost_weight, 6), false);
        req.add("year", std::to_string(f->year), false);
        const size_t before = diag.size();
        std::optional<catalog::Requirement> requirement;
        {
          MapReader r(req.node(), "", diag);
          requirement = catalog::read_requirement(r);
        }
        req.relabel(diag, before);
        if (int rc = report_problems(diag)) return rc;
        const auto selection = catalog::select(sc.catalog, *requirement);
        const Once make([&] {
          auto j = results::select_json(selection);
          results::add_provenance(j, sc, false, false);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else if (out->csv) std::cout << results::select_csv(selection);
        else std::cout << results::select_text(selection);
        return kExitOk;
      };
    });
  }
  // link check
  {
    auto* cmd = app.add_subcommand("link", "Check links: IEEE budgets inside the hall, GN-model OSNR/GSNR between sites");
    cmd->require_subcommand(1);
    auto* check = cmd->add_subcommand("check", "Check the links and DCI routes of a file, or one link given by flags");
    struct Flags {
      std::string file;
      // intra-DC
      std::string pmd, module, far_pmd, far_module, port, far_port, length, fiber = "smf", margin, attenuation,
          connector_loss, splice_loss;
      int connectors = 2, splices = 0;
      // DCI
      std::string mode, dci_module, spans, dispersion, nf = "5.5dB", launch = "optimum", spacing, required_margin,
          target, center;
      int channels = 0;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    check->add_option("file", f->file, "A file with links: and/or dci: sections")->type_name("FILE");
    check->add_option("--pmd", f->pmd, "Intra-DC link: the PMD, e.g. 800GBASE-DR8");
    check->add_option("--module", f->module, "Intra-DC link: a catalog transceiver instead of a PMD");
    check->add_option("--far-pmd", f->far_pmd, "The far end's PMD when it differs (a breakout)");
    check->add_option("--far-module", f->far_module, "The far end's transceiver");
    check->add_option("--port", f->port, "Switch or NIC the near module plugs into (checks cage and speed)");
    check->add_option("--far-port", f->far_port, "Switch or NIC at the far end");
    check->add_option("--length", f->length, "Fibre length, e.g. 1.3km");
    check->add_option("--fiber", f->fiber, "smf, mmf (= OM4), OM3, OM4 or OM5")->capture_default_str();
    check->add_option("--connectors", f->connectors, "Mated connector pairs")->capture_default_str();
    check->add_option("--splices", f->splices, "Fusion splices")->capture_default_str();
    check->add_option("--connector-loss", f->connector_loss, "Loss per mated pair (default 0.75dB)");
    check->add_option("--splice-loss", f->splice_loss, "Loss per splice (default 0.3dB)");
    check->add_option("--margin", f->margin, "Design margin: for a link, added to its loss; for DCI, the OSNR margin to keep");
    check->add_option("--attenuation", f->attenuation, "Fibre attenuation, e.g. 0.22dB/km");
    check->add_option("--mode", f->mode, "DCI: a coherent mode (400ZR, OpenZR+-400G, 800ZR, ...) or auto");
    check->add_option("--dci-module", f->dci_module, "DCI: a coherent transceiver; its modes are tried");
    check->add_option("--spans", f->spans, "DCI: amplified spans as COUNTxLENGTH, e.g. 2x80km");
    check->add_option("--dispersion", f->dispersion, "DCI: fibre dispersion (default 16.7ps/nm/km)");
    check->add_option("--nf", f->nf, "DCI: amplifier noise figure")->capture_default_str();
    check->add_option("--launch", f->launch, "DCI: launch power per channel, e.g. 0dBm, or optimum")->capture_default_str();
    check->add_option("--channels", f->channels, "DCI: channel count (default: fill the C band)");
    check->add_option("--spacing", f->spacing, "DCI: channel spacing (default: the mode's)");
    check->add_option("--center", f->center, "DCI: centre frequency (default 193.7THz)");
    check->add_option("--target", f->target, "DCI: capacity to carry, e.g. 25.6T (wavelengths and modules needed)");
    flags->add(check);
    out->add_flags(check, true);
    out->add_report_flags(check);
    check->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        const bool quick_link = !f->pmd.empty() || !f->module.empty();
        const bool quick_dci = !f->mode.empty() || !f->dci_module.empty() || !f->spans.empty();
        if (int(!f->file.empty()) + int(quick_link) + int(quick_dci) != 1) {
          diag.error(Location{"command line", 0, 0}, "",
                     "give a FILE, or one intra-DC link (--pmd or --module, --length), or one DCI route (--mode, --spans)");
          return report_problems(diag);
        }
        Scenario sc = load(f->file, *flags, diag);
        if (quick_link) {
          FlagDoc d;
          d.add("id", "link").add_if("pmd", f->pmd).add_if("module", f->module).add_if("far_pmd", f->far_pmd);
          d.add_if("far_module", f->far_module).add_if("port", f->port).add_if("far_port", f->far_port);
          d.add_if("length", f->length).add("fiber", f->fiber);
          d.add("connectors", std::to_string(f->connectors), false).add("splices", std::to_string(f->splices), false);
          d.add_if("connector_loss", f->connector_loss).add_if("splice_loss", f->splice_loss);
          d.add_if("margin", f->margin).add_if("attenuation", f->attenuation);
          const size_t before = diag.size();
          {
            MapReader r(d.node(), "", diag);
            if (auto spec = link::read_link(r, sc.catalog)) sc.links.push_back(std::move(*spec));
          }
          d.relabel(diag, before);
        }
        if (quick_dci) {
          FlagDoc d;
          d.flag("module", "--dci-module").flag("spans", "--spans").flag("required_margin", "--margin");
          d.flag("target_capacity", "--target").flag("launch_power", "--launch");
          d.add("id", "dci");
          d.add_if("mode", f->mode).add_if("module", f->dci_module);
          if (f->spans.empty()) {
            diag.error(Location{"command line", 0, 0}, "--spans", "missing: give the line as COUNTxLENGTH, e.g. 2x80km");
          } else {
            const auto x = f->spans.find('x');
            FlagDoc spans;
            if (x == std::string::npos) {
              diag.error(Location{"command line", 0, 0}, "--spans", "expected COUNTxLENGTH such as 2x80km, got \"" + f->spans + "\"");
            } else {
              spans.add("count", f->spans.substr(0, x), false).add("length", f->spans.substr(x + 1));
            }
            spans.add_if("attenuation", f->attenuation).add_if("dispersion", f->dispersion).add("nf", f->nf);
            d.add_map("spans", std::move(spans));
          }
          if (f->channels > 0) d.add("channels", std::to_string(f->channels), false);
          d.add_if("spacing", f->spacing).add_if("center", f->center).add_if("required_margin", f->margin);
          d.add_if("target_capacity", f->target).add("launch_power", f->launch);
          const size_t before = diag.size();
          {
            MapReader r(d.node(), "", diag);
            if (auto spec = link::read_dci(r, sc.catalog)) sc.dci.push_back(std::move(*spec));
          }
          d.relabel(diag, before);
        }
        if (int rc = report_problems(diag)) return rc;
        if (sc.links.empty() && sc.dci.empty()) {
          std::cerr << "error: " << f->file << " has no links: or dci: entries to check\n";
          return kExitBadInput;
        }
        const auto rep = link::check_links(sc.catalog, std::move(sc.links), std::move(sc.dci));
        const Once make([&] {
          auto j = results::link_json(sc.catalog, rep);
          results::add_provenance(j, sc, false, false);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else if (out->csv) std::cout << results::link_csv(sc.catalog, rep);
        else std::cout << results::link_text(sc.catalog, rep);
        return kExitOk;
      };
    });
  }
  // fabric
  {
    auto* cmd = app.add_subcommand("fabric", "Size a GPU cluster's scale-out fabric: switches and links per tier");
    struct Flags {
      std::string file, server, sw, spine_switch, core_switch, tiers, grouping, policy;
      std::string nic_leaf_length, leaf_spine_length, spine_core_length, links, spine_distance, leaf_placement, nic_speed;
      int servers_per_rack = 0;
      std::vector<std::string> allow, deny;
      int64_t gpus = 0, servers = 0, sus = 0;
      int nodes_per_su = 0, nodes_per_leaf = 0, reserved_slots = -1, management_links = -1, planes = 0;
      int nic_leaf_connectors = -1, leaf_spine_connectors = -1, spine_core_connectors = -1, year = 0, pod_leaves = 0;
      bool plain = false;
      double oversubscription = 0, spine_oversubscription = 0;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("file", f->file, "A scenario with a cluster: section")->type_name("FILE");
    cmd->add_option("--gpus", f->gpus, "GPU count");
    cmd->add_option("--servers", f->servers, "Server count (instead of --gpus)");
    cmd->add_option("--sus", f->sus, "Scalable units (instead of --gpus)");
    cmd->add_option("--server", f->server, "Server model, e.g. dgx-h100");
    cmd->add_option("--switch", f->sw, "Leaf switch model, e.g. qm9700 (spines and cores too unless given)");
    cmd->add_option("--spine-switch", f->spine_switch, "Spine switch model");
    cmd->add_option("--core-switch", f->core_switch, "Core switch model");
    cmd->add_option("--tiers", f->tiers, "2, 3 or auto (default: the fewest that reach)");
    cmd->add_option("--nodes-per-su", f->nodes_per_su, "Servers per scalable unit (default 32)");
    cmd->add_option("--nodes-per-leaf", f->nodes_per_leaf, "Servers per leaf, when a leaf serves less than an SU");
    cmd->add_option("--reserved-slots", f->reserved_slots, "Server slots given to fabric management (NVIDIA UFM: 1)");
    cmd->add_option("--management-links", f->management_links, "Fabric-manager links to the leaves");
    cmd->add_option("--planes", f->planes, "Network planes the NIC ports split across (default 1)");
    cmd->add_option("--oversubscription", f->oversubscription, "Leaf down:up ratio (default 1)");
    cmd->add_option("--spine-oversubscription", f->spine_oversubscription, "Spine down:up ratio, three tiers (default 1)");
    cmd->add_option("--spine-grouping", f->grouping, "plane (one spine mesh per plane, default) or rail (one per rail and plane)");
    cmd->add_option("--policy", f->policy, "Media choice per tier: cost (default) or power");
    cmd->add_option("--allow", f->allow, "Allow an implementation refused by default: lpo, lro (repeatable)");
    cmd->add_option("--deny", f->deny, "Refuse an implementation: eml, siph, vcsel, dml, dsp, lpo, lro, dac, acc, aec, aoc");
    cmd->add_option("--nic-leaf-length", f->nic_leaf_length, "Cabling length NIC to leaf (default 30m)");
    cmd->add_option("--leaf-spine-length", f->leaf_spine_length, "Cabling length leaf to spine (default 150m)");
    cmd->add_option("--spine-core-length", f->spine_core_length, "Cabling length spine to core (default 500m)");
    cmd->add_option("--nic-leaf-connectors", f->nic_leaf_connectors, "Mated connector pairs NIC to leaf (default 2)");
    cmd->add_option("--leaf-spine-connectors", f->leaf_spine_connectors, "Mated connector pairs leaf to spine (default 2)");
    cmd->add_option("--spine-core-connectors", f->spine_core_connectors, "Mated connector pairs spine to core (default 2)");
    cmd->add_option("--year", f->year, "Year of the prices (default 2026)");
    cmd->add_option("--servers-per-rack", f->servers_per_rack, "Nodes per rack (default 4 for 8-GPU servers, 18 trays for NVL72)");
    cmd->add_flag("--plain", f->plain, "A plain (non-rail) fat tree: each node's rails on one leaf");
    cmd->add_option("--nic-speed", f->nic_speed, "Run the compute NICs at this speed, e.g. 800G (default: their own)");
    cmd->add_option("--pod-leaves", f->pod_leaves, "Three tiers: leaves per pod (default: a spine's down ports)");
    cmd->add_option("--spine-distance", f->spine_distance, "From the row ends to the spine room (default 30m)");
    cmd->add_option("--leaf-placement", f->leaf_placement, "end_of_row (default) or middle_of_row");
    cmd->add_option("--links", f->links, "Write the link list (every link: ends, ports, length, medium) to this CSV file")
        ->type_name("FILE");
    flags->add(cmd);
    out->add_flags(cmd, false);
    out->add_report_flags(cmd);
    // fabric compare FILE: the cluster and its variants side by side.
    auto* compare = cmd->add_subcommand("compare", "The same cluster under several designs (the file's variants:) side by side");
    auto compare_file = std::make_shared<std::string>();
    auto compare_out = std::make_shared<Output>();
    compare->add_option("file", *compare_file, "A scenario with cluster: and variants:")->required()->type_name("FILE");
    flags->add(compare);
    compare_out->add_flags(compare, false);
    compare_out->add_report_flags(compare);
    compare->callback([this, compare_file, flags, compare_out] {
      chosen_ = [compare_file, flags, compare_out] {
        Diagnostics diag;
        Scenario sc = load(*compare_file, *flags, diag);
        if (diag.ok() && (sc.clusters.empty() || sc.variants.empty()))
          diag.error(Location{*compare_file, 0, 0}, "variants", "the file needs a cluster: section and variants: of it");
        if (int rc = report_problems(diag)) return rc;
        std::vector<results::FabricVariant> designs;
        designs.push_back({"base", fabric::build_fabric(sc.catalog, sc.clusters.front())});
        for (const auto& [name, input] : sc.variants) designs.push_back({name, fabric::build_fabric(sc.catalog, input)});
        const Once make([&] {
          auto j = results::fabric_compare_json(sc.catalog, designs);
          results::add_provenance(j, sc, false, false);
          return j;
        });
        if (int rc = compare_out->write_reports(std::ref(make))) return rc;
        if (compare_out->json) print_json(make());
        else std::cout << results::fabric_compare_text(sc.catalog, designs);
        return kExitOk;
      };
    });
    cmd->callback([this, cmd, f, flags, out] {
      if (!cmd->get_subcommands().empty()) return;
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        const bool quick = !f->server.empty() || !f->sw.empty();
        if (quick == !f->file.empty()) {
          diag.error(Location{"command line", 0, 0}, "", "give a FILE with a cluster: section, or --server and --switch with a size");
          return report_problems(diag);
        }
        Scenario sc = load(f->file, *flags, diag);
        std::optional<fabric::ClusterInput> input;
        if (quick) {
          FlagDoc d;
          d.flag("switch", "--switch").flag("scalable_units", "--sus");
          d.add_if("server", f->server).add_if("switch", f->sw).add_if("spine_switch", f->spine_switch);
          d.add_if("core_switch", f->core_switch).add_if("tiers", f->tiers).add_if("spine_grouping", f->grouping);
          d.add_if("policy", f->policy).add_if("nic_leaf_length", f->nic_leaf_length);
          d.add_if("leaf_spine_length", f->leaf_spine_length).add_if("spine_core_length", f->spine_core_length);
          if (!f->allow.empty()) d.add_list("allow", f->allow);
          if (!f->deny.empty()) d.add_list("deny", f->deny);
          const auto num = [&](const std::string& key, auto v, bool given) {
            if (given) d.add(key, format_number(static_cast<double>(v), 6), false);
          };
          num("gpus", f->gpus, f->gpus != 0);
          num("servers", f->servers, f->servers != 0);
          num("scalable_units", f->sus, f->sus != 0);
          num("nodes_per_su", f->nodes_per_su, f->nodes_per_su != 0);
          num("nodes_per_leaf", f->nodes_per_leaf, f->nodes_per_leaf != 0);
          num("reserved_slots", f->reserved_slots, f->reserved_slots >= 0);
          num("management_links", f->management_links, f->management_links >= 0);
          num("planes", f->planes, f->planes != 0);
          num("oversubscription", f->oversubscription, f->oversubscription != 0);
          num("spine_oversubscription", f->spine_oversubscription, f->spine_oversubscription != 0);
          num("nic_leaf_connectors", f->nic_leaf_connectors, f->nic_leaf_connectors >= 0);
          num("leaf_spine_connectors", f->leaf_spine_connectors, f->leaf_spine_connectors >= 0);
          num("spine_core_connectors", f->spine_core_connectors, f->spine_core_connectors >= 0);
          num("year", f->year, f->year != 0);
          num("servers_per_rack", f->servers_per_rack, f->servers_per_rack != 0);
          num("pod_leaves", f->pod_leaves, f->pod_leaves != 0);
          d.add_if("spine_distance", f->spine_distance).add_if("leaf_placement", f->leaf_placement);
          d.add_if("nic_speed", f->nic_speed);
          if (f->plain) d.add("rail_optimized", "false", false);
          const size_t before = diag.size();
          {
            MapReader r(d.node(), "", diag);
            input = fabric::read_cluster(r, sc.catalog);
          }
          d.relabel(diag, before);
        } else if (!sc.clusters.empty()) {
          input = sc.clusters.front();
        } else if (diag.ok()) {
          diag.error(Location{f->file, 0, 0}, "cluster", "the file has no cluster: section");
        }
        if (int rc = report_problems(diag)) return rc;
        auto result = fabric::build_fabric(sc.catalog, *input);
        if (!result) {
          std::cerr << "error: " << result.error() << "\n";
          return kExitBadInput;
        }
        if (!f->links.empty()) {
          std::ofstream csv(f->links, std::ios::binary);
          if (csv) results::write_link_list(csv, sc.catalog, *result);
          if (!csv) {
            std::cerr << "error: cannot write the link list to \"" << f->links << "\"\n";
            return kExitBadInput;
          }
        }
        const Once make([&] {
          auto j = results::fabric_json(sc.catalog, *result);
          results::add_provenance(j, sc, false, false);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else std::cout << results::fabric_text(sc.catalog, *result);
        return kExitOk;
      };
    });
  }
  // plan
  {
    auto* cmd = app.add_subcommand("plan", "Plan who gets which optics when under supply constraints, and why");
    struct Flags {
      std::string file, planner = "heuristic", objective = "lateness";
      bool compare = false;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("scenario", f->file, "Scenario file with a supply: section")->required()->type_name("FILE");
    cmd->add_option("--planner", f->planner, "heuristic (fast, explains) or lp (the LP optimum, with shadow prices)")
        ->check(CLI::IsMember({"heuristic", "lp"}))
        ->capture_default_str();
    cmd->add_option("--objective", f->objective, "What the LP optimizes and plans are measured by: lateness, fill or revenue")
        ->check(CLI::IsMember({"lateness", "fill", "revenue"}))
        ->capture_default_str();
    cmd->add_flag("--compare", f->compare, "Also solve the LP and print the fast planner's gap to its optimum");
    flags->add(cmd);
    out->add_flags(cmd, true);
    out->add_report_flags(cmd);
    cmd->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        Scenario sc = load(f->file, *flags, diag);
        if (diag.ok() && !sc.supply) diag.error(Location{f->file, 0, 0}, "supply", "the file has no supply: section");
        if (int rc = report_problems(diag)) return rc;
        const supply::Objective objective = f->objective == "fill"      ? supply::Objective::kFill
                                            : f->objective == "revenue" ? supply::Objective::kRevenue
                                                                        : supply::Objective::kLateness;
        std::optional<supply::Plan> lp;
        if (f->planner == "lp" || f->compare) {
          auto r = supply::plan_lp(*sc.supply, objective);
          if (!r) {
            std::cerr << "error: " << r.error() << "\n";
            return kExitInternal;
          }
          lp = std::move(*r);
        }
        const supply::Plan plan = f->planner == "lp" ? *lp : supply::plan_heuristic(*sc.supply);
        std::optional<supply::PlanComparison> cmp;
        // The comparison is always the fast planner against the optimum, whichever plan is printed.
        if (f->compare)
          cmp = supply::compare_plans(*sc.supply, f->planner == "lp" ? supply::plan_heuristic(*sc.supply) : plan, *lp, objective);
        const Once make([&] {
          auto j = results::plan_json(*sc.supply, plan);
          if (cmp) j["comparison"] = results::comparison_json(*cmp);
          results::add_provenance(j, sc, true, false);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) {
          print_json(make());
        } else if (out->csv) {
          std::cout << results::plan_csv(*sc.supply, plan);
        } else {
          std::cout << results::plan_text(*sc.supply, plan);
          if (cmp) std::cout << "\n" << results::comparison_text(*cmp);
        }
        return kExitOk;
      };
    });
  }
  // compare
  {
    auto* cmd = app.add_subcommand("compare", "Plan a base scenario and a what-if and show what changed");
    auto files = std::make_shared<std::vector<std::string>>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("scenarios", *files, "BASE and WHAT-IF scenario files (a what-if may include the base and override it)")
        ->required()
        ->expected(2)
        ->type_name("FILE");
    flags->add(cmd);
    out->add_flags(cmd, false);
    out->add_report_flags(cmd);
    cmd->callback([this, files, flags, out] {
      chosen_ = [files, flags, out] {
        Diagnostics diag;
        Scenario base = load((*files)[0], *flags, diag);
        Scenario other = load((*files)[1], *flags, diag);
        for (const auto* sc : {&base, &other})
          if (diag.ok() && !sc->supply) diag.error(Location{sc == &base ? (*files)[0] : (*files)[1], 0, 0}, "supply",
                                                   "the file has no supply: section");
        if (int rc = report_problems(diag)) return rc;
        const supply::Plan a = supply::plan_heuristic(*base.supply);
        const supply::Plan b = supply::plan_heuristic(*other.supply);
        const auto d = supply::diff_plans(*base.supply, a, *other.supply, b);
        const Once make([&] {
          auto j = results::diff_json(*base.supply, *other.supply, d);
          results::add_compare_provenance(j, base, other);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else std::cout << results::diff_text(*base.supply, *other.supply, d);
        return kExitOk;
      };
    });
  }
  // market
  {
    auto* cmd = app.add_subcommand("market", "Simulate a market: its supply plan many times under uncertainty");
    struct Flags {
      std::string file, what_if;
      int runs = 0, threads = 1;
      int64_t seed = -1;
      bool mpi = false;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("scenario", f->file, "Scenario with supply: and market: sections")->required()->type_name("FILE");
    cmd->add_option("--runs", f->runs, "Monte Carlo runs (default: the scenario's)")->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", f->seed, "Seed (default: the scenario's)")->check(CLI::Range(int64_t{0}, INT64_MAX));
    cmd->add_option("--threads", f->threads, "Threads (results do not depend on it)")->capture_default_str()->check(CLI::Range(1, 256));
    cmd->add_option("--what-if", f->what_if, "A what-if scenario (it includes FILE and overrides some inputs): runs both, prints the change")
        ->type_name("FILE");
    cmd->add_flag("--mpi", f->mpi, "Spread the runs over the MPI ranks this was started with (mpirun -n N opticplan market --mpi ...); rank 0 prints");
    flags->add(cmd);
    out->add_flags(cmd, false);
    out->add_report_flags(cmd);
    cmd->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        Scenario sc = load(f->file, *flags, diag);
        if (diag.ok() && !sc.market) diag.error(Location{f->file, 0, 0}, "market", "the file has no market: section");
        Scenario wi;
        if (!f->what_if.empty()) {
          wi = load(f->what_if, *flags, diag);
          if (diag.ok() && !wi.market) diag.error(Location{f->what_if, 0, 0}, "market", "the what-if has no market: section");
        }
        if (int rc = report_problems(diag)) return rc;
        const auto spec_of = [&](const Scenario& s) {
          market::MarketSpec spec = *s.market;
          if (f->runs) spec.runs = f->runs;
          if (f->seed >= 0) spec.seed = static_cast<uint64_t>(f->seed);
          return spec;
        };
        const market::MarketSpec spec = spec_of(sc);
        market::MarketResult result;
        if (f->mpi) {
          const int rank = run_market_mpi(*sc.supply, spec, f->threads, result);
          if (rank < 0) {
            std::cerr << "error: --mpi: this opticplan was built without MPI (install libopenmpi-dev and rebuild)\n";
            return kExitBadInput;
          }
          if (rank > 0) return kExitOk;  // rank 0 prints
        } else {
          result = market::simulate_market(*sc.supply, spec, f->threads, terminal_progress("runs"));
        }
        if (!f->what_if.empty()) {
          const market::MarketSpec wspec = spec_of(wi);
          const auto wres = market::simulate_market(*wi.supply, wspec, f->threads, terminal_progress("what-if runs"));
          auto base_j = results::market_json(result, spec, *sc.supply);
          results::add_provenance(base_j, sc, true, true);
          auto what_if_j = results::market_json(wres, wspec, *wi.supply);
          results::add_provenance(what_if_j, wi, true, true);
          const nlohmann::ordered_json both = {{"schema", "opticplan.market-compare"}, {"version", 1},
                                               {"base", std::move(base_j)}, {"what_if", std::move(what_if_j)}};
          if (int rc = out->write_reports([&] { return both; })) return rc;
          if (out->json)
            print_json(both);
          else
            std::cout << results::market_compare_text(result, spec, wres, wspec);
          return kExitOk;
        }
        const Once make([&] {
          auto j = results::market_json(result, spec, *sc.supply);
          results::add_provenance(j, sc, true, true);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else std::cout << results::market_text(result, spec, *sc.supply);
        return kExitOk;
      };
    });
  }
  // gen
  {
    auto* cmd = app.add_subcommand("gen", "Generate scaled problems for benchmarks (deterministic per seed)");
    cmd->require_subcommand(1);
    auto* sup = cmd->add_subcommand("supply", "A supply scenario: two-level network, clustered due dates, saturated supply");
    auto o = std::make_shared<supply::GenOptions>();
    sup->add_option("--orders", o->orders, "Order lines")->capture_default_str()->check(CLI::Range(1, 10000000));
    sup->add_option("--items", o->items, "Items: modules, engines and parts")->capture_default_str()->check(CLI::Range(10, 100000));
    sup->add_option("--periods", o->periods, "Weeks from 2026-W01")->capture_default_str()->check(CLI::Range(4, 520));
    sup->add_option("--customers", o->customers, "Customers")->capture_default_str()->check(CLI::Range(1, 10000));
    sup->add_option("--tightness", o->tightness, "Supply as a share of demand")->capture_default_str()->check(CLI::Range(0.01, 10.0));
    sup->add_option("--seed", o->seed, "Random seed")->capture_default_str();
    sup->callback([this, o] {
      chosen_ = [o] {
        std::cout << "# Generated by opticplan gen supply (orders " << o->orders << ", items " << o->items << ", periods "
                  << o->periods << ", customers " << o->customers << ", tightness " << o->tightness << ", seed " << o->seed
                  << "): every number is synthetic.\n"
                  << supply::write_supply_yaml(supply::generate_supply(*o));
        return kExitOk;
      };
    });
    auto* mk = cmd->add_subcommand("market", "A market scenario: buyers' demand for 400G/800G/1.6T, lasers, DSPs, uncertain inputs");
    auto mo = std::make_shared<market::MarketGenOptions>();
    mk->add_option("--buyers", mo->buyers, "Buyers")->capture_default_str()->check(CLI::Range(1, 100000));
    mk->add_option("--years", mo->years, "Years from 2025")->capture_default_str()->check(CLI::Range(1, 20));
    mk->add_option("--runs", mo->runs, "Monte Carlo runs")->capture_default_str()->check(CLI::Range(1, 1000000));
    mk->add_option("--seed", mo->seed, "Random seed")->capture_default_str();
    mk->callback([this, mo] {
      chosen_ = [mo] {
        std::cout << market::generate_market_yaml(*mo);
        return kExitOk;
      };
    });
    auto* cl = cmd->add_subcommand("cluster", "A cluster scenario: a rail-optimized B300 fabric of N GPUs (Q3400 switches)");
    auto gpus = std::make_shared<int64_t>(8192);
    cl->add_option("--gpus", *gpus, "GPUs")->capture_default_str()->check(CLI::Range(int64_t{8}, int64_t{10000000}));
    cl->callback([this, gpus] {
      chosen_ = [gpus] {
        std::cout << "# Generated by opticplan gen cluster (gpus " << *gpus << "): a DGX B300 fabric on Quantum-X800 Q3400.\n"
                  << "name: generated cluster\n"
                  << "cluster: {server: dgx-b300, switch: q3400, gpus: " << *gpus << ", nodes_per_su: 72}\n";
        return kExitOk;
      };
    });
  }
  // quote
  {
    auto* cmd = app.add_subcommand("quote", "Promise a new order on a scenario's plan: its earliest schedule, and why not earlier");
    struct Flags {
      std::string file, id = "quote", customer, item, requirement, quantity, due, max_lateness;
      int priority = 0;
      bool whole = false, commit = false;
    };
    auto f = std::make_shared<Flags>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("scenario", f->file, "Scenario file with a supply: section (its orders are the committed plan)")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--customer", f->customer, "Customer id")->required();
    cmd->add_option("--item", f->item, "Item id (or --requirement)");
    cmd->add_option("--requirement", f->requirement, "Requirement id: any alternate the customer qualified");
    cmd->add_option("--quantity", f->quantity, "Units")->required();
    cmd->add_option("--due", f->due, "Desired period, e.g. 2026-W14")->required();
    cmd->add_option("--priority", f->priority, "Priority (default 1)");
    cmd->add_option("--max-lateness", f->max_lateness, "Periods the order may be late");
    cmd->add_flag("--whole", f->whole, "The order may not be split");
    cmd->add_option("--id", f->id, "Order id to show")->capture_default_str();
    flags->add(cmd);
    out->add_flags(cmd, false);
    out->add_report_flags(cmd);
    cmd->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        Scenario sc = load(f->file, *flags, diag);
        if (diag.ok() && !sc.supply) diag.error(Location{f->file, 0, 0}, "supply", "the file has no supply: section");
        if (int rc = report_problems(diag)) return rc;
        FlagDoc d;
        d.add("id", f->id).add("customer", f->customer).add_if("item", f->item).add_if("requirement", f->requirement);
        d.add("quantity", f->quantity, false).add("due", f->due);
        if (f->priority) d.add("priority", std::to_string(f->priority), false);
        if (!f->max_lateness.empty()) d.add("max_lateness", f->max_lateness, false);
        if (f->whole) d.add("partial", "false", false);
        std::optional<supply::Order> order;
        {
          MapReader r(d.node(), "", diag);
          order = supply::read_order(r, *sc.supply, sc.catalog);
        }
        d.relabel(diag, 0);
        if (int rc = report_problems(diag)) return rc;
        supply::FastPlanner planner(*sc.supply);
        planner.plan();
        const supply::OrderPlan op = planner.quote(*order);
        const Once make([&] {
          auto j = results::quote_json(*sc.supply, *order, op, false);
          results::add_provenance(j, sc, true, false);
          return j;
        });
        if (int rc = out->write_reports(std::ref(make))) return rc;
        if (out->json) print_json(make());
        else std::cout << results::quote_text(*sc.supply, *order, op, false);
        return kExitOk;
      };
    });
  }
  // run
  {
    auto* cmd = app.add_subcommand("run", "Run everything a scenario file asks for");
    auto file = std::make_shared<std::string>();
    auto flags = std::make_shared<CatalogFlags>();
    auto out = std::make_shared<Output>();
    cmd->add_option("scenario", *file, "Scenario file (YAML or JSON)")->required()->type_name("FILE");
    flags->add(cmd);
    out->add_flags(cmd, false);
    out->add_report_flags(cmd);
    cmd->callback([this, file, flags, out] {
      chosen_ = [file, flags, out] {
        Diagnostics diag;
        Scenario sc = load(*file, *flags, diag);
        if (int rc = report_problems(diag)) return rc;
        // The JSON is built when printed or reported; the text is printed unless --json.
        const bool build = out->json || out->reports();
        const bool text = !out->json;
        ordered_json j;
        j["schema"] = "opticplan.run";
        j["version"] = 1;
        j["scenario"] = sc.name;
        j["selections"] = ordered_json::array();
        if (text && !sc.name.empty()) std::cout << "# " << sc.name << "\n\n";
        bool first = true;
        for (const auto& req : sc.selections) {
          const auto s = catalog::select(sc.catalog, req);
          if (build) j["selections"].push_back(results::select_json(s));
          if (text) {
            std::cout << (first ? "" : "\n") << results::select_text(s);
            first = false;
          }
        }
        if (!sc.links.empty() || !sc.dci.empty()) {
          const auto rep = link::check_links(sc.catalog, sc.links, sc.dci);
          if (build) j["links"] = results::link_json(sc.catalog, rep);
          if (text) std::cout << (first ? "" : "\n") << results::link_text(sc.catalog, rep);
        }
        for (const auto& cluster : sc.clusters) {
          auto f = fabric::build_fabric(sc.catalog, cluster);
          if (!f) {
            std::cerr << "error: cluster: " << f.error() << "\n";
            return kExitBadInput;
          }
          if (build) j["fabric"] = results::fabric_json(sc.catalog, *f);
          if (text) std::cout << "\n" << results::fabric_text(sc.catalog, *f);
        }
        if (sc.supply) {
          const supply::Plan plan = supply::plan_heuristic(*sc.supply);
          if (build) j["plan"] = results::plan_json(*sc.supply, plan);
          if (text) std::cout << "\n" << results::plan_text(*sc.supply, plan);
        }
        if (build) results::add_provenance(j, sc, true, false);
        if (int rc = out->write_reports([&] { return j; })) return rc;
        if (out->json) print_json(j);
        return kExitOk;
      };
    });
  }
  // report
  {
    auto* cmd = app.add_subcommand("report", "Make an HTML report with charts (and XLSX/CSV tables) from a command's --json output");
    struct Flags {
      std::string file, html, xlsx, csv_dir;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("results", f->file, "JSON written by fabric, fabric compare, link check, plan, market or run with --json")
        ->required()
        ->type_name("FILE");
    cmd->add_option("-o,--output", f->html, "The HTML report to write")->type_name("FILE");
    cmd->add_option("--xlsx", f->xlsx, "Also write the report's tables as an XLSX workbook (a sheet per table)")->type_name("FILE");
    cmd->add_option("--csv,--csv-dir", f->csv_dir, "Also write the report's tables as CSV files into this directory")
        ->type_name("DIR");
    cmd->callback([this, f] {
      chosen_ = [f] {
        Diagnostics diag;
        const report::ReportOutputs outs{f->html, f->xlsx, f->csv_dir};
        if (!outs.any()) {
          diag.error(Location{"command line", 0, 0}, "-o", "missing: give -o FILE.html, --xlsx FILE or --csv DIR");
          return report_problems(diag);
        }
        auto result = report::read_result_json(f->file, diag);
        if (int rc = report_problems(diag)) return rc;
        if (const std::string e = report::write_report_outputs(result->json, outs); !e.empty()) {
          diag.error(result->kind_at, "", e);
          return report_problems(diag);
        }
        return kExitOk;
      };
    });
  }
  add_serve_commands(app, chosen_);
}

int Commands::run() { return chosen_ ? chosen_() : kExitBadInput; }

}  // namespace opticplan::app

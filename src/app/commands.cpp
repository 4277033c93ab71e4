#include "commands.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "opticplan/catalog/lint.h"
#include "opticplan/catalog/select.h"
#include "opticplan/report/catalog_report.h"
#include "opticplan/report/select_report.h"
#include "opticplan/scenario/reader.h"
#include "opticplan/scenario/scenario.h"

namespace opticplan::app {
namespace {

using nlohmann::ordered_json;

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

}  // namespace

void Output::add_flags(CLI::App* cmd, bool csv_allowed) {
  auto* j = cmd->add_flag("--json", json, "Write JSON (stable schema, see docs/json-schemas.md)");
  if (csv_allowed) cmd->add_flag("--csv", csv, "Write CSV rows")->excludes(j);
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
                    << sc.selections.size() << " selections)\n";
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
    auto filter = std::make_shared<report::CatalogFilter>();
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
                   "unknown kind \"" + filter->kind + "\"" + did_you_mean(filter->kind, kinds));
      if (!speed->empty()) {
        DataRate s;
        if (flag_quantity("--speed", *speed, parse_data_rate, s, diag)) filter->speed = s;
      }
      if (int rc = report_problems(diag)) return rc;
      if (out->json) print_json(report::catalog_list_json(sc.catalog, *filter));
      else if (out->csv) std::cout << report::catalog_table(sc.catalog, *filter).csv();
      else std::cout << report::catalog_table(sc.catalog, *filter).text();
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
        auto j = report::entry_json(sc.catalog, *id);
        if (!j) {
          std::cerr << "error: no catalog entry has id \"" << *id << "\"\n";
          return kExitBadInput;
        }
        if (show_out->json) print_json(*j);
        else std::cout << report::entry_text(*j);
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
    cmd->callback([this, f, flags, out] {
      chosen_ = [f, flags, out] {
        Diagnostics diag;
        Scenario sc = load("", *flags, diag);
        // Build the requirement through the same reader a scenario's `select:` uses, so flags and
        // files accept the same values with the same messages.
        Node req;
        req.kind = Node::Kind::kMapping;
        req.file = std::make_shared<const std::string>("command line");
        auto add = [&](const std::string& key, const std::string& value, bool quoted = true) {
          Member m;
          m.key = key;
          m.value.kind = Node::Kind::kScalar;
          m.value.text = value;
          m.value.quoted = quoted;
          m.value.file = req.file;
          req.members.push_back(std::move(m));
        };
        auto add_list = [&](const std::string& key, const std::vector<std::string>& values) {
          Member m;
          m.key = key;
          m.value.kind = Node::Kind::kSequence;
          m.value.file = req.file;
          for (const auto& v : values) {
            Node item;
            item.kind = Node::Kind::kScalar;
            item.text = v;
            item.file = req.file;
            m.value.items.push_back(std::move(item));
          }
          req.members.push_back(std::move(m));
        };
        add("speed", f->speed);
        add("length", f->length);
        add("fiber", f->fiber);
        if (!f->form_factor.empty()) add("form_factor", f->form_factor);
        if (!f->max_power.empty()) add("max_power", f->max_power);
        if (!f->margin.empty()) add("margin", f->margin);
        if (!f->attenuation.empty()) add("attenuation", f->attenuation);
        add("connectors", std::to_string(f->connectors), false);
        add("splices", std::to_string(f->splices), false);
        if (!f->allow.empty()) add_list("allow", f->allow);
        if (!f->deny.empty()) add_list("deny", f->deny);
        add("rank", f->rank);
        add("cost_weight", format_number(f->cost_weight, 6), false);
        add("year", std::to_string(f->year), false);
        MapReader r(req, "", diag);
        auto requirement = catalog::read_requirement(r);
        if (int rc = report_problems(diag)) return rc;
        const auto selection = catalog::select(sc.catalog, *requirement);
        if (out->json) print_json(report::select_json(selection));
        else if (out->csv) std::cout << report::select_csv(selection);
        else std::cout << report::select_text(selection);
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
    cmd->callback([this, file, flags, out] {
      chosen_ = [file, flags, out] {
        Diagnostics diag;
        Scenario sc = load(*file, *flags, diag);
        if (int rc = report_problems(diag)) return rc;
        ordered_json j;
        j["schema"] = "opticplan.run";
        j["version"] = 1;
        j["scenario"] = sc.name;
        j["selections"] = ordered_json::array();
        if (!out->json && !sc.name.empty()) std::cout << "# " << sc.name << "\n\n";
        bool first = true;
        for (const auto& req : sc.selections) {
          const auto s = catalog::select(sc.catalog, req);
          if (out->json) {
            j["selections"].push_back(report::select_json(s));
          } else {
            std::cout << (first ? "" : "\n") << report::select_text(s);
            first = false;
          }
        }
        if (out->json) print_json(j);
        return kExitOk;
      };
    });
  }
}

int Commands::run() { return chosen_ ? chosen_() : kExitBadInput; }

}  // namespace opticplan::app

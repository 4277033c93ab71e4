// `opticplan link check`: the links and DCI routes of a file, or one of either given by flags.
#include <filesystem>
#include <iostream>
#include <memory>

#include "../commands.h"
#include "opticplan/doc/flags.h"
#include "opticplan/doc/reader.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/read_link.h"

namespace opticplan::app {
namespace {

struct Flags {
  std::string file;
  // intra-DC
  std::string pmd, module, far_pmd, far_module, port, far_port, length, fiber = "smf", margin, attenuation,
                                                                        connector_loss, splice_loss;
  int connectors = 2, splices = 0;
  // DCI
  std::string mode, dci_module, spans, dispersion, nf = "5.5dB", launch = "optimum", spacing, required_margin, target,
                                                   center, baud, tx_osnr, connectors_db;
  int channels = 0;
};

void add_flags(CLI::App* check, Flags& f) {
  check->add_option("file", f.file, "A file with links: and/or dci: sections")->type_name("FILE");
  check->add_option("--pmd", f.pmd, "Intra-DC link: the PMD, e.g. 800GBASE-DR8");
  check->add_option("--module", f.module, "Intra-DC link: a catalog transceiver instead of a PMD");
  check->add_option("--far-pmd", f.far_pmd, "The far end's PMD when it differs (a breakout)");
  check->add_option("--far-module", f.far_module, "The far end's transceiver");
  check->add_option("--port", f.port, "Switch or NIC the near module plugs into (checks cage and speed)");
  check->add_option("--far-port", f.far_port, "Switch or NIC at the far end");
  check->add_option("--length", f.length, "Fibre length, e.g. 1.3km");
  check->add_option("--fiber", f.fiber, "smf, mmf (= OM4), OM3, OM4 or OM5")->capture_default_str();
  check->add_option("--connectors", f.connectors, "Mated connector pairs")->capture_default_str();
  check->add_option("--splices", f.splices, "Fusion splices")->capture_default_str();
  check->add_option("--connector-loss", f.connector_loss, "Loss per mated pair (default 0.75dB)");
  check->add_option("--splice-loss", f.splice_loss, "Loss per splice (default 0.3dB)");
  check->add_option("--margin", f.margin,
                    "Design margin: for a link, added to its loss; for DCI, the OSNR margin to keep");
  check->add_option("--attenuation", f.attenuation, "Fibre attenuation, e.g. 0.22dB/km");
  check->add_option("--mode", f.mode, "DCI: a coherent mode (400ZR, OpenZR+-400G, 800ZR, ...) or auto");
  check->add_option("--dci-module", f.dci_module, "DCI: a coherent transceiver; its modes are tried");
  check->add_option("--spans", f.spans, "DCI: amplified spans as COUNTxLENGTH, e.g. 2x80km");
  check->add_option("--dispersion", f.dispersion, "DCI: fibre dispersion (default 16.7ps/nm/km)");
  check->add_option("--nf", f.nf, "DCI: amplifier noise figure")->capture_default_str();
  check->add_option("--launch", f.launch, "DCI: launch power per channel, e.g. 0dBm, or optimum")
      ->capture_default_str();
  check->add_option("--channels", f.channels, "DCI: channel count (default: fill the C band)");
  check->add_option("--spacing", f.spacing, "DCI: channel spacing (default: the mode's)");
  check->add_option("--center", f.center, "DCI: centre frequency (default 193.7THz)");
  check->add_option("--target", f.target, "DCI: capacity to carry, e.g. 25.6T (wavelengths and modules needed)");
  check->add_option("--baud", f.baud, "DCI: symbol rate of the modes tried, e.g. 59.84GBd (default: the mode's)");
  check->add_option("--tx-osnr", f.tx_osnr, "DCI: transmitter OSNR in 0.1 nm, e.g. 36dB (default: the mode's)");
  check->add_option("--connectors-db", f.connectors_db, "DCI: connector loss at each span's input, e.g. 0.5dB");
}

// One intra-DC link from flags, read by the reader of a file's links: entries.
void add_flag_link(const Flags& f, Scenario& sc, Diagnostics& diag) {
  FlagDoc d;
  d.add("id", "link").add_if("pmd", f.pmd).add_if("module", f.module).add_if("far_pmd", f.far_pmd);
  d.add_if("far_module", f.far_module).add_if("port", f.port).add_if("far_port", f.far_port);
  d.add_if("length", f.length).add("fiber", f.fiber);
  d.add("connectors", std::to_string(f.connectors), false).add("splices", std::to_string(f.splices), false);
  d.add_if("connector_loss", f.connector_loss).add_if("splice_loss", f.splice_loss);
  d.add_if("margin", f.margin).add_if("attenuation", f.attenuation);
  const size_t before = diag.size();
  {
    MapReader r(d.node(), "", diag);
    if (auto spec = link::read_link(r, sc.catalog)) sc.links.push_back(std::move(*spec));
  }
  d.relabel(diag, before);
}

// One DCI route from flags, read by the reader of a file's dci: entries.
void add_flag_route(const Flags& f, Scenario& sc, Diagnostics& diag) {
  FlagDoc d;
  d.flag("module", "--dci-module").flag("spans", "--spans").flag("required_margin", "--margin");
  d.flag("target_capacity", "--target").flag("launch_power", "--launch");
  d.add("id", "dci");
  d.add_if("mode", f.mode).add_if("module", f.dci_module);
  if (f.spans.empty()) {
    diag.error(Location{"command line", 0, 0}, "--spans", "missing: give the line as COUNTxLENGTH, e.g. 2x80km");
  } else {
    const auto x = f.spans.find('x');
    FlagDoc spans;
    spans.flag("count", "--spans").flag("length", "--spans").flag("connector_loss", "--connectors-db");
    spans.flag("attenuation", "--attenuation").flag("dispersion", "--dispersion").flag("nf", "--nf");
    if (x == std::string::npos) {
      diag.error(Location{"command line", 0, 0}, "--spans",
                 "expected COUNTxLENGTH such as 2x80km, got \"" + f.spans + "\"");
    } else {
      spans.add("count", f.spans.substr(0, x), false).add("length", f.spans.substr(x + 1));
    }
    spans.add_if("attenuation", f.attenuation).add_if("dispersion", f.dispersion).add("nf", f.nf);
    spans.add_if("connector_loss", f.connectors_db);
    d.add_map("spans", std::move(spans));
  }
  if (f.channels > 0) d.add("channels", std::to_string(f.channels), false);
  d.add_if("spacing", f.spacing).add_if("center", f.center).add_if("required_margin", f.margin);
  d.add_if("target_capacity", f.target).add("launch_power", f.launch);
  d.add_if("baud", f.baud).add_if("tx_osnr", f.tx_osnr);
  const size_t before = diag.size();
  {
    MapReader r(d.node(), "", diag);
    if (auto spec = link::read_dci(r, sc.catalog)) sc.dci.push_back(std::move(*spec));
  }
  d.relabel(diag, before);
}

int check(const Flags& f, const CatalogFlags& flags, const Output& out) {
  Diagnostics diag;
  const bool quick_link = !f.pmd.empty() || !f.module.empty();
  const bool quick_dci = !f.mode.empty() || !f.dci_module.empty() || !f.spans.empty();
  if (!f.file.empty() && (quick_link || quick_dci) && !std::filesystem::exists(f.file)) {
    // `--length 1.3 km`: the shell splits the value, and its unit arrives as a FILE.
    diag.error(Location{"command line", 0, 0}, "",
               "\"" + f.file + "\" was read as a FILE, and there is no such file: a value with a unit takes no " +
                   "space (--length 1.3km) or is quoted (--length \"1.3 km\")");
    return report_problems(diag);
  }
  if (int(!f.file.empty()) + int(quick_link) + int(quick_dci) != 1) {
    diag.error(Location{"command line", 0, 0}, "",
               "give a FILE, or one intra-DC link (--pmd or --module, --length), or one DCI route (--mode, --spans)");
    return report_problems(diag);
  }
  Scenario sc = load(f.file, flags, diag);
  if (quick_link) add_flag_link(f, sc, diag);
  if (quick_dci) add_flag_route(f, sc, diag);
  if (int rc = report_problems(diag)) return rc;
  auto checked = run::check_links(sc);
  // Only a file can lack links: and dci: (flags give one of either); said of the file, unlocated.
  if (!checked) {
    std::cerr << "error: " << f.file << " " << checked.error() << "\n";
    return exit_code(checked.code());
  }
  if (const int rc = write_run(out, *checked); rc != kExitOk) return rc;
  return link::failing(checked->checks) > 0 ? kExitLinkFails : kExitOk;
}

}  // namespace

void add_link(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("link", "Check links: IEEE budgets inside the hall, GN-model OSNR/GSNR between sites");
  cmd->require_subcommand(1);
  auto* check_cmd =
      cmd->add_subcommand("check",
                          "Check the links and DCI routes of a file, or one link given by flags. Exit code 3 when "
                          "any checked link or route fails (2: bad input, 1: internal failure)");
  auto f = std::make_shared<Flags>();
  auto flags = std::make_shared<CatalogFlags>();
  auto out = std::make_shared<Output>();
  add_flags(check_cmd, *f);
  flags->add(check_cmd);
  out->add_flags(check_cmd, true);
  out->add_report_flags(check_cmd);
  check_cmd->callback([&chosen, f, flags, out] { chosen = [f, flags, out] { return check(*f, *flags, *out); }; });
}

}  // namespace opticplan::app

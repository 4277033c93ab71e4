// Link specifications and their checks: what `opticplan link check` reads and answers.
//
// An intra-data-centre LinkSpec names the optics at each end (a PMD or a catalog module, and
// optionally the switch or NIC port it plugs into) and the cabling channel. check_link() applies
// the budget (link/budget.h) with the stricter of the two ends' PMDs and checks that each module
// fits its port's cage and speed. A DciSpec is a coherent route (link/gn_model.h elements), a
// channel plan and either one mode or a set to choose from; check_dci() evaluates each mode at its
// optimum (or the given) launch power and picks the highest capacity that keeps the required
// margin, with the wavelengths and modules a target capacity needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/link/budget.h"
#include "opticplan/link/gn_model.h"

namespace opticplan::link {

// One end of a link: what sits there. Exactly one of pmd/module is set after reading.
struct End {
  catalog::PmdId pmd;
  catalog::TransceiverId module;  // invalid when only a PMD is named
  std::optional<catalog::SwitchId> switch_port;
  std::optional<catalog::NicId> nic_port;
};

struct LinkSpec {
  std::string id;
  End near, far;
  Channel channel;
  // The connectors of the installed cabling at each end, when given: each must match its PMD's.
  std::string connector, far_connector;
  Location where;
};

struct LinkResult {
  std::string id;
  bool pass = false;
  std::string limit;    // "none", "fiber", "grade", "reach", "loss", "connector", "cage", "port speed"
  std::string binding;  // when passing: the nearer limit (reach or loss)
  catalog::PmdId near_pmd, far_pmd;
  bool breakout = false;
  Budget budget;                     // of the stricter end
  std::vector<std::string> reasons;  // every failed check, in words
};

LinkResult check_link(const catalog::Catalog& cat, const LinkSpec& spec);

// The pmd ids an end names resolve to PMDs that must be the same or a listed breakout.
bool ends_compatible(const catalog::Catalog& cat, catalog::PmdId a, catalog::PmdId b, bool& breakout);

struct DciSpec {
  std::string id;
  std::vector<Element> route;
  std::vector<catalog::PmdId> modes;     // one, or the candidates for mode selection
  std::optional<int> channels;           // default: fill the C band (4.8 THz) at the mode's spacing
  std::optional<Frequency> spacing;      // default: the mode's channel spacing
  std::optional<PowerDbm> launch_power;  // default: the optimum for each mode
  Frequency center = ghz(193700);
  Decibel required_margin = db(0);
  std::optional<DataRate> target_capacity;
  // Overrides of every mode tried: its symbol rate (a vendor's 400ZR at 59.84 GBd, or a
  // what-if) and its transmitter OSNR in 0.1 nm; none: the catalog's.
  std::optional<SymbolRate> symbol_rate;
  std::optional<Decibel> tx_osnr;
  Location where;
};

struct ModeResult {
  catalog::PmdId mode;
  ChannelPlan plan;
  DciResult line;
  bool closes = false;  // margin kept and dispersion within the mode's tolerance
  bool cd_ok = true;
};

struct DciCheck {
  std::string id;
  std::vector<ModeResult> modes;  // in the order given (mode selection: capacity descending)
  int chosen = -1;                // index into modes of the highest-capacity mode that closes
  int wavelengths_needed = 0;     // for target_capacity with the chosen mode
  int modules_needed = 0;         // two per wavelength
  bool capacity_fits = false;     // wavelengths_needed <= channels of the plan
  int fiber_pairs_needed = 0;     // routes of this plan the target needs side by side
};

constexpr double kCBandGHz = 4800;  // usable C band for channel-count defaults

DciCheck check_dci(const catalog::Catalog& cat, const DciSpec& spec, const SweepOptions& sweep = {});

}  // namespace opticplan::link

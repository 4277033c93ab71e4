// Coherent line model: OSNR and GSNR of a DWDM channel plan over an amplified route.
//
// A Route is a chain of elements from the transmitter's launch point to the receiver: fibre spans
// (length, attenuation, dispersion, effective area, n2), amplifiers (gain in dB or "auto" = restore
// the launch power, noise figure) and lumped losses (connectors, patch panels, ROADMs). Every
// channel's signal, ASE and nonlinear-interference (NLI) powers propagate through the same gains
// and losses. Each amplifier adds ASE of PSD h·ν·NF·G (output-referred); each span adds NLI by the
// closed-form incoherent Gaussian-noise model (Poggiolini et al., JLT 2012/2014; as in GNPy):
//   P_NLI,i = Σ_j (16/27)(2 − δ_ij) γ_i² L_eff² P_i P_j² ψ_ij / R_s²,
//   ψ_ij = [asinh(π² L_a |β2| R_s (Δf_ij + R_s/2)) − asinh(π² L_a |β2| R_s (Δf_ij − R_s/2))] / (4π |β2| L_a),
// with L_eff = (1 − e^(−αL))/α, L_a = 1/α (α the power attenuation), γ_i = 2π n2 f_i / (c A_eff)
// (frequency dependent), β2 = −D λ²/(2π c). Transmitter noise enters as its own OSNR. Because ASE
// does not depend on the launch power and NLI grows as its cube, one evaluation at 1 mW gives the
// GSNR at every launch power, so the optimum-launch sweep costs O(points × channels).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "opticplan/core/units.h"

namespace opticplan::link {

struct FiberSpan {
  Length length;
  Attenuation attenuation = db_per_km(0.2);
  Dispersion dispersion = ps_per_nm_km(16.7);
  Area effective_area = um2(80);
  double n2 = 2.6e-20;  // m²/W
};

struct Amplifier {
  std::optional<Decibel> gain;  // nullopt: "auto", restore the launch power
  Decibel noise_figure = db(5.5);
};

struct LumpedLoss {
  Decibel loss;
  std::string what;  // "connector", "roadm", "patch panel", ...
};

using Element = std::variant<FiberSpan, Amplifier, LumpedLoss>;

struct ChannelPlan {
  int count = 1;
  Frequency spacing = ghz(75);
  SymbolRate symbol_rate = gbaud(60);
  PowerDbm launch_power = dbm(0);
  Frequency center = ghz(193700);  // 193.7 THz, mid C-band
};

struct CoherentMode {
  std::string id;
  DataRate capacity;
  SymbolRate symbol_rate;
  Decibel required_osnr;  // in 0.1 nm
  Decibel tx_osnr;        // in 0.1 nm; 0 = ideal transmitter
};

struct ChannelResult {
  Frequency frequency;
  double osnr_01nm_db = 0;       // ASE only, 0.1 nm (12.5 GHz)
  double osnr_signal_db = 0;     // ASE only, signal bandwidth (symbol rate)
  double snr_nli_signal_db = 0;  // NLI only, signal bandwidth
  double gsnr_01nm_db = 0;       // ASE + NLI (the line), 0.1 nm
  double gsnr_signal_db = 0;     // ASE + NLI, signal bandwidth
  double total_01nm_db = 0;      // line + transmitter noise, 0.1 nm: compared with the mode's required OSNR
  double margin_db = 0;          // total_01nm_db − required OSNR
};

struct SweepPoint {
  double launch_dbm = 0;
  double worst_gsnr_01nm_db = 0;
};

struct DciResult {
  std::vector<ChannelResult> channels;
  int worst_channel = 0;
  double worst_margin_db = 0;
  double rx_power_dbm = 0;  // per channel at the receiver
  double accumulated_cd_ps_nm = 0;
  Length fiber_length;
  int spans = 0, amplifiers = 0;
  double optimum_launch_dbm = 0;  // maximises the worst channel's GSNR (sweep)
  double gsnr_at_optimum_01nm_db = 0;
  std::vector<SweepPoint> sweep;
};

struct SweepOptions {
  double from_dbm = -10, to_dbm = 10, step_db = 0.1;
  bool keep_points = true;
};

constexpr double kPlanck = 6.62607015e-34;   // J·s
constexpr double kLightSpeed = 299792458.0;  // m/s
constexpr double kOsnrReferenceHz = 12.5e9;  // 0.1 nm at 1550 nm

DciResult evaluate(const std::vector<Element>& route, const ChannelPlan& plan, const CoherentMode& mode,
                   const SweepOptions& sweep = {});

}  // namespace opticplan::link

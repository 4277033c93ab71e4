// Coherent line model: per-channel signal, ASE and nonlinear interference (NLI) of a DWDM channel
// plan over an amplified route, and its OSNR, GSNR and margin.
//
// A Route is a chain of elements from the transmitter's launch point to the receiver: fibre spans,
// amplifiers, ROADMs and lumped losses. Every channel carries three powers: signal S, line ASE A and
// NLI N; gains and losses act on all three. The transmitter's noise and the ROADMs' add/drop noise
// join at the receiver, as OSNRs in 0.1 nm (so, as in GNPy, they neither drive NLI nor count in a
// ROADM's equalisation).
// The equations are GNPy's (its Fiber, Edfa and Roadm elements, gnpy/core/elements.py), so that its
// example networks are reproduced channel by channel (tests/link/gnpy/):
//  - Fibre: power attenuation α = a·ln10/10 (a in dB/m); connector losses at the input and output.
//    β2 = −λ_ref² D(λ)/(2π c) with D taken at the span's reference frequency (1550 nm unless given):
//    without a dispersion slope D scales as f², so β2 is the same for every channel; with a slope S,
//    D(λ) = D + S·(λ − λ_ref) per channel. The effective area follows the step-index scaling
//    A_eff(f) = π a² / (ln(f/f_ref) + π a²/A_eff,ref) (core radius a = 4.2 µm, GNPy's), so
//    γ(f) = 2π n2 f / (c A_eff(f)) rises less than f: about 0.07 dB of NLI per THz of tilt.
//  - NLI per span, at its input, by the closed-form incoherent GN model (Poggiolini et al.,
//    JLT 2012, eq. 120 of arXiv:1209.0394), driven by each channel's total power P = S + A + N:
//      N_i += Σ_j (16/27)(2 − δ_ij) γ_i² L_eff² P_i P_j² ψ_ij / R_s²,
//      ψ_ij = [asinh(π² L_a |β̄2| R_s (Δf_ij + R_s/2)) − asinh(π² L_a |β̄2| R_s (Δf_ij − R_s/2))]
//             / (4π |β̄2| L_a),   β̄2 = (β2_i + β2_j)/2, L_eff = (1 − e^(−αL))/α, L_a = 1/α.
//  - Amplifier: ASE h·ν·NF·R_s at its input, then the gain on everything. The noise figure is a
//    number, or follows the gain: a variable-gain EDFA by GNPy's two-coil model (nf1, nf2 and ΔP
//    from nf_min at gain_flatmax and nf_max at gain_min), a fixed-gain one as nf0; below gain_min
//    the amplifier pads its input, and the padding adds to the NF. Gain: a value, auto (restore the
//    power lost since the last gain) or power mode (a target output power per channel); p_max caps
//    the total output power; an optional tilt and ripple shape the gain across the band.
//  - ROADM: a loss, then per-channel equalisation of the total power to a target (attenuation
//    only); where channels are added or dropped, its add/drop OSNR in 0.1 nm (GNPy's add_drop_osnr
//    is add and drop together: each path is 3 dB better).
// Because NLI follows the total power, which holds ASE that does not scale with the launch power,
// every launch power is propagated in full (the ψ terms, which do not depend on power, once).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "opticplan/core/units.h"

namespace opticplan::link {

constexpr double kPlanck = 6.62607015e-34;                              // J·s
constexpr double kLightSpeed = 299792458.0;                             // m/s
constexpr double kOsnrReferenceHz = 12.5e9;                             // 0.1 nm at 1550 nm
constexpr double kReferenceFrequencyGHz = kLightSpeed / 1550e-9 / 1e9;  // 1550 nm, ≈ 193.414 THz

struct FiberSpan {
  Length length;
  Attenuation attenuation = db_per_km(0.2);
  Dispersion dispersion = ps_per_nm_km(16.7);  // at `reference`
  Area effective_area = um2(80);               // at `reference`
  double n2 = 2.6e-20;                         // m²/W
  std::optional<double> dispersion_slope;      // ps/(nm² km); none: β2 the same at every frequency
  Frequency reference = ghz(kReferenceFrequencyGHz);
  bool scale_effective_area = true;  // false: one A_eff for every channel (γ ∝ f only)
  Decibel connector_in = db(0), connector_out = db(0);
};

// How an amplifier's noise figure follows its gain (GNPy's type_def).
struct AmplifierModel {
  enum class Kind { kVariableGain, kFixedGain };
  Kind kind = Kind::kVariableGain;
  double nf_min_db = 0, nf_max_db = 0;  // variable gain: NF at gain_flatmax and at gain_min
  double nf0_db = 0;                    // fixed gain
  double gain_min_db = 0, gain_flatmax_db = 0;
  std::optional<double> p_max_dbm;  // total output power limit
  // Derived for a variable-gain model by two_coil(): first and second coil NF, and ΔP.
  double nf1_db = 0, nf2_db = 0, delta_p_db = 0;
};

// GNPy's estimate of a variable-gain amplifier's two coils (science_utils.estimate_nf_model); an
// error message when nf_min/nf_max admit no plausible pair.
std::optional<std::string> two_coil(AmplifierModel& m);
// The model's noise figure at a gain, padding included (GNPy's Edfa._nf).
double model_noise_figure(const AmplifierModel& m, double gain_db);

struct Amplifier {
  std::optional<Decibel> gain;     // nullopt and no power: "auto", restore the power lost since the last gain
  Decibel noise_figure = db(5.5);  // when no model
  std::optional<PowerDbm> power;   // power mode: the gain that brings the input's mean total power per
                                   // channel to this (its own ASE comes on top, as in GNPy)
  std::optional<AmplifierModel> model;
  Decibel tilt = db(0);           // gain at the highest channel minus the lowest, linear in frequency
  std::vector<double> ripple_db;  // gain ripple, equally spaced over the channel plan, interpolated
  Decibel out_voa = db(0);        // attenuation after the gain
};

struct LumpedLoss {
  Decibel loss;
  std::string what;  // "connector", "patch panel", ...
};

struct Roadm {
  Decibel loss = db(0);                  // express loss, before equalisation
  std::optional<PowerDbm> target;        // per-channel total output power (equalisation; never a gain)
  std::optional<Decibel> add_drop_osnr;  // add or drop noise of this passage, an OSNR in 0.1 nm
  std::string what;
};

using Element = std::variant<FiberSpan, Amplifier, LumpedLoss, Roadm>;

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
  double signal_dbm = 0;         // at the receiver
  double ase_dbm = -300;         // line ASE in the signal bandwidth
  double nli_dbm = -300;         // NLI in the signal bandwidth
  double osnr_01nm_db = 0;       // line ASE only, 0.1 nm (12.5 GHz)
  double osnr_signal_db = 0;     // line ASE only, signal bandwidth (symbol rate)
  double osnr_tx_01nm_db = 0;    // line ASE, the transmitter's and the ROADMs' add/drop noise, 0.1 nm
  double snr_nli_signal_db = 0;  // NLI only, signal bandwidth
  double gsnr_01nm_db = 0;       // ASE + NLI (the line), 0.1 nm
  double gsnr_signal_db = 0;     // ASE + NLI, signal bandwidth
  double total_01nm_db = 0;      // line + transmitter + add/drop noise, 0.1 nm: compared with the required OSNR
  double total_signal_db = 0;    // the same in the signal bandwidth (GNPy's "GSNR (signal bw)")
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
  double rx_power_dbm = 0;  // per channel at the receiver (the worst channel's signal)
  double accumulated_cd_ps_nm = 0;
  // Over the channels, the total GSNR (line and transmitter) in 0.1 nm: mean of the dB values,
  // worst, and spread (best − worst).
  double total_mean_01nm_db = 0, total_worst_01nm_db = 0, total_spread_db = 0;
  Length fiber_length;
  int spans = 0, amplifiers = 0, roadms = 0;
  double optimum_launch_dbm = 0;  // maximises the worst channel's line GSNR (sweep)
  double gsnr_at_optimum_01nm_db = 0;
  std::vector<SweepPoint> sweep;
};

struct SweepOptions {
  double from_dbm = -10, to_dbm = 10, step_db = 0.1;
  bool keep_points = true;
  bool enabled = true;  // false: only the plan's launch power is propagated
};

DciResult evaluate(const std::vector<Element>& route, const ChannelPlan& plan, const CoherentMode& mode,
                   const SweepOptions& sweep = {});

}  // namespace opticplan::link

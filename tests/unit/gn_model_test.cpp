#include "opticplan/link/gn_model.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace opticplan;
using namespace opticplan::link;

namespace {
FiberSpan fiber(Length length, Attenuation attenuation, Dispersion dispersion, Area area, double n2) {
  FiberSpan s;
  s.length = length;
  s.attenuation = attenuation;
  s.dispersion = dispersion;
  s.effective_area = area;
  s.n2 = n2;
  return s;
}
Amplifier restore(Decibel nf) {
  Amplifier a;
  a.noise_figure = nf;
  return a;
}
CoherentMode zr() { return CoherentMode{"400ZR", gbps(400), gbaud(59.84), db(26), db(0)}; }
}  // namespace

// The textbook ASE rule, independent of our propagation code: OSNR(0.1 nm) = P_ch − 10log10(hν·12.5 GHz)
// − span loss − NF − 10log10(N_spans), i.e. "58 + P − L − NF − 10 log N" at 1550 nm.
TEST(GnModel, AseOnlyMatchesTheOsnrRule) {
  FiberSpan span = fiber(km(80), db_per_km(0.25), ps_per_nm_km(16.7), um2(80), 0.0);  // n2 = 0: no NLI
  ChannelPlan plan;
  plan.count = 1;
  plan.symbol_rate = gbaud(59.84);
  plan.launch_power = dbm(1);
  for (int spans : {1, 2, 5}) {
    std::vector<Element> route;
    for (int s = 0; s < spans; ++s) {
      route.push_back(span);
      route.push_back(restore(db(5)));
    }
    const DciResult r = evaluate(route, plan, zr());
    const double nu = 193.7e12;
    const double hv_dbm = 10 * std::log10(6.62607015e-34 * nu * 12.5e9 / 1e-3);
    const double expected = 1.0 - hv_dbm - 20.0 - 5.0 - 10 * std::log10(spans);
    EXPECT_NEAR(r.channels[0].osnr_01nm_db, expected, 1e-9) << spans;
    EXPECT_NEAR(r.channels[0].gsnr_01nm_db, expected, 1e-9);
    // Same noise in the signal bandwidth: 10 log10(59.84 / 12.5) dB lower.
    EXPECT_NEAR(r.channels[0].osnr_signal_db, expected - 10 * std::log10(59.84 / 12.5), 1e-9);
    EXPECT_NEAR(r.accumulated_cd_ps_nm, 16.7 * 80 * spans, 1e-9);
    EXPECT_NEAR(r.rx_power_dbm, 1.0, 1e-9);
  }
}

// One channel, one span: the self-channel closed form written out directly.
TEST(GnModel, SingleChannelNliClosedForm) {
  FiberSpan span = fiber(km(100), db_per_km(0.2), ps_per_nm_km(17), um2(80), 2.6e-20);
  span.reference = ghz(193700);  // the channel's own frequency: β2 and A_eff as given
  ChannelPlan plan;
  plan.count = 1;
  plan.symbol_rate = gbaud(64);
  plan.launch_power = dbm(3);
  const DciResult r = evaluate({span, restore(db(5))}, plan, zr());
  const double c = 299792458.0, f = 193.7e12, lambda = c / f;
  const double alpha = 0.2 / (10 / std::log(10.0)) / 1000;  // 1/m
  const double leff = (1 - std::exp(-alpha * 100e3)) / alpha, la = 1 / alpha;
  const double beta2 = 17e-6 * lambda * lambda / (2 * M_PI * c);
  const double gamma = 2 * M_PI * 2.6e-20 * f / (c * 80e-12);
  const double rs = 64e9, p = std::pow(10.0, 0.3) * 1e-3;
  const double pnli = (16.0 / 27.0) * gamma * gamma * leff * leff * p * p * p *
                      std::asinh(M_PI * M_PI / 2 * la * beta2 * rs * rs) / (2 * M_PI * beta2 * la) / (rs * rs);
  EXPECT_NEAR(r.channels[0].snr_nli_signal_db, 10 * std::log10(p / pnli), 1e-9);
}

// At the optimum launch power of the GN model, NLI power is half the ASE power (d/dP of
// P/(A + N·P³) = 0 gives A = 2·N·P³): SNR_NLI sits 3.01 dB above OSNR.
TEST(GnModel, OptimumLaunchIsWhereAseIsTwiceNli) {
  FiberSpan span = fiber(km(80), db_per_km(0.22), ps_per_nm_km(16.7), um2(80), 2.6e-20);
  ChannelPlan plan;
  plan.count = 64;
  plan.spacing = ghz(75);
  plan.symbol_rate = gbaud(59.84);
  std::vector<Element> route;
  for (int s = 0; s < 4; ++s) {
    route.push_back(span);
    route.push_back(restore(db(5.5)));
  }
  SweepOptions sweep{-6, 8, 0.01, false};
  const DciResult r = evaluate(route, plan, zr(), sweep);
  plan.launch_power = dbm(r.optimum_launch_dbm);
  const DciResult at = evaluate(route, plan, zr(), sweep);
  const auto& w = at.channels[static_cast<size_t>(at.worst_channel)];
  EXPECT_NEAR(w.snr_nli_signal_db - w.osnr_signal_db, 10 * std::log10(2.0), 0.05);
  EXPECT_NEAR(w.gsnr_01nm_db, r.gsnr_at_optimum_01nm_db, 1e-6);
  // Centre channels see the most cross-channel NLI; with γ growing with frequency the worst one sits
  // just above the centre, and the band edges fare best.
  EXPECT_GE(at.worst_channel, 32);
  EXPECT_LT(at.worst_channel, 48);
  EXPECT_GT(at.channels[0].snr_nli_signal_db, at.channels[32].snr_nli_signal_db);
  EXPECT_GT(at.channels[63].snr_nli_signal_db, at.channels[32].snr_nli_signal_db);
}

TEST(GnModel, TransmitterNoiseAndMargin) {
  FiberSpan span = fiber(km(80), db_per_km(0.25), ps_per_nm_km(16.7), um2(80), 0.0);
  ChannelPlan plan;
  CoherentMode mode = zr();
  mode.tx_osnr = db(34);
  const DciResult r = evaluate({span, restore(db(5))}, plan, mode);
  const auto& c = r.channels[0];
  const double line = std::pow(10.0, c.gsnr_01nm_db / 10), tx = std::pow(10.0, 3.4);
  EXPECT_NEAR(c.total_01nm_db, 10 * std::log10(1 / (1 / line + 1 / tx)), 1e-9);
  EXPECT_NEAR(c.margin_db, c.total_01nm_db - 26, 1e-12);
}

// GNPy's amplifier noise models at the gains its example networks run them at (the noise figures
// its design printed, gnpy-transmission-example on edfa_example_network.json and
// tests/data/test_long_network.json).
TEST(GnModel, AmplifierNoiseModelsMatchGnpy) {
  const auto variable = [](double nf_min, double nf_max, double gain_min, double gain_flatmax) {
    AmplifierModel m;
    m.nf_min_db = nf_min;
    m.nf_max_db = nf_max;
    m.gain_min_db = gain_min;
    m.gain_flatmax_db = gain_flatmax;
    EXPECT_FALSE(two_coil(m).has_value());
    return m;
  };
  EXPECT_NEAR(model_noise_figure(variable(6.5, 11, 8, 16), 15), 6.6174115320296405, 1e-9);  // std_low_gain
  EXPECT_NEAR(model_noise_figure(variable(6, 10, 15, 26), 20), 6.579, 5e-4);                // std_medium_gain
  EXPECT_NEAR(model_noise_figure(variable(5.8, 10, 15, 25), 16), 8.859, 5e-4);              // test
  AmplifierModel fixed;
  fixed.kind = AmplifierModel::Kind::kFixedGain;
  fixed.nf0_db = 5;
  fixed.gain_min_db = 20;
  fixed.gain_flatmax_db = 21;
  EXPECT_NEAR(model_noise_figure(fixed, 16), 9.0, 1e-12);  // padded by 4 dB below its minimum gain
  EXPECT_NEAR(model_noise_figure(fixed, 20.5), 5.0, 1e-12);
  AmplifierModel odd;
  odd.nf_min_db = 6;
  odd.nf_max_db = 5;
  odd.gain_min_db = 15;
  odd.gain_flatmax_db = 26;
  EXPECT_TRUE(two_coil(odd).has_value());  // nf_max below nf_min: no two-coil model
}

namespace {
ChannelPlan plan_of(int count, double launch_dbm) {
  ChannelPlan plan;
  plan.count = count;
  plan.spacing = ghz(50);
  plan.symbol_rate = gbaud(32);
  plan.launch_power = dbm(launch_dbm);
  return plan;
}
SweepOptions no_sweep() {
  SweepOptions s;
  s.enabled = false;
  return s;
}
}  // namespace

// NLI follows each channel's total power: the second span's NLI, written out by hand with the ASE
// of the first amplifier in the power that drives it.
TEST(GnModel, NliIsDrivenByTotalPowerIncludingAse) {
  FiberSpan span = fiber(km(100), db_per_km(0.2), ps_per_nm_km(17), um2(80), 2.6e-20);
  span.reference = ghz(193700);
  ChannelPlan plan = plan_of(1, 0);
  plan.center = ghz(193700);
  const Decibel nf = db(12);  // a noisy amplifier, so that its ASE shows in the second span's NLI
  const DciResult r = evaluate({span, restore(nf), span, restore(nf)}, plan, zr(), no_sweep());
  const double c = 299792458.0, f = 193.7e12, lambda = c / f, rs = 32e9;
  const double alpha = 0.2 / (10 / std::log(10.0)) / 1000;
  const double leff = (1 - std::exp(-alpha * 100e3)) / alpha, la = 1 / alpha;
  const double beta2 = 17e-6 * lambda * lambda / (2 * M_PI * c);
  const double gamma = 2 * M_PI * 2.6e-20 * f / (c * 80e-12);
  const double eta = (16.0 / 27.0) * gamma * gamma * leff * leff * std::asinh(M_PI * M_PI / 2 * la * beta2 * rs * rs) /
                     (2 * M_PI * beta2 * la) / (rs * rs);
  const double p = 1e-3, ase = 6.62607015e-34 * f * std::pow(10.0, 1.2) * rs * std::pow(10.0, 2.0);
  const double n1 = eta * p * p * p;  // first span, at its input; the amplifier restores it
  const double total = p + ase + n1;  // what enters the second span
  const double n2 = eta * total * total * total;
  EXPECT_NEAR(r.channels[0].nli_dbm, 10 * std::log10((n1 + n2) / 1e-3), 1e-9);
  EXPECT_NEAR(r.channels[0].ase_dbm, 10 * std::log10(2 * ase / 1e-3), 1e-9);
}

// The effective area grows towards lower frequencies (GNPy's step-index scaling), so NLI tilts
// less than γ ∝ f alone; at the reference frequency the given area holds exactly.
TEST(GnModel, EffectiveAreaScalesWithFrequency) {
  FiberSpan scaled = fiber(km(80), db_per_km(0.2), ps_per_nm_km(16.7), um2(83), 2.6e-20);
  FiberSpan flat = scaled;
  flat.scale_effective_area = false;
  ChannelPlan plan = plan_of(1, 0);
  plan.center = ghz(kReferenceFrequencyGHz);
  const auto nli = [&](const FiberSpan& s, Frequency at) {
    ChannelPlan p = plan;
    p.center = at;
    return evaluate({s}, p, zr(), no_sweep()).channels[0].nli_dbm;
  };
  EXPECT_NEAR(nli(scaled, plan.center), nli(flat, plan.center), 1e-9);
  const double up = nli(scaled, ghz(196100)) - nli(flat, ghz(196100));
  const double down = nli(scaled, ghz(191300)) - nli(flat, ghz(191300));
  // A_eff(f) = π a² / (ln(f/f_ref) + π a²/A_ref): NLI ∝ 1/A_eff² differs by 2·10·log10(A_flat/A_f).
  const double core = M_PI * 4.2e-6 * 4.2e-6;
  const auto expected = [&](double f_ghz) {
    const double a = core / (std::log(f_ghz / kReferenceFrequencyGHz) + core / 83e-12);
    return 20 * std::log10(83e-12 / a);
  };
  EXPECT_NEAR(up, expected(196100), 1e-9);
  EXPECT_NEAR(down, expected(191300), 1e-9);
  EXPECT_GT(up, 0);  // smaller area at higher frequency: more NLI
  EXPECT_LT(down, 0);
}

// A dispersion slope makes β2 differ per channel; without one, D scales as f² and β2 is the same.
TEST(GnModel, DispersionSlopeChangesNliAcrossTheBand) {
  FiberSpan plain = fiber(km(80), db_per_km(0.2), ps_per_nm_km(16.7), um2(80), 2.6e-20);
  FiberSpan sloped = plain;
  sloped.dispersion_slope = 0.067;  // ps/(nm² km), standard single-mode fibre
  const ChannelPlan plan = plan_of(48, 0);
  const DciResult a = evaluate({plain}, plan, zr(), no_sweep()), b = evaluate({sloped}, plan, zr(), no_sweep());
  // Longer wavelengths (lower frequencies) see more dispersion with a positive slope: less NLI.
  EXPECT_LT(b.channels[0].nli_dbm, a.channels[0].nli_dbm);
  EXPECT_GT(b.channels[47].nli_dbm, a.channels[47].nli_dbm);
}

// A ROADM attenuates every channel whose total power is above its target to the target, leaves the
// others, and its add/drop OSNR joins the total like the transmitter's.
TEST(GnModel, RoadmEqualisesAndAddsItsNoise) {
  Amplifier tilted;
  tilted.gain = db(10);
  tilted.noise_figure = db(5);
  tilted.tilt = db(4);  // the highest channel 4 dB above the lowest
  Roadm roadm;
  roadm.target = dbm(7);
  roadm.add_drop_osnr = db(30);
  const ChannelPlan plan = plan_of(9, -3);
  const DciResult r = evaluate({tilted, roadm}, plan, zr(), no_sweep());
  const DciResult before = evaluate({tilted}, plan, zr(), no_sweep());
  for (size_t i = 0; i < 9; ++i) {
    const auto& c = r.channels[i];
    const double total_in = 10 * std::log10(std::pow(10.0, before.channels[i].signal_dbm / 10) +
                                            std::pow(10.0, before.channels[i].ase_dbm / 10));
    if (total_in > 7) {
      const double total_out = 10 * std::log10(std::pow(10.0, c.signal_dbm / 10) + std::pow(10.0, c.ase_dbm / 10));
      EXPECT_NEAR(total_out, 7, 1e-9) << i;
    } else {
      EXPECT_NEAR(c.signal_dbm, before.channels[i].signal_dbm, 1e-9) << i;
    }
    EXPECT_NEAR(c.osnr_01nm_db, before.channels[i].osnr_01nm_db, 1e-9);  // equalisation keeps S/A
    const double expected = -10 * std::log10(std::pow(10.0, -c.osnr_01nm_db / 10) + 1e-3);
    EXPECT_NEAR(c.osnr_tx_01nm_db, expected, 1e-9);
  }
  // The tilt leaves the low channels below the target and the high ones above: both cases occur.
  EXPECT_LT(before.channels[0].signal_dbm, 7);
  EXPECT_GT(before.channels[8].signal_dbm, 7);
  EXPECT_EQ(r.roadms, 1);
}

// Power mode sets the mean total output power per channel; p_max caps the total output.
TEST(GnModel, PowerModeAndSaturation) {
  Amplifier power;
  power.power = dbm(2);
  power.noise_figure = db(5);
  const ChannelPlan plan = plan_of(10, -15);
  // The gain brings the input's mean total power per channel to the target; the amplifier's own ASE
  // comes on top (GNPy's "actual pch out" a little above its target).
  const DciResult r = evaluate({power}, plan, zr(), no_sweep());
  EXPECT_NEAR(r.channels[0].signal_dbm, 2, 1e-9);
  const double total = std::pow(10.0, r.channels[0].signal_dbm / 10) + std::pow(10.0, r.channels[0].ase_dbm / 10);
  EXPECT_GT(10 * std::log10(total), 2);

  AmplifierModel capped;
  capped.kind = AmplifierModel::Kind::kFixedGain;
  capped.nf0_db = 5;
  capped.gain_min_db = 10;
  capped.gain_flatmax_db = 30;
  capped.p_max_dbm = 15;  // ten channels at -15 dBm (-5 dBm in all) may gain at most 20 dB
  Amplifier amp;
  amp.gain = db(25);
  amp.model = capped;
  const DciResult s = evaluate({amp}, plan, zr(), no_sweep());
  EXPECT_NEAR(s.channels[0].signal_dbm, -15 + 20, 1e-6);
}

// Behind a ROADM that equalises, the launch power does not matter; "auto" after a power-mode
// amplifier restores that amplifier's target.
TEST(GnModel, AutoGainAfterPowerModeRestoresItsTarget) {
  Roadm roadm;
  roadm.target = dbm(-20);
  Amplifier booster;
  booster.power = dbm(1);
  booster.noise_figure = db(6);
  const FiberSpan span = fiber(km(80), db_per_km(0.2), ps_per_nm_km(16.7), um2(80), 2.6e-20);
  const std::vector<Element> route{roadm, booster, span, restore(db(5))};
  const DciResult a = evaluate(route, plan_of(8, 0), zr(), no_sweep());
  const DciResult b = evaluate(route, plan_of(8, 5), zr(), no_sweep());
  EXPECT_NEAR(a.channels[3].signal_dbm, 1, 1e-9);
  EXPECT_NEAR(b.channels[3].signal_dbm, 1, 1e-9);
  EXPECT_NEAR(a.channels[3].total_01nm_db, b.channels[3].total_01nm_db, 1e-9);
}

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

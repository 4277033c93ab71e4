#include "opticplan/link/gn_model.h"

#include <algorithm>
#include <cmath>

namespace opticplan::link {
namespace {

double lin(double db_value) { return std::pow(10.0, db_value / 10.0); }
double to_db(double x) { return 10.0 * std::log10(x); }

// Powers of every channel at one point of the route, per 1 mW of launch power: signal (W), and
// ASE and NLI as PSDs (W/Hz). ASE is independent of launch power; NLI scales with its cube.
struct State {
  std::vector<double> signal, ase_psd, nli_psd;
  void scale(double k) {
    for (size_t i = 0; i < signal.size(); ++i) {
      signal[i] *= k;
      ase_psd[i] *= k;
      nli_psd[i] *= k;
    }
  }
};

// Adds one span's NLI (at 1 mW per channel launch into the whole route) to the state.
void add_span_nli(State& s, const FiberSpan& span, const ChannelPlan& plan, const std::vector<double>& freq_hz,
                  std::vector<double>& psi) {
  if (span.n2 == 0 || span.length.value() <= 0) return;
  const double alpha = span.attenuation.value() * std::log(10.0) / 10.0 / 1000.0;  // power, 1/m
  const double l = span.length.value();
  const double l_eff = alpha > 0 ? (1.0 - std::exp(-alpha * l)) / alpha : l;
  const double l_a = alpha > 0 ? 1.0 / alpha : l;
  const double lambda = kLightSpeed / (plan.center.value() * 1e9);
  const double d = span.dispersion.value() * 1e-6;  // ps/(nm km) -> s/m²
  const double beta2 = std::fabs(-d * lambda * lambda / (2.0 * M_PI * kLightSpeed));
  const double rs = plan.symbol_rate.value() * 1e9;
  const double spacing = plan.spacing.value() * 1e9;
  const double a = M_PI * M_PI * l_a * beta2 * rs;
  // ψ depends on |i − j| only on a uniform grid with one symbol rate: one table of n entries.
  psi.resize(freq_hz.size());
  for (size_t k = 0; k < psi.size(); ++k) {
    const double df = spacing * static_cast<double>(k);
    const double weight = k == 0 ? 1.0 : 2.0;  // 2 − δ_ij
    const double p =
        beta2 > 0 ? (std::asinh(a * (df + rs / 2)) - std::asinh(a * (df - rs / 2))) / (4.0 * M_PI * beta2 * l_a) : 0.0;
    psi[k] = weight * p;
  }
  const double common = (16.0 / 27.0) * l_eff * l_eff / (rs * rs);
  const size_t count = freq_hz.size();
  for (size_t i = 0; i < count; ++i) {
    const double gamma = 2.0 * M_PI * span.n2 * freq_hz[i] / (kLightSpeed * span.effective_area.value() * 1e-12);
    double sum = 0;
    for (size_t j = 0; j < count; ++j) {
      const size_t k = i > j ? i - j : j - i;
      sum += psi[k] * s.signal[j] * s.signal[j];
    }
    const double p_nli = gamma * gamma * common * s.signal[i] * sum;  // W in the symbol-rate band
    s.nli_psd[i] += p_nli / rs;
  }
}

}  // namespace

DciResult evaluate(const std::vector<Element>& route, const ChannelPlan& plan, const CoherentMode& mode,
                   const SweepOptions& sweep) {
  DciResult r;
  const size_t n = static_cast<size_t>(std::max(plan.count, 1));
  std::vector<double> freq(n);
  for (size_t i = 0; i < n; ++i)
    freq[i] =
        (plan.center.value() + plan.spacing.value() * (static_cast<double>(i) - (static_cast<double>(n) - 1) / 2)) *
        1e9;

  const double unit = 1e-3;  // evaluate at 1 mW per channel
  State s{std::vector<double>(n, unit), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  std::vector<double> psi;
  double since_gain_db = 0;  // loss accumulated since the launch point or the last amplifier
  for (const auto& element : route) {
    if (const auto* span = std::get_if<FiberSpan>(&element)) {
      add_span_nli(s, *span, plan, freq, psi);
      const double loss_db = span->attenuation.value() * span->length.value() / 1000.0;
      s.scale(1.0 / lin(loss_db));
      since_gain_db += loss_db;
      r.accumulated_cd_ps_nm += span->dispersion.value() * span->length.value() / 1000.0;
      r.fiber_length += span->length;
      ++r.spans;
    } else if (const auto* loss = std::get_if<LumpedLoss>(&element)) {
      s.scale(1.0 / lin(loss->loss.value()));
      since_gain_db += loss->loss.value();
    } else if (const auto* amp = std::get_if<Amplifier>(&element)) {
      // Auto gain restores the power the channels had at launch (the usual gain-controlled EDFA).
      const double gain_db = amp->gain ? amp->gain->value() : since_gain_db;
      const double g = lin(gain_db);
      s.scale(g);
      const double nf = lin(amp->noise_figure.value());
      for (size_t i = 0; i < n; ++i) s.ase_psd[i] += kPlanck * freq[i] * nf * g;
      since_gain_db -= gain_db;
      ++r.amplifiers;
    }
  }

  const double rs = plan.symbol_rate.value() * 1e9;
  const double tx_osnr = mode.tx_osnr.value() > 0 ? lin(mode.tx_osnr.value()) : 0;  // in 12.5 GHz
  const double launch_mw = std::pow(10.0, plan.launch_power.value() / 10.0);
  // Line SNR (linear) in bandwidth b at launch scale k (launch power / 1 mW): signal k·S against
  // ASE A (independent of launch) plus NLI k³·N.
  const auto line_snr = [&](size_t i, double k, double b) {
    const double sig = s.signal[i] * k;
    const double noise = (s.ase_psd[i] + s.nli_psd[i] * k * k * k) * b;
    return noise > 0 ? sig / noise : 1e30;
  };

  r.channels.resize(n);
  r.worst_margin_db = 1e30;
  for (size_t i = 0; i < n; ++i) {
    ChannelResult& c = r.channels[i];
    c.frequency = Frequency(freq[i] / 1e9);
    const double k = launch_mw;
    const double ase_01 = s.ase_psd[i] * kOsnrReferenceHz, ase_rs = s.ase_psd[i] * rs;
    const double nli_rs = s.nli_psd[i] * k * k * k * rs;
    const double sig = s.signal[i] * k;
    c.osnr_01nm_db = ase_01 > 0 ? to_db(sig / ase_01) : 300;
    c.osnr_signal_db = ase_rs > 0 ? to_db(sig / ase_rs) : 300;
    c.snr_nli_signal_db = nli_rs > 0 ? to_db(sig / nli_rs) : 300;
    const double g01 = line_snr(i, k, kOsnrReferenceHz);
    c.gsnr_01nm_db = to_db(g01);
    c.gsnr_signal_db = to_db(line_snr(i, k, rs));
    const double total = tx_osnr > 0 ? 1.0 / (1.0 / g01 + 1.0 / tx_osnr) : g01;
    c.total_01nm_db = to_db(total);
    c.margin_db = c.total_01nm_db - mode.required_osnr.value();
    if (c.margin_db < r.worst_margin_db) {
      r.worst_margin_db = c.margin_db;
      r.worst_channel = static_cast<int>(i);
    }
  }
  r.rx_power_dbm = to_db(s.signal[static_cast<size_t>(r.worst_channel)] * launch_mw / 1e-3);

  // Launch-power sweep: the worst channel's line GSNR (0.1 nm) at each power.
  r.gsnr_at_optimum_01nm_db = -1e30;
  const int points = static_cast<int>(std::floor((sweep.to_dbm - sweep.from_dbm) / sweep.step_db + 0.5)) + 1;
  for (int p = 0; p < points; ++p) {
    const double dbm_value = sweep.from_dbm + p * sweep.step_db;
    const double k = std::pow(10.0, dbm_value / 10.0);
    double worst = 1e30;
    for (size_t i = 0; i < n; ++i) worst = std::min(worst, line_snr(i, k, kOsnrReferenceHz));
    const double worst_db = to_db(worst);
    if (sweep.keep_points) r.sweep.push_back({dbm_value, worst_db});
    if (worst_db > r.gsnr_at_optimum_01nm_db + 1e-12) {
      r.gsnr_at_optimum_01nm_db = worst_db;
      r.optimum_launch_dbm = dbm_value;
    }
  }
  return r;
}

}  // namespace opticplan::link

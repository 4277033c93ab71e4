#include "opticplan/link/gn_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace opticplan::link {
namespace {

double lin(double db_value) { return std::pow(10.0, db_value / 10.0); }
double to_db(double x) { return 10.0 * std::log10(x); }
double db_or_floor(double watts_ratio) { return watts_ratio > 0 ? to_db(watts_ratio) : -300.0; }

constexpr double kCoreRadius = 4.2e-6;  // m, GNPy's step-index fibre

// Powers of every channel at one point of the route, in W: signal, line ASE and NLI (the noises in
// the signal bandwidth). The transmitter's noise is not carried: as in GNPy it joins at the receiver,
// as its OSNR, so it neither drives NLI nor counts in a ROADM's equalisation.
struct State {
  std::vector<double> signal, ase, nli;
  explicit State(size_t n) : signal(n, 0.0), ase(n, 0.0), nli(n, 0.0) {}
  double total(size_t i) const { return signal[i] + ase[i] + nli[i]; }
  void scale(size_t i, double k) {
    signal[i] *= k;
    ase[i] *= k;
    nli[i] *= k;
  }
  void scale_all(double k) {
    for (size_t i = 0; i < signal.size(); ++i) scale(i, k);
  }
  double total_power() const {
    double p = 0;
    for (size_t i = 0; i < signal.size(); ++i) p += total(i);
    return p;
  }
};

// One fibre span's NLI coefficients, which do not depend on power: N_i = P_i Σ_j eta(i, j) P_j².
// With one β2 for every channel ψ depends on |i − j| only (a table of n entries); with a dispersion
// slope it is a full n × n matrix.
// ψ depends on the fibre's attenuation and dispersion but not on its length, so spans of one fibre
// type share it (a route holds few types; the n × n matrix of a sloped fibre is the large part).
struct Psi {
  std::vector<double> table;   // by |i − j|, weight (2 − δ_ij) included
  std::vector<double> matrix;  // n × n when β2 varies
};
struct SpanNli {
  std::vector<double> gamma2_leff2;  // per channel i: (16/27) γ_i² L_eff² / R_s²
  const Psi* psi = nullptr;          // nullptr: no NLI (n2 = 0 or no length)
};

double beta2_at(const FiberSpan& s, double f_hz) {
  const double d = s.dispersion.value() * 1e-6;  // ps/(nm km) -> s/m²
  const double f_ref = s.reference.value() * 1e9;
  const double lambda_ref = kLightSpeed / f_ref;
  if (!s.dispersion_slope) return -d * lambda_ref * lambda_ref / (2.0 * M_PI * kLightSpeed);
  const double lambda = kLightSpeed / f_hz;
  const double d_f = d + *s.dispersion_slope * 1e3 * (lambda - lambda_ref);  // ps/(nm² km) -> s/m³
  return -d_f * lambda * lambda / (2.0 * M_PI * kLightSpeed);
}

double effective_area_at(const FiberSpan& s, double f_hz) {
  const double a_ref = s.effective_area.value() * 1e-12;
  if (!s.scale_effective_area) return a_ref;
  const double core = M_PI * kCoreRadius * kCoreRadius;
  return core / (std::log(f_hz / (s.reference.value() * 1e9)) + core / a_ref);
}

double power_alpha(const FiberSpan& s) { return s.attenuation.value() * std::log(10.0) / 10.0 / 1000.0; }  // 1/m

std::vector<double> gamma2_leff2(const FiberSpan& s, const std::vector<double>& freq, double rs) {
  const double alpha = power_alpha(s), l = s.length.value();
  const double l_eff = alpha > 0 ? (1.0 - std::exp(-alpha * l)) / alpha : l;
  std::vector<double> out(freq.size());
  for (size_t i = 0; i < freq.size(); ++i) {
    const double gamma = 2.0 * M_PI * s.n2 * freq[i] / (kLightSpeed * effective_area_at(s, freq[i]));
    out[i] = (16.0 / 27.0) * gamma * gamma * l_eff * l_eff / (rs * rs);
  }
  return out;
}

Psi psi_of(const FiberSpan& s, const std::vector<double>& freq, double rs, double spacing) {
  Psi out;
  const size_t n = freq.size();
  const double alpha = power_alpha(s);
  const double l_a = alpha > 0 ? 1.0 / alpha : s.length.value();
  std::vector<double> beta2(n);
  for (size_t i = 0; i < n; ++i) beta2[i] = std::fabs(beta2_at(s, freq[i]));
  const auto psi = [&](double df, double b2, bool self) {
    if (b2 <= 0) return 0.0;
    const double a = M_PI * M_PI * l_a * b2 * rs;
    const double p = (std::asinh(a * (df + rs / 2)) - std::asinh(a * (df - rs / 2))) / (4.0 * M_PI * b2 * l_a);
    return (self ? 1.0 : 2.0) * p;
  };
  if (!s.dispersion_slope) {
    out.table.resize(n);
    for (size_t k = 0; k < n; ++k) out.table[k] = psi(spacing * static_cast<double>(k), beta2[0], k == 0);
  } else {
    out.matrix.resize(n * n);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        out.matrix[i * n + j] = psi(std::fabs(freq[j] - freq[i]), (beta2[i] + beta2[j]) / 2, i == j);
  }
  return out;
}

// Adds one span's NLI; `p` and `p2` are scratch space.
void add_nli(State& st, const SpanNli& nli, std::vector<double>& p, std::vector<double>& p2) {
  if (!nli.psi) return;
  const size_t n = st.signal.size();
  for (size_t j = 0; j < n; ++j) {
    p[j] = st.total(j);
    p2[j] = p[j] * p[j];
  }
  for (size_t i = 0; i < n; ++i) {
    double sum = 0;
    if (nli.psi->matrix.empty()) {
      // Σ_j ψ(|i − j|) p_j², in two branch-free halves so that the compiler vectorises them.
      const double* psi = nli.psi->table.data();
      double part[4] = {0, 0, 0, 0};  // four running sums: the additions overlap in the pipeline
      size_t j = 0;
      for (; j + 4 <= i; j += 4)
        for (size_t k = 0; k < 4; ++k) part[k] += psi[i - j - k] * p2[j + k];
      for (; j < i; ++j) part[0] += psi[i - j] * p2[j];
      for (; j + 4 <= n; j += 4)
        for (size_t k = 0; k < 4; ++k) part[k] += psi[j + k - i] * p2[j + k];
      for (; j < n; ++j) part[0] += psi[j - i] * p2[j];
      sum = ((part[0] + part[1]) + (part[2] + part[3])) * nli.gamma2_leff2[i];
    } else {
      const double* row = nli.psi->matrix.data() + i * n;
      for (size_t j = 0; j < n; ++j) sum += row[j] * p2[j];
      sum *= nli.gamma2_leff2[i];
    }
    st.nli[i] += p[i] * sum;  // p holds the powers at the span's input, before any of this span's NLI
  }
}

bool flat_gain(const Amplifier& amp) { return amp.tilt.value() == 0 && amp.ripple_db.empty(); }

// The gain of every channel in dB of an amplifier whose gain is not flat: the set gain, shaped by
// tilt and ripple around its mean so that the mean linear gain stays the set gain.
void gain_profile(const Amplifier& amp, double gain_db, const std::vector<double>& freq, std::vector<double>& g) {
  const size_t n = freq.size();
  std::fill(g.begin(), g.end(), gain_db);
  const double f0 = freq.front(), f1 = freq.back();
  for (size_t i = 0; i < n; ++i) {
    const double x = f1 > f0 ? (freq[i] - f0) / (f1 - f0) : 0.5;  // 0 .. 1 across the plan
    double shape = amp.tilt.value() * (x - 0.5);
    if (amp.ripple_db.size() == 1) shape += amp.ripple_db[0];
    if (amp.ripple_db.size() > 1) {
      const double pos = x * static_cast<double>(amp.ripple_db.size() - 1);
      const size_t k = std::min(static_cast<size_t>(pos), amp.ripple_db.size() - 2);
      const double t = pos - static_cast<double>(k);
      shape += amp.ripple_db[k] * (1 - t) + amp.ripple_db[k + 1] * t;
    }
    g[i] += shape;
  }
  double mean = 0;
  for (double v : g) mean += lin(v);
  const double offset = gain_db - to_db(mean / static_cast<double>(n));
  for (double& v : g) v += offset;
}

// Everything the route does that does not depend on power, prepared once per evaluation.
struct Line {
  std::vector<double> freq;
  double rs = 0;
  std::map<std::tuple<double, double, double, double, double>, Psi> psi;  // by fibre type (see Psi)
  std::vector<SpanNli> nli;  // per route element (empty for non-fibre elements)
};

// Propagates the plan at one launch power (W per channel) to the receiver.
State propagate(const std::vector<Element>& route, const Line& line, double launch_w) {
  // ROADM add/drop noise does not depend on the launch power: see evaluate().
  const size_t n = line.freq.size();
  State st(n);
  for (size_t i = 0; i < n; ++i) st.signal[i] = launch_w;
  std::vector<double> p(n), p2(n), gain(n);
  double since_gain_db = 0;  // loss since the launch point or the last amplifier
  for (size_t e = 0; e < route.size(); ++e) {
    const Element& element = route[e];
    if (const auto* span = std::get_if<FiberSpan>(&element)) {
      st.scale_all(1.0 / lin(span->connector_in.value()));
      add_nli(st, line.nli[e], p, p2);
      const double loss_db = span->attenuation.value() * span->length.value() / 1000.0;
      st.scale_all(1.0 / lin(loss_db + span->connector_out.value()));
      since_gain_db += span->connector_in.value() + loss_db + span->connector_out.value();
    } else if (const auto* loss = std::get_if<LumpedLoss>(&element)) {
      st.scale_all(1.0 / lin(loss->loss.value()));
      since_gain_db += loss->loss.value();
    } else if (const auto* roadm = std::get_if<Roadm>(&element)) {
      st.scale_all(1.0 / lin(roadm->loss.value()));
      double before = 0, after = 0;
      for (size_t i = 0; i < n; ++i) before += st.total(i);
      if (roadm->target) {
        const double target_w = std::pow(10.0, roadm->target->value() / 10.0) * 1e-3;
        for (size_t i = 0; i < n; ++i) {
          const double power = st.total(i);
          if (power > target_w) st.scale(i, target_w / power);
        }
      }
      for (size_t i = 0; i < n; ++i) after += st.total(i);
      since_gain_db += to_db(before / after) + roadm->loss.value();
    } else if (const auto* amp = std::get_if<Amplifier>(&element)) {
      double gain_db = 0;
      const double p_in = st.total_power();
      if (amp->power) {
        gain_db = amp->power->value() - to_db(p_in / static_cast<double>(n) / 1e-3);
      } else {
        gain_db = amp->gain ? amp->gain->value() : since_gain_db;
      }
      if (amp->model && amp->model->p_max_dbm) gain_db = std::min(gain_db, *amp->model->p_max_dbm - to_db(p_in / 1e-3));
      const double nf = lin(amp->model ? model_noise_figure(*amp->model, gain_db) : amp->noise_figure.value());
      const bool flat = flat_gain(*amp);
      if (!flat) gain_profile(*amp, gain_db, line.freq, gain);
      const double flat_gain_lin = lin(gain_db - amp->out_voa.value());
      for (size_t i = 0; i < n; ++i) {
        st.ase[i] += kPlanck * line.freq[i] * nf * line.rs;  // at the input
        st.scale(i, flat ? flat_gain_lin : lin(gain[i] - amp->out_voa.value()));
      }
      // "auto" restores the power lost since the last gain: after a power-mode amplifier, its target.
      since_gain_db = amp->power ? amp->out_voa.value() : since_gain_db - (gain_db - amp->out_voa.value());
    }
  }
  return st;
}

double worst_line_gsnr_01nm(const State& st, double rs) {
  double worst = 1e300;
  for (size_t i = 0; i < st.signal.size(); ++i) {
    const double noise = st.ase[i] + st.nli[i];
    worst = std::min(worst, noise > 0 ? st.signal[i] / noise * rs / kOsnrReferenceHz : 1e30);
  }
  return worst;
}

}  // namespace

std::optional<std::string> two_coil(AmplifierModel& m) {
  if (m.kind != AmplifierModel::Kind::kVariableGain) return std::nullopt;
  // GNPy's estimate: nf_{min,max} = nf1 + nf2 / g1a at the first stage's gain at gain_flatmax and
  // gain_min, with ΔP = 5 dB between the coils; nf2 kept within nf1 + 0.3 .. nf1 + 2 dB.
  double delta_p = 5;
  const double gmin = m.gain_min_db, gmax = m.gain_flatmax_db;
  double g1a_min = gmin - (gmax - gmin) - delta_p, g1a_max = gmax - delta_p;
  const double denominator = 1 / lin(g1a_max) - 1 / lin(g1a_min);
  const double nf2_lin = (lin(m.nf_min_db) - lin(m.nf_max_db)) / denominator;
  if (!(nf2_lin > 0)) return "nf_min and nf_max admit no two-coil model (nf_max must exceed nf_min)";
  double nf2 = to_db(nf2_lin);
  const double nf1_lin = lin(m.nf_min_db) - nf2_lin / lin(g1a_max);
  if (!(nf1_lin > 0)) return "nf_min and nf_max admit no two-coil model";
  const double nf1 = to_db(nf1_lin);
  if (nf1 < 4) return "nf_min and nf_max give a first coil NF below 4 dB";
  if (!(nf1 + 0.3 < nf2 && nf2 < nf1 + 2)) {
    nf2 = std::clamp(nf2, nf1 + 0.3, nf1 + 2);
    g1a_max = to_db(lin(nf2) / (lin(m.nf_min_db) - lin(nf1)));
    delta_p = gmax - g1a_max;
    if (!(delta_p > 1 && delta_p < 11)) return "nf_min and nf_max give a coil power difference outside 1..11 dB";
  }
  m.nf1_db = nf1;
  m.nf2_db = nf2;
  m.delta_p_db = delta_p;
  return std::nullopt;
}

double model_noise_figure(const AmplifierModel& m, double gain_db) {
  const double pad = std::max(m.gain_min_db - gain_db, 0.0);
  const double g = gain_db + pad;
  if (m.kind == AmplifierModel::Kind::kFixedGain) return m.nf0_db + pad;
  const double dg = std::max(m.gain_flatmax_db - g, 0.0);
  const double g1a = g - m.delta_p_db - dg;
  return to_db(lin(m.nf1_db) + lin(m.nf2_db) / lin(g1a)) + pad;
}

DciResult evaluate(const std::vector<Element>& route, const ChannelPlan& plan, const CoherentMode& mode,
                   const SweepOptions& sweep) {
  DciResult r;
  const size_t n = static_cast<size_t>(std::max(plan.count, 1));
  Line line;
  line.freq.resize(n);
  for (size_t i = 0; i < n; ++i)
    line.freq[i] =
        (plan.center.value() + plan.spacing.value() * (static_cast<double>(i) - (static_cast<double>(n) - 1) / 2)) *
        1e9;
  line.rs = plan.symbol_rate.value() * 1e9;
  const double spacing = plan.spacing.value() * 1e9;
  line.nli.resize(route.size());
  for (size_t e = 0; e < route.size(); ++e) {
    if (const auto* span = std::get_if<FiberSpan>(&route[e])) {
      if (span->n2 != 0 && span->length.value() > 0) {
        // ψ uses L_a = 1/α (or the length when α = 0), β2 and the grid: one per fibre type.
        const double alpha = power_alpha(*span);
        const auto key =
            std::make_tuple(alpha > 0 ? 0.0 : span->length.value(), span->attenuation.value(), span->dispersion.value(),
                            span->dispersion_slope.value_or(-1e300), span->reference.value());
        auto it = line.psi.find(key);
        if (it == line.psi.end()) it = line.psi.emplace(key, psi_of(*span, line.freq, line.rs, spacing)).first;
        line.nli[e] = SpanNli{gamma2_leff2(*span, line.freq, line.rs), &it->second};
      }
      r.accumulated_cd_ps_nm += span->dispersion.value() * span->length.value() / 1000.0;
      r.fiber_length += span->length;
      ++r.spans;
    } else if (std::holds_alternative<Amplifier>(route[e])) {
      ++r.amplifiers;
    } else if (std::holds_alternative<Roadm>(route[e])) {
      ++r.roadms;
    }
  }

  // Noise that joins at the receiver as an OSNR in 0.1 nm: the transmitter's, and each ROADM's
  // add/drop contribution (as GNPy's Transceiver.update_snr adds them).
  double terminal_noise = mode.tx_osnr.value() > 0 ? 1.0 / lin(mode.tx_osnr.value()) : 0.0;
  for (const Element& element : route)
    if (const auto* roadm = std::get_if<Roadm>(&element); roadm && roadm->add_drop_osnr)
      terminal_noise += 1.0 / lin(roadm->add_drop_osnr->value());
  const double launch_w = std::pow(10.0, plan.launch_power.value() / 10.0) * 1e-3;
  const State st = propagate(route, line, launch_w);
  const double to_01nm = kOsnrReferenceHz / line.rs;  // noise in 0.1 nm per noise in the signal band

  r.channels.resize(n);
  r.worst_margin_db = 1e30;
  double sum_total = 0, best_total = -1e30;
  for (size_t i = 0; i < n; ++i) {
    ChannelResult& c = r.channels[i];
    c.frequency = Frequency(line.freq[i] / 1e9);
    const double s = st.signal[i], a = st.ase[i], nl = st.nli[i];
    // An OSNR in 0.1 nm: the noise in the signal bandwidth is R_s/12.5 GHz times more.
    const double t = s * terminal_noise / to_01nm;
    c.signal_dbm = db_or_floor(s / 1e-3);
    c.ase_dbm = db_or_floor(a / 1e-3);
    c.nli_dbm = db_or_floor(nl / 1e-3);
    const auto snr = [&](double noise) { return noise > 0 ? s / noise : 1e30; };
    c.osnr_signal_db = to_db(snr(a));
    c.osnr_01nm_db = to_db(snr(a * to_01nm));
    c.osnr_tx_01nm_db = to_db(snr((a + t) * to_01nm));
    c.snr_nli_signal_db = to_db(snr(nl));
    c.gsnr_signal_db = to_db(snr(a + nl));
    c.gsnr_01nm_db = to_db(snr((a + nl) * to_01nm));
    c.total_signal_db = to_db(snr(a + nl + t));
    c.total_01nm_db = to_db(snr((a + nl + t) * to_01nm));
    c.margin_db = c.total_01nm_db - mode.required_osnr.value();
    sum_total += c.total_01nm_db;
    best_total = std::max(best_total, c.total_01nm_db);
    if (c.margin_db < r.worst_margin_db) {
      r.worst_margin_db = c.margin_db;
      r.worst_channel = static_cast<int>(i);
    }
  }
  const ChannelResult& worst = r.channels[static_cast<size_t>(r.worst_channel)];
  r.rx_power_dbm = worst.signal_dbm;
  r.total_worst_01nm_db = worst.total_01nm_db;
  r.total_mean_01nm_db = sum_total / static_cast<double>(n);
  r.total_spread_db = best_total - worst.total_01nm_db;

  // Launch-power sweep: the worst channel's line GSNR (0.1 nm) at each power, each propagated in full.
  if (!sweep.enabled) {
    r.optimum_launch_dbm = plan.launch_power.value();
    r.gsnr_at_optimum_01nm_db = to_db(worst_line_gsnr_01nm(st, line.rs));
    return r;
  }
  r.gsnr_at_optimum_01nm_db = -1e30;
  const int points = static_cast<int>(std::floor((sweep.to_dbm - sweep.from_dbm) / sweep.step_db + 0.5)) + 1;
  for (int p = 0; p < points; ++p) {
    const double dbm_value = sweep.from_dbm + p * sweep.step_db;
    const State at = propagate(route, line, std::pow(10.0, dbm_value / 10.0) * 1e-3);
    const double worst_db = to_db(worst_line_gsnr_01nm(at, line.rs));
    if (sweep.keep_points) r.sweep.push_back({dbm_value, worst_db});
    if (worst_db > r.gsnr_at_optimum_01nm_db + 1e-6) {  // the lowest power of a flat top (e.g. behind a ROADM)
      r.gsnr_at_optimum_01nm_db = worst_db;
      r.optimum_launch_dbm = dbm_value;
    }
  }
  return r;
}

}  // namespace opticplan::link

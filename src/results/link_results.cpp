#include "opticplan/results/link_results.h"

#include "opticplan/core/table.h"

namespace opticplan::results {
using namespace catalog;
using nlohmann::ordered_json;

namespace {

std::string ends(const Catalog& cat, const link::LinkResult& l) {
  if (l.near_pmd == l.far_pmd) return cat.pmds[l.near_pmd].id;
  return cat.pmds[l.near_pmd].id + " > " + cat.pmds[l.far_pmd].id;
}

std::string db2(double v) { return format_number(v, 2) + " dB"; }

Table link_table(const Catalog& cat, const link::LinkChecks& r) {
  Table t;
  using A = Table::Align;
  t.column("id");
  t.column("ends");
  t.column("length", A::kRight);
  t.column("reach", A::kRight);
  t.column("loss", A::kRight);
  t.column("max", A::kRight);
  t.column("margin", A::kRight);
  t.column("limit");
  t.column("verdict");
  for (size_t i = 0; i < r.links.size(); ++i) {
    const auto& l = r.links[i];
    const auto& b = l.budget;
    const bool fiber_ok = b.limit != link::Limit::kFiberType;
    t.row({l.id, ends(cat, l), format(r.specs[i].channel.length), fiber_ok ? format(b.reach) : "-",
           fiber_ok ? db2(b.loss.value()) : "-", b.loss_checked ? format(b.max_loss) : "-",
           b.loss_checked && fiber_ok ? db2(b.loss_margin.value()) : "-", l.pass ? l.binding : l.limit,
           l.pass ? "pass" : "FAIL"});
  }
  return t;
}

}  // namespace

std::string link_text(const Catalog& cat, const link::LinkChecks& r) {
  std::string out;
  if (!r.links.empty()) {
    size_t pass = 0;
    for (const auto& l : r.links) pass += l.pass;
    out += "Links: " + std::to_string(r.links.size()) + " checked, " + std::to_string(pass) + " pass, " +
           std::to_string(r.links.size() - pass) + " fail\n";
    out += link_table(cat, r).text(2);
    for (const auto& l : r.links)
      for (const auto& why : l.reasons) out += "  " + l.id + ": " + why + "\n";
  }
  for (size_t d = 0; d < r.dci.size(); ++d) {
    const auto& c = r.dci[d];
    if (!out.empty()) out += "\n";
    const auto& first = c.modes.front().line;
    out += "DCI " + c.id + ": " + std::to_string(first.spans) + " spans, " + format(first.fiber_length) + ", " +
           std::to_string(first.amplifiers) + " amplifiers" +
           (first.roadms > 0 ? ", " + std::to_string(first.roadms) + (first.roadms == 1 ? " ROADM" : " ROADMs") : "") +
           ", CD " + format_number(first.accumulated_cd_ps_nm, 0) + " ps/nm; margin required " +
           format(r.dci_specs[d].required_margin) + "\n";
    Table t;
    using A = Table::Align;
    t.column("mode");
    t.column("capacity", A::kRight);
    t.column("channels", A::kRight);
    t.column("launch", A::kRight);
    t.column("OSNR", A::kRight);
    t.column("GSNR", A::kRight);
    t.column("GSNR(Rs)", A::kRight);
    t.column("with Tx", A::kRight);
    t.column("required", A::kRight);
    t.column("margin", A::kRight);
    t.column("verdict");
    for (size_t i = 0; i < c.modes.size(); ++i) {
      const auto& m = c.modes[i];
      const auto& w = m.line.channels[static_cast<size_t>(m.line.worst_channel)];
      const Pmd& p = cat.pmds[m.mode];
      t.row({p.id, format(p.speed), std::to_string(m.plan.count) + " x " + format(m.plan.spacing),
             format_number(m.plan.launch_power.value(), 1) + " dBm", db2(w.osnr_01nm_db), db2(w.gsnr_01nm_db),
             db2(w.gsnr_signal_db), db2(w.total_01nm_db), format(p.required_osnr), db2(w.margin_db),
             static_cast<int>(i) == c.chosen ? "chosen" : (m.closes ? "closes" : (m.cd_ok ? "FAIL" : "FAIL: CD"))});
    }
    out += t.text(2);
    out += "  (worst channel; OSNR and GSNR in 0.1 nm unless marked (Rs) = signal bandwidth)\n";
    {
      // Across the band, for the chosen mode (or the first tried): how even the line is.
      const auto& m = c.modes[static_cast<size_t>(std::max(c.chosen, 0))];
      if (m.line.channels.size() > 1)
        out += "  " + cat.pmds[m.mode].id + " across " + std::to_string(m.line.channels.size()) +
               " channels: GSNR with Tx mean " + db2(m.line.total_mean_01nm_db) + ", worst " +
               db2(m.line.total_worst_01nm_db) + " at " +
               format_number(m.line.channels[static_cast<size_t>(m.line.worst_channel)].frequency.value() / 1000, 3) +
               " THz, spread " + db2(m.line.total_spread_db) + "\n";
    }
    for (const auto& m : c.modes)
      if (!m.cd_ok)
        out += "  " + cat.pmds[m.mode].id + ": accumulated dispersion " +
               format_number(m.line.accumulated_cd_ps_nm, 0) + " ps/nm exceeds its tolerance " +
               format_number(cat.pmds[m.mode].cd_tolerance->value(), 0) + " ps/nm\n";
    if (c.chosen < 0) {
      out += "  no mode closes: none keeps the required margin within its dispersion tolerance\n";
    } else if (r.dci_specs[d].target_capacity) {
      const auto& m = c.modes[static_cast<size_t>(c.chosen)];
      out += "  " + format(*r.dci_specs[d].target_capacity) + " needs " + std::to_string(c.wavelengths_needed) + " x " +
             cat.pmds[m.mode].id + " wavelengths = " + std::to_string(c.modules_needed) + " modules; " +
             (c.capacity_fits ? "fits in " + std::to_string(m.plan.count) + " channels of one fibre pair\n"
                              : "needs " + std::to_string(c.fiber_pairs_needed) + " fibre pairs of " +
                                    std::to_string(m.plan.count) + " channels\n");
    }
  }
  return out;
}

std::string link_csv(const Catalog& cat, const link::LinkChecks& r) { return link_table(cat, r).csv(); }

ordered_json link_json(const Catalog& cat, const link::LinkChecks& r) {
  ordered_json links = ordered_json::array();
  for (size_t i = 0; i < r.links.size(); ++i) {
    const auto& l = r.links[i];
    const auto& b = l.budget;
    const auto& ch = r.specs[i].channel;
    const bool fiber_ok = b.limit != link::Limit::kFiberType;
    ordered_json j;
    j["id"] = l.id;
    j["pass"] = l.pass;
    j["limit"] = l.limit;
    j["binding"] = l.pass ? ordered_json(l.binding) : ordered_json(nullptr);
    j["pmd"] = cat.pmds[l.near_pmd].id;
    j["far_pmd"] = cat.pmds[l.far_pmd].id;
    j["breakout"] = l.breakout;
    j["length_m"] = round_to(ch.length.value());
    j["fiber"] = name_of(ch.fiber);
    j["grade"] = ch.fiber == Fiber::kMmf ? ordered_json(name_of(ch.grade)) : ordered_json(nullptr);
    j["connectors"] = ch.connectors;
    j["splices"] = ch.splices;
    j["reach_m"] = fiber_ok ? ordered_json(round_to(b.reach.value())) : ordered_json(nullptr);
    j["attenuation_db_per_km"] = round_to(b.attenuation.value());
    j["channel_loss_db"] = fiber_ok ? ordered_json(round_to(b.loss.value())) : ordered_json(nullptr);
    j["max_channel_loss_db"] = b.loss_checked ? ordered_json(round_to(b.max_loss.value())) : ordered_json(nullptr);
    j["margin_db"] = b.loss_checked && fiber_ok ? ordered_json(round_to(b.loss_margin.value())) : ordered_json(nullptr);
    j["reasons"] = l.reasons;
    links.push_back(std::move(j));
  }
  ordered_json dci = ordered_json::array();
  for (size_t d = 0; d < r.dci.size(); ++d) {
    const auto& c = r.dci[d];
    const auto& spec = r.dci_specs[d];
    ordered_json j;
    j["id"] = c.id;
    j["required_margin_db"] = round_to(spec.required_margin.value());
    j["chosen_mode"] =
        c.chosen >= 0 ? ordered_json(cat.pmds[c.modes[static_cast<size_t>(c.chosen)].mode].id) : ordered_json(nullptr);
    j["target_capacity_gbps"] =
        spec.target_capacity ? ordered_json(spec.target_capacity->value()) : ordered_json(nullptr);
    j["wavelengths_needed"] =
        spec.target_capacity && c.chosen >= 0 ? ordered_json(c.wavelengths_needed) : ordered_json(nullptr);
    j["modules_needed"] =
        spec.target_capacity && c.chosen >= 0 ? ordered_json(c.modules_needed) : ordered_json(nullptr);
    j["capacity_fits"] = spec.target_capacity && c.chosen >= 0 ? ordered_json(c.capacity_fits) : ordered_json(nullptr);
    j["fiber_pairs_needed"] =
        spec.target_capacity && c.chosen >= 0 ? ordered_json(c.fiber_pairs_needed) : ordered_json(nullptr);
    ordered_json modes = ordered_json::array();
    for (const auto& m : c.modes) {
      const Pmd& p = cat.pmds[m.mode];
      const auto& line = m.line;
      const auto& w = line.channels[static_cast<size_t>(line.worst_channel)];
      ordered_json mj;
      mj["mode"] = p.id;
      mj["capacity_gbps"] = p.speed.value();
      mj["symbol_rate_gbd"] = round_to(m.plan.symbol_rate.value());  // the mode's, or the route's `baud`
      mj["channels"] = m.plan.count;
      mj["spacing_ghz"] = round_to(m.plan.spacing.value());
      mj["launch_power_dbm"] = round_to(m.plan.launch_power.value());
      mj["closes"] = m.closes;
      mj["worst_channel"] = line.worst_channel;
      mj["worst_frequency_thz"] = round_to(w.frequency.value() / 1000, 6);
      mj["osnr_01nm_db"] = round_to(w.osnr_01nm_db);
      mj["osnr_signal_db"] = round_to(w.osnr_signal_db);
      mj["snr_nli_signal_db"] = round_to(w.snr_nli_signal_db);
      mj["gsnr_01nm_db"] = round_to(w.gsnr_01nm_db);
      mj["gsnr_signal_db"] = round_to(w.gsnr_signal_db);
      mj["total_01nm_db"] = round_to(w.total_01nm_db);
      mj["required_osnr_db"] = round_to(p.required_osnr.value());
      const Decibel tx = spec.tx_osnr.value_or(p.tx_osnr);  // the route's `tx_osnr` overrides the mode's
      mj["tx_osnr_db"] = tx.value() > 0 ? ordered_json(round_to(tx.value())) : ordered_json(nullptr);
      mj["margin_db"] = round_to(w.margin_db);
      mj["accumulated_cd_ps_nm"] = round_to(line.accumulated_cd_ps_nm);
      mj["cd_tolerance_ps_nm"] = p.cd_tolerance ? ordered_json(p.cd_tolerance->value()) : ordered_json(nullptr);
      mj["cd_ok"] = m.cd_ok;
      mj["length_m"] = round_to(line.fiber_length.value());
      mj["spans"] = line.spans;
      mj["amplifiers"] = line.amplifiers;
      mj["roadms"] = line.roadms;
      mj["total_mean_01nm_db"] = round_to(line.total_mean_01nm_db);
      mj["total_worst_01nm_db"] = round_to(line.total_worst_01nm_db);
      mj["total_spread_db"] = round_to(line.total_spread_db);
      mj["rx_power_dbm"] = round_to(line.rx_power_dbm);
      mj["optimum_launch_dbm"] = round_to(line.optimum_launch_dbm);
      mj["gsnr_at_optimum_01nm_db"] = round_to(line.gsnr_at_optimum_01nm_db);
      ordered_json per = ordered_json::array();
      for (const auto& ch : line.channels)
        per.push_back({{"frequency_thz", round_to(ch.frequency.value() / 1000, 6)},
                       {"signal_dbm", round_to(ch.signal_dbm)},
                       {"ase_dbm", round_to(ch.ase_dbm)},
                       {"nli_dbm", round_to(ch.nli_dbm)},
                       {"osnr_01nm_db", round_to(ch.osnr_01nm_db)},
                       {"osnr_tx_01nm_db", round_to(ch.osnr_tx_01nm_db)},
                       {"osnr_signal_db", round_to(ch.osnr_signal_db)},
                       {"snr_nli_signal_db", round_to(ch.snr_nli_signal_db)},
                       {"gsnr_01nm_db", round_to(ch.gsnr_01nm_db)},
                       {"gsnr_signal_db", round_to(ch.gsnr_signal_db)},
                       {"total_01nm_db", round_to(ch.total_01nm_db)},
                       {"total_signal_db", round_to(ch.total_signal_db)},
                       {"margin_db", round_to(ch.margin_db)}});
      mj["per_channel"] = std::move(per);
      ordered_json sweep = ordered_json::array();
      for (const auto& pt : line.sweep)
        sweep.push_back(
            {{"launch_dbm", round_to(pt.launch_dbm, 3)}, {"worst_gsnr_01nm_db", round_to(pt.worst_gsnr_01nm_db)}});
      mj["sweep"] = std::move(sweep);
      modes.push_back(std::move(mj));
    }
    j["modes"] = std::move(modes);
    dci.push_back(std::move(j));
  }
  ordered_json out;
  out["schema"] = "opticplan.link";
  out["version"] = 1;
  out["links"] = std::move(links);
  out["dci"] = std::move(dci);
  return out;
}

}  // namespace opticplan::results

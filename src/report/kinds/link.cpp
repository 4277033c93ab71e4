// Report sections for a link check (opticplan.link): the loss margin of every intra-DC link, and
// per coherent DCI route the worst channel's GSNR against launch power for each mode evaluated, and
// the chosen mode's channels across the band.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

void margins_section(Builder& b, const J& links) {
  std::vector<const J*> sorted;
  for (const auto& l : links) sorted.push_back(&l);
  std::stable_sort(sorted.begin(), sorted.end(), [](const J* a, const J* c) {
    const J& ma = at(*a, "margin_db");
    const J& mc = at(*c, "margin_db");
    if (ma.is_number() != mc.is_number()) return ma.is_number();
    return num(ma) < num(mc);
  });
  std::vector<std::string> ids;
  J pass = J::array(), fail = J::array();
  for (const J* l : sorted) {
    if (!at(*l, "margin_db").is_number()) continue;
    ids.push_back(text(at(*l, "id")));
    const bool ok = at(*l, "pass").is_boolean() && at(*l, "pass").get<bool>();
    pass.push_back(ok ? at(*l, "margin_db") : J("-"));
    fail.push_back(ok ? J("-") : at(*l, "margin_db"));
  }
  std::vector<std::vector<J>> rows;
  rows.reserve(sorted.size());
  for (const J* l : sorted)
    rows.push_back({at(*l, "id"), at(*l, "pass"), at(*l, "limit"), at(*l, "binding"), at(*l, "pmd"), at(*l, "far_pmd"),
                    at(*l, "breakout"), at(*l, "length_m"), at(*l, "fiber"), at(*l, "connectors"), at(*l, "splices"),
                    at(*l, "reach_m"), at(*l, "channel_loss_db"), at(*l, "max_channel_loss_db"), at(*l, "margin_db"),
                    strings_joined(at(*l, "reasons"))});
  const size_t t =
      b.table("links",
              {"link", "pass", "limit", "binding", "pmd", "far_pmd", "breakout", "length_m", "fiber", "connectors",
               "splices", "reach_m", "channel_loss_db", "max_channel_loss_db", "margin_db", "reasons"},
              std::move(rows));
  J o = base_option();
  o["xAxis"] = category_axis(ids);
  o["xAxis"]["axisLabel"] = {{"rotate", ids.size() > 6 ? 30 : 0}};
  o["yAxis"] = value_axis("loss margin (dB)");
  o["series"] = J::array({bar("passes", std::move(pass), "margin"), bar("fails", std::move(fail), "margin")});
  o["series"][0]["itemStyle"] = {{"color", "#2e7d4f"}};
  o["series"][1]["itemStyle"] = {{"color", "#b3261e"}};
  b.section("Loss margin per link",
            "Channel-loss margin of every intra-DC link, least first (links not loss-checked left out).", std::move(o),
            {t});
}

// One route's GSNR sweep per mode; `routes`, the table of every route, goes under the first.
void route_section(Builder& b, const J& d, std::optional<size_t> routes) {
  const std::string id = text(at(d, "id"));
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}};
  o["xAxis"] = {
      {"type", "value"}, {"name", "launch power per channel (dBm)"}, {"nameLocation", "middle"}, {"nameGap", 28},
      {"scale", true},   {"axisLine", {{"onZero", false}}}};
  o["yAxis"] = value_axis("worst-channel GSNR in 0.1 nm (dB)");
  o["yAxis"]["scale"] = true;
  o["yAxis"]["axisLine"] = {{"onZero", false}};
  o["grid"]["bottom"] = 36;
  o["series"] = J::array();
  std::vector<std::vector<J>> modes;
  for (const auto& m : at(d, "modes")) {
    J data = J::array();
    for (const auto& p : at(m, "sweep")) data.push_back(J::array({at(p, "launch_dbm"), at(p, "worst_gsnr_01nm_db")}));
    if (!data.empty()) o["series"].push_back(line(text(at(m, "mode")), std::move(data)));
    modes.push_back({at(m, "mode"), at(m, "capacity_gbps"), at(m, "channels"), at(m, "closes"), at(m, "margin_db"),
                     at(m, "gsnr_01nm_db"), at(m, "required_osnr_db"), at(m, "optimum_launch_dbm"),
                     at(m, "gsnr_at_optimum_01nm_db"), at(m, "rx_power_dbm"), at(m, "accumulated_cd_ps_nm"),
                     at(m, "cd_ok")});
  }
  const size_t tm =
      b.table("dci_" + id,
              {"mode", "capacity_gbps", "channels", "closes", "margin_db", "gsnr_01nm_db", "required_osnr_db",
               "optimum_launch_dbm", "gsnr_at_optimum_01nm_db", "rx_power_dbm", "accumulated_cd_ps_nm", "cd_ok"},
              std::move(modes));
  std::vector<size_t> ts = {tm};
  if (routes) ts.insert(ts.begin(), *routes);
  if (o["series"].empty())
    b.section("DCI route " + id, "No launch-power sweep in the result.", J(), ts);
  else
    b.section("GSNR vs launch power: " + id,
              "Worst channel's GSNR over the launch-power sweep, per coherent mode evaluated; the peak is the "
              "optimum launch.",
              std::move(o), ts);
}

// Across the band, for the chosen mode (or the first evaluated): each channel's OSNR, SNR of NLI and
// GSNR with the transmitter, and a table of its powers.
void channels_section(Builder& b, const J& d) {
  const J& modes = at(d, "modes");
  if (!modes.is_array() || modes.empty()) return;
  const std::string chosen = at(d, "chosen_mode").is_string() ? text(at(d, "chosen_mode")) : "";
  const J* m = &modes[0];
  for (const auto& x : modes)
    if (text(at(x, "mode")) == chosen) m = &x;
  const J& per = at(*m, "per_channel");
  if (!per.is_array() || per.size() < 2) return;
  const std::string id = text(at(d, "id")), mode = text(at(*m, "mode"));
  J osnr = J::array(), nli = J::array(), total = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& c : per) {
    const J f = at(c, "frequency_thz");
    osnr.push_back(J::array({f, at(c, "osnr_tx_01nm_db")}));
    nli.push_back(J::array({f, at(c, "snr_nli_signal_db")}));
    total.push_back(J::array({f, at(c, "total_01nm_db")}));
    rows.push_back({f, at(c, "signal_dbm"), at(c, "ase_dbm"), at(c, "nli_dbm"), at(c, "osnr_01nm_db"),
                    at(c, "osnr_tx_01nm_db"), at(c, "snr_nli_signal_db"), at(c, "gsnr_01nm_db"), at(c, "total_01nm_db"),
                    at(c, "total_signal_db"), at(c, "margin_db")});
  }
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}};
  o["xAxis"] = {{"type", "value"}, {"name", "channel frequency (THz)"}, {"nameLocation", "middle"}, {"nameGap", 28},
                {"scale", true},   {"axisLine", {{"onZero", false}}}};
  o["yAxis"] = value_axis("dB");
  o["yAxis"]["scale"] = true;
  o["yAxis"]["axisLine"] = {{"onZero", false}};
  o["grid"]["bottom"] = 36;
  o["series"] =
      J::array({line("OSNR with Tx (0.1 nm)", std::move(osnr)), line("SNR of NLI (signal bw)", std::move(nli)),
                line("GSNR with Tx (0.1 nm)", std::move(total))});
  const size_t t = b.table("channels_" + id,
                           {"frequency_thz", "signal_dbm", "ase_dbm", "nli_dbm", "osnr_01nm_db", "osnr_tx_01nm_db",
                            "snr_nli_signal_db", "gsnr_01nm_db", "total_01nm_db", "total_signal_db", "margin_db"},
                           std::move(rows));
  b.section("Per channel: " + id + " (" + mode + ")",
            "Each channel at the receiver, at the launch power used: OSNR (line ASE with the transmitter's and the "
            "ROADMs' add/drop noise), the SNR of NLI, and the total GSNR compared with the requirement; the table "
            "gives the signal, ASE and NLI powers.",
            std::move(o), {t});
}

void dci_sections(Builder& b, const J& dci) {
  std::vector<std::vector<J>> routes;
  for (const auto& d : dci)
    routes.push_back({at(d, "id"), at(d, "chosen_mode"), at(d, "required_margin_db"), at(d, "target_capacity_gbps"),
                      at(d, "wavelengths_needed"), at(d, "modules_needed"), at(d, "capacity_fits"),
                      at(d, "fiber_pairs_needed")});
  const size_t troutes = b.table("dci_routes",
                                 {"route", "chosen_mode", "required_margin_db", "target_capacity_gbps",
                                  "wavelengths_needed", "modules_needed", "capacity_fits", "fiber_pairs_needed"},
                                 std::move(routes));
  bool first = true;
  for (const auto& d : dci) {
    route_section(b, d, first ? std::optional<size_t>(troutes) : std::nullopt);
    channels_section(b, d);
    first = false;
  }
}

}  // namespace

void link_sections(Builder& b, const J& r) {
  const J& links = at(r, "links");
  const J& dci = at(r, "dci");
  if (!links.is_array() && !dci.is_array()) need(r, "links", J::value_t::array, "");
  if (links.is_array() && !links.empty()) margins_section(b, links);
  if (dci.is_array()) dci_sections(b, dci);
}

}  // namespace opticplan::report::detail

#include "opticplan/results/select_results.h"

#include "opticplan/core/names.h"
#include "opticplan/core/table.h"

namespace opticplan::results {
using namespace catalog;

namespace {

std::string describe(const Requirement& r) {
  std::string s = format(r.speed) + " over " + format(r.channel.length) + " of ";
  s += r.channel.fiber == Fiber::kSmf ? "single-mode fibre"
                                      : "multimode fibre (" + std::string(name_of(r.channel.grade)) + ")";
  s += ", " + std::to_string(r.channel.connectors) + " connector" + (r.channel.connectors == 1 ? "" : "s");
  if (r.channel.splices)
    s += ", " + std::to_string(r.channel.splices) + " splice" + (r.channel.splices == 1 ? "" : "s");
  if (r.channel.margin.value() != 0) s += ", " + format(r.channel.margin) + " margin";
  if (r.form_factor) s += ", " + std::string(name_of(*r.form_factor));
  if (r.max_power) s += ", at most " + format(*r.max_power);
  return s;
}

std::string rank_phrase(const Requirement& r) {
  switch (r.rank) {
    case Rank::kCost: return "ranked by cost per link (" + std::to_string(r.year) + " prices)";
    case Rank::kPower: return "ranked by power per link";
    case Rank::kMix:
      return "ranked by " + format_number(r.cost_weight * 100, 1) + "% cost + " +
             format_number((1 - r.cost_weight) * 100, 1) + "% power, each relative to the best (" +
             std::to_string(r.year) + " prices)";
  }
  return "";
}

Table candidate_table(const Selection& s) {
  Table t;
  using A = Table::Align;
  t.column("#", A::kRight);
  t.column("module");
  t.column("family");
  t.column("ports", A::kRight);
  t.column("reach", A::kRight);
  t.column("loss", A::kRight);
  t.column("margin", A::kRight);
  t.column("power/link", A::kRight);
  t.column("price/link", A::kRight);
  t.column("lasers/link", A::kRight);
  for (const auto& c : s.candidates) {
    t.row({std::to_string(c.rank), c.id, c.family, std::to_string(c.ports), format(c.reach),
           c.loss_checked ? format(Decibel(round_to(c.channel_loss.value(), 2))) : "-",
           c.loss_checked ? format(Decibel(round_to(c.loss_margin.value(), 2))) : "-", format(c.power_per_link),
           c.price_per_link ? format(*c.price_per_link) : "-", format_number(c.lasers_per_link, 2)});
  }
  return t;
}

}  // namespace

std::string select_text(const Selection& s) {
  std::string out;
  if (!s.requirement.name.empty()) out += s.requirement.name + ": ";
  out += describe(s.requirement) + "; " + rank_phrase(s.requirement) + "\n";
  if (s.candidates.empty()) {
    out += "No module in the catalog meets this requirement.\n";
  } else {
    out += candidate_table(s).text(2);
  }
  if (!s.rejected.empty()) {
    out += "Rejected:\n";
    Table t;
    t.column("family");
    t.column("why");
    for (const auto& f : s.rejected) {
      std::string why;
      for (const auto& r : f.reasons) why += (why.empty() ? "" : "; ") + r;
      why += " (" + std::to_string(f.modules.size()) + (f.modules.size() == 1 ? " module)" : " modules)");
      t.row({f.family, why});
    }
    std::string body = t.text(2);
    out += body.substr(body.find('\n') + 1);  // no header line: the two columns speak for themselves
  }
  return out;
}

std::string select_csv(const Selection& s) { return candidate_table(s).csv(); }

nlohmann::ordered_json select_json(const Selection& s) {
  using nlohmann::ordered_json;
  const Requirement& r = s.requirement;
  ordered_json req;
  req["name"] = r.name;
  req["speed_gbps"] = r.speed.value();
  req["length_m"] = round_to(r.channel.length.value());
  req["fiber"] = name_of(r.channel.fiber);
  req["grade"] = r.channel.fiber == Fiber::kMmf ? ordered_json(name_of(r.channel.grade)) : ordered_json(nullptr);
  req["form_factor"] = r.form_factor ? ordered_json(name_of(*r.form_factor)) : ordered_json(nullptr);
  req["max_power_w"] = r.max_power ? ordered_json(r.max_power->value()) : ordered_json(nullptr);
  req["connectors"] = r.channel.connectors;
  req["splices"] = r.channel.splices;
  req["connector_loss_db"] = r.channel.connector_loss.value();
  req["splice_loss_db"] = r.channel.splice_loss.value();
  req["margin_db"] = r.channel.margin.value();
  req["attenuation_db_per_km"] = round_to(s.attenuation_used.value());
  req["deny"] = r.deny;
  req["rank"] = choice_name(Choices<Rank>(kRankNames, 3), r.rank);
  req["cost_weight"] = r.cost_weight;
  req["year"] = r.year;

  ordered_json cands = ordered_json::array();
  for (const auto& c : s.candidates) {
    ordered_json j;
    j["rank"] = c.rank;
    j["id"] = c.id;
    j["name"] = c.name;
    j["kind"] = c.is_cable ? "cable" : "transceiver";
    j["family"] = c.family;
    j["ports"] = c.ports;
    j["reach_m"] = round_to(c.reach.value());
    j["channel_loss_db"] = c.loss_checked ? ordered_json(round_to(c.channel_loss.value())) : ordered_json(nullptr);
    j["max_channel_loss_db"] =
        c.loss_checked ? ordered_json(round_to(c.max_channel_loss.value())) : ordered_json(nullptr);
    j["loss_margin_db"] = c.loss_checked ? ordered_json(round_to(c.loss_margin.value())) : ordered_json(nullptr);
    j["power_w"] = round_to(c.power.value());
    j["power_per_link_w"] = round_to(c.power_per_link.value());
    j["price_usd"] = c.price ? ordered_json(round_to(c.price->value())) : ordered_json(nullptr);
    j["price_per_link_usd"] =
        c.price_per_link ? ordered_json(round_to(c.price_per_link->value())) : ordered_json(nullptr);
    j["lasers_per_link"] = round_to(c.lasers_per_link);
    j["score"] = c.score;
    cands.push_back(std::move(j));
  }
  ordered_json rej = ordered_json::array();
  for (const auto& f : s.rejected) {
    ordered_json j;
    j["family"] = f.family;
    j["reasons"] = f.reasons;
    ordered_json mods = ordered_json::array();
    for (const auto& m : f.modules) mods.push_back({{"id", m.id}, {"reasons", m.reasons}});
    j["modules"] = std::move(mods);
    rej.push_back(std::move(j));
  }
  ordered_json out;
  out["schema"] = "opticplan.select";
  out["version"] = 1;
  out["requirement"] = std::move(req);
  out["candidates"] = std::move(cands);
  out["rejected"] = std::move(rej);
  return out;
}

}  // namespace opticplan::results

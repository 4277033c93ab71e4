#include "opticplan/results/catalog_results.h"

#include <algorithm>

namespace opticplan::results {
using namespace catalog;
using nlohmann::ordered_json;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string price_note(const PriceCurve& p) {
  if (p.empty()) return "";
  const auto& [year, price] = p.by_year.back();
  return format(price) + " (" + std::to_string(year) + ")";
}

ordered_json price_json(const PriceCurve& p) {
  ordered_json j = ordered_json::object();
  for (const auto& [year, price] : p.by_year) j[std::to_string(year)] = round_to(price.value());
  return j;
}

ordered_json bom_json(const Catalog& cat, const std::vector<BomLine>& bom) {
  ordered_json j = ordered_json::array();
  for (const auto& b : bom) j.push_back({{"component", cat.components[b.component].id}, {"qty", b.qty}});
  return j;
}

ordered_json sources_json(const Catalog& cat, const Entry& e) {
  ordered_json j = ordered_json::object();
  if (e.source.fallback.valid()) j["default"] = cat.sources[e.source.fallback].id;
  for (const auto& [field, id] : e.source.by_field) j[field] = cat.sources[id].id;
  return j;
}

struct Row {
  std::string kind, id, name, summary;
  std::optional<DataRate> speed;
};

std::vector<Row> rows(const Catalog& cat) {
  std::vector<Row> out;
  for (const auto& c : cat.components)
    out.push_back({"components", c.id, c.name,
                   std::string(name_of(c.kind)) + (c.lane_rate ? " " + format(*c.lane_rate) + "/lane" : "") +
                       (c.price.empty() ? "" : ", " + price_note(c.price)),
                   std::nullopt});
  for (const auto& p : cat.pmds) {
    std::string s = p.kind == PmdKind::kCoherent
                        ? format(p.speed) + " " + std::string(name_of(p.modulation)) + " " + format(p.symbol_rate) +
                              ", OSNR " + format(p.required_osnr) + ", " + format(p.reach)
                        : format(p.speed) + " = " + std::to_string(p.lanes) + "x" + format(p.lane_rate) + " " +
                              std::string(name_of(p.modulation)) + ", " + std::string(name_of(p.fiber)) + " " +
                              format(p.reach) + ", " + p.connector;
    out.push_back({"pmds", p.id, p.name, s, p.speed});
  }
  for (const auto& t : cat.transceivers) {
    const Pmd& p = cat.pmds[t.pmd];
    out.push_back({"transceivers", t.id, t.name,
                   (t.ports > 1 ? std::to_string(t.ports) + "x" : "") + p.id + ", " + std::string(name_of(t.form_factor)) +
                       ", " + std::string(name_of(t.optics)) + "/" + std::string(name_of(t.electrical)) + ", " +
                       format(t.power) + (t.price.empty() ? "" : ", " + price_note(t.price)),
                   DataRate(p.speed.value() * t.ports)});
  }
  for (const auto& c : cat.cables)
    out.push_back({"cables", c.id, c.name,
                   format(c.speed) + " " + std::string(name_of(c.kind)) + " " + format(c.reach) + ", " +
                       std::string(name_of(c.form_factor)) + (c.breakout > 1 ? ", 1:" + std::to_string(c.breakout) : "") +
                       (c.price.empty() ? "" : ", " + price_note(c.price)),
                   c.speed});
  for (const auto& c : cat.cpos)
    out.push_back({"cpo", c.id, c.name, cat.pmds[c.pmd].id + ", " + format(c.power_per_port) + "/port", cat.pmds[c.pmd].speed});
  for (const auto& s : cat.switches)
    out.push_back({"switches", s.id, s.name,
                   std::to_string(s.ports()) + "x" + format(s.port_speed) + " in " + std::to_string(s.cages) + " " +
                       (s.cpo.valid() ? std::string("CPO ports") : std::string(name_of(s.cage))) + ", " + format(s.asic_bandwidth) +
                       " " + std::string(name_of(s.protocol)),
                   s.port_speed});
  for (const auto& n : cat.nics)
    out.push_back({"nics", n.id, n.name,
                   std::to_string(n.ports) + "x" + format(n.speed) + ", " + std::string(name_of(n.cage)), n.speed});
  for (const auto& s : cat.servers) {
    std::string nics;
    for (const auto& n : s.nics)
      nics += (nics.empty() ? "" : ", ") + std::to_string(n.count) + "x " + cat.nics[n.nic].id + " (" + n.role + ")";
    out.push_back({"servers", s.id, s.name, std::to_string(s.gpus) + " GPUs; " + nics, std::nullopt});
  }
  return out;
}

bool keep(const Row& r, const CatalogFilter& f) {
  if (!f.kind.empty() && r.kind != f.kind) return false;
  if (!f.text.empty()) {
    const std::string needle = lower(f.text);
    if (lower(r.id).find(needle) == std::string::npos && lower(r.name).find(needle) == std::string::npos) return false;
  }
  if (f.speed && (!r.speed || *r.speed != *f.speed)) return false;
  return true;
}

}  // namespace

Table catalog_table(const Catalog& cat, const CatalogFilter& filter) {
  Table t;
  t.column("kind");
  t.column("id");
  t.column("summary");
  for (const auto& r : rows(cat))
    if (keep(r, filter)) t.row({r.kind, r.id, r.summary});
  return t;
}

ordered_json catalog_list_json(const Catalog& cat, const CatalogFilter& filter) {
  ordered_json items = ordered_json::array();
  for (const auto& r : rows(cat))
    if (keep(r, filter)) items.push_back({{"kind", r.kind}, {"id", r.id}, {"name", r.name}, {"summary", r.summary}});
  ordered_json out;
  out["schema"] = "opticplan.catalog.list";
  out["version"] = 1;
  out["entries"] = std::move(items);
  return out;
}

std::optional<ordered_json> entry_json(const Catalog& cat, const std::string& id) {
  ordered_json j;
  auto common = [&](const char* kind, const Entry& e) {
    j["schema"] = "opticplan.catalog.entry";
    j["version"] = 1;
    j["kind"] = kind;
    j["id"] = e.id;
    j["name"] = e.name;
  };
  auto finish = [&](const Entry& e) {
    j["source"] = sources_json(cat, e);
    ordered_json cited = ordered_json::array();
    std::vector<SourceId> seen;
    auto cite = [&](SourceId s) {
      if (!s.valid() || std::find(seen.begin(), seen.end(), s) != seen.end()) return;
      seen.push_back(s);
      const Source& src = cat.sources[s];
      ordered_json c = {{"id", src.id}, {"title", src.title}};
      if (src.year) c["year"] = src.year;
      if (!src.publisher.empty()) c["publisher"] = src.publisher;
      if (!src.url.empty()) c["url"] = src.url;
      if (!src.note.empty()) c["note"] = src.note;
      cited.push_back(std::move(c));
    };
    cite(e.source.fallback);
    for (const auto& [field, s] : e.source.by_field) cite(s);
    j["sources"] = std::move(cited);
    j["defined_at"] = e.where.file + ":" + std::to_string(e.where.line);
  };
  if (auto c = cat.find_component(id)) {
    const Component& e = cat.components[*c];
    common("components", e);
    j["component_kind"] = name_of(e.kind);
    j["lane_rate_gbps"] = e.lane_rate ? ordered_json(e.lane_rate->value()) : ordered_json(nullptr);
    j["price_usd"] = price_json(e.price);
    finish(e);
    return j;
  }
  if (auto p = cat.find_pmd(id)) {
    const Pmd& e = cat.pmds[*p];
    common("pmds", e);
    j["pmd_kind"] = name_of(e.kind);
    j["speed_gbps"] = e.speed.value();
    j["lanes"] = e.lanes;
    j["lane_rate_gbps"] = e.lane_rate.value();
    j["modulation"] = name_of(e.modulation);
    j["fiber"] = name_of(e.fiber);
    j["wavelength_nm"] = round_to(e.wavelength.value() * 1e9, 3);
    j["connector"] = e.connector;
    if (e.fiber == Fiber::kMmf) {
      ordered_json reach, loss;
      for (const auto& [g, grade] : kFiberGradeNames) {
        reach[std::string(g)] = e.reach_by_grade[static_cast<size_t>(grade)].value();
        loss[std::string(g)] = e.loss_by_grade[static_cast<size_t>(grade)].value();
      }
      j["reach_m"] = reach;
      j["max_channel_loss_db"] = loss;
    } else {
      j["reach_m"] = e.reach.value();
      j["max_channel_loss_db"] = e.has_max_channel_loss ? ordered_json(e.max_channel_loss.value()) : ordered_json(nullptr);
    }
    ordered_json b = ordered_json::array();
    for (const auto& x : e.breakout) b.push_back({{"pmd", cat.pmds[x.pmd].id}, {"count", x.count}});
    j["breakout"] = b;
    if (e.kind == PmdKind::kCoherent) {
      j["symbol_rate_gbd"] = e.symbol_rate.value();
      j["fec"] = e.fec;
      j["channel_spacing_ghz"] = e.channel_spacing.value();
      j["required_osnr_db"] = e.required_osnr.value();
      j["tx_osnr_db"] = e.tx_osnr.value();
      j["cd_tolerance_ps_nm"] = e.cd_tolerance ? ordered_json(e.cd_tolerance->value()) : ordered_json(nullptr);
    }
    finish(e);
    return j;
  }
  if (auto t = cat.find_transceiver(id)) {
    const Transceiver& e = cat.transceivers[*t];
    common("transceivers", e);
    j["pmd"] = cat.pmds[e.pmd].id;
    ordered_json alt = ordered_json::array();
    for (auto m : e.alt_modes) alt.push_back(cat.pmds[m].id);
    j["alt_modes"] = alt;
    j["form_factor"] = name_of(e.form_factor);
    j["ports"] = e.ports;
    j["optics"] = name_of(e.optics);
    j["electrical"] = name_of(e.electrical);
    j["power_w"] = e.power.value();
    j["price_usd"] = price_json(e.price);
    j["bom"] = bom_json(cat, e.bom);
    finish(e);
    return j;
  }
  if (auto c = cat.find_cable(id)) {
    const Cable& e = cat.cables[*c];
    common("cables", e);
    j["cable_kind"] = name_of(e.kind);
    j["speed_gbps"] = e.speed.value();
    j["lanes"] = e.lanes;
    j["lane_rate_gbps"] = e.lane_rate.value();
    j["reach_m"] = e.reach.value();
    j["form_factor"] = name_of(e.form_factor);
    j["breakout"] = e.breakout;
    j["power_w"] = e.power.value();
    j["price_usd"] = price_json(e.price);
    j["bom"] = bom_json(cat, e.bom);
    finish(e);
    return j;
  }
  if (auto c = cat.find_cpo(id)) {
    const Cpo& e = cat.cpos[*c];
    common("cpo", e);
    j["pmd"] = cat.pmds[e.pmd].id;
    j["power_per_port_w"] = e.power_per_port.value();
    j["lasers_per_port"] = e.lasers_per_port;
    j["laser_component"] = e.laser_component.valid() ? ordered_json(cat.components[e.laser_component].id) : ordered_json(nullptr);
    j["price_per_port_usd"] = price_json(e.price_per_port);
    j["bom"] = bom_json(cat, e.bom);
    finish(e);
    return j;
  }
  if (auto s = cat.find_switch(id)) {
    const Switch& e = cat.switches[*s];
    common("switches", e);
    j["protocol"] = name_of(e.protocol);
    j["asic_bandwidth_gbps"] = e.asic_bandwidth.value();
    j["cages"] = e.cages;
    j["cage"] = e.cpo.valid() ? ordered_json(nullptr) : ordered_json(name_of(e.cage));
    j["ports_per_cage"] = e.ports_per_cage;
    j["ports"] = e.ports();
    j["port_speed_gbps"] = e.port_speed.value();
    ordered_json b = ordered_json::array();
    for (const auto& x : e.breakout) b.push_back({{"speed_gbps", x.speed.value()}, {"count", x.count}});
    j["breakout"] = b;
    j["cpo"] = e.cpo.valid() ? ordered_json(cat.cpos[e.cpo].id) : ordered_json(nullptr);
    j["power_w"] = e.power.value();
    j["price_usd"] = price_json(e.price);
    finish(e);
    return j;
  }
  if (auto n = cat.find_nic(id)) {
    const Nic& e = cat.nics[*n];
    common("nics", e);
    ordered_json protos = ordered_json::array();
    for (auto p : e.protocols) protos.push_back(name_of(p));
    j["protocol"] = protos;
    j["speed_gbps"] = e.speed.value();
    j["ports"] = e.ports;
    j["cage"] = name_of(e.cage);
    j["ports_per_cage"] = e.ports_per_cage;
    j["power_w"] = e.power.value();
    j["price_usd"] = price_json(e.price);
    finish(e);
    return j;
  }
  if (auto s = cat.find_server(id)) {
    const Server& e = cat.servers[*s];
    common("servers", e);
    j["gpus"] = e.gpus;
    ordered_json nics = ordered_json::array();
    for (const auto& n : e.nics) nics.push_back({{"nic", cat.nics[n.nic].id}, {"count", n.count}, {"role", n.role}});
    j["nics"] = nics;
    j["power_w"] = e.power.value();
    j["price_usd"] = price_json(e.price);
    finish(e);
    return j;
  }
  return std::nullopt;
}

std::string entry_text(const ordered_json& entry) {
  std::string out;
  for (const auto& [key, value] : entry.items()) {
    if (key == "schema" || key == "version" || key == "sources") continue;
    out += key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
  }
  if (entry.contains("sources")) {
    out += "sources:\n";
    for (const auto& s : entry["sources"]) {
      out += "  " + s["id"].get<std::string>() + ": " + s["title"].get<std::string>();
      if (s.contains("year")) out += " (" + std::to_string(s["year"].get<int>()) + ")";
      if (s.contains("url")) out += " <" + s["url"].get<std::string>() + ">";
      out += "\n";
    }
  }
  return out;
}

}  // namespace opticplan::results

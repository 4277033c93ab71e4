#include "opticplan/results/catalog_results.h"

#include <algorithm>

#include "opticplan/scenario/catalog_fields.h"

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

const std::string& id_of(const Catalog& cat, ComponentId c) { return cat.components[c].id; }
const std::string& id_of(const Catalog& cat, PmdId p) { return cat.pmds[p].id; }
const std::string& id_of(const Catalog& cat, CpoId c) { return cat.cpos[c].id; }
const std::string& id_of(const Catalog& cat, NicId n) { return cat.nics[n].id; }

// The entry's source map, the sources it cites (each once, in citing order) and where it is defined.
void write_sources(const Catalog& cat, ordered_json& j, const Entry& e) {
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
}

// The custom fields of catalog_fields.h, as entry JSON shows them.
template <class Q>
ordered_json by_grade_json(const std::array<Q, kFiberGrades>& values) {
  ordered_json j;
  for (const auto& [name, grade] : kFiberGradeNames) j[std::string(name)] = values[static_cast<size_t>(grade)].value();
  return j;
}

ordered_json custom_json(const Catalog&, const Pmd& p, PmdReach) {
  return p.fiber == Fiber::kMmf ? by_grade_json(p.reach_by_grade) : ordered_json(p.reach.value());
}

ordered_json custom_json(const Catalog&, const Pmd& p, PmdLoss) {
  if (p.fiber == Fiber::kMmf) return by_grade_json(p.loss_by_grade);
  return p.has_max_channel_loss ? ordered_json(p.max_channel_loss.value()) : ordered_json(nullptr);
}

ordered_json custom_json(const Catalog& cat, const Pmd& p, PmdBreakout) {
  ordered_json b = ordered_json::array();
  for (const auto& x : p.breakout) b.push_back({{"pmd", id_of(cat, x.pmd)}, {"count", x.count}});
  return b;
}

ordered_json custom_json(const Catalog&, const Switch& s, SwitchCage) {
  return s.cpo.valid() ? ordered_json(nullptr) : ordered_json(name_of(s.cage));
}

ordered_json custom_json(const Catalog&, const Switch& s, SwitchBreakout) {
  ordered_json b = ordered_json::array();
  for (const auto& x : s.breakout) b.push_back({{"speed_gbps", x.speed.value()}, {"count", x.count}});
  return b;
}

ordered_json custom_json(const Catalog&, const Switch& s, SwitchGang) {
  ordered_json g = ordered_json::array();
  for (const auto& x : s.gang) g.push_back({{"speed_gbps", x.speed.value()}, {"ports", x.count}});
  return g;
}

ordered_json custom_json(const Catalog& cat, const Server& s, ServerNics) {
  ordered_json nics = ordered_json::array();
  for (const auto& n : s.nics) nics.push_back({{"nic", id_of(cat, n.nic)}, {"count", n.count}, {"role", n.role}});
  return nics;
}

// Fields entry JSON leaves out (their Field has no JSON key): never called.
ordered_json custom_json(const Catalog&, const Cable&, CableFarEnd) { return nullptr; }
ordered_json custom_json(const Catalog&, const Server&, ServerTrays) { return nullptr; }

// Writes an entry's fields to JSON as catalog_fields.h lists them (one method per kind of value).
class FieldWriter {
 public:
  FieldWriter(const Catalog& cat, ordered_json& j) : cat_(cat), j_(j) {}

  void text(const Field& f, const std::string& m) { put(f, m); }
  void identifier(const Field& f, const std::string& m) { put(f, m); }
  template <class E, size_t N>
  void choice(const Field& f, const E& m, const std::pair<std::string_view, E> (&)[N]) {
    put(f, name_of(m));
  }
  template <class E, size_t N>
  void choice_list(const Field& f, const std::vector<E>& m, const std::pair<std::string_view, E> (&)[N]) {
    ordered_json names = ordered_json::array();
    for (const auto& v : m) names.push_back(name_of(v));
    put(f, std::move(names));
  }
  template <size_t N>
  void one_of(const Field& f, const std::string& m, const std::string_view (&)[N]) {
    put(f, m);
  }
  template <class IdT>
  void ref(const Field& f, const IdT& m) {
    put(f, m.valid() ? ordered_json(id_of(cat_, m)) : ordered_json(nullptr));
  }
  template <class IdT>
  void refs(const Field& f, const std::vector<IdT>& m) {
    ordered_json ids = ordered_json::array();
    for (const auto& v : m) ids.push_back(id_of(cat_, v));
    put(f, std::move(ids));
  }
  void integer(const Field& f, const int& m, int64_t, int64_t) { put(f, m); }
  void number(const Field& f, const double& m, double, double) { put(f, m); }
  template <class Q>
  void quantity(const Field& f, const Q& m, Result<Q> (*)(std::string_view), Sign, JsonScale scale = kAsIs) {
    put(f, scale.digits < 0 ? m.value() : round_to(m.value() * scale.factor, scale.digits));
  }
  template <class Q>
  void quantity(const Field& f, const std::optional<Q>& m, Result<Q> (*)(std::string_view), Sign) {
    put(f, m ? ordered_json(m->value()) : ordered_json(nullptr));
  }
  void price(const Field& f, const PriceCurve& m) { put(f, price_json(m)); }
  void bom(const Field& f, const std::vector<BomLine>& m) { put(f, bom_json(cat_, m)); }
  template <class T>
  void derived(const Field& f, const T& value) {
    put(f, value);
  }
  template <class E, class Tag>
  void custom(const Field& f, const E& e, Tag tag) {
    if constexpr (std::is_same_v<Tag, EntrySource>) {
      write_sources(cat_, j_, e);
    } else if (!f.json.empty() && f.shown) {
      j_[std::string(f.json)] = custom_json(cat_, e, tag);
    }
  }

 private:
  void put(const Field& f, ordered_json value) {
    if (!f.json.empty() && f.shown) j_[std::string(f.json)] = std::move(value);
  }
  const Catalog& cat_;
  ordered_json& j_;
};

template <class E>
ordered_json write_entry(const Catalog& cat, Section section, const E& e) {
  ordered_json j;
  j["schema"] = "opticplan.catalog.entry";
  j["version"] = 1;
  j["kind"] = std::string(kSectionKeys[section]);
  FieldWriter writer(cat, j);
  entry_fields(writer, e);
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
                   (t.ports > 1 ? std::to_string(t.ports) + "x" : "") + p.id + ", " +
                       std::string(name_of(t.form_factor)) + ", " + std::string(name_of(t.optics)) + "/" +
                       std::string(name_of(t.electrical)) + ", " + format(t.power) +
                       (t.price.empty() ? "" : ", " + price_note(t.price)),
                   DataRate(p.speed.value() * t.ports)});
  }
  for (const auto& c : cat.cables)
    out.push_back({"cables", c.id, c.name,
                   format(c.speed) + " " + std::string(name_of(c.kind)) + " " + format(c.reach) + ", " +
                       std::string(name_of(c.form_factor)) +
                       (c.breakout > 1 ? ", 1:" + std::to_string(c.breakout) : "") +
                       (c.price.empty() ? "" : ", " + price_note(c.price)),
                   c.speed});
  for (const auto& c : cat.cpos)
    out.push_back(
        {"cpo", c.id, c.name, cat.pmds[c.pmd].id + ", " + format(c.power_per_port) + "/port", cat.pmds[c.pmd].speed});
  for (const auto& s : cat.switches)
    out.push_back({"switches", s.id, s.name,
                   std::to_string(s.ports()) + "x" + format(s.port_speed) + " in " + std::to_string(s.cages) + " " +
                       (s.cpo.valid() ? std::string("CPO ports") : std::string(name_of(s.cage))) + ", " +
                       format(s.asic_bandwidth) + " " + std::string(name_of(s.protocol)),
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
  if (auto c = cat.find_component(id)) return write_entry(cat, kComponents, cat.components[*c]);
  if (auto p = cat.find_pmd(id)) return write_entry(cat, kPmds, cat.pmds[*p]);
  if (auto t = cat.find_transceiver(id)) return write_entry(cat, kTransceivers, cat.transceivers[*t]);
  if (auto c = cat.find_cable(id)) return write_entry(cat, kCables, cat.cables[*c]);
  if (auto c = cat.find_cpo(id)) return write_entry(cat, kCpo, cat.cpos[*c]);
  if (auto s = cat.find_switch(id)) return write_entry(cat, kSwitches, cat.switches[*s]);
  if (auto n = cat.find_nic(id)) return write_entry(cat, kNics, cat.nics[*n]);
  if (auto s = cat.find_server(id)) return write_entry(cat, kServers, cat.servers[*s]);
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

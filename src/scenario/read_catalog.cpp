#include "opticplan/scenario/read_catalog.h"

#include <algorithm>
#include <span>

#include "opticplan/doc/reader.h"

namespace opticplan::catalog {
namespace {

enum Kind : size_t { kSources, kComponents, kPmds, kTransceivers, kCables, kCpo, kSwitches, kNics, kServers };
const std::vector<std::string> kSectionNames = {"sources", "components", "pmds",     "transceivers", "cables",
                                                "cpo",     "switches",   "nics",     "servers"};
const char* kSingular[] = {"source", "component", "PMD", "transceiver", "cable", "CPO engine", "switch", "NIC", "server"};

template <class E, size_t N>
Choices<E> choices(const std::pair<std::string_view, E> (&names)[N]) {
  return Choices<E>(names, N);
}

// Per-kind id tables, built before any entry is read so references can be resolved in one pass.
struct IdTables {
  std::array<Interner, 9> ids;
};

// Everything an entry reader needs.
struct Ctx {
  const IdTables& tables;
  Diagnostics& diag;
  Catalog& out;
};

std::optional<uint32_t> resolve(Ctx& ctx, Kind kind, const Node& n, const std::string& path) {
  auto id = read_id(n, path, ctx.diag);
  if (!id) return std::nullopt;
  const uint32_t v = ctx.tables.ids[kind].find(*id);
  if (v == Interner::kNone) {
    error_at(ctx.diag, n, path,
           std::string("unknown ") + kSingular[kind] + " \"" + *id + "\"" + did_you_mean(*id, ctx.tables.ids[kind].names()));
    return std::nullopt;
  }
  return v;
}

template <class IdT>
std::optional<IdT> ref(Ctx& ctx, MapReader& r, Kind kind, std::string_view key, bool required) {
  const Node* n = required ? r.require(key) : r.get(key);
  if (!n) return std::nullopt;
  auto v = resolve(ctx, kind, *n, r.path_of(key));
  if (!v) return std::nullopt;
  return IdT(*v);
}

PriceCurve read_price(Ctx& ctx, MapReader& r, std::string_view key) {
  PriceCurve curve;
  const Node* n = r.get(key);
  if (!n) return curve;
  r.mark_numeric(key);
  const std::string path = r.path_of(key);
  if (!n->is_mapping()) {
    error_at(ctx.diag, *n, path, "expected prices by year, such as {2025: $550, 2026: $390}, got " + n->describe());
    return curve;
  }
  for (const auto& m : n->members) {
    Node key_node;
    key_node.kind = Node::Kind::kScalar;
    key_node.text = m.key;
    key_node.file = n->file;
    key_node.line = m.key_line;
    key_node.column = m.key_column;
    auto year = read_int(key_node, path + "." + m.key, ctx.diag, 2000, 2100);
    auto price = read_quantity(m.value, path + "." + m.key, ctx.diag, parse_money);
    if (year && price) curve.by_year.emplace_back(static_cast<int>(*year), *price);
  }
  std::sort(curve.by_year.begin(), curve.by_year.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return curve;
}

std::vector<BomLine> read_bom(Ctx& ctx, MapReader& r, bool required) {
  std::vector<BomLine> bom;
  const Node* n = required ? r.require("bom") : r.get("bom");
  if (!n) return bom;
  r.mark_numeric("bom");
  for_each_item(*n, r.path_of("bom"), ctx.diag, [&](const Node& item, const std::string& path) {
    MapReader line(item, path, ctx.diag);
    auto c = ref<ComponentId>(ctx, line, kComponents, "component", true);
    auto qty = line.number("qty", true, 1e-6, 1e6);
    line.finish();
    if (c && qty) bom.push_back({*c, *qty});
  });
  return bom;
}

// The entry's `source:`; `complete` is false when part of it could not be read (then the coverage
// check would only repeat that error field by field).
Provenance read_provenance(Ctx& ctx, MapReader& r, bool& complete) {
  Provenance p;
  complete = false;
  const Node* n = r.require("source");
  if (!n) return p;
  const std::string path = r.path_of("source");
  if (n->is_scalar()) {
    if (auto id = resolve(ctx, kSources, *n, path)) {
      p.fallback = SourceId(*id);
      complete = true;
    }
    return p;
  }
  if (!n->is_mapping()) {
    error_at(ctx.diag, *n, path, "expected a source id, or a mapping from field to source id, got " + n->describe());
    return p;
  }
  complete = true;
  for (const auto& m : n->members) {
    auto id = resolve(ctx, kSources, m.value, path + "." + m.key);
    if (!id) {
      complete = false;
      continue;
    }
    if (m.key == "default") {
      p.fallback = SourceId(*id);
    } else {
      p.by_field.emplace_back(m.key, SourceId(*id));
    }
  }
  return p;
}

void check_provenance(Ctx& ctx, const MapReader& r, const Provenance& p) {
  if (!r.ok()) return;
  const Node* n = r.node().find("source");
  if (!n || n->is_null()) return;
  if (n->is_mapping()) {
    for (const auto& m : n->members) {
      if (m.key == "default") continue;
      const auto& known = r.numeric_fields();
      if (std::find(known.begin(), known.end(), m.key) == known.end()) {
        ctx.diag.error(Location{n->file ? *n->file : "", m.key_line, m.key_column}, r.path_of("source") + "." + m.key,
                       "names no numeric field of this entry" + did_you_mean(m.key, known));
      }
    }
  }
  for (const auto& field : r.numeric_fields()) {
    if (!p.of(field).valid()) {
      error_at(ctx.diag, *r.node().find(field), r.path_of(field),
             "has no source: cite one in `source:` (a source id, or `estimate`)");
    }
  }
}

void read_entry_common(MapReader& r, Entry& e) {
  if (auto id = r.id("id", true)) e.id = *id;
  if (auto name = r.str("name", false)) e.name = *name;
  e.where = r.node().where();
}

void finish_entry(Ctx& ctx, MapReader& r, Entry& e) {
  bool complete = false;
  e.source = read_provenance(ctx, r, complete);
  r.finish();
  if (complete) check_provenance(ctx, r, e.source);
}

Source read_source(Ctx& ctx, const std::string& id, const Node& n, const std::string& path) {
  Source s;
  s.id = id;
  MapReader r(n, path, ctx.diag);
  if (auto v = r.str("title", true)) s.title = *v;
  if (auto v = r.str("publisher", false)) s.publisher = *v;
  if (auto v = r.str("url", false)) s.url = *v;
  if (auto v = r.str("note", false)) s.note = *v;
  if (auto v = r.integer("year", false, 1900, 2100)) s.year = static_cast<int>(*v);
  r.finish();
  return s;
}

Component read_component(Ctx& ctx, MapReader& r) {
  Component c;
  read_entry_common(r, c);
  if (auto v = r.choice("kind", true, choices(kComponentKindNames))) c.kind = *v;
  c.lane_rate = r.quantity("lane_rate", false, parse_data_rate);
  c.price = read_price(ctx, r, "price");
  finish_entry(ctx, r, c);
  return c;
}

// Rates, speeds and counts of bandwidth must be positive: a 0G PMD is a typo, not a product.
template <class Q>
std::optional<Q> positive(MapReader& r, std::string_view key, bool required, Result<Q> (*parse)(std::string_view)) {
  auto v = r.quantity(key, required, parse);
  if (v && v->value() <= 0) {
    error_at(r.diag(), *r.get(key), r.path_of(key), "must be greater than zero");
    return std::nullopt;
  }
  return v;
}

Pmd read_pmd(Ctx& ctx, MapReader& r) {
  Pmd p;
  read_entry_common(r, p);
  if (auto v = r.choice("kind", false, choices(kPmdKindNames))) p.kind = *v;
  const bool coherent = p.kind == PmdKind::kCoherent;
  if (auto v = positive(r, "speed", true, parse_data_rate)) p.speed = *v;
  if (auto v = r.integer("lanes", !coherent, 1, 64)) p.lanes = static_cast<int>(*v);
  if (auto v = positive(r, "lane_rate", !coherent, parse_data_rate)) p.lane_rate = *v;
  else if (coherent) p.lane_rate = p.speed;
  if (auto v = r.choice("modulation", true, choices(kModulationNames))) p.modulation = *v;
  if (auto v = r.choice("fiber", true, choices(kFiberNames))) p.fiber = *v;
  if (auto v = r.quantity("wavelength", false, parse_length)) p.wavelength = *v;
  if (const Node* n = r.require("connector")) {
    std::vector<std::string> names(std::begin(kConnectorNames), std::end(kConnectorNames));
    if (auto i = read_choice_index(*n, r.path_of("connector"), ctx.diag, names)) p.connector = names[static_cast<size_t>(*i)];
  }
  // Reach and loss: single values for single-mode, by grade for multimode.
  const bool mmf = p.fiber == Fiber::kMmf;
  for (const char* key : {"reach", "max_channel_loss"}) {
    const bool is_reach = std::string_view(key) == "reach";
    const Node* n = (is_reach || !coherent) ? r.require(key) : r.get(key);
    if (!n) continue;
    r.mark_numeric(key);
    const std::string path = r.path_of(key);
    if (mmf) {
      MapReader grades(*n, path, ctx.diag);
      for (const auto& [gname, grade] : kFiberGradeNames) {
        const auto g = static_cast<size_t>(grade);
        if (is_reach) {
          if (auto v = grades.quantity(gname, false, parse_length)) p.reach_by_grade[g] = *v;
        } else if (auto v = grades.quantity(gname, false, parse_db)) {
          p.loss_by_grade[g] = *v;
        }
      }
      grades.finish();
    } else if (is_reach) {
      if (auto v = read_quantity(*n, path, ctx.diag, parse_length)) p.reach = *v;
    } else if (auto v = read_quantity(*n, path, ctx.diag, parse_db)) {
      p.max_channel_loss = *v;
      p.has_max_channel_loss = true;
    }
  }
  if (mmf) {
    if (!p.has_max_channel_loss) p.has_max_channel_loss = true;
    for (size_t g = 0; g < static_cast<size_t>(kFiberGrades); ++g)
      if (p.reach_by_grade[g] > p.reach) p.reach = p.reach_by_grade[g];
  }
  if (const Node* n = r.get("breakout")) {
    r.mark_numeric("breakout");
    for_each_item(*n, r.path_of("breakout"), ctx.diag, [&](const Node& item, const std::string& path) {
      MapReader b(item, path, ctx.diag);
      auto target = ref<PmdId>(ctx, b, kPmds, "pmd", true);
      auto count = b.integer("count", true, 2, 16);
      b.finish();
      if (target && count) p.breakout.push_back({*target, static_cast<int>(*count)});
    });
  }
  if (auto v = positive(r, "symbol_rate", coherent, parse_symbol_rate)) p.symbol_rate = *v;
  if (auto v = r.str("fec", false)) p.fec = *v;
  if (auto v = r.quantity("channel_spacing", false, parse_frequency)) p.channel_spacing = *v;
  if (auto v = r.quantity("required_osnr", coherent, parse_db)) p.required_osnr = *v;
  if (auto v = r.quantity("tx_osnr", false, parse_db)) p.tx_osnr = *v;
  p.cd_tolerance = r.quantity("cd_tolerance", false, parse_accumulated_dispersion);
  finish_entry(ctx, r, p);
  return p;
}

Transceiver read_transceiver(Ctx& ctx, MapReader& r) {
  Transceiver t;
  read_entry_common(r, t);
  if (auto v = ref<PmdId>(ctx, r, kPmds, "pmd", true)) t.pmd = *v;
  if (const Node* n = r.get("alt_modes")) {
    for_each_item(*n, r.path_of("alt_modes"), ctx.diag, [&](const Node& item, const std::string& path) {
      if (auto v = resolve(ctx, kPmds, item, path)) t.alt_modes.push_back(PmdId(*v));
    });
  }
  if (auto v = r.choice("form_factor", true, choices(kFormFactorNames))) t.form_factor = *v;
  if (auto v = r.integer("ports", false, 1, 8)) t.ports = static_cast<int>(*v);
  if (auto v = r.choice("optics", true, choices(kOpticsNames))) t.optics = *v;
  if (auto v = r.choice("electrical", true, choices(kElectricalNames))) t.electrical = *v;
  if (auto v = r.quantity("power", true, parse_power)) t.power = *v;
  t.price = read_price(ctx, r, "price");
  t.bom = read_bom(ctx, r, true);
  finish_entry(ctx, r, t);
  return t;
}

Cable read_cable(Ctx& ctx, MapReader& r) {
  Cable c;
  read_entry_common(r, c);
  if (auto v = r.choice("kind", true, choices(kCableKindNames))) c.kind = *v;
  if (auto v = positive(r, "speed", true, parse_data_rate)) c.speed = *v;
  if (auto v = r.integer("lanes", true, 1, 64)) c.lanes = static_cast<int>(*v);
  if (auto v = positive(r, "lane_rate", true, parse_data_rate)) c.lane_rate = *v;
  if (auto v = r.quantity("reach", true, parse_length)) c.reach = *v;
  if (auto v = r.choice("form_factor", true, choices(kFormFactorNames))) c.form_factor = c.far_form_factor = *v;
  if (auto v = r.choice("far_form_factor", false, choices(kFormFactorNames))) c.far_form_factor = *v;
  if (auto v = r.integer("breakout", false, 1, 8)) c.breakout = static_cast<int>(*v);
  if (auto v = r.quantity("power", true, parse_power)) c.power = *v;
  c.price = read_price(ctx, r, "price");
  c.bom = read_bom(ctx, r, false);
  finish_entry(ctx, r, c);
  return c;
}

Cpo read_cpo(Ctx& ctx, MapReader& r) {
  Cpo c;
  read_entry_common(r, c);
  if (auto v = ref<PmdId>(ctx, r, kPmds, "pmd", true)) c.pmd = *v;
  if (auto v = r.quantity("power_per_port", true, parse_power)) c.power_per_port = *v;
  if (auto v = r.number("lasers_per_port", true, 0, 64)) c.lasers_per_port = *v;
  if (auto v = ref<ComponentId>(ctx, r, kComponents, "laser_component", false)) c.laser_component = *v;
  c.price_per_port = read_price(ctx, r, "price_per_port");
  c.bom = read_bom(ctx, r, false);
  finish_entry(ctx, r, c);
  return c;
}

Switch read_switch(Ctx& ctx, MapReader& r) {
  Switch s;
  read_entry_common(r, s);
  if (auto v = r.choice("protocol", true, choices(kProtocolNames))) s.protocol = *v;
  if (auto v = positive(r, "asic_bandwidth", true, parse_data_rate)) s.asic_bandwidth = *v;
  if (auto v = r.integer("cages", true, 1, 1024)) s.cages = static_cast<int>(*v);
  // A co-packaged switch has optical faceplate ports, not pluggable cages: its cage is optional.
  const bool cpo = r.has("cpo") && !r.node().find("cpo")->is_null();
  if (auto v = r.choice("cage", !cpo, choices(kFormFactorNames))) s.cage = *v;
  if (auto v = r.integer("ports_per_cage", false, 1, 8)) s.ports_per_cage = static_cast<int>(*v);
  if (auto v = positive(r, "port_speed", true, parse_data_rate)) s.port_speed = *v;
  if (const Node* n = r.get("breakout")) {
    r.mark_numeric("breakout");
    for_each_item(*n, r.path_of("breakout"), ctx.diag, [&](const Node& item, const std::string& path) {
      MapReader b(item, path, ctx.diag);
      auto speed = positive(b, "speed", true, parse_data_rate);
      auto count = b.integer("count", true, 2, 16);
      b.finish();
      if (speed && count) s.breakout.push_back({*speed, static_cast<int>(*count)});
    });
  }
  if (auto v = ref<CpoId>(ctx, r, kCpo, "cpo", false)) s.cpo = *v;
  if (auto v = r.quantity("power", true, parse_power)) s.power = *v;
  s.price = read_price(ctx, r, "price");
  finish_entry(ctx, r, s);
  return s;
}

Nic read_nic(Ctx& ctx, MapReader& r) {
  Nic n;
  read_entry_common(r, n);
  if (const Node* p = r.require("protocol")) {
    const auto one = [&](const Node& item, const std::string& path) {
      if (auto v = read_choice(item, path, ctx.diag, choices(kProtocolNames))) n.protocols.push_back(*v);
    };
    if (p->is_sequence()) for_each_item(*p, r.path_of("protocol"), ctx.diag, one);
    else one(*p, r.path_of("protocol"));
  }
  if (auto v = positive(r, "speed", true, parse_data_rate)) n.speed = *v;
  if (auto v = r.integer("ports", false, 1, 16)) n.ports = static_cast<int>(*v);
  if (auto v = r.choice("cage", true, choices(kFormFactorNames))) n.cage = *v;
  if (auto v = r.integer("ports_per_cage", false, 1, 8)) n.ports_per_cage = static_cast<int>(*v);
  if (auto v = r.quantity("power", false, parse_power)) n.power = *v;
  n.price = read_price(ctx, r, "price");
  finish_entry(ctx, r, n);
  return n;
}

Server read_server(Ctx& ctx, MapReader& r) {
  Server s;
  read_entry_common(r, s);
  if (auto v = r.integer("gpus", true, 1, 1024)) s.gpus = static_cast<int>(*v);
  if (const Node* n = r.require("nics")) {
    r.mark_numeric("nics");
    for_each_item(*n, r.path_of("nics"), ctx.diag, [&](const Node& item, const std::string& path) {
      MapReader m(item, path, ctx.diag);
      ServerNic sn;
      auto nic = ref<NicId>(ctx, m, kNics, "nic", true);
      auto count = m.integer("count", true, 1, 1024);
      static const std::vector<std::string> roles = {"compute", "frontend", "storage", "management"};
      if (const Node* role = m.require("role"))
        if (auto i = read_choice_index(*role, m.path_of("role"), ctx.diag, roles)) sn.role = roles[static_cast<size_t>(*i)];
      m.finish();
      if (nic && count) {
        sn.nic = *nic;
        sn.count = static_cast<int>(*count);
        s.nics.push_back(sn);
      }
    });
  }
  if (auto v = r.integer("trays", false, 1, 256)) {
    s.trays = static_cast<int>(*v);
    bool even = s.gpus % s.trays == 0;
    for (const auto& sn : s.nics) even = even && sn.count % s.trays == 0;
    if (!even) error_at(ctx.diag, *r.get("trays"), r.path_of("trays"), "GPUs and NICs must divide evenly among the trays");
  }
  if (auto v = r.quantity("power", false, parse_power)) s.power = *v;
  s.price = read_price(ctx, r, "price");
  finish_entry(ctx, r, s);
  return s;
}

}  // namespace

const std::vector<std::string>& CatalogBuilder::sections() { return kSectionNames; }

bool CatalogBuilder::is_section(std::string_view key) {
  return std::find(kSectionNames.begin(), kSectionNames.end(), key) != kSectionNames.end();
}

void CatalogBuilder::collect(std::string_view section, const Node& value, const std::string& section_path,
                             Diagnostics& diag) {
  const auto it = std::find(kSectionNames.begin(), kSectionNames.end(), section);
  if (it == kSectionNames.end()) return;
  const size_t kind = static_cast<size_t>(it - kSectionNames.begin());
  const std::string file = value.file ? *value.file : "";
  auto add = [&](std::string id, const Node* node, std::string path, int line) {
    auto& list = raw_[kind];
    for (auto& prev : list) {
      if (prev.id != id || prev.overridden) continue;
      if (prev.file == file) {
        diag.error(node->where(), path, std::string("duplicate ") + kSingular[kind] + " id \"" + id +
                                            "\" (first defined at line " + std::to_string(prev.node->line) + ")");
        return;
      }
      prev.overridden = true;  // a later file replaces the entry
    }
    (void)line;
    list.push_back(Raw{std::move(id), node, std::move(path), file, false});
  };
  if (kind == kSources) {
    if (value.is_null()) return;
    if (!value.is_mapping()) {
      error_at(diag, value, section_path, "expected a mapping from source id to {title, year, ...}, got " + value.describe());
      return;
    }
    for (const auto& m : value.members) {
      if (m.key == "estimate") {
        diag.error(Location{file, m.key_line, m.key_column}, section_path + ".estimate",
                   "\"estimate\" is a built-in source id and cannot be redefined");
        continue;
      }
      Node key_node;
      key_node.kind = Node::Kind::kScalar;
      key_node.text = m.key;
      key_node.file = value.file;
      key_node.line = m.key_line;
      key_node.column = m.key_column;
      if (!read_id(key_node, section_path + "." + m.key, diag)) continue;
      add(m.key, &m.value, section_path + "." + m.key, m.key_line);
    }
    return;
  }
  if (value.is_null()) return;
  for_each_item(value, section_path, diag, [&](const Node& item, const std::string& path) {
    if (!item.is_mapping()) {
      error_at(diag, item, path, std::string("expected a ") + kSingular[kind] + " entry (a mapping with an id), got " +
                                   item.describe());
      return;
    }
    const Node* idn = item.find("id");
    if (!idn) {
      error_at(diag, item, path + ".id", "missing required field \"id\"");
      return;
    }
    auto id = read_id(*idn, path + ".id", diag);
    if (!id) return;
    add(*id, &item, path, item.line);
  });
}

Catalog CatalogBuilder::build(Diagnostics& diag) const {
  Catalog out;
  IdTables tables;
  tables.ids[kSources].intern("estimate");
  for (size_t k = 0; k < kKinds; ++k)
    for (const auto& raw : raw_[k])
      if (!raw.overridden) tables.ids[k].intern(raw.id);
  Ctx ctx{tables, diag, out};

  // Sources: the built-in estimate first, then the files' sources in id-table order.
  out.sources.resize(tables.ids[kSources].size());
  out.sources.raw()[0] = Source{"estimate", "opticplan estimate", "", "", "", 0, true};
  for (const auto& raw : raw_[kSources]) {
    Source s = read_source(ctx, raw.id, *raw.node, raw.path);
    if (!raw.overridden) out.sources.raw()[tables.ids[kSources].find(raw.id)] = std::move(s);
  }

  // Entries: read every raw entry (so overridden ones are validated too), keep the survivors.
  auto read_all = [&](Kind kind, auto& vec, auto reader) {
    vec.resize(tables.ids[kind].size());
    for (const auto& raw : raw_[kind]) {
      MapReader r(*raw.node, raw.path, diag);
      auto entry = reader(ctx, r);
      if (!raw.overridden) vec.raw()[tables.ids[kind].find(raw.id)] = std::move(entry);
    }
  };
  read_all(kComponents, out.components, read_component);
  read_all(kPmds, out.pmds, read_pmd);
  read_all(kTransceivers, out.transceivers, read_transceiver);
  read_all(kCables, out.cables, read_cable);
  read_all(kCpo, out.cpos, read_cpo);
  read_all(kSwitches, out.switches, read_switch);
  read_all(kNics, out.nics, read_nic);
  read_all(kServers, out.servers, read_server);
  return out;
}

}  // namespace opticplan::catalog

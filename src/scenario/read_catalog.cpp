#include "opticplan/scenario/read_catalog.h"

#include <algorithm>
#include <span>

#include "opticplan/doc/reader.h"
#include "opticplan/scenario/catalog_fields.h"

namespace opticplan::catalog {
namespace {

const std::vector<std::string> kSectionNames(std::begin(kSectionKeys), std::end(kSectionKeys));

std::string singular(Section section) { return std::string(kSectionSingulars[section]); }

template <class E, size_t N>
Choices<E> choices(const std::pair<std::string_view, E> (&names)[N]) {
  return Choices<E>(names, N);
}

// Per-kind id tables, built before any entry is read so references can be resolved in one pass.
struct IdTables {
  std::array<Interner, kSectionCount> ids;
};

// Everything an entry reader needs.
struct Ctx {
  const IdTables& tables;
  Diagnostics& diag;
  Catalog& out;
};

std::optional<uint32_t> resolve(Ctx& ctx, Section kind, const Node& n, const std::string& path) {
  auto id = read_id(n, path, ctx.diag);
  if (!id) return std::nullopt;
  const uint32_t v = ctx.tables.ids[kind].find(*id);
  if (v == Interner::kNone) {
    error_at(ctx.diag, n, path,
             "unknown " + singular(kind) + " \"" + *id + "\"" + did_you_mean(*id, ctx.tables.ids[kind].names()));
    return std::nullopt;
  }
  return v;
}

template <class IdT>
std::optional<IdT> ref(Ctx& ctx, MapReader& r, std::string_view key, bool required) {
  const Node* n = required ? r.require(key) : r.get(key);
  if (!n) return std::nullopt;
  auto v = resolve(ctx, section_of(IdT()), *n, r.path_of(key));
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
  std::sort(curve.by_year.begin(), curve.by_year.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return curve;
}

std::vector<BomLine> read_bom(Ctx& ctx, MapReader& r, std::string_view key, bool required) {
  std::vector<BomLine> bom;
  const Node* n = required ? r.require(key) : r.get(key);
  if (!n) return bom;
  r.mark_numeric(key);
  for_each_item(*n, r.path_of(key), ctx.diag, [&](const Node& item, const std::string& path) {
    MapReader line(item, path, ctx.diag);
    auto c = ref<ComponentId>(ctx, line, "component", true);
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

// The value of `f`, marked as a number that needs a source when it is one; nullptr when absent.
const Node* field_node(MapReader& r, const Field& f, bool numeric) {
  const Node* n = f.need == kRequired ? r.require(f.key) : r.get(f.key);
  if (n && numeric) r.mark_numeric(f.key);
  return n;
}

template <class Q>
std::optional<Q> read_quantity_field(MapReader& r, const Field& f, Result<Q> (*parse)(std::string_view), Sign sign) {
  auto v = r.quantity(f.key, f.need == kRequired, parse);
  if (v && sign == kPositive && v->value() <= 0) {
    error_at(r.diag(), *r.get(f.key), r.path_of(f.key), "must be greater than zero");
    return std::nullopt;
  }
  return v;
}

// One value for single-mode, by fibre grade ({OM3: 70 m, OM4: 100 m}) for multimode; true when
// the single value was read.
template <class Q>
bool read_one_or_by_grade(Ctx& ctx, MapReader& r, const Field& f, bool by_grade, Q& one,
                          std::array<Q, kFiberGrades>& graded, Result<Q> (*parse)(std::string_view)) {
  const Node* n = field_node(r, f, true);
  if (!n) return false;
  const std::string path = r.path_of(f.key);
  if (!by_grade) {
    auto v = read_quantity(*n, path, ctx.diag, parse);
    if (v) one = *v;
    return v.has_value();
  }
  MapReader grades(*n, path, ctx.diag);
  for (const auto& [name, grade] : kFiberGradeNames)
    if (auto v = grades.quantity(name, false, parse)) graded[static_cast<size_t>(grade)] = *v;
  grades.finish();
  return false;
}

// The custom fields of catalog_fields.h.
void read_custom(Ctx& ctx, MapReader& r, const Field& f, Pmd& p, PmdReach) {
  read_one_or_by_grade(ctx, r, f, p.fiber == Fiber::kMmf, p.reach, p.reach_by_grade, parse_length);
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Pmd& p, PmdLoss) {
  if (read_one_or_by_grade(ctx, r, f, p.fiber == Fiber::kMmf, p.max_channel_loss, p.loss_by_grade, parse_db))
    p.has_max_channel_loss = true;
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Pmd& p, PmdBreakout) {
  const Node* n = field_node(r, f, PmdBreakout::kNumeric);
  if (!n) return;
  for_each_item(*n, r.path_of(f.key), ctx.diag, [&](const Node& item, const std::string& path) {
    MapReader b(item, path, ctx.diag);
    auto target = ref<PmdId>(ctx, b, "pmd", true);
    auto count = b.integer("count", true, 2, 16);
    b.finish();
    if (target && count) p.breakout.push_back({*target, static_cast<int>(*count)});
  });
}

void read_custom(Ctx&, MapReader& r, const Field& f, Cable& c, CableFarEnd) {
  if (auto v = r.choice(f.key, f.need == kRequired, choices(kFormFactorNames)))
    c.far_form_factor = *v;
  else
    c.far_form_factor = c.form_factor;
}

void read_custom(Ctx&, MapReader& r, const Field& f, Switch& s, SwitchCage) {
  // A co-packaged switch has optical faceplate ports, not pluggable cages: its cage is optional.
  const bool cpo = r.has("cpo") && !r.node().find("cpo")->is_null();
  if (auto v = r.choice(f.key, f.need == kRequired && !cpo, choices(kFormFactorNames))) s.cage = *v;
}

// A list of {speed, COUNT_KEY} entries (a switch's breakouts and ganged modes).
void read_speed_counts(Ctx& ctx, MapReader& r, const Node* n, const Field& f, const char* count_key, int most,
                       std::vector<SpeedBreakout>& out) {
  if (!n) return;
  for_each_item(*n, r.path_of(f.key), ctx.diag, [&](const Node& item, const std::string& path) {
    MapReader b(item, path, ctx.diag);
    auto speed = read_quantity_field(b, {"speed", "", kRequired}, parse_data_rate, kPositive);
    auto count = b.integer(count_key, true, 2, most);
    b.finish();
    if (speed && count) out.push_back({*speed, static_cast<int>(*count)});
  });
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Switch& s, SwitchBreakout) {
  read_speed_counts(ctx, r, field_node(r, f, SwitchBreakout::kNumeric), f, "count", 16, s.breakout);
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Switch& s, SwitchGang) {
  read_speed_counts(ctx, r, field_node(r, f, SwitchGang::kNumeric), f, "ports", 8, s.gang);
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Server& s, ServerNics) {
  const Node* n = field_node(r, f, ServerNics::kNumeric);
  if (!n) return;
  for_each_item(*n, r.path_of(f.key), ctx.diag, [&](const Node& item, const std::string& path) {
    MapReader m(item, path, ctx.diag);
    ServerNic sn;
    auto nic = ref<NicId>(ctx, m, "nic", true);
    auto count = m.integer("count", true, 1, 1024);
    static const std::vector<std::string> roles = {"compute", "frontend", "storage", "management"};
    if (const Node* role = m.require("role"))
      if (auto i = read_choice_index(*role, m.path_of("role"), ctx.diag, roles))
        sn.role = roles[static_cast<size_t>(*i)];
    m.finish();
    if (nic && count) {
      sn.nic = *nic;
      sn.count = static_cast<int>(*count);
      s.nics.push_back(sn);
    }
  });
}

void read_custom(Ctx& ctx, MapReader& r, const Field& f, Server& s, ServerTrays) {
  auto v = r.integer(f.key, f.need == kRequired, 1, 256);
  if (!v) return;
  s.trays = static_cast<int>(*v);
  bool even = s.gpus % s.trays == 0;
  for (const auto& sn : s.nics) even = even && sn.count % s.trays == 0;
  if (!even) error_at(ctx.diag, *r.get(f.key), r.path_of(f.key), "GPUs and NICs must divide evenly among the trays");
}

// Reads an entry's fields from its mapping as catalog_fields.h lists them (one method per kind of
// value; see there).
class FieldReader {
 public:
  FieldReader(Ctx& ctx, MapReader& r) : ctx_(ctx), r_(r) {}

  // Whether the entry's `source:` was read whole (else checking its coverage would only repeat
  // that error field by field).
  bool provenance_complete() const { return provenance_complete_; }

  void text(const Field& f, std::string& m) {
    if (auto v = r_.str(f.key, f.need == kRequired)) m = *v;
  }
  void identifier(const Field& f, std::string& m) {
    if (auto v = r_.id(f.key, f.need == kRequired)) m = *v;
  }
  template <class E, size_t N>
  void choice(const Field& f, E& m, const std::pair<std::string_view, E> (&names)[N]) {
    if (auto v = r_.choice(f.key, f.need == kRequired, choices(names))) m = *v;
  }
  // One name, or a list of them.
  template <class E, size_t N>
  void choice_list(const Field& f, std::vector<E>& m, const std::pair<std::string_view, E> (&names)[N]) {
    const Node* n = field_node(r_, f, false);
    if (!n) return;
    const auto one = [&](const Node& item, const std::string& path) {
      if (auto v = read_choice(item, path, ctx_.diag, choices(names))) m.push_back(*v);
    };
    if (n->is_sequence())
      for_each_item(*n, r_.path_of(f.key), ctx_.diag, one);
    else
      one(*n, r_.path_of(f.key));
  }
  template <size_t N>
  void one_of(const Field& f, std::string& m, const std::string_view (&names)[N]) {
    const Node* n = field_node(r_, f, false);
    if (!n) return;
    const std::vector<std::string> all(std::begin(names), std::end(names));
    if (auto i = read_choice_index(*n, r_.path_of(f.key), ctx_.diag, all)) m = all[static_cast<size_t>(*i)];
  }
  template <class IdT>
  void ref(const Field& f, IdT& m) {
    if (auto v = catalog::ref<IdT>(ctx_, r_, f.key, f.need == kRequired)) m = *v;
  }
  template <class IdT>
  void refs(const Field& f, std::vector<IdT>& m) {
    const Node* n = field_node(r_, f, false);
    if (!n) return;
    for_each_item(*n, r_.path_of(f.key), ctx_.diag, [&](const Node& item, const std::string& path) {
      if (auto v = resolve(ctx_, section_of(IdT()), item, path)) m.push_back(IdT(*v));
    });
  }
  void integer(const Field& f, int& m, int64_t min, int64_t max) {
    if (auto v = r_.integer(f.key, f.need == kRequired, min, max)) m = static_cast<int>(*v);
  }
  void number(const Field& f, double& m, double min, double max) {
    if (auto v = r_.number(f.key, f.need == kRequired, min, max)) m = *v;
  }
  template <class Q>
  void quantity(const Field& f, Q& m, Result<Q> (*parse)(std::string_view), Sign sign, JsonScale = kAsIs) {
    if (auto v = read_quantity_field(r_, f, parse, sign)) m = *v;
  }
  template <class Q>
  void quantity(const Field& f, std::optional<Q>& m, Result<Q> (*parse)(std::string_view), Sign sign,
                JsonScale = kAsIs) {
    m = read_quantity_field(r_, f, parse, sign);
  }
  void price(const Field& f, PriceCurve& m) { m = read_price(ctx_, r_, f.key); }
  void bom(const Field& f, std::vector<BomLine>& m) { m = read_bom(ctx_, r_, f.key, f.need == kRequired); }
  template <class T>
  void derived(const Field&, const T&) {}  // not in files
  template <class E, class Tag>
  void custom(const Field& f, E& e, Tag tag) {
    if constexpr (std::is_same_v<Tag, EntrySource>) {
      e.source = read_provenance(ctx_, r_, provenance_complete_);
    } else {
      read_custom(ctx_, r_, f, e, tag);
    }
  }

 private:
  Ctx& ctx_;
  MapReader& r_;
  bool provenance_complete_ = false;
};

// After the walk: what the table's comments promise.
template <class E>
void complete(E&) {}

void complete(Pmd& p) {
  // A coherent mode without a lane rate runs at its speed (lane_rate reads no zero).
  if (p.kind == PmdKind::kCoherent && p.lane_rate.value() <= 0) p.lane_rate = p.speed;
  // A multimode PMD has a loss budget per grade, and its reach is its longest over the grades.
  if (p.fiber == Fiber::kMmf) {
    p.has_max_channel_loss = true;
    for (size_t g = 0; g < static_cast<size_t>(kFiberGrades); ++g)
      if (p.reach_by_grade[g] > p.reach) p.reach = p.reach_by_grade[g];
  }
}

template <class E>
E read_entry(Ctx& ctx, MapReader& r) {
  E e;
  FieldReader reader(ctx, r);
  entry_fields(reader, e);
  e.where = r.node().where();
  complete(e);
  r.finish();
  if (reader.provenance_complete()) check_provenance(ctx, r, e.source);
  return e;
}

Source read_source(Ctx& ctx, const std::string& id, const Node& n, const std::string& path) {
  Source s;
  s.id = id;
  MapReader r(n, path, ctx.diag);
  FieldReader reader(ctx, r);
  fields(reader, s);
  r.finish();
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
  const auto kind = static_cast<Section>(it - kSectionNames.begin());
  const std::string file = value.file ? *value.file : "";
  auto add = [&](std::string id, const Node* node, std::string path, int line) {
    auto& list = raw_[kind];
    for (auto& prev : list) {
      if (prev.id != id || prev.overridden) continue;
      if (prev.file == file) {
        diag.error(node->where(), path,
                   "duplicate " + singular(kind) + " id \"" + id + "\" (first defined at line " +
                       std::to_string(prev.node->line) + ")");
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
      error_at(diag, value, section_path,
               "expected a mapping from source id to {title, year, ...}, got " + value.describe());
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
      error_at(diag, item, path,
               "expected a " + singular(kind) + " entry (a mapping with an id), got " + item.describe());
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
  auto read_all = [&](Section kind, auto& vec) {
    using E = typename std::remove_reference_t<decltype(vec)>::value_type;
    vec.resize(tables.ids[kind].size());
    for (const auto& raw : raw_[kind]) {
      MapReader r(*raw.node, raw.path, diag);
      E entry = read_entry<E>(ctx, r);
      if (!raw.overridden) vec.raw()[tables.ids[kind].find(raw.id)] = std::move(entry);
    }
  };
  read_all(kComponents, out.components);
  read_all(kPmds, out.pmds);
  read_all(kTransceivers, out.transceivers);
  read_all(kCables, out.cables);
  read_all(kCpo, out.cpos);
  read_all(kSwitches, out.switches);
  read_all(kNics, out.nics);
  read_all(kServers, out.servers);
  // A co-packaged engine's power, published for some port speed, scaled to its own port's.
  for (auto& c : out.cpos) {
    c.power_per_port = c.power_as_published;
    const double speed = c.pmd.valid() ? out.pmds[c.pmd].speed.value() : 0;
    if (c.power_published_for.value() > 0 && speed > 0)
      c.power_per_port = Power(c.power_as_published.value() * speed / c.power_published_for.value());
  }
  return out;
}

}  // namespace opticplan::catalog

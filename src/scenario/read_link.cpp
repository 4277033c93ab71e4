#include "opticplan/scenario/read_link.h"

#include <algorithm>
#include <map>

#include "opticplan/scenario/lookup.h"

namespace opticplan::link {
using namespace catalog;

void read_channel(MapReader& r, Channel& ch) {
  Diagnostics& diag = r.diag();
  if (auto v = r.quantity("length", true, parse_length)) ch.length = *v;
  if (const Node* n = r.require("fiber")) {
    static const std::vector<std::string> names = {"smf", "mmf", "OM3", "OM4", "OM5"};
    if (auto i = read_choice_index(*n, r.path_of("fiber"), diag, names)) {
      ch.fiber = *i == 0 ? Fiber::kSmf : Fiber::kMmf;
      if (*i >= 2) ch.grade = static_cast<FiberGrade>(*i - 2);
    }
  }
  if (auto v = r.integer("connectors", false, 0, 100)) ch.connectors = static_cast<int>(*v);
  if (auto v = r.integer("splices", false, 0, 1000)) ch.splices = static_cast<int>(*v);
  if (auto v = r.quantity("connector_loss", false, parse_db)) ch.connector_loss = *v;
  if (auto v = r.quantity("splice_loss", false, parse_db)) ch.splice_loss = *v;
  if (auto v = r.quantity("margin", false, parse_db)) ch.margin = *v;
  if (auto v = r.quantity("attenuation", false, parse_attenuation)) ch.attenuation = *v;
}

namespace {

template <class Vec>
std::vector<std::string> ids_of(const Vec& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.id);
  return out;
}

// `key` names the switch or NIC the end's module plugs into, if given.
bool read_port(MapReader& r, const Catalog& cat, const std::string& key, End& end) {
  const Node* port = r.get(key);
  if (!port) return true;
  auto id = read_id(*port, r.path_of(key), r.diag());
  if (!id) return false;
  if (auto s = cat.find_switch(*id)) {
    end.switch_port = *s;
    return true;
  }
  if (auto n = cat.find_nic(*id)) {
    end.nic_port = *n;
    return true;
  }
  std::vector<std::string> all = ids_of(cat.switches);
  for (auto& x : ids_of(cat.nics)) all.push_back(x);
  error_at(r.diag(), *port, r.path_of(key), "unknown switch or NIC \"" + *id + "\"" + did_you_mean(*id, all));
  return false;
}

// One end: `pmd` or `module` (exactly one), and optionally `port` (a switch or NIC id).
bool read_end(MapReader& r, const Catalog& cat, const std::string& prefix, End& end, bool required) {
  const std::string pmd_key = prefix + "pmd", module_key = prefix + "module", port_key = prefix + "port";
  const bool has_pmd = r.get(pmd_key) != nullptr, has_module = r.get(module_key) != nullptr;
  if (has_pmd && has_module) {
    error_at(r.diag(), *r.get(module_key), r.path_of(module_key),
             "give " + pmd_key + " or " + module_key + ", not both");
    return false;
  }
  if (!has_pmd && !has_module) {
    if (required) error_at(r.diag(), r.node(), r.path(), "missing \"" + pmd_key + "\" or \"" + module_key + "\"");
    return false;
  }
  bool ok = true;
  if (has_pmd) {
    if (auto p = lookup<PmdId>(r, pmd_key, cat.pmds, "PMD", true))
      end.pmd = *p;
    else
      ok = false;
  } else if (auto t = lookup<TransceiverId>(r, module_key, cat.transceivers, "transceiver", true)) {
    end.module = *t;
    end.pmd = cat.transceivers[*t].pmd;
  } else {
    ok = false;
  }
  ok = read_port(r, cat, port_key, end) && ok;
  if (ok && end.pmd.valid() && cat.pmds[end.pmd].kind == PmdKind::kCoherent) {
    const std::string key = has_pmd ? pmd_key : module_key;
    error_at(r.diag(), *r.get(key), r.path_of(key),
             cat.pmds[end.pmd].id + " is a coherent mode: describe this link under dci:");
    ok = false;
  }
  return ok;
}

std::string breakout_list(const Catalog& cat, const Pmd& p) {
  if (p.breakout.empty()) return p.id + " has no breakouts";
  std::string s = p.id + " breaks out into ";
  for (size_t i = 0; i < p.breakout.size(); ++i)
    s += (i ? ", " : "") + std::to_string(p.breakout[i].count) + " x " + cat.pmds[p.breakout[i].pmd].id;
  return s;
}

using AmplifierModels = std::map<std::string, AmplifierModel>;

// A value that is a gain or loss in dB, or an absolute power in dBm ("16 dB", "0 dBm").
struct DbOrDbm {
  std::optional<Decibel> db;
  std::optional<PowerDbm> dbm;
};
std::optional<DbOrDbm> read_db_or_dbm(const Node& n, const std::string& path, Diagnostics& diag, const char* what) {
  if (n.is_scalar()) {
    std::string t = n.text;
    while (!t.empty() && t.back() == ' ') t.pop_back();
    if (t.size() > 3 && t.compare(t.size() - 3, 3, "dBm") == 0) {
      if (auto v = read_quantity(n, path, diag, parse_dbm)) return DbOrDbm{std::nullopt, *v};
      return std::nullopt;
    }
    if (auto v = parse_db(t)) return DbOrDbm{*v, std::nullopt};
  }
  error_at(diag, n, path, std::string("expected ") + what + ", got " + n.describe());
  return std::nullopt;
}

// The amplifier model `id` of the route's amplifiers:, or nothing (and an error) when none is so named.
std::optional<AmplifierModel> find_model(const AmplifierModels& models, const std::string& id, const Node& at,
                                         const std::string& path, Diagnostics& diag) {
  if (const auto it = models.find(id); it != models.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [name, model] : models) names.push_back(name);
  error_at(diag, at, path,
           "unknown amplifier model \"" + id + "\"" + did_you_mean(id, names) + " (declare it under amplifiers:)");
  return std::nullopt;
}

// A route element: a mapping with exactly one of fiber / amplifier / roadm / loss.
std::optional<Element> read_element(const Node& n, const std::string& path, Diagnostics& diag,
                                    const AmplifierModels& models) {
  MapReader e(n, path, diag);
  if (!e.ok()) return std::nullopt;
  const bool f = e.has("fiber"), a = e.has("amplifier"), l = e.has("loss") && !e.has("roadm"), m = e.has("roadm");
  if (int(f) + int(a) + int(l) + int(m) != 1) {
    error_at(diag, n, path,
             "a route element is exactly one of {fiber: LENGTH}, {amplifier: GAIN|auto|POWER dBm, nf: DB or type: "
             "MODEL}, {roadm: LOSS dB|TARGET dBm} or {loss: DB}");
    return std::nullopt;
  }
  const size_t before = diag.size();
  std::optional<Element> out;
  if (f) {
    FiberSpan s;
    if (auto v = e.quantity("fiber", true, parse_length)) s.length = *v;
    if (auto v = e.quantity("attenuation", false, parse_attenuation)) s.attenuation = *v;
    if (auto v = e.quantity("dispersion", false, parse_dispersion)) s.dispersion = *v;
    if (auto v = e.quantity("effective_area", false, parse_area)) s.effective_area = *v;
    if (auto v = e.number("n2", false, 0, 1e-18)) s.n2 = *v;
    if (auto v = e.number("dispersion_slope", false, -1, 1)) s.dispersion_slope = *v;
    if (auto v = e.quantity("reference", false, parse_frequency)) {
      if (v->value() < 100000 || v->value() > 300000)
        error_at(diag, *e.get("reference"), e.path_of("reference"), "expected an optical frequency such as 193.4 THz");
      else
        s.reference = *v;
    }
    if (auto v = e.boolean("effective_area_scaling", false)) s.scale_effective_area = *v;
    for (const char* key : {"connector_in", "connector_out"}) {
      if (auto v = e.quantity(key, false, parse_db)) {
        if (v->value() < 0) error_at(diag, *e.get(key), e.path_of(key), "must be 0 dB or more");
        (std::string_view(key) == "connector_in" ? s.connector_in : s.connector_out) = *v;
      }
    }
    if (s.effective_area.value() <= 0) error_at(diag, n, e.path_of("effective_area"), "must be greater than 0 um2");
    out.emplace(std::in_place_type<FiberSpan>, s);
  } else if (a) {
    Amplifier amp;
    if (const Node* g = e.get("amplifier")) {
      if (g->is_scalar() && g->text == "auto") {
        amp.gain = std::nullopt;
      } else if (auto v = read_db_or_dbm(*g, e.path_of("amplifier"), diag,
                                         "a gain (\"20 dB\"), auto, or an output power per channel (\"1 dBm\")")) {
        amp.gain = v->db;
        amp.power = v->dbm;
      }
    } else {
      error_at(diag, n, e.path_of("amplifier"),
               "an amplifier needs a gain: a value such as \"20 dB\", \"auto\", or an output power such as \"1 dBm\"");
    }
    const bool has_nf = e.has("nf"), has_type = e.has("type");
    if (has_nf == has_type)
      error_at(diag, n, path, "an amplifier needs exactly one of nf (a noise figure) or type (a model of amplifiers:)");
    if (auto v = e.quantity("nf", false, parse_db)) amp.noise_figure = *v;
    if (auto t = e.str("type", false)) amp.model = find_model(models, *t, *e.get("type"), e.path_of("type"), diag);
    if (auto v = e.quantity("tilt", false, parse_db)) amp.tilt = *v;
    if (auto v = e.quantity("out_voa", false, parse_db)) amp.out_voa = *v;
    if (const Node* rp = e.get("ripple")) {
      e.mark_numeric("ripple");
      for_each_item(*rp, e.path_of("ripple"), diag, [&](const Node& item, const std::string& ip) {
        if (auto v = read_quantity(item, ip, diag, parse_db)) amp.ripple_db.push_back(v->value());
      });
    }
    out.emplace(std::in_place_type<Amplifier>, std::move(amp));
  } else if (m) {
    Roadm roadm;
    if (auto v = read_db_or_dbm(*e.get("roadm"), e.path_of("roadm"), diag,
                                "an express loss (\"18 dB\") or a per-channel output target (\"-20 dBm\")")) {
      if (v->db) roadm.loss = *v->db;
      roadm.target = v->dbm;
    }
    if (auto v = e.quantity("loss", false, parse_db)) {
      if (!roadm.target)
        error_at(diag, *e.get("loss"), e.path_of("loss"), "a loss beside roadm: LOSS dB is given twice");
      roadm.loss = *v;
    }
    if (auto v = e.quantity("add_drop_osnr", false, parse_db)) roadm.add_drop_osnr = *v;
    if (auto v = e.str("what", false)) roadm.what = *v;
    out.emplace(std::in_place_type<Roadm>, std::move(roadm));
  } else {
    LumpedLoss loss;
    if (auto v = e.quantity("loss", true, parse_db)) loss.loss = *v;
    if (auto v = e.str("what", false)) loss.what = *v;
    out.emplace(std::in_place_type<LumpedLoss>, std::move(loss));
  }
  e.finish();
  if (diag.size() != before) return std::nullopt;
  return out;
}

// amplifiers: {ID: {nf_min, nf_max, gain_min, gain_flatmax[, p_max]} | {nf0, gain_min, gain_flatmax[, p_max]}}
AmplifierModels read_amplifier_models(const Node& n, const std::string& path, Diagnostics& diag) {
  AmplifierModels out;
  if (!n.is_mapping()) {
    error_at(diag, n, path, "expected a mapping of amplifier models by id, got " + n.describe());
    return out;
  }
  for (const Member& member : n.members) {
    const std::string& key = member.key;
    const Node& value = member.value;
    std::string p = path;
    p += "." + key;
    MapReader r(value, p, diag);
    if (!r.ok()) continue;
    const size_t before = diag.size();
    AmplifierModel mdl;
    const bool variable = r.has("nf_min") || r.has("nf_max"), fixed = r.has("nf0");
    if (variable == fixed) {
      error_at(diag, value, p, "an amplifier model has nf_min and nf_max (variable gain) or nf0 (fixed gain)");
    }
    mdl.kind = fixed ? AmplifierModel::Kind::kFixedGain : AmplifierModel::Kind::kVariableGain;
    if (variable) {
      if (auto v = r.quantity("nf_min", true, parse_db)) mdl.nf_min_db = v->value();
      if (auto v = r.quantity("nf_max", true, parse_db)) mdl.nf_max_db = v->value();
    }
    if (auto v = r.quantity("nf0", fixed, parse_db)) mdl.nf0_db = v->value();
    if (auto v = r.quantity("gain_min", true, parse_db)) mdl.gain_min_db = v->value();
    if (auto v = r.quantity("gain_flatmax", true, parse_db)) mdl.gain_flatmax_db = v->value();
    if (auto v = r.quantity("p_max", false, parse_dbm)) mdl.p_max_dbm = v->value();
    r.finish();
    if (diag.size() == before && mdl.gain_flatmax_db <= mdl.gain_min_db)
      error_at(diag, value, p + ".gain_flatmax", "must be greater than gain_min");
    if (diag.size() == before)
      if (auto why = two_coil(mdl)) error_at(diag, value, p, *why);
    out.emplace(key, mdl);  // even when wrong: its users then report nothing more (the error is already told)
  }
  return out;
}

}  // namespace

std::optional<LinkSpec> read_link(MapReader& r, const Catalog& cat) {
  LinkSpec spec;
  const size_t before = r.diag().size();
  spec.where = r.node().where();
  if (auto v = r.id("id", true)) spec.id = *v;
  const bool near_ok = read_end(r, cat, "", spec.near, true);
  // The far end defaults to the near end's optics (a plain point-to-point link).
  bool far_ok = true;
  if (r.has("far_pmd") || r.has("far_module")) {
    far_ok = read_end(r, cat, "far_", spec.far, false);
  } else {
    spec.far = End{spec.near.pmd, spec.near.module, std::nullopt, std::nullopt};
    far_ok = read_port(r, cat, "far_port", spec.far);
  }
  read_channel(r, spec.channel);
  for (const char* key : {"connector", "far_connector"}) {
    if (const Node* n = r.get(key)) {
      std::vector<std::string> names(std::begin(kConnectorNames), std::end(kConnectorNames));
      if (auto i = read_choice_index(*n, r.path_of(key), r.diag(), names))
        (std::string_view(key) == "connector" ? spec.connector : spec.far_connector) = names[static_cast<size_t>(*i)];
    }
  }
  r.finish();
  if (near_ok && far_ok && spec.near.pmd.valid() && spec.far.pmd.valid()) {
    bool breakout = false;
    if (!ends_compatible(cat, spec.near.pmd, spec.far.pmd, breakout)) {
      const std::string key = r.has("far_pmd") ? "far_pmd" : "far_module";
      error_at(r.diag(), *r.node().find(key), r.path_of(key),
               cat.pmds[spec.far.pmd].id + " cannot face " + cat.pmds[spec.near.pmd].id +
                   ": not the same PMD and no such breakout (" + breakout_list(cat, cat.pmds[spec.near.pmd]) + ")");
    }
  }
  if (r.diag().size() != before) return std::nullopt;
  return spec;
}

std::optional<DciSpec> read_dci(MapReader& r, const Catalog& cat) {
  DciSpec spec;
  Diagnostics& diag = r.diag();
  const size_t before = diag.size();
  spec.where = r.node().where();
  if (auto v = r.id("id", true)) spec.id = *v;
  // Modes: `mode: ID | auto`, or `modes: [..]`, or the modes of `module`.
  std::vector<std::string> coherent_ids;
  for (const auto& p : cat.pmds)
    if (p.kind == PmdKind::kCoherent) coherent_ids.push_back(p.id);
  auto add_mode = [&](const Node& n, const std::string& path) {
    auto id = read_id(n, path, diag);
    if (!id) return;
    if (*id == "auto") {
      for (uint32_t i = 0; i < cat.pmds.size(); ++i)
        if (cat.pmds.raw()[i].kind == PmdKind::kCoherent) spec.modes.push_back(PmdId(i));
      return;
    }
    auto p = cat.find_pmd(*id);
    if (!p || cat.pmds[*p].kind != PmdKind::kCoherent) {
      error_at(diag, n, path,
               "unknown coherent mode \"" + *id + "\"" + did_you_mean(*id, coherent_ids) + "; or \"auto\"");
      return;
    }
    spec.modes.push_back(*p);
  };
  const int given = int(r.has("mode")) + int(r.has("modes")) + int(r.has("module"));
  if (given != 1) {
    error_at(diag, r.node(), r.path(),
             "give exactly one of mode (an id or auto), modes (a list) or module (a transceiver)");
  }
  if (const Node* n = r.get("mode")) add_mode(*n, r.path_of("mode"));
  if (const Node* n = r.get("modes")) for_each_item(*n, r.path_of("modes"), diag, add_mode);
  if (auto t = lookup<TransceiverId>(r, "module", cat.transceivers, "transceiver", false)) {
    const Transceiver& tr = cat.transceivers[*t];
    if (cat.pmds[tr.pmd].kind != PmdKind::kCoherent) {
      error_at(diag, *r.get("module"), r.path_of("module"), tr.id + " is not a coherent module");
    } else {
      spec.modes.push_back(tr.pmd);
      for (auto m : tr.alt_modes) spec.modes.push_back(m);
    }
  }
  if (auto v = r.integer("channels", false, 1, 400)) spec.channels = static_cast<int>(*v);
  if (auto v = r.quantity("spacing", false, parse_frequency)) {
    if (v->value() <= 0) error_at(diag, *r.get("spacing"), r.path_of("spacing"), "must be greater than 0 GHz");
    spec.spacing = *v;
  }
  if (const Node* n = r.get("launch_power")) {
    if (!(n->is_scalar() && n->text == "optimum"))
      if (auto v = read_quantity(*n, r.path_of("launch_power"), diag, parse_dbm)) spec.launch_power = *v;
  }
  if (auto v = r.quantity("center", false, parse_frequency)) spec.center = *v;
  if (auto v = r.quantity("required_margin", false, parse_db)) spec.required_margin = *v;
  if (auto v = r.quantity("target_capacity", false, parse_data_rate)) spec.target_capacity = *v;
  if (auto v = r.quantity("baud", false, parse_symbol_rate)) {
    if (v->value() <= 0) error_at(diag, *r.get("baud"), r.path_of("baud"), "must be greater than 0 GBd");
    spec.symbol_rate = *v;
  }
  if (auto v = r.quantity("tx_osnr", false, parse_db)) spec.tx_osnr = *v;
  const bool has_route = r.has("route"), has_spans = r.has("spans");
  if (has_route && has_spans)
    error_at(diag, r.node(), r.path(), "give the line as route (a list of elements) or as spans, not both");
  if (!has_route && !has_spans)
    error_at(diag, r.node(), r.path(), "missing the line: give route (a list of elements) or spans (count x length)");
  AmplifierModels models;
  if (const Node* n = r.get("amplifiers")) models = read_amplifier_models(*n, r.path_of("amplifiers"), diag);
  if (const Node* n = r.get("route")) {
    for_each_item(*n, r.path_of("route"), diag, [&](const Node& item, const std::string& path) {
      if (auto e = read_element(item, path, diag, models)) spec.route.push_back(*e);
    });
  }
  if (const Node* n = r.get("spans")) {
    MapReader s(*n, r.path_of("spans"), diag);
    FiberSpan span;
    Amplifier amp;
    int count = 0;
    if (auto v = s.integer("count", true, 1, 100)) count = static_cast<int>(*v);
    if (auto v = s.quantity("length", true, parse_length)) span.length = *v;
    if (auto v = s.quantity("attenuation", false, parse_attenuation)) span.attenuation = *v;
    if (auto v = s.quantity("dispersion", false, parse_dispersion)) span.dispersion = *v;
    if (auto v = s.quantity("effective_area", false, parse_area)) span.effective_area = *v;
    // Each span's amplifier: a fixed noise figure, or a model of amplifiers: (its NF follows the gain).
    if (s.has("nf") == s.has("type"))
      error_at(diag, *n, s.path(), "spans need exactly one of nf (a noise figure) or type (a model of amplifiers:)");
    if (auto v = s.quantity("nf", false, parse_db)) amp.noise_figure = *v;
    if (auto t = s.str("type", false)) amp.model = find_model(models, *t, *s.get("type"), s.path_of("type"), diag);
    std::optional<Decibel> connectors;  // per span, at its input (patch panels, connectors)
    if (auto v = s.quantity("connector_loss", false, parse_db)) {
      if (v->value() < 0) error_at(diag, *s.get("connector_loss"), s.path_of("connector_loss"), "must be 0 dB or more");
      connectors = *v;
    }
    s.finish();
    for (int i = 0; i < count; ++i) {
      if (connectors && connectors->value() > 0) spec.route.push_back(LumpedLoss{*connectors, "connectors"});
      spec.route.push_back(span);
      spec.route.push_back(amp);
    }
  }
  r.finish();
  if (spec.route.empty() && diag.size() == before) error_at(diag, r.node(), r.path(), "the route has no elements");
  if (diag.size() != before) return std::nullopt;
  return spec;
}

}  // namespace opticplan::link

// Catalog fields: the fields of each catalog kind, declared once for the reader and the writer.
//
// fields(v, entry) calls the visitor `v` once per field of a catalog entry. The CatalogBuilder
// (scenario/read_catalog.h) reads an entry by walking it with a visitor that reads each field from
// the document; entry_json (results/catalog_results.h) writes an entry by walking it with a
// visitor that writes each field to JSON. A Field states the key in catalog files, the key in
// entry JSON and whether the field is required. The visitor method called states the kind of
// value, which fixes how it is parsed and whether it is a number that needs a source (numeric):
//
//   text(f, string&)                        a string
//   identifier(f, string&)                  an id (letters, digits and . _ + / -)
//   choice(f, E&, names)                    one of an enum's names
//   choice_list(f, vector<E>&, names)       one name or a list of them
//   one_of(f, string&, names)               one of a list of names, kept as the name
//   ref(f, IdT&), refs(f, vector<IdT>&)     the id of another entry (its section from IdT), resolved
//   integer(f, int&, min, max)              numeric
//   number(f, double&, min, max)            numeric
//   quantity(f, Q&, parse, sign[, scale])   numeric: a number with its unit (Q may be optional<Q>)
//   price(f, PriceCurve&)                   numeric: prices by year
//   bom(f, vector<BomLine>&)                numeric: {component, qty} lines
//   derived(f, value)                       a value entry JSON shows and files do not hold
//   custom(f, entry, Tag{})                 read and written by hand; numeric when Tag::kNumeric
//
// The order is the reading order (diagnostics and "did you mean" lists keep it) and the order of
// entry JSON. A field's requirement may depend on fields before it (a coherent PMD needs no
// lanes): the reader fills the entry as it walks. Sources have a table for reading; the list of
// cited sources in entry JSON is written by hand (year first, empty fields left out).
// docs/catalog-format.md documents every key; CatalogFields.FormatDocMatchesTheTables holds it to
// these tables.
#pragma once

#include <concepts>
#include <string_view>
#include <type_traits>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/units.h"

namespace opticplan::catalog {

// The catalog's sections, in reading order: the key in catalog files and the singular used in
// messages ("unknown PMD \"x\"").
enum Section : size_t { kSources, kComponents, kPmds, kTransceivers, kCables, kCpo, kSwitches, kNics, kServers };
inline constexpr size_t kSectionCount = 9;
inline constexpr std::string_view kSectionKeys[kSectionCount] = {
    "sources", "components", "pmds", "transceivers", "cables", "cpo", "switches", "nics", "servers"};
inline constexpr std::string_view kSectionSingulars[kSectionCount] = {
    "source", "component", "PMD", "transceiver", "cable", "CPO engine", "switch", "NIC", "server"};

// The section a reference of each id type points into.
constexpr Section section_of(SourceId) { return kSources; }
constexpr Section section_of(ComponentId) { return kComponents; }
constexpr Section section_of(PmdId) { return kPmds; }
constexpr Section section_of(CpoId) { return kCpo; }
constexpr Section section_of(NicId) { return kNics; }

enum Need : unsigned char { kOptional, kRequired };
constexpr Need required_if(bool required) { return required ? kRequired : kOptional; }
enum Sign : unsigned char { kAnySign, kPositive };  // kPositive: a 0G PMD is a typo, not a product

// How entry JSON shows a quantity: value() times factor, rounded to `digits` decimals (-1: as is).
struct JsonScale {
  double factor = 1;
  int digits = -1;
};
inline constexpr JsonScale kAsIs{1, -1};
inline constexpr JsonScale kNanometres{1e9, 3};  // a Length (m) shown in nm

struct Field {
  constexpr Field(std::string_view file_key, std::string_view json_key, Need need_ = kOptional)
      : key(file_key), json(json_key), need(need_) {}
  // Entry JSON shows the field only when `shown` (the coherent fields of a coherent PMD).
  constexpr Field json_if(bool shown_) const {
    Field f = *this;
    f.shown = shown_;
    return f;
  }

  std::string_view key;   // in catalog files; empty for a value only entry JSON shows
  std::string_view json;  // in entry JSON; empty when entry JSON leaves the field out
  Need need = kOptional;
  bool shown = true;
};

// Fields read and written by hand. kNumeric: the field is a number (or holds numbers) that needs
// a source.
template <bool numeric>
struct Custom {
  static constexpr bool kNumeric = numeric;
};
struct PmdReach : Custom<true> {};        // one length, or by fibre grade
struct PmdLoss : Custom<true> {};         // one loss, or by fibre grade
struct PmdBreakout : Custom<true> {};     // [{pmd, count}]
struct CableFarEnd : Custom<false> {};    // defaults to form_factor
struct SwitchCage : Custom<false> {};     // optional when the switch has `cpo`
struct SwitchBreakout : Custom<true> {};  // [{speed, count}]
struct SwitchGang : Custom<true> {};      // [{speed, ports}]
struct ServerNics : Custom<true> {};      // [{nic, count, role}]
struct ServerTrays : Custom<true> {};     // must divide the GPUs and NICs evenly
struct EntrySource : Custom<false> {};    // an id, or {field: id}

// E is T or const T: the reader walks a mutable entry, the writer a const one.
template <class E, class T>
concept EntryOf = std::same_as<std::remove_const_t<E>, T>;

template <class V, class E>
requires EntryOf<E, Source>
void fields(V& v, E& s) {
  v.text({"title", "title", kRequired}, s.title);
  v.text({"publisher", "publisher"}, s.publisher);
  v.text({"url", "url"}, s.url);
  v.text({"note", "note"}, s.note);
  v.integer({"year", "year"}, s.year, 1900, 2100);
}

template <class V, class E>
requires EntryOf<E, Component>
void fields(V& v, E& c) {
  v.choice({"kind", "component_kind", kRequired}, c.kind, kComponentKindNames);
  v.quantity({"lane_rate", "lane_rate_gbps"}, c.lane_rate, parse_data_rate, kAnySign);
  v.price({"price", "price_usd"}, c.price);
  v.number({"fit", "fit"}, c.fit, 0, 1e6);
  v.number({"emitters", "emitters"}, c.emitters, 0, 64);
}

template <class V, class E>
requires EntryOf<E, Pmd>
void fields(V& v, E& p) {
  v.choice({"kind", "pmd_kind"}, p.kind, kPmdKindNames);
  const bool coherent = p.kind == PmdKind::kCoherent;  // read first: the fields below depend on it
  v.quantity({"speed", "speed_gbps", kRequired}, p.speed, parse_data_rate, kPositive);
  v.integer({"lanes", "lanes", required_if(!coherent)}, p.lanes, 1, 64);
  // A coherent mode without lane_rate runs at its speed on one lane.
  v.quantity({"lane_rate", "lane_rate_gbps", required_if(!coherent)}, p.lane_rate, parse_data_rate, kPositive);
  v.choice({"modulation", "modulation", kRequired}, p.modulation, kModulationNames);
  v.choice({"fiber", "fiber", kRequired}, p.fiber, kFiberNames);
  v.quantity({"wavelength", "wavelength_nm"}, p.wavelength, parse_length, kAnySign, kNanometres);
  v.one_of({"connector", "connector", kRequired}, p.connector, kConnectorNames);
  v.custom({"reach", "reach_m", kRequired}, p, PmdReach{});
  v.custom({"max_channel_loss", "max_channel_loss_db", required_if(!coherent)}, p, PmdLoss{});
  v.custom({"breakout", "breakout"}, p, PmdBreakout{});
  const Field symbol_rate{"symbol_rate", "symbol_rate_gbd", required_if(coherent)};
  v.quantity(symbol_rate.json_if(coherent), p.symbol_rate, parse_symbol_rate, kPositive);
  v.text(Field{"fec", "fec"}.json_if(coherent), p.fec);
  v.quantity(Field{"channel_spacing", "channel_spacing_ghz"}.json_if(coherent), p.channel_spacing, parse_frequency,
             kAnySign);
  const Field required_osnr{"required_osnr", "required_osnr_db", required_if(coherent)};
  v.quantity(required_osnr.json_if(coherent), p.required_osnr, parse_db, kAnySign);
  v.quantity(Field{"tx_osnr", "tx_osnr_db"}.json_if(coherent), p.tx_osnr, parse_db, kAnySign);
  v.quantity(Field{"cd_tolerance", "cd_tolerance_ps_nm"}.json_if(coherent), p.cd_tolerance,
             parse_accumulated_dispersion, kAnySign);
}

template <class V, class E>
requires EntryOf<E, Transceiver>
void fields(V& v, E& t) {
  v.ref({"pmd", "pmd", kRequired}, t.pmd);
  v.refs({"alt_modes", "alt_modes"}, t.alt_modes);
  v.choice({"form_factor", "form_factor", kRequired}, t.form_factor, kFormFactorNames);
  v.integer({"ports", "ports"}, t.ports, 1, 8);
  v.choice({"optics", "optics", kRequired}, t.optics, kOpticsNames);
  v.choice({"electrical", "electrical", kRequired}, t.electrical, kElectricalNames);
  v.quantity({"power", "power_w", kRequired}, t.power, parse_power, kAnySign);
  v.price({"price", "price_usd"}, t.price);
  v.bom({"bom", "bom", kRequired}, t.bom);
}

template <class V, class E>
requires EntryOf<E, Cable>
void fields(V& v, E& c) {
  v.choice({"kind", "cable_kind", kRequired}, c.kind, kCableKindNames);
  v.quantity({"speed", "speed_gbps", kRequired}, c.speed, parse_data_rate, kPositive);
  v.integer({"lanes", "lanes", kRequired}, c.lanes, 1, 64);
  v.quantity({"lane_rate", "lane_rate_gbps", kRequired}, c.lane_rate, parse_data_rate, kPositive);
  v.quantity({"reach", "reach_m", kRequired}, c.reach, parse_length, kAnySign);
  v.choice({"form_factor", "form_factor", kRequired}, c.form_factor, kFormFactorNames);
  v.custom({"far_form_factor", ""}, c, CableFarEnd{});
  v.integer({"breakout", "breakout"}, c.breakout, 1, 8);
  v.quantity({"power", "power_w", kRequired}, c.power, parse_power, kAnySign);
  v.price({"price", "price_usd"}, c.price);
  v.bom({"bom", "bom"}, c.bom);
}

template <class V, class E>
requires EntryOf<E, Cpo>
void fields(V& v, E& c) {
  v.ref({"pmd", "pmd", kRequired}, c.pmd);
  v.quantity({"power_per_port", "power_as_published_w", kRequired}, c.power_as_published, parse_power, kAnySign);
  v.quantity({"power_published_for", "power_published_for_gbps"}, c.power_published_for, parse_data_rate, kPositive);
  v.derived({"", "power_per_port_w"}, c.power_per_port.value());
  v.number({"lasers_per_port", "lasers_per_port", kRequired}, c.lasers_per_port, 0, 64);
  v.ref({"laser_component", "laser_component"}, c.laser_component);
  v.price({"price_per_port", "price_per_port_usd"}, c.price_per_port);
  v.bom({"bom", "bom"}, c.bom);
}

template <class V, class E>
requires EntryOf<E, Switch>
void fields(V& v, E& s) {
  v.choice({"protocol", "protocol", kRequired}, s.protocol, kProtocolNames);
  v.quantity({"asic_bandwidth", "asic_bandwidth_gbps", kRequired}, s.asic_bandwidth, parse_data_rate, kPositive);
  v.integer({"cages", "cages", kRequired}, s.cages, 1, 1024);
  v.custom({"cage", "cage", kRequired}, s, SwitchCage{});
  v.integer({"ports_per_cage", "ports_per_cage"}, s.ports_per_cage, 1, 8);
  v.derived({"", "ports"}, s.ports());
  v.quantity({"port_speed", "port_speed_gbps", kRequired}, s.port_speed, parse_data_rate, kPositive);
  v.custom({"breakout", "breakout"}, s, SwitchBreakout{});
  v.custom({"gang", "gang"}, s, SwitchGang{});
  v.ref({"cpo", "cpo"}, s.cpo);
  v.quantity({"power", "power_w", kRequired}, s.power, parse_power, kAnySign);
  v.price({"price", "price_usd"}, s.price);
}

template <class V, class E>
requires EntryOf<E, Nic>
void fields(V& v, E& n) {
  v.choice_list({"protocol", "protocol", kRequired}, n.protocols, kProtocolNames);
  v.quantity({"speed", "speed_gbps", kRequired}, n.speed, parse_data_rate, kPositive);
  v.integer({"ports", "ports"}, n.ports, 1, 16);
  v.choice({"cage", "cage", kRequired}, n.cage, kFormFactorNames);
  v.integer({"ports_per_cage", "ports_per_cage"}, n.ports_per_cage, 1, 8);
  v.quantity({"power", "power_w"}, n.power, parse_power, kAnySign);
  v.price({"price", "price_usd"}, n.price);
}

template <class V, class E>
requires EntryOf<E, Server>
void fields(V& v, E& s) {
  v.integer({"gpus", "gpus", kRequired}, s.gpus, 1, 1024);
  v.custom({"nics", "nics", kRequired}, s, ServerNics{});
  v.custom({"trays", ""}, s, ServerTrays{});
  v.quantity({"power", "power_w"}, s.power, parse_power, kAnySign);
  v.price({"price", "price_usd"}, s.price);
}

// Every entry of the eight entry kinds (not sources): its id and name, its kind's fields, then its
// `source:` (read last, once the entry's numeric fields are known).
template <class V, class E>
requires std::derived_from<std::remove_const_t<E>, Entry>
void entry_fields(V& v, E& e) {
  v.identifier({"id", "id", kRequired}, e.id);
  v.text({"name", "name"}, e.name);
  fields(v, e);
  v.custom({"source", "source", kRequired}, e, EntrySource{});
}

}  // namespace opticplan::catalog

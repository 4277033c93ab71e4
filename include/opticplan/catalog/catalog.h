// Catalog: the optics, cables, switches, NICs, servers and components opticplan knows.
//
// A Catalog is the validated, resolved form of the catalog files (docs/catalog-format.md): every
// entry in flat arrays, cross-references as dense ids (a Transceiver's pmd is a PmdId, never a
// string), and every number traceable to a Source through the entry's Provenance. Catalogs are
// built by the scenario loader (scenario/scenario.h) and are immutable afterwards; lookups by the
// ids users write go through find_*() at the edges only.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/core/ids.h"
#include "opticplan/core/units.h"

namespace opticplan::catalog {

using SourceId = Id<struct SourceTag>;
using ComponentId = Id<struct ComponentTag>;
using PmdId = Id<struct PmdTag>;
using TransceiverId = Id<struct TransceiverTag>;
using CableId = Id<struct CableTag>;
using CpoId = Id<struct CpoTag>;
using SwitchId = Id<struct SwitchTag>;
using NicId = Id<struct NicTag>;
using ServerId = Id<struct ServerTag>;

enum class Fiber : unsigned char { kSmf, kMmf };
enum class FiberGrade : unsigned char { kOM3, kOM4, kOM5 };
constexpr int kFiberGrades = 3;
enum class PmdKind : unsigned char { kIntensity, kCoherent };
enum class Modulation : unsigned char { kNrz, kPam4, kDpQpsk, kDp8qam, kDp16qam };
enum class FormFactor : unsigned char { kQsfp28, kQsfp56, kQsfp112, kQsfpDd, kQsfpDd800, kOsfp, kOsfpRhs, kOsfpXd };
enum class Optics : unsigned char { kEml, kSiph, kVcsel, kDml, kCoherent };
enum class Electrical : unsigned char { kDsp, kLpo, kLro };
enum class ComponentKind : unsigned char {
  kEml,
  kCwLaser,
  kVcselArray,
  kDml,
  kDsp,
  kDriverTia,
  kSipPic,
  kEls,
  kCoherentDsp
};
enum class CableKind : unsigned char { kDac, kAcc, kAec, kAoc };
enum class Protocol : unsigned char { kEthernet, kInfiniband };

// Names as written in files, for reading and printing.
extern const std::pair<std::string_view, Fiber> kFiberNames[2];
extern const std::pair<std::string_view, FiberGrade> kFiberGradeNames[3];
extern const std::pair<std::string_view, PmdKind> kPmdKindNames[2];
extern const std::pair<std::string_view, Modulation> kModulationNames[5];
extern const std::pair<std::string_view, FormFactor> kFormFactorNames[8];
extern const std::pair<std::string_view, Optics> kOpticsNames[5];
extern const std::pair<std::string_view, Electrical> kElectricalNames[3];
extern const std::pair<std::string_view, ComponentKind> kComponentKindNames[9];
extern const std::pair<std::string_view, CableKind> kCableKindNames[4];
extern const std::pair<std::string_view, Protocol> kProtocolNames[2];
extern const std::string_view kConnectorNames[12];

std::string_view name_of(Fiber v);
std::string_view name_of(FiberGrade v);
std::string_view name_of(PmdKind v);
std::string_view name_of(Modulation v);
std::string_view name_of(FormFactor v);
std::string_view name_of(Optics v);
std::string_view name_of(Electrical v);
std::string_view name_of(ComponentKind v);
std::string_view name_of(CableKind v);
std::string_view name_of(Protocol v);

struct Source {
  std::string id;
  std::string title, publisher, url, note;
  int year = 0;
  bool estimate = false;  // the built-in "estimate" source
};

// Which source backs each numeric field of an entry.
struct Provenance {
  SourceId fallback;  // `default`, or the single id
  std::vector<std::pair<std::string, SourceId>> by_field;
  SourceId of(std::string_view field) const;  // invalid when the field is not covered
};

// Prices by calendar year. A price holds from its year until the next listed year.
struct PriceCurve {
  std::vector<std::pair<int, Money>> by_year;  // ascending years
  std::optional<Money> at(int year) const;     // none before the first listed year
  bool empty() const { return by_year.empty(); }
};

struct Entry {
  std::string id;
  std::string name;
  Location where;
  Provenance source;
};

struct Component : Entry {
  ComponentKind kind = ComponentKind::kEml;
  std::optional<DataRate> lane_rate;
  PriceCurve price;
  double fit = 0;       // failures per 10^9 part-hours (0: not known, counted as none)
  double emitters = 0;  // laser emitters in the part (lasers, VCSEL arrays, external laser sources)
};

struct Breakout {
  PmdId pmd;
  int count = 0;
};

struct Pmd : Entry {
  PmdKind kind = PmdKind::kIntensity;
  DataRate speed;
  int lanes = 1;
  DataRate lane_rate;
  Modulation modulation = Modulation::kPam4;
  Fiber fiber = Fiber::kSmf;
  Length wavelength;  // nominal centre wavelength
  std::string connector;
  // Single-mode (and coherent) reach and channel loss.
  Length reach;
  Decibel max_channel_loss;
  bool has_max_channel_loss = false;
  // Multimode: by fibre grade; a zero reach means the grade is not supported.
  std::array<Length, kFiberGrades> reach_by_grade{};
  std::array<Decibel, kFiberGrades> loss_by_grade{};
  std::vector<Breakout> breakout;
  // Coherent modes.
  SymbolRate symbol_rate;
  std::string fec;
  Frequency channel_spacing;
  Decibel required_osnr;
  Decibel tx_osnr;
  std::optional<AccumulatedDispersion> cd_tolerance;  // largest |accumulated CD| the DSP compensates

  // Reach on the given fibre grade (single-mode PMDs ignore the grade).
  Length reach_on(FiberGrade grade) const;
};

struct BomLine {
  ComponentId component;
  double qty = 0;
};

struct Transceiver : Entry {
  PmdId pmd;
  std::vector<PmdId> alt_modes;
  FormFactor form_factor = FormFactor::kOsfp;
  int ports = 1;  // 2 for twin-port modules
  Optics optics = Optics::kEml;
  Electrical electrical = Electrical::kDsp;
  Power power;
  PriceCurve price;
  std::vector<BomLine> bom;
};

struct Cable : Entry {
  CableKind kind = CableKind::kDac;
  DataRate speed;
  int lanes = 1;
  DataRate lane_rate;
  Length reach;
  FormFactor form_factor = FormFactor::kOsfp;      // the near (switch) end
  FormFactor far_form_factor = FormFactor::kOsfp;  // the far ends (default: the same)
  int breakout = 1;
  Power power;
  PriceCurve price;
  std::vector<BomLine> bom;
};

struct Cpo : Entry {
  PmdId pmd;
  // Engine power as its source published it, for a port of `power_published_for` (0: this port's
  // own speed); power_per_port is that scaled to the PMD's speed (NVIDIA's 9 W is per 1.6T port,
  // so an 800G port draws 4.5 W).
  Power power_as_published;
  DataRate power_published_for;
  Power power_per_port;
  double lasers_per_port = 0;
  ComponentId laser_component;
  PriceCurve price_per_port;
  std::vector<BomLine> bom;  // per port
};

struct SpeedBreakout {
  DataRate speed;
  int count = 0;
};

struct Switch : Entry {
  Protocol protocol = Protocol::kEthernet;
  DataRate asic_bandwidth;
  int cages = 0;
  FormFactor cage = FormFactor::kOsfp;  // unused when cpo is valid
  int ports_per_cage = 1;
  DataRate port_speed;
  std::vector<SpeedBreakout> breakout;
  // Ganged port modes: `count` adjacent ports run together as one port of `speed` (a Q3400's two
  // 800G ports of a twin-port cage as one 1.6T port).
  std::vector<SpeedBreakout> gang;
  CpoId cpo;  // invalid for pluggable switches
  Power power;
  PriceCurve price;

  int ports() const { return cages * ports_per_cage; }
};

struct Nic : Entry {
  std::vector<Protocol> protocols;
  DataRate speed;
  int ports = 1;
  FormFactor cage = FormFactor::kOsfp;
  int ports_per_cage = 1;  // 2 when two NIC ports share one twin-port cage (DGX H100/B200)
  Power power;
  PriceCurve price;
};

struct ServerNic {
  NicId nic;
  int count = 0;
  std::string role;  // compute | frontend | storage | management
};

struct Server : Entry {
  int gpus = 0;
  std::vector<ServerNic> nics;
  int trays = 1;  // compute trays: the fabric's nodes (a rack-scale NVL72 system has 18, joined by NVLink copper)
  Power power;
  PriceCurve price;
};

// Thread safety: immutable once built; share it between threads freely.
class Catalog {
 public:
  IdVec<SourceTag, Source> sources;
  IdVec<ComponentTag, Component> components;
  IdVec<PmdTag, Pmd> pmds;
  IdVec<TransceiverTag, Transceiver> transceivers;
  IdVec<CableTag, Cable> cables;
  IdVec<CpoTag, Cpo> cpos;
  IdVec<SwitchTag, Switch> switches;
  IdVec<NicTag, Nic> nics;
  IdVec<ServerTag, Server> servers;

  std::optional<SourceId> find_source(std::string_view id) const;
  std::optional<ComponentId> find_component(std::string_view id) const;
  std::optional<PmdId> find_pmd(std::string_view id) const;
  std::optional<TransceiverId> find_transceiver(std::string_view id) const;
  std::optional<CableId> find_cable(std::string_view id) const;
  std::optional<CpoId> find_cpo(std::string_view id) const;
  std::optional<SwitchId> find_switch(std::string_view id) const;
  std::optional<NicId> find_nic(std::string_view id) const;
  std::optional<ServerId> find_server(std::string_view id) const;

  size_t entry_count() const {
    return components.size() + pmds.size() + transceivers.size() + cables.size() + cpos.size() + switches.size() +
           nics.size() + servers.size();
  }
};

}  // namespace opticplan::catalog

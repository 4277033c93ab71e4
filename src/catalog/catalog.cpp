#include "opticplan/catalog/catalog.h"

namespace opticplan::catalog {

const std::pair<std::string_view, Fiber> kFiberNames[2] = {{"smf", Fiber::kSmf}, {"mmf", Fiber::kMmf}};
const std::pair<std::string_view, FiberGrade> kFiberGradeNames[3] = {
    {"OM3", FiberGrade::kOM3}, {"OM4", FiberGrade::kOM4}, {"OM5", FiberGrade::kOM5}};
const std::pair<std::string_view, PmdKind> kPmdKindNames[2] = {{"intensity", PmdKind::kIntensity},
                                                               {"coherent", PmdKind::kCoherent}};
const std::pair<std::string_view, Modulation> kModulationNames[5] = {{"NRZ", Modulation::kNrz},
                                                                     {"PAM4", Modulation::kPam4},
                                                                     {"DP-QPSK", Modulation::kDpQpsk},
                                                                     {"DP-8QAM", Modulation::kDp8qam},
                                                                     {"DP-16QAM", Modulation::kDp16qam}};
const std::pair<std::string_view, FormFactor> kFormFactorNames[8] = {
    {"QSFP28", FormFactor::kQsfp28},    {"QSFP56", FormFactor::kQsfp56},        {"QSFP112", FormFactor::kQsfp112},
    {"QSFP-DD", FormFactor::kQsfpDd},   {"QSFP-DD800", FormFactor::kQsfpDd800}, {"OSFP", FormFactor::kOsfp},
    {"OSFP-RHS", FormFactor::kOsfpRhs}, {"OSFP-XD", FormFactor::kOsfpXd}};
const std::pair<std::string_view, Optics> kOpticsNames[5] = {{"eml", Optics::kEml},
                                                             {"siph", Optics::kSiph},
                                                             {"vcsel", Optics::kVcsel},
                                                             {"dml", Optics::kDml},
                                                             {"coherent", Optics::kCoherent}};
const std::pair<std::string_view, Electrical> kElectricalNames[3] = {
    {"dsp", Electrical::kDsp}, {"lpo", Electrical::kLpo}, {"lro", Electrical::kLro}};
const std::pair<std::string_view, ComponentKind> kComponentKindNames[9] = {
    {"eml", ComponentKind::kEml},
    {"cw_laser", ComponentKind::kCwLaser},
    {"vcsel_array", ComponentKind::kVcselArray},
    {"dml", ComponentKind::kDml},
    {"dsp", ComponentKind::kDsp},
    {"driver_tia", ComponentKind::kDriverTia},
    {"sip_pic", ComponentKind::kSipPic},
    {"els", ComponentKind::kEls},
    {"coherent_dsp", ComponentKind::kCoherentDsp}};
const std::pair<std::string_view, CableKind> kCableKindNames[4] = {
    {"dac", CableKind::kDac}, {"acc", CableKind::kAcc}, {"aec", CableKind::kAec}, {"aoc", CableKind::kAoc}};
const std::pair<std::string_view, Protocol> kProtocolNames[2] = {{"ethernet", Protocol::kEthernet},
                                                                 {"infiniband", Protocol::kInfiniband}};
const std::string_view kConnectorNames[12] = {"MPO-12 APC", "MPO-12 UPC", "MPO-16 APC",    "MPO-16 UPC",
                                              "MPO-24 APC", "MPO-24 UPC", "2x MPO-12 APC", "2x MPO-16 APC",
                                              "LC UPC",     "LC APC",     "2x LC UPC",     "CS UPC"};

namespace {
template <class E, size_t N>
std::string_view lookup(const std::pair<std::string_view, E> (&names)[N], E v) {
  for (const auto& [name, value] : names)
    if (value == v) return name;
  return "?";
}

}  // namespace

std::string_view name_of(Fiber v) { return lookup(kFiberNames, v); }
std::string_view name_of(FiberGrade v) { return lookup(kFiberGradeNames, v); }
std::string_view name_of(PmdKind v) { return lookup(kPmdKindNames, v); }
std::string_view name_of(Modulation v) { return lookup(kModulationNames, v); }
std::string_view name_of(FormFactor v) { return lookup(kFormFactorNames, v); }
std::string_view name_of(Optics v) { return lookup(kOpticsNames, v); }
std::string_view name_of(Electrical v) { return lookup(kElectricalNames, v); }
std::string_view name_of(ComponentKind v) { return lookup(kComponentKindNames, v); }
std::string_view name_of(CableKind v) { return lookup(kCableKindNames, v); }
std::string_view name_of(Protocol v) { return lookup(kProtocolNames, v); }

SourceId Provenance::of(std::string_view field) const {
  for (const auto& [name, id] : by_field)
    if (name == field) return id;
  return fallback;
}

std::optional<Money> PriceCurve::at(int year) const {
  std::optional<Money> found;
  for (const auto& [y, price] : by_year) {
    if (y > year) break;
    found = price;
  }
  return found;
}

Length Pmd::reach_on(FiberGrade grade) const {
  return fiber == Fiber::kMmf ? reach_by_grade[static_cast<size_t>(grade)] : reach;
}

#define OPTICPLAN_FIND(Name, Type, member)                              \
  std::optional<Type> Catalog::find_##Name(std::string_view id) const { \
    for (uint32_t i = 0; i < (member).size(); ++i)                      \
      if ((member).raw()[i].id == id) return Type(i);                   \
    return std::nullopt;                                                \
  }
OPTICPLAN_FIND(source, SourceId, sources)
OPTICPLAN_FIND(component, ComponentId, components)
OPTICPLAN_FIND(pmd, PmdId, pmds)
OPTICPLAN_FIND(transceiver, TransceiverId, transceivers)
OPTICPLAN_FIND(cable, CableId, cables)
OPTICPLAN_FIND(cpo, CpoId, cpos)
OPTICPLAN_FIND(switch, SwitchId, switches)
OPTICPLAN_FIND(nic, NicId, nics)
OPTICPLAN_FIND(server, ServerId, servers)
#undef OPTICPLAN_FIND

}  // namespace opticplan::catalog

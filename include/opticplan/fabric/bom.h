// Fabric bill of materials: which modules each tier uses, how many, and what they cost and draw.
//
// For every tier (nic-leaf, leaf-spine, spine-core) choose_media() picks the PMD family and the
// modules at both ends that carry the tier's links over its cabling channel (link/budget.h decides
// whether a family reaches), under a policy: lowest cost or lowest power per link, with the same
// implementation allow/deny list as `opticplan select`. A module must fit its end's cage and carry
// that cage's ports (twin-port cages take twin-port modules); a leaf port split over several NIC
// links takes a module whose PMD breaks out into the NIC side's. Counting follows the vendors'
// bills: one module per used cage (every cage of a leaf that serves its whole SU), one fibre per
// link. A co-packaged (CPO) switch end takes no pluggable: its ports are its own engines (power,
// price and lasers per port from the catalog's cpo entry), and the link's PMD must be theirs (or
// what theirs breaks out into). A cable (DAC, ACC, AEC or AOC) competes when the tier's design length
// is within its reach and it fits the upper cage and, at its far ends, the lower cages: one assembly
// per upper cage, no modules. A NIC port split over planes takes a module with a port per plane
// (twin-port) or one whose PMD breaks out into the planes' links.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/core/result.h"
#include "opticplan/fabric/topology.h"
#include "opticplan/link/budget.h"

namespace opticplan::fabric {

enum class Policy : unsigned char { kCost, kPower };

struct MediaOptions {
  Policy policy = Policy::kCost;
  std::vector<std::string> deny = {"lpo", "lro"};  // as catalog::Requirement::deny
  link::Channel nic_leaf, leaf_spine, spine_core;  // cabling per tier
  bool length_given[3] = {false, false, false};    // else the tier's longest link in the layout
  int year = 2026;
  MediaOptions();
};

struct TierMedia {
  std::string tier;             // "nic-leaf", "leaf-spine", "spine-core"
  catalog::PmdId pmd;           // the link PMD (the NIC side's for split leaf ports)
  catalog::TransceiverId a, b;  // lower end (NIC or lower switch), upper end; invalid at a CPO end
  catalog::CpoId a_cpo, b_cpo;  // valid at an end whose switch is co-packaged
  catalog::CableId cable;       // valid: a copper or active optical cable carries the tier
  int links_per_cable = 1;
  // Counted three ways: logical links (at the link rate, as the topology and the lengths count them),
  // cable assemblies (a breakout cable, one module port into several links, is one), module ends.
  int64_t links = 0, cables = 0, a_modules = 0, b_modules = 0;
  link::Budget budget;
};

struct Bom {
  std::vector<TierMedia> tiers;
  std::map<std::string, int64_t> transceivers;  // pluggables, by catalog id
  std::map<std::string, int64_t> cpo_ports;     // co-packaged engine ports used, by catalog id
  std::map<std::string, int64_t> cables;        // copper and active optical cable assemblies
  int64_t copper_links = 0;
  std::map<std::string, double> components;    // lasers, DSPs, ... by catalog id
  int64_t modules = 0, links = 0, fibres = 0;  // fibres: fibre cable assemblies (AOCs among them)
  Power optics_power, switch_power;
  Money optics_cost, switch_cost;
  double optics_per_gpu = 0;
};

// One end of a tier: the cage and ports a module must fit, or a co-packaged switch.
struct TierEnd {
  catalog::FormFactor cage = catalog::FormFactor::kOsfp;
  int ports_per_cage = 1;
  std::string name;
  catalog::CpoId cpo;  // valid: the end is a co-packaged switch, its optics are its own engines
  int planes = 1;      // a NIC port split over this many planes: a link per plane per port
};
inline TierEnd end_of(const catalog::Switch& s) { return TierEnd{s.cage, s.ports_per_cage, s.id, s.cpo}; }

// The medium of one tier (PMD and both ends' modules) under the policy; `split` links of the lower
// end share one upper port. An error lists why each PMD failed.
Result<TierMedia> choose_media(const catalog::Catalog& cat, const std::string& tier, DataRate link_speed, int split,
                               const TierEnd& lower, const TierEnd& upper, const link::Channel& ch,
                               const MediaOptions& o);

// Adds the tiers' modules, cables and CPO ports (counts already set) into the totals: per catalog
// id, modules, fibres, power, cost and the components inside. Cable tiers carry no modules. Sets
// each tier's cable assemblies: a copper or optical cable tier's are its assemblies; a fibre
// tier's, its links over the most links one module port carries at either end (a breakout).
void roll_up(const catalog::Catalog& cat, Bom& bom, int year);

// Why media cannot be chosen for this design yet, or empty.
std::string bom_unsupported(const catalog::Catalog& cat, const ClusterSpec& spec, const Topology& topo);

Result<Bom> build_bom(const catalog::Catalog& cat, const ClusterSpec& spec, const Topology& topo,
                      const MediaOptions& options);

}  // namespace opticplan::fabric

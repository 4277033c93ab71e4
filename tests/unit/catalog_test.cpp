#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "opticplan/scenario/read_catalog.h"
#include "opticplan/catalog/lint.h"
#include "opticplan/scenario/scenario.h"

using namespace opticplan;
using namespace opticplan::catalog;

namespace {

// Builds a catalog from several in-memory files, in order.
Catalog build(const std::vector<std::string>& texts, Diagnostics& d) {
  static std::vector<Node> keep;  // nodes must outlive build()
  keep.clear();
  keep.reserve(texts.size());
  CatalogBuilder b;
  for (size_t i = 0; i < texts.size(); ++i) keep.push_back(parse_document(texts[i], "f" + std::to_string(i) + ".yaml", d));
  for (const auto& root : keep)
    for (const auto& m : root.members) b.collect(m.key, m.value, m.key, d);
  return b.build(d);
}

const char* kBase = R"(
sources:
  ieee: {title: "IEEE 802.3", year: 2024}
components:
  - {id: eml-100g, kind: eml, lane_rate: 100G, price: {2025: $6}, source: estimate}
pmds:
  - id: 800GBASE-DR8
    speed: 800G
    lanes: 8
    lane_rate: 100G
    modulation: PAM4
    fiber: smf
    wavelength: 1310 nm
    reach: 500 m
    max_channel_loss: 3 dB
    connector: MPO-16 APC
    source: ieee
transceivers:
  - id: t1
    pmd: 800GBASE-DR8
    form_factor: OSFP
    optics: eml
    electrical: dsp
    power: 16 W
    price: {2025: $550, 2026: $390}
    bom: [{component: eml-100g, qty: 8}]
    source: {default: ieee, power: estimate, price: estimate, bom: estimate}
)";

}  // namespace

TEST(Catalog, ReadsAndResolves) {
  Diagnostics d;
  Catalog c = build({kBase}, d);
  ASSERT_TRUE(d.ok()) << d.str();
  ASSERT_EQ(c.transceivers.size(), 1u);
  const Transceiver& t = c.transceivers.raw()[0];
  EXPECT_EQ(c.pmds[t.pmd].id, "800GBASE-DR8");
  EXPECT_DOUBLE_EQ(t.price.at(2026)->value(), 390);
  EXPECT_DOUBLE_EQ(t.price.at(2030)->value(), 390);  // holds until the next listed year
  EXPECT_FALSE(t.price.at(2024));
  EXPECT_EQ(c.sources[t.source.of("power")].id, "estimate");
  EXPECT_EQ(c.sources[t.source.of("reach")].id, "ieee");
  Diagnostics lint;
  lint_catalog(c, lint);
  EXPECT_TRUE(lint.ok()) << lint.str();
}

TEST(Catalog, LaterFileOverridesById) {
  Diagnostics d;
  Catalog c = build({kBase, R"(
transceivers:
  - {id: t1, pmd: 800GBASE-DR8, form_factor: OSFP, optics: siph, electrical: dsp, power: 12 W,
     price: {2026: $300}, bom: [], source: estimate}
)"},
                    d);
  ASSERT_TRUE(d.ok()) << d.str();
  ASSERT_EQ(c.transceivers.size(), 1u);
  EXPECT_EQ(c.transceivers.raw()[0].optics, Optics::kSiph);
  EXPECT_DOUBLE_EQ(c.transceivers.raw()[0].power.value(), 12);
}

TEST(Catalog, ReportsEveryProblemWithLocation) {
  Diagnostics d;
  build({R"(
sources:
  s1: {title: x}
pmds:
  - id: P
    speed: 800
    lanes: 8
    lane_rate: 100G
    modulation: PAM5
    fiber: smf
    reach: 500 m
    max_channel_loss: 3 dB
    connector: MPO-16 APC
    source: s2
transceivers:
  - id: t
    pmd: Q
    form_factor: OSFP
    optics: eml
    electrical: dsp
    pwoer: 16 W
    bom: []
    source: {default: s1, price: s1}
  - id: t
    pmd: P
)"},
        d);
  const std::string all = d.str();
  EXPECT_NE(all.find("f0.yaml:6:12: error: pmds[0].speed: \"800\" has no unit"), std::string::npos) << all;
  EXPECT_NE(all.find("pmds[0].modulation: expected one of NRZ, PAM4"), std::string::npos) << all;
  EXPECT_NE(all.find("pmds[0].source: unknown source \"s2\" (did you mean \"s1\"?)"), std::string::npos) << all;
  EXPECT_NE(all.find("transceivers[0].pmd: unknown PMD \"Q\" (did you mean \"P\"?)"), std::string::npos) << all;
  EXPECT_NE(all.find("transceivers[0].pwoer: unknown field \"pwoer\" (did you mean \"power\"?)"), std::string::npos) << all;
  // The misspelt "pwoer" explains the missing power: reported once, as unknown.
  EXPECT_EQ(all.find("transceivers[0].power: missing required field"), std::string::npos) << all;
  EXPECT_NE(all.find("transceivers[0].source.price: names no numeric field"), std::string::npos) << all;
  EXPECT_NE(all.find("transceivers[1]: duplicate transceiver id \"t\""), std::string::npos) << all;
}

TEST(Catalog, EveryNumberNeedsASource) {
  Diagnostics d;
  build({R"(
sources:
  s1: {title: x}
components:
  - {id: c, kind: dsp, price: {2026: $90}, source: {lane_rate: s1}}
)"},
        d);
  EXPECT_NE(d.str().find("components[0].price: has no source"), std::string::npos) << d.str();
}

namespace {

// The entries of each catalog section in the shipped files, counted by reading every file of
// data/catalog as a plain document (not through CatalogBuilder).
std::map<std::string, size_t> shipped_section_sizes() {
  std::map<std::string, size_t> n;
  for (const auto& f : std::filesystem::directory_iterator(data_dir() + "/catalog")) {
    if (f.path().extension() != ".yaml") continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    Diagnostics d;
    const Node root = parse_document(text.str(), f.path().filename().string(), d);
    EXPECT_TRUE(d.ok()) << d.str();
    for (const auto& m : root.members)
      if (CatalogBuilder::is_section(m.key)) n[m.key] += m.value.is_mapping() ? m.value.members.size() : m.value.items.size();
  }
  return n;
}

}  // namespace

// The shipped catalog loads and lints clean, and every entry written in data/catalog is in it,
// kind by kind: a file that catalog.yaml does not include, an entry the builder drops, or two
// entries sharing an id (the later one silently replacing the earlier) makes a count differ.
TEST(Catalog, ShippedCatalogIsValid) {
  Diagnostics d;
  Scenario sc = load_scenario("", LoadOptions{true, {}}, d);
  ASSERT_TRUE(d.ok()) << d.str();
  lint_catalog(sc.catalog, d);
  ASSERT_TRUE(d.ok()) << d.str();
  const Catalog& c = sc.catalog;
  const std::map<std::string, size_t> files = shipped_section_sizes();
  const std::map<std::string, size_t> loaded = {
      {"sources", c.sources.size() - 1},  // less the built-in "estimate"
      {"components", c.components.size()}, {"pmds", c.pmds.size()},         {"transceivers", c.transceivers.size()},
      {"cables", c.cables.size()},         {"cpo", c.cpos.size()},           {"switches", c.switches.size()},
      {"nics", c.nics.size()},             {"servers", c.servers.size()}};
  EXPECT_EQ(loaded, files);
  for (const auto& [kind, n] : files) EXPECT_GT(n, 0u) << kind;  // every kind is shipped
  ASSERT_TRUE(c.find_source("estimate"));
  EXPECT_TRUE(c.sources[*c.find_source("estimate")].estimate);
  for (const char* id : {"dgx-h100", "dgx-b200", "dgx-b300"}) EXPECT_TRUE(c.find_server(id)) << id;
  for (const char* id : {"qm9700", "q3400", "sn5600"}) EXPECT_TRUE(c.find_switch(id)) << id;
}

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "opticplan/catalog/lint.h"
#include "opticplan/scenario/catalog_fields.h"
#include "opticplan/scenario/read_catalog.h"
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
  for (size_t i = 0; i < texts.size(); ++i)
    keep.push_back(parse_document(texts[i], "f" + std::to_string(i) + ".yaml", d));
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
  EXPECT_NE(all.find("transceivers[0].pwoer: unknown field \"pwoer\" (did you mean \"power\"?)"), std::string::npos)
      << all;
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
      if (CatalogBuilder::is_section(m.key))
        n[m.key] += m.value.is_mapping() ? m.value.members.size() : m.value.items.size();
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
  const std::map<std::string, size_t> loaded = {{"sources", c.sources.size() - 1},  // less the built-in "estimate"
                                                {"components", c.components.size()},
                                                {"pmds", c.pmds.size()},
                                                {"transceivers", c.transceivers.size()},
                                                {"cables", c.cables.size()},
                                                {"cpo", c.cpos.size()},
                                                {"switches", c.switches.size()},
                                                {"nics", c.nics.size()},
                                                {"servers", c.servers.size()}};
  EXPECT_EQ(loaded, files);
  for (const auto& [kind, n] : files) EXPECT_GT(n, 0u) << kind;  // every kind is shipped
  ASSERT_TRUE(c.find_source("estimate"));
  EXPECT_TRUE(c.sources[*c.find_source("estimate")].estimate);
  for (const char* id : {"dgx-h100", "dgx-b200", "dgx-b300"}) EXPECT_TRUE(c.find_server(id)) << id;
  for (const char* id : {"qm9700", "q3400", "sn5600"}) EXPECT_TRUE(c.find_switch(id)) << id;
}

namespace {

// Lists the keys a field table declares (catalog_fields.h), in table order.
struct KeyLister {
  std::vector<std::string> keys, json_keys;
  void add(const Field& f) {
    if (!f.key.empty()) keys.emplace_back(f.key);
    if (!f.json.empty()) json_keys.emplace_back(f.json);
  }
  // clang-format off
  template <class... A> void text(const Field& f, const A&...) { add(f); }
  template <class... A> void identifier(const Field& f, const A&...) { add(f); }
  template <class... A> void choice(const Field& f, const A&...) { add(f); }
  template <class... A> void choice_list(const Field& f, const A&...) { add(f); }
  template <class... A> void one_of(const Field& f, const A&...) { add(f); }
  template <class... A> void ref(const Field& f, const A&...) { add(f); }
  template <class... A> void refs(const Field& f, const A&...) { add(f); }
  template <class... A> void integer(const Field& f, const A&...) { add(f); }
  template <class... A> void number(const Field& f, const A&...) { add(f); }
  template <class... A> void quantity(const Field& f, const A&...) { add(f); }
  template <class... A> void price(const Field& f, const A&...) { add(f); }
  template <class... A> void bom(const Field& f, const A&...) { add(f); }
  template <class... A> void derived(const Field& f, const A&...) { add(f); }
  template <class... A> void custom(const Field& f, const A&...) { add(f); }
  // clang-format on
};

template <class E>
std::vector<std::string> table_keys() {
  KeyLister v;
  E e;
  fields(v, e);
  return v.keys;
}

// Each section's keys as declared by its table; "" holds the keys every entry has (id, name, source).
std::map<std::string, std::vector<std::string>> declared_keys() {
  std::map<std::string, std::vector<std::string>> k;
  k["sources"] = table_keys<Source>();
  k["components"] = table_keys<Component>();
  k["pmds"] = table_keys<Pmd>();
  k["transceivers"] = table_keys<Transceiver>();
  k["cables"] = table_keys<Cable>();
  k["cpo"] = table_keys<Cpo>();
  k["switches"] = table_keys<Switch>();
  k["nics"] = table_keys<Nic>();
  k["servers"] = table_keys<Server>();
  KeyLister all;
  Transceiver t;
  entry_fields(all, t);
  const auto own = table_keys<Transceiver>();
  for (const auto& key : all.keys)
    if (std::find(own.begin(), own.end(), key) == own.end()) k[""].push_back(key);
  return k;
}

// The keys docs/catalog-format.md names, by section: `key:` at the start of a line in a code block
// (after `- ` or indentation), or in backticks in prose. A section is the one a `## ` heading
// names first, until a code line at column 0 names another (`nics:`); headings naming none
// (Units) are skipped. Keys inside flow mappings ({pmd: x, count: 2}) are the nested records'
// and are not read.
std::map<std::string, std::set<std::string>> documented_keys(const std::string& path, std::set<std::string>& anywhere) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  const std::regex code_key(R"(^\s+(?:- )?([a-z_]+):)"), top_key(R"(^([a-z_]+):)"), prose_key(R"(`([a-z_]+):)");
  std::map<std::string, std::set<std::string>> out;
  std::string section, line;
  bool code = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      code = !code;
      continue;
    }
    if (!code && line.rfind("## ", 0) == 0) {
      section.clear();
      std::regex word("[a-z]+");
      std::string lower = line;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (auto it = std::sregex_iterator(lower.begin(), lower.end(), word); it != std::sregex_iterator(); ++it)
        if (CatalogBuilder::is_section(it->str())) {
          section = it->str();
          break;
        }
      continue;
    }
    std::vector<std::string> keys;
    if (code && std::regex_search(line, m, top_key) && CatalogBuilder::is_section(m[1].str())) {
      section = m[1].str();
    } else if (code && (std::regex_search(line, m, code_key) || std::regex_search(line, m, top_key))) {
      keys.push_back(m[1].str());
    } else if (!code) {
      for (auto it = std::sregex_iterator(line.begin(), line.end(), prose_key); it != std::sregex_iterator(); ++it)
        keys.push_back((*it)[1].str());
    }
    for (const auto& key : keys) {
      anywhere.insert(key);
      if (!section.empty()) out[section].insert(key);
    }
  }
  return out;
}

}  // namespace

// docs/catalog-format.md documents every key of every field table, each in its kind's section, and
// names no key that the section's table (or every entry) does not have.
TEST(CatalogFields, FormatDocMatchesTheTables) {
  const auto declared = declared_keys();
  std::set<std::string> anywhere;
  const auto documented = documented_keys(data_dir() + "/../docs/catalog-format.md", anywhere);
  const auto& common = declared.at("");
  EXPECT_EQ(common, (std::vector<std::string>{"id", "name", "source"}));
  for (const auto& key : common) EXPECT_TRUE(anywhere.count(key)) << "the doc never names `" << key << ":`";
  for (const auto& [section, keys] : declared) {
    if (section.empty()) continue;
    const auto doc = documented.find(section);
    ASSERT_NE(doc, documented.end()) << "no section documents " << section;
    for (const auto& key : keys)
      EXPECT_TRUE(doc->second.count(key)) << section << ": `" << key << ":` is not documented";
  }
  for (const auto& [section, keys] : documented) {
    const auto& own = declared.at(section);
    for (const auto& key : keys) {
      const bool known = std::find(own.begin(), own.end(), key) != own.end() ||
                         std::find(common.begin(), common.end(), key) != common.end();
      EXPECT_TRUE(known) << section << ": the doc names `" << key << ":`, which no field of the table has";
    }
  }
}

namespace {

template <class E>
void expect_unique_keys(const char* kind) {
  KeyLister v;
  E e;
  if constexpr (std::is_base_of_v<Entry, E>)
    entry_fields(v, e);
  else
    fields(v, e);
  for (const auto* keys : {&v.keys, &v.json_keys}) {
    std::set<std::string> seen;
    for (const auto& key : *keys) EXPECT_TRUE(seen.insert(key).second) << kind << ": `" << key << "` twice";
  }
}

}  // namespace

// A table names each key once, in files and in entry JSON.
TEST(CatalogFields, KeysAreUnique) {
  expect_unique_keys<Source>("sources");
  expect_unique_keys<Component>("components");
  expect_unique_keys<Pmd>("pmds");
  expect_unique_keys<Transceiver>("transceivers");
  expect_unique_keys<Cable>("cables");
  expect_unique_keys<Cpo>("cpo");
  expect_unique_keys<Switch>("switches");
  expect_unique_keys<Nic>("nics");
  expect_unique_keys<Server>("servers");
}

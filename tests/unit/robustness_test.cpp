// Mutated and truncated versions of the shipped files must never crash the loader: each either
// loads or yields located diagnostics. Deterministic (fixed seed), run under ASan+UBSan in CI.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "opticplan/catalog/lint.h"
#include "opticplan/scenario/read_catalog.h"
#include "opticplan/scenario/scenario.h"
#include "opticplan/select/select.h"

using namespace opticplan;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses and builds one document the way the scenario loader does.
void load_text(const std::string& text, const std::string& name) {
  Diagnostics d;
  Node root = parse_document(text, name, d);
  catalog::CatalogBuilder b;
  if (root.is_mapping())
    for (const auto& m : root.members)
      if (catalog::CatalogBuilder::is_section(m.key)) b.collect(m.key, m.value, m.key, d);
  catalog::Catalog c = b.build(d);
  for (const auto& diag : d.items()) ASSERT_FALSE(diag.where.file.empty()) << diag.str();
  if (d.ok()) {
    catalog::lint_catalog(c, d);
    catalog::Requirement req;
    req.speed = gbps(800);
    req.channel.length = meters(100);
    (void)catalog::select(c, req);
  }
}

}  // namespace

TEST(Robustness, MutatedShippedFilesNeverCrash) {
  std::mt19937 rng(20261123);
  const char alphabet[] = "{}[]:,-#&*!|>'\"\n \t0123456789abcXYZ.%@`~\\";
  int runs = 0;
  for (const auto& entry : fs::directory_iterator(data_dir() + "/catalog")) {
    const std::string text = slurp(entry.path());
    ASSERT_FALSE(text.empty());
    for (int i = 0; i < 40; ++i) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const size_t pos = rng() % m.size();
        switch (rng() % 4) {
          case 0: m[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
          case 1: m.erase(pos, 1 + rng() % 20); break;
          case 2: m.insert(pos, std::string(1 + rng() % 3, alphabet[rng() % (sizeof alphabet - 1)])); break;
          case 3: m.resize(pos); break;
        }
        if (m.empty()) m = "x";
      }
      load_text(m, entry.path().filename().string());
      ++runs;
    }
  }
  EXPECT_GT(runs, 100);
}

namespace {

// What the scenario loader (as `opticplan validate --no-shipped-catalog` runs it) says about a
// hostile text: it must refuse it, and every problem must name the file and a line of it. The
// catalog builder's own path (load_text) must not crash on it either.
Diagnostics refused(const std::string& text, const std::string& name) {
  load_text(text, name);
  Diagnostics d;
  (void)load_scenario_text(text, name, LoadOptions{}, d);
  EXPECT_FALSE(d.ok()) << name << " was accepted";
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& e : d.items()) {
    EXPECT_EQ(e.where.file, name) << e.str();
    EXPECT_GE(e.where.line, 1) << e.str();
    EXPECT_LE(e.where.line, lines) << e.str();
    EXPECT_GE(e.where.column, 1) << e.str();
  }
  return d;
}

// A complete, valid PMD entry with one field replaced by a hostile value.
std::string pmd_with(const std::string& field, const std::string& value) {
  std::string pmd =
      "pmds: [{id: P, speed: 800G, lanes: 8, lane_rate: 100G, modulation: PAM4, fiber: smf, "
      "wavelength: 1310 nm, reach: 500 m, max_channel_loss: 3 dB, connector: MPO-16 APC, source: estimate}]";
  const size_t at = pmd.find(field + ": ") + field.size() + 2;
  return pmd.replace(at, pmd.find(',', at) - at, value);
}

}  // namespace

// Each hostile input is refused with the located error it deserves, not accepted silently.
TEST(Robustness, HostileShapes) {
  {
    Diagnostics d;  // the PMD the number cases below spoil loads as it is
    (void)load_scenario_text(pmd_with("speed", "800G"), "valid.yaml", LoadOptions{}, d);
    ASSERT_TRUE(d.ok()) << d.str();
  }
  // Nesting beyond 256 levels: one error, found before any parser runs, not a stack overflow.
  for (const char bracket : {'[', '{'}) {
    const Diagnostics d = refused(std::string(5000, bracket), "deep.yaml");
    ASSERT_EQ(d.size(), 1u) << d.str();
    EXPECT_EQ(d.items().front().message, "nesting is too deep (more than 256 levels of [ ] or { })");
  }
  // 3,000 lines of "- " indented 0 to 59 spaces: valid YAML, nested lists 60 deep, but a list.
  std::string nested;
  for (int i = 0; i < 3000; ++i) nested += std::string(static_cast<size_t>(i % 60), ' ') + "- \n";
  EXPECT_EQ(refused(nested, "indent.yaml").str(),
            "indent.yaml:1:1: error: expected a mapping (key: value), got a list\n");
  // A 200,000-character scalar where a transceiver entry belongs: refused, the value shortened.
  EXPECT_EQ(refused("transceivers: [" + std::string(200000, 'a') + "]", "long.yaml").str(),
            "long.yaml:1:16: error: transceivers[0]: expected a transceiver entry (a mapping with an id), got \""
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"\n");
  // A byte-order mark, then bytes that are not UTF-8 (and a NUL).
  EXPECT_EQ(refused(std::string("\xEF\xBB\xBF\xFF\xFE\x00 binary", 13), "bin.yaml").str(),
            "bin.yaml:1:4: error: invalid UTF-8: scenario files are UTF-8 text\n");
  // Numbers that overflow: a data rate of 1e999 (infinite as a double) and a lane count beyond
  // 64-bit integers are refused at their value, and nothing else in the entry is.
  EXPECT_EQ(
      refused(pmd_with("speed", "1e999G"), "huge.yaml").str(),
      "huge.yaml:1:23: error: pmds[0].speed: \"1e999G\" is out of range; expected a data rate such as \"800G\" or "
      "\"1.6T\"\n");
  EXPECT_EQ(
      refused(pmd_with("lanes", "99999999999999999999999"), "huge.yaml").str(),
      "huge.yaml:1:36: error: pmds[0].lanes: expected a whole number from 1 to 64, got \"99999999999999999999999\"\n");
  // A source published in year -5.
  EXPECT_EQ(refused("sources: {a: {title: t, year: -5}}", "neg.yaml").str(),
            "neg.yaml:1:31: error: sources.a.year: expected a whole number from 1900 to 2100, got \"-5\"\n");
}

// The same for whole scenarios through the full loader and the engines: supply plans, clusters and
// their fabrics, links. A mutated file either loads and runs, or yields located diagnostics.
#include "opticplan/fabric/fabric.h"
#include "opticplan/supply/planner.h"

TEST(Robustness, MutatedScenariosNeverCrashTheEngines) {
  std::mt19937 rng(1123);
  const char alphabet[] = "{}[]:,-#\n 0123456789abcW.-";
  std::vector<fs::path> files = {fs::path(data_dir()) / "scenarios" / "default.yaml"};
  for (const char* dir : {"plan", "fabric"})
    for (const auto& c : fs::directory_iterator(fs::path(OPTICPLAN_CASES_DIR) / dir))
      for (const auto& f : fs::directory_iterator(c.path()))
        if (f.path().extension() == ".yaml") files.push_back(f.path());
  const fs::path tmp = fs::temp_directory_path() / "opticplan-robustness.yaml";
  int runs = 0, loaded = 0;
  for (const auto& file : files) {
    const std::string text = slurp(file);
    for (int i = 0; i < 12; ++i) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits && !m.empty(); ++e) {
        const size_t pos = rng() % m.size();
        switch (rng() % 3) {
          case 0: m[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
          case 1: m.erase(pos, 1 + rng() % 8); break;
          case 2: m.insert(pos, std::string(1, alphabet[rng() % (sizeof alphabet - 1)])); break;
        }
      }
      {
        std::ofstream out(tmp, std::ios::binary);
        out << m;
      }
      Diagnostics d;
      Scenario sc = load_scenario(tmp.string(), {true, {}}, d);
      for (const auto& diag : d.items()) ASSERT_FALSE(diag.where.file.empty()) << diag.str();
      ++runs;
      if (!d.ok()) continue;
      ++loaded;
      if (sc.supply) (void)supply::plan_heuristic(*sc.supply);
      for (const auto& c : sc.clusters) (void)fabric::build_fabric(sc.catalog, c);
    }
  }
  fs::remove(tmp);
  EXPECT_GT(runs, 200);
  EXPECT_GT(loaded, 0);  // some mutations keep the file valid, so the engines run too
}
